#!/usr/bin/env python
"""Benchmark of issue 5 (events and trainings), on PostgreSQL under the production server.

    python bench/events.py [--scale demo|national] [--duration 20] [--concurrency 20] [--source HEAD]

Uses its own database (DATABASE_URL, default simpul_events_bench) and bench/run.py's `prepare`
(regions, `simpul generate --scale ...`, which runs simpul.demo.gen_events: national = 20,000 events
and 2,000,000 registrations). Measures:
- registration burst over HTTP (the headline): 2,000 signed-in people each POST their registration to
  /api/v1/events/{id}/registrations of a fresh 600-seat event, from 50 concurrent keep-alive clients
  that start together, against the production server - exactly 600 confirmed, the rest waitlisted;
  p50/p95/p99 per request, as the clients see it (floor: p99 < 500 ms);
- the same burst in-process (50 threads in one Python process, each with its own database connection,
  calling the registration service directly): the same count check; its latencies include waiting for
  the one GIL while another thread holds the event's row lock, so they overstate a server's;
- check-in: 600 tickets scanned (checkin_record), p50/p95 (floor: p95 < 100 ms);
- 1,000 certificate PDFs: issued in one call, then drawn to a ZIP as the background task does (floor: < 30 s);
- the public event list over HTTP (calendar, filters, pages), N concurrent clients, closed loop
  (floor: p95 < 100 ms). Anonymous visitors are answered from the calendar's cache
  (simpul.core.publiccache) after the first visit to each page; `--live` turns that cache off in the
  server to measure the path every signed-in visitor and every first visit takes.

`--list-only` measures only the floor and the event list (no burst, no in-process part).
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

# Both in-process scripts register the bench's own 2,000 people.
BENCH_PEOPLE = r"""
# The bench's own people (not the generated ones, which `simpul generate --reset` must be able to delete).
people = list(Person.objects.filter(full_name__startswith="Peserta Bench ").order_by("id")[:2000])
if len(people) < 2000:
    Person.objects.bulk_create([Person(full_name=f"Peserta Bench {n}") for n in range(2000 - len(people))])
    people = list(Person.objects.filter(full_name__startswith="Peserta Bench ").order_by("id")[:2000])
"""

INPROCESS = r"""
import datetime, json, statistics, threading, time
import django
django.setup()
from django.db import connections
from django.utils import timezone
from simpul.credentials import render
from simpul.credentials.models import CredentialBatch
from simpul.events import services
from simpul.events.models import Event, Registration
from simpul.organisations.models import Organisation
from simpul.people.models import Person

def pct(values, p):
    values = sorted(values)
    return round(values[min(len(values) - 1, int(len(values) * p))], 1)

out = {"events": Event.objects.count(), "registrations": Registration.objects.count()}
organiser = Organisation.objects.order_by("id").first()
{bench_people}
start = timezone.now() + datetime.timedelta(days=30)
event = services.event_create(
    actor=None, kind="seminar", title=f"Bench burst {time.time():.0f}", organisers=[organiser],
    starts_at=start, ends_at=start + datetime.timedelta(days=2), capacity=600, status="published",
    venue_name="Aula",
)
barrier = threading.Barrier(50)
latencies, errors = [], []
lock = threading.Lock()
def client(chunk):
    try:
        barrier.wait(timeout=60)
        for person in chunk:
            t = time.perf_counter()
            services.registration_create(actor=None, event=event, person=person)
            with lock:
                latencies.append((time.perf_counter() - t) * 1000)
    except Exception as exc:
        errors.append(repr(exc))
    finally:
        connections.close_all()
threads = [threading.Thread(target=client, args=(people[i::50],)) for i in range(50)]
t0 = time.monotonic()
for t in threads: t.start()
for t in threads: t.join()
rows = Registration.objects.filter(event=event)
out["burst"] = {
    "seconds": round(time.monotonic() - t0, 2), "errors": errors[:3],
    "confirmed": rows.filter(status="confirmed").count(), "waitlisted": rows.filter(status="waitlisted").count(),
    "p50_ms": pct(latencies, .5), "p95_ms": pct(latencies, .95), "p99_ms": pct(latencies, .99),
}
# Check-in: the 600 confirmed tickets, one scan each (the door's path).
event = Event.objects.get(pk=event.pk)
tickets = list(rows.filter(status="confirmed").values_list("ticket", flat=True))
day = event.starts_at.date()
times = []
for ticket in tickets:
    t = time.perf_counter()
    services.checkin_record(actor=None, event=event, day=day, code=ticket)
    times.append((time.perf_counter() - t) * 1000)
