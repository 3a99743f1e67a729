"""Country labels as lists write them → ISO 3166-1 codes (and the sub-national part).

"England, United Kingdom" → GB, England; "Georgia (country)" → GE; "Georgia, United States"
→ US, Georgia; "Bosnia and Hercegovina" → BA; "" → nothing. The names come from pycountry
(ISO names, common and official names), the English country names of supplement.yaml and
country_labels.yaml (short, old and misspelt names, constituent countries, GeoNames admin1
codes). A label that is still unknown after a close spelling match (rapidfuzz, ratio ≥ 90)
has no code.

Overseas departments and territories with their own ISO code ("Réunion, France",
"Åland Islands, Finland") get that code, because GeoNames files their towns under it; the
parent's code is among `also`, the codes a resolver may look in next.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from citydip.gazetteer.sources import supplement

_PAREN = re.compile(r"\s*\(([^)]*)\)\s*$")
_FUZZY_CUTOFF = 90.0


@dataclass(frozen=True, slots=True)
class CountryLabel:
    """What a country label names: an ISO code (None when unknown) and the part within it."""

    code: str | None
    admin: str | None = None
    also: tuple[str, ...] = ()  # other codes under which GeoNames may file its places
    admin1: str | None = None  # the GeoNames admin1 code of `admin`, where known


_NOT_WORD = re.compile(r"[^\w]+")
_LETTERS = str.maketrans(
    {"ı": "i", "ß": "ss", "ø": "o", "đ": "d", "ł": "l", "æ": "ae", "œ": "oe", "þ": "th", "ð": "d"}
)


def fold(text: str) -> str:
    """Case, diacritics, punctuation and spacing folded away: 'Côte d’Ivoire' → 'cote d ivoire'."""
    if text.isascii():
        return " ".join(_NOT_WORD.sub(" ", text.lower().replace("&", " and ")).split())
    text = unicodedata.normalize("NFKD", text.casefold().translate(_LETTERS))
    text = "".join(c for c in text if not unicodedata.combining(c)).translate(_LETTERS)
    return " ".join(_NOT_WORD.sub(" ", text.replace("&", " and ")).split())


@cache
def _labels() -> dict[str, Any]:
    text = resources.files("citydip.gazetteer").joinpath("country_labels.yaml").read_text("utf-8")
    data = yaml.safe_load(text) or {}
    return {k: data.get(k) or {} for k in ("names", "parts", "also", "admin1")}


@cache
def _names() -> dict[str, tuple[str, str | None]]:
    """Folded name → (code, admin). Curated names win over pycountry's."""
    import pycountry

    out: dict[str, tuple[str, str | None]] = {}
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(c, attr, None)
            if value:
                out[fold(value)] = (c.alpha_2, None)
    for code, item in supplement()["countries"].items():
        for name in (item or {}).get("en") or ():
            out.setdefault(fold(name), (code, None))
    for name, code in _labels()["names"].items():
        out[fold(name)] = (code, None)
    for name, (code, admin) in _labels()["parts"].items():
        out[fold(name)] = (code, admin)
    return out


@cache
def _admin1() -> dict[tuple[str, str], str]:
    """(code, folded admin name) → GeoNames admin1 code."""
    import pycountry

    out: dict[tuple[str, str], str] = {}
    for sub in pycountry.subdivisions.get(country_code="US") or ():
        if "-" in sub.code and sub.parent_code is None:
            out[("US", fold(sub.name))] = sub.code.split("-", 1)[1]
    for code, names in _labels()["admin1"].items():
        for name, value in (names or {}).items():
            out[(code, fold(name))] = str(value)
    return out


def admin1_code(code: str | None, admin: str | None) -> str | None:
    """The GeoNames admin1 code of a named first-level division ('US', 'Ohio' → 'OH')."""
    if not code or not admin:
        return None
    return _admin1().get((code, fold(admin)))


def also_codes(code: str | None) -> tuple[str, ...]:
    """Other codes under which GeoNames may file places of `code` (Kosovo: RS)."""
    return tuple(_labels()["also"].get(code) or ()) if code else ()


def country_code(name: str) -> str | None:
    """The ISO code of a country name alone ('Czech Republic' → 'CZ'), exact after folding."""
    hit = _names().get(fold(name))
    return hit[0] if hit and hit[1] is None else None


def _fuzzy(folded: str) -> tuple[str, str | None] | None:
    if len(folded) < 5:
        return None
    try:
        from rapidfuzz import fuzz, process
    except ImportError:  # pragma: no cover - rapidfuzz is a dependency
        return None
    names = _names()
    hit = process.extractOne(folded, list(names), scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF)
    return names[hit[0]] if hit else None


def _make(code: str, admin: str | None) -> CountryLabel:
    return CountryLabel(code, admin, also_codes(code), admin1_code(code, admin))


@cache
def country_of_label(label: str) -> CountryLabel:
    """Read one country label; see the module's docstring. Unknown → code None."""
    text = " ".join(label.split()).strip(" ,;")
    if text.casefold().startswith("in "):  # "in Italy"
        text = text[3:]
    if not text:
        return CountryLabel(None)
    names = _names()
    hit = names.get(fold(text))
    if hit:
        return _make(*hit)
    paren = _PAREN.search(text)
    if paren:  # "Georgia (country)", "Georgia (U.S. state)"
        base = text[: paren.start()]
        qualifier = fold(paren.group(1))
        if qualifier in ("country", "nation", "republic"):
            hit = names.get(fold(base))
            if hit:
                return _make(*hit)
        inner = names.get(qualifier)
        if inner:
            return _make(inner[0], base)
        if "state" in qualifier.split() and admin1_code("US", base):
            return _make("US", base)
    if "," in text:  # "England, United Kingdom", "Réunion, France", "Rauma, Norway"
        head, tail = (p.strip() for p in text.rsplit(",", 1))
        outer = names.get(fold(tail)) or _fuzzy(fold(tail))
        if outer:
            part = country_of_label(head) if head else CountryLabel(None)
            if part.code == outer[0] or (part.code and outer[0] in part.also):
                return part  # "England, United Kingdom", "Réunion, France"
            return _make(outer[0], head or None)
    hit = _fuzzy(fold(text))
    if hit:
        return _make(*hit)
    return CountryLabel(None)
