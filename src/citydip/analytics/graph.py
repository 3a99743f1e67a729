"""The registry as a graph of places, and the network analyses run on it (the metrics
themselves are in `analytics.graph_metrics`, over any nx.Graph of that shape).

Nodes are the places with at least one link (attributes: name, country, level, region,
key, home). Edges join two places and count the records in the review scope (accepted by
default) behind the link, by kind — chosen with `kinds`:

- `tie`: a relationship (sister, friendship, partnership) between its two places; the
  edge's `types` lists the tie types;
- `engagement`: an engagement's places are its parties and its location; every pair of
  them is linked by it (a visit of Seoul to Tokyo links Seoul and Tokyo; a meeting of
  three cities links each pair), counted once per engagement;
- `membership`: a member and its network (a place of level organization); `types` lists
  the roles.

The default is ties and memberships: the standing relations. Engagements are many
(a million in the benchmark registry: its engagement pairs alone are seconds of SQL), so
they are asked for. Each kind is one GROUP BY over the pairs; no record is loaded.
"""

from __future__ import annotations

import gc
import io
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import networkx as nx
import numpy as np
from sqlalchemy import and_, exists, func, select
from sqlalchemy.orm import Session, aliased

from citydip.analytics import graph_centrality as gcen
from citydip.analytics import graph_export
from citydip.analytics import graph_metrics as gm
from citydip.analytics.briefs import PlaceBrief
from citydip.analytics.regions import region_of
from citydip.analytics.scope import T, check_review, home_id, in_review, indexed
from citydip.errors import InputError, NotFoundError
from citydip.store.places import Place
from citydip.store.queries import find_place
from citydip.store.records import Record, RecordParty

EDGE_KINDS = ("tie", "engagement", "membership")
DEFAULT_KINDS = ("tie", "membership")
MAX_TOP = 1000

Pair = tuple[int, int]


class _Edge:
    """Counts of one pair's records by kind, and its tie types and roles (sorted, joined
    by commas: most pairs have one)."""

    __slots__ = ("ties", "engagements", "memberships", "types")

    def __init__(self) -> None:
        self.ties = self.engagements = self.memberships = 0
        self.types = ""

    def add_type(self, code: str | None) -> None:
        if not code or code == self.types:
            return
        if not self.types:
            self.types = code
        elif code not in self.types.split(","):
            self.types = ",".join(sorted([*self.types.split(","), code]))

    def attrs(self) -> dict[str, int | str]:
        return {
            "weight": self.ties + self.engagements + self.memberships,
            "ties": self.ties,
            "engagements": self.engagements,
            "memberships": self.memberships,
            "types": self.types,
        }


def check_kinds(kinds: Iterable[str] | None) -> tuple[str, ...]:
    """The edge kinds asked for, in EDGE_KINDS order (None or empty: DEFAULT_KINDS)."""
    asked = {k.strip() for k in (kinds or ()) if k and k.strip()}
    if not asked:
        return DEFAULT_KINDS
    unknown = sorted(asked - set(EDGE_KINDS))
    if unknown:
        raise InputError(
            f"unknown edge kind {', '.join(unknown)}; use {', '.join(EDGE_KINDS)}", field="kinds"
        )
    return tuple(k for k in EDGE_KINDS if k in asked)


def _pair(a: int, b: int) -> Pair:
    return (a, b) if a < b else (b, a)


# On SQLite the records of a kind are read through the covering index of (kind, review
# state, id, ...) and their parties through the covering (record_id, place_id): the
# planner otherwise reads the parties' table rows (twice as slow for the 48,505 ties).
_RECORDS_IX = "ix_records_review_id"
_PARTIES_IX = "ix_record_parties_record_place"


def _hinted(query: Any, *parties: Any) -> Any:
    """The query reading the records and the parties (aliases) by the covering indexes."""
    query = indexed(query, Record, _RECORDS_IX)
    for party in parties:
        query = indexed(query, party, _PARTIES_IX)
    return query


def _ties(session: Session, review: str, edges: dict[Pair, _Edge]) -> None:
    # one row a tie (no GROUP BY: SQLite's sorts cost more than counting in a dict)
    a, b = aliased(RecordParty), aliased(RecordParty)
    query = (
        select(a.place_id, b.place_id, Record.type)
        .select_from(Record)
        .join(a, a.record_id == Record.id)
        .join(b, and_(b.record_id == Record.id, a.place_id < b.place_id))
        .where(Record.kind == "relationship", in_review(review))
    )
    query = _hinted(query, a, b)
    for p, q, type_ in session.connection().execute(query).all():
        edge = edges.get((p, q))
        if edge is None:
            edge = edges[(p, q)] = _Edge()
        edge.ties += 1
        edge.add_type(type_)


