"""Check another tool's coordinates for the names of a pairs CSV against citydip's.

`compare("twin_cities.csv")` reads the file as a stream (csv over the open file), resolves
every distinct (city, country label) with the world gazetteer, and measures the distance
between the two points of each name that both sides place. A name more than 25 km apart is
a disagreement, with a verdict on which side is likely right and why:

- "citydip": the other point is in another country than the label names (by the country of
  the GeoNames place nearest to it), or it is on a smaller place of the same name in the
  same country;
- "other": the other point is on a more populous place of that name in the country, or
  citydip's place is a guess among homonyms and the other point is on one of them;
- "unclear": neither (the other point is near no place of that name: a district, a
  municipality's centre, another spelling).
"""

from __future__ import annotations

import csv
import math
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from citydip.errors import InputError
from citydip.gazetteer.countries import country_of_label
from citydip.gazetteer.world import (
    Candidate,
    Resolution,
    WorldGazetteer,
    haversine_km,
    load_world_gazetteer,
)

DEFAULT_COLUMNS = ("city1", "country1", "lat1", "lng1", "city2", "country2", "lat2", "lng2")
WITHIN_KM = 25.0
_NEAR_KM = 30.0  # a point this close to a GeoNames place is on it
_COUNTRY_KM = 100.0  # the country of a point: that of the nearest place this close


@dataclass(frozen=True, slots=True)
class Disagreement:
    """A name that the two sides place more than 25 km apart."""

    city: str
    label: str
    country: str | None  # the label's ISO code
    line: int  # the first line naming it
    rows: int  # how many times the file names it
    lat: float  # the other tool's point
    lon: float
    place: Candidate  # citydip's place
    status: str  # citydip's resolution status (resolved / ambiguous)
    distance_km: float
    verdict: str  # "citydip" | "other" | "unclear"
    reason: str
    near: Candidate | None  # the GeoNames place nearest to the other point


@dataclass(frozen=True, slots=True)
class GeoCheck:
    """The comparison of one file."""

    path: str
    rows: int
    names: int  # distinct (city, country label)
    statuses: dict[str, int]  # citydip's resolution status → names
    compared: int  # names both sides place
    within: int  # of those, within 25 km
    disagreements: tuple[Disagreement, ...] = field(default=())  # farthest first
    compared_resolved: int = 0  # names both place that citydip resolved (not guessed)
    within_resolved: int = 0

    @property
    def share(self) -> float:
        return self.within / self.compared if self.compared else 0.0

    @property
    def share_resolved(self) -> float:
        """The share within 25 km of the names citydip resolved, its guesses left out."""
        return self.within_resolved / self.compared_resolved if self.compared_resolved else 0.0

    @property
    def verdicts(self) -> dict[str, int]:
        return dict(Counter(d.verdict for d in self.disagreements))


@dataclass(slots=True)
class _Name:
    line: int
    rows: int = 0
    point: tuple[float, float] | None = None


def _coordinate(value: str, low: float, high: float, where: dict[str, object]) -> float | None:
    text = value.strip()
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        raise InputError(f"not a number: {text!r}", **where) from None  # type: ignore[arg-type]
    if not math.isfinite(number) or not low <= number <= high:
        raise InputError(f"{text} is outside {low:g}..{high:g}", **where)  # type: ignore[arg-type]
    return number


