#!/usr/bin/env python
"""Benchmark of issue 8 (knowledge repository), on PostgreSQL under the production server.

    python bench/knowledge.py [--duration 20] [--concurrency 20] [--pace 0] [--source HEAD] [--skip-harvest]
    python bench/knowledge.py --setup-only   # make the database (200,000 items) and exit

Self-contained (does not need the national data of every app): migrates its own database
(simpul_knowledge_bench by default), loads the regions, makes IPI and runs
simpul.demo.gen_knowledge at the national scale (200,000 items, 50,000 with extracted PDF text).
Measures:
- full-text search (the page /repository/?q=..., and the API), anonymous, N concurrent clients, over
  words and word pairs from the generator's vocabulary, some with a facet filter - floor: p95 < 150 ms;
- a complete OAI-PMH ListRecords harvest (oai_dc, every resumption token followed) by one client:
  records, seconds and records per second.
"""

import argparse
import asyncio
import http.client
import json
import os
import random
import re
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run  # noqa: E402  (bench/run.py: the shared harness)

INPROCESS = r"""
import json, time
import django
django.setup()
from simpul.demo import gen_knowledge
from simpul.demo.models import Generation
from simpul.knowledge.models import Collection, Item, ItemFile
from simpul.organisations.models import Kind, Organisation
from simpul.organisations.services import organisation_create

out = {}
if not Organisation.objects.filter(slug="ipi").exists():
    organisation_create(actor=None, kind=Kind.ASSOCIATION, name="Ikatan Pustakawan Indonesia", short_name="IPI", slug="ipi")
if not Generation.objects.filter(scale="knowledge").exists():
    t = time.monotonic(); gen_knowledge.generate_knowledge(scale="national", log=lambda m: None)
    out["generate_s"] = round(time.monotonic() - t, 1)
out["items"] = Item.objects.count()
out["with_text"] = ItemFile.objects.exclude(extracted_text="").count()
out["harvestable"] = Item.objects.filter(access="public", status__in=["published", "withdrawn"]).count()
out["collections"] = list(Collection.objects.values_list("pk", flat=True)[:40])
import random
vocabulary = gen_knowledge.Vocabulary()
rng = random.Random(8)
# Query words drawn as the text was written (Zipf): mostly common words, sometimes rare ones.
out["words"] = vocabulary.draw(rng, 4000)
print("RESULT " + json.dumps(out))
"""


QUESTIONS = 2000


def questions(rng: random.Random, words: list[str], collections: list[int], n: int = QUESTIONS) -> list[str]:
    """`n` distinct query strings: one word or a pair of words (drawn as the text was written, Zipf),
    some with a filter or another order. Distinct, so that a run with the shared cache of answers
    measures misses as well as hits (with the 122 questions of before, every request after the first
    few seconds was a hit)."""
    facets = ["", "", "", "&type=paper", "&year=2019", "&language=en", "&sort=newest"]
    facets += [f"&collection={c}" for c in collections[:5]]
    found: dict[str, None] = {}
    while len(found) < n:
        q = rng.choice(words) if rng.random() < 0.5 else f"{rng.choice(words)} {rng.choice(words)}"
        found["q=" + urllib.parse.quote(q) + rng.choice(facets)] = None
    return list(found)


