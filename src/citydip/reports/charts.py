"""Vega-Lite specs for standalone documents (the web app draws with the same library).

Each builder takes plain rows (dicts) and returns a spec; `standalone.render` pages place
them with the `chart` macro. Specs carry their data inline: a document fetches nothing.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache
from typing import Any

from citydip.reports.standalone import vendored

Rows = Sequence[dict[str, Any]]
WIDTH = 560
FONT = 'system-ui, "Noto Sans CJK KR", sans-serif'


def _base(rows: Rows, title: str | None, height: int) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "width": WIDTH,
        "height": height,
        "data": {"values": list(rows)},
        "config": {"font": FONT, "view": {"stroke": None}},
    }
    if title:
        spec["title"] = title
    return spec


def bars(
    rows: Rows,
    x: str,
    y: str,
    *,
    color: str | None = None,
    title: str | None = None,
    x_title: str | None = None,
    y_title: str | None = None,
    color_title: str | None = None,
    horizontal: bool = False,
    height: int = 180,
    width: int = WIDTH,
) -> dict[str, Any]:
    """Bars of `y` (a count) by `x` (a category or a year), stacked by `color` if given."""
    spec = _base(rows, title, height)
    spec["width"] = width
    cat = {"field": x, "type": "ordinal", "title": x_title, "sort": None}
    num = {"field": y, "type": "quantitative", "title": y_title, "axis": {"tickMinStep": 1}}
    encoding: dict[str, Any] = {"x": num, "y": cat} if horizontal else {"x": cat, "y": num}
    if color:
        encoding["color"] = {"field": color, "type": "nominal", "title": color_title}
    encoding["tooltip"] = [{"field": f} for f in (x, y, color) if f]
    spec.update(mark={"type": "bar", "tooltip": True}, encoding=encoding)
    return spec


def _area2(ring: Sequence[Sequence[float]]) -> float:
    """Twice the signed planar area of a ring of (lon, lat): > 0 counterclockwise."""
    return sum(
        x1 * y2 - x2 * y1 for (x1, y1, *_), (x2, y2, *_) in zip(ring, ring[1:], strict=False)
    )


def _rewound(polygon: list[Any]) -> list[Any]:
    """A polygon's rings in the order d3-geo (Vega) reads them: the outer ring clockwise and
    holes counterclockwise. GeoJSON files (RFC 7946) wind them the other way, which Vega
    takes for the whole globe less the country: a map painted over."""
    out = []
    for i, ring in enumerate(polygon):
        clockwise = _area2(ring) < 0
        out.append(ring if clockwise == (i == 0) else ring[::-1])
    return out


@cache
def _countries() -> dict[str, Any]:
    """The vendored country outlines, wound for Vega."""
    data: dict[str, Any] = json.loads(vendored("countries"))
    for feature in data["features"]:
        geometry = feature["geometry"]
        if geometry["type"] == "Polygon":
            geometry["coordinates"] = _rewound(geometry["coordinates"])
        elif geometry["type"] == "MultiPolygon":
            geometry["coordinates"] = [_rewound(p) for p in geometry["coordinates"]]
    return data


def world_map(
    points: Rows,
    links: Rows = (),
    *,
    title: str | None = None,
    color: str | None = None,
    height: int = 300,
    colors: Sequence[str] | None = None,
    legend: str | None = None,
) -> dict[str, Any]:
    """Country outlines with `points` (rows with lon, lat, name[, n]) and `links` between them
    (rows with lon, lat, lon2, lat2). Equal Earth projection; drawn without any tiles.
    `color`: a field of the points to colour them by (`colors`: the colours, in the order the
    field's values first appear; `legend`: its title)."""
    layers: list[dict[str, Any]] = [
        {
            "data": {"values": _countries(), "format": {"type": "json", "property": "features"}},
            "mark": {
                "type": "geoshape",
                "fill": "#e9edf2",
                "stroke": "#b9c2cf",
                "strokeWidth": 0.4,
            },
        }
    ]
    if links:
        layers.append(
            {
                "data": {"values": list(links)},
                "mark": {"type": "rule", "opacity": 0.45, "color": "#1f5fa8"},
                "encoding": {
                    "longitude": {"field": "lon", "type": "quantitative"},
                    "latitude": {"field": "lat", "type": "quantitative"},
                    "longitude2": {"field": "lon2"},
                    "latitude2": {"field": "lat2"},
                },
            }
        )
    point: dict[str, Any] = {
        "data": {"values": list(points)},
        "mark": {"type": "circle", "opacity": 0.85, "tooltip": True},
        "encoding": {
            "longitude": {"field": "lon", "type": "quantitative"},
            "latitude": {"field": "lat", "type": "quantitative"},
            "tooltip": [{"field": "name"}],
        },
    }
    if points and "n" in points[0]:
        point["encoding"]["size"] = {"field": "n", "type": "quantitative", "legend": None}
    if color:
        enc: dict[str, Any] = {"field": color, "type": "nominal", "title": legend}
        if colors:
            seen = list(dict.fromkeys(str(p[color]) for p in points))
            enc["scale"] = {"domain": seen, "range": list(colors)[: len(seen)]}
        point["encoding"]["color"] = enc
    layers.append(point)
    spec: dict[str, Any] = {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "width": WIDTH,
        "height": height,
        "projection": {"type": "equalEarth"},
        "layer": layers,
        "config": {"font": FONT, "view": {"stroke": None}},
    }
    if title:
        spec["title"] = title
    return spec