out["checkin"] = {"n": len(times), "p50_ms": pct(times, .5), "p95_ms": pct(times, .95)}
# 1,000 certificate PDFs: the 600 participants plus 400 more confirmed in a second event.
services.event_update(actor=None, event=event, attendance_rule=1)
t = time.monotonic()
issued, batch = services.certificates_issue(actor=None, event=event)
extra_event = services.event_create(
    actor=None, kind="seminar", title=f"Bench certificates {time.time():.0f}", organisers=[organiser],
    starts_at=start, ends_at=start + datetime.timedelta(hours=4), capacity=None, status="published", venue_name="Aula",
)
extra = services.registrations_import(actor=None, event=extra_event, people=people[600:1000])
services.checkin_many(actor=None, event=extra_event, day=start.date(), registrations=extra)
issued2, batch2 = services.certificates_issue(actor=None, event=extra_event)
out["issue_1000_s"] = round(time.monotonic() - t, 2)
b = CredentialBatch.objects.create(issuer=organiser, label="bench 1000", total=len(issued) + len(issued2))
b.credentials.set([c.pk for c in issued + issued2])
t = time.monotonic(); done = render.render_batch_archive(b.pk)
out["render_1000_zip_s"] = round(time.monotonic() - t, 2)
out["certificates"] = len(issued) + len(issued2)
out["regions"] = sorted({e for e in Event.objects.exclude(venue_region=None).values_list("venue_region_id", flat=True)[:400]})[:60]
print("RESULT " + json.dumps(out))
"""


INPROCESS = INPROCESS.replace("{bench_people}\n", BENCH_PEOPLE.lstrip("\n"))

HTTP_BURST_PREP = r"""
import datetime, json, string, time
from importlib import import_module
import django
django.setup()
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.hashers import make_password
from django.utils import timezone
from django.utils.crypto import get_random_string
from simpul.events import services
from simpul.organisations.models import Organisation
from simpul.people.models import Person, User

# 2,000 accounts of their own (the in-process burst's people, given a sign-in each).
{bench_people}
unusable = make_password(None)
missing = [p for p in people if p.user_id is None]
if missing:
    User.objects.bulk_create(
        [User(email=f"peserta{p.pk}@burst.bench.simpul.test", password=unusable) for p in missing],
        ignore_conflicts=True,
    )
    users = {u.email: u.pk for u in User.objects.filter(email__endswith="@burst.bench.simpul.test")}
    for p in missing:
        p.user_id = users[f"peserta{p.pk}@burst.bench.simpul.test"]
    Person.objects.bulk_update(missing, ["user"])
