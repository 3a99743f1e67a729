"""The world gazetteer's resolution rules, on small hand-made gazetteers (no GeoNames load)."""

from __future__ import annotations

import math

import pytest

from citydip.gazetteer.world import Candidate, WorldGazetteer, haversine_km
from citydip.gazetteer.world_index import name_key, sound_key


def place(
    name: str,
    country: str,
    population: int,
    lat: float,
    lon: float,
    admin1: str | None = None,
    gid: int = 0,
    level: str = "city",
) -> Candidate:
    gid = gid or abs(hash((name, country, lat, lon))) % 10**7
    key = f"gn{gid}" if level == "city" else f"region:{name}"
    return Candidate(key, name, country, admin1, population, lat, lon, gid, level)


SIRACUSA = place("Siracusa", "IT", 121605, 37.08, 15.29, "15", 2523083)
SYRACUSE_NY = place("Syracuse", "US", 142327, 43.05, -76.15, "NY", 5140405)
MONTANA_BG = place("Montana", "BG", 47445, 43.41, 23.22, "47")
BETHLEHEM_PA = place("Bethlehem", "US", 74892, 40.63, -75.37, "PA")
BETHLEHEM_GA = place("Bethlehem", "US", 715, 33.93, -83.71, "GA")
BETHLEHEM_PS = place("Bethlehem", "PS", 29019, 31.70, 35.20, "WE")
SPRINGFIELD_MO = place("Springfield", "US", 169176, 37.22, -93.30, "MO")
SPRINGFIELD_IL = place("Springfield", "US", 116250, 39.80, -89.64, "IL")
PORTLAND_OR = place("Portland", "US", 652503, 45.52, -122.68, "OR")
PORTLAND_ME = place("Portland", "US", 66881, 43.66, -70.26, "ME")
COVENTRY_RI = place("Coventry", "US", 35525, 41.70, -71.68, "RI")
MOSCOW = place("Moscow", "RU", 10381222, 55.75, 37.62, "48")
SOKOL_VOLOGDA = place("Sokol", "RU", 38000, 59.46, 40.12, "85")
TOKYO = place("Tokyo", "JP", 9733276, 35.69, 139.69, "40")
SETAGAYA = place("Setagaya", "JP", 940071, 35.64, 139.65, "40")
GOYANG = place("Goyang-si", "KR", 1073069, 37.66, 126.83, "13")
ZHYTOMYR = place("Zhytomyr", "UA", 261624, 50.26, 28.68, "27")
KAKHETI = place("Kakheti", "GE", 0, 41.65, 45.69, level="region")
PRISTINA_RS = place("Pristina", "RS", 550000, 42.67, 21.17)
MONT_DORE_FR = place("Mont-Dore", "FR", 1787, 45.58, 2.81)
MONT_DORE_NC = place("Mont-Dore", "NC", 27155, -22.26, 166.57)
VARNA = place("Varna", "BG", 318737, 43.22, 27.91, "61")
STAVROPOL = place("Stavropol", "RU", 433931, 45.04, 41.97, "70")
TOLYATTI = place("Tolyatti", "RU", 702879, 53.53, 49.35, "65")
LAGOA_AZ = place("Lagoa", "PT", 14442, 37.75, -25.57, "23")
LAGOA_ALG = place("Lagoa", "PT", 6301, 37.14, -8.45, "09")
ZAPORIZHZHYA = place("Zaporizhzhya", "UA", 710052, 47.82, 35.19, "26")
SALVATIERRA = place("Salvatierra de Miño", "ES", 9566, 42.08, -8.50, "58")
MARIENHAUSEN = place("Marienhausen", "DE", 491, 50.55, 7.53, "08")
COBB_CA = place("Cobb", "US", 1778, 38.82, -122.72, "CA")
# two GeoNames records of one town, 3 km apart
GARACHICO_1 = place("Garachico", "ES", 6000, 28.37, -16.76, "53")
GARACHICO_2 = place("Garachico", "ES", 6000, 28.35, -16.75, "53")

