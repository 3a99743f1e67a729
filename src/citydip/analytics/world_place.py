"""One city's place in the world network (Seoul's, Busan's): its degree and where that
ranks, its betweenness rank, component and community, its partners by country, the
places within two ties, and how the dataset's partners compare with the registry's
reviewed ties of the same city (places are the same rows: the importer reuses them)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import and_, select
from sqlalchemy.orm import Session, aliased

from citydip.analytics import graph as graph_mod
from citydip.analytics.briefs import PlaceBrief
from citydip.analytics.scope import check_review, in_review
from citydip.analytics.world import (
    SEED,
    WorldGraph,
    check_top,
    community_parts,
    component_parts,
    degrees,
    metric,
    rank_of,
    sources_for,
)
from citydip.store.places import Place
from citydip.store.records import Record, RecordParty


@dataclass(frozen=True)
class Comparison:
    """The dataset's partners of a place against the registry's ties of it (any tie type,
    in the review scope), place by place."""

    review: str
    registry_partners: int
    dataset_partners: int
    both: tuple[PlaceBrief, ...]  # by name
    only_dataset: tuple[PlaceBrief, ...]
    only_registry: tuple[PlaceBrief, ...]


@dataclass(frozen=True)
class WorldPlaceProfile:
    dataset: str
    place: PlaceBrief
    in_dataset: bool  # False: the dataset has no tie of it (every figure below is 0 or None)
    nodes: int  # places in the dataset's network
    degree: int
    degree_rank: int | None  # competition rank (1 = the most ties)
    degree_percentile: float  # share of the network's places with fewer ties, in %
    betweenness: float
    betweenness_rank: int | None
    betweenness_sources: int
    pagerank: float
    pagerank_rank: int | None
    component: int | None  # 1 = the largest
    component_size: int
    community: int | None  # 1 = the largest (Louvain, seed SEED)
    community_size: int
    community_countries: tuple[tuple[str, int], ...]  # its community's first countries
    by_country: tuple[tuple[str, int], ...]  # its partners' countries, most first
    partners: tuple[PlaceBrief, ...]  # by their own degree, then id; the first `limit`
    more_partners: int
    within_two: int  # places at most two ties away (itself left out)
    comparison: Comparison | None  # None: the registry has no tie of it in the scope
    method: str


METHOD = (
    "degree rank: 1 + the places with more ties; percentile: the share with fewer ties; "
    "betweenness in hops, estimated from sampled sources (see world rank); within two: "
    "partners and their partners; the comparison matches places by their registry id"
)


def registry_partners(session: Session, node: int, review: str) -> set[int]:
    """The places the registry's ties (relationships) in the scope link with `node`."""
    a, b = aliased(RecordParty), aliased(RecordParty)
    query = (
        select(b.place_id)
        .select_from(Record)
        .join(a, a.record_id == Record.id)
        .join(b, and_(b.record_id == Record.id, b.place_id != a.place_id))
        .where(Record.kind == "relationship", a.place_id == node, in_review(review))
    )
    return set(session.scalars(query))


def _briefs(session: Session, ids: set[int]) -> tuple[PlaceBrief, ...]:
    if not ids:
        return ()
    places = session.scalars(select(Place).where(Place.id.in_(ids)))
    return tuple(sorted((PlaceBrief.of(p) for p in places), key=lambda p: (p.name, p.id)))


def compare(session: Session, world: WorldGraph, node: int, review: str) -> Comparison | None:
    mine = registry_partners(session, node, review)
    if not mine:
        return None
    theirs = set(world.graph._adj.get(node, ()))
    return Comparison(
        review=review,
        registry_partners=len(mine),
        dataset_partners=len(theirs),
        both=_briefs(session, mine & theirs),
        only_dataset=_briefs(session, theirs - mine),
        only_registry=_briefs(session, mine - theirs),
    )


def profile(
    session: Session,
    world: WorldGraph,
    place: str | int,
    limit: int = 20,
    review: str | None = None,
    sources: int | None = None,
) -> WorldPlaceProfile:
    """A place's standing in the dataset's network (see the module)."""
    check_top(limit, "limit")
    scope = check_review(review)
    found = graph_mod.resolve_place(session, place)
    node = found.id
    comparison = compare(session, world, node, scope)
    key = world.dataset.key
    k = sources_for(world, "betweenness", sources)
    if node not in world.graph:
        return WorldPlaceProfile(
            key, found, False, world.nodes, 0, None, 0.0, 0.0, None, k, 0.0, None,
            None, 0, None, 0, (), (), (), 0, 0, comparison, METHOD,
        )  # fmt: skip
    degree = degrees(world)
    between = metric(world, "betweenness", sources)
    ranks = metric(world, "pagerank")
    component = next(i for i, p in enumerate(component_parts(world), 1) if node in p)
    parts, _ = community_parts(world, SEED)
    community = next(i for i, p in enumerate(parts, 1) if node in p)
    members = parts[community - 1]
    attrs = world.graph._node
    adj = world.graph._adj
    countries = Counter(attrs[v].get("country") or "" for v in members)
    partners = sorted(adj[node], key=lambda v: (-degree[v], v))
    by_country = Counter(attrs[v].get("country") or "" for v in partners)
    within = set(partners).union(*(adj[v] for v in partners)) - {node}
    fewer = sum(1 for d in degree.values() if d < degree[node])
    return WorldPlaceProfile(
        dataset=key,
        place=world.brief(node),
        in_dataset=True,
        nodes=world.nodes,
        degree=degree[node],
        degree_rank=rank_of({n: float(d) for n, d in degree.items()}, node),
        degree_percentile=100.0 * fewer / world.nodes,
        betweenness=between[node],
        betweenness_rank=rank_of(between, node),
        betweenness_sources=k,
        pagerank=ranks[node],
        pagerank_rank=rank_of(ranks, node),
        component=component,
        component_size=len(component_parts(world)[component - 1]),
        community=community,
        community_size=len(members),
        community_countries=tuple(sorted(countries.items(), key=lambda kv: (-kv[1], kv[0]))[:5]),
        by_country=tuple(sorted(by_country.items(), key=lambda kv: (-kv[1], kv[0]))),
        partners=tuple(world.brief(v) for v in partners[:limit]),
        more_partners=max(0, len(partners) - limit),
        within_two=len(within),
        comparison=comparison,
        method=METHOD,
    )
