"""The place matcher on small texts: scripts, old spellings, ambiguity, organisations."""

from __future__ import annotations

import pytest

from citydip.gazetteer.matcher import Gazetteer, load_gazetteer
from citydip.gazetteer.sources import Entry


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


def found(g: Gazetteer, text: str, **kw: object) -> list[tuple[str, str | None, str]]:
    return [(m.name, m.country, m.level) for m in g.find(text, **kw)]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Peking", ("Beijing", "CN", "city")),
        ("동경", ("Tokyo", "JP", "city")),
        ("북경", ("Beijing", "CN", "city")),
        ("홋카이도", ("Hokkaido", "JP", "region")),
        ("Tokyo Metropolitan Government", ("Tokyo", "JP", "city")),
        ("Shandong Province", ("Shandong", "CN", "region")),
        ("산둥성", ("Shandong", "CN", "region")),
        ("Ulan Bator", ("Ulaanbaatar", "MN", "city")),
        ("Pusan", ("Busan", "KR", "city")),
        ("Saigon", ("Ho Chi Minh City", "VN", "city")),
        ("Mayors for Peace", ("Mayors for Peace", "JP", "organization")),
        ("세계지방정부연합", ("UCLG", "ES", "organization")),
    ],
)
def test_names_in_any_script_resolve_to_one_place(
    gazetteer: Gazetteer, text: str, expected: tuple[str, str, str]
) -> None:
    assert found(gazetteer, f"{text} and Seoul met.")[0] == expected


def test_ambiguous_names_follow_their_context(gazetteer: Gazetteer) -> None:
    assert found(gazetteer, "Atlanta, Georgia")[1] == ("Georgia", "US", "region")
    assert found(gazetteer, "the President of Georgia in Tbilisi")[0][1] == "GE"
    assert found(gazetteer, "Victoria, British Columbia")[0] == ("Victoria", "CA", "city")
    assert found(gazetteer, "Victoria and Melbourne, Australia")[0][1] == "AU"
    assert found(gazetteer, "Panama City, Florida")[0] == ("Panama City", "US", "city")
    assert found(gazetteer, "Panama City, Panama")[0] == ("Panama City", "PA", "city")


def test_words_are_not_places(gazetteer: Gazetteer) -> None:
    # small towns whose names are English words, or short alternate names
    assert found(gazetteer, "Most of the members said Summit talks will begin on Monday.") == []
    # Korean verbs and nouns that GeoNames spells like Weihai or Jinan
    text = "지난 17일 시민을 위해 예산을 마련했다."
    assert found(gazetteer, text, word_starts=frozenset()) == []


def test_korean_names_take_particles_and_suffixes(gazetteer: Gazetteer) -> None:
    mentions = gazetteer.find("서울시는 파나마시티와 협약을 맺고 베이징시를 방문했다.")
    assert [(m.text, m.name) for m in mentions] == [
        ("서울시", "Seoul"),
        ("파나마시티", "Panama City"),
        ("베이징시", "Beijing"),
    ]


def test_offsets_slice_the_text(gazetteer: Gazetteer) -> None:
    text = "On February 3, Park met Masuzoe at the Tokyo Metropolitan Government Building."
    for m in gazetteer.find(text):
        assert text[m.start : m.end] == m.text


def test_an_injected_gazetteer_needs_no_packages() -> None:
    g = Gazetteer(
        [
            Entry(
                "a",
                "Alphaville",
                "FR",
                "city",
                200_000,
                1.0,
                2.0,
                names={"Alphaville"},
                strong={"Alphaville"},
            ),
            Entry(
                "b",
                "Betatown",
                "DE",
                "city",
                300_000,
                names={"Betatown", "베타"},
                strong={"Betatown"},
            ),
        ]
    )
    assert [m.key for m in g.find("The mayor of Alphaville met 베타와 Betatown.")] == [
        "a",
        "b",
        "b",
    ]
    assert g.lookup("alphaville")[0].key == "a"


def test_a_name_that_starts_a_venue_is_not_the_place(gazetteer: Gazetteer) -> None:
    # "Sejong Hall" is a concert hall in Seoul, not the city of Sejong
    assert found(gazetteer, "awarded at Sejong Hall, Sejong Arts Center in Seoul.") == [
        ("Seoul", "KR", "city")
    ]
    assert found(gazetteer, "She visited the Nyanza-Kicukiro Genocide Memorial.") == []
    # a city's own hall still names the city
    assert found(gazetteer, "They met at Tokyo City Hall.") == [("Tokyo", "JP", "city")]


def test_a_prefectural_body_names_its_prefecture(gazetteer: Gazetteer) -> None:
    text = "the Japan-Korea Friendship Kyoto Prefectural Assembly Federation"
    assert ("Kyoto Prefecture", "JP", "region") in found(gazetteer, text)
    assert ("Kyoto", "JP", "city") not in found(gazetteer, text)


def test_countries_go_by_the_name_people_write(gazetteer: Gazetteer) -> None:
    assert found(gazetteer, "a festival in Russia") == [("Russia", "RU", "country")]
    assert found(gazetteer, "the Russian Federation") == [("Russia", "RU", "country")]


def test_korean_districts_and_songdo(gazetteer: Gazetteer) -> None:
    # "Mapo-gu" is a district of Seoul, not Mapo in China; Songdo is Incheon's, not Kaesong
    text = "the GCF secretariat in Songdo and a market in Mapo-gu, Seoul"
    assert found(gazetteer, text) == [("Incheon", "KR", "city"), ("Seoul", "KR", "city")]
