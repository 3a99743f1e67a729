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

The default is ties and memberships: the standing relations. Engagements are many (a
million in the benchmark registry, 800,000 pairs of places), so they are asked for; their
pairs are kept with the records' facts (`store.facts.EngagementPair`, brought up to date
by `analytics.facts.refresh`) and read as they are. Each kind is one query of columns; no
record is loaded, and the graph is arrays (`analytics.place_graph`): an nx.Graph is made
only for what needs networkx (the shortest chain, `build_graph` and the GEXF export).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, BinaryIO

import networkx as nx
import numpy as np
from sqlalchemy import and_, func, literal, select
from sqlalchemy.orm import Session, aliased

from citydip.analytics import facts, graph_export
from citydip.analytics import graph_centrality as gcen
from citydip.analytics import graph_metrics as gm
from citydip.analytics.briefs import PlaceBrief
from citydip.analytics.collector import no_gc
from citydip.analytics.place_graph import EdgeColumns, PlaceGraph
from citydip.analytics.regions import region_of
from citydip.analytics.scope import T, check_review, home_id, in_review, indexed, on_sqlite
from citydip.errors import InputError, NotFoundError
from citydip.store.facts import EngagementPair
from citydip.store.places import Place
from citydip.store.queries import find_place
from citydip.store.records import Record, RecordParty

EDGE_KINDS = ("tie", "engagement", "membership")
DEFAULT_KINDS = ("tie", "membership")
MAX_TOP = 1000


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


SHIFT = 32  # a pair of places as one integer: place a << SHIFT | place b


class _Links:
    """The links of one kind as columns: each row's pair (lower place id << SHIFT | higher),
    its count, and its type (tie type or membership role; none for engagements)."""

    def __init__(self, keys: np.ndarray, counts: np.ndarray, types: list[str | None]) -> None:
        self.keys, self.counts, self.types = keys, counts, types

    @classmethod
    def of(cls, rows: Sequence[Any], typed: bool) -> _Links:
        """From rows (place, place, count[, type])."""
        n = len(rows)
        table = np.fromiter((v for row in rows for v in row[:3]), dtype=np.int64, count=3 * n)
        table = table.reshape(n, 3)
        lo = np.minimum(table[:, 0], table[:, 1])
        hi = np.maximum(table[:, 0], table[:, 1])
        return cls(lo << SHIFT | hi, table[:, 2], [row[3] for row in rows] if typed else [])


def _ties(session: Session, review: str) -> _Links:
    # one row a tie (no GROUP BY: SQLite's sorts cost more than the arrays' grouping)
    a, b = aliased(RecordParty), aliased(RecordParty)
    query = (
        select(a.place_id, b.place_id, literal(1), Record.type)
        .select_from(Record)
        .join(a, a.record_id == Record.id)
        .join(b, and_(b.record_id == Record.id, a.place_id < b.place_id))
        .where(Record.kind == "relationship", in_review(review))
    )
    return _Links.of(session.connection().execute(_hinted(query, a, b)).all(), typed=True)


def _engagements(session: Session, review: str) -> _Links:
    """The engagements' pairs kept with the facts (store.facts.EngagementPair). On SQLite
    as one string of numbers parsed by NumPy: 800,000 rows fetched as tuples cost twice
    the CPU of SQLite's group_concat, and their conversion to arrays as much again."""
    facts.refresh(session)
    pair = EngagementPair
    scope = [] if review == "all" else [pair.review_state == review]
    if on_sqlite(session):
        key = pair.place_a.op("<<")(SHIFT).op("|")(pair.place_b)
        joined = session.scalar(
            select(func.group_concat(key.concat(",").concat(pair.n))).where(*scope)
        )
        table = np.fromstring(joined or "", dtype=np.int64, sep=",").reshape(-1, 2)
        return _Links(table[:, 0], table[:, 1], [])
    query = select(pair.place_a, pair.place_b, pair.n).where(*scope)
    return _Links.of(session.connection().execute(query).all(), typed=False)


def _memberships(session: Session, review: str) -> _Links:
    query = (
        select(T.member_id, T.network_id, func.count(), T.role)
        .where(
            Record.kind == "membership",
            in_review(review),
            T.member_id.is_not(None),
            T.network_id.is_not(None),
            T.member_id != T.network_id,
        )
        .group_by(T.member_id, T.network_id, T.role)
    )
    return _Links.of(session.connection().execute(query).all(), typed=True)


