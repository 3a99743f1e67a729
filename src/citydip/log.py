"""Logging setup, done once at the edge (the CLI). Library code only calls getLogger."""

from __future__ import annotations

import logging


def setup_logging(verbosity: int) -> None:
    """0: warnings, 1 (-v): info, 2 (-vv): debug, including SQL errors' tracebacks."""
    level = {0: logging.WARNING, 1: logging.INFO}.get(verbosity, logging.DEBUG)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", force=True)
