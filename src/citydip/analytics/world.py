"""The world network: the graph of an imported tie-pair dataset (`store.datasets`, e.g. the
twin towns of Wikipedia), read once, and its summary, rankings, communities and export.
Two places' chains and shared partners are in `world_pairs`, the countries in
`world_countries`, one city's place in the network in `world_place`.

The graph has the shape of the registry's (`analytics.graph`), so that the metrics of
`graph_metrics` and `graph_centrality` run on it unchanged: nodes are the places with at
least one tie of the dataset (node id = place id; `name`, `country`, `level`, `region`,
`key`); an edge is one tie of the dataset, its `weight` the source rows merged into it (a
pair listed on both cities' pages, or twice, weighs 2), `ties` = 1, `types` its tie type.

A loaded `WorldGraph` is kept in the views' cache (keyed by the dataset's id and import
time) until the registry changes, and keeps the costly metrics it has computed (PageRank,
betweenness, communities) for the analyses that follow.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

import networkx as nx
import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from citydip.analytics import graph as graph_mod
from citydip.analytics import graph_centrality as gcen
from citydip.analytics import graph_metrics as gm
from citydip.analytics import world_export
from citydip.analytics.briefs import PlaceBrief
from citydip.analytics.cache import views_cache
from citydip.analytics.collector import no_gc
from citydip.analytics.regions import region_of
from citydip.errors import InputError, NotFoundError
from citydip.store.datasets import Dataset, DatasetTie, find_dataset, list_datasets
from citydip.store.places import Place

V = TypeVar("V")
SEED = gm.SEED
# betweenness on ~18,000 places is estimated from sources drawn with SEED: in hops a
# source costs ~1 ms (igraph), weighted (Dijkstra) ~5 ms; exact would take ~20 s and ~100 s
HOP_SOURCES = 500
WEIGHTED_SOURCES = 100
METRICS = (
    "degree",
    "weighted_degree",
    "betweenness",
    "weighted_betweenness",
    "pagerank",
    "eigenvector",
)
FORMATS = world_export.FORMATS
MAX_TOP = graph_mod.MAX_TOP
IMPORT_HINT = "import one with citydip import-pairs FILE --columns city1,country1,city2,country2"

METHODS = {
    "degree": "the dataset's ties of a place (its partners)",
    "weighted_degree": "the source rows behind a place's ties (a tie listed twice counts 2)",
    "betweenness": "the share of shortest chains (in hops) between other places through a "
    "place, normalised as networkx's; estimated from {k} source places drawn with seed "
    "{seed} (exact: every place)",
    "weighted_betweenness": "betweenness where a tie's length is 1 / its source rows (a tie "
    "both lists confirm is shorter); estimated from {k} source places drawn with seed {seed}",
    "pagerank": "networkx's PageRank on the source rows, damping 0.85",
    "eigenvector": "networkx's eigenvector centrality on the source rows, within the largest "
    "connected component (0 outside it)",
}


@dataclass(frozen=True)
class DatasetRef:
    id: int
    key: str
    name: str
    source: str
    licence: str | None
    tie_type: str
    rows: int  # data rows read from the source
    imported_at: str  # ISO 8601

    @classmethod
    def of(cls, dataset: Dataset) -> DatasetRef:
        return cls(
            dataset.id,
            dataset.key,
            dataset.name,
            dataset.source,
            dataset.licence,
            dataset.tie_type,
            dataset.rows,
            dataset.imported_at.isoformat(),
        )


@dataclass
class WorldGraph:
    """A dataset's graph (see the module), its arrays and the metrics computed so far."""

    dataset: DatasetRef
    graph: nx.Graph
    data: gcen.Arrays
    memo: dict[Hashable, Any] = field(default_factory=dict)
    lock: threading.RLock = field(default_factory=threading.RLock)

    @property
    def nodes(self) -> int:
        return self.data.n

    @property
    def ties(self) -> int:
        return len(self.data.weights)

    def remember(self, key: Hashable, compute: Callable[[], V]) -> V:
        """`compute()`, once per key (several threads may share a cached graph)."""
        with self.lock:
            if key not in self.memo:
                self.memo[key] = compute()
            value: V = self.memo[key]
            return value

    def forget(self) -> None:
        """Drop the metrics computed so far (the benchmark times each analysis afresh)."""
        with self.lock:
            self.memo.clear()

    def brief(self, node: int) -> PlaceBrief:
        return gm.brief(self.graph, node)


