"""Times of the world views: each view query and each `/api/v1/datasets` route, and the size
of each JSON answer, on a generated world as large as the Wikipedia twin-town lists (18,000
places, 26,000 ties; tests/web/world_data.py), or on a registry with an imported dataset.

    python benchmarks/world_views.py                       # generated, in a temp SQLite file
    python benchmarks/world_views.py --db citydip.db --dataset twin-cities-raw
    python benchmarks/world_views.py --db postgresql+psycopg://postgres@127.0.0.1/x

Each figure is the median of --runs calls (after one call that warms the cache), except
"read" (the dataset read into arrays, the cache's miss) which is timed cold each run. The
API goes through the whole app (auth by token, validation, JSON), in process.
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from fastapi.testclient import TestClient
from rich.console import Console
from rich.table import Table

from citydip.analytics import world_view as wv
from citydip.analytics import world_view_graph as wg
from citydip.analytics.cache import views_cache
from citydip.config import Settings, sqlite_url
from citydip.services import accounts
from citydip.store.datasets import list_datasets
from citydip.store.engine import Registry, open_registry
from citydip.web.app import create_app

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.web.world_data import KEY, generate_world  # noqa: E402

USER = "bench-world"
VIEW_W, VIEW_H = 1280, 600  # the map's size in pixels on a desktop page


def viewport(lat: float, lon: float, zoom: int) -> wv.BBox:
    """The bbox a VIEW_W x VIEW_H map shows around (lat, lon) at `zoom`."""
    world = 256 * 2**zoom
    dlon = VIEW_W / world * 360 / 2
    y = (1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * world

    def lat_at(py: float) -> float:
        return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * py / world))))

    north, south = lat_at(max(0, y - VIEW_H / 2)), lat_at(min(world, y + VIEW_H / 2))
    return (lon - dlon, south, lon + dlon, north)


def timed(fn: Callable[[], Any], runs: int) -> tuple[float, Any]:
    result = fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000, result


def bbox_text(b: wv.BBox) -> str:
    return ",".join(f"{v:.4f}" for v in b)


def run(registry: Registry, key: str, runs: int, console: Console) -> None:
    with registry.session() as session:
        cold = []
        for _ in range(runs):
            t0 = time.perf_counter()
            world = wv.read_world(session, wv.dataset_or_404(session, key))
            cold.append(time.perf_counter() - t0)
    hub = int(np.argmax(world.degree))
    hub_id, lat, lon = int(world.ids[hub]), float(world.lat[hub]), float(world.lon[hub])
    top_country = wv.country_table(world)[0].code
    console.print(
        f"dataset {key}: {len(world.ids):,} places, {len(world.tie_ids):,} ties; "
        f"best connected #{hub_id} {world.names[hub]} ({world.degree[hub]} ties) at "
        f"{lat:.2f}, {lon:.2f}; country with most ties {top_country}"
    )
    cases: list[tuple[str, Callable[[], Any], str]] = []
    for zoom in (2, 4, 7, 10):
        box = wv.WORLD if zoom == 2 else viewport(lat, lon, zoom)
        q = f"bbox={bbox_text(box)}&zoom={zoom}"
        cases.append(
            (f"places z{zoom}", lambda b=box, z=zoom: wv.places_view(world, b, z), f"places?{q}")
        )
        cases.append(
            (f"ties z{zoom}", lambda b=box, z=zoom: wv.ties_view(world, b, z), f"ties?{q}")
        )
    cases += [
        ("ties z2 countries", lambda: wv.ties_view(world, wv.WORLD, 2, "countries"),
         "ties?zoom=2&level=countries"),
        ("countries", lambda: wg.country_graph(world, 600), "countries"),
        (f"country {top_country}", lambda: wg.country_cities(world, top_country),
         f"countries/{top_country}"),
        (f"ego #{hub_id}", lambda: wg.ego(world, hub_id), f"places/{hub_id}/ego"),
        ("search 'san'", lambda: wg.search(world, "san"), "search?q=san"),
        ("summary", lambda: wv.summary(world), ""),
    ]  # fmt: skip

    settings = Settings(data_dir=Path(tempfile.gettempdir()), secret_key="bench", database_url=None)
    app = create_app(settings, registry)
    with registry.session() as session:
        if accounts.get_user(session, USER) is None:
            accounts.add_user(session, USER, "bench-world-password-1", "viewer")
    with registry.session() as session:
        user = accounts.get_user(session, USER)
        assert user is not None
        _, token = accounts.make_token(session, user, "benchmark")
    headers = {"Authorization": f"Bearer {token}"}
    table = Table(title=f"world views ({runs} runs, median)")
    for col in ("view", "query ms", "items", "API route", "API ms", "JSON KB"):
        table.add_column(col, justify="left" if col in ("view", "API route") else "right")
    table.add_row("read into arrays (cold)", f"{statistics.median(cold) * 1000:.0f}",
                  f"{len(world.ids) + len(world.tie_ids):,}", "", "", "")  # fmt: skip
    with TestClient(app) as client:
        for name, fn, path in cases:
            ms, result = timed(fn, runs)
            url = f"/api/v1/datasets/{key}" + (f"/{path}" if path else "")

            def call(u: str = url) -> Any:
                response = client.get(u, headers=headers)
                assert response.status_code == 200, response.text
                return response

            api_ms, response = timed(call, runs)
            route = url.removeprefix(f"/api/v1/datasets/{key}") or "/"
            table.add_row(name, f"{ms:.1f}", _items(result), route, f"{api_ms:.1f}",
                          f"{len(response.content) / 1024:.1f}")  # fmt: skip
    with registry.session() as session:
        found = accounts.get_user(session, USER)
        if found is not None:
            session.delete(found)
    console.print(table)


def _items(result: Any) -> str:
    if isinstance(result, wv.PlacesView):
        return f"{len(result.clusters)} cl + {len(result.places)} pl (+{result.more})"
    if isinstance(result, wv.TiesView):
        return f"{len(result.bundles)} bu + {len(result.ties)} ti (+{result.more})"
    if isinstance(result, wg.CountryGraph):
        return f"{len(result.countries)} co, {len(result.edges)} ed"
    if isinstance(result, wg.CountryCities):
        return f"{len(result.cities)} ci, {len(result.domestic) + len(result.abroad)} ed"
    if isinstance(result, wg.Ego):
        return f"{len(result.partners)} pa, {len(result.ties)} ti"
    if isinstance(result, list):
        return str(len(result))
    return ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="a registry (SQLite path or SQLAlchemy URL) with a dataset")
    parser.add_argument("--dataset", help="the dataset's key (default: the first)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    console = Console(width=130)
    views_cache.clear()
    if args.db:
        url = args.db if "://" in args.db else sqlite_url(Path(args.db))
        registry = open_registry(url)
        with registry.session() as session:
            keys = [d.key for d in list_datasets(session)]
        if not keys:
            sys.exit(f"{args.db}: no dataset (citydip import-pairs ...)")
        run(registry, args.dataset or keys[0], args.runs, console)
        registry.close()
        return
    with tempfile.TemporaryDirectory() as tmp:
        registry = open_registry(sqlite_url(Path(tmp) / "world.db"))
        t0 = time.perf_counter()
        generate_world(registry.engine)
        console.print(
            f"generated 18,000 places and 26,000 ties in {time.perf_counter() - t0:.1f} s"
        )
        run(registry, KEY, args.runs, console)
        registry.close()


if __name__ == "__main__":
    main()
