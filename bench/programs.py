#!/usr/bin/env python
"""Benchmark of issue 7 (programme monitoring), on PostgreSQL under the production server.

    python bench/programs.py [--duration 20] [--concurrency 20] [--pace 0] [--source HEAD] [--prepare-only]
    python bench/programs.py --in-process-submit 300    # the submission's CPU, no server

Needs the national data (bench/run.py's `prepare`: regions, the national generator, which includes
simpul.demo.gen_programs: 2,000 beneficiary libraries, 1,000,000 activities, ~25,000,000
participants over 2018-2023). Then, once, for the submission target: the generated programme is
extended to 2025 and 60 of its libraries become beneficiaries in 2024-2025, managed by the bench
user (1,440 empty months to report). Measures, with N concurrent clients:
- every dashboard view: national, a province, a regency/city, one library, by year and by month,
  the CSV export of a drill-down and the indicators API - floor: p95 < 150 ms;
- a monthly report submission (POST /api/v1/programs/{id}/reports: draft, figures, three activities,
  an item and the submit, in one call; each call a new month) - floor: p95 < 200 ms;
- all activity rows of one province exported to XLSX by the background job, in-process - floor: < 20 s.

A quick run (about two minutes once the data exist): --duration 10 --warmup 2 --skip-export. A
before/after pair: the same flags with --source <old commit>, then --source <new commit>, back to
back. One client: --concurrency 1; 20 paced clients: --pace 1000 (ms between one client's requests).
Dashboards are cached per process (simpul.programs.cache): the first request of each page in each
worker renders it, so short runs over the 300 regencies and 500 libraries measure many first requests.
"""

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run  # noqa: E402  (bench/run.py: the shared harness)

GENERATE = r"""
import django
django.setup()
from simpul.demo.gen_programs import generate_programs
generate_programs(scale="national", seed=20250626)
"""

SETUP = r"""
import json, time
import django
django.setup()
from simpul.libraries.models import Library
from simpul.organisations.models import Role
from simpul.organisations.services import role_grant
from simpul.people.models import User
from simpul.programs.models import Beneficiary, Programme, ProgrammeStat, Activity
from simpul.programs.services import reports

out = {}
p = Programme.objects.get(slug="tpbis-generated")
user = User.objects.get(email=BENCH_EMAIL)
if p.end_year < 2025:
    Programme.objects.filter(pk=p.pk).update(end_year=2025)
    p.refresh_from_db()
    libs = list(Library.objects.filter(pk__in=Beneficiary.objects.filter(programme=p, year=2023).values("library_id")).order_by("pk")[:60])
    for lib in libs:
        for year in (2024, 2025):
            reports.beneficiary_add(actor=None, programme=p, library=lib, year=year, level="village")
        role_grant(actor=None, person=user.person, role=Role.LIBRARY_MANAGER, organisation=lib.organisation)
# Months submitted by an earlier run are taken out again (figures first), so every run posts new months.
from django.db import transaction
from simpul.programs.models import COUNTED, Report
from simpul.programs.services.stats import report_figures, stats_apply
try:
    from simpul.programs.services.stats import stats_fold
except ImportError:  # a revision before pending figure changes (--source <older commit>)
    stats_fold = lambda: 0
with transaction.atomic():
    old = Report.objects.filter(programme=p, year__gte=2024)
    for r in old.filter(status__in=COUNTED):
        stats_apply(p.pk, report_figures(r, -1))
    out["cleared_reports"] = old.count()
    old.delete()
out["folded"] = stats_fold()  # every run starts with no pending figure changes
libs = list(Beneficiary.objects.filter(programme=p, year=2025).values_list("library_id", flat=True))
out["programme"] = p.pk
out["submit_libraries"] = libs
out["activities"] = Activity.objects.filter(report__programme=p).count()
out["aggregate_rows"] = ProgrammeStat.objects.filter(programme=p).count()
stats = ProgrammeStat.objects.filter(programme=p, year=2023, month=0, category=0)
out["provinces"] = list(stats.filter(level=1).order_by("-activities").values_list("region_code", "activities")[:40])
out["regencies"] = list(stats.filter(level=2).values_list("region_code", flat=True)[:300])
out["libraries"] = list(stats.filter(level=3).values_list("region_code", flat=True)[:500])
print("RESULT " + json.dumps(out))
"""

