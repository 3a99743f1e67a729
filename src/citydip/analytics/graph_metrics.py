"""Network metrics over an nx.Graph of places: centrality, components, communities, shared
partners, shortest chains and a place's profile. No database here: any builder that makes
the graph shape below can feed them (the registry's in `analytics.graph`, the world's
twinning network). The registry's graph comes as a `place_graph.PlaceGraph` (arrays, read
through the same nodes, iteration, membership and neighbours as an nx.Graph), except for
the shortest chain, which is networkx's on an nx.Graph.

The graph shape: nodes are place ids with attributes `name`, `country` (or None), `level`
and `region`; an edge has `weight` (the records behind it, all kinds together) and the
count of each kind (`ties`, `engagements`, `memberships`) and `types` (the tie types and
membership roles, comma-separated, sorted).

Definitions:

- **Degree**: the places a place is linked with; **weighted degree**: the sum of the
  weights of its edges (the records behind its links).
- **Betweenness**: the share of shortest chains (in hops; weights are strengths, not
  distances) between other pairs of places that pass through a place, normalised as
  networkx does (1/((n-1)(n-2)) of the ordered pairs). Exact on small graphs; on large
  ones estimated from `k` source places drawn with a fixed seed (`betweenness_sources`):
  as many as a work budget allows, at least `MIN_SOURCES`.
- **PageRank**: networkx's, on the weights, damping 0.85 (on SciPy arrays).
- **Components**: connected components, numbered by size (1 = the largest; equal sizes by
  their smallest place id).
- **Communities**: Louvain (igraph's multilevel, in C, on the weights, resolution 1,
  seed `SEED`), numbered as components are.
- **Ranks** are competition ranks: 1 + the places with a strictly higher value.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import networkx as nx

from citydip.analytics import graph_centrality as gc
from citydip.analytics.briefs import PlaceBrief
from citydip.analytics.regions import region_of
from citydip.errors import InputError

SEED = 42
KIND_ATTRS = {"tie": "ties", "engagement": "engagements", "membership": "memberships"}
METRICS = ("degree", "weighted_degree", "pagerank", "betweenness")
# betweenness: a source costs about (nodes + 2 * edges) steps; exact while all of them fit
BETWEENNESS_WORK = 1_200_000
MIN_SOURCES = 8
GROUP_MEMBERS = 5  # places named per component or community
GROUP_COUNTRIES = 3


@dataclass(frozen=True)
class EdgeInfo:
    """What links two places: the records behind the link, by kind, and the tie types."""

    weight: int
    ties: int
    engagements: int
    memberships: int
    types: tuple[str, ...]


@dataclass(frozen=True)
class NodeScore:
    place: PlaceBrief
    region: str
    degree: int
    weighted_degree: int
    pagerank: float
    betweenness: float


@dataclass(frozen=True)
class Centrality:
    """Every node's metrics (place id → value) and how betweenness was computed."""

    degree: dict[int, int]
    weighted_degree: dict[int, int]
    pagerank: dict[int, float]
    betweenness: dict[int, float]
    betweenness_sources: int
    betweenness_exact: bool


@dataclass(frozen=True)
class Group:
    """A component or a community: its number, size, inner edges and best-known members."""

    index: int
    size: int
    edges: int
    members: tuple[PlaceBrief, ...]  # the first GROUP_MEMBERS by degree
    countries: tuple[tuple[str, int], ...]  # the most common countries (code, places)


@dataclass(frozen=True)
class Components:
    count: int
    largest: int  # places in the largest component
    largest_share: float  # of all the graph's places
    pairs: int  # components of two places
    groups: tuple[Group, ...]  # the first `limit`


@dataclass(frozen=True)
class Communities:
    method: str
    seed: int
    count: int
    modularity: float
    groups: tuple[Group, ...]  # the first `limit`


@dataclass(frozen=True)
class SharedPartner:
    place: PlaceBrief
    with_a: EdgeInfo
    with_b: EdgeInfo


@dataclass(frozen=True)
class Shared:
    a: PlaceBrief
    b: PlaceBrief
    direct: EdgeInfo | None  # the link between a and b themselves
    partners: tuple[SharedPartner, ...]  # by their combined weight, then id
    only_a: int  # partners of a that b does not have (b itself left out)
    only_b: int
    jaccard: float  # shared / all partners of either (a and b left out)


@dataclass(frozen=True)
class Step:
    source: PlaceBrief
    target: PlaceBrief
    edge: EdgeInfo


