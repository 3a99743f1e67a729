"""London boroughs (ISO 3166-2:GB, pycountry) in the world gazetteer: placed at London
when no GB place or area is named after them; on a small hand-made index."""

from __future__ import annotations

from citydip.gazetteer.world import Candidate, WorldGazetteer
from citydip.gazetteer.world_index import WorldIndex, add_london_boroughs

LONDON = Candidate("gn2643743", "London", "GB", "ENG", 8961989, 51.51, -0.13, 2643743)
CROYDON = Candidate("gn2651817", "Croydon", "GB", "ENG", 173314, 51.38, -0.10, 2651817)
LONDON_ON = Candidate("gn6058560", "London", "CA", "08", 346765, 42.98, -81.23, 6058560)


def _world(*places: Candidate) -> WorldGazetteer:
    index = WorldIndex.of(list(places))
    add_london_boroughs(index)
    return WorldGazetteer(index)


def test_a_borough_without_a_namesake_place_is_placed_at_london() -> None:
    world = _world(LONDON, CROYDON, LONDON_ON)
    haringey = world.resolve("Haringey", "England, United Kingdom")
    assert (haringey.status, haringey.via) == ("resolved", "area")
    assert haringey.place is not None
    assert (haringey.place.key, haringey.place.name, haringey.place.country) == (
        "area:GB-HRY",
        "Haringey",
        "GB",
    )
    assert (haringey.place.lat, haringey.place.lon) == (LONDON.lat, LONDON.lon)  # not Ontario's
    assert world.resolve("Tower Hamlets", "England").place is not None


def test_a_borough_named_after_a_town_stays_the_town() -> None:
    world = _world(LONDON, CROYDON)
    assert world.resolve("Croydon", "England").place == CROYDON
    assert "croydon" not in world.index.areas.get("GB", {})


def test_no_london_no_boroughs() -> None:
    world = _world(CROYDON)
    assert world.resolve("Haringey", "England").status == "unresolved"
