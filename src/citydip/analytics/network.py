"""The network: the home city, its partners (ties, engagements) and city networks
(memberships), with edges weighted by the number of records behind them.

Node kinds: home; network (a place of level organization); partner (a place with a tie to
the home city); place (engaged with, without a tie). Counting is done in SQL; only the
places shown are loaded, the `limit` most connected ones.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from sqlalchemy import and_, exists, func, or_, select, union_all
from sqlalchemy.orm import Session, aliased

from citydip.analytics.briefs import PlaceBrief
from citydip.analytics.scope import T, check_review, in_review
from citydip.errors import InputError
from citydip.store.places import Place
from citydip.store.records import Record, RecordParty
from citydip.store.registry import get_home

MAX_NODES = 2000


@dataclass(frozen=True)
class Node:
    place: PlaceBrief
    kind: str  # home | partner | network | place
    weight: int  # records it takes part in (among those shown)


@dataclass(frozen=True)
class Edge:
    source: int  # place ids
    target: int
    kind: str  # tie | engagement | membership
    type: str | None  # the tie's type (the first, if several), the member's role
    weight: int  # records behind the edge


@dataclass(frozen=True)
class Network:
    nodes: list[Node]
    edges: list[Edge]
    places: int  # connected places in all (the nodes are the most connected of them)


def _tie_counts(session: Session, home: int, review: str) -> dict[int, list[str | None]]:
    mine = aliased(RecordParty)
    other = aliased(RecordParty)
    query = (
        select(other.place_id, Record.type)
        .join(mine, and_(mine.record_id == Record.id, mine.place_id == home))
        .join(other, and_(other.record_id == Record.id, other.place_id != home))
        .where(Record.kind == "relationship", in_review(review))
        .order_by(Record.id)
    )
    found: dict[int, list[str | None]] = defaultdict(list)
    for place, type_ in session.execute(query):
        found[place].append(type_)
    return found


def _engagement_counts(session: Session, home: int, review: str) -> Counter[int]:
    """Engagements with the home city per other place (a party or the location)."""
    home_party = exists().where(RecordParty.record_id == Record.id, RecordParty.place_id == home)
    conds = [
        Record.kind == "engagement",
        in_review(review),
        or_(T.location_id == home, home_party),
    ]
    party = aliased(RecordParty)
    as_party = (
        select(party.place_id.label("place_id"), Record.id.label("record_id"))
        .join(party, party.record_id == Record.id)
        .where(party.place_id != home, *conds)
    )
    as_location = select(T.location_id.label("place_id"), Record.id.label("record_id")).where(
        T.location_id.is_not(None), T.location_id != home, *conds
    )
    both = union_all(as_party, as_location).subquery()
    query = select(both.c.place_id, func.count(func.distinct(both.c.record_id))).group_by(
        both.c.place_id
    )
    return Counter({place: n for place, n in session.execute(query)})


def network(session: Session, review: str | None = None, limit: int = 150) -> Network:
    """The graph of the home city's ties, engagements and memberships."""
    scope = check_review(review)
    if not 1 <= limit <= MAX_NODES:
        raise InputError(f"limit must be between 1 and {MAX_NODES}", field="limit")
    home = get_home(session)
    if home is None:
        return Network([], [], 0)
    ties = _tie_counts(session, home.id, scope)
    engaged = _engagement_counts(session, home.id, scope)
    members = session.execute(
        select(Record.id, T.member_id, T.network_id, T.role).where(
            Record.kind == "membership",
            in_review(scope),
            T.member_id.is_not(None),
            T.network_id.is_not(None),
        )
    ).all()
    weight: Counter[int] = Counter()
    for place, types in ties.items():
        weight[place] += len(types)
    weight.update(engaged)
    # memberships of the home city and of the places it is connected with
    members = [m for m in members if m[1] == home.id or m[1] in weight]
    for _, member, net, _ in members:
        weight[net] += 1
        if member != home.id:
            weight[member] += 1
    ranked = sorted(weight, key=lambda p: (-weight[p], p))
    shown = set(ranked[:limit])
    places = {
        p.id: p for p in session.scalars(select(Place).where(Place.id.in_(shown | {home.id})))
    }

    edges: list[Edge] = []
    for place, types in sorted(ties.items()):
        if place in shown:
            edges.append(Edge(home.id, place, "tie", types[0], len(types)))
    for place, n in sorted(engaged.items()):
        if place in shown:
            edges.append(Edge(home.id, place, "engagement", None, n))
    pairs: Counter[tuple[int, int]] = Counter()
    roles: dict[tuple[int, int], str | None] = {}
    for _, member, net, role in members:
        if net in shown and (member == home.id or member in shown):
            pairs[(member, net)] += 1
            roles.setdefault((member, net), role)
    for (member, net), n in sorted(pairs.items()):
        edges.append(Edge(member, net, "membership", roles[(member, net)], n))

    home_weight = sum(e.weight for e in edges if home.id in (e.source, e.target))
    nodes = [Node(PlaceBrief.of(home), "home", home_weight)]
    for pid in sorted(shown, key=lambda p: (-weight[p], p)):
        found = places.get(pid)
        if found is None:
            continue
        if found.level == "organization":
            kind = "network"
        elif pid in ties:
            kind = "partner"
        else:
            kind = "place"
        nodes.append(Node(PlaceBrief.of(found), kind, weight[pid]))
    return Network(nodes, edges, len(weight))
