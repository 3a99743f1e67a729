"""Request bodies over the limit are refused before a route reads them; the API docs page
loads nothing from outside."""

from __future__ import annotations

import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import anyio.to_thread
from fastapi.testclient import TestClient

from citydip.web.limits import FORM_BYTES


def test_a_json_body_over_the_limit_is_413_in_the_error_shape(api: TestClient, token_for) -> None:
    body = b'{"kind": "agreement", "title": "' + b"x" * (FORM_BYTES + 10) + b'"}'
    response = api.post(
        "/api/v1/agreements",
        content=body,
        headers={**token_for("editor"), "Content-Type": "application/json"},
    )
    assert response.status_code == 413
    data = response.json()
    assert data["ok"] is False and data["status"] == 413 and "limit" in data["error"]


def test_a_body_without_a_length_is_counted(api: TestClient, token_for) -> None:
    def chunks():
        for _ in range(6):
            yield b"x" * (1024 * 1024)

    response = api.post(
        "/api/v1/agreements",
        content=chunks(),
        headers={**token_for("editor"), "Content-Type": "application/json"},
    )
    assert response.status_code == 413
    assert response.json()["status"] == 413


def test_a_small_body_passes(api: TestClient, token_for) -> None:
    response = api.post("/api/v1/agreements", json=[], headers=token_for("editor"))
    assert response.status_code == 422  # read and judged by the route, not refused by size


def test_the_docs_page_loads_only_vendored_files(api: TestClient) -> None:
    page = api.get("/api/v1/docs")
    assert page.status_code == 200
    urls = re.findall(r"""(?:src|href)=["']([^"']+)["']""", page.text)
    urls += re.findall(r"""url:\s*['"]([^'"]+)['"]""", page.text)
    assert urls and all(u.startswith("/") for u in urls), urls
    for url in urls:
        assert api.get(url).status_code == 200, url


def test_sync_routes_run_no_more_at_once_than_the_threads_setting(
    web_settings, web_registry
) -> None:
    """With `threads` 2, six requests to a sync route sent at once run two at a time."""
    from citydip.web.app import create_app

    web = create_app(web_settings.model_copy(update={"threads": 2}), web_registry)
    lock = threading.Lock()
    running, most = 0, 0

    @web.get("/probe")
    def probe() -> dict[str, int]:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        time.sleep(0.2)  # long enough for all six to be waiting on the pool
        with lock:
            running -= 1
        return {"ok": 1}

    try:
        with TestClient(web) as client, ThreadPoolExecutor(6) as pool:
            statuses = list(pool.map(lambda _: client.get("/probe").status_code, range(6)))
            limiter = client.portal.call(anyio.to_thread.current_default_thread_limiter)
    finally:
        web.state.jobs.shutdown(wait=True)
    assert statuses == [200] * 6
    assert most == 2
    assert limiter.total_tokens == 2
