"""The cyclic garbage collector paused while an analysis builds its many small objects.

An analysis that reads tens of thousands of rows into lists, dicts and dataclasses (none
of them in a cycle) otherwise sets off collections that walk the whole heap again and
again: a third of the graph's build, a quarter of `health` on the benchmark registry.
Reference counting still frees everything; the collector runs again on the way out.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def no_gc() -> Iterator[None]:
    """The cyclic garbage collector paused inside the block (and left as it was after:
    enabled again only if it was enabled before, so blocks nest)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


# Young objects allowed between two collections of a serving process (Python's default: 700).
# A request makes and frees thousands of small objects, nearly all by reference counting, so
# the default set off a collection about every second request of a list under load.
SERVING_THRESHOLD = 10_000


def settle_for_serving() -> None:
    """Before a process serves: what its startup made (the app, templates, taxonomy,
    gazetteer, the ORM's mappers) collected once and moved out of the collector's sight
    (`gc.freeze`), and young collections made rarer. Under 20 clients listing records the
    collector took 1.5 s of CPU over 2,000 requests; frozen, 0.5 s; frozen and at this
    threshold, 6 ms (docs/benchmarks/web.md, 2026-12-04). Not for a test process: what it
    freezes is never collected."""
    gc.collect()
    gc.freeze()
    young, middle, old = gc.get_threshold()
    gc.set_threshold(max(young, SERVING_THRESHOLD), middle, old)