@dataclass(frozen=True)
class Chain:
    a: PlaceBrief
    b: PlaceBrief
    found: bool
    hops: int | None
    places: tuple[PlaceBrief, ...]  # a, ..., b
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class Neighbour:
    place: PlaceBrief
    edge: EdgeInfo


@dataclass(frozen=True)
class Profile:
    place: PlaceBrief
    region: str
    nodes: int  # places in the graph
    degree: int
    weighted_degree: int
    degree_rank: int | None  # None: not in the graph (no links)
    pagerank: float
    pagerank_rank: int | None
    component: int | None
    component_size: int
    community: int | None  # None: not asked for, or not in the graph
    community_size: int
    neighbours: tuple[Neighbour, ...]  # by weight, then id; the first `limit`
    more_neighbours: int


# -- nodes and edges ---------------------------------------------------------------------


def brief(graph: nx.Graph, node: int) -> PlaceBrief:
    data = graph.nodes[node]
    return PlaceBrief(node, data.get("name", str(node)), data.get("country"), data.get("level", ""))


def edge_info(data: dict[str, Any]) -> EdgeInfo:
    types = data.get("types") or ""
    return EdgeInfo(
        int(data.get("weight", 1)),
        int(data.get("ties", 0)),
        int(data.get("engagements", 0)),
        int(data.get("memberships", 0)),
        tuple(t for t in types.split(",") if t),
    )


def _rank(values: dict[int, Any], node: int) -> int | None:
    if node not in values:
        return None
    mine = values[node]
    return 1 + sum(1 for v in values.values() if v > mine)


def _order(graph: nx.Graph, groups: Iterable[Iterable[int]]) -> list[list[int]]:
    """Groups of nodes as sorted lists, largest first, equal sizes by smallest id."""
    found = [sorted(g) for g in groups]
    return sorted(found, key=lambda g: (-len(g), g[0] if g else 0))


def _group(
    graph: nx.Graph, index: int, nodes: list[int], inner: int, degree: dict[int, int]
) -> Group:
    by_degree = sorted(nodes, key=lambda n: (-degree[n], n))[:GROUP_MEMBERS]
    attrs = graph._node  # the node attribute dicts (the `nodes` view costs ~1 µs a look-up)
    countries = Counter(attrs[n].get("country") for n in nodes)
    countries.pop(None, None)
    top = sorted(countries.items(), key=lambda kv: (-kv[1], kv[0]))[:GROUP_COUNTRIES]
    return Group(index, len(nodes), inner, tuple(brief(graph, n) for n in by_degree), tuple(top))


def _groups(
    graph: nx.Graph, parts: list[list[int]], data: gc.Arrays, limit: int
) -> tuple[Group, ...]:
    """The first `limit` groups of `parts` (ordered), with their inner edges."""
    number = {n: i for i, part in enumerate(parts, start=1) for n in part}
    inner = gc.inner_edges(data, number)
    degree = gc.degrees(data)[0]
    return tuple(
        _group(graph, i, p, inner.get(i, 0), degree) for i, p in enumerate(parts[:limit], 1)
    )


def groups(
    graph: nx.Graph, parts: list[list[int]], data: gc.Arrays | None = None, limit: int = 10
) -> tuple[Group, ...]:
    """The first `limit` of groups already found (ordered as `component_sets` orders them)."""
    return _groups(graph, parts, data or gc.arrays(graph), limit)


# -- centrality ----------------------------------------------------------------------------


