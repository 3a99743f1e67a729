"""What the CLI tests share: a command runner over a fresh SQLite registry."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from citydip.cli import app

Run = Callable[..., Result]


@pytest.fixture
def fresh_cli(tmp_path: Path) -> Run:
    """`run(*args, ok=True)`: citydip on tmp_path/registry.db as user 'officer' (200 columns
    wide); with ok, the command must succeed."""
    db = tmp_path / "registry.db"
    runner = CliRunner()

    def run(*args: str, ok: bool = True) -> Result:
        result = runner.invoke(
            app, ["--db", str(db), *args], env={"CITYDIP_USER": "officer", "COLUMNS": "200"}
        )
        if ok:
            assert result.exit_code == 0, result.output + str(result.exception)
        return result

    return run
