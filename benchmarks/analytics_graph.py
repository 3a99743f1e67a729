"""Benchmark cases of network analysis (run by benchmarks/analytics.py).

Every case builds the graph from the registry (ties and memberships, accepted: the
default) and runs one metric on it (on the arrays made with the graph, as `graph_stats`
does); `build` is the graph alone as the analyses build it (arrays), `build.nx` as the
GEXF export builds it (an nx.Graph), `build.engagements` adds the engagement pairs (the
arrays) and `stats.engagements` is the graph's summary with them.
Places: the home city (id 1 in the generated registry) and the place of the largest id
(the last generated).

    python benchmarks/analytics_graph.py [DB]   # times each case once on its own
"""

from __future__ import annotations

import io
import sys
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from citydip.analytics import graph as graph_mod
from citydip.analytics import graph_metrics as gm
from citydip.store.places import Place

ALL = ("tie", "engagement", "membership")


def _far(session: Session) -> int:
    return int(session.scalar(select(func.max(Place.id))) or 1)


def _gexf(session: Session) -> int:
    out = io.BytesIO()
    graph_mod.write_gexf(graph_mod.build_graph(session), out)
    return out.tell()


def _metric(run: Callable[[graph_mod.Built], object]) -> Callable[[Session], object]:
    """A case: the graph built (with its arrays, as graph_stats builds it) and one metric."""

    def case(session: Session) -> object:
        with graph_mod.no_gc():
            return run(graph_mod.build_with_arrays(session))

    return case


CASES: list[tuple[str, Callable[[Session], object]]] = [
    ("build", _metric(lambda b: b.data)),
    ("build.nx", lambda s: graph_mod.build_graph(s)),
    ("build.engagements", lambda s: graph_mod.build_with_arrays(s, ALL)),
    ("degree", _metric(lambda b: gm.centrality(b.places, what=("degree",), data=b.data))),
    ("pagerank", _metric(lambda b: gm.centrality(b.places, what=("pagerank",), data=b.data))),
    ("betweenness", _metric(lambda b: gm.centrality(b.places, what=("betweenness",), data=b.data))),
    ("components", _metric(lambda b: gm.components(b.places, data=b.data))),
    ("communities", _metric(lambda b: gm.communities(b.places, data=b.data))),
    ("stats", lambda s: graph_mod.graph_stats(s)),
    ("stats.no_communities", lambda s: graph_mod.graph_stats(s, with_communities=False)),
    ("stats.engagements", lambda s: graph_mod.graph_stats(s, ALL)),
    ("shared", lambda s: graph_mod.shared(s, 1, _far(s))),
    ("path", lambda s: graph_mod.chain(s, 1, _far(s))),
    ("profile", lambda s: graph_mod.profile(s, 1)),
    ("profile.community", lambda s: graph_mod.profile(s, 1, with_community=True)),
    ("export.gexf", _gexf),
]


def main() -> None:
    from citydip.config import sqlite_url
    from citydip.store.engine import open_registry

    path = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/citydip-bench/registry-full.db")
    registry = open_registry(sqlite_url(path), upgrade=False)
    try:
        for name, run in CASES:
            with registry.session() as session:
                start = time.perf_counter()
                run(session)
                print(f"{name:24} {time.perf_counter() - start:7.2f} s", flush=True)
    finally:
        registry.close()


if __name__ == "__main__":
    main()