ALL = [
    SIRACUSA,
    SYRACUSE_NY,
    MONTANA_BG,
    BETHLEHEM_PA,
    BETHLEHEM_GA,
    BETHLEHEM_PS,
    SPRINGFIELD_MO,
    SPRINGFIELD_IL,
    PORTLAND_OR,
    PORTLAND_ME,
    COVENTRY_RI,
    MOSCOW,
    SOKOL_VOLOGDA,
    TOKYO,
    SETAGAYA,
    GOYANG,
    ZHYTOMYR,
    KAKHETI,
    PRISTINA_RS,
    MONT_DORE_FR,
    MONT_DORE_NC,
    VARNA,
    STAVROPOL,
    TOLYATTI,
    LAGOA_AZ,
    LAGOA_ALG,
    ZAPORIZHZHYA,
    SALVATIERRA,
    MARIENHAUSEN,
    COBB_CA,
    GARACHICO_1,
    GARACHICO_2,
]
ALIASES = {
    SIRACUSA.key: ["Syracuse", "Siracusa"],
    TOLYATTI.key: ["Stavropol-on-Volga", "Stavropol"],
    GOYANG.key: ["Goyang"],
    MONT_DORE_FR.key: ["Le Mont-Dore"],
}


@pytest.fixture(scope="module")
def world() -> WorldGazetteer:
    return WorldGazetteer.of(ALL, ALIASES)


def test_the_labelled_country_decides_between_homonyms(world: WorldGazetteer) -> None:
    italy = world.resolve("Syracuse", "Italy")
    assert (italy.status, italy.place, italy.country) == ("resolved", SIRACUSA, "IT")
    assert world.resolve("Syracuse", "United States").place == SYRACUSE_NY
    assert world.resolve("Montana", "Bulgaria").place == MONTANA_BG
    assert world.resolve("Bethlehem", "Palestine").place == BETHLEHEM_PS


def test_a_clearly_larger_homonym_wins_a_close_one_is_ambiguous(world: WorldGazetteer) -> None:
    # 652,503 ≥ 3 × 66,881: Portland, Oregon
    portland = world.resolve("Portland", "United States")
    assert (portland.status, portland.place) == ("resolved", PORTLAND_OR)
    # 169,176 < 3 × 116,250: a guess, with both as options
    springfield = world.resolve("Springfield", "United States")
    assert springfield.status == "ambiguous"
    assert springfield.place == SPRINGFIELD_MO
    assert springfield.candidates == (SPRINGFIELD_MO, SPRINGFIELD_IL)
    # 74,892 ≥ 3 × 715
    assert world.resolve("Bethlehem", "United States").place == BETHLEHEM_PA


def test_the_admin_part_of_the_label_picks_the_smaller_homonym(world: WorldGazetteer) -> None:
    maine = world.resolve("Portland", "Maine, United States")
    assert (maine.status, maine.place) == ("resolved", PORTLAND_ME)
    illinois = world.resolve("Springfield", "Illinois, United States")
    assert (illinois.status, illinois.place) == ("resolved", SPRINGFIELD_IL)
    algarve = world.resolve("Lagoa", "Algarve, Portugal")
    assert (algarve.status, algarve.place) == ("resolved", LAGOA_ALG)


def test_a_qualifier_in_the_name_is_a_hint(world: WorldGazetteer) -> None:
    georgia = world.resolve("Bethlehem (Georgia)", "United States")
    assert (georgia.status, georgia.place, georgia.via) == ("resolved", BETHLEHEM_GA, "qualifier")
    assert world.resolve("Lagoa, Algarve", "Portugal").place == LAGOA_ALG
    assert world.resolve("Springfield, Illinois", "United States").place == SPRINGFIELD_IL


def test_a_hinted_state_without_the_place_leaves_it_ambiguous(world: WorldGazetteer) -> None:
    got = world.resolve("Coventry, Connecticut", "United States")
    assert (got.status, got.place) == ("ambiguous", COVENTRY_RI)


def test_districts_of_a_city(world: WorldGazetteer) -> None:
    setagaya = world.resolve("Setagaya (Tokyo)", "Japan")
    assert (setagaya.place, setagaya.via) == (SETAGAYA, "qualifier")
    assert world.resolve("Tokyo – Setagaya", "Japan").place == SETAGAYA
    # no Sokol near Moscow: the Moscow district, placed at Moscow (not Sokol, Vologda)
    sokol = world.resolve("Sokol (Moscow)", "Russia")
    assert (sokol.status, sokol.place, sokol.via) == ("resolved", MOSCOW, "parent city")
    assert world.resolve("Tokyo – Nerima", "Japan").place == TOKYO
    assert world.resolve("Moscow 5", "Russia").place == MOSCOW