def _engagements(session: Session, review: str, edges: dict[Pair, _Edge]) -> None:
    a, b = aliased(RecordParty), aliased(RecordParty)
    parties = (
        select(a.place_id, b.place_id, func.count())
        .select_from(Record)
        .join(a, a.record_id == Record.id)
        .join(b, and_(b.record_id == Record.id, a.place_id < b.place_id))
        .where(Record.kind == "engagement", in_review(review))
        .group_by(a.place_id, b.place_id)
    )
    parties = _hinted(parties, a, b)
    for p, q, n in session.connection().execute(parties).all():
        edge = edges.get((p, q))
        if edge is None:
            edge = edges[(p, q)] = _Edge()
        edge.engagements += n
    # the location, where it is not a party: linked with each party
    x = aliased(RecordParty)
    located = (
        select(a.place_id, T.location_id, func.count())
        .select_from(Record)
        .join(a, a.record_id == Record.id)
        .where(
            Record.kind == "engagement",
            in_review(review),
            T.location_id.is_not(None),
            a.place_id != T.location_id,
            ~exists().where(x.record_id == Record.id, x.place_id == T.location_id),
        )
        .group_by(a.place_id, T.location_id)
    )
    located = _hinted(located, a)
    for p, loc, n in session.connection().execute(located).all():
        key = _pair(p, loc)
        edge = edges.get(key)
        if edge is None:
            edge = edges[key] = _Edge()
        edge.engagements += n


def _memberships(session: Session, review: str, edges: dict[Pair, _Edge]) -> None:
    query = (
        select(T.member_id, T.network_id, T.role, func.count())
        .where(
            Record.kind == "membership",
            in_review(review),
            T.member_id.is_not(None),
            T.network_id.is_not(None),
            T.member_id != T.network_id,
        )
        .group_by(T.member_id, T.network_id, T.role)
    )
    for member, network, role, n in session.connection().execute(query).all():
        key = _pair(member, network)
        edge = edges.get(key)
        if edge is None:
            edge = edges[key] = _Edge()
        edge.memberships += n
        edge.add_type(role)


@contextmanager
def no_gc() -> Iterator[None]:
    """The cyclic garbage collector paused: building ~75,000 small dicts (nodes' and edges'
    attributes, none of them in a cycle) otherwise sets off collections that walk the whole
    heap again and again (a third of the build)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def build_graph(
    session: Session, kinds: Iterable[str] | None = None, review: str | None = None
) -> nx.Graph:
    """The registry's places and their links as an undirected graph (see the module)."""
    with no_gc():
        return build_with_arrays(session, kinds, review).graph


@dataclass(frozen=True)
class Built:
    graph: nx.Graph
    data: gcen.Arrays  # the same graph as arrays
    edge_kinds: dict[str, int]  # edge kind (of those asked for) → edges carrying it


def build_with_arrays(
    session: Session, kinds: Iterable[str] | None = None, review: str | None = None
) -> Built:
    """The graph of `build_graph`, its arrays and its edges by kind (call it with the
    garbage collector paused: `no_gc`)."""
    chosen = check_kinds(kinds)
    scope = check_review(review)
    edges: dict[Pair, _Edge] = {}
    if "tie" in chosen:
        _ties(session, scope, edges)
    if "engagement" in chosen:
        _engagements(session, scope, edges)
    if "membership" in chosen:
        _memberships(session, scope, edges)
    home = home_id(session)
    graph = nx.Graph(source="registry", kinds=",".join(chosen), review=scope, home=home or 0)
    wanted = {n for pair in edges for n in pair}
    rows = session.connection().execute(
        select(Place.id, Place.name, Place.country, Place.level, Place.key).order_by(Place.id)
    )
    places = [row for row in rows.all() if row[0] in wanted]  # by id: the table's order
    regions: dict[str | None, str] = {}
    for _, _, country, _, _ in places:
        if country not in regions:
            regions[country] = region_of(country)
    graph.add_nodes_from(
        (
            node,
            {"name": name, "country": country, "level": level, "region": regions[country],
             "key": key, "home": node == home},
        )
        for node, name, country, level, key in places
    )  # fmt: skip
    # the adjacency filled directly (as add_edges_from does, without its per-edge checks:
    # both ends are nodes already, each pair comes once), in place-id order; the arrays
    # and the edges of each kind counted on the way
    adj = graph._adj
    nodes = [row[0] for row in places]
    index = {v: i for i, v in enumerate(nodes)}
    pairs = sorted(edges)
    found = [edges[pair] for pair in pairs]
    table = [edge.attrs() for edge in found]
    for (a, b), data in zip(pairs, table, strict=True):
        adj[a][b] = data
        adj[b][a] = data
    m = len(pairs)
    heads = np.fromiter((index[a] for a, _ in pairs), dtype=np.int64, count=m)
    tails = np.fromiter((index[b] for _, b in pairs), dtype=np.int64, count=m)
    weights = np.fromiter((d["weight"] for d in table), dtype=np.float64, count=m)
    counts = {
        "tie": sum(1 for e in found if e.ties),
        "engagement": sum(1 for e in found if e.engagements),
        "membership": sum(1 for e in found if e.memberships),
    }
    arrays = gcen.from_edges(nodes, heads, tails, weights)
    return Built(graph, arrays, {kind: counts[kind] for kind in chosen})


# -- the analyses --------------------------------------------------------------------------


