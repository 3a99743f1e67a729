"""The app factory the web benchmark's uvicorn runs: `uvicorn --factory web_app:make_app`.

It reads the registry URL from CITYDIP_DATABASE_URL like `citydip serve`; kept apart from
`citydip serve` so the benchmark can start several worker processes.
"""

from __future__ import annotations

from fastapi import FastAPI

from citydip.config import get_settings
from citydip.store.engine import open_registry
from citydip.web.app import create_app


def make_app() -> FastAPI:
    settings = get_settings()
    if not settings.database_url:
        raise SystemExit("set CITYDIP_DATABASE_URL to the benchmark registry")
    return create_app(settings, open_registry(settings.database_url, upgrade=False))
