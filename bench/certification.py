#!/usr/bin/env python
"""Benchmark of issue 6 (competency certification), on PostgreSQL under the production server.

    python bench/certification.py [--duration 20] [--concurrency 20] [--pace 0] [--source HEAD]

Self-contained (does not need the national data of every app): migrates its own database
(simpul_certification_bench by default), loads the regions, adds 40,000 people and runs
simpul.demo.gen_certification at the national scale (40,000 applications, 25,000 signed certificates).
Measures:
- the public register search (page and API) over 25,000 certificates, N concurrent clients, anonymous -
  floor: p95 < 100 ms;
- the FR.APL.01 and FR.APL.02 PDFs, rendered in-process (p50/p95 of 100 each) - floor: < 500 ms.
"""

import argparse
import asyncio
import json
import os
import random
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run  # noqa: E402  (bench/run.py: the shared harness)

INPROCESS = r"""
import json, random, time
import django
django.setup()
from simpul.certification.models import Application, Certificate, Element, SelfAssessment, Status
from simpul.certification import pdfs
from simpul.demo import gen_certification
from simpul.demo.names import FAMILY_OR_SECOND, GIVEN_FEMALE, GIVEN_MALE
from simpul.people.models import Person

out = {}
rng = random.Random(6)
missing = 40000 - Person.objects.count()
if missing > 0:
    given = GIVEN_FEMALE + GIVEN_MALE
    Person.objects.bulk_create(
        [Person(full_name=f"{rng.choice(given)} {rng.choice(FAMILY_OR_SECOND)}") for _ in range(missing)],
        batch_size=5000,
    )
if not Certificate.objects.exists():
    t = time.monotonic(); gen_certification.generate_certification(scale="national", log=lambda m: None)
    out["generate_s"] = round(time.monotonic() - t, 1)
out["applications"] = Application.objects.count()
out["certificates"] = Certificate.objects.count()
names = list(Certificate.objects.order_by("?").values_list("holder_name", "number")[:300])
out["words"] = sorted({n.split()[0][:5] for n, _ in names})[:100]
out["numbers"] = [number for _, number in names[:50]]
application = Application.objects.filter(status=Status.COMPETENT).select_related("scheme", "lsp").first()
if not application.self_assessments.exists():
    SelfAssessment.objects.bulk_create([
        SelfAssessment(application=application, element=e, answer="K", evidence_note="Laporan kegiatan")
        for e in Element.objects.filter(unit__schemes=application.scheme)
    ])
for name, render in (("apl01_pdf_ms", pdfs.apl01_pdf), ("apl02_pdf_ms", pdfs.apl02_pdf)):
    times = []
    for _ in range(100):
        fresh = Application.objects.select_related("scheme", "lsp").get(pk=application.pk)
        t = time.perf_counter(); render(fresh); times.append((time.perf_counter() - t) * 1000)
    times.sort()
    out[name] = {"p50": round(times[50], 1), "p95": round(times[95], 1)}
print("RESULT " + json.dumps(out))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=20)
    parser.add_argument("--warmup", type=float, default=3)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument(
        "--pace", type=float, default=0, help="Milliseconds between one client's requests (0: closed loop)."
    )
    parser.add_argument("--port", type=int, default=18776)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--source", default="HEAD", help="Git revision, or 'worktree'.")
    parser.add_argument("--seed", type=int, default=20250626)
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "postgres://simpul:simpul@127.0.0.1:5432/simpul_certification_bench")
    run.ensure_database(url)
    env = run.server_env(url, data="certification")
    code_dir, commit = run.code_under_test(args.source)
    env["PYTHONPATH"] = str(code_dir)
    env["SIMPUL_PUBLIC_URL"] = f"http://127.0.0.1:{args.port}"
    env["SIMPUL_SIGNING_KEY"] = run.signing_key(env)
    run.log(f"Benchmarking {commit or 'the working tree'} on {url.rsplit('/', 1)[-1]}")
    run.simpul(env, "migrate", "--noinput", "-v", "0")
    regions = run.query(url, "SELECT count(*) FROM regions_region WHERE level = 2")[0][0]
    if regions < 500:
        run.log("Loading regions")
        run.simpul(env, "regions", "load")
    run.log("People, national certification data and the APL PDFs (in-process)")
    output = subprocess.run(
        [sys.executable, "-c", INPROCESS], env=env, cwd=code_dir, check=True, text=True, capture_output=True
    ).stdout
    inprocess = json.loads(output.split("RESULT ", 1)[1])
    for key in ("applications", "certificates", "generate_s", "apl01_pdf_ms", "apl02_pdf_ms"):
        if key in inprocess:
            run.log(f"  {key}: {inprocess[key]}")

    rng = random.Random(args.seed)
    page = "/certification/register/"
    api = "/api/v1/certification/register"
    paths = [page, f"{page}?page=20"]
    paths += [f"{page}?q={w}" for w in inprocess["words"]]
    paths += [f"{page}?q={urllib.parse.quote(n, safe='')}" for n in inprocess["numbers"][:20]]
    api_paths = [api, f"{api}?offset=500"] + [f"{api}?q={w}" for w in inprocess["words"]]
    rng.shuffle(paths)
    rng.shuffle(api_paths)
    # Fresh planner statistics for the register's tables only, then a checkpoint before the timed part: a
    # whole-database VACUUM just before it left a checkpoint writing its pages during the run.
    run.vacuum_and_checkpoint(
        url, ("certification_certificate", "certification_scheme", "credentials_credential")
    )
    workers = args.workers or run.default_workers()
    host = "127.0.0.1"
    server_log = (run.DATA_DIR / "server-certification.log").open("w")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "simpul",
            "serve",
            "--bind",
            f"{host}:{args.port}",
            "--workers",
            str(workers),
            "--threads",
            str(args.threads),
        ],
        env=env,
        cwd=code_dir,
        stdout=server_log,
        stderr=subprocess.STDOUT,
    )
    results = []
    try:
        run.wait_healthy(host, args.port, server)
        for name, target_paths in (
            ("floor", ["/bench/floor"]),
            ("register_page", paths),
            ("register_api", api_paths),
        ):
            run.log(
                f"Driving {name}: {args.concurrency} clients"
                + (f", one request each per {args.pace:g} ms" if args.pace else ", closed loop")
                + f", {args.duration:g} s"
            )
            result = asyncio.run(
                run.drive(
                    host,
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
            run.log(
                f"  {result.requests} requests, {result.throughput}/s, p50 {result.p50_ms} ms, p95 {result.p95_ms} ms,"
                f" p99 {result.p99_ms} ms, statuses {result.statuses}"
            )
            results.append(result)
    finally:
        server.terminate()
        server.wait(timeout=30)
    out = run.RESULTS / f"{time.strftime('%Y%m%d-%H%M%S')}-certification.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps(
            {
                "commit": commit or "working tree",
                "concurrency": args.concurrency,
                "pace_ms": args.pace,
                "machine": run.machine(url),
                "inprocess": inprocess,
                "http": [r.__dict__ for r in results],
            },
            indent=2,
            default=str,
        )
    )
    run.log(f"Results in {out}")


if __name__ == "__main__":
    main()
