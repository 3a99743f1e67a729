"""What every command shares: settings, the registry it works on, and output helpers."""

from __future__ import annotations

import datetime as dt
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import typer
from rich.console import Console

from citydip.config import DEFAULT_HOME, Settings
from citydip.store.engine import Registry, open_registry
from citydip.store.registry import ensure_home
from citydip.store.resolve import Stamp

console = Console()
err_console = Console(stderr=True, soft_wrap=True)  # an error stays one line


@dataclass
class AppContext:
    settings: Settings
    db: Path | None = None
    _registry: Registry | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        return self.settings.resolved_database_url(self.db)

    def registry(self) -> Registry:
        """The registry, opened (and created or upgraded) on first use, with a home city."""
        if self._registry is None:
            self._registry = open_registry(self.url)
            with self._registry.session() as session:
                ensure_home(session, DEFAULT_HOME, self.stamp())
        return self._registry

    def stamp(self, review: str = "proposed") -> Stamp:
        return Stamp(self.settings.user, dt.datetime.now(dt.UTC), review)

    def close(self) -> None:
        if self._registry is not None:
            self._registry.close()


def app_context(ctx: typer.Context) -> AppContext:
    obj = ctx.find_root().obj
    assert isinstance(obj, AppContext), "the root callback sets the context"
    return obj


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1, default=str) + "\n")


def print_failures(lines: list[str]) -> None:
    """The files a batch could not take, one line each (the batch went on without them)."""
    if lines:
        err_console.print(f"[bold red]{len(lines)} failed:[/]")
        for line in lines:
            err_console.print(f"  {line}", highlight=False, markup=False)
