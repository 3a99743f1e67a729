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

import io
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import networkx as nx
from sqlalchemy import and_, exists, func, select
from sqlalchemy.orm import Session, aliased

from citydip.analytics import graph_metrics as gm
from citydip.analytics.briefs import PlaceBrief
from citydip.analytics.regions import region_of
from citydip.analytics.scope import T, check_review, home_id, in_review
from citydip.errors import InputError, NotFoundError
from citydip.store.places import Place
from citydip.store.queries import find_place
from citydip.store.records import Record, RecordParty

EDGE_KINDS = ("tie", "engagement", "membership")
DEFAULT_KINDS = ("tie", "membership")
MAX_TOP = 1000

Pair = tuple[int, int]


class _Edge:
    """Counts of one pair's records by kind, and its tie types and roles (sorted)."""

    __slots__ = ("ties", "engagements", "memberships", "types")

    def __init__(self) -> None:
        self.ties = self.engagements = self.memberships = 0
        self.types = ""

    def add_type(self, code: str | None) -> None:
        if not code:
            return
        if not self.types:
            self.types = code
        elif code not in self.types.split(","):
            self.types = ",".join(sorted([*self.types.split(","), code]))


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


def _ties(session: Session, review: str, edges: dict[Pair, _Edge]) -> None:
    a, b = aliased(RecordParty), aliased(RecordParty)
    query = (
        select(a.place_id, b.place_id, Record.type, func.count())
        .select_from(Record)
        .join(a, a.record_id == Record.id)
        .join(b, and_(b.record_id == Record.id, a.place_id < b.place_id))
        .where(Record.kind == "relationship", in_review(review))
        .group_by(a.place_id, b.place_id, Record.type)
    )
    for p, q, type_, n in session.execute(query):
        edge = edges[(p, q)]
        edge.ties += n
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
    for p, q, n in session.execute(parties):
        edges[(p, q)].engagements += n
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
    for p, loc, n in session.execute(located):
        edges[_pair(p, loc)].engagements += n


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
    for member, network, role, n in session.execute(query):
        edge = edges[_pair(member, network)]
        edge.memberships += n
        edge.add_type(role)


def build_graph(
    session: Session, kinds: Iterable[str] | None = None, review: str | None = None
) -> nx.Graph:
    """The registry's places and their links as an undirected graph (see the module)."""
    chosen = check_kinds(kinds)
    scope = check_review(review)
    edges: dict[Pair, _Edge] = defaultdict(_Edge)
    if "tie" in chosen:
        _ties(session, scope, edges)
    if "engagement" in chosen:
        _engagements(session, scope, edges)
    if "membership" in chosen:
        _memberships(session, scope, edges)
    home = home_id(session)
    graph = nx.Graph(source="registry", kinds=",".join(chosen), review=scope, home=home or 0)
    wanted = {n for pair in edges for n in pair}
    rows = session.execute(select(Place.id, Place.name, Place.country, Place.level, Place.key))
    places = sorted((row for row in rows if row[0] in wanted), key=lambda r: r[0])
    graph.add_nodes_from(
        (
            node,
            {"name": name, "country": country, "level": level, "region": region_of(country),
             "key": key, "home": node == home},
        )
        for node, name, country, level, key in places
    )  # fmt: skip
    graph.add_edges_from(
        (
            a,
            b,
            {"weight": e.ties + e.engagements + e.memberships, "ties": e.ties,
             "engagements": e.engagements, "memberships": e.memberships,
             "types": e.types},
        )
        for (a, b), e in sorted(edges.items(), key=lambda kv: kv[0])
    )  # fmt: skip
    return graph


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
    graph = build_graph(session, kinds, review)
    found = gm.centrality(graph, seed, sources)
    counts = {
        kind: sum(1 for _, _, d in graph.edges(data=True) if d[attr])
        for kind, attr in gm.KIND_ATTRS.items()
        if kind in graph.graph["kinds"].split(",")
    }
    return GraphStats(
        kinds=tuple(graph.graph["kinds"].split(",")),
        review=graph.graph["review"],
        nodes=graph.number_of_nodes(),
        edges=graph.number_of_edges(),
        density=nx.density(graph) if graph.number_of_nodes() > 1 else 0.0,
        edge_kinds=counts,
        by=by,
        ranking=tuple(gm.ranking(graph, found, by, top)),
        betweenness_sources=found.betweenness_sources,
        betweenness_exact=found.betweenness_exact,
        components=gm.components(graph),
        communities=gm.communities(graph, seed) if with_communities else None,
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
    return gm.shared_partners(build_graph(session, kinds, review), first, second)


def chain(
    session: Session,
    a: str | int,
    b: str | int,
    kinds: Iterable[str] | None = None,
    review: str | None = None,
) -> gm.Chain:
    """The shortest chain of links between two places (see graph_metrics.shortest_chain)."""
    first, second = resolve_place(session, a, "a"), resolve_place(session, b, "b")
    return gm.shortest_chain(build_graph(session, kinds, review), first, second)


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
    return gm.place_profile(build_graph(session, kinds, review), found, with_community, limit=limit)


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
    home; edges with weight, ties, engagements, memberships, types)."""
    nx.write_gexf(gexf_graph(graph), target)


def gexf_bytes(graph: nx.Graph) -> bytes:
    out = io.BytesIO()
    write_gexf(graph, out)
    return out.getvalue()
