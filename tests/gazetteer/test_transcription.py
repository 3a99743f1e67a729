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


def test_may_reach_never_refuses_a_pair_close_enough(gazetteer: Gazetteer) -> None:
    from itertools import product

    from citydip.gazetteer.transcription import THRESHOLD, letters, may_reach

    keys = sorted({sound_key(e.name) for e in gazetteer.entries if e.country in ("JP", "TR")})
    queries = [sound_key(romanise(h)) for h in ("콘야", "미토요", "나고야", "오사카", "이스탄불")]
    queries += [k[:-1] for k in keys[::50]] + [k + "a" for k in keys[::70]] + keys[::40]
    refused = 0
    for a, b in product(queries, keys[::3]):
        if not may_reach(a, letters(a), b, letters(b)):
            refused += 1
            assert closeness(a, b) < THRESHOLD, (a, b)
    assert refused > len(queries) * len(keys[::3]) // 2  # and it spares most of the work


def test_by_sound_keeps_a_bounded_store_of_the_same_answers(
    gazetteer: Gazetteer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from citydip.gazetteer import matcher

    monkeypatch.setattr(matcher, "_SOUNDS_KEPT", 3)
    monkeypatch.setattr(gazetteer, "_by_sound", {})
    asks = [("콘야", "TR"), ("메데진", "CO"), ("로렌스", "US"), ("미토요", "JP"), ("콘야", "TR")]
    for hangul, country in asks * 2:
        assert gazetteer.by_sound(hangul, country) is gazetteer._closest_sound(hangul, country)
        assert len(gazetteer._by_sound) <= 3
