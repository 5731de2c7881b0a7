#!/usr/bin/env python
"""Benchmark of issue 4 (associations and the credentials engine), on PostgreSQL under the production server.

    python bench/associations.py [--duration 20] [--concurrency 20] [--pace 0] [--skip-cards] [--live] [--source HEAD]

Needs the national data (bench/run.py makes it; this script runs its `prepare`), then adds 120,000 IPI
memberships (simpul.demo.gen_associations) once. Measures:
- the officers' member list (search, filter, paginate) over 120,000 members, N concurrent clients,
  as the bench user made an officer of IPI (central: every member in scope) - floor: p95 < 100 ms;
  its answers are kept per officer's scope (simpul.associations.answers) unless --live;
- one card PDF, rendered in-process (p50/p95 of 200) - floor: < 200 ms;
- 10,000 cards: issued in one call, then rendered to a ZIP the way the background task does - floor: < 60 s.
"""

import argparse
import asyncio
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run  # noqa: E402  (bench/run.py: the shared harness)

INPROCESS = r"""
import json, statistics, time
import django
django.setup()
from simpul.associations.models import Membership
from simpul.associations import cards, selectors
from simpul.demo import gen_associations
from simpul.organisations.models import Organisation, Role
from simpul.organisations.services import role_grant
from simpul.people.models import User
from simpul.credentials import render
from simpul.credentials.models import Credential

out = {}
ipi = Organisation.objects.get(slug="ipi")
if not Membership.objects.filter(association=ipi).exists():
    t = time.monotonic(); gen_associations.generate_associations(log=lambda m: None)
    out["generate_s"] = round(time.monotonic() - t, 1)
from simpul.associations.answers import members_changed
members_changed()  # the generator's bulk inserts send no signal: no member list kept from before is read
user = User.objects.get(email=BENCH_EMAIL)
role_grant(actor=None, person=user.person, role=Role.ASSOCIATION_OFFICER, organisation=ipi)
out["memberships"] = Membership.objects.count()
out["chapters"] = [c.pk for c in selectors.chapters_under(ipi)[:60]]
names = list(Membership.objects.order_by("?").values_list("sort_name", flat=True)[:300])
out["words"] = sorted({n.split()[0][:5] for n in names if n})
if not CARDS:
    print("RESULT " + json.dumps(out)); raise SystemExit(0)
sample = list(Membership.objects.filter(status="active").select_related("person", "chapter", "member_type", "association")[:10000])
chapter = sample[0].chapter
settings_ = selectors.association_settings(ipi)
Credential.objects.filter(source__startswith="bench:").delete()
items_start = time.monotonic()
from simpul.credentials import services as credential_services
issued = credential_services.credential_issue_many(
    actor=None, kind="membership_card", issuer=chapter, title=settings_.card_title,
    items=[{"holder": m.person, "subject": cards.card_subject(m), "source": f"bench:{m.pk}", "valid_until": m.paid_until} for m in sample],
)
out["issue_10000_s"] = round(time.monotonic() - items_start, 2)
one = issued[0]
times = []
for _ in range(200):
    t = time.perf_counter(); render.render_pdf(one); times.append((time.perf_counter() - t) * 1000)
times.sort()
out["card_pdf_ms"] = {"p50": round(times[100], 2), "p95": round(times[190], 2)}
t = time.perf_counter(); render.render_card_png(one); out["card_png_ms"] = round((time.perf_counter() - t) * 1000, 2)
from simpul.credentials.models import CredentialBatch
b = CredentialBatch.objects.create(issuer=chapter, label="bench 10000", total=len(issued))
b.credentials.set([c.pk for c in Credential.objects.filter(source__startswith="bench:")])
t = time.monotonic(); done = render.render_batch_archive(b.pk)
out["render_10000_zip_s"] = round(time.monotonic() - t, 2)
out["zip_mb"] = round(done.archive.size / 1e6, 1)
print("RESULT " + json.dumps(out))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=20)
    parser.add_argument("--warmup", type=float, default=3)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument(
        "--pace",
        type=float,
        default=0,
        help="Milliseconds between one client's requests (0: closed loop, as fast as answered).",
    )
    parser.add_argument(
        "--skip-cards", action="store_true", help="Only the member list (no card PDF, no 10,000-card batch)."
    )
    parser.add_argument(
        "--live",
        action="store_true",
        help="No kept member lists (SIMPUL_PUBLIC_CACHE=0): every page is drawn live.",
    )
    parser.add_argument("--port", type=int, default=18766)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--source", default="HEAD", help="Git revision, or 'worktree'.")
    parser.add_argument("--seed", type=int, default=20250626)
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "postgres://simpul:simpul@127.0.0.1:5432/simpul_assoc")
    run.ensure_database(url)
    env = run.server_env(url, data="associations")
    code_dir, commit = run.code_under_test(args.source)
    env["PYTHONPATH"] = str(code_dir)
    env["SIMPUL_PUBLIC_URL"] = f"http://127.0.0.1:{args.port}"
    env["SIMPUL_SIGNING_KEY"] = run.signing_key(env)
    if args.live:
        env["SIMPUL_PUBLIC_CACHE"] = "0"
    run.log(f"Benchmarking {commit or 'the working tree'} on {url.rsplit('/', 1)[-1]}")
    national = run.query(
        url, "SELECT 1 FROM demo_generation WHERE scale = 'national' AND seed = %s", [args.seed]
    )
    if national:  # run.prepare looks only at the newest generation row, which may be ours
        run.simpul(env, "migrate", "--noinput", "-v", "0")
        run.simpul(env, "shell", "-c", run.BENCH_USER_CODE)
    else:
        run.prepare(url, env, "national", args.seed)
    run.log("Memberships, officer role, card PDF and the 10,000-card batch (in-process)")
    script = INPROCESS.replace("BENCH_EMAIL", repr(run.BENCH_EMAIL)).replace(
        "CARDS", repr(not args.skip_cards)
    )
    output = subprocess.run(
        [sys.executable, "-c", script], env=env, cwd=code_dir, check=True, text=True, capture_output=True
    ).stdout
    inprocess = json.loads(output.split("RESULT ", 1)[1])
    for key in (
        "memberships",
        "generate_s",
        "issue_10000_s",
        "card_pdf_ms",
        "card_png_ms",
        "render_10000_zip_s",
        "zip_mb",
    ):
        if key in inprocess:
            run.log(f"  {key}: {inprocess[key]}")

    rng = random.Random(args.seed)
    base = "/associations/manage/members/"
    paths = [base, f"{base}?status=grace", f"{base}?page=40"]
    paths += [f"{base}?q={w}" for w in inprocess["words"][:100]]
    paths += [f"{base}?chapter={c}" for c in inprocess["chapters"]]
    paths += [f"{base}?chapter={c}&status=active&page=2" for c in inprocess["chapters"][:20]]
    rng.shuffle(paths)
    # Only the tables the member list reads (and the ones the generator and the card batch wrote),
    # then a checkpoint: a whole-database vacuum left a checkpoint to run during the timed part.
    run.vacuum_and_checkpoint(
        url,
        tables=(
            "associations_membership",
            "associations_chaptercount",
            "associations_membertype",
            "associations_membershipevent",
            "organisations_organisation",
            "organisations_roleassignment",
            "people_person",
            "credentials_credential",
        ),
    )
    workers = args.workers or run.default_workers()
    host = "127.0.0.1"
    server_log = (run.DATA_DIR / "server-associations.log").open("w")
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
        session = asyncio.run(run.sign_in(host, args.port))
        for name, target_paths, headers in (
            ("floor", ["/bench/floor"], {}),
            ("member_list", paths, {"Cookie": session}),
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
                    headers,
                    args.concurrency,
                    args.duration,
                    args.warmup,
                    args.pace,
                )
            )
            run.log(
                f"  {result.requests} requests, {result.throughput}/s, p50 {result.p50_ms} ms, p95 {result.p95_ms} ms, p99 {result.p99_ms} ms, statuses {result.statuses}"
            )
            results.append(result)
    finally:
        server.terminate()
        server.wait(timeout=30)
    out = run.RESULTS / f"{time.strftime('%Y%m%d-%H%M%S')}-associations.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps(
            {
                "commit": commit or "working tree",
                "concurrency": args.concurrency,
                "pace_ms": args.pace,
                "kept_answers": "off (--live)" if env.get("SIMPUL_PUBLIC_CACHE") == "0" else "on",
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