# -- the dataset and its graph ---------------------------------------------------------------


def choose_dataset(session: Session, key: str | None = None) -> Dataset:
    """The dataset `key`; with no key, the only dataset (an error names them if several)."""
    if key:
        found = find_dataset(session, key)
        if found is None:
            keys = [d.key for d in list_datasets(session)]
            known = f"the datasets: {', '.join(keys)}" if keys else IMPORT_HINT
            raise NotFoundError(f"no dataset {key!r}; {known}")
        return found
    every = list_datasets(session)
    if not every:
        raise NotFoundError(f"no dataset yet; {IMPORT_HINT}")
    if len(every) > 1:
        names = ", ".join(d.key for d in every)
        raise InputError(f"several datasets ({names}): choose one with --dataset", field="dataset")
    return every[0]


def read_graph(session: Session, dataset: Dataset) -> WorldGraph:
    """The dataset's ties and the places they join as a graph and arrays (two queries)."""
    with no_gc():
        ties = session.execute(
            select(DatasetTie.a_id, DatasetTie.b_id, DatasetTie.rows, DatasetTie.type)
            .where(DatasetTie.dataset_id == dataset.id)
            .order_by(DatasetTie.a_id, DatasetTie.b_id)
        ).all()
        ends = {n for a, b, _, _ in ties for n in (a, b)}
        rows = session.execute(
            select(Place.id, Place.name, Place.country, Place.level, Place.key).order_by(Place.id)
        ).all()
        places = [row for row in rows if row[0] in ends]
        regions: dict[str | None, str] = {}
        graph = nx.Graph(source="dataset", dataset=dataset.key)
        for node, name, country, level, key in places:
            if country not in regions:
                regions[country] = region_of(country)
            graph.add_node(
                node, name=name, country=country, level=level, region=regions[country], key=key
            )
        adj = graph._adj  # filled directly (as PlaceGraph.to_networkx does): each pair once
        for a, b, n, type_ in ties:
            data = {"weight": n, "ties": 1, "engagements": 0, "memberships": 0, "types": type_}
            adj[a][b] = data
            adj[b][a] = data
        nodes = [row[0] for row in places]
        index = {v: i for i, v in enumerate(nodes)}
        m = len(ties)
        heads = np.fromiter((index[t[0]] for t in ties), dtype=np.int64, count=m)
        tails = np.fromiter((index[t[1]] for t in ties), dtype=np.int64, count=m)
        weights = np.fromiter((t[2] for t in ties), dtype=np.float64, count=m)
        arrays = gcen.from_edges(nodes, heads, tails, weights)
    return WorldGraph(DatasetRef.of(dataset), graph, arrays)


def load(session: Session, key: str | None = None) -> WorldGraph:
    """The graph of dataset `key` (see `choose_dataset`), from the views' cache while the
    registry is unchanged."""
    dataset = choose_dataset(session, key)
    cache_key = ("world-graph", dataset.id, dataset.imported_at.isoformat())
    return views_cache.get(session, cache_key, lambda s: read_graph(s, dataset))


# -- the metrics, computed once a graph ------------------------------------------------------


def check_top(top: int, field: str = "top") -> int:
    if not 1 <= top <= MAX_TOP:
        raise InputError(f"{field} must be between 1 and {MAX_TOP}", field=field)
    return top


