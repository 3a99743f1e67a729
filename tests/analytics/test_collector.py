"""The garbage collector's settings: paused inside an analysis, settled before serving."""

from __future__ import annotations

import gc
import json
import subprocess
import sys

from citydip.analytics.collector import SERVING_THRESHOLD, no_gc

SETTLE = """
import gc, json
from citydip.analytics.collector import settle_for_serving
before = gc.get_freeze_count()
settle_for_serving()
frozen = gc.get_freeze_count()

class Node:
    pass

a, b = Node(), Node()
a.other, b.other = b, a  # a cycle made after: still the collector's to free
del a, b
print(json.dumps({"before": before, "frozen": frozen, "threshold": gc.get_threshold(),
                  "freed": gc.collect()}))
"""


def test_settling_freezes_what_startup_made_and_makes_young_collections_rarer() -> None:
    # in a process of its own: what it freezes is never collected
    done = subprocess.run(
        [sys.executable, "-c", SETTLE], capture_output=True, text=True, check=True
    )
    found = json.loads(done.stdout)
    assert found["before"] == 0 and found["frozen"] > 1000  # the imports' objects
    assert found["threshold"][0] == SERVING_THRESHOLD
    assert found["freed"] >= 2  # the two nodes of the cycle (and their dicts)


def test_no_gc_pauses_the_collector_and_blocks_nest() -> None:
    assert gc.isenabled()
    with no_gc():
        assert not gc.isenabled()
        with no_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer block still holds it
    assert gc.isenabled()