def betweenness_sources(nodes: int, edges: int, sources: int | None = None) -> int:
    """How many source places betweenness is computed from (all of them: exact)."""
    if sources is not None:
        if sources < 1:
            raise InputError("betweenness sources must be 1 or more", field="samples")
        return min(sources, nodes)
    per_source = nodes + 2 * edges
    if nodes * per_source <= BETWEENNESS_WORK:
        return nodes
    return min(nodes, max(MIN_SOURCES, BETWEENNESS_WORK // max(per_source, 1)))


def betweenness(graph: nx.Graph, k: int | None = None, seed: int = SEED) -> dict[int, float]:
    """Brandes' betweenness in hops, normalised as networkx's; from `k` sources drawn with
    `seed` (None or k ≥ nodes: every source, exact). On arrays: see
    `graph_centrality.betweenness`."""
    return gc.betweenness(gc.arrays(graph), k, seed)


def pagerank(graph: nx.Graph, alpha: float = 0.85) -> dict[int, float]:
    """networkx's PageRank on the weights, on SciPy arrays (`graph_centrality.pagerank`)."""
    return gc.pagerank(gc.arrays(graph), alpha)


def pagerank_python(
    graph: nx.Graph, alpha: float = 0.85, tol: float = 1.0e-6, max_iter: int = 100
) -> dict[int, float]:
    """PageRank by power iteration in plain Python, on integer lists (networkx's
    definition and stopping rule: dangling places spread their rank evenly; stop when the
    ranks move less than n · tol in all)."""
    nodes = list(graph)
    n = len(nodes)
    if n == 0:
        return {}
    index = {v: i for i, v in enumerate(nodes)}
    links: list[list[tuple[int, float]]] = []
    for v in nodes:
        row = [(index[u], float(d.get("weight", 1))) for u, d in graph[v].items()]
        strength = sum(w for _, w in row)
        links.append([(j, w / strength) for j, w in row] if strength else [])
    dangling = [i for i in range(n) if not links[i]]
    rank = [1.0 / n] * n
    for _ in range(max_iter):
        base = (1.0 - alpha) / n + alpha * sum(rank[i] for i in dangling) / n
        nxt = [base] * n
        for i, row in enumerate(links):
            share = alpha * rank[i]
            for j, w in row:
                nxt[j] += share * w
        err = sum(abs(a - b) for a, b in zip(nxt, rank, strict=True))
        rank = nxt
        if err < n * tol:
            break
    return {nodes[i]: rank[i] for i in range(n)}


def centrality(
    graph: nx.Graph,
    seed: int = SEED,
    sources: int | None = None,
    what: Iterable[str] = METRICS,
    data: gc.Arrays | None = None,
) -> Centrality:
    """The metrics of every node (those not in `what` are left empty); `data`: the graph's
    arrays, when the caller has them already."""
    wanted = set(what)
    data = data or gc.arrays(graph)
    k = betweenness_sources(data.n, len(data.weights), sources)
    degree, weighted = gc.degrees(data)
    return Centrality(
        degree=degree,
        weighted_degree=weighted,
        pagerank=gc.pagerank(data) if "pagerank" in wanted else {},
        betweenness=gc.betweenness(data, k, seed) if "betweenness" in wanted else {},
        betweenness_sources=k if "betweenness" in wanted else 0,
        betweenness_exact=k >= data.n,
    )


def ranking(
    graph: nx.Graph, found: Centrality, by: str = "degree", top: int = 20
) -> list[NodeScore]:
    """The first `top` places by one metric (then by degree, then by id)."""
    if by not in METRICS:
        raise InputError(f"rank by one of {', '.join(METRICS)}", field="by")
    values: dict[int, Any] = getattr(found, by)
    if not values and graph.number_of_nodes():
        raise InputError(f"{by} was not computed", field="by")
    order = sorted(graph, key=lambda n: (-values[n], -found.degree[n], n))[:top]
    out = []
    for node in order:
        place = brief(graph, node)
        out.append(
            NodeScore(
                place,
                graph.nodes[node].get("region") or region_of(place.country),
                found.degree[node],
                found.weighted_degree[node],
                found.pagerank.get(node, 0.0),
                found.betweenness.get(node, 0.0),
            )
        )
    return out


# -- groups ------------------------------------------------------------------------------


def component_sets(graph: nx.Graph, data: gc.Arrays | None = None) -> list[list[int]]:
    return _order(graph, gc.component_parts(data or gc.arrays(graph)))


def components(graph: nx.Graph, limit: int = 10, data: gc.Arrays | None = None) -> Components:
    data = data or gc.arrays(graph)
    parts = component_sets(graph, data)
    total = data.n
    largest = len(parts[0]) if parts else 0
    return Components(
        count=len(parts),
        largest=largest,
        largest_share=largest / total if total else 0.0,
        pairs=sum(1 for p in parts if len(p) == 2),
        groups=_groups(graph, parts, data, limit),
    )


def community_sets(
    graph: nx.Graph, seed: int = SEED, data: gc.Arrays | None = None
) -> list[list[int]]:
    return louvain(graph, seed, data)[0]


def louvain(
    graph: nx.Graph, seed: int = SEED, data: gc.Arrays | None = None
) -> tuple[list[list[int]], float]:
    """The communities (ordered as components are) and their modularity on the weights."""
    data = data or gc.arrays(graph)
    if data.n == 0:
        return [], 0.0
    parts, quality = gc.louvain(data, seed)
    return _order(graph, parts), quality if len(data.weights) else 0.0


def communities(
    graph: nx.Graph, seed: int = SEED, limit: int = 10, data: gc.Arrays | None = None
) -> Communities:
    data = data or gc.arrays(graph)
    parts, quality = louvain(graph, seed, data)
    return Communities(
        method="louvain",
        seed=seed,
        count=len(parts),
        modularity=quality,
        groups=_groups(graph, parts, data, limit),
    )


# -- two places ----------------------------------------------------------------------------


def _neighbours(graph: nx.Graph, node: int) -> set[int]:
    return set(graph[node]) if node in graph else set()


def shared_partners(graph: nx.Graph, a: PlaceBrief, b: PlaceBrief) -> Shared:
    """The places linked with both a and b, and how alike their partners are."""
    if a.id == b.id:
        raise InputError("choose two different places", field="b")
    na, nb = _neighbours(graph, a.id) - {b.id}, _neighbours(graph, b.id) - {a.id}
    both = na & nb
    rows = [
        SharedPartner(brief(graph, p), edge_info(graph[a.id][p]), edge_info(graph[b.id][p]))
        for p in both
    ]
    rows.sort(key=lambda r: (-(r.with_a.weight + r.with_b.weight), r.place.id))
    either = na | nb
    direct = edge_info(graph[a.id][b.id]) if graph.has_edge(a.id, b.id) else None
    return Shared(
        a=a,
        b=b,
        direct=direct,
        partners=tuple(rows),
        only_a=len(na - nb),
        only_b=len(nb - na),
        jaccard=len(both) / len(either) if either else 0.0,
    )


def shortest_chain(graph: nx.Graph, a: PlaceBrief, b: PlaceBrief) -> Chain:
    """The shortest chain of links (in hops) from a to b; found=False when there is none.
    Among chains of the same length, the one breadth-first search meets first (edges are
    added in place-id order, so the answer is the same every time)."""
    if a.id == b.id:
        raise InputError("choose two different places", field="b")
    if a.id not in graph or b.id not in graph:
        return Chain(a, b, False, None, (), ())
    try:
        path = nx.shortest_path(graph, a.id, b.id)
    except nx.NetworkXNoPath:
        return Chain(a, b, False, None, (), ())
    places = tuple(brief(graph, n) for n in path)
    steps = tuple(
        Step(places[i], places[i + 1], edge_info(graph[path[i]][path[i + 1]]))
        for i in range(len(path) - 1)
    )
    return Chain(a, b, True, len(path) - 1, places, steps)


# -- one place -----------------------------------------------------------------------------


def place_profile(
    graph: nx.Graph,
    place: PlaceBrief,
    with_community: bool = False,
    seed: int = SEED,
    limit: int = 20,
    data: gc.Arrays | None = None,
) -> Profile:
    """A place's standing: its degree and PageRank and their ranks, its component (and
    community), and its partners by weight."""
    node = place.id
    region = region_of(place.country)
    if node not in graph:
        return Profile(place, region, graph.number_of_nodes(), 0, 0, None, 0.0, None, None, 0,
                       None, 0, (), 0)  # fmt: skip
    data = data or gc.arrays(graph)
    degree, weighted = gc.degrees(data)
    ranks = gc.pagerank(data)
    parts = component_sets(graph, data)
    index = next(i for i, p in enumerate(parts, 1) if node in p)
    component_size = len(parts[index - 1])
    community, community_size = None, 0
    if with_community:
        for i, part in enumerate(community_sets(graph, seed, data), start=1):
            if node in part:
                community, community_size = i, len(part)
                break
    links = sorted(graph[node].items(), key=lambda kv: (-kv[1].get("weight", 1), kv[0]))
    return Profile(
        place=brief(graph, node),
        region=graph.nodes[node].get("region") or region,
        nodes=graph.number_of_nodes(),
        degree=degree[node],
        weighted_degree=weighted[node],
        degree_rank=_rank(degree, node),
        pagerank=ranks[node],
        pagerank_rank=_rank(ranks, node),
        component=index,
        component_size=component_size,
        community=community,
        community_size=community_size,
        neighbours=tuple(Neighbour(brief(graph, n), edge_info(d)) for n, d in links[:limit]),
        more_neighbours=max(0, len(links) - limit),
    )
