"""`citydip serve --workers N --threads T`: N worker processes serve one registry, sharing its
secret key, each with uvicorn's C HTTP parser (httptools) and event loop (uvloop) and T
threads for its routes."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _children(pid: int) -> list[int]:
    found = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(p) for p in found]


def test_two_workers_serve_the_same_registry(tmp_path: Path) -> None:
    port = _free_port()
    db = tmp_path / "served.db"
    env = {**os.environ, "HOME": str(tmp_path)}
    env.pop("CITYDIP_DATABASE_URL", None)
    command = [
        sys.executable,
        "-m",
        "citydip",
        "--db",
        str(db),
        "serve",
        "--workers",
        "2",
        "--threads",
        "3",
        "--port",
        str(port),
    ]
    server = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/login", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert server.poll() is None, server.stderr.read().decode() if server.stderr else ""
            assert time.monotonic() < deadline, "the server did not start in 60 s"
            time.sleep(0.3)
        workers = [
            p
            for p in _children(server.pid)
            if "multiprocessing" in Path(f"/proc/{p}/cmdline").read_text()
        ]
        assert len(workers) >= 2, workers
        # uvicorn[standard]: each worker parses with httptools and loops with uvloop (the
        # other multiprocessing child is its resource tracker)
        spawned = [p for p in workers if "spawn_main" in Path(f"/proc/{p}/cmdline").read_text()]
        assert len(spawned) == 2, spawned
        for pid in spawned:
            libraries = Path(f"/proc/{pid}/maps").read_text()
            assert "/httptools/" in libraries and "/uvloop/" in libraries, pid
            # --threads reaches each worker's settings (its thread pool's size)
            environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
            assert b"CITYDIP_THREADS=3" in environ, pid
        # every worker answers, and they agree on the session key: a signed-out API call
        # gets the same 401 shape from whichever worker takes it
        for _ in range(12):
            response = httpx.get(f"{base}/api/v1/stats", timeout=5)
            assert response.status_code == 401 and response.json()["ok"] is False
    finally:
        server.terminate()
        server.wait(timeout=20)
