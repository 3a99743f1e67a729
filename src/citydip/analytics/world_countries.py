"""The world network by country: the ties between each pair of countries (and within
each), and the countries ranked by their ties, places and partner countries."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, replace

from citydip.analytics.briefs import PlaceBrief
from citydip.analytics.world import WorldGraph, check_top, degrees
from citydip.errors import InputError

COUNTRY_ORDERS = ("ties", "places", "international", "partners")


@dataclass(frozen=True)
class CountryPair:
    a: str  # ISO2, a <= b; "" for places with no country
    b: str
    ties: int  # a == b: within the country


@dataclass(frozen=True)
class CountryMatrix:
    dataset: str
    countries: tuple[str, ...]  # every country of a tie, most ties first ("" last: unknown)
    ties: int
    domestic: int  # ties within one country
    international: int
    pairs: tuple[CountryPair, ...]  # every pair with a tie, most ties first, then by codes
    method: str

    def cell(self, a: str, b: str) -> int:
        """The ties between countries a and b (a == b: within a)."""
        lo, hi = sorted((a, b))
        return next((p.ties for p in self.pairs if (p.a, p.b) == (lo, hi)), 0)

    def square(self, codes: list[str]) -> list[list[int]]:
        """The matrix of `codes` by `codes` (symmetric; the diagonal: within a country)."""
        found = {(p.a, p.b): p.ties for p in self.pairs}
        return [[found.get((min(a, b), max(a, b)), 0) for b in codes] for a in codes]


@dataclass(frozen=True)
class CountryRow:
    rank: int  # competition rank by the ranking's order
    code: str  # "" for places with no country
    places: int  # places of the country with a tie
    ties: int  # ties with at least one end in the country
    domestic: int  # with both
    international: int  # with one
    partners: int  # other countries its places have ties with
    top_partner: str | None  # the country of most of its international ties
    top_place: PlaceBrief  # its place with the most ties
    average_degree: float  # ties per place of the country


@dataclass(frozen=True)
class CountryRanking:
    dataset: str
    by: str
    countries: int
    rows: tuple[CountryRow, ...]


METHOD = (
    "a place's country is the registry's (ISO 3166-1 alpha-2); each tie counts once, for "
    "the pair of its two places' countries (within a country when they are the same)"
)


def _pairs(world: WorldGraph) -> Counter[tuple[str, str]]:
    def make() -> Counter[tuple[str, str]]:
        attrs = world.graph._node
        of = [attrs[v].get("country") or "" for v in world.data.nodes]
        found: Counter[tuple[str, str]] = Counter()
        for i, j in zip(world.data.heads.tolist(), world.data.tails.tolist(), strict=True):
            a, b = of[i], of[j]
            found[(a, b) if a <= b else (b, a)] += 1
        return found

    return world.remember("country-pairs", make)


def matrix(world: WorldGraph) -> CountryMatrix:
    """Every pair of countries with the ties between them."""
    pairs = _pairs(world)
    per: Counter[str] = Counter()
    for (a, b), n in pairs.items():
        per[a] += n
        if b != a:
            per[b] += n
    domestic = sum(n for (a, b), n in pairs.items() if a == b and a)
    ordered = sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0]))
    codes = sorted(per, key=lambda c: (c == "", -per[c], c))
    return CountryMatrix(
        dataset=world.dataset.key,
        countries=tuple(codes),
        ties=world.ties,
        domestic=domestic,
        international=sum(n for (a, b), n in pairs.items() if a != b and a and b),
        pairs=tuple(CountryPair(a, b, n) for (a, b), n in ordered),
        method=METHOD,
    )


def ranking(world: WorldGraph, by: str = "ties", top: int = 20) -> CountryRanking:
    """The countries by `by`: ties, places, international ties or partner countries."""
    if by not in COUNTRY_ORDERS:
        raise InputError(f"rank countries by one of {', '.join(COUNTRY_ORDERS)}", field="by")
    check_top(top)
    pairs = _pairs(world)
    degree = degrees(world)
    attrs = world.graph._node
    members: dict[str, list[int]] = defaultdict(list)
    for v in world.data.nodes:
        members[attrs[v].get("country") or ""].append(v)
    domestic: Counter[str] = Counter()
    abroad: dict[str, Counter[str]] = defaultdict(Counter)
    for (a, b), n in pairs.items():
        if a == b:
            domestic[a] += n
        else:
            abroad[a][b] += n
            abroad[b][a] += n
    rows = []
    for code, places in members.items():
        international = sum(abroad[code].values())
        best = max(places, key=lambda v: (degree[v], -v))
        partners = sorted(abroad[code].items(), key=lambda kv: (-kv[1], kv[0]))
        rows.append(
            CountryRow(
                rank=0,
                code=code,
                places=len(places),
                ties=domestic[code] + international,
                domestic=domestic[code],
                international=international,
                partners=len(partners),
                top_partner=partners[0][0] if partners else None,
                top_place=world.brief(best),
                average_degree=sum(degree[v] for v in places) / len(places),
            )
        )
    rows.sort(key=lambda r: (-getattr(r, by), r.code))
    values = [getattr(r, by) for r in rows]
    ranked = tuple(
        replace(r, rank=1 + sum(1 for v in values if v > values[i]))
        for i, r in enumerate(rows[:top])
    )
    return CountryRanking(world.dataset.key, by, len(rows), ranked)
