#!/usr/bin/env python
"""Simpul's benchmark: the production stack on PostgreSQL, driven by concurrent keep-alive clients.

    python bench/run.py [--scale national|demo] [--duration 20] [--concurrency 20]

Steps: create the database if missing, migrate, load the regions and generate the data if absent,
start `simpul serve` under simpul.settings.prod, sign a bench user in through the allauth form,
then drive each target with N clients for a fixed time and print requests, throughput and
p50/p95/p99 latency next to the floor (a trivial page through the same stack). Results also go to
bench/results/<time>-<scale>.json. See bench/README.md.

The client is asyncio with raw HTTP/1.1 over keep-alive connections: one process, no threads, so
on a small machine it takes as little CPU from the server as a Python client can.
"""

import argparse
import asyncio
import gzip
import json
import os
import platform
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
from dataclasses import asdict, dataclass, field
from importlib import resources
from pathlib import Path

import psycopg
from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
DATA_DIR = ROOT / "var" / "bench"
DEFAULT_DB = "postgres://simpul:simpul@127.0.0.1:5432/simpul_bench"
BENCH_EMAIL = "bench@bench.simpul.test"  # the app benches give this account the roles they need
# The foundation's profile target signs in as a member who holds no role, as most people do: the other
# benches' roles would otherwise change what "the profile page" measures.
MEMBER_EMAIL = "member@bench.simpul.test"
BENCH_PASSWORD = "bench-pustaka-2025"  # noqa: S105 (a local benchmark account)


# --- setup -----------------------------------------------------------------------------------------


def log(message: str) -> None:
    print(message, flush=True)


def ensure_database(url: str) -> None:
    parsed = urllib.parse.urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            log(f"Creating database {name}")
            conn.execute(f'CREATE DATABASE "{name}"')


def server_env(url: str, data: str = "run") -> dict[str, str]:
    """The server's environment. `data` names its own data folder under var/bench/ (media, the file
    cache): the cache holds allauth's per-account sign-in limit, so benchmarks that sign the same bench
    account in, against different databases, must not share one. The file cache is emptied: no answer
    cached by an earlier run (of other code, or under a state token that is still current) is read."""
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(DATA_DIR / data / "cache", ignore_errors=True)
    key_file = DATA_DIR / "fernet.key"  # kept, so generated NIKs stay readable across runs
    if not key_file.exists():
        key_file.write_text(Fernet.generate_key().decode())
    secret_file = DATA_DIR / "secret.key"
    if not secret_file.exists():
        secret_file.write_text(Fernet.generate_key().decode() + Fernet.generate_key().decode())
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="simpul.settings.prod",
        DATABASE_URL=url,
        SECRET_KEY=secret_file.read_text().strip(),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SIMPUL_FIELD_KEYS=key_file.read_text().strip(),
        SECURE_SSL_REDIRECT="false",
        SIMPUL_DATA_DIR=str(DATA_DIR / data),
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    return env


def signing_key(env) -> str:
    """A certificate signing key for production settings, made once by the code under test's own
    `simpul credentials keygen` (revisions without credentials need none)."""
    key_file = DATA_DIR / "signing.key"
    if not key_file.exists():
        try:
            key = simpul(
                {**env, "DJANGO_SETTINGS_MODULE": "simpul.settings.dev"},
                "credentials",
                "keygen",
                capture=True,
            )
        except subprocess.CalledProcessError:
            return ""
        key_file.write_text(key.strip())
    return key_file.read_text().strip()


def simpul(env, *args, capture: bool = False) -> str:
    """Run a `simpul` command from the code under test (env["PYTHONPATH"])."""
    result = subprocess.run(
        [sys.executable, "-m", "simpul", *args],
        env=env,
        cwd=env["PYTHONPATH"],
        check=True,
        text=True,
        capture_output=capture,
    )
    return result.stdout if capture else ""


