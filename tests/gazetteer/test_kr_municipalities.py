"""South Korea's municipalities (kr_municipalities.tsv) in both gazetteers: the shipped
table, Yongin and its kind found by English and Korean name, and the places GeoNames has
kept under their GeoNames keys."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from citydip.gazetteer.kr_municipalities import loose_key, municipalities
from citydip.gazetteer.matcher import Gazetteer, load_gazetteer
from citydip.gazetteer.world import WorldGazetteer, load_world_gazetteer
from citydip.pipeline.runner import Extractor
from citydip.types import Document, Home


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> WorldGazetteer:
    cache: Path = tmp_path_factory.mktemp("world-cache")
    return load_world_gazetteer(cache)


def test_the_table_has_every_si_gun_and_autonomous_gu() -> None:
    rows = municipalities()
    # 75 si, Sejong and Jeju's two administrative cities; 82 gun; 69 autonomous gu
    assert Counter(m.level for m in rows) == {"si": 78, "gun": 82, "gu": 69}
    assert len({m.code for m in rows}) == len(rows)
    for m in rows:
        assert 33.0 < m.lat < 38.7 and 124.5 < m.lon < 131.0, m
        assert m.province.startswith("KR-") and m.population > 0, m
        assert m.name_en.endswith(f"-{m.level}") and m.name_ko[-1] in "시군구", m
    yongin = next(m for m in rows if m.name_en == "Yongin-si")
    assert (yongin.name_ko, yongin.province, yongin.short_en, yongin.short_ko) == (
        "용인시",
        "KR-41",
        "Yongin",
        "용인",
    )
    assert yongin.population > 1_000_000
    assert abs(yongin.lat - 37.2) < 0.2 and abs(yongin.lon - 127.2) < 0.2
    # homonyms sit in their own provinces
    goseong = {m.province for m in rows if m.name_en == "Goseong-gun"}
    assert goseong == {"KR-42", "KR-48"}


def test_loose_keys_meet_across_romanisations() -> None:
    assert loose_key("Kimje") == loose_key("Gimje")
    assert loose_key("Yŏngch’ŏn") == loose_key("Yeongcheon")
    assert loose_key("Donghae City") == loose_key("Tonghae")
    assert loose_key("용인시") == "용인"
    assert loose_key("Sihung-ni") != loose_key("Siheung")  # a Seoul neighbourhood


@pytest.mark.parametrize("name", ["Yongin", "Yongin-si", "용인", "용인시"])
def test_the_text_gazetteer_knows_yongin(gazetteer: Gazetteer, name: str) -> None:
    (top, *_) = gazetteer.lookup(name, "KR")
    assert (top.key, top.name, top.level) == ("kr:31190", "Yongin", "city")


def test_places_geonames_has_keep_their_keys(gazetteer: Gazetteer) -> None:
    for name in ("Suwon", "수원", "Goyang", "Pohang", "Changwon"):
        keys = {e.key for e in gazetteer.lookup(name, "KR")}
        assert keys and not any(k.startswith("kr:") for k in keys), (name, keys)
    assert not any(e.key.startswith("kr:") for e in gazetteer.lookup("Jung-gu", "KR"))


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("용인시와 자매결연을 맺었다.", [("용인시", "Yongin")]),
        ("the mayor of Yongin visited", [("Yongin", "Yongin")]),
        ("음성군과 협약을 체결했다.", [("음성군", "Eumseong")]),
        # short names that are ordinary words are no place without their word of type
        ("음성 인식 기술을 도입했다.", []),
        ("정선된 작품과 영양 상태", []),
        ("용인할 수 없는 일이다.", []),
    ],
)
def test_the_matcher_finds_them_in_text(
    gazetteer: Gazetteer, text: str, found: list[tuple[str, str]]
) -> None:
    assert [(m.text, m.name) for m in gazetteer.find(text)] == found


def test_a_korean_press_release_naming_yongin_gives_a_place(gazetteer: Gazetteer) -> None:
    text = "용인시는 1998년 미국 어바인시와 자매결연을 맺었다."
    doc = Document(text=text, doc_id="t", lang="ko", home=Home("Seoul", "KR"))
    records = Extractor(gazetteer).run(doc).answer.records
    parties = {p.name for r in records for p in getattr(r, "parties", ())}
    assert "Yongin" in parties, records


@pytest.mark.parametrize(
    ("city", "label", "key"),
    [
        ("Yongin", "South Korea", "kr:31190"),
        ("Yongin City", "Korea, Republic of", "kr:31190"),
        ("Gwacheon", "South Korea", "kr:31110"),
        ("Ulju", "South Korea", "kr:26310"),
        ("Gangnam (Seoul)", "South Korea", "kr:11230"),
    ],
)
def test_the_world_gazetteer_resolves_them(
    world: WorldGazetteer, city: str, label: str, key: str
) -> None:
    res = world.resolve(city, label)
    assert res.status == "resolved" and res.place is not None, res
    assert (res.place.key, res.place.country) == (key, "KR")


def test_the_world_gazetteer_keeps_geonames_places(world: WorldGazetteer) -> None:
    for city in ("Suwon", "Goyang", "Seoul", "Busan"):
        res = world.resolve(city, "South Korea")
        assert res.place is not None and res.place.key.startswith("gn"), (city, res)
