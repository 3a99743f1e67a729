"""Two places in the world network: every shortest chain of ties between them (up to a
limit) and the partners they share."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from citydip.analytics import graph as graph_mod
from citydip.analytics import graph_metrics as gm
from citydip.analytics.briefs import PlaceBrief
from citydip.analytics.world import WorldGraph, check_top
from citydip.errors import InputError

MAX_PATHS = 1000


@dataclass(frozen=True)
class WorldChains:
    dataset: str
    a: PlaceBrief
    b: PlaceBrief
    found: bool
    hops: int | None  # ties on a shortest chain
    count: int  # shortest chains in all (the same length; counted, not listed)
    paths: tuple[tuple[PlaceBrief, ...], ...]  # the first `limit`: a, ..., b
    method: str


CHAINS_METHOD = (
    "breadth-first search from the first place: every chain of the fewest ties to the second; "
    "listed in place-id order of their steps back from the second, counted in full"
)


def two_places(
    session: Session, world: WorldGraph, a: str | int, b: str | int
) -> tuple[PlaceBrief, PlaceBrief]:
    first = graph_mod.resolve_place(session, a, "a")
    second = graph_mod.resolve_place(session, b, "b")
    if first.id == second.id:
        raise InputError("choose two different places", field="b")
    return first, second


def chains(
    session: Session, world: WorldGraph, a: str | int, b: str | int, limit: int = 10
) -> WorldChains:
    """The shortest chains of ties from `a` to `b` (found=False: none, or not in the data)."""
    check_top(limit, "limit")
    first, second = two_places(session, world, a, b)
    return shortest_chains(world, first, second, min(limit, MAX_PATHS))


def shortest_chains(world: WorldGraph, a: PlaceBrief, b: PlaceBrief, limit: int) -> WorldChains:
    adj = world.graph._adj
    key = world.dataset.key
    if a.id not in adj or b.id not in adj:
        return WorldChains(key, a, b, False, None, 0, (), CHAINS_METHOD)
    # level by level from a, counting the shortest chains to each place (sigma), until b
    dist = {a.id: 0}
    sigma = {a.id: 1}
    frontier = [a.id]
    while frontier and b.id not in dist:
        level = dist[frontier[0]] + 1
        nxt: list[int] = []
        for v in frontier:
            for w in adj[v]:
                if w not in dist:
                    dist[w] = level
                    sigma[w] = 0
                    nxt.append(w)
                if dist[w] == level:
                    sigma[w] += sigma[v]
        frontier = nxt
    if b.id not in dist:
        return WorldChains(key, a, b, False, None, 0, (), CHAINS_METHOD)
    hops = dist[b.id]
    paths: list[list[int]] = []

    def back(node: int, tail: list[int]) -> None:  # depth first to a, a level a step
        if len(paths) >= limit:
            return
        if node == a.id:
            paths.append([node, *tail])
            return
        for p in sorted(w for w in adj[node] if dist.get(w) == dist[node] - 1):
            back(p, [node, *tail])

    back(b.id, [])
    found = tuple(tuple(world.brief(n) for n in path) for path in paths)
    return WorldChains(key, a, b, True, hops, sigma[b.id], found, CHAINS_METHOD)


def shared(session: Session, world: WorldGraph, a: str | int, b: str | int) -> gm.Shared:
    """The dataset partners two places have in common (graph_metrics.shared_partners: the
    edges' weight is the source rows of each tie)."""
    first, second = two_places(session, world, a, b)
    return gm.shared_partners(world.graph, first, second)
