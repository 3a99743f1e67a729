"""import_pairs with the world gazetteer's rules of 2026-12-03 on a hand-made gazetteer: a
county named after its seat is a place of its own, an area far larger than the village of
its name is the area, and a London borough is placed at London."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select

from citydip.exchange.pairs import import_pairs
from citydip.gazetteer.world import Candidate, WorldGazetteer
from citydip.gazetteer.world_index import WorldIndex, add_london_boroughs
from citydip.store.places import Place

COLUMNS = "city1,country1,city2,country2"
SULECIN = replace(
    Candidate("gn3084237", "Sulęcin", "PL", "77", 10090, 52.44, 15.12, 3084237), seat=2
)
SARIYER_VILLAGE = Candidate("gn13589444", "Sariyer", "TR", "93", 1833, 40.77, 31.31, 13589444)
SARIYER = Candidate("area:TR.34.8521535", "Sarıyer", "TR", "34", 22558, 41.18, 29.04, 0)
LONDON = Candidate("gn2643743", "London", "GB", "ENG", 8961989, 51.51, -0.13, 2643743)
HUNTINGTON = Candidate("gn5370082", "Huntington Beach", "US", "CA", 200652, 33.66, -118.0, 1)


def _world() -> WorldGazetteer:
    index = WorldIndex.of([SULECIN, SARIYER_VILLAGE, SARIYER, LONDON, HUNTINGTON])
    add_london_boroughs(index)
    return WorldGazetteer(index)


def test_the_new_rules_make_ties_to_their_own_places(registry, tmp_path):
    path = tmp_path / "pairs.csv"
    path.write_text(
        "city1,country1,city2,country2\n"
        "Sulęcin County,Poland,Huntington Beach,United States\n"
        "Sulęcin,Poland,Huntington Beach,United States\n"
        "Sarıyer,Turkey,Huntington Beach,United States\n"
        "Haringey,England,Huntington Beach,United States\n",
        "utf-8",
    )
    report = import_pairs(registry, path, COLUMNS, resolver=_world())
    assert report.mentions["resolved"] == 8
    assert report.ties == 4  # the county and its town are two parties
    with registry.session() as session:
        places = {
            p.name: (p.country, p.geonames_id, round(p.lat, 2), round(p.lon, 2))
            for p in session.scalars(select(Place).where(Place.lat.is_not(None)))
        }
    assert places["Sulęcin County"] == ("PL", None, 52.44, 15.12)  # at the seat, no GeoNames id
    assert places["Sulęcin"] == ("PL", 3084237, 52.44, 15.12)
    assert places["Sarıyer"] == ("TR", None, 41.18, 29.04)  # Istanbul's, not Eskişehir's
    assert places["Haringey"] == ("GB", None, 51.51, -0.13)
