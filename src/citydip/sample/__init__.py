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


# Documents that arrive as new ones in the demo: extracted, their records proposed for review.
FRESH = ("en-034", "ko-023", "ko-004")


def demo_split(golds: list[Path]) -> tuple[list[Path], list[Path]]:
    """(reviewed answers to import as accepted, document texts to extract as proposed)."""
    fresh = [g for g in golds if g.name.removesuffix(".gold.json") in FRESH]
    texts = [g.with_name(g.name.removesuffix(".gold.json") + ".txt") for g in fresh]
    return [g for g in golds if g not in fresh], texts