EXPORT = r"""
import json, time, django
django.setup()
from simpul.people.models import User
from simpul.programs.models import Programme
from simpul.programs.services import jobs
p = Programme.objects.get(slug="tpbis-generated")
user = User.objects.get(email=BENCH_EMAIL)
t = time.monotonic()
job = jobs.job_create_export(actor=user, programme=p, region_code=PROVINCE, fmt="xlsx")
jobs.job_run(job.pk)
job.refresh_from_db()
print("RESULT " + json.dumps({"rows": job.total, "seconds": round(time.monotonic() - t, 2), "state": job.state,
                              "bytes": job.file.size}))
"""

# The submission's cost without the HTTP server (--in-process-submit N): N new months posted through
# Django's test client under the production settings, signed in as the bench user; CPU seconds of this
# process and of its PostgreSQL backend (from /proc), per submission. The next run's SETUP takes the
# months out again.
SUBMIT_IN_PROCESS = r"""
import json, os, time
import django
django.setup()
from django.db import connection
from django.test import Client
from simpul.people.models import User
TICK = os.sysconf("SC_CLK_TCK")
def cpu(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK
bodies = json.load(open(BODIES))
client = Client(HTTP_HOST="127.0.0.1")
client.force_login(User.objects.get(email=BENCH_EMAIL))
with connection.cursor() as cursor:
    cursor.execute("SELECT pg_backend_pid()")
    backend = cursor.fetchone()[0]
path = f"/api/v1/programs/{PROGRAMME}/reports"
def post(body):
    response = client.post(path, body, content_type="application/json")
    assert response.status_code == 200, response.content
for body in bodies[:20]:  # warm-up: the first requests of a process and a session cost more
    post(body)
n = len(bodies) - 20
py, pg, wall = cpu("self"), cpu(backend), time.monotonic()
for body in bodies[20:]:
    post(body)
print("RESULT " + json.dumps({"submissions": n, "python_cpu_ms": round((cpu("self") - py) * 1000 / n, 2),
                              "postgres_cpu_ms": round((cpu(backend) - pg) * 1000 / n, 2),
                              "wall_ms": round((time.monotonic() - wall) * 1000 / n, 2)}))
"""


def in_process(env, code: str) -> dict:
    out = run.simpul(env, "shell", "-c", code, capture=True)
    line = next(line for line in out.splitlines() if line.startswith("RESULT "))
    return json.loads(line[len("RESULT ") :])


async def drive_posts(host, port, bodies, headers, concurrency, duration, warmup, path) -> run.Result:
    """Like run.drive (closed loop), but each request POSTs the next JSON body (a new month each)."""
    latencies, statuses, errors = [], {}, 0
    last_done = 0.0  # the prepared bodies can run out before `duration` ends: the rate is over what ran
    start = time.perf_counter()
    measure_from, stop_at = start + warmup, start + warmup + duration
    queue = list(bodies)

    async def client():
        nonlocal errors, last_done
        conn = run.Connection(host, port)
        while queue:
            t0 = time.perf_counter()
            if t0 >= stop_at:
                break
            body = queue.pop()
            try:
                status, _, _ = await conn.request("POST", path, headers, body)
            except (run.HttpError, OSError, asyncio.IncompleteReadError, ValueError):
                conn.close()
                errors += 1
                continue
            t1 = time.perf_counter()
            if t0 >= measure_from and t1 <= stop_at:
                last_done = max(last_done, t1)
                latencies.append(t1 - t0)
                statuses[status] = statuses.get(status, 0) + 1
                if status >= 400:
                    errors += 1
        conn.close()

    await asyncio.gather(*(client() for _ in range(concurrency)))
    ms = sorted(v * 1000 for v in latencies)
    ran = min(duration, last_done - measure_from) if ms else duration
    if ran < duration:
        run.log(
            f"  the {len(bodies)} prepared submissions ran out after {ran:.1f} s of the {duration:g} measured"
        )
    return run.Result(
        target="report_submit", requests=len(ms), errors=errors, seconds=round(ran, 2),
        throughput=round(len(ms) / ran, 1), p50_ms=round(run.percentile(ms, 50), 2),
        p95_ms=round(run.percentile(ms, 95), 2), p99_ms=round(run.percentile(ms, 99), 2),
        mean_ms=round(statistics.fmean(ms), 2) if ms else 0.0, statuses={str(k): v for k, v in sorted(statuses.items())},
    )  # fmt: skip


