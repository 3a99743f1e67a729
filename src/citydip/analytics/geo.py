"""The map: the home city, the places it has ties and engagements with, and a line per tie.

A place takes part when it is a party of a tie with the home city, or a party or the
location of an engagement the home city took part in (as a party or as the host).
Places the registry has no coordinates for are returned apart, to be listed under the map.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, or_, select
from sqlalchemy.orm import Session, aliased

from citydip.analytics.briefs import PlaceBrief
from citydip.analytics.regions import REGIONS, countries_of
from citydip.analytics.scope import T, check_review, check_year, in_review
from citydip.errors import InputError
from citydip.store.places import Place
from citydip.store.records import Record, RecordParty
from citydip.store.registry import get_home


@dataclass(frozen=True)
class MapPoint:
    place: PlaceBrief
    lat: float
    lon: float
    home: bool
    ties: tuple[str, ...]  # the types of its ties with the home city


@dataclass(frozen=True)
class MapLine:
    id: int  # the tie's record id
    type: str | None
    since: str | None
    partner_id: int
    start: tuple[float, float]  # (lon, lat) of the home city
    end: tuple[float, float]  # (lon, lat) of the partner


@dataclass(frozen=True)
class MapData:
    home: PlaceBrief | None
    points: list[MapPoint]
    lines: list[MapLine]
    unplaced: list[PlaceBrief]  # taking part, but without coordinates


def _region_cond(region: str) -> ColumnElement[bool]:
    if region == "unknown":
        known = [c for codes in REGIONS.values() for c in codes.split()]
        return or_(Place.country.is_(None), Place.country.not_in(known))
    if region not in REGIONS:
        raise InputError(f"no region {region!r}; one of {', '.join(REGIONS)}", field="region")
    return Place.country.in_(countries_of(region))


def _record_conds(
    kind: str, review: str, type_: str | None, year: int | None, date: Any
) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = [Record.kind == kind, in_review(review)]
    if type_:
        conds.append(Record.type == type_)
    if year is not None:  # a range, not substr(): an index on the date can serve it
        conds += [date >= f"{year:04d}", date < f"{year + 1:04d}"]
    return conds


def _ties(
    session: Session, home: int, review: str, type_: str | None, year: int | None
) -> list[tuple[int, str | None, str | None, int]]:
    """(tie id, type, since, partner id) of each tie with the home city."""
    mine = aliased(RecordParty)
    other = aliased(RecordParty)
    query = (
        select(Record.id, Record.type, T.since, other.place_id)
        .join(mine, and_(mine.record_id == Record.id, mine.place_id == home))
        .join(other, and_(other.record_id == Record.id, other.place_id != home))
        .where(*_record_conds("relationship", review, type_, year, T.since))
        .order_by(Record.id)
    )
    return [(i, t, s, p) for i, t, s, p in session.execute(query)]


def _engaged(home: int, review: str, type_: str | None, year: int | None) -> ColumnElement[bool]:
    """Whether Place took part in an engagement with the home city (a correlated EXISTS)."""
    conds = _record_conds("engagement", review, type_, year, T.start)
    home_party = exists().where(RecordParty.record_id == Record.id, RecordParty.place_id == home)
    with_home = or_(T.location_id == home, home_party)
    party = aliased(RecordParty)
    as_party = exists().where(
        party.place_id == Place.id, party.record_id == Record.id, with_home, *conds
    )
    as_location = exists().where(T.location_id == Place.id, with_home, *conds)
    return or_(as_party, as_location)


def map_data(
    session: Session,
    type: str | None = None,
    region: str | None = None,
    year: int | None = None,
    review: str | None = None,
) -> MapData:
    """The home city and its partners (narrowed by record type, world region and year)."""
    scope = check_review(review)
    check_year(year)
    home = get_home(session)
    if home is None:
        return MapData(None, [], [], [])
    ties = _ties(session, home.id, scope, type, year)
    tie_types: dict[int, list[str]] = {}
    for _, t, _, partner in ties:
        types = tie_types.setdefault(partner, [])
        if t and t not in types:
            types.append(t)
    conds: list[ColumnElement[bool]] = [Place.id != home.id]
    if region:
        conds.append(_region_cond(region))
    taking_part = _engaged(home.id, scope, type, year)
    if tie_types:
        taking_part = or_(Place.id.in_(list(tie_types)), taking_part)
    places = list(
        session.scalars(select(Place).where(*conds, taking_part).order_by(Place.name, Place.id))
    )
    points: list[MapPoint] = []
    unplaced: list[PlaceBrief] = []
    where: dict[int, tuple[float, float]] = {}
    for place in places:
        if place.lat is None or place.lon is None:
            unplaced.append(PlaceBrief.of(place))
            continue
        where[place.id] = (place.lon, place.lat)
        points.append(
            MapPoint(
                PlaceBrief.of(place),
                place.lat,
                place.lon,
                False,
                tuple(tie_types.get(place.id, ())),
            )
        )
    lines: list[MapLine] = []
    if home.lat is not None and home.lon is not None:
        start = (home.lon, home.lat)
        points.insert(0, MapPoint(PlaceBrief.of(home), home.lat, home.lon, True, ()))
        lines = [
            MapLine(i, t, s, partner, start, where[partner])
            for i, t, s, partner in ties
            if partner in where
        ]
    return MapData(PlaceBrief.of(home), points, lines, unplaced)


def year_range(session: Session, review: str | None = None) -> tuple[int, int] | None:
    """The first and last year of a tie or an engagement (for a year filter), or None."""
    scope = check_review(review)
    lows, highs = [], []
    for kind, column in (("relationship", T.since), ("engagement", T.start)):
        base = select(column).where(Record.kind == kind, column.is_not(None), in_review(scope))
        low = session.scalar(base.order_by(column).limit(1))  # walks the (kind, date) index
        high = session.scalar(base.order_by(column.desc()).limit(1))
        if low and high:
            lows.append(int(low[:4]))
            highs.append(int(high[:4]))
    return (min(lows), max(highs)) if lows else None
