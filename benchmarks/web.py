"""Web benchmark: the web app as a real server over a generated registry, under concurrent
clients, on SQLite and PostgreSQL; each route beside the raw SQL it runs.

    nice -n 10 python benchmarks/web.py [--quick] [--backend sqlite|postgres|both]
        [--requests 400] [--clients 20] [--workers 1] [--threads N] [--regenerate]
        [--markdown FILE]

Registry (issue 4): 30,000 places, 50,000 ties, 1,000,000 engagements, a few thousand
agreements, memberships and documents (`--quick`: a tenth). The SQLite file is kept under
--data-dir and the PostgreSQL database (--pg-url) is kept too; both are reused while they
hold what this generator makes (`--regenerate` makes them anew).

For each route: p50/p95/p99 latency and throughput with --clients concurrent clients
(after a warm-up); the median latency of one client alone; the time of the request
in-process with the views' cache cleared ("uncached": what the first request after a write
pays); and the SELECTs that uncached request ran (captured from the app's engine) replayed
on a plain DBAPI connection ("SQL"); and the server's CPU time per request under load
("server CPU", all uvicorn processes: less noisy than latency on a shared machine).
ratio = uncached / SQL. Goals: p95 ≤ 100 ms for list and detail routes, ≤ 300 ms for
dashboard aggregates; ratio ≤ 2. Prints figures; asserts nothing. The load generator is a
small HTTP/1.1 client (`--client raw`; `--client httpx` for the one used before
2026-12-03), on the same machine as the server. It asks for gzip as browsers do
(`Accept-Encoding: gzip`; `--no-gzip` to ask for the plain bytes) and decompresses what
comes gzipped, as a browser does (a big body in a thread, as zlib lets go of the GIL: 20
browsers would decompress in 20 processes; `--no-decompress` to only count the bytes);
"bytes/resp" is the mean body size as sent (compressed).
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import datetime as dt
import json
import os
import platform
import random
import re
import socket
import statistics
import subprocess
import sys
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from rich.console import Console
from rich.table import Table
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import web_data  # noqa: E402

from citydip.analytics.cache import counts_cache, views_cache  # noqa: E402
from citydip.config import Settings, sqlite_url  # noqa: E402
from citydip.services import accounts  # noqa: E402
from citydip.store.engine import Registry, make_engine, open_registry  # noqa: E402

console = Console(stderr=True)
SECRET = "citydip-benchmark-secret-key-not-for-production"
LIST_GOAL, AGGREGATE_GOAL, RATIO_GOAL = 100.0, 300.0, 2.0


# -- the registries ------------------------------------------------------------------------
def sqlite_registry(data_dir: Path, sizes: web_data.Sizes, name: str, regenerate: bool) -> str:
    path = data_dir / f"registry-{name}.db"
    url = sqlite_url(path)
    if path.exists() and not regenerate:
        engine = make_engine(url)
        done = web_data.is_complete(engine, sizes)
        engine.dispose()
        if done:
            console.print(f"reusing {path}")
            return url
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    console.print(f"generating {path} ...")
    web_data.generate(url, sizes, console)
    return url


def pg_registry(pg_url: str, sizes: web_data.Sizes, regenerate: bool) -> str:
    url = make_url(pg_url)
    name = url.database or "citydip_bench"
    if not regenerate:
        engine = create_engine(pg_url)
        try:
            done = web_data.is_complete(engine, sizes)
        finally:
            engine.dispose()
        if done:
            console.print(f"reusing PostgreSQL database {name}")
            return pg_url
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    console.print(f"generating PostgreSQL database {name} ...")
    web_data.generate(pg_url, sizes, console)
    return pg_url


# -- the server ----------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def server(
    url: str, workers: int, http: str = "auto", loop: str = "auto", threads: int | None = None
) -> Iterator[str]:
    """uvicorn serving the app over `url` in a subprocess; yields its base URL."""
    port = free_port()
    env = {**os.environ, "CITYDIP_DATABASE_URL": url, "CITYDIP_SECRET_KEY": SECRET}
    if threads is not None:
        env["CITYDIP_THREADS"] = str(threads)
    cmd = [
        sys.executable, "-m", "uvicorn", "--factory", "citydip.web.app:app_from_env",
        "--host", "127.0.0.1", "--port", str(port),
        "--workers", str(workers), "--no-access-log", "--log-level", "warning",
        "--http", http, "--loop", loop,
    ]  # fmt: skip
    proc = subprocess.Popen(cmd, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if proc.poll() is not None:
                raise SystemExit(f"the server exited with {proc.returncode}")
            try:
                if httpx.get(base + "/api/v1/openapi.json", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit("the server did not answer within 120 s")
            time.sleep(0.3)
        SERVER_PIDS[base] = proc.pid
        yield base
    finally:
        SERVER_PIDS.pop(base, None)
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


SERVER_PIDS: dict[str, int] = {}  # base URL → the uvicorn process serving it


def cpu_seconds(pid: int) -> float:
    """CPU seconds (user + system) of a process and its children (uvicorn's workers)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(entry.name) == pid or int(fields[1]) == pid:
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


# -- who asks ------------------------------------------------------------------------------
def make_tokens(registry: Registry, n: int) -> list[str]:
    """One API token per client (each script its own), for the benchmark's admin."""
    with registry.session() as session:
        user = accounts.get_user(session, web_data.BENCH_USER)
        assert user is not None, "the generated registry has its user"
        return [accounts.make_token(session, user, f"bench-{i}")[1] for i in range(n)]


def user_id(registry: Registry) -> int:
    with registry.session() as session:
        user = accounts.get_user(session, web_data.BENCH_USER)
        assert user is not None
        return user.id


def forged_session(uid: int) -> str:
    """A session cookie as Starlette signs it (the server runs with our secret key)."""
    from itsdangerous import TimestampSigner

    data = base64.b64encode(json.dumps({"uid": uid, "csrf": "bench"}).encode())
    return TimestampSigner(SECRET).sign(data).decode()


def page_auth(base: str, token: str, uid: int) -> tuple[dict[str, str], dict[str, str], str]:
    """(cookies, headers, how) that open the pages: the login form, else the token, else a
    session cookie signed with the server's key (while the login page is not built)."""
    with httpx.Client(base_url=base, follow_redirects=False, timeout=30) as c:
        form = c.get("/login")
        found = re.search(r'name="csrf_token"\s+value="([^"]+)"', form.text)
        if form.status_code == 200 and found:
            done = c.post(
                "/login",
                data={
                    "username": web_data.BENCH_USER,
                    "password": web_data.BENCH_PASSWORD,
                    "csrf_token": found.group(1),
                    "next": "/",
                },
            )
            if done.status_code == 303 and "citydip_session" in c.cookies:
                return {"citydip_session": c.cookies["citydip_session"]}, {}, "login form"
        bearer = {"Authorization": f"Bearer {token}"}
        if c.get("/", headers=bearer).status_code == 200:
            return {}, bearer, "API token"
    return {"citydip_session": forged_session(uid)}, {}, "signed session cookie"


# -- routes --------------------------------------------------------------------------------
@dataclass
class Route:
    name: str
    urls: Callable[[random.Random], str]
    goal: float
    page: bool = False


@dataclass
class Result:
    route: Route
    latencies: list[float] = field(default_factory=list)  # ms, under load
    seconds: float = 0.0
    errors: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    alone: float = float("nan")  # ms, median of one client
    miss: float = float("nan")  # ms, in-process with the views' cache cleared
    sql: float = float("nan")  # ms, median of the replayed statements
    statements: int = 0
    writes: int = 0
    capped: bool = False
    cpu: float = float("nan")  # ms of server CPU per request under load
    body_bytes: int = 0  # of the 200 responses under load, as sent (compressed or not)
    slowest: list[tuple[float, str, Any]] = field(default_factory=list)

    def pct(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        xs = sorted(self.latencies)
        return xs[min(len(xs) - 1, max(0, round(q / 100 * len(xs) + 0.5) - 1))]

    @property
    def bytes_per_response(self) -> float:
        return self.body_bytes / len(self.latencies) if self.latencies else float("nan")

    @property
    def rps(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else float("nan")

    @property
    def ratio(self) -> float:
        """The route's time over its SQL's, both without the views' cache."""
        return self.miss / self.sql if self.sql else float("nan")


def sample_ids(engine: Engine) -> dict[str, list[int]]:
    with engine.connect() as conn:
        eng = [
            r[0]
            for r in conn.execute(
                text("SELECT id FROM records WHERE kind = 'engagement' AND id % 97 = 0")
            )
        ]
        places = [
            r[0] for r in conn.execute(text("SELECT id FROM places WHERE level != 'organization'"))
        ]
    return {"engagements": eng, "places": places}


def routes(openapi: set[str], ids: dict[str, list[int]], pages: bool) -> list[Route]:
    eng, places = ids["engagements"], ids["places"]

    def fixed(url: str) -> Callable[[random.Random], str]:
        return lambda _rng: url

    found = [
        Route(
            "/api/v1/engagements?per_page=50", fixed("/api/v1/engagements?per_page=50"), LIST_GOAL
        ),
        Route(
            "/api/v1/engagements?per_page=50&page=100",
            fixed("/api/v1/engagements?per_page=50&page=100"),
            LIST_GOAL,
        ),
        Route(
            "/api/v1/engagements?type=meeting",
            fixed("/api/v1/engagements?type=meeting&per_page=50"),
            LIST_GOAL,
        ),
        Route(
            "/api/v1/engagements?place={random}",
            lambda rng: f"/api/v1/engagements?place={rng.choice(places)}&per_page=50",
            LIST_GOAL,
        ),
        Route(
            "/api/v1/engagements?place={home}",
            fixed("/api/v1/engagements?place=1&per_page=50"),
            LIST_GOAL,
        ),
        Route(
            "/api/v1/relationships?per_page=50",
            fixed("/api/v1/relationships?per_page=50"),
            LIST_GOAL,
        ),
        Route("/api/v1/places?q=se", fixed("/api/v1/places?q=se"), LIST_GOAL),
        Route(
            "/api/v1/engagements/{id}",
            lambda rng: f"/api/v1/engagements/{rng.choice(eng)}",
            LIST_GOAL,
        ),
        Route("/api/v1/places/{id}", lambda rng: f"/api/v1/places/{rng.choice(places)}", LIST_GOAL),
    ]
    for path in ("/api/v1/stats", "/api/v1/map", "/api/v1/network", "/api/v1/timeline"):
        if path in openapi:
            found.append(Route(path, fixed(path), AGGREGATE_GOAL))
    if pages:
        found += [
            Route("page /", fixed("/"), AGGREGATE_GOAL, page=True),
            Route("page /records/engagements", fixed("/records/engagements"), LIST_GOAL, page=True),
            Route(
                "page /places/{id}",
                lambda rng: f"/places/{rng.choice(places)}",
                LIST_GOAL,
                page=True,
            ),
        ]
    return found


# -- load ----------------------------------------------------------------------------------
GZIP = True  # set from --no-gzip: whether the clients ask for gzip
DECOMPRESS = True  # set from --no-decompress: whether they decompress what comes gzipped


class RawClient:
    """A minimal HTTP/1.1 keep-alive client for GETs. The load generator runs on the same
    cores as the server: httpx spent about 4 ms of CPU per request (as much as the server
    on a small route), this about a tenth of it (`--client httpx` for the old one). It
    asks for gzip (unless --no-gzip) and decompresses a gzipped body, as a browser does."""

    def __init__(self, base: str, cookies: dict[str, str], headers: dict[str, str]) -> None:
        url = httpx.URL(base)
        self.host, self.port = url.host, url.port or 80
        encoding = {"Accept-Encoding": "gzip" if GZIP else "identity"}
        lines = {"Host": f"{self.host}:{self.port}", **encoding, **headers}
        if cookies:
            lines["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        self.head = "".join(f"{k}: {v}\r\n" for k, v in lines.items())
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.nbytes = 0  # the last body's size as sent

    async def get(self, path: str) -> int:
        """The status of GET `path` (its body read, decompressed if gzipped, and dropped);
        0 if the connection failed."""
        try:
            return await self._get(path)
        except (OSError, asyncio.IncompleteReadError, ValueError):
            await self.aclose()
            return 0

    async def _get(self, path: str) -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        self.writer.write(f"GET {path} HTTP/1.1\r\n{self.head}\r\n".encode("latin-1"))
        status = int((await self.reader.readline()).split(b" ", 2)[1])
        length, chunked, close, gzipped = 0, False, False, False
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"transfer-encoding" and b"chunked" in value.lower():
                chunked = True
            elif name == b"connection" and b"close" in value.lower():
                close = True
            elif name == b"content-encoding" and b"gzip" in value.lower():
                gzipped = True
        chunks = []
        if chunked:
            while size := int((await self.reader.readline()).split(b";")[0], 16):
                chunks.append((await self.reader.readexactly(size + 2))[:-2])
            await self.reader.readline()
        elif length:
            chunks.append(await self.reader.readexactly(length))
        body = b"".join(chunks)
        self.nbytes = len(body)
        if gzipped and DECOMPRESS:  # what a browser does before reading it
            if len(body) > 65536:
                await asyncio.to_thread(zlib.decompress, body, 31)
            else:
                zlib.decompress(body, 31)
        if close:
            await self.aclose()
        return status

    async def aclose(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with suppress(OSError):
                await self.writer.wait_closed()
        self.reader = self.writer = None


class HttpxClient:
    """The same interface over httpx (the benchmark's client before 2026-12-03)."""

    def __init__(self, base: str, cookies: dict[str, str], headers: dict[str, str]) -> None:
        encoding = {"Accept-Encoding": "gzip" if GZIP else "identity"}
        self.client = httpx.AsyncClient(
            base_url=base, cookies=cookies, headers={**encoding, **headers}, timeout=120
        )
        self.nbytes = 0

    async def get(self, path: str) -> int:
        try:
            response = await self.client.get(path)
            await response.aread()  # decompressed by httpx
            self.nbytes = response.num_bytes_downloaded
            return response.status_code
        except httpx.HTTPError:
            return 0  # the connection failed or timed out

    async def aclose(self) -> None:
        await self.client.aclose()


CLIENTS: dict[str, type[RawClient] | type[HttpxClient]] = {"raw": RawClient, "httpx": HttpxClient}
CLIENT = "raw"  # set from --client


async def _load(
    base: str,
    urls: list[str],
    auth: list[tuple[dict[str, str], dict[str, str]]],
    max_seconds: float,
    result: Result | None,
) -> None:
    """len(auth) clients share `urls` (each takes the next one) until done or out of time."""
    clients = [CLIENTS[CLIENT](base, c, h) for c, h in auth]
    queue = iter(urls)
    t0 = time.perf_counter()
    deadline = t0 + max_seconds

    async def worker(client: RawClient | HttpxClient) -> None:
        for url in queue:
            if time.perf_counter() > deadline:
                if result is not None:
                    result.capped = True
                return
            start = time.perf_counter()
            status = await client.get(url)
            ms = (time.perf_counter() - start) * 1000
            if result is None:
                continue
            result.statuses[status] = result.statuses.get(status, 0) + 1
            if status == 200:
                result.latencies.append(ms)
                result.body_bytes += client.nbytes
            else:
                result.errors += 1

    try:
        await asyncio.gather(*(worker(c) for c in clients))
    finally:
        if result is not None:
            result.seconds = time.perf_counter() - t0
        for c in clients:
            await c.aclose()


def alone(
    base: str, urls: list[str], cookies: dict[str, str], headers: dict[str, str], limit: float
) -> float:
    """Median ms of one client alone (stops after `limit` seconds, after one request)."""

    async def run() -> list[float]:
        times = []
        deadline = time.perf_counter() + limit
        client = CLIENTS[CLIENT](base, cookies, headers)
        try:
            for url in urls:
                start = time.perf_counter()
                if not await client.get(url):
                    continue
                times.append((time.perf_counter() - start) * 1000)
                if time.perf_counter() > deadline:
                    break
        finally:
            await client.aclose()
        return times

    times = asyncio.run(run())
    return statistics.median(times) if times else float("nan")


# -- the same queries as raw SQL -----------------------------------------------------------
class Capture:
    """The statements a request runs, captured in-process from the app's own engine."""

    def __init__(self, url: str, token: str, uid: int):
        from fastapi.testclient import TestClient

        from citydip.web.app import create_app

        self.registry = open_registry(url, upgrade=False)
        settings = Settings(database_url=url, secret_key=SECRET)
        self.client = TestClient(create_app(settings, self.registry))
        self.token, self.uid = token, uid
        self.seen: list[tuple[str, Any]] | None = None
        self.miss = float("nan")  # ms of the last captured request, in-process, cache cleared
        event.listen(self.registry.engine, "before_cursor_execute", self._on_execute)

    def _on_execute(
        self, _c: Any, _cur: Any, statement: str, params: Any, _x: Any, many: bool
    ) -> None:
        if self.seen is not None:
            self.seen.append((statement, None if many else params))

    def statements(self, path: str, page: bool) -> list[tuple[str, Any]]:
        if page:
            cookies = {"citydip_session": forged_session(self.uid)}
            headers: dict[str, str] = {}
        else:
            cookies, headers = {}, {"Authorization": f"Bearer {self.token}"}
        headers["Accept-Encoding"] = "gzip" if GZIP else "identity"
        self.client.cookies.clear()
        for name, value in cookies.items():
            self.client.cookies.set(name, value)
        self.client.get(path, headers=headers)  # warm: the statements are the same after
        views_cache.clear()  # the statements of a miss: what a view costs after a write
        counts_cache.clear()
        self.seen = []
        try:
            start = time.perf_counter()
            self.client.get(path, headers=headers)
            self.miss = (time.perf_counter() - start) * 1000
            return self.seen
        finally:
            self.seen = None

    def close(self) -> None:
        self.client.close()
        self.registry.close()


def replay(
    engine: Engine, statements: list[tuple[str, Any]], runs: int, max_seconds: float
) -> tuple[float, list[tuple[float, str, Any]]]:
    """Median ms of running the SELECT statements one after another on a DBAPI cursor, and
    each statement's median ms (slowest first)."""
    selects = [(s, p) for s, p in statements if s.lstrip().upper().startswith(("SELECT", "WITH"))]
    raw = engine.raw_connection()
    totals: list[float] = []
    each: list[list[float]] = [[] for _ in selects]
    deadline = time.perf_counter() + max_seconds
    try:
        for n in range(runs + 1):
            cur = raw.cursor()
            total = 0.0
            for i, (statement, params) in enumerate(selects):
                start = time.perf_counter()
                cur.execute(statement, params) if params is not None else cur.execute(statement)
                cur.fetchall()
                ms = (time.perf_counter() - start) * 1000
                total += ms
                if n:  # the first run warms the caches
                    each[i].append(ms)
            if n:
                totals.append(total)
            cur.close()
            raw.rollback()
            if n and time.perf_counter() > deadline:
                break
    finally:
        raw.close()
    slowest = sorted(
        ((statistics.median(t), s, p) for t, (s, p) in zip(each, selects, strict=True)),
        key=lambda x: -x[0],
    )
    return statistics.median(totals), slowest


def explain(engine: Engine, statement: str, params: Any) -> str:
    """The plan of one statement: EXPLAIN QUERY PLAN on SQLite, EXPLAIN ANALYZE on PostgreSQL."""
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        if engine.dialect.name == "sqlite":
            cur.execute("EXPLAIN QUERY PLAN " + statement, params or ())
            return "\n".join(f"{r[0]:>3} {r[1]:>3} {r[3]}" for r in cur.fetchall())
        cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement, params)
        return "\n".join(r[0] for r in cur.fetchall())
    finally:
        raw.rollback()
        raw.close()


def is_write(statement: str) -> bool:
    return statement.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))


# -- one backend ---------------------------------------------------------------------------
def bench_backend(
    label: str, url: str, args: argparse.Namespace
) -> tuple[list[Result], dict[str, str]]:
    registry = open_registry(url, upgrade=False)
    tokens = make_tokens(registry, args.clients)
    uid = user_id(registry)
    ids = sample_ids(registry.engine)
    registry.close()
    info: dict[str, str] = {}
    results: list[Result] = []
    with server(url, args.workers, args.http, args.loop, args.threads) as base:
        spec = httpx.get(base + "/api/v1/openapi.json").json()
        paths = set(spec.get("paths", {}))
        info["API paths"] = ", ".join(sorted(paths))
        cookies, headers, how = page_auth(base, tokens[0], uid)
        probe = httpx.get(
            base + "/records/engagements", cookies=cookies, headers=headers, timeout=120
        )
        pages = probe.status_code == 200
        info["pages"] = (
            f"signed in by {how}"
            if pages
            else f"not built yet (GET /records/engagements: {probe.status_code})"
        )
        capture = Capture(url, tokens[0], uid)
        engine = make_engine(url)
        try:
            for route in routes(paths, ids, pages):
                if args.only and not any(o in route.name for o in args.only):
                    continue
                rng = random.Random(route.name)
                result = Result(route)
                auth = (
                    [(cookies, headers)] * args.clients
                    if route.page
                    else [({}, {"Authorization": f"Bearer {t}"}) for t in tokens]
                )
                warm = [route.urls(rng) for _ in range(args.warmup)]
                asyncio.run(_load(base, warm, auth, args.max_seconds / 3, None))
                urls = [route.urls(rng) for _ in range(args.requests)]
                cpu0 = cpu_seconds(SERVER_PIDS[base])
                asyncio.run(_load(base, urls, auth, args.max_seconds, result))
                served = len(result.latencies) + result.errors
                result.cpu = (cpu_seconds(SERVER_PIDS[base]) - cpu0) * 1000 / max(1, served)
                sample = [route.urls(rng) for _ in range(args.samples)]
                result.alone = alone(base, sample, *auth[0], args.max_seconds / 3)
                sql_times, misses = [], []
                for path in list(dict.fromkeys(sample))[:3]:
                    stmts = capture.statements(path, route.page)
                    misses.append(capture.miss)
                    result.statements = sum(1 for s, _ in stmts if not is_write(s))
                    result.writes = sum(1 for s, _ in stmts if is_write(s))
                    total, slowest = replay(engine, stmts, args.sql_runs, args.max_seconds / 3)
                    sql_times.append(total)
                    if not result.slowest or slowest[0][0] > result.slowest[0][0]:
                        result.slowest = slowest
                result.sql = statistics.median(sql_times)
                result.miss = statistics.median(misses)
                results.append(result)
                console.print(
                    f"{label} {route.name}: p50 {result.pct(50):.1f} p95 {result.pct(95):.1f} ms, "
                    f"{result.rps:.1f} req/s, server CPU {result.cpu:.1f} ms/req, "
                    f"{result.bytes_per_response:,.0f} bytes/resp, "
                    f"alone {result.alone:.1f} ms, SQL {result.sql:.1f} ms, "
                    f"load {os.getloadavg()[0]:.1f}"
                    + (f", {result.errors} errors {result.statuses}" if result.errors else ""),
                    highlight=False,
                    soft_wrap=True,
                )
            if args.explain:
                info["explain"] = explanations(engine, results)
        finally:
            capture.close()
            engine.dispose()
    return results, info


def explanations(engine: Engine, results: list[Result]) -> str:
    """The slowest statement of every route whose SQL takes 5 ms or more, with its plan."""
    out = []
    for r in results:
        if not r.slowest or r.slowest[0][0] < 5:
            continue
        ms, statement, params = r.slowest[0]
        share = ms / r.sql * 100 if r.sql else 0
        out.append(
            f"#### {r.route.name}: {ms:.1f} ms of {r.sql:.1f} ms SQL ({share:.0f}%)\n\n"
            f"```sql\n{statement.strip()}\n-- {str(params)[:300]}\n```\n\n"
            f"```\n{explain(engine, statement, params)}\n```\n"
        )
    return "\n".join(out)


# -- output --------------------------------------------------------------------------------
HEADERS = [
    "route", "n", "p50 ms", "p95 ms", "p99 ms", "req/s", "goal p95", "", "server CPU ms",
    "bytes/resp", "1 client ms", "uncached ms", "SQL ms", "stmts", "ratio", "≤ 2",
]  # fmt: skip


def rows(results: list[Result]) -> list[list[str]]:
    out = []
    for r in results:
        p95 = r.pct(95)
        n = (
            f"{len(r.latencies)}"
            + ("*" if r.capped else "")
            + (f" ({r.errors} err)" if r.errors else "")
        )
        out.append(
            [
                r.route.name,
                n,
                f"{r.pct(50):.1f}",
                f"{p95:.1f}",
                f"{r.pct(99):.1f}",
                f"{r.rps:.1f}",
                f"{r.route.goal:.0f}",
                "PASS" if p95 <= r.route.goal else "FAIL",
                f"{r.cpu:.1f}",
                f"{r.bytes_per_response:,.0f}",
                f"{r.alone:.1f}",
                f"{r.miss:.1f}",
                f"{r.sql:.2f}",
                f"{r.statements}" + (f"+{r.writes}w" if r.writes else ""),
                f"{r.ratio:.1f}",
                "PASS" if r.ratio <= RATIO_GOAL else "FAIL",
            ]
        )
    return out


def markdown(title: str, results: list[Result]) -> str:
    lines = [f"### {title}", "", "| " + " | ".join(h or "p95" for h in HEADERS) + " |"]
    lines.append("|" + "|".join("---" if i == 0 else "---:" for i in range(len(HEADERS))) + "|")
    lines += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in rows(results)]
    return "\n".join(lines) + "\n"


def commit() -> str:
    try:
        out = subprocess.run(
            ["git", "-C", str(HERE), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
        )
        return out.stdout.strip() or "?"
    except OSError:
        return "?"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--quick", action="store_true", help="a tenth of the registry")
    parser.add_argument("--data-dir", type=Path, default=Path("/tmp/citydip-bench"))
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--pg-url", default=None, help="default: .../citydip_bench[_quick]")
    parser.add_argument("--requests", type=int, default=400, help="per route, after warm-up")
    parser.add_argument("--warmup", type=int, default=40)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    parser.add_argument(
        "--threads", type=int, help="each worker's thread pool (default: the app's, per backend)"
    )
    parser.add_argument(
        "--http",
        choices=("auto", "h11", "httptools"),
        default="auto",
        help="uvicorn's HTTP parser (auto: httptools when installed)",
    )
    parser.add_argument(
        "--loop",
        choices=("auto", "asyncio", "uvloop"),
        default="auto",
        help="uvicorn's event loop (auto: uvloop when installed)",
    )
    parser.add_argument("--max-seconds", type=float, default=90, help="per route: cut off then")
    parser.add_argument("--samples", type=int, default=15, help="one-client requests per route")
    parser.add_argument("--sql-runs", type=int, default=5)
    parser.add_argument("--markdown", type=Path, help="append the tables to this file")
    parser.add_argument("--only", action="append", help="routes whose name has this (repeat)")
    parser.add_argument(
        "--explain", action="store_true", help="plans of the slowest statements (markdown)"
    )
    parser.add_argument(
        "--client", choices=sorted(CLIENTS), default="raw", help="the load generator's HTTP client"
    )
    parser.add_argument(
        "--no-gzip",
        action="store_true",
        help="clients ask for the plain bytes (Accept-Encoding: identity), not gzip",
    )
    parser.add_argument(
        "--no-decompress",
        action="store_true",
        help="the raw client counts a gzipped body's bytes but does not decompress it",
    )
    args = parser.parse_args()
    global CLIENT, GZIP, DECOMPRESS
    CLIENT, GZIP, DECOMPRESS = args.client, not args.no_gzip, not args.no_decompress
    sizes = web_data.QUICK if args.quick else web_data.FULL
    name = "quick" if args.quick else "full"
    pg_url = args.pg_url or (
        "postgresql+psycopg://postgres@127.0.0.1:5432/citydip_bench"
        + ("_quick" if args.quick else "")
    )
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    args.data_dir.mkdir(parents=True, exist_ok=True)
    out = Console(width=200)
    report = [
        f"## {dt.date.today().isoformat()}, commit {commit()}, {name} registry "
        f"({sizes.places:,} places, {sizes.ties:,} ties, {sizes.engagements:,} engagements, "
        f"{sizes.agreements:,} agreements, {sizes.memberships:,} memberships, "
        f"{sizes.documents:,} documents)",
        "",
        f"Machine: {os.cpu_count()} cores, {platform.platform()}, Python "
        f"{platform.python_version()}; {args.clients} clients, {args.workers} uvicorn "
        f"worker(s) of {args.threads or 'the default'} threads, "
        f"{args.requests} requests per route after {args.warmup} warm-up "
        f"(cut off after {args.max_seconds:.0f} s: n marked *); load generator: {args.client} "
        f"client, on the same machine, asking for "
        + (
            "the plain bytes."
            if args.no_gzip
            else "gzip, " + ("decompressed." if DECOMPRESS else "not decompressed.")
        ),
        "",
    ]
    for backend in backends:
        url = (
            sqlite_registry(args.data_dir, sizes, name, args.regenerate)
            if backend == "sqlite"
            else pg_registry(pg_url, sizes, args.regenerate)
        )
        results, info = bench_backend(backend, url, args)
        table = Table(title=f"citydip web, {backend}, {name} registry, {args.clients} clients")
        for h in HEADERS:
            table.add_column(h, justify="left" if h == "route" else "right")
        for row in rows(results):
            table.add_row(*row)
        out.print(table)
        out.print(f"pages: {info['pages']}", highlight=False)
        report += [markdown(backend, results), f"Pages: {info['pages']}.", ""]
        if args.explain:
            out.print(info["explain"], markup=False, highlight=False)
            report += [f"Slowest statements ({backend}):", "", info["explain"], ""]
    if args.markdown:
        with args.markdown.open("a", encoding="utf-8") as f:
            f.write("\n".join(report) + "\n")


if __name__ == "__main__":
    main()
