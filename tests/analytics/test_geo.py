"""The map's data on the small registry of conftest.py."""

from __future__ import annotations

import pytest

from citydip.analytics import geo
from citydip.errors import InputError
from citydip.store.engine import Registry


def test_home_partners_and_tie_lines(registry: Registry, small: dict[str, int]) -> None:
    with registry.session() as session:
        data = geo.map_data(session)
    assert data.home is not None and data.home.name == "Seoul"
    # Seoul has no coordinates in this registry: it is no point, so no line either
    assert [p.place.name for p in data.points] == ["Paris", "Tokyo"]
    tokyo = next(p for p in data.points if p.place.name == "Tokyo")
    assert tokyo.ties == ("sister",) and not tokyo.home
    paris = next(p for p in data.points if p.place.name == "Paris")
    assert paris.ties == ()  # its tie is only proposed; it is the host of e3
    assert [p.name for p in data.unplaced] == ["Hanoi"]
    assert data.lines == []


def test_lines_go_from_home_to_partners_with_coordinates(
    registry: Registry, small: dict[str, int]
) -> None:
    from citydip.store.places import Place

    with registry.session() as session:
        seoul = session.get(Place, small["Seoul"])
        assert seoul is not None
        seoul.lat, seoul.lon = 37.566, 126.978
    with registry.session() as session:
        data = geo.map_data(session)
        every = geo.map_data(session, review="all")
    assert data.points[0].home and data.points[0].place.name == "Seoul"
    assert [(ln.id, ln.type, ln.since, ln.start, ln.end) for ln in data.lines] == [
        (small["t1"], "sister", "1988", (126.978, 37.566), (139.6917, 35.6895))
    ]
    assert sorted(ln.type for ln in every.lines) == ["friendship", "sister"]  # + proposed t2


def test_filters_by_type_region_and_year(registry: Registry, small: dict[str, int]) -> None:
    with registry.session() as session:
        sister = geo.map_data(session, type="sister")
        meeting = geo.map_data(session, type="meeting")
        europe = geo.map_data(session, region="europe")
        year_2019 = geo.map_data(session, year=2019)
        year_1988 = geo.map_data(session, year=1988)
    assert [p.place.name for p in sister.points] == ["Tokyo"]
    # e2 (Seoul–Hanoi) is a meeting with the home city; e4 (Tokyo–Paris) is not
    assert [p.place.name for p in meeting.points] == [] and [p.name for p in meeting.unplaced] == [
        "Hanoi"
    ]
    assert [p.place.name for p in europe.points] == ["Paris"] and europe.unplaced == []
    assert year_2019.points == [] and [p.name for p in year_2019.unplaced] == ["Hanoi"]
    assert [p.place.name for p in year_1988.points] == ["Tokyo"]


def test_an_unknown_region_is_an_input_error(registry: Registry, small: dict[str, int]) -> None:
    with registry.session() as session, pytest.raises(InputError) as err:
        geo.map_data(session, region="atlantis")
    assert err.value.field == "region"


def test_year_range_of_ties_and_engagements(registry: Registry, small: dict[str, int]) -> None:
    with registry.session() as session:
        assert geo.year_range(session) == (1988, 2021)
        assert geo.year_range(session, "proposed") == (1991, 1991)
        assert geo.year_range(session, "rejected") is None
