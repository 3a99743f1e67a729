"""GeoNames admin areas and compound names in the world gazetteer, on small hand-made data:
municipalities, districts and counties that are not populated places; mergers named by
their parts; towns named with their river; spa titles; dependencies of a country."""

from __future__ import annotations

from dataclasses import replace

import pytest

from citydip.gazetteer.world import Candidate, WorldGazetteer
from citydip.gazetteer.world_index import area_keys, name_key, read_areas


def place(
    name: str, country: str, population: int, lat: float, lon: float, admin1: str | None = None
) -> Candidate:
    gid = abs(hash((name, country, lat, lon))) % 10**7
    return Candidate(f"gn{gid}", name, country, admin1, population, lat, lon, gid)


def area(
    code: str, name: str, population: int, lat: float, lon: float, level: str = "city"
) -> Candidate:
    parts = code.split(".")
    return Candidate(f"area:{code}", name, parts[0], parts[1], population, lat, lon, 0, level)


MAUI_COUNTY = area("US.HI.009", "Maui County", 26337, 20.89, -156.47)
ARLINGTON_VA = area("US.VA.013", "Arlington County", 207627, 38.88, -77.10)
ARLINGTON_TX = place("Arlington", "US", 388125, 32.74, -97.11, "TX")
ARLINGTON_TOWN_VA = place("Arlington", "US", 207627, 38.88, -77.10, "VA")
GLADSAXE = area("DK.17.159", "Gladsaxe Municipality", 0, 55.74, 12.48)
KECIOREN = area("TR.68.7733221", "Keçiören", 32156, 39.98, 32.82)
MIAMI_KS = area("US.KS.121", "Miami County", 16000, 38.56, -94.84)
MIAMI_IN = area("US.IN.103", "Miami County", 14000, 40.77, -86.05)
CV_SAL = area("CV.08", "Sal", 25000, 16.75, -22.95, level="region")
MANTTA = place("Mänttä", "FI", 6459, 62.03, 24.63, "06")
SITTARD = place("Sittard", "NL", 48400, 51.00, 5.87, "05")
SAINT_X = place("Saint-Hilaire", "FR", 4000, 46.72, -1.83, "52")
AIX = place("Aix-en-Provence", "FR", 146821, 43.53, 5.45, "93")
ROTTENBURG = place("Rottenburg", "DE", 42721, 48.48, 8.94, "01")
ROTTENBURG_LAABER = place("Rottenburg an der Laaber", "DE", 8000, 48.70, 12.03, "02")
KOTZTING = place("Kötzting", "DE", 7471, 49.18, 12.86, "02")
MARIEHAMN = place("Mariehamn", "AX", 10682, 60.10, 19.93, "211")

ALL = [
    MAUI_COUNTY,
    ARLINGTON_VA,
    ARLINGTON_TX,
    ARLINGTON_TOWN_VA,
    GLADSAXE,
    KECIOREN,
    MIAMI_KS,
    MIAMI_IN,
    CV_SAL,
    MANTTA,
    SITTARD,
    SAINT_X,
    AIX,
    ROTTENBURG,
    ROTTENBURG_LAABER,
    KOTZTING,
    MARIEHAMN,
]
ALIASES = {
    AIX.key: ["Aix"],
    SAINT_X.key: ["Saint"],
    ROTTENBURG_LAABER.key: ["Rottenburg"],
}


@pytest.fixture(scope="module")
def world() -> WorldGazetteer:
    return WorldGazetteer.of(ALL, ALIASES)


def test_area_keys_drop_words_of_type() -> None:
    assert name_key("Gladsaxe") in area_keys("Gladsaxe Municipality")
    assert name_key("Vilnius") in area_keys("Vilnius District Municipality")
    assert name_key("Tameside") in area_keys("Borough of Tameside")
    assert name_key("Gwacheon") in area_keys("Gwacheon-si")
    assert name_key("Maui County") in area_keys("Maui County")
    assert name_key("Bayside") in area_keys("Bayside (Vic.)")  # GeoNames' own qualifier
    assert name_key("Nelson Mandela Bay") in area_keys(
        "Nelson Mandela Bay Metropolitan Municipality"
    )
    # Nordic municipalities in the genitive, and lists that write them so
    assert name_key("Nordfyn") in area_keys("Nordfyns Kommune")
    assert name_key("Mark") in area_keys("Marks Kommun")
    assert name_key("Vesthimmerlands") in area_keys("Vesthimmerland Kommune")
    assert name_key("Gladsaxes") not in area_keys("Gladsaxe Municipality")