def read_points(
    path: Path, columns: Sequence[str] = DEFAULT_COLUMNS
) -> Iterator[tuple[int, str, str, tuple[float, float] | None]]:
    """(line, city, country label, point or None) for each side of each row, streamed."""
    if not columns or len(columns) % 4:
        raise InputError(
            "columns come in fours: city, country, latitude, longitude (per side)",
            field="columns",
        )
    sides = [tuple(columns[i : i + 4]) for i in range(0, len(columns), 4)]
    with path.open(newline="", encoding="utf-8-sig") as fh:
        reader = csv.reader(fh)
        header = next(reader, None)
        if header is None:
            raise InputError("empty file: no header row", file=str(path))
        position = {name.strip(): i for i, name in enumerate(header)}
        for name in columns:
            if name not in position:
                raise InputError(
                    f"missing column (the header has: {', '.join(header)})",
                    file=str(path),
                    line=1,
                    field=name,
                )
        idx = [tuple(position[c] for c in side) for side in sides]
        width = max(i for side in idx for i in side) + 1
        for row in reader:
            if not row or not any(cell.strip() for cell in row):
                continue
            line = reader.line_num
            if len(row) < width:
                row = row + [""] * (width - len(row))
            for (ci, ki, ai, oi), names in zip(idx, sides, strict=True):
                city = row[ci].strip()
                if not city:
                    continue
                lat = _coordinate(
                    row[ai], -90, 90, {"file": str(path), "line": line, "field": names[2]}
                )
                lon = _coordinate(
                    row[oi], -180, 180, {"file": str(path), "line": line, "field": names[3]}
                )
                point = (lat, lon) if lat is not None and lon is not None else None
                yield line, city, row[ki].strip(), point


def compare(
    path: str | Path,
    resolver: WorldGazetteer | None = None,
    columns: Sequence[str] = DEFAULT_COLUMNS,
    *,
    within_km: float = WITHIN_KM,
) -> GeoCheck:
    """Compare the file's coordinates with citydip's; see the module's docstring."""
    path = Path(path)
    gazetteer = resolver or load_world_gazetteer()
    names: dict[tuple[str, str], _Name] = {}
    rows = 0
    last_line = 0
    for line, city, label, point in read_points(path, columns):
        if line != last_line:
            rows, last_line = rows + 1, line
        seen = names.get((city, label))
        if seen is None:
            seen = names[(city, label)] = _Name(line)
        seen.rows += 1
        if seen.point is None and point is not None:
            seen.point = point
    statuses: Counter[str] = Counter()
    compared = within = compared_resolved = within_resolved = 0
    found: list[Disagreement] = []
    for (city, label), seen in names.items():
        res = gazetteer.resolve(city, label)
        statuses[res.status] += 1
        if res.place is None or seen.point is None:
            continue
        compared += 1
        compared_resolved += res.status == "resolved"
        lat, lon = seen.point
        distance = haversine_km(lat, lon, res.place.lat, res.place.lon)
        if distance <= within_km:
            within += 1
            within_resolved += res.status == "resolved"
            continue
        verdict, reason, near = _verdict(gazetteer, city, label, res, lat, lon)
        found.append(
            Disagreement(
                city=city,
                label=label,
                country=res.country,
                line=seen.line,
                rows=seen.rows,
                lat=lat,
                lon=lon,
                place=res.place,
                status=res.status,
                distance_km=distance,
                verdict=verdict,
                reason=reason,
                near=near,
            )
        )
    found.sort(key=lambda d: (-d.distance_km, d.line))
    return GeoCheck(
        path=str(path),
        rows=rows,
        names=len(names),
        statuses=dict(statuses),
        compared=compared,
        within=within,
        disagreements=tuple(found),
        compared_resolved=compared_resolved,
        within_resolved=within_resolved,
    )


def _people(place: Candidate) -> str:
    return f"{place.population:,} people" if place.population else "no population given"