def code_under_test(source: str) -> tuple[Path, str]:
    """The code to run: a clean export of a git revision (so work in progress in the checkout
    cannot break or skew the run), or the working tree as it is."""
    if source == "worktree":
        return ROOT, ""
    commit = subprocess.run(
        ["git", "rev-parse", "--verify", f"{source}^{{commit}}"],
        cwd=ROOT,
        check=True,
        text=True,
        capture_output=True,
    ).stdout.strip()
    target = DATA_DIR / "src" / commit[:12]
    if not (target / "simpul" / "__init__.py").exists():
        target.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "archive", commit], cwd=ROOT, check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target, commit


def query(url: str, sql: str, params=()):
    with psycopg.connect(url) as conn:
        try:
            return conn.execute(sql, params).fetchall()
        except psycopg.errors.UndefinedTable:
            return None


# The foundation's own generation row (each app's generator adds a row named after the app after it).
SCALE_ROW = (
    "SELECT scale, seed, seconds, counts FROM demo_generation WHERE scale IN ('demo', 'national') "
    "ORDER BY id DESC LIMIT 1"
)


def prepare(url: str, env, scale: str, seed: int) -> dict:
    log("Migrating")
    simpul(env, "migrate", "--noinput", "-v", "0")
    villages = query(url, "SELECT count(*) FROM regions_region WHERE level = 4")[0][0]
    if villages < 83_762:
        log("Loading regions")
        started = time.monotonic()
        simpul(env, "regions", "load")
        log(f"  regions loaded in {time.monotonic() - started:.1f} s")
    rows = query(url, SCALE_ROW)
    if not rows or rows[0][0] != scale or rows[0][1] != seed:
        log(f"Generating {scale} data")
        simpul(env, "generate", "--scale", scale, "--seed", str(seed), *(["--reset"] if rows else []))
        rows = query(url, SCALE_ROW)
    _, _, seconds, counts = rows[0]
    simpul(env, "shell", "-c", BENCH_USER_CODE)
    vacuum_and_checkpoint(url)
    return {"generation_seconds": seconds, "counts": counts}


def default_workers() -> int:
    """What `simpul serve` runs by default (2 x cores + 1 sync workers). The benches used to run
    cores + 1 workers x 4 threads: keep-alive connections then stay with the process that accepted
    them, some processes serve far more clients than others, and threads of one process wait for each
    other's GIL while holding a row lock (the registration burst's p99 was 0.6-1.7 s; with this
    server 0.26-0.29 s). Sync workers take each request from the one accept queue, in order."""
    return 2 * (os.cpu_count() or 1) + 1


def vacuum_and_checkpoint(url: str, tables: tuple[str, ...] = ()) -> None:
    """Fresh planner statistics, then the pages the vacuum dirtied written out now: otherwise the next
    checkpoint writes them (hundreds of MB after a large change) while the timed part runs, and its
    p99 shows seconds-long stalls. CHECKPOINT needs the pg_checkpoint role (PostgreSQL 15:
    `GRANT pg_checkpoint TO simpul`); without it the bench says so and goes on."""
    with psycopg.connect(url, autocommit=True) as conn:
        for table in tables or ("",):
            conn.execute(f"VACUUM ANALYZE {table}".strip())
        try:
            conn.execute("CHECKPOINT")
        except psycopg.errors.InsufficientPrivilege:
            log("  (no CHECKPOINT after VACUUM: grant pg_checkpoint to the bench role for steadier figures)")


BENCH_USER_CODE = f"""
from allauth.account.models import EmailAddress
from simpul.people.models import User
from simpul.people.services import user_create
for email, name in (({BENCH_EMAIL!r}, "Pengguna Bench"), ({MEMBER_EMAIL!r}, "Anggota Bench")):
    user = User.objects.filter(email=email).first()
    if user is None:
        user = user_create(actor=None, email=email, password={BENCH_PASSWORD!r}, full_name=name)
    EmailAddress.objects.update_or_create(user=user, email=email, defaults={{"verified": True, "primary": True}})
"""