def sources_for(world: WorldGraph, by: str, sources: int | None) -> int:
    """How many source places betweenness `by` is estimated from (≥ nodes: exact)."""
    if sources is not None and sources < 1:
        raise InputError("betweenness sources must be 1 or more", field="samples")
    default = WEIGHTED_SOURCES if by == "weighted_betweenness" else HOP_SOURCES
    return min(world.nodes, sources or default)


def metric(world: WorldGraph, by: str, sources: int | None = None) -> dict[int, float]:
    """place id → the value of metric `by` (one of METRICS) for every place of the graph."""
    if by not in METRICS:
        raise InputError(f"rank by one of {', '.join(METRICS)}", field="by")
    data = world.data
    if by in ("degree", "weighted_degree"):
        degree, weighted = world.remember("degrees", lambda: gcen.degrees(data))
        chosen = degree if by == "degree" else weighted
        return {n: float(v) for n, v in chosen.items()}
    if by == "pagerank":
        return world.remember("pagerank", lambda: gcen.pagerank(data))
    if by == "eigenvector":
        return world.remember("eigenvector", lambda: gcen.eigenvector(data))
    k = sources_for(world, by, sources)
    lengths = 1.0 / data.weights if by == "weighted_betweenness" else None
    return world.remember((by, k), lambda: gcen.betweenness_c(data, k, SEED, lengths))


def degrees(world: WorldGraph) -> dict[int, int]:
    return world.remember("degrees", lambda: gcen.degrees(world.data))[0]


def community_parts(world: WorldGraph, seed: int = SEED) -> tuple[list[list[int]], float]:
    """The Louvain communities (largest first) and their modularity, once a graph."""
    return world.remember(("louvain", seed), lambda: gm.louvain(world.graph, seed, world.data))


def component_parts(world: WorldGraph) -> list[list[int]]:
    return world.remember("components", lambda: gm.component_sets(world.graph, world.data))


def method_of(by: str, k: int, nodes: int) -> str:
    note = METHODS[by].format(k=k, seed=SEED)
    return note.replace("estimated from", "exact: from") if k >= nodes else note


def rank_of(values: dict[int, float], node: int) -> int | None:
    """1 + the places with a strictly higher value (None: not in the graph)."""
    if node not in values:
        return None
    mine = values[node]
    return 1 + sum(1 for v in values.values() if v > mine)


# -- the summary -------------------------------------------------------------------------------


@dataclass(frozen=True)
class WorldSummary:
    dataset: DatasetRef
    nodes: int
    ties: int
    density: float  # ties / possible ties
    average_degree: float
    median_degree: float
    max_degree: int
    countries: int  # countries of the places (places with no country left out)
    components: gm.Components  # the first 10, with their best-connected places
    component_sizes: tuple[tuple[int, int], ...]  # (size, components of that size), largest first
    average_clustering: float
    transitivity: float
    triangles: int
    method: str


SUMMARY_METHOD = (
    "components: connected components (1 = the largest); average clustering: the mean over "
    "all places of the share of a place's pairs of partners that are partners themselves "
    "(networkx's: places with fewer than two partners count as 0); transitivity: 3 x "
    "triangles / connected triples; ties are undirected, mirrors and duplicates merged"
)


def summary(world: WorldGraph) -> WorldSummary:
    """The size and shape of the dataset's network."""
    data, n, m = world.data, world.nodes, world.ties
    degree = np.diff(data.adj.indptr)
    parts = component_parts(world)
    sizes = Counter(len(p) for p in parts)
    average, transitivity, triangles = world.remember("clustering", lambda: gcen.clustering(data))
    countries = {c for _, c in world.graph.nodes(data="country") if c}
    return WorldSummary(
        dataset=world.dataset,
        nodes=n,
        ties=m,
        density=2 * m / (n * (n - 1)) if n > 1 else 0.0,
        average_degree=2 * m / n if n else 0.0,
        median_degree=float(np.median(degree)) if n else 0.0,
        max_degree=int(degree.max()) if n else 0,
        countries=len(countries),
        components=world.remember("components-top", lambda: gm.components(world.graph, 10, data)),
        component_sizes=tuple(sorted(sizes.items(), reverse=True)),
        average_clustering=average,
        transitivity=transitivity,
        triangles=triangles,
        method=SUMMARY_METHOD,
    )


