"""`/api/v1/datasets`: imported tie datasets (the world's twin towns) and what the world
map and network draw of them, at the level of detail asked for.

The answers of the map (`places`, `ties`) are for one viewport (`bbox=west,south,east,
north`) at one zoom: clusters and bundles below the zoom of detail, places and ties one by
one above it, each list capped (`more` says how many were left out). Places in bulk
answers are `{id, name, country, lat, lon, degree}`; their page is `/places/{id}`.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from citydip.analytics import world_view as wv
from citydip.analytics import world_view_graph as wg
from citydip.errors import InputError
from citydip.store.datasets import Dataset, list_datasets
from citydip.store.listing import MAX_ID
from citydip.store.queries import local_names
from citydip.web.deps import DB, Lang, Reader

router = APIRouter(prefix="/datasets", tags=["datasets"])
Key = Annotated[str, Path(min_length=1, max_length=100, description="the dataset's key")]
BBoxQ = Annotated[
    str | None,
    Query(max_length=200, description="the viewport: west,south,east,north in degrees"),
]
Zoom = Annotated[int, Query(ge=0, le=wv.MAX_ZOOM, description="the map's zoom (0: the world)")]
LevelQ = Annotated[
    wv.Level,
    Query(description="auto: bundles below the zoom of detail, ties above; or one of them"),
]


def parse_bbox(text: str | None) -> wv.BBox:
    if not text:
        return wv.WORLD
    parts = text.split(",")
    try:
        west, south, east, north = (float(p) for p in parts)
    except ValueError:
        raise InputError("bbox: four numbers west,south,east,north", field="bbox") from None
    return wv.check_bbox((west, south, east, north))


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def place_json(p: wv.WorldPlace, names: dict[int, str] | None = None) -> dict[str, Any]:
    name = (names or {}).get(p.id, p.name)
    return {"id": p.id, "name": name, "country": p.country, "lat": _r(p.lat), "lon": _r(p.lon),
            "degree": p.degree}  # fmt: skip


def country_json(c: wv.Country, lang: str) -> dict[str, Any]:
    return {"code": c.code, "name": wv.country_name(c.code, lang), "places": c.places,
            "ties": c.ties, "domestic": c.domestic, "lat": _r(c.lat), "lon": _r(c.lon)}  # fmt: skip


def dataset_json(d: Dataset) -> dict[str, Any]:
    return {
        "key": d.key,
        "name": d.name,
        "source": d.source,
        "licence": d.licence,
        "tie_type": d.tie_type,
        "rows": d.rows,
        "imported_at": d.imported_at.isoformat(),
        "url": f"/world?dataset={d.key}",
    }


def summary_json(s: wv.Summary, names: dict[int, str]) -> dict[str, Any]:
    return {
        "key": s.key,
        "name": s.name,
        "source": s.source,
        "licence": s.licence,
        "tie_type": s.tie_type,
        "places": s.places,
        "placed": s.placed,
        "ties": s.ties,
        "countries": s.countries,
        "top": [place_json(p, names) for p in s.top],
    }


def _names(session: Session, lang: str, places: list[wv.WorldPlace]) -> dict[int, str]:
    return local_names(session, [p.id for p in places], lang)


def _ok(body: dict[str, Any]) -> JSONResponse:
    return JSONResponse({"ok": True, **body})  # a Response: no jsonable_encoder pass


@router.get("", summary="List imported datasets")
def datasets(session: DB, who: Reader) -> JSONResponse:
    return _ok({"items": [dataset_json(d) for d in list_datasets(session)]})


@router.get("/{key}", summary="One dataset: its figures and best-connected places")
def dataset(key: Key, session: DB, who: Reader, lang: Lang) -> JSONResponse:
    found = wv.summary(wv.load(session, key))
    return _ok({"item": summary_json(found, _names(session, lang, found.top))})


@router.get("/{key}/places", summary="The map's places of a viewport: clusters or places")
def places(key: Key, session: DB, who: Reader, bbox: BBoxQ = None, zoom: Zoom = 2) -> JSONResponse:
    view = wv.places_view(wv.load(session, key), parse_bbox(bbox), zoom)
    return _ok(
        {
            "zoom": view.zoom,
            "total": view.total,
            "more": view.more,
            "unplaced": view.unplaced,
            "clusters": [
                {
                    "lat": _r(c.lat),
                    "lon": _r(c.lon),
                    "n": c.n,
                    "ties": c.ties,
                    "top": place_json(c.top),
                }  # fmt: skip
                for c in view.clusters
            ],
            "places": [place_json(p) for p in view.places],
        }
    )


@router.get("/{key}/ties", summary="The map's ties of a viewport: bundles or ties")
def ties(
    key: Key,
    session: DB,
    who: Reader,
    bbox: BBoxQ = None,
    zoom: Zoom = 2,
    level: LevelQ = "auto",
) -> JSONResponse:
    view = wv.ties_view(wv.load(session, key), parse_bbox(bbox), zoom, level)
    return _ok(
        {
            "zoom": view.zoom,
            "level": view.level,
            "total": view.total,
            "more": view.more,
            "bundles": [
                {
                    "a": [_r(b.a[0]), _r(b.a[1])],
                    "b": [_r(b.b[0]), _r(b.b[1])],
                    "n": b.n,
                    "a_key": b.a_key,
                    "b_key": b.b_key,
                }  # fmt: skip
                for b in view.bundles
            ],
            "ties": [
                {"id": t.id, "a": place_json(t.a), "b": place_json(t.b), "rows": t.rows}
                for t in view.ties
            ],
        }
    )


@router.get("/{key}/countries", summary="The country graph: countries and the ties between")
def countries(
    key: Key,
    session: DB,
    who: Reader,
    lang: Lang,
    top: Annotated[int, Query(ge=1, le=5000, description="edges with most ties")] = 600,
) -> JSONResponse:
    graph = wg.country_graph(wv.load(session, key), top)
    return _ok(
        {
            "countries": [country_json(c, lang) for c in graph.countries],
            "edges": [{"a": a, "b": b, "n": n} for a, b, n in graph.edges],
            "more": graph.more,
        }
    )


@router.get("/{key}/countries/{code}", summary="A country's cities, their ties and partners")
def country(
    key: Key,
    code: Annotated[str, Path(pattern="^[A-Za-z]{2}$", description="ISO 3166 alpha-2")],
    session: DB,
    who: Reader,
    lang: Lang,
    limit: Annotated[int, Query(ge=1, le=1000, description="cities, most ties first")] = 120,
) -> JSONResponse:
    found = wg.country_cities(wv.load(session, key), code, limit)
    names = _names(session, lang, found.cities)
    return _ok(
        {
            "country": country_json(found.country, lang),
            "cities": [place_json(p, names) for p in found.cities],
            "more": found.more,
            "domestic": [{"a": a, "b": b} for a, b, _ in found.domestic],
            "abroad": [{"city": p, "country": c, "n": n} for p, c, n in found.abroad],
            "partners": [country_json(c, lang) for c in found.partners],
            "more_partners": found.more_partners,
        }
    )


@router.get("/{key}/places/{place_id}/ego", summary="A place, its partners and their ties")
def ego(
    key: Key,
    place_id: Annotated[int, Path(ge=1, le=MAX_ID)],
    session: DB,
    who: Reader,
    lang: Lang,
    limit: Annotated[int, Query(ge=1, le=2000, description="partners, most ties first")] = 300,
) -> JSONResponse:
    found = wg.ego(wv.load(session, key), place_id, limit)
    names = _names(session, lang, [found.place, *found.partners])
    return _ok(
        {
            "place": place_json(found.place, names) | {"url": f"/places/{found.place.id}"},
            "partners": [place_json(p, names) for p in found.partners],
            "ties": [{"a": a, "b": b} for a, b in found.ties],
            "more": found.more,
        }
    )


@router.get("/{key}/search", summary="Places of a dataset by name, most ties first")
def search(
    key: Key,
    session: DB,
    who: Reader,
    lang: Lang,
    q: Annotated[str, Query(min_length=1, max_length=100, description="part of a name")],
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> JSONResponse:
    found = wg.search(wv.load(session, key), q, limit)
    names = _names(session, lang, found)
    return _ok({"items": [place_json(p, names) for p in found]})