def village_prefixes(count: int, seed: int) -> list[str]:
    """Search texts as people type them: the first 3-6 letters of real village names."""
    raw = resources.files("lokal").joinpath("data").joinpath("desa.json.gz").read_bytes()
    village_names = sorted(set(json.loads(gzip.decompress(raw)).values()))
    rng = random.Random(seed)
    prefixes = []
    for name in rng.sample(village_names, count):
        text = name.lower()
        prefixes.append(text[: rng.randint(3, 6)].strip() or text)
    return prefixes


# --- a small HTTP/1.1 keep-alive client ---------------------------------------------------------------


class HttpError(Exception):
    pass


class Connection:
    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.reader = self.writer = None

    async def open(self):
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port)

    def close(self):
        if self.writer:
            self.writer.close()
        self.reader = self.writer = None

    async def request(
        self, method: str, target: str, headers: dict[str, str] | None = None, body: bytes = b""
    ) -> tuple[int, dict[str, list[str]], bytes]:
        if self.writer is None:
            await self.open()
        lines = [
            f"{method} {target} HTTP/1.1",
            f"Host: {self.host}:{self.port}",
            "Connection: keep-alive",
            "Accept-Encoding: identity",
            "User-Agent: simpul-bench",
        ]
        for name, value in (headers or {}).items():
            lines.append(f"{name}: {value}")
        if body or method == "POST":
            lines.append(f"Content-Length: {len(body)}")
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        status_line = await self.reader.readline()
        if not status_line:
            raise HttpError("connection closed")
        status = int(status_line.split()[1])
        response_headers: dict[str, list[str]] = {}
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b"\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            response_headers.setdefault(name.strip().lower(), []).append(value.strip())
        if "chunked" in ",".join(response_headers.get("transfer-encoding", [])):
            content = bytearray()
            while True:
                size = int((await self.reader.readline()).split(b";")[0], 16)
                if size == 0:
                    await self.reader.readline()
                    break
                content += await self.reader.readexactly(size)
                await self.reader.readline()
            payload = bytes(content)
        else:
            length = int(response_headers.get("content-length", ["0"])[0])
            payload = await self.reader.readexactly(length) if length else b""
        if "close" in ",".join(response_headers.get("connection", [])).lower():
            self.close()
        return status, response_headers, payload


def cookies_from(headers: dict[str, list[str]]) -> dict[str, str]:
    """Cookies from Set-Cookie, whatever their Secure flag (the local run is plain http)."""
    jar = {}
    for value in headers.get("set-cookie", []):
        name, _, rest = value.partition("=")
        jar[name.strip()] = rest.split(";")[0]
    return jar


async def sign_in(host: str, port: int, email: str = BENCH_EMAIL) -> str:
    """Sign in through the allauth login form; returns the Cookie header of the session."""
    conn = Connection(host, port)
    status, headers, page = await conn.request("GET", "/accounts/login/")
    jar = cookies_from(headers)
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if status != 200 or not match or "csrftoken" not in jar:
        raise SystemExit(f"Cannot read the login form (status {status}).")
    form = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": match.group(1).decode(),
            "login": email,
            "password": BENCH_PASSWORD,
        }
    ).encode()
    status, headers, body = await conn.request(
        "POST",
        "/accounts/login/",
        {
            "Cookie": f"csrftoken={jar['csrftoken']}",
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"http://{host}:{port}/accounts/login/",
        },
        form,
    )
    jar.update(cookies_from(headers))
    if status != 302 or "sessionid" not in jar:
        conn.close()
        (DATA_DIR / "login-failure.html").write_bytes(body)
        errors = re.findall(rb'class="[^"]*(?:error|alert)[^"]*"[^>]*>\s*([^<]{3,200})', body)
        raise HttpError(f"signing in failed (status {status}): {[e.decode().strip() for e in errors][:3]}")
    # Land on the page the login redirects to, as a browser does: it shows the "signed in" message
    # and deletes the `messages` cookie, which a browser then stops sending (the bench used to send
    # it with every request, so every signed-in page drew and cleared that message again).
    location = headers.get("location", ["/"])[0]
    _, headers, _ = await conn.request(
        "GET", location, {"Cookie": "; ".join(f"{k}={v}" for k, v in jar.items())}
    )
    conn.close()
    jar.update(cookies_from(headers))
    jar = {name: value for name, value in jar.items() if value not in ("", '""')}
    return "; ".join(f"{k}={v}" for k, v in jar.items())


