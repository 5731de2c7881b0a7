#!/usr/bin/env python
"""Benchmark of the library register on PostgreSQL over 165,000 libraries.

    python bench/libraries.py [--duration 20] [--concurrency 20] [--skip-import]

Prepares the database (`DATABASE_URL`, default postgres://simpul:simpul@127.0.0.1:5432/simpul_libraries):
migrate, load the regions, generate the national libraries if fewer than 165,000 are there. Then
starts `simpul serve` (production settings) and drives, next to the floor, with N keep-alive clients:
  directory_filters  /libraries/?region=..&type=..&status=..&page=..  (regions at every level)
  directory_search   /libraries/?q=<a place or school name>
  statistics         /libraries/statistics/?region=<national, province, regency or district>
  api_list           /api/v1/libraries?region=..&type=..
Then, unless --skip-import, times the import of a 165,000-row XLSX (the whole register exported to
var/bench/libraries-165k.xlsx once, or again with --export): as a user runs it (a dry-run job, then
its apply), for the register's own rows (mostly unchanged) and for the same rows as 165,000 new
libraries; each rolled back afterwards, so the data stay. Figures: CPU seconds of the Django process
and of its PostgreSQL backend (from /proc), and wall time.
Results print and go to bench/results/<time>-libraries.json. Reuses bench/run.py's client and setup.
"""

import argparse
import asyncio
import json
import os
import random
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import (  # noqa: E402 (bench/run.py sits beside this file)
    DATA_DIR,
    RESULTS,
    ROOT,
    default_workers,
    drive,
    ensure_database,
    log,
    machine,
    query,
    server_env,
    signing_key,
    simpul,
    vacuum_and_checkpoint,
    wait_healthy,
)

DEFAULT_DB = "postgres://simpul:simpul@127.0.0.1:5432/simpul_libraries"
TARGET = 165_000

GENERATE = """
from django.db import transaction
from simpul.demo.gen_libraries import generate_libraries
with transaction.atomic():
    generate_libraries(scale="national", seed=20250626)
"""

EXPORT = """
import json, time
from python_calamine import CalamineWorkbook
from openpyxl import Workbook
from simpul.libraries import selectors
from simpul.libraries.services import exports
path = "{path}"
started = time.monotonic()
with open(path, "wb") as out:
    exports.write_xlsx(selectors.DirectoryFilter(), out)
export_s = time.monotonic() - started
# As new libraries: the same rows without their NPP (upsert by NPP: no NPP means new).
rows = CalamineWorkbook.from_path(path).get_sheet_by_index(0).to_python()
wb = Workbook(write_only=True)
ws = wb.create_sheet("libraries")
ws.append(rows[0])
for r in rows[1:]:
    ws.append(["", *r[1:]])  # registered rows get new NPPs
wb.save("{new_path}")
print(json.dumps({{"rows": len(rows) - 1, "export_s": round(export_s, 1)}}))
"""

# The user's path: a dry-run job, then its apply (which reuses the dry run's checked rows while
# valid), in a transaction rolled back afterwards so the register stays as it was. CPU seconds of
# this process and of its PostgreSQL backend come from /proc: on a shared machine they are fairer
# than wall time. Before the rollback, SET CONSTRAINTS ALL IMMEDIATE runs the deferred foreign-key
# checks that apply's commit would run (a rollback alone skips them).
IMPORT = """
import json, os, time
from django.db import connection, transaction
from simpul.libraries.services import jobs
from simpul.people.models import User
TICK = os.sysconf("SC_CLK_TCK")
def cpu(pid):
    fields = open(f"/proc/{{pid}}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK
with connection.cursor() as cursor:
    cursor.execute("SELECT pg_backend_pid()")
    backend = cursor.fetchone()[0]
data = open("{path}", "rb").read()
steps = {{}}
def timed(name, work):
    py, pg, wall = cpu("self"), cpu(backend), time.monotonic()
    work()
    steps[name] = {{"python_cpu_s": round(cpu("self") - py, 1), "postgres_cpu_s": round(cpu(backend) - pg, 1),
                   "wall_s": round(time.monotonic() - wall, 1)}}
def apply():
    jobs.job_run(job.pk)
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
class Rollback(Exception):
    pass
job = None
try:
    with transaction.atomic():
        user = User.objects.create_superuser(email="import@bench.simpul.test", password="bench-import-1234")
        job = jobs.job_create_import(actor=user, data=data, filename="libraries.xlsx")
        timed("dry_run", lambda: jobs.job_run(job.pk))
        job.refresh_from_db()
        checked = dict(job.report["counts"])
        jobs.job_apply(actor=user, job=job)
        timed("apply", apply)
        job.refresh_from_db()
        result = {{"state": job.state, "message": job.message, "counts": dict(job.report.get("counts", {{}})), "dry_run_counts": checked}}
        raise Rollback
except Rollback:
    pass
finally:
    if job is not None:
        job.file.delete(save=False)  # the file storage is not rolled back
total = {{k: round(steps["dry_run"][k] + steps["apply"][k], 1) for k in steps["dry_run"]}}
total["cpu_s"] = round(total["python_cpu_s"] + total["postgres_cpu_s"], 1)
print(json.dumps({{"bytes": len(data), **result, **steps, "dry_run_plus_apply": total}}))
"""


def django_python(env, code: str) -> str:
    return subprocess.run(
        [sys.executable, "-m", "simpul", "shell", "-c", code],
        env=env,
        cwd=ROOT,
        check=True,
        text=True,
        capture_output=True,
    ).stdout