def harvest(host: str, port: int) -> dict:
    """Follow ListRecords to the end over one keep-alive connection; count records and deleted ones."""
    conn = http.client.HTTPConnection(host, port, timeout=120)
    params = {"verb": "ListRecords", "metadataPrefix": "oai_dc"}
    records = deleted = pages = 0
    size = 0
    started = time.monotonic()
    while True:
        conn.request("GET", "/oai?" + urllib.parse.urlencode(params))
        response = conn.getresponse()
        body = response.read().decode()
        if response.status != 200:
            raise RuntimeError(f"HTTP {response.status}: {body[:200]}")
        size += len(body)
        pages += 1
        records += body.count("<record>")
        deleted += body.count('status="deleted"')
        match = re.search(r"<resumptionToken[^>]*>([^<]+)</resumptionToken>", body)
        if not match:
            break
        params = {"verb": "ListRecords", "resumptionToken": match.group(1)}
    seconds = time.monotonic() - started
    return {
        "records": records,
        "deleted": deleted,
        "pages": pages,
        "seconds": round(seconds, 1),
        "records_per_second": round(records / seconds, 1),
        "megabytes": round(size / 1e6, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="Quick run (reuses the generated database; ~1 min per revision): "
        "python bench/knowledge.py --skip-harvest --duration 10. "
        "Before/after pair: add --source <old commit>, then --source <new commit>, back to back; "
        "add --no-search-cache to measure the live search path (no cached anonymous answers). "
        "The first run on an empty database generates 200,000 items and their search postings (~10 min).",
    )
    parser.add_argument("--duration", type=float, default=20, help="Seconds per target (default 20).")
    parser.add_argument("--warmup", type=float, default=3, help="Seconds of warm-up per target.")
    parser.add_argument("--concurrency", type=int, default=20, help="Closed-loop clients (default 20).")
    parser.add_argument("--pace", type=float, default=0, help="Milliseconds between one client's requests.")
    parser.add_argument("--port", type=int, default=18768)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--source", default="HEAD", help="Git revision, or 'worktree'.")
    parser.add_argument("--seed", type=int, default=20250626)
    parser.add_argument("--skip-harvest", action="store_true", help="Skip the full OAI-PMH harvest (~4 min).")
    parser.add_argument(
        "--no-search-cache",
        action="store_true",
        help="Turn off the shared cache of anonymous search answers (SIMPUL_KNOWLEDGE_SEARCH_CACHE=0): "
        "every request searches live, as after a change of an item or for a question not asked before.",
    )
    parser.add_argument(
        "--setup-only",
        action="store_true",
        help="Migrate, load the regions, make IPI, generate the items and VACUUM ANALYZE, then exit "
        "without starting a server (prepares the database for in-process measurements).",
    )
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "postgres://simpul:simpul@127.0.0.1:5432/simpul_knowledge_bench")
    run.ensure_database(url)
    env = run.server_env(url, data="knowledge")
    code_dir, commit = run.code_under_test(args.source)
    env["PYTHONPATH"] = str(code_dir)
    env["SIMPUL_PUBLIC_URL"] = f"http://127.0.0.1:{args.port}"
    env["SIMPUL_SIGNING_KEY"] = run.signing_key(env)
    if args.no_search_cache:
        env["SIMPUL_KNOWLEDGE_SEARCH_CACHE"] = "0"
    run.log(f"Benchmarking {commit or 'the working tree'} on {url.rsplit('/', 1)[-1]}")
    run.log("Migrating")
    run.simpul(env, "migrate", "--noinput", "-v", "0")
    provinces = run.query(url, "SELECT count(*) FROM regions_region WHERE level = 2")[0][0]
    if provinces < 500:
        run.log("Loading regions")
        run.simpul(env, "regions", "load")
    run.log("Repository data (in-process)")
    output = subprocess.run(
        [sys.executable, "-c", INPROCESS], env=env, cwd=code_dir, check=True, text=True, capture_output=True
    ).stdout
    data = json.loads(output.split("RESULT ", 1)[1])
    for key in ("generate_s", "items", "with_text", "harvestable"):
        if key in data:
            run.log(f"  {key}: {data[key]}")
    with run.psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    if args.setup_only:
        run.log("Set up; not serving (--setup-only)")
        return

    rng = random.Random(args.seed)
    page_paths = ["/repository/?" + q for q in questions(rng, data["words"], data["collections"])] + [
        "/repository/",
        "/repository/?type=local_knowledge",
    ]
    api_paths = ["/api/v1/repository/items?" + q for q in questions(rng, data["words"], data["collections"])]
    rng.shuffle(page_paths)
    rng.shuffle(api_paths)

    workers = args.workers or run.default_workers()
    host = "127.0.0.1"
    server_log = (run.DATA_DIR / "server-knowledge.log").open("w")
    server = subprocess.Popen(
        [
            sys.executable, "-m", "simpul", "serve", "--bind", f"{host}:{args.port}",
            "--workers", str(workers), "--threads", str(args.threads),
        ],
        env=env, cwd=code_dir, stdout=server_log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    results = []
    harvested = None
    try:
        run.wait_healthy(host, args.port, server)
        for name, target_paths in (
            ("floor", ["/bench/floor"]),
            ("search_page", page_paths),
            ("search_api", api_paths),
        ):
            run.log(f"Driving {name}: {args.concurrency} clients, {args.duration:g} s")
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
                f"  {result.requests} requests, {result.throughput}/s, p50 {result.p50_ms} ms, "
                f"p95 {result.p95_ms} ms, p99 {result.p99_ms} ms, statuses {result.statuses}"
                f"; p95 per {run.WINDOW} s: {result.p95_by_window_ms}"
            )
            results.append(result)
        if not args.skip_harvest:
            run.log("Harvesting every record over OAI-PMH (ListRecords, one client)")
            harvested = harvest(host, args.port)
            run.log(f"  {harvested}")
    finally:
        server.terminate()
        server.wait(timeout=30)
    run.RESULTS.mkdir(parents=True, exist_ok=True)
    out = run.RESULTS / f"{time.strftime('%Y%m%d-%H%M%S')}-knowledge.json"
    out.write_text(
        json.dumps(
            {
                "commit": commit,
                "search_cache": not args.no_search_cache,
                "machine": run.machine(url),
                "data": {k: v for k, v in data.items() if k not in ("words", "collections")},
                "results": [r.__dict__ for r in results],
                "harvest": harvested,
            },
            indent=2,
            default=str,
        )
    )
    run.log(f"Results in {out}")


if __name__ == "__main__":
    main()
