"""English and German districts (world_districts.tsv): GeoNames' third-level areas, placed
at the median of their places; found as areas by their bare names."""

from __future__ import annotations

from citydip.gazetteer.world import Candidate, WorldGazetteer
from citydip.gazetteer.world_index import (
    WorldIndex,
    add_districts,
    district_keys,
    name_key,
    read_districts,
)


def test_district_keys_drop_words_of_type() -> None:
    assert name_key("Bassetlaw") in district_keys("Bassetlaw District")
    assert name_key("Gravesham") in district_keys("Gravesham District (B)")
    assert name_key("Rems-Murr") in district_keys("Rems-Murr-Kreis")
    assert name_key("Enz") in district_keys("Enzkreis")
    assert name_key("Oder-Spree") in district_keys("Landkreis Oder-Spree")
    assert name_key("Lippe") in district_keys("Kreis Lippe")
    assert name_key("Märkischer") in district_keys("Märkischer Kreis")


def test_the_shipped_districts() -> None:
    districts = {d.name: d for d in read_districts()}
    assert len(districts) > 500
    bassetlaw = districts["Bassetlaw District"]
    assert (bassetlaw.country, bassetlaw.admin1, bassetlaw.level) == ("GB", "ENG", "city")
    assert 53.2 < bassetlaw.lat < 53.5 and -1.2 < bassetlaw.lon < -0.8  # Worksop, Retford
    assert districts["Rems-Murr-Kreis"].admin1 == "01"  # Baden-Württemberg
    assert not any(name.startswith("Kreisfreie Stadt") for name in districts)


def test_a_district_resolves_as_an_area_and_a_town_stays_a_town() -> None:
    worksop = Candidate("gn2633485", "Worksop", "GB", "ENG", 44733, 53.30, -1.12, 2633485)
    index = WorldIndex.of([worksop])
    add_districts(index)
    world = WorldGazetteer(index)
    got = world.resolve("Bassetlaw", "England")
    assert (got.status, got.via) == ("resolved", "area")
    assert got.place is not None and got.place.name == "Bassetlaw District"
    rems_murr = world.resolve("Rems-Murr (district)", "Germany")
    assert rems_murr.place is not None and rems_murr.place.name == "Rems-Murr-Kreis"
    assert world.resolve("Worksop", "England").place == worksop


def test_an_area_of_world_areas_keeps_its_name() -> None:
    own = Candidate("area:GB.ENG.Bassetlaw", "Bassetlaw", "GB", "ENG", 1, 53.3, -1.0, 0)
    index = WorldIndex.of([own])
    add_districts(index)
    assert [index.place(i) for i in index.areas["GB"][name_key("Bassetlaw")]] == [own]