def test_areas_that_are_not_populated_places(world: WorldGazetteer) -> None:
    maui = world.resolve("Maui County", "United States")
    assert (maui.status, maui.place, maui.via) == ("resolved", MAUI_COUNTY, "area")
    assert world.resolve("Gladsaxe", "Denmark").place == GLADSAXE
    assert world.resolve("Gladsaxe Municipality", "Denmark").place == GLADSAXE
    assert world.resolve("Keçiören", "Turkey").place == KECIOREN
    assert world.resolve("Kecioren", "Turkey").place == KECIOREN
    assert world.resolve("Sal", "Cape Verde").place == CV_SAL


def test_a_county_is_the_area_before_a_town_of_its_bare_name(world: WorldGazetteer) -> None:
    # without the area, "Arlington County" would be a guess among the towns named Arlington
    arlington = world.resolve("Arlington County", "United States")
    assert (arlington.status, arlington.place) == ("resolved", ARLINGTON_VA)
    # the town's own name is still the town, and the largest one
    assert world.resolve("Arlington", "United States").place == ARLINGTON_TX


def test_homonymous_areas_follow_the_homonym_rules(world: WorldGazetteer) -> None:
    miami = world.resolve("Miami County", "United States")
    assert miami.status == "ambiguous"
    assert set(miami.candidates) == {MIAMI_KS, MIAMI_IN}
    assert world.resolve("Miami County", "Kansas, United States").place == MIAMI_KS


def test_a_merger_named_by_its_parts_is_its_first_part(world: WorldGazetteer) -> None:
    mantta = world.resolve("Mänttä-Vilppula", "Finland")
    assert (mantta.status, mantta.place, mantta.via) == ("resolved", MANTTA, "merged name")
    assert world.resolve("Sittard-Geleen", "Netherlands").place == SITTARD


def test_a_part_must_be_a_towns_own_name_and_not_a_title(world: WorldGazetteer) -> None:
    # "Aix" is an alternate name of Aix-en-Provence; "Saint" is no town's name
    assert world.resolve("Aix-Villemaur-Pâlis", "France").status == "unresolved"
    assert world.resolve("Saint-Laurent-du-Maroni", "France").status == "unresolved"


def test_a_town_named_with_its_river_or_land(world: WorldGazetteer) -> None:
    rottenburg = world.resolve("Rottenburg am Neckar", "Germany")
    assert (rottenburg.status, rottenburg.place, rottenburg.via) == (
        "resolved",
        ROTTENBURG,
        "locative",
    )
    # the full name, where GeoNames has it, is found as written
    assert world.resolve("Rottenburg an der Laaber", "Germany").place == ROTTENBURG_LAABER


def test_a_spa_title_geonames_does_not_carry(world: WorldGazetteer) -> None:
    kotzting = world.resolve("Bad Kötzting", "Germany")
    assert (kotzting.status, kotzting.place, kotzting.via) == ("resolved", KOTZTING, "spa title")
    droitwich = place("Droitwich", "GB", 23504, 52.27, -2.15, "ENG")
    spa = WorldGazetteer.of([droitwich]).resolve("Droitwich Spa", "England")
    assert (spa.status, spa.place, spa.via) == ("resolved", droitwich, "spa title")
    assert WorldGazetteer.of([droitwich]).resolve("Spa", "England").status == "unresolved"


def test_a_dependency_named_under_its_country(world: WorldGazetteer) -> None:
    mariehamn = world.resolve("Mariehamn", "Finland")
    assert (mariehamn.status, mariehamn.place, mariehamn.country) == ("resolved", MARIEHAMN, "FI")


def test_the_shipped_areas_table() -> None:
    areas = read_areas()
    assert len(areas) > 30_000
    by_key = {a.key: a for a in areas}
    maui = by_key["area:US.HI.009"]
    assert (maui.name, maui.country, maui.admin1, maui.level) == ("Maui County", "US", "HI", "city")
    assert by_key["area:SE.05"].level == "region"
    assert all(-90 <= a.lat <= 90 and -180 <= a.lon <= 180 for a in areas)


TAIZHOU_ZJ = place("Taizhou", "CN", 1485502, 28.66, 121.42, "02")
TAIZHOU_JS = place("Taizhou", "CN", 1607108, 32.49, 119.91, "04")
ZHEJIANG = area("CN.02", "Zhejiang", 6241971, 29.50, 120.40, level="region")
HALLE_SAALE = place("Halle (Saale)", "DE", 237865, 51.48, 11.97, "14")
HALLE_WESTF = place("Halle", "DE", 21000, 52.06, 8.36, "07")
MACAU = place("Macau", "MO", 520400, 22.20, 113.55)
MAKAU_CN = place("Makau", "CN", 900, 30.0, 110.0, "10")


@pytest.fixture(scope="module")
def more() -> WorldGazetteer:
    return WorldGazetteer.of(
        [TAIZHOU_ZJ, TAIZHOU_JS, ZHEJIANG, HALLE_SAALE, HALLE_WESTF, MACAU, MAKAU_CN]
    )