def paths(url: str, seed: int) -> dict[str, list[str]]:
    rng = random.Random(seed)
    provinces = [r[0] for r in query(url, "SELECT code FROM regions_region WHERE level = 1")]
    regencies = [r[0] for r in query(url, "SELECT code FROM regions_region WHERE level = 2")]
    districts = [r[0] for r in query(url, "SELECT code FROM regions_region WHERE level = 3")]
    words = [
        r[0]
        for r in query(
            url, "SELECT search_name FROM regions_region WHERE level = 3 ORDER BY random() LIMIT 400"
        )
    ]
    types = ["", "", "school", "public", "special", "university", "community"]
    statuses = ["", "", "", "registered", "listed"]
    filters, searches, stats, api = [], [], [], []
    for _ in range(2000):
        level = rng.random()
        region = rng.choice(provinces if level < 0.3 else regencies if level < 0.7 else districts)
        query_string = f"region={region}&type={rng.choice(types)}&status={rng.choice(statuses)}"
        if rng.random() < 0.2:
            query_string += f"&page={rng.randint(2, 5)}"
        if rng.random() < 0.1:
            query_string += "&sort=-name"
        filters.append(f"/libraries/?{query_string}")
        word = rng.choice(words)
        extra = f"&region={region[:2]}" if rng.random() < 0.3 else ""
        searches.append(
            f"/libraries/?q={rng.choice([word, 'sd negeri ' + word, 'desa ' + word])}{extra}".replace(
                " ", "+"
            )
        )
        stats.append(
            "/libraries/statistics/"
            + (
                ""
                if rng.random() < 0.1
                else f"?region={rng.choice(provinces if level < 0.4 else regencies if level < 0.8 else districts)}"
            )
        )
        api.append(f"/api/v1/libraries?region={region}&type={rng.choice(types)}&limit=50")
    return {"directory_filters": filters, "directory_search": searches, "statistics": stats, "api_list": api}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=20)
    parser.add_argument("--warmup", type=float, default=3)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--port", type=int, default=18766)
    parser.add_argument("--seed", type=int, default=20250626)
    parser.add_argument(
        "--pace", type=float, default=0, help="ms between one client's requests (0: closed loop)."
    )
    parser.add_argument("--skip-import", action="store_true")
    parser.add_argument(
        "--export", action="store_true", help="Export the register to XLSX again (timed) for the import."
    )
    parser.add_argument("--skip-load", action="store_true")
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", DEFAULT_DB)
    ensure_database(url)
    env = server_env(url, data="libraries")
    env["PYTHONPATH"] = str(ROOT)
    env["SIMPUL_PUBLIC_URL"] = f"http://127.0.0.1:{args.port}"
    env["SIMPUL_SIGNING_KEY"] = signing_key(env)  # production settings refuse to start without one
    simpul(env, "migrate", "--noinput", "-v", "0")
    if query(url, "SELECT count(*) FROM regions_region WHERE level = 4")[0][0] < 83_762:
        log("Loading regions")
        simpul(env, "regions", "load")
    libraries = query(url, "SELECT count(*) FROM libraries_library")[0][0]
    if libraries < TARGET:
        log("Generating 165,000 libraries")
        started = time.monotonic()
        django_python(env, GENERATE)
        log(f"  generated in {time.monotonic() - started:.1f} s")
    libraries = query(url, "SELECT count(*) FROM libraries_library")[0][0]
    log(f"{libraries:,} libraries")
    vacuum_and_checkpoint(url)
    results = []
    if not args.skip_load:
        workers = args.workers or default_workers()
        server_log = (DATA_DIR / "server-libraries.log").open("w")
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "simpul",
                "serve",
                "--bind",
                f"127.0.0.1:{args.port}",
                "--workers",
                str(workers),
                "--threads",
                str(args.threads),
            ],
            env=env,
            cwd=ROOT,
            stdout=server_log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_healthy("127.0.0.1", args.port, server)
            targets = {"floor": ["/bench/floor"], **paths(url, args.seed)}
            for name, target_paths in targets.items():
                result = asyncio.run(
                    drive(
                        "127.0.0.1",
                        args.port,
                        name,
                        target_paths,
                        {},
                        args.concurrency,
                        args.duration,
                        args.warmup,
                        args.pace,
                    )
                )
                results.append(result)
                log(
                    f"  {name:18} {result.requests:6} req  {result.throughput:7.1f}/s  p50 {result.p50_ms:7.1f}  p95 {result.p95_ms:7.1f}  p99 {result.p99_ms:7.1f} ms  errors {result.errors}"
                )
        finally:
            server.terminate()
            server.wait(timeout=30)
    imported = {}
    if not args.skip_import:
        path, new_path = DATA_DIR / "libraries-165k.xlsx", DATA_DIR / "libraries-165k-new.xlsx"
        if args.export or not (path.exists() and new_path.exists()):
            log("Import: exporting the register to XLSX, and the same rows without NPPs")
            imported["export"] = json.loads(
                django_python(env, EXPORT.format(path=path, new_path=new_path)).strip().splitlines()[-1]
            )
            log(f"  {imported['export']}")
        log("Import: the register's own rows (mostly unchanged): dry run, apply, rolled back")
        imported["reimport"] = json.loads(
            django_python(env, IMPORT.format(path=path)).strip().splitlines()[-1]
        )
        log(f"  {imported['reimport']}")
        log("Import: the same rows as new libraries: dry run, apply, rolled back")
        imported["new"] = json.loads(
            django_python(env, IMPORT.format(path=new_path)).strip().splitlines()[-1]
        )
        log(f"  {imported['new']}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"{time.strftime('%Y%m%d-%H%M%S')}-libraries.json"
    out.write_text(
        json.dumps(
            {"machine": machine(url), "libraries": libraries, "concurrency": args.concurrency, "duration": args.duration,
             "results": [asdict(r) for r in results], "import": imported},
            indent=2,
        )
    )  # fmt: skip
    log(f"Results in {out}")


if __name__ == "__main__":
    main()
