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


def _all_hits(g: Gazetteer, text: str) -> list[tuple[int, int, str, str | None]]:
    """The matcher's hits as they were found before the automaton left out names it can
    never take and `_hits` refused words inside words before `_accept`: every occurrence
    of every name (str.find), each given to `_accept`, then leftmost-longest."""
    from citydip.gazetteer.matcher import _fold

    folded = _fold(text)
    raw = []
    for name, ids in g.by_name.items():
        at = folded.find(name)
        while at != -1:
            hit = g._accept(text, at, at + len(name), ids)
            if hit is not None:
                raw.append(hit)
            at = folded.find(name, at + 1)
    raw.sort(key=lambda h: (h.start, -(h.end - h.start), h.suffix is not None))
    kept, last_end = [], -1
    for h in raw:
        if h.start >= last_end:
            kept.append(h)
            last_end = h.end
    return [(h.start, h.end, h.surface, h.suffix) for h in kept]


def _small() -> Gazetteer:
    def city(key: str, name: str, names: set[str], strong: set[str] = frozenset()) -> Entry:
        return Entry(key, name, "XX", "city", 500_000, names=names, strong=set(strong) | {name})

    return Gazetteer(
        [
            city("la", "Los Angeles", {"Los Angeles", "LA", "로스앤젤레스"}, {"LA"}),
            city("ore", "Ore", {"Ore", "ore"}),  # three letters, not trusted in capitals
            city("bay", "Baytown", {"Baytown", "Bay"}),
            city("son", "Sonville", {"Sonville", "손", "손빌"}),  # one Hangul syllable
            city("ny", "New York", {"New York", "York", "뉴욕"}),
            city("ist", "Istanbul", {"Istanbul", "İstanbul"}),
            city("osaka", "Osaka", {"Osaka", "大阪"}),
        ]
    )


@pytest.mark.parametrize(
    "text",
    [
        "LA and Los Angeles; la, La and LAX are not, nor is ORE or Ore or more, Bay or Baytown.",
        "Ore, Bay-Baytown, (LA) #LA LA@ @LA /LA Baytowns New Yorker New York-based York.",
        "손빌시와 손 시장, 손빌에서 로스앤젤레스와 뉴욕의 대표단이 大阪 İstanbul ISTANBUL.",
        "New York New York New York, LA LA, 로스앤젤레스로스앤젤레스 뉴욕시청",
    ],
)
def test_hits_are_those_of_every_name_scanned(text: str) -> None:
    g = _small()
    assert [(h.start, h.end, h.surface, h.suffix) for h in g._hits(text)] == _all_hits(g, text)


def test_names_it_can_never_take_are_not_scanned() -> None:
    g = _small()
    assert "la" in g.automaton  # trusted in capitals: "LA"
    assert "ore" not in g.automaton and "bay" not in g.automaton  # short, never trusted
    assert "손" not in g.automaton and "손빌" in g.automaton
    assert g.lookup("Ore")[0].key == "ore"  # lookups still know them


def test_hits_on_corpus_texts_are_those_of_every_name_scanned(gazetteer: Gazetteer) -> None:
    from importlib import resources
    from pathlib import Path

    data = Path(str(resources.files("citydip.sample").joinpath("data")))
    for name in ("en-006.txt", "en-030.txt", "seed-004.txt", "ko-004.txt"):
        text = (data / name).read_text("utf-8")[:3000]
        expected = _all_hits(gazetteer, text)
        assert expected, name
        assert [(h.start, h.end, h.surface, h.suffix) for h in gazetteer._hits(text)] == expected