def test_a_first_level_division_named_in_the_name_picks_the_homonym(more: WorldGazetteer) -> None:
    assert more.resolve("Taizhou", "China").status == "ambiguous"
    taizhou = more.resolve("Taizhou, Zhejiang", "China")
    assert (taizhou.status, taizhou.place) == ("resolved", TAIZHOU_ZJ)


def test_a_name_with_geonames_qualifier_is_the_places_own(more: WorldGazetteer) -> None:
    # "Halle (Saale)" is Halle's own name too: 237,865 ≥ 3 × 21,000
    halle = more.resolve("Halle", "Germany")
    assert (halle.status, halle.place) == ("resolved", HALLE_SAALE)


def test_names_as_written_in_a_dependency_before_a_sound_alike(more: WorldGazetteer) -> None:
    macau = more.resolve("Macau", "China")  # CN looks in MO next
    assert (macau.status, macau.place, macau.via) == ("resolved", MACAU, "name")


def seat(p: Candidate, rank: int) -> Candidate:
    return Candidate(
        p.key, p.name, p.country, p.admin1, p.population, p.lat, p.lon, p.geonames_id, seat=rank
    )


COLUMBIA_SC = seat(place("Columbia", "US", 142416, 34.00, -81.03, "SC"), 1)
COLUMBIA_MO = seat(place("Columbia", "US", 129330, 38.95, -92.33, "MO"), 2)
SPRINGFIELD_MO = seat(place("Springfield", "US", 170188, 37.22, -93.30, "MO"), 2)
SPRINGFIELD_IL = seat(place("Springfield", "US", 114394, 39.80, -89.64, "IL"), 1)
ROCHESTER_NY = seat(place("Rochester", "US", 209802, 43.15, -77.62, "NY"), 2)
ROCHESTER_MN = seat(place("Rochester", "US", 112225, 44.02, -92.47, "MN"), 2)
ERBACH_HE = seat(place("Erbach", "DE", 13771, 49.66, 8.99, "05"), 2)
ERBACH_BW = place("Erbach", "DE", 11563, 48.33, 9.89, "01")


@pytest.fixture(scope="module")
def seats() -> WorldGazetteer:
    return WorldGazetteer.of(
        [
            COLUMBIA_SC,
            COLUMBIA_MO,
            SPRINGFIELD_MO,
            SPRINGFIELD_IL,
            ROCHESTER_NY,
            ROCHESTER_MN,
            ERBACH_HE,
            ERBACH_BW,
        ]
    )


def test_the_largest_homonym_that_is_the_only_highest_seat(seats: WorldGazetteer) -> None:
    # 142,416 < 3 × 129,330, but only South Carolina's is a state capital
    columbia = seats.resolve("Columbia", "United States")
    assert (columbia.status, columbia.place) == ("resolved", COLUMBIA_SC)


def test_a_smaller_capital_is_the_best_guess_not_an_answer(seats: WorldGazetteer) -> None:
    springfield = seats.resolve("Springfield", "United States")
    assert (springfield.status, springfield.place) == ("ambiguous", SPRINGFIELD_IL)
    assert springfield.candidates[0] == SPRINGFIELD_IL
    assert set(springfield.candidates) == {SPRINGFIELD_IL, SPRINGFIELD_MO}


def test_seats_of_the_same_level_leave_it_ambiguous(seats: WorldGazetteer) -> None:
    rochester = seats.resolve("Rochester", "United States")
    assert (rochester.status, rochester.place) == ("ambiguous", ROCHESTER_NY)


def test_a_town_named_by_its_river_among_homonyms_is_a_guess(seats: WorldGazetteer) -> None:
    # without the river the name is either Erbach: the seat is no answer here
    assert seats.resolve("Erbach an der Donau", "Germany").status == "ambiguous"
    assert seats.resolve("Erbach", "Germany").place == ERBACH_HE


def test_the_shipped_seats_table() -> None:
    from citydip.gazetteer.world_index import read_seats

    ranks = read_seats()
    assert len(ranks) > 50_000
    assert set(ranks.values()) == {0, 1, 2, 3}
    assert ranks[1835848] == 0  # Seoul, a country's capital


def test_a_dependency_named_as_a_city_of_its_country() -> None:
    hagatna = place("Hagåtña", "GU", 1051, 13.47, 144.75)
    guam = WorldGazetteer.of([hagatna], {hagatna.key: ["Hagatna"]}).resolve("Guam", "United States")
    assert (guam.status, guam.via, guam.country) == ("resolved", "country", "US")
    assert guam.place is not None
    assert (guam.place.country, guam.place.lat, guam.place.lon) == ("GU", 13.47, 144.75)


