"""Settings, read once at the edge (CLI, web app) and passed down."""

from __future__ import annotations

import getpass
from pathlib import Path

import platformdirs
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_HOME = "Seoul,KR"


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("citydip", appauthor=False))


def sqlite_url(path: Path | str) -> str:
    return f"sqlite:///{Path(path).expanduser().resolve()}"


def _default_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "citydip"


class Settings(BaseSettings):
    """Every setting citydip reads. Environment variables are prefixed with CITYDIP_."""

    model_config = SettingsConfigDict(env_prefix="CITYDIP_", extra="ignore")

    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL; e.g. postgresql+psycopg://user@host/db. "
        "Default: a SQLite file in the user data dir.",
    )
    data_dir: Path = Field(
        default_factory=default_data_dir, description="Where the default SQLite registry lives."
    )
    user: str = Field(
        default_factory=_default_user,
        description="Who is recorded as creating or changing records.",
    )
    secret_key: str | None = Field(
        default=None,
        description="Signs the web app's session cookies. Default: a random key made on "
        "first use and kept in the registry.",
    )
    max_upload_bytes: int = Field(
        default=10 * 1024 * 1024, description="Largest document the web app takes (bytes)."
    )
    max_request_bytes: int = Field(
        default=100 * 1024 * 1024,
        description="Largest upload request (all its files together) the web app reads.",
    )
    threads: int | None = Field(
        default=None,
        ge=1,
        le=256,
        description="Requests a web worker process handles at once (its thread pool; more wait "
        "their turn). Default: 2 on SQLite, 4 on a database server (docs/benchmarks/web.md).",
    )
    secure_cookies: bool = Field(
        default=False, description="Send the session cookie over HTTPS only (behind TLS)."
    )
    max_import_bytes: int = Field(
        default=100 * 1024 * 1024, description="Largest file `citydip import` reads (bytes)."
    )

    def resolved_database_url(self, db_path: Path | None = None) -> str:
        """--db PATH wins, then CITYDIP_DATABASE_URL, then the default SQLite file."""
        if db_path is not None:
            return sqlite_url(db_path)
        if self.database_url:
            return self.database_url
        return sqlite_url(self.data_dir / "citydip.db")


def get_settings() -> Settings:
    return Settings()
