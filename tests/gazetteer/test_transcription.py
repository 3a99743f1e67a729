"""Foreign names written in Hangul, found by sound among the cities of their country."""

from __future__ import annotations

import pytest

from citydip.gazetteer.matcher import Gazetteer, load_gazetteer
from citydip.gazetteer.sources import Entry
from citydip.gazetteer.transcription import closeness, romanise, sound_key


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


@pytest.mark.parametrize(
    ("hangul", "country", "name"),
    [
        ("콘야", "TR", "Konya"),
        ("메데진", "CO", "Medellín"),
        ("무스카트", "OM", "Muscat"),
        ("미토요", "JP", "Mitoyo"),
        ("부다페스트", "HU", "Budapest"),
    ],
)
def test_a_hangul_name_finds_its_city(gazetteer: Gazetteer, hangul, country, name) -> None:
    found = gazetteer.by_sound(hangul, country)
    assert found is not None and found.name == name


def test_a_name_unlike_any_city_finds_none(gazetteer: Gazetteer) -> None:
    assert gazetteer.by_sound("로렌스", "US") is None  # a person's name
    assert gazetteer.by_sound("콘야", "JP") is None  # only the country named beside it


def test_sound_keys_bring_spellings_together() -> None:
    assert romanise("무스카트") == "museukateu"
    assert sound_key("museukateu") == sound_key("Muscat")
    assert closeness(sound_key("medejin"), sound_key("Medellín")) > 0.8
    assert closeness(sound_key("konya"), sound_key("Kenya")) < 0.8


def test_an_injected_gazetteer_matches_by_sound() -> None:
    g = Gazetteer([Entry("k", "Konya", "TR", "city", 1_000_000, names={"Konya"})])
    assert g.by_sound("콘야", "TR") is not None and g.by_sound("콘야", "TR").key == "k"


def test_a_korean_city_after_its_country_takes_its_english_name() -> None:
    from citydip.pipeline.runner import Extractor
    from citydip.types import Document, Home

    text = "대전시는 2022년 10월 튀르키예 콘야시와 우호협력도시 협약을 체결했다."
    doc = Document(text=text, published="2023-08-10", home=Home("Daejeon", "KR"))
    records = Extractor(load_gazetteer()).run(doc).answer.records
    agreement = next(r for r in records if r.kind == "agreement")
    assert [(p.name, p.country) for p in agreement.parties] == [("Konya", "TR")]


def test_the_whole_korean_word_before_its_particle() -> None:
    from citydip.pipeline.runner import Extractor
    from citydip.types import Document, Home

    text = "광주시는 포르투갈 브라가에서 시장과 면담했다."  # 브라가 + 에서, not 브라 + 가
    doc = Document(text=text, published="2024-05-01", home=Home("Gwangju", "KR"))
    records = Extractor(load_gazetteer()).run(doc).answer.records
    assert [p.name for p in records[0].parties] == ["Braga"]
