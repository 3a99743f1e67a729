"""The sample registry: real press releases of the Seoul Metropolitan Government with their
reviewed answers (from shared/corpus: seeds and the English and Korean dev sets).

One dataset feeds `citydip demo`, the tests and the docs.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path


@contextmanager
def sample_files() -> Iterator[list[Path]]:
    """The sample answers (*.gold.json, with their .txt and .meta.json beside them)."""
    with resources.as_file(resources.files("citydip.sample") / "data") as folder:
        yield sorted(folder.glob("*.gold.json"))
