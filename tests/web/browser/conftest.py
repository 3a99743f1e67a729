"""Browser tests: the real app served by uvicorn on a free port, driven in headless Chromium.

Chromium is Debian's (`/usr/bin/chromium`, installed by .ci/run); Playwright drives it with
`executable_path` and never downloads a browser. Each test gets its own copy of the demo
registry and its own server. Screenshots go to $CITYDIP_SCREENSHOTS when set (`make
screenshots` writes docs/screenshots/), else to the test's temp folder.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import uvicorn

from citydip.config import Settings, sqlite_url
from citydip.store.engine import open_registry

from ..conftest import PASSWORDS

CHROMIUM = os.environ.get("CITYDIP_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        message = f"no Chromium at {CHROMIUM} (apt-get install chromium fonts-noto-cjk)"
        if os.environ.get("CI"):
            pytest.fail(message + "; CI must run the browser tests")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    home = tmp_path_factory.mktemp("browser-home")
    os.environ["HOME"] = str(home)  # Chromium writes its profile bits under HOME
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield chromium
        chromium.close()


class LiveServer:
    def __init__(self, url: str, registry: object) -> None:
        self.url = url
        self.registry = registry


@pytest.fixture
def live_server(tmp_path: Path, demo_sqlite: Path) -> Iterator[LiveServer]:
    """The web app over a fresh copy of the demo registry, served on 127.0.0.1:<free port>."""
    from citydip.web.app import create_app

    path = tmp_path / "demo.db"
    shutil.copy(demo_sqlite, path)
    registry = open_registry(sqlite_url(path))
    settings = Settings(data_dir=tmp_path, secret_key="browser-tests", database_url=None)
    app = create_app(settings, registry)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    assert server.started, "the server did not start"
    yield LiveServer(f"http://127.0.0.1:{port}", registry)
    server.should_exit = True
    thread.join(timeout=10)
    registry.close()  # type: ignore[attr-defined]


@pytest.fixture
def screenshot(tmp_path: Path) -> Callable[[object, str], Path]:
    """Saves a full-page screenshot as NAME.png (to $CITYDIP_SCREENSHOTS when set)."""
    folder = Path(os.environ.get("CITYDIP_SCREENSHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)

    def take(page: object, name: str) -> Path:
        path = folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)  # type: ignore[attr-defined]
        return path

    return take


@pytest.fixture
def page_for(browser: object, live_server: LiveServer) -> Iterator[Callable[..., object]]:
    """A new browser page, signed in as the user of a role (or not), in a language."""
    contexts: list[object] = []

    def make(role: str | None = "editor", locale: str = "en-GB") -> object:
        context = browser.new_context(  # type: ignore[attr-defined]
            base_url=live_server.url, locale=locale, viewport={"width": 1280, "height": 900}
        )
        contexts.append(context)
        page = context.new_page()
        outside: list[str] = []
        page.on(
            "request",
            lambda r: outside.append(r.url) if not r.url.startswith(live_server.url) else None,
        )
        page.outside_requests = outside  # checked by tests: the app works offline
        if role:
            page.goto("/login")
            page.fill("input[name=username]", role)
            page.fill("input[name=password]", PASSWORDS[role])
            page.click("button[type=submit]")
            page.wait_for_url(f"{live_server.url}/")
        return page

    yield make
    for context in contexts:
        context.close()  # type: ignore[attr-defined]