def submission_bodies(libraries: list[int], rng: random.Random) -> list[bytes]:
    bodies = []
    for lib in libraries:
        for year in (2024, 2025):
            for month in range(1, 13):
                activities = []
                for n in range(3):
                    activities.append({
                        "date": f"{year}-{month:02d}-{5 + n:02d}", "category": "Literasi digital",
                        "title": "Kelas gawai", "male": 5, "female": 10, "children": 2, "youth": 4,
                        "adults": 8, "elderly": 1, "disabled": 1,
                    })  # fmt: skip
                body = {"library": lib, "year": year, "month": month, "visits": rng.randint(50, 500),
                        "activities": activities,
                        "items": [{"kind": "advocacy", "date": f"{year}-{month:02d}-15", "title": "Audiensi",
                                   "counterpart": "Kepala Desa"}]}  # fmt: skip
                bodies.append(json.dumps(body).encode())
    rng.shuffle(bodies)
    return bodies


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--duration", type=float, default=20)
    parser.add_argument("--warmup", type=float, default=3)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--pace", type=float, default=0, help="ms between one client's requests (dashboards)")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--port", type=int, default=18777)
    parser.add_argument("--source", default="HEAD")
    parser.add_argument("--seed", type=int, default=20250626)
    parser.add_argument("--prepare-only", action="store_true")
    parser.add_argument("--skip-export", action="store_true")
    parser.add_argument("--only-submit", action="store_true", help="Only the report submission target.")
    parser.add_argument(
        "--in-process-submit", type=int, default=0, metavar="N",
        help="Only measure N report submissions in-process (CPU per submission; no server).",
    )  # fmt: skip
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "postgres://simpul:simpul@127.0.0.1:5432/simpul_programs_bench")
    run.ensure_database(url)
    env = run.server_env(url, data="programs")
    code_dir, commit = run.code_under_test(args.source)
    env["PYTHONPATH"] = str(code_dir)
    env["SIMPUL_PUBLIC_URL"] = f"http://127.0.0.1:{args.port}"
    env["SIMPUL_SIGNING_KEY"] = run.signing_key(env)
    run.log(f"Benchmarking {commit or 'the working tree'} on {url.rsplit('/', 1)[-1]}")
    national = run.query(url, "SELECT 1 FROM demo_generation WHERE scale = 'national' LIMIT 1")
    if national:  # run.prepare looks only at the newest generation row, which may be another app's
        run.simpul(env, "migrate", "--noinput", "-v", "0")
        run.simpul(env, "shell", "-c", run.BENCH_USER_CODE)
    else:
        run.prepare(url, env, "national", args.seed)
    if not run.query(url, "SELECT 1 FROM programs_programme WHERE slug = 'tpbis-generated'"):
        run.log("Generating the programme data (2,000 libraries, 1,000,000 activities)")
        run.simpul(env, "shell", "-c", GENERATE)
        with run.psycopg.connect(url, autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE")
    info = in_process(env, SETUP.replace("BENCH_EMAIL", repr(run.BENCH_EMAIL)))
    run.log(f"  {info['activities']:,} activities, {info['aggregate_rows']:,} aggregate rows")
    if args.prepare_only:
        return
    if args.in_process_submit:
        bodies = submission_bodies(info["submit_libraries"], random.Random(args.seed))[
            : args.in_process_submit + 20
        ]
        path = run.DATA_DIR / "programs-submit-bodies.json"
        path.write_text(json.dumps([b.decode() for b in bodies]))
        code = (
            SUBMIT_IN_PROCESS.replace("BODIES", repr(str(path)))
            .replace("BENCH_EMAIL", repr(run.BENCH_EMAIL))
            .replace("PROGRAMME", str(info["programme"]))
        )
        run.log(f"Report submission in-process: {in_process(env, code)}")
        return
    export = None
    if not args.skip_export:
        province = info["provinces"][0][0]
        run.log(f"Exporting the activities of province {province} (in-process, the background job's code)")
        export = in_process(
            env, EXPORT.replace("BENCH_EMAIL", repr(run.BENCH_EMAIL)).replace("PROVINCE", repr(province))
        )
        run.log(f"  {export}")

    pid = info["programme"]
    rng = random.Random(1)
    base = f"/programmes/{pid}/"
    targets = {
        "dash_national": [f"{base}?year={y}" for y in range(2018, 2024)] + [f"{base}?year=2023&month={m}" for m in range(1, 13)],
        "dash_province": [f"{base}?region={code}&year=2023&month={rng.randint(0, 12)}" for code, _ in info["provinces"]],
        "dash_regency": [f"{base}?region={code}&year={rng.choice([2022, 2023])}&month={rng.randint(0, 12)}" for code in info["regencies"]],
        "dash_library": [f"{base}?region={code}&year=2023" for code in info["libraries"]],
        "dash_export_csv": [f"/programmes/{pid}/export/?region={code}&year=2023&format=csv" for code, _ in info["provinces"]],
        "api_indicators": [f"/api/v1/programs/{pid}/indicators?region={code}&period=2023-{rng.randint(1, 12):02d}" for code, _ in info["provinces"]],
    }  # fmt: skip
    workers = args.workers or run.default_workers()
    host = "127.0.0.1"
    server_log = (run.DATA_DIR / "server-programs.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "simpul", "serve", "--bind", f"{host}:{args.port}", "--workers", str(workers),
         "--threads", str(args.threads)],
        env=env, cwd=code_dir, stdout=server_log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    results = []
    try:
        run.wait_healthy(host, args.port, server)
        session = asyncio.run(run.sign_in(host, args.port))
        csrf = dict(p.split("=", 1) for p in session.split("; "))["csrftoken"]
        results.append(
            asyncio.run(
                run.drive(
                    host,
                    args.port,
                    "floor",
                    ["/bench/floor"],
                    {},
                    args.concurrency,
                    args.duration,
                    args.warmup,
                    args.pace,
                )
            )
        )
        for name, paths in targets.items() if not args.only_submit else ():
            run.log(f"Driving {name}: {args.concurrency} clients, {args.duration:g} s")
            results.append(
                asyncio.run(
                    run.drive(
                        host,
                        args.port,
                        name,
                        paths,
                        {},
                        args.concurrency,
                        args.duration,
                        args.warmup,
                        args.pace,
                    )
                )
            )
        run.log(f"Driving report_submit: {args.concurrency} clients, {args.duration:g} s")
        headers = {"Cookie": session, "X-CSRFToken": csrf, "Content-Type": "application/json",
                   "Referer": f"http://{host}:{args.port}/"}  # fmt: skip
        bodies = submission_bodies(info["submit_libraries"], rng)
        results.append(asyncio.run(drive_posts(host, args.port, bodies, headers, args.concurrency, args.duration,
                                               args.warmup, f"/api/v1/programs/{pid}/reports")))  # fmt: skip
    finally:
        server.terminate()
        server.wait(timeout=30)
        server_log.close()
    run.log("")
    run.log(
        f"{'target':<18}{'requests':>10}{'errors':>8}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}  statuses"
    )
    for r in results:
        run.log(
            f"{r.target:<18}{r.requests:>10}{r.errors:>8}{r.throughput:>9}{r.p50_ms:>9}{r.p95_ms:>9}{r.p99_ms:>9}  {r.statuses}"
        )
    out = {"commit": commit, "info": {k: info[k] for k in ("activities", "aggregate_rows")}, "export": export,
           "results": [r.__dict__ for r in results], "concurrency": args.concurrency, "pace": args.pace,
           "machine": run.machine(url)}  # fmt: skip
    run.RESULTS.mkdir(parents=True, exist_ok=True)
    path = run.RESULTS / f"{time.strftime('%Y%m%d-%H%M%S')}-programs.json"
    path.write_text(json.dumps(out, indent=2))
    run.log(f"Results in {path}")


if __name__ == "__main__":
    main()