def _verdict(
    gazetteer: WorldGazetteer, city: str, label: str, res: Resolution, lat: float, lon: float
) -> tuple[str, str, Candidate | None]:
    ours = res.place
    assert ours is not None
    near = gazetteer.nearest(lat, lon, _NEAR_KM)
    country = near or gazetteer.nearest(lat, lon, _COUNTRY_KM)
    parsed = country_of_label(label)
    codes = tuple(c for c in (res.country or parsed.code, *parsed.also) if c)
    inside = {c for c in (res.country, ours.country) if c}
    if country is not None and inside and country.country not in inside:
        where = f"{country.country} (near {country.name})"
        return "citydip", f"the other point is in {where}, not in {label or ours.country}", near
    homonyms = gazetteer.homonyms(city, codes) if codes else []
    theirs = [
        (haversine_km(lat, lon, p.lat, p.lon), p)
        for p in homonyms
        if p.key != ours.key and haversine_km(lat, lon, p.lat, p.lon) <= _NEAR_KM
    ]
    if theirs:
        other = min(theirs, key=lambda dp: dp[0])[1]
        admin = f", admin1 {other.admin1}" if other.admin1 else ""
        mine = f"{ours.name} ({_people(ours)}, admin1 {ours.admin1 or '-'})"
        if res.status == "ambiguous":
            return (
                "other",
                f"citydip guessed {mine} among homonyms; the other point is on "
                f"{other.name} ({_people(other)}{admin})",
                near,
            )
        if ours.population > other.population:
            return (
                "citydip",
                f"two places named so in {ours.country}: citydip's {mine} is "
                f"larger than {other.name} ({_people(other)}{admin})",
                near,
            )
        return (
            "other",
            f"two places named so in {ours.country}: {other.name} "
            f"({_people(other)}{admin}) is larger than citydip's {mine}",
            near,
        )
    if country is None:
        return "unclear", f"the other point is {_COUNTRY_KM:g}+ km from any GeoNames place", None
    if res.status == "ambiguous":
        return (
            "unclear",
            f"citydip guessed among homonyms; the other point is near {country.name}",
            near,
        )
    return (
        "unclear",
        f"the other point is near {country.name} ({country.country}), not a place of this name",
        near,
    )


DISAGREEMENT_FIELDS = (
    "city",
    "country_label",
    "country",
    "line",
    "rows",
    "their_lat",
    "their_lon",
    "citydip_lat",
    "citydip_lon",
    "distance_km",
    "verdict",
    "reason",
    "citydip_place",
    "citydip_key",
    "citydip_population",
    "citydip_admin1",
    "citydip_status",
    "their_nearest_place",
    "their_nearest_country",
    "their_nearest_population",
    "their_nearest_admin1",
)


def disagreement_row(d: Disagreement) -> dict[str, object]:
    """One disagreement as a flat row (CSV and JSON)."""
    return {
        "city": d.city,
        "country_label": d.label,
        "country": d.country or "",
        "line": d.line,
        "rows": d.rows,
        "their_lat": d.lat,
        "their_lon": d.lon,
        "citydip_lat": d.place.lat,
        "citydip_lon": d.place.lon,
        "distance_km": round(d.distance_km, 1),
        "verdict": d.verdict,
        "reason": d.reason,
        "citydip_place": d.place.name,
        "citydip_key": d.place.key,
        "citydip_population": d.place.population,
        "citydip_admin1": d.place.admin1 or "",
        "citydip_status": d.status,
        "their_nearest_place": d.near.name if d.near else "",
        "their_nearest_country": d.near.country if d.near else "",
        "their_nearest_population": d.near.population if d.near else "",
        "their_nearest_admin1": (d.near.admin1 or "") if d.near else "",
    }


def write_disagreements(check: GeoCheck, path: Path) -> int:
    """Every disagreement of `check` to a CSV file; returns how many."""
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=DISAGREEMENT_FIELDS)
        writer.writeheader()
        for d in check.disagreements:
            writer.writerow(disagreement_row(d))
    return len(check.disagreements)


def summary(check: GeoCheck, limit: int | None = None) -> dict[str, object]:
    """The figures and (the first `limit`) disagreements as plain data, for JSON."""
    shown = check.disagreements if limit is None else check.disagreements[:limit]
    return {
        "path": check.path,
        "rows": check.rows,
        "names": check.names,
        "statuses": check.statuses,
        "compared": check.compared,
        "within_km": WITHIN_KM,
        "within": check.within,
        "share": round(check.share, 4),
        "compared_resolved": check.compared_resolved,
        "within_resolved": check.within_resolved,
        "share_resolved": round(check.share_resolved, 4),
        "disagreements": len(check.disagreements),
        "verdicts": check.verdicts,
        "shown": [disagreement_row(d) for d in shown],
    }
