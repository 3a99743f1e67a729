"""Vendor the web app's third-party front-end files into src/citydip/web/static/vendor/.

Run from anywhere with `python3 scripts/vendor.py` (needs `npm` on PATH and the npm
registry reachable; nothing else). It packs each package below with `npm pack` into a
temporary folder, copies the browser builds out with the version in the file name,
puts each licence in vendor/LICENSES/, turns world-atlas's TopoJSON into a GeoJSON cut
at the 180th meridian, and writes vendor/manifest.json, which the templates read the
file names from. Change a version here, run the script, commit the result.

The app must work with no internet at all: nothing here is loaded from a CDN.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from npm_data import npm_pack

HTMX = "2.0.11"  # stay on 2.x: htmx 4 changes attribute inheritance and events
LEAFLET = "1.9.4"
VEGA = "6.4.0"
VEGA_LITE = "6.5.0"
VEGA_EMBED = "7.3.0"
CYTOSCAPE = "3.35.0"
WORLD_ATLAS = "2.0.2"
SWAGGER_UI = "5.35.0"  # the API docs page at /api/v1/docs

DECIMALS = 2  # coordinate rounding of the countries GeoJSON (about 1 km)

ROOT = Path(__file__).resolve().parents[1]
VENDOR = ROOT / "src" / "citydip" / "web" / "static" / "vendor"
KEEP = {"README.md"}  # hand-written files in VENDOR that a run leaves alone

Point = tuple[float, float]
Ring = list[Point]


# --- npm -----------------------------------------------------------------------------


def copy(src: Path, dst: Path) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dst)


# --- TopoJSON -> GeoJSON -------------------------------------------------------------


def decode_arcs(topo: dict[str, Any]) -> list[Ring]:
    tr = topo.get("transform")
    arcs: list[Ring] = []
    for arc in topo["arcs"]:
        if tr is None:
            arcs.append([(float(p[0]), float(p[1])) for p in arc])
            continue
        (sx, sy), (tx, ty) = tr["scale"], tr["translate"]
        x = y = 0
        pts: Ring = []
        for p in arc:  # quantized and delta-encoded
            x += p[0]
            y += p[1]
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)
    return arcs


def ring_of(arcs: list[Ring], ids: list[int]) -> Ring:
    out: Ring = []
    for i in ids:
        pts = arcs[i] if i >= 0 else arcs[~i][::-1]
        out.extend(pts if not out else pts[1:])  # arcs share their end points
    return out


def polygons_of(geom: dict[str, Any], arcs: list[Ring]) -> list[list[Ring]]:
    if geom["type"] == "Polygon":
        return [[ring_of(arcs, r) for r in geom["arcs"]]]
    if geom["type"] == "MultiPolygon":
        return [[ring_of(arcs, r) for r in poly] for poly in geom["arcs"]]
    return []


# --- cutting at the antimeridian -----------------------------------------------------


def signed_area(ring: Ring) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False)) / 2


def unwrap(ring: Ring) -> tuple[Ring, float]:
    """Longitudes made continuous (a step over 180 degrees is a crossing, not a jump).

    Returns the ring and how far its end drifted from its start: 0 for an ordinary ring,
    +-360 for one around a pole (Antarctica)."""
    out = [ring[0]]
    shift = 0.0
    for (x0, _), (x1, y1) in zip(ring, ring[1:], strict=False):
        if x1 - x0 > 180:
            shift -= 360
        elif x1 - x0 < -180:
            shift += 360
        out.append((x1 + shift, y1))
    return out, shift


def clip_strip(ring: Ring, lo: float, hi: float) -> Ring:
    """Sutherland-Hodgman clip of a closed ring to lo <= x <= hi."""

    def clip(pts: Ring, inside: Any, cross: Any) -> Ring:
        res: Ring = []
        for i, cur in enumerate(pts):
            prev = pts[i - 1]
            if inside(cur):
                if not inside(prev):
                    res.append(cross(prev, cur))
                res.append(cur)
            elif inside(prev):
                res.append(cross(prev, cur))
        return res

    def at(x: float) -> Any:
        def f(a: Point, b: Point) -> Point:
            t = (x - a[0]) / (b[0] - a[0])
            return (x, a[1] + t * (b[1] - a[1]))

        return f

    pts = ring[:-1]  # open ring for the clipper
    pts = clip(pts, lambda p: p[0] >= lo, at(lo))
    pts = clip(pts, lambda p: p[0] <= hi, at(hi))
    return pts + pts[:1] if pts else []


def close_around_pole(ring: Ring) -> Ring:
    """A ring around a pole crosses the antimeridian once: go along it to the pole and back."""
    pole = -90.0 if sum(y for _, y in ring) < 0 else 90.0
    out: Ring = [ring[0]]
    for a, b in zip(ring, ring[1:], strict=False):
        if abs(b[0] - a[0]) > 180:
            side = 180.0 if a[0] > 0 else -180.0
            bx = b[0] + 2 * side  # b seen from a's side
            t = (side - a[0]) / (bx - a[0]) if bx != a[0] else 0.0
            lat = a[1] + t * (b[1] - a[1])
            out += [(side, lat), (side, pole), (-side, pole), (-side, lat)]
        out.append(b)
    return out


def split_ring(ring: Ring) -> list[Ring]:
    """The ring as one or more rings inside -180 <= lon <= 180."""
    flat, drift = unwrap(ring)
    if drift:
        return [close_around_pole(ring)]
    lo, hi = min(x for x, _ in flat), max(x for x, _ in flat)
    k0 = -int((180 - lo) // 360)  # strips [-180 + 360k, 180 + 360k] the ring touches
    k1 = int((hi + 180) // 360)
    parts = []
    for k in range(k0, k1 + 1):
        part = clip_strip(flat, -180 + 360 * k, 180 + 360 * k)
        if len(part) >= 4 and abs(signed_area(part)) > 1e-9:
            parts.append([(x - 360 * k, y) for x, y in part])
    return parts


def inside(pt: Point, ring: Ring) -> bool:
    x, y = pt
    hit = False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            hit = not hit
    return hit


def cut_polygon(rings: list[Ring]) -> list[list[Ring]]:
    """A polygon (outer ring, holes) cut at the antimeridian: a list of polygons."""
    outers = split_ring(rings[0])
    polys: list[list[Ring]] = [[o] for o in outers]
    for hole in rings[1:]:
        for h in split_ring(hole):
            for poly in polys:
                if inside(h[0], poly[0]) or len(polys) == 1:
                    poly.append(h)
                    break
    return polys


def tidy(ring: Ring, outer: bool) -> Ring | None:
    """Rounded, without repeated points, wound as RFC 7946 asks (outer counter-clockwise)."""
    out: Ring = []
    for x, y in ring:
        p = (round(x, DECIMALS), round(y, DECIMALS))
        if not out or p != out[-1]:
            out.append(p)
    if out[0] != out[-1]:
        out.append(out[0])
    if len(out) < 4 or signed_area(out) == 0:
        return None
    if (signed_area(out) > 0) != outer:
        out.reverse()
    return out


def countries_geojson(topo: dict[str, Any]) -> dict[str, Any]:
    arcs = decode_arcs(topo)
    features = []
    for geom in topo["objects"]["countries"]["geometries"]:
        polys: list[list[list[list[float]]]] = []
        for poly in polygons_of(geom, arcs):
            for piece in cut_polygon(poly):
                rings = [tidy(r, outer=i == 0) for i, r in enumerate(piece)]
                if rings[0] is None:
                    continue
                polys.append([[list(p) for p in r] for r in rings if r is not None])
        if not polys:
            continue
        geometry = (
            {"type": "Polygon", "coordinates": polys[0]}
            if len(polys) == 1
            else {"type": "MultiPolygon", "coordinates": polys}
        )
        feature: dict[str, Any] = {"type": "Feature"}
        if geom.get("id") is not None:  # a few (Kosovo, N. Cyprus, Somaliland) have none
            feature["id"] = geom["id"]
        feature["properties"] = {"name": (geom.get("properties") or {}).get("name", "")}
        feature["geometry"] = geometry
        features.append(feature)
    return {"type": "FeatureCollection", "features": features}


# --- main ----------------------------------------------------------------------------


def main() -> int:
    if shutil.which("npm") is None:
        print("npm is not on PATH", file=sys.stderr)
        return 1
    VENDOR.mkdir(parents=True, exist_ok=True)
    for old in VENDOR.iterdir():  # drop what an earlier run wrote (old versions)
        if old.name in KEEP:
            continue
        if old.is_dir():
            shutil.rmtree(old)
        else:
            old.unlink()
    lic = VENDOR / "LICENSES"
    with tempfile.TemporaryDirectory(prefix="citydip-vendor-") as t:
        tmp = Path(t)
        pkg = npm_pack(f"htmx.org@{HTMX}", tmp)
        htmx = f"htmx-{HTMX}.min.js"
        copy(pkg / "dist" / "htmx.min.js", VENDOR / htmx)
        copy(pkg / "LICENSE", lic / "htmx.txt")

        pkg = npm_pack(f"leaflet@{LEAFLET}", tmp)
        ldir = f"leaflet-{LEAFLET}"
        for name in ("leaflet.js", "leaflet.css"):
            copy(pkg / "dist" / name, VENDOR / ldir / name)
        for img in sorted((pkg / "dist" / "images").glob("*.png")):
            copy(img, VENDOR / ldir / "images" / img.name)
        copy(pkg / "LICENSE", lic / "leaflet.txt")

        files = {}
        for key, name, version, build in (
            ("vega", "vega", VEGA, "build/vega.min.js"),
            ("vega_lite", "vega-lite", VEGA_LITE, "build/vega-lite.min.js"),
            ("vega_embed", "vega-embed", VEGA_EMBED, "build/vega-embed.min.js"),
            ("cytoscape", "cytoscape", CYTOSCAPE, "dist/cytoscape.min.js"),
        ):
            pkg = npm_pack(f"{name}@{version}", tmp)
            files[key] = f"{name}-{version}.min.js"
            copy(pkg / build, VENDOR / files[key])
            copy(pkg / "LICENSE", lic / f"{name}.txt")

        pkg = npm_pack(f"swagger-ui-dist@{SWAGGER_UI}", tmp)
        sdir = f"swagger-ui-{SWAGGER_UI}"
        for name in ("swagger-ui-bundle.js", "swagger-ui.css"):
            copy(pkg / name, VENDOR / sdir / name)
        copy(pkg / "LICENSE", lic / "swagger-ui.txt")

        pkg = npm_pack(f"world-atlas@{WORLD_ATLAS}", tmp)
        topo = json.loads((pkg / "countries-110m.json").read_text(encoding="utf-8"))
        countries = f"countries-110m-{WORLD_ATLAS}.geojson"
        geo = countries_geojson(topo)
        (VENDOR / countries).write_text(
            json.dumps(geo, separators=(",", ":"), ensure_ascii=False) + "\n", encoding="utf-8"
        )
        copy(pkg / "LICENSE", lic / "world-atlas.txt")

    manifest = {
        "htmx": htmx,
        "leaflet_js": f"{ldir}/leaflet.js",
        "leaflet_css": f"{ldir}/leaflet.css",
        "vega": files["vega"],
        "vega_lite": files["vega_lite"],
        "vega_embed": files["vega_embed"],
        "cytoscape": files["cytoscape"],
        "countries": countries,
        "swagger_js": f"{sdir}/swagger-ui-bundle.js",
        "swagger_css": f"{sdir}/swagger-ui.css",
    }
    (VENDOR / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    for key, rel in manifest.items():
        size = (VENDOR / rel).stat().st_size
        print(f"{key:12} {rel:40} {size / 1024:8.1f} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