engine = import_module(settings.SESSION_ENGINE)
backend = settings.AUTHENTICATION_BACKENDS[0]
sessions = []
for user in User.objects.filter(person__in=people).order_by("person__id"):
    store = engine.SessionStore()
    store[SESSION_KEY], store[BACKEND_SESSION_KEY] = str(user.pk), backend
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    sessions.append(store.session_key)
start = timezone.now() + datetime.timedelta(days=30)
event = services.event_create(
    actor=None, kind="seminar", title=f"Bench HTTP burst {time.time():.0f}",
    organisers=[Organisation.objects.order_by("id").first()],
    starts_at=start, ends_at=start + datetime.timedelta(days=2), capacity=600, status="published",
    venue_name="Aula",
)
# A second event for the warm-up: a server that has just started is cold (each thread's first database
# connection, the API's first request), and a burst arrives at a server that has been serving for a while.
warmup = services.event_create(
    actor=None, kind="seminar", title=f"Bench HTTP warm-up {time.time():.0f}",
    organisers=[Organisation.objects.order_by("id").first()],
    starts_at=start, ends_at=start + datetime.timedelta(days=2), capacity=None, status="published",
    venue_name="Aula",
)
csrf = get_random_string(32, string.ascii_letters + string.digits)
print("RESULT " + json.dumps({"event": event.pk, "warmup": warmup.pk, "sessions": sessions, "csrf": csrf}))
"""


HTTP_BURST_PREP = HTTP_BURST_PREP.replace("{bench_people}\n", BENCH_PEOPLE.lstrip("\n"))


async def http_burst(
    host: str, port: int, event_id: int, sessions: list[str], csrf: str, clients: int, fresh: bool = False
):
    """Each session registers itself once through the API (what a phone's "Register" does), from
    `clients` concurrent keep-alive connections that all start together; with `fresh`, each registration
    opens its own connection (as 2,000 different phones do), and its latency includes connecting."""
    latencies: list[float] = []
    statuses: dict[str, int] = {}
    target = f"/api/v1/events/{event_id}/registrations"
    per_connection: list[list[float]] = []  # keep-alive connections stay with one server process

    async def client(chunk: list[str]):
        conn = run.Connection(host, port)
        mine: list[float] = []
        per_connection.append(mine)
        for key in chunk:
            headers = {
                "Cookie": f"sessionid={key}; csrftoken={csrf}",
                "X-CSRFToken": csrf,
                "Content-Type": "application/json",
            }
            t0 = time.perf_counter()
            status, _, _ = await conn.request("POST", target, headers, b"{}")
            latencies.append((time.perf_counter() - t0) * 1000)
            mine.append(latencies[-1])
            statuses[str(status)] = statuses.get(str(status), 0) + 1
            if fresh:
                conn.close()
        conn.close()

    t0 = time.perf_counter()
    await asyncio.gather(*(client(sessions[i::clients]) for i in range(clients)))
    seconds = time.perf_counter() - t0
    means = sorted(sum(m) / len(m) for m in per_connection if m)
    latencies.sort()
    return {
        "requests": len(latencies),
        "seconds": round(seconds, 2),
        "per_second": round(len(latencies) / seconds, 1),
        "statuses": statuses,
        "p50_ms": round(run.percentile(latencies, 50), 1),
        "p95_ms": round(run.percentile(latencies, 95), 1),
        "p99_ms": round(run.percentile(latencies, 99), 1),
        "connection_mean_ms": [round(means[0], 1), round(means[-1], 1)],
    }


def _burst_over_http(url: str, env: dict, code_dir, host: str, port: int, fresh: bool) -> dict:
    run.log(
        "Registration burst over HTTP: 2,000 signed-in people, 50 clients, POST /api/v1/events/{id}/registrations"
    )
    prep = subprocess.run(
        [sys.executable, "-c", HTTP_BURST_PREP], env=env, cwd=code_dir, check=True, text=True, capture_output=True
    ).stdout  # fmt: skip
    prep = json.loads(prep.split("RESULT ", 1)[1])
    warm = asyncio.run(
        http_burst(host, port, prep["warmup"], prep["sessions"][:300], prep["csrf"], 50, fresh)
    )
    run.log(f"  warm-up (300 registrations for another event, not counted): {warm['per_second']}/s")
    burst = asyncio.run(http_burst(host, port, prep["event"], prep["sessions"], prep["csrf"], 50, fresh))
    burst["connections"] = "one per registration" if fresh else "50 kept alive"
    counts = dict(
        run.query(
            url,
            "SELECT status, count(*) FROM events_registration WHERE event_id = %s GROUP BY status",
            (prep["event"],),
        )
    )
    burst.update(confirmed=counts.get("confirmed", 0), waitlisted=counts.get("waitlisted", 0))
    run.log(f"  {burst}")
    return burst


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", default="national", choices=["demo", "national"])
    parser.add_argument("--duration", type=float, default=20)
    parser.add_argument("--warmup", type=float, default=3)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--pace", type=float, default=0)
    parser.add_argument("--port", type=int, default=18767)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--source", default="HEAD", help="Git revision, or 'worktree'.")
    parser.add_argument("--seed", type=int, default=20250626)
    parser.add_argument(
        "--burst-only",
        action="store_true",
        help="Only the HTTP registration burst (no in-process part, no list).",
    )
    parser.add_argument("--list-only", action="store_true", help="Only the floor and the event list.")
    parser.add_argument(
        "--fresh-connections",
        action="store_true",
        help="Each registration of the burst opens its own connection (2,000 phones), not 50 kept alive.",
    )
    parser.add_argument(
        "--live", action="store_true", help="The server answers every list request live (no public cache)."
    )
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "postgres://simpul:simpul@127.0.0.1:5432/simpul_events_bench")
    run.ensure_database(url)
    env = run.server_env(url, data="events")  # an empty file cache: 2,000 sign-ins a run fill it
    code_dir, commit = run.code_under_test(args.source)
    env["PYTHONPATH"] = str(code_dir)
    env["SIMPUL_PUBLIC_URL"] = f"http://127.0.0.1:{args.port}"
    env["SIMPUL_SIGNING_KEY"] = run.signing_key(env)
    run.log(f"Benchmarking {commit or 'the working tree'} on {url.rsplit('/', 1)[-1]} ({args.scale})")
    prepared = run.prepare(url, env, args.scale, args.seed)
    run.log(f"  data: {prepared}")
    if args.live:
        env["SIMPUL_PUBLIC_CACHE"] = "0"
    if not args.burst_only:
        # Fresh planner statistics for the list, for the events tables only and long before the timed
        # part: a whole-database VACUUM just before it left a checkpoint writing its pages during the
        # burst (seconds-long stalls in the p99).
        run.vacuum_and_checkpoint(url, ("events_event", "events_category", "events_registration"))
    inprocess = {"regions": []}
    if args.list_only:
        inprocess["regions"] = [
            code
            for (code,) in run.query(
                url,
                "SELECT DISTINCT venue_region_id FROM (SELECT venue_region_id FROM events_event"
                " WHERE venue_region_id IS NOT NULL ORDER BY id LIMIT 400) e ORDER BY 1 LIMIT 60",
                (),
            )
        ]
    elif not args.burst_only:
        run.log("Registration burst, check-in, 1,000 certificates (in-process)")
        output = subprocess.run(
            [sys.executable, "-c", INPROCESS],
            env=env,
            cwd=code_dir,
            check=True,
            text=True,
            capture_output=True,
        ).stdout
        inprocess = json.loads(output.split("RESULT ", 1)[1])
        for key in ("events", "registrations", "burst", "checkin", "issue_1000_s", "render_1000_zip_s"):
            run.log(f"  {key}: {inprocess.get(key)}")

    rng = random.Random(args.seed)
    paths = ["/events/", "/events/?kind=seminar", "/events/?kind=webinar&page=3", "/events/?month=2025-05"]
    paths += [f"/events/?region={code[:2]}" for code in inprocess["regions"][:30]]
    paths += [f"/events/?region={code}&kind=workshop" for code in inprocess["regions"][:30]]
    rng.shuffle(paths)
    workers = args.workers or run.default_workers()
    host = "127.0.0.1"
    server_log = (run.DATA_DIR / "server-events.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "simpul", "serve", "--bind", f"{host}:{args.port}", "--workers", str(workers),
         "--threads", str(args.threads)],
        env=env,
        cwd=code_dir,
        stdout=server_log,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    results = []
    burst = {}
    try:
        run.wait_healthy(host, args.port, server)
    except BaseException:
        server.terminate()
        raise
    try:
        if not args.list_only:
            burst = _burst_over_http(url, env, code_dir, host, args.port, args.fresh_connections)
        targets = () if args.burst_only else (("floor", ["/bench/floor"]), ("event_list", paths))
        for name, target_paths in targets:
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
            )
            results.append(result)
    finally:
        server.terminate()
        server.wait(timeout=30)
    out = run.RESULTS / f"{time.strftime('%Y%m%d-%H%M%S')}-events.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps(
            {
                "commit": commit or "working tree",
                "scale": args.scale,
                "concurrency": args.concurrency,
                "machine": run.machine(url),
                "prepared": prepared,
                "inprocess": inprocess,
                "http_burst": burst,
                "http": [r.__dict__ for r in results],
            },
            indent=2,
            default=str,
        )
    )
    run.log(f"Results in {out}")


if __name__ == "__main__":
    main()
