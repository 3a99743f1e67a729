"""The world network views of an imported dataset (`world_view.load`): the ego network
of one place, a search by name, the country graph and one country's cities.

All of it is a pass over the dataset's arrays and adjacency lists (no query), capped so
that a graph drawn in the browser stays a few hundred nodes: the countries (about 200),
a country's most connected cities with their partner countries, a place's partners.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from citydip.analytics.world_view import Country, World, WorldPlace, country_table
from citydip.errors import NotFoundError


@dataclass(frozen=True)
class Ego:
    place: WorldPlace
    partners: list[WorldPlace]  # by degree, most connected first
    ties: list[tuple[int, int]]  # among the partners (a < b); the centre's own are implied
    more: int  # partners left out


@dataclass(frozen=True)
class CountryGraph:
    countries: list[Country]  # most ties first
    edges: list[tuple[str, str, int]]  # (a, b, ties) with a < b, most ties first
    more: int  # edges left out


@dataclass(frozen=True)
class CountryCities:
    country: Country
    cities: list[WorldPlace]  # most connected first
    more: int  # cities left out
    domestic: list[tuple[int, int, int]]  # (a, b, 1) ties among the cities shown
    abroad: list[tuple[int, str, int]]  # (city, partner country, ties)
    partners: list[Country]  # the partner countries drawn, most ties first
    more_partners: int


def ego(world: World, place_id: int, limit: int = 300) -> Ego:
    """A place, its partners and the ties among them."""
    i = world.index.get(place_id)
    if i is None:
        raise NotFoundError(f"place #{place_id} has no tie in dataset {world.dataset.key!r}")
    partners = sorted(set(world.adjacency[i]), key=lambda j: (-world.degree[j], world.names[j]))
    kept = partners[:limit]
    chosen = set(kept)
    ties = sorted(
        (int(min(world.ids[u], world.ids[w])), int(max(world.ids[u], world.ids[w])))
        for u in kept
        for w in world.adjacency[u]
        if w in chosen and u < w
    )
    return Ego(world.place(i), [world.place(j) for j in kept], ties, len(partners) - len(kept))


def search(world: World, q: str, limit: int = 20) -> list[WorldPlace]:
    """Places whose name starts with `q` (then contains it), most connected first."""
    needle = q.strip().casefold()
    if not needle:
        return []
    scored = []
    for i, name in enumerate(world.names):
        folded = name.casefold()
        if needle in folded:
            scored.append((not folded.startswith(needle), -int(world.degree[i]), name, i))
    return [world.place(i) for *_, i in sorted(scored)[:limit]]


def country_graph(world: World, top: int = 600) -> CountryGraph:
    """Countries as nodes, the ties between two countries as weighted edges (the `top`)."""
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for i, j in zip(world.a.tolist(), world.b.tolist(), strict=True):
        ca, cb = world.countries[i], world.countries[j]
        if ca and cb and ca != cb:
            counts[(min(ca, cb), max(ca, cb))] += 1
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    edges = [(a, b, n) for (a, b), n in ranked[:top]]
    return CountryGraph(country_table(world), edges, max(0, len(ranked) - top))


def country_cities(world: World, code: str, limit: int = 120, partners: int = 30) -> CountryCities:
    """A country's most connected cities, the ties among them, and their ties abroad
    summed by partner country (the `partners` countries with most ties)."""
    table = {c.code: c for c in country_table(world)}
    country = table.get(code.upper())
    if country is None:
        raise NotFoundError(f"no place of country {code!r} in dataset {world.dataset.key!r}")
    mine = [i for i, c in enumerate(world.countries) if c == country.code]
    mine.sort(key=lambda i: (-world.degree[i], world.names[i]))
    kept = mine[:limit]
    chosen = set(kept)
    domestic = []
    abroad: dict[tuple[int, str], int] = defaultdict(int)
    by_country: dict[str, int] = defaultdict(int)
    for u in kept:
        for w in world.adjacency[u]:
            other = world.countries[w]
            if w in chosen and u < w:
                domestic.append((int(world.ids[u]), int(world.ids[w]), 1))
            elif other and other != country.code:
                abroad[(int(world.ids[u]), other)] += 1
                by_country[other] += 1
    ranked = sorted(by_country, key=lambda c: (-by_country[c], c))
    drawn = set(ranked[:partners])
    return CountryCities(
        country=country,
        cities=[world.place(i) for i in kept],
        more=len(mine) - len(kept),
        domestic=sorted(domestic),
        abroad=sorted((p, c, n) for (p, c), n in abroad.items() if c in drawn),
        partners=[table[c] for c in ranked[:partners]],
        more_partners=max(0, len(ranked) - partners),
    )
