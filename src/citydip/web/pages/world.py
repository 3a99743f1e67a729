"""Pages of the imported world datasets: `/world` (the datasets, one's figures and its
best-connected places), `/world/map` and `/world/network` (drawn by static/world-map.js
and world-network.js from `/api/v1/datasets/...`). With no dataset imported, each page
says how to import one."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from citydip.analytics import world_view as wv
from citydip.i18n import translate
from citydip.store.datasets import Dataset, list_datasets
from citydip.store.queries import local_names
from citydip.web.deps import DB, Lang, Reader

router = APIRouter(include_in_schema=False)
IMPORT_COMMAND = (
    "citydip import-pairs ../shared/data/sister-cities/twin_cities_raw.csv "
    "--columns city1,country1,city2,country2"
)
DatasetQ = Annotated[str | None, Query(max_length=100, description="a dataset's key")]
JS_LABELS = (
    "error", "empty", "clusters", "places", "bundles", "ties", "more", "degree", "place_page",
    "ego", "zoom_in", "level_cells", "level_countries", "level_ties", "countries", "back",
    "country", "cities", "partners", "domestic", "abroad", "search_none", "status_map",
    "status_network", "unplaced", "outlines",
)  # fmt: skip


def _chosen(session: Session, key: str | None) -> tuple[list[Dataset], Dataset | None]:
    """Every dataset and the one asked for (else the first); an unknown key is a 404."""
    found = list_datasets(session)
    if key:
        return found, wv.dataset_or_404(session, key)
    return found, (found[0] if found else None)


def js_labels(lang: str) -> dict[str, Any]:
    return {"world": {k: translate(f"world.js.{k}", lang) for k in JS_LABELS}}


def _context(session: Session, key: str | None, lang: str) -> dict[str, Any]:
    sets, chosen = _chosen(session, key)
    return {
        "datasets": sets,
        "dataset": chosen,
        "import_command": IMPORT_COMMAND,
        "labels": js_labels(lang),
        "api": f"/api/v1/datasets/{chosen.key}" if chosen else "",
    }


@router.get("/world")
def world_page(
    request: Request, session: DB, who: Reader, lang: Lang, dataset: DatasetQ = None
) -> Response:
    ctx = _context(session, dataset, lang)
    if ctx["dataset"] is not None:
        summary = wv.summary(wv.load(session, ctx["dataset"].key), top=20)
        ctx["summary"] = summary
        ctx["names"] = local_names(session, [p.id for p in summary.top], lang)
        ctx["country_name"] = lambda code: wv.country_name(code, lang) if code else ""
    return request.app.state.render(request, "world.html", ctx)


@router.get("/world/map")
def world_map_page(
    request: Request, session: DB, who: Reader, lang: Lang, dataset: DatasetQ = None
) -> Response:
    ctx = _context(session, dataset, lang)
    return request.app.state.render(request, "world_map.html", ctx)


@router.get("/world/network")
def world_network_page(
    request: Request,
    session: DB,
    who: Reader,
    lang: Lang,
    dataset: DatasetQ = None,
    country: Annotated[str | None, Query(pattern="^[A-Za-z]{2}$")] = None,
    place: Annotated[int | None, Query(ge=1)] = None,
) -> Response:
    ctx = _context(session, dataset, lang)
    ctx["start"] = {"country": (country or "").upper(), "place": place or ""}
    return request.app.state.render(request, "world_network.html", ctx)