def test_words_of_type_and_regions(world: WorldGazetteer) -> None:
    assert world.resolve("Goyang", "South Korea").place == GOYANG
    assert world.resolve("Goyang City", "South Korea").place == GOYANG
    oblast = world.resolve("Zhytomyr Oblast", "Ukraine")
    assert (oblast.place, oblast.via) == (ZHYTOMYR, "type word")
    kakheti = world.resolve("Kakheti Region", "Georgia (country)")
    assert (kakheti.status, kakheti.place, kakheti.via) == ("resolved", KAKHETI, "region")


def test_a_county_is_not_taken_for_its_namesake_town(world: WorldGazetteer) -> None:
    got = world.resolve("Cobb County", "United States")
    assert (got.status, got.place) == ("ambiguous", COBB_CA)


def test_the_labels_country_first_then_where_geonames_files_it(world: WorldGazetteer) -> None:
    pristina = world.resolve("Pristina", "Kosovo")  # filed under RS only, here
    assert (pristina.status, pristina.place, pristina.country) == ("resolved", PRISTINA_RS, "XK")
    # FR knows "Le Mont-Dore" as a name; New Caledonia's own Mont-Dore comes first
    assert world.resolve("Le Mont-Dore", "New Caledonia").place == MONT_DORE_NC


def test_own_names_before_alternate_names(world: WorldGazetteer) -> None:
    assert world.resolve("Stavropol", "Russia").place == STAVROPOL


def test_duplicates_of_one_town_resolve(world: WorldGazetteer) -> None:
    got = world.resolve("Garachico", "Spain")
    assert got.status == "resolved"
    assert got.place in (GARACHICO_1, GARACHICO_2)


def test_transliterations_and_close_spellings(world: WorldGazetteer) -> None:
    sound = world.resolve("Zaporizhia", "Ukraine")
    assert (sound.place, sound.via) == (ZAPORIZHZHYA, "sound")
    spelling = world.resolve("Salvaterra de Miño", "Spain")
    assert (spelling.place, spelling.via) == (SALVATIERRA, "spelling")
    # one letter in ten is another town, not a misspelling
    assert world.resolve("Mainhausen", "Germany").status == "unresolved"


def test_labels_that_are_unknown_or_empty(world: WorldGazetteer) -> None:
    assert world.resolve("Varna", "Narnia").status == "unknown_country"
    assert world.resolve("Varna", "").status == "unknown_country"
    varna = world.resolve("Varna, Bulgaria", "")
    assert (varna.status, varna.place, varna.country) == ("resolved", VARNA, "BG")
    nowhere = world.resolve("Nowhere", "Bulgaria")
    assert (nowhere.status, nowhere.place, nowhere.country) == ("unresolved", None, "BG")


def test_spacing_and_case_do_not_matter(world: WorldGazetteer) -> None:
    assert world.resolve("  SYRACUSE ", "italy").place == SIRACUSA


def test_name_and_sound_keys() -> None:
    assert name_key("St. Pölten") == name_key("Sankt Pölten") == "saintpolten"
    assert name_key("Saint-Étienne") == "saintetienne"
    assert sound_key("zaporizhia") == sound_key("zaporizhzhya") == "zaporizia"
    assert sound_key("tiachiv") == sound_key("tyachiv") == "tiakiv"
    # Arabic names written the French or the English way: Beit Sahour = Bayt Sāḩūr
    assert sound_key(name_key("Beit Sahour")) == sound_key(name_key("Bayt Sāḩūr"))
    assert sound_key("sahour") != sound_key("sahar")


def test_haversine() -> None:
    # one degree of the equator: 2π × 6371 / 360
    assert haversine_km(0, 0, 0, 1) == pytest.approx(2 * math.pi * 6371 / 360)
    assert haversine_km(45, 10, 45, 10) == 0
    # antipodes: half the circumference
    assert haversine_km(0, 0, 0, 180) == pytest.approx(math.pi * 6371)


def test_nearest_place(world: WorldGazetteer) -> None:
    # 0.1° of latitude north of Siracusa: 11.1 km
    assert world.nearest(37.18, 15.29, 30) == SIRACUSA
    assert world.nearest(37.18, 15.29, 5) is None
    assert world.nearest(0, 0, 30) is None