# --- load -----------------------------------------------------------------------------------------


@dataclass
class Result:
    target: str
    requests: int = 0
    errors: int = 0
    seconds: float = 0.0
    throughput: float = 0.0
    p50_ms: float = 0.0
    p95_ms: float = 0.0
    p99_ms: float = 0.0
    mean_ms: float = 0.0
    ratio_p95_to_floor: float | None = None
    other_cpu_s: float | None = None  # CPU seconds used meanwhile by processes not in the benchmark
    statuses: dict = field(default_factory=dict)
    # p95 of the requests started in each WINDOW seconds of the measured time, in order: shows a run
    # whose start differs from its end (a cache filling, workers warming up).
    p95_by_window_ms: list = field(default_factory=list)


WINDOW = 5


def _cpu_by_process() -> dict[int, tuple[str, int, float]]:
    """{pid: (command, parent pid, CPU seconds so far)} from /proc (Linux only; empty elsewhere)."""
    ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    table = {}
    for entry in Path("/proc").iterdir() if Path("/proc/self/stat").exists() else []:
        if not entry.name.isdigit():
            continue
        try:
            raw = (entry / "stat").read_text()
        except OSError:
            continue
        command = raw[raw.index("(") + 1 : raw.rindex(")")]
        fields = raw[raw.rindex(")") + 2 :].split()
        table[int(entry.name)] = (command, int(fields[1]), (int(fields[11]) + int(fields[12])) / ticks)
    return table


def other_cpu_seconds(before: dict, after: dict, ours: set[int]) -> float:
    """CPU used between two snapshots by processes outside the benchmark: not this process, not the
    server's process tree, not PostgreSQL (whose backends serve the benchmark). A clean run is ~0."""

    def is_ours(pid: int) -> bool:
        seen = set()
        while pid and pid not in seen:
            if pid in ours:
                return True
            seen.add(pid)
            pid = after.get(pid, before.get(pid, ("", 0, 0)))[1]
        return False

    total = 0.0
    for pid, (command, _, cpu) in after.items():
        if is_ours(pid) or command.startswith("postgres"):
            continue
        total += cpu - before.get(pid, (command, 0, 0.0))[2]
    return round(total, 1)


def percentile(sorted_values: list[float], p: float) -> float:
    if not sorted_values:
        return 0.0
    index = min(len(sorted_values) - 1, max(0, round(p / 100 * len(sorted_values) + 0.5) - 1))
    return sorted_values[index]