@dataclass(frozen=True)
class GraphStats:
    kinds: tuple[str, ...]
    review: str
    nodes: int
    edges: int
    density: float
    edge_kinds: dict[str, int]  # edge kind → edges carrying it
    by: str
    ranking: tuple[gm.NodeScore, ...]
    betweenness_sources: int
    betweenness_exact: bool
    components: gm.Components
    communities: gm.Communities | None  # None: not asked for


def _check_top(top: int) -> int:
    if not 1 <= top <= MAX_TOP:
        raise InputError(f"top must be between 1 and {MAX_TOP}", field="top")
    return top


def graph_stats(
    session: Session,
    kinds: Iterable[str] | None = None,
    review: str | None = None,
    by: str = "degree",
    top: int = 20,
    with_communities: bool = True,
    seed: int = gm.SEED,
    sources: int | None = None,
) -> GraphStats:
    """The size of the graph, the first `top` places by a metric (with all four metrics),
    its components and its communities."""
    if by not in gm.METRICS:
        raise InputError(f"rank by one of {', '.join(gm.METRICS)}", field="by")
    _check_top(top)
    with no_gc():
        built = build_with_arrays(session, kinds, review)
        graph, data = built.graph, built.data  # the arrays once, for every metric
        found = gm.centrality(graph, seed, sources, data=data)
        return GraphStats(
            kinds=tuple(graph.graph["kinds"].split(",")),
            review=graph.graph["review"],
            nodes=data.n,
            edges=len(data.weights),
            density=2 * len(data.weights) / (data.n * (data.n - 1)) if data.n > 1 else 0.0,
            edge_kinds=built.edge_kinds,
            by=by,
            ranking=tuple(gm.ranking(graph, found, by, top)),
            betweenness_sources=found.betweenness_sources,
            betweenness_exact=found.betweenness_exact,
            components=gm.components(graph, data=data),
            communities=gm.communities(graph, seed, data=data) if with_communities else None,
        )


def resolve_place(session: Session, text: str | int, field: str = "place") -> PlaceBrief:
    """A place by id, key ('tokyo-jp'), 'Name,CC' or a name only one place has."""
    value = str(text).strip()
    if not value:
        raise InputError("name a place (its key, NAME,CC or its id)", field=field)
    if value.isdigit():
        place = session.get(Place, int(value))
        if place is None:
            raise NotFoundError(f"no place #{value}")
        return PlaceBrief.of(place)
    return PlaceBrief.of(find_place(session, value))


def shared(
    session: Session,
    a: str | int,
    b: str | int,
    kinds: Iterable[str] | None = None,
    review: str | None = None,
) -> gm.Shared:
    """The partners two places have in common (see graph_metrics.shared_partners)."""
    first, second = resolve_place(session, a, "a"), resolve_place(session, b, "b")
    with no_gc():
        return gm.shared_partners(build_with_arrays(session, kinds, review).graph, first, second)


def chain(
    session: Session,
    a: str | int,
    b: str | int,
    kinds: Iterable[str] | None = None,
    review: str | None = None,
) -> gm.Chain:
    """The shortest chain of links between two places (see graph_metrics.shortest_chain)."""
    first, second = resolve_place(session, a, "a"), resolve_place(session, b, "b")
    with no_gc():
        return gm.shortest_chain(build_with_arrays(session, kinds, review).graph, first, second)


def profile(
    session: Session,
    place: str | int,
    kinds: Iterable[str] | None = None,
    review: str | None = None,
    with_community: bool = False,
    limit: int = 20,
) -> gm.Profile:
    """A place's standing in the graph (see graph_metrics.place_profile)."""
    _check_top(limit)
    found = resolve_place(session, place)
    with no_gc():
        built = build_with_arrays(session, kinds, review)
        return gm.place_profile(built.graph, found, with_community, limit=limit, data=built.data)


def gexf_graph(graph: nx.Graph) -> nx.Graph:
    """A copy for GEXF: node labels, no None values (GEXF has no null), home as 0/1."""
    out = nx.Graph()
    for node, data in graph.nodes(data=True):
        out.add_node(
            node,
            label=data.get("name", str(node)),
            place_key=data.get("key") or "",
            country=data.get("country") or "",
            level=data.get("level") or "",
            region=data.get("region") or "",
            home=bool(data.get("home")),
        )
    for a, b, data in graph.edges(data=True):
        out.add_edge(a, b, **{k: v for k, v in data.items() if v is not None})
    return out


def write_gexf(graph: nx.Graph, target: Path | BinaryIO) -> None:
    """The graph as GEXF 1.2 for Gephi (nodes with label, place_key, country, level, region,
    home; edges with weight, ties, engagements, memberships, types): written line by line
    (`analytics.graph_export`: what networkx writes for `gexf_graph`, byte for byte), or by
    networkx for a graph whose edges carry other attributes."""
    if graph_export.streamable(graph):
        graph_export.write_lines(graph_export.gexf_lines(graph), target)
        return
    with no_gc():  # the XML tree is ~400,000 objects on the benchmark's graph
        nx.write_gexf(gexf_graph(graph), target)


def gexf_bytes(graph: nx.Graph) -> bytes:
    out = io.BytesIO()
    write_gexf(graph, out)
    return out.getvalue()
