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