def test_a_district_named_in_a_qualifier_picks_the_homonym_near_it() -> None:
    yvelines = place("Vernouillet", "FR", 9965, 48.97, 1.98, "11")
    eure_et_loir = place("Vernouillet", "FR", 11783, 48.72, 1.36, "24")
    world = WorldGazetteer.of(
        [
            yvelines,
            eure_et_loir,
            area("FR.11.78", "Yvelines", 60000, 48.80, 1.90),
            area("FR.24.28", "Eure-et-Loir", 40000, 48.40, 1.40),
        ]
    )
    assert world.resolve("Vernouillet", "France").status == "ambiguous"
    assert world.resolve("Vernouillet, Yvelines", "France").place == yvelines
    assert world.resolve("Vernouillet (Eure-et-Loir)", "France").place == eure_et_loir


def test_a_village_of_a_municipality_is_placed_at_the_municipality() -> None:
    syddjurs = area("DK.18.706", "Syddjurs Kommune", 7204, 56.31, 10.52)
    vienna = place("Vienna", "AT", 1691468, 48.21, 16.37, "09")
    world = WorldGazetteer.of([syddjurs, vienna])
    rosenholm = world.resolve("Rosenholm (Syddjurs)", "Denmark")
    assert (rosenholm.status, rosenholm.place, rosenholm.via) == (
        "resolved",
        syddjurs,
        "parent area",
    )
    # a numbered district of a city named first: the city
    liesing = world.resolve("Vienna 23 – Liesing", "Austria")
    assert (liesing.place, liesing.via) == (vienna, "parent city")


def test_a_county_named_word_first_is_the_area_of_its_bare_name() -> None:
    mayo = area("IE.C.20", "Mayo County", 13054, 53.89, -9.19)
    south_dublin = area("IE.L.39", "South Dublin", 0, 53.29, -6.39)
    south_dublin_town = place("South Dublin", "IE", 300, 53.29, -6.34, "L")
    limerick = place("Limerick", "IE", 90054, 52.66, -8.62, "M")
    world = WorldGazetteer.of([mayo, south_dublin, south_dublin_town, limerick])
    got = world.resolve("County Mayo", "Republic of Ireland")
    assert (got.status, got.place, got.via) == ("resolved", mayo, "area")
    # the area of the bare name goes before a place of that name
    assert world.resolve("County South Dublin", "Ireland").place == south_dublin
    # with no area of that name, "County Limerick" read as the town is a guess at best
    county_limerick = world.resolve("County Limerick", "Republic of Ireland")
    assert (county_limerick.status, county_limerick.place) == ("ambiguous", limerick)
    # "County" alone is not a county: nothing is left to look up
    assert world.resolve("County", "Ireland").status == "unresolved"


def test_a_county_named_after_its_seat_where_counties_are() -> None:
    sulecin = replace(place("Sulęcin", "PL", 10090, 52.44, 15.12, "77"), seat=2)
    olecko = place("Olecko", "PL", 15923, 54.03, 22.50, "85")  # no seat of a county here
    hartford = replace(place("Hartford", "US", 121054, 41.76, -72.69, "CT"), seat=1)
    world = WorldGazetteer.of([sulecin, olecko, hartford])
    county = world.resolve("Sulęcin County", "Poland")
    assert (county.status, county.via) == ("resolved", "county seat")
    assert county.place is not None
    # a place of its own, at the seat: the county and the town stay two parties
    assert county.place.key == f"county:{sulecin.key}"
    assert (county.place.name, county.place.geonames_id) == ("Sulęcin County", 0)
    assert (county.place.lat, county.place.lon) == (sulecin.lat, sulecin.lon)
    assert world.resolve("Sulęcin", "Poland").place == sulecin
    # a town that is no county seat, and US counties (Cobb County is not Cobb), stay guesses
    assert world.resolve("Olecko County", "Poland").status == "ambiguous"
    assert world.resolve("Hartford County", "United States").status == "ambiguous"


def test_a_far_larger_area_of_the_name_goes_before_its_small_places() -> None:
    village = place("Sarıyer", "TR", 1833, 40.77, 31.31, "93")
    district = area("TR.34.8521535", "Sarıyer", 22558, 41.18, 29.04)
    # the place is the area's own town (31 km from its centre): the place
    karatay = place("Karatay", "TR", 0, 37.87, 32.50, "71")
    karatay_area = area("TR.71.7732267", "Karatay", 2601, 37.95, 32.85)
    # an area not ten times larger than the place: the place
    anadia = place("Anadia", "PT", 3000, 40.44, -8.43, "02")
    anadia_area = area("PT.02.0101", "Anadia", 6725, 41.44, -8.43)
    world = WorldGazetteer.of([village, district, karatay, karatay_area, anadia, anadia_area])
    got = world.resolve("Sarıyer", "Turkey")
    assert (got.status, got.place, got.via) == ("resolved", district, "area")
    assert world.resolve("Karatay", "Turkey").place == karatay
    assert world.resolve("Anadia", "Portugal").place == anadia