# -- rankings --------------------------------------------------------------------------------


@dataclass(frozen=True)
class RankedPlace:
    rank: int  # competition rank among all the graph's places (ties share a rank)
    place: PlaceBrief
    value: float
    degree: int


@dataclass(frozen=True)
class Ranking:
    dataset: str
    by: str
    country: str | None  # only the places of this country listed (ranks stay world ranks)
    nodes: int
    sources: int | None  # betweenness: the source places it is estimated from
    exact: bool
    places: tuple[RankedPlace, ...]
    method: str


def ranking(
    world: WorldGraph,
    by: str = "degree",
    top: int = 20,
    country: str | None = None,
    sources: int | None = None,
) -> Ranking:
    """The first `top` places by `by` (then by degree, then by id), world-wide or of one
    country."""
    check_top(top)
    values = metric(world, by, sources)
    degree = degrees(world)
    code = country.strip().upper() if country else None
    nodes = world.graph._node
    chosen = [n for n in values if code is None or nodes[n].get("country") == code]
    order = sorted(chosen, key=lambda n: (-values[n], -degree[n], n))[:top]
    ascending = np.sort(np.fromiter(values.values(), dtype=np.float64, count=len(values)))
    rows = []
    for node in order:  # 1 + the places with a strictly higher value
        rank = 1 + len(ascending) - int(np.searchsorted(ascending, values[node], side="right"))
        rows.append(RankedPlace(rank, world.brief(node), values[node], degree[node]))
    k = sources_for(world, by, sources) if "betweenness" in by else None
    return Ranking(
        dataset=world.dataset.key,
        by=by,
        country=code,
        nodes=world.nodes,
        sources=k,
        exact=k is None or k >= world.nodes,
        places=tuple(rows),
        method=method_of(by, k or world.nodes, world.nodes),
    )


# -- communities ------------------------------------------------------------------------------


@dataclass(frozen=True)
class WorldCommunities:
    dataset: str
    communities: gm.Communities  # count, modularity, the first `limit` with members, countries
    sizes: tuple[tuple[int, int], ...]  # (size, communities of that size), largest first
    in_largest_component: int  # communities within the largest connected component
    method: str


def communities(world: WorldGraph, limit: int = 10, seed: int = SEED) -> WorldCommunities:
    """Louvain communities (igraph's, on the source rows, seeded): their sizes, and for the
    first `limit` their best-connected places and most common countries."""
    check_top(limit, "limit")
    parts, quality = community_parts(world, seed)
    found = gm.Communities(
        method="louvain",
        seed=seed,
        count=len(parts),
        modularity=quality,
        groups=gm.groups(world.graph, parts, world.data, limit),
    )
    components = component_parts(world)
    largest = set(components[0]) if components else set()
    return WorldCommunities(
        dataset=world.dataset.key,
        communities=found,
        sizes=tuple(sorted(Counter(len(p) for p in parts).items(), reverse=True)),
        in_largest_component=sum(1 for p in parts if p[0] in largest),
        method=(
            f"Louvain (igraph's multilevel, resolution 1, seed {seed}) on the source rows; "
            "a community never spans two components, so each small component is one (or more)"
        ),
    )


# -- export ------------------------------------------------------------------------------------


def write(world: WorldGraph, target: Path | BinaryIO, format: str = "gexf") -> None:
    """The graph as GEXF 1.2 or GraphML for Gephi (see `world_export`)."""
    world_export.write(world.graph, target, format, world.dataset.key)