def build_graph(
    session: Session, kinds: Iterable[str] | None = None, review: str | None = None
) -> nx.Graph:
    """The registry's places and their links as an undirected graph (see the module)."""
    with no_gc():
        return build_with_arrays(session, kinds, review).graph


@dataclass(frozen=True)
class Built:
    places: PlaceGraph  # the graph as arrays, read as graph_metrics reads an nx.Graph
    data: gcen.Arrays  # the same graph as the metrics' arrays
    edge_kinds: dict[str, int]  # edge kind (of those asked for) → edges carrying it

    @cached_property
    def graph(self) -> nx.Graph:
        """The same graph as an nx.Graph, made on first use (seconds with engagements)."""
        return self.places.to_networkx()


def build_with_arrays(
    session: Session, kinds: Iterable[str] | None = None, review: str | None = None
) -> Built:
    """The graph of `build_graph` as arrays (its nx.Graph made only when asked for) and
    its edges by kind (with the garbage collector paused: `no_gc`).

    Each kind's links are read as columns (pair, count[, type]); the pairs of all kinds
    are numbered at once (np.unique of a << SHIFT | b: in (a, b) order) and each kind's
    counts summed into them."""
    with no_gc():
        return _build(session, check_kinds(kinds), check_review(review))


def _build(session: Session, chosen: tuple[str, ...], scope: str) -> Built:
    readers = {"tie": _ties, "engagement": _engagements, "membership": _memberships}
    links = [readers[kind](session, scope) for kind in chosen]
    pairs, inverse = np.unique(np.concatenate([part.keys for part in links]), return_inverse=True)
    m = len(pairs)
    heads, tails = pairs >> SHIFT, pairs & ((1 << SHIFT) - 1)
    sums = {kind: np.zeros(m, dtype=np.int64) for kind in EDGE_KINDS}
    types: dict[int, set[str]] = {}
    start = 0
    for kind, part in zip(chosen, links, strict=True):
        at = inverse[start : start + len(part.counts)]
        start += len(part.counts)
        sums[kind] = np.bincount(at, weights=part.counts, minlength=m).astype(np.int64)
        for edge, code in zip(at.tolist(), part.types, strict=False):
            if code:
                types.setdefault(edge, set()).add(code)
    columns = EdgeColumns(
        sums["tie"], sums["engagement"], sums["membership"],
        {edge: ",".join(sorted(codes)) for edge, codes in types.items()},
    )  # fmt: skip
    # the places linked, ascending, and each edge's ends as their indices (no sort)
    linked = np.zeros(int(tails.max()) + 1 if m else 0, dtype=bool)
    linked[heads] = linked[tails] = True
    node_ids = np.flatnonzero(linked)
    index = np.cumsum(linked) - 1
    home = home_id(session)
    wanted = set(node_ids.tolist())
    rows = session.connection().execute(
        select(Place.id, Place.name, Place.country, Place.level, Place.key).order_by(Place.id)
    )
    places = [row for row in rows.all() if row[0] in wanted]  # by id: the table's order
    regions: dict[str | None, str] = {}
    for _, _, country, _, _ in places:
        if country not in regions:
            regions[country] = region_of(country)
    nodes = [row[0] for row in places]
    attrs = [
        {"name": name, "country": country, "level": level, "region": regions[country],
         "key": key, "home": node == home}
        for node, name, country, level, key in places
    ]  # fmt: skip
    meta = {"source": "registry", "kinds": ",".join(chosen), "review": scope, "home": home or 0}
    graph = PlaceGraph(meta, nodes, attrs, heads, tails, columns)
    weights = (columns.ties + columns.engagements + columns.memberships).astype(np.float64)
    arrays = gcen.from_edges(nodes, index[heads], index[tails], weights)
    return Built(graph, arrays, {kind: int(np.count_nonzero(sums[kind])) for kind in chosen})


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
        graph, data = built.places, built.data  # the arrays once, for every metric
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
        return gm.shared_partners(build_with_arrays(session, kinds, review).places, first, second)


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
        return gm.place_profile(built.places, found, with_community, limit=limit, data=built.data)


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