async def drive(host, port, name, paths, headers, concurrency, duration, warmup, pace_ms=0.0) -> Result:
    """N clients for `duration` seconds after `warmup`. Without a pace each client sends its next
    request as soon as the last is answered (a closed loop: the server's saturation). With a pace,
    each client starts one request every `pace_ms`, staggered; latency then counts from the time a
    request was due, so a slow answer that delays the next request is not hidden."""
    latencies: list[float] = []
    windows: dict[int, list[float]] = {}
    statuses: dict[int, int] = {}
    errors = 0
    start = time.perf_counter()
    measure_from = start + warmup
    stop_at = measure_from + duration
    pace = pace_ms / 1000

    async def client(offset: int):
        nonlocal errors
        conn = Connection(host, port)
        i = offset
        due = start + pace * offset / concurrency
        while True:
            now = time.perf_counter()
            if pace:
                if due > now:
                    await asyncio.sleep(due - now)
                t0, due = due, due + pace
            else:
                t0 = now
            if t0 >= stop_at:
                break
            path = paths[i % len(paths)]
            i += concurrency
            try:
                status, _, _ = await conn.request("GET", path, headers)
            except (HttpError, OSError, asyncio.IncompleteReadError, ValueError):
                conn.close()
                if t0 >= measure_from:
                    errors += 1
                continue
            t1 = time.perf_counter()
            if t0 >= measure_from and t1 <= stop_at:
                latencies.append(t1 - t0)
                windows.setdefault(int((t0 - measure_from) // WINDOW), []).append((t1 - t0) * 1000)
                statuses[status] = statuses.get(status, 0) + 1
                if status >= 400:
                    errors += 1
        conn.close()

    await asyncio.gather(*(client(n) for n in range(concurrency)))
    latencies.sort()
    ms = [v * 1000 for v in latencies]
    return Result(
        target=name,
        requests=len(ms),
        errors=errors,
        seconds=duration,
        throughput=round(len(ms) / duration, 1),
        p50_ms=round(percentile(ms, 50), 2),
        p95_ms=round(percentile(ms, 95), 2),
        p99_ms=round(percentile(ms, 99), 2),
        mean_ms=round(statistics.fmean(ms), 2) if ms else 0.0,
        statuses={str(k): v for k, v in sorted(statuses.items())},
        p95_by_window_ms=[round(percentile(sorted(windows[w]), 95), 1) for w in sorted(windows)],
    )


def wait_healthy(host, port, process, timeout=90) -> None:
    async def probe():
        conn = Connection(host, port)
        try:
            status, _, body = await conn.request("GET", "/healthz")
            return status == 200 and b'"ok"' in body
        finally:
            conn.close()

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("The server stopped before it became healthy.")
        try:
            if asyncio.run(probe()):
                return
        except (OSError, HttpError, asyncio.IncompleteReadError):
            pass
        time.sleep(0.5)
    raise SystemExit("The server did not answer /healthz in time.")


def machine(url: str) -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
    except OSError:
        mem_kb = 0
    pg = query(url, "SHOW server_version")[0][0]
    return {
        "cpus": os.cpu_count(),
        "cpu_model": cpu,
        "memory_gb": round(mem_kb / 1024 / 1024, 1),
        "postgresql": pg,
        # What the server may keep in memory changes what every query costs: recorded with each run.
        "shared_buffers": query(url, "SHOW shared_buffers")[0][0],
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=["national", "demo"], default="national")
    parser.add_argument("--duration", type=float, default=20, help="Measured seconds per target.")
    parser.add_argument("--warmup", type=float, default=3, help="Unmeasured seconds before each target.")
    parser.add_argument("--concurrency", type=int, default=20, help="Concurrent keep-alive clients.")
    parser.add_argument(
        "--pace",
        type=float,
        default=0,
        help="Milliseconds between one client's requests (0: as fast as answered, the default).",
    )
    parser.add_argument(
        "--workers", type=int, default=None, help="Server workers (default: simpul serve's, 2 x cores + 1)."
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=1,
        help="Threads per server worker (default 1, as simpul serve; >1: gthread).",
    )
    parser.add_argument("--port", type=int, default=18765)
    parser.add_argument(
        "--source",
        default="HEAD",
        help="Git revision to benchmark, exported to var/bench/src (default HEAD); 'worktree': the checkout as is.",
    )
    parser.add_argument("--seed", type=int, default=20250626, help="Generator seed.")
    parser.add_argument(
        "--targets",
        default="floor,home,profile,regions_search",
        help="Comma-separated subset of floor,home,profile,regions_search.",
    )
    parser.add_argument(
        "--live",
        action="store_true",
        help="Turn the shared public answers off (SIMPUL_PUBLIC_CACHE=0): every regions search is answered live.",
    )
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", DEFAULT_DB)
    ensure_database(url)
    env = server_env(url)
    if args.live:
        env["SIMPUL_PUBLIC_CACHE"] = "0"
    code_dir, commit = code_under_test(args.source)
    env["PYTHONPATH"] = str(code_dir)
    env["SIMPUL_PUBLIC_URL"] = f"http://127.0.0.1:{args.port}"
    env["SIMPUL_SIGNING_KEY"] = signing_key(env)
    log(f"Benchmarking {commit or 'the working tree'} from {code_dir}")
    data = prepare(url, env, args.scale, args.seed)
    workers = args.workers or default_workers()
    host = "127.0.0.1"
    log(f"Starting simpul serve ({workers} workers x {args.threads} threads) on {host}:{args.port}")
    with socket.socket() as probe:
        if probe.connect_ex((host, args.port)) == 0:
            raise SystemExit(f"Something already listens on {host}:{args.port}; choose another --port.")
    server_log = (DATA_DIR / "server.log").open("w")  # a file, not a pipe nobody reads
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
    results: list[Result] = []
    load_before = os.getloadavg()
    try:
        wait_healthy(host, args.port, server)
        for attempt in range(3):
            try:
                session = asyncio.run(sign_in(host, args.port, MEMBER_EMAIL))
                break
            except HttpError as e:
                log(f"  {e}")
                if attempt == 2:
                    raise SystemExit("Cannot sign the bench user in.") from None
                time.sleep(2)
        searches = [
            f"/api/v1/regions?level=village&q={urllib.parse.quote(p)}" for p in village_prefixes(2000, 1)
        ]
        targets = {
            "floor": (["/bench/floor"], {}),
            "home": (["/"], {}),
            "profile": (["/profile/"], {"Cookie": session}),
            "regions_search": (searches, {}),
        }
        wanted = [t for t in args.targets.split(",") if t]
        if "floor" not in wanted:
            wanted.insert(0, "floor")
        for name in wanted:
            paths, headers = targets[name]
            log(
                f"Driving {name}: {args.concurrency} clients"
                + (f", one request each per {args.pace:g} ms" if args.pace else ", closed loop")
                + f", {args.duration:g} s (+{args.warmup:g} s warm-up)"
            )
            cpu_before = _cpu_by_process()
            result = asyncio.run(
                drive(
                    host,
                    args.port,
                    name,
                    paths,
                    headers,
                    args.concurrency,
                    args.duration,
                    args.warmup,
                    args.pace,
                )
            )
            if cpu_before:
                result.other_cpu_s = other_cpu_seconds(
                    cpu_before, _cpu_by_process(), {os.getpid(), server.pid}
                )
            results.append(result)
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        server_log.close()
    load_after = os.getloadavg()
    floor = next(r for r in results if r.target == "floor")
    for r in results:
        r.ratio_p95_to_floor = round(r.p95_ms / floor.p95_ms, 2) if floor.p95_ms else None

    header = f"{'target':<16}{'requests':>10}{'errors':>8}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'p95/floor':>11}{'other CPU s':>13}"
    log("")
    log(header)
    log("-" * len(header))
    for r in results:
        log(
            f"{r.target:<16}{r.requests:>10}{r.errors:>8}{r.throughput:>9.1f}{r.p50_ms:>9.2f}{r.p95_ms:>9.2f}"
            f"{r.p99_ms:>9.2f}{r.ratio_p95_to_floor:>11.2f}"
            f"{'' if r.other_cpu_s is None else format(r.other_cpu_s, '.1f'):>13}"
        )
    report = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "scale": args.scale,
        "concurrency": args.concurrency,
        "pace_ms": args.pace,
        "duration_s": args.duration,
        "commit": commit or "working tree",
        "server": {"workers": workers, "threads": args.threads, "settings": "simpul.settings.prod"},
        "public_answers": "off (--live)" if args.live else "on",
        "machine": machine(url),
        "load_average_before": [round(v, 2) for v in load_before],
        "load_average_after": [round(v, 2) for v in load_after],
        "data": data,
        "results": [asdict(r) for r in results],
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"{time.strftime('%Y%m%d-%H%M%S')}-{args.scale}.json"
    out.write_text(json.dumps(report, indent=2, default=str))
    log(
        f"\nLoad average (1, 5, 15 min) before {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f}, "
        f"after {load_after[0]:.2f} {load_after[1]:.2f} {load_after[2]:.2f} on {os.cpu_count()} cores"
    )
    log(f"Written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
