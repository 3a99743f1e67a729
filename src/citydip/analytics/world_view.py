"""What the world views draw of an imported dataset (`store.datasets`): its places with
their degree, its ties at the level of detail of a map's zoom, the ego network of one
place, the country graph and one country's cities.

A dataset is read once into arrays (`load`, kept in the views' cache until the registry
changes): 18,000 places and 26,000 ties are a few hundred kilobytes, and every view below
is then a pass over arrays, not a query.

Level of detail on the map is a grid in Web Mercator: at zoom z a cell is CELL_PX pixels
of a 256-pixel tile, so the world has 2^z * 256 / CELL_PX cells a side and a viewport
about 20 x 14 whatever the zoom. A cluster is a cell's places (at its mean position,
named by its best-connected place); a bundle is the ties between two cells. From
DETAIL_ZOOM on, or when few enough ties touch the viewport, the ties are drawn one by one.
"""

from __future__ import annotations

import math
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import select, union
from sqlalchemy.orm import Session

from citydip.analytics.cache import views_cache
from citydip.analytics.world import DatasetRef
from citydip.errors import InputError, NotFoundError
from citydip.store.datasets import Dataset, DatasetTie, find_dataset
from citydip.store.places import Place

CELL_PX = 64
MAX_ZOOM = 18
DETAIL_ZOOM = 7  # from here on, ties one by one
POINT_ZOOM = 10  # from here on, places one by one
MAX_ITEMS = 3000  # clusters or places in one answer
MAX_BUNDLES = 1500
MAX_TIES = 1500
MAX_LAT = 85.0511  # Web Mercator's edge
Level = Literal["auto", "cells", "countries", "ties"]
BBox = tuple[float, float, float, float]  # west, south, east, north (degrees)
WORLD: BBox = (-180.0, -90.0, 180.0, 90.0)


@dataclass(frozen=True)
class WorldPlace:
    id: int
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    degree: int  # ties of the dataset it is in


@dataclass(frozen=True)
class Cluster:
    lat: float
    lon: float
    n: int  # places in the cell
    ties: int  # ties of those places (a tie inside the cell counts twice)
    top: WorldPlace  # the cell's best-connected place


@dataclass(frozen=True)
class PlacesView:
    zoom: int
    clusters: list[Cluster]  # cells of two or more places
    places: list[WorldPlace]  # places alone in their cell (all of them from POINT_ZOOM on)
    total: int  # places in the viewport
    more: int  # clusters and places left out (over MAX_ITEMS)
    unplaced: int  # places of the dataset without coordinates (on no map)


@dataclass(frozen=True)
class Bundle:
    a: tuple[float, float]  # (lat, lon) of each end's cluster or country
    b: tuple[float, float]
    n: int  # ties between them
    a_key: str  # the cell ("z/x/y") or the country code
    b_key: str


@dataclass(frozen=True)
class TieLine:
    id: int
    a: WorldPlace
    b: WorldPlace
    rows: int  # source rows merged into the tie


@dataclass(frozen=True)
class TiesView:
    zoom: int
    level: Literal["cells", "countries", "ties"]
    bundles: list[Bundle]
    ties: list[TieLine]
    total: int  # ties touching the viewport (both ends placed)
    more: int  # bundles or ties left out (over the cap), the best-connected kept


@dataclass(frozen=True)
class Country:
    code: str
    places: int
    ties: int  # ties with at least one end in the country
    domestic: int  # ties with both
    lat: float | None
    lon: float | None


@dataclass(frozen=True)
class Summary:
    key: str
    name: str
    source: str
    licence: str | None
    tie_type: str
    places: int
    placed: int  # with coordinates
    ties: int
    countries: int
    top: list[WorldPlace]


@dataclass
class _Grid:
    """The clusters of one zoom level: a cell per placed place, and per cell its figures."""

    cell: NDArray[np.int64]  # per place (-1: unplaced)
    keys: NDArray[np.int64]  # per cluster
    lat: NDArray[np.float64]
    lon: NDArray[np.float64]
    n: NDArray[np.int64]
    ties: NDArray[np.int64]
    top: NDArray[np.int64]  # place index
    pairs: tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]  # cluster a, b, n


@dataclass
class World:
    """One dataset as arrays; places by index (0..n-1), ties as index pairs."""

    dataset: DatasetRef
    ids: NDArray[np.int64]
    names: list[str]
    countries: list[str | None]
    lat: NDArray[np.float64]  # NaN where unknown
    lon: NDArray[np.float64]
    degree: NDArray[np.int64]
    tie_ids: NDArray[np.int64]
    a: NDArray[np.int64]
    b: NDArray[np.int64]
    rows: NDArray[np.int64]
    index: dict[int, int]
    adjacency: list[list[int]]
    grids: dict[int, _Grid] = field(default_factory=dict)
    countries_memo: list[Country] | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def place(self, i: int) -> WorldPlace:
        lat, lon = float(self.lat[i]), float(self.lon[i])
        placed = not math.isnan(lat)
        return WorldPlace(
            int(self.ids[i]),
            self.names[i],
            self.countries[i],
            lat if placed else None,
            lon if placed else None,
            int(self.degree[i]),
        )


def dataset_or_404(session: Session, key: str) -> Dataset:
    found = find_dataset(session, key)
    if found is None:
        raise NotFoundError(f"no dataset {key!r} (see citydip import-pairs)")
    return found


def read_world(session: Session, dataset: Dataset) -> World:
    """The dataset's ties and the places they join, as arrays (two queries)."""
    ties = session.execute(
        select(DatasetTie.id, DatasetTie.a_id, DatasetTie.b_id, DatasetTie.rows)
        .where(DatasetTie.dataset_id == dataset.id)
        .order_by(DatasetTie.id)
    ).all()
    ends = union(
        select(DatasetTie.a_id).where(DatasetTie.dataset_id == dataset.id),
        select(DatasetTie.b_id).where(DatasetTie.dataset_id == dataset.id),
    ).subquery()
    places = session.execute(
        select(Place.id, Place.name, Place.country, Place.lat, Place.lon)
        .where(Place.id.in_(select(ends.c[0])))
        .order_by(Place.id)
    ).all()
    index = {p.id: i for i, p in enumerate(places)}
    a = np.array([index[t.a_id] for t in ties], dtype=np.int64)
    b = np.array([index[t.b_id] for t in ties], dtype=np.int64)
    n = len(places)
    adjacency: list[list[int]] = [[] for _ in range(n)]
    for i, j in zip(a.tolist(), b.tolist(), strict=True):
        adjacency[i].append(j)
        adjacency[j].append(i)
    nan = float("nan")
    return World(
        dataset=DatasetRef.of(dataset),
        ids=np.array([p.id for p in places], dtype=np.int64),
        names=[p.name for p in places],
        countries=[p.country for p in places],
        lat=np.array([nan if p.lat is None else p.lat for p in places], dtype=np.float64),
        lon=np.array([nan if p.lon is None else p.lon for p in places], dtype=np.float64),
        degree=np.bincount(np.concatenate([a, b]), minlength=n).astype(np.int64),
        tie_ids=np.array([t.id for t in ties], dtype=np.int64),
        a=a,
        b=b,
        rows=np.array([t.rows for t in ties], dtype=np.int64),
        index=index,
        adjacency=adjacency,
    )


def load(session: Session, key: str) -> World:
    """The dataset `key` as arrays, from the views' cache while the registry is unchanged."""
    dataset = dataset_or_404(session, key)
    return views_cache.get(session, ("world", dataset.id), lambda s: read_world(s, dataset))


# -- the map ---------------------------------------------------------------------------------
def check_bbox(bbox: BBox) -> BBox:
    west, south, east, north = bbox
    if not all(math.isfinite(v) for v in bbox):
        raise InputError("bbox: four finite numbers west,south,east,north", field="bbox")
    if south > north or west > east:
        raise InputError("bbox: west <= east and south <= north", field="bbox")
    return bbox


def _lon_in(lon: NDArray[np.float64], west: float, east: float) -> NDArray[np.bool_]:
    """Longitudes inside [west, east], a window that may reach past ±180 (a panned map)."""
    if east - west >= 360:
        return ~np.isnan(lon)
    w = (west + 180) % 360 - 180
    e = w + (east - west)
    inside = (lon >= w) & (lon <= e)
    return inside | (lon + 360 <= e) if e > 180 else inside


def in_bbox(lat: NDArray[np.float64], lon: NDArray[np.float64], bbox: BBox) -> NDArray[np.bool_]:
    west, south, east, north = bbox
    return _lon_in(lon, west, east) & (lat >= south) & (lat <= north)


def cells_of(lat: NDArray[np.float64], lon: NDArray[np.float64], zoom: int) -> NDArray[np.int64]:
    """The grid cell of each point at `zoom` as y * side + x (-1 where unknown)."""
    side = (256 << zoom) // CELL_PX
    placed = ~np.isnan(lat)
    phi = np.radians(np.clip(np.where(placed, lat, 0.0), -MAX_LAT, MAX_LAT))
    x = (np.where(placed, lon, 0.0) + 180.0) / 360.0
    y = (1.0 - np.log(np.tan(phi) + 1.0 / np.cos(phi)) / math.pi) / 2.0
    ix = np.clip((x * side).astype(np.int64), 0, side - 1)
    iy = np.clip((y * side).astype(np.int64), 0, side - 1)
    return np.where(placed, iy * side + ix, -1)


def _grid(world: World, zoom: int) -> _Grid:
    found = world.grids.get(zoom)
    if found is not None:
        return found
    cell = cells_of(world.lat, world.lon, zoom)
    placed = np.flatnonzero(cell >= 0)
    order = placed[np.lexsort((-world.degree[placed], cell[placed]))]
    keys, first, counts = np.unique(cell[order], return_index=True, return_counts=True)
    starts = first
    grid = _Grid(
        cell=cell,
        keys=keys,
        lat=np.add.reduceat(world.lat[order], starts) / counts if len(order) else np.zeros(0),
        lon=np.add.reduceat(world.lon[order], starts) / counts if len(order) else np.zeros(0),
        n=counts.astype(np.int64),
        ties=np.add.reduceat(world.degree[order], starts) if len(order) else np.zeros(0, np.int64),
        top=order[first],
        pairs=_pairs(world, cell, keys),
    )
    with world.lock:
        world.grids[zoom] = grid
    return grid


def _pairs(
    world: World, cell: NDArray[np.int64], keys: NDArray[np.int64]
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
    """The ties between two cells, as (cluster a, cluster b, ties), most ties first."""
    ca, cb = cell[world.a], cell[world.b]
    keep = (ca >= 0) & (cb >= 0) & (ca != cb)
    lo = np.searchsorted(keys, np.minimum(ca[keep], cb[keep]))
    hi = np.searchsorted(keys, np.maximum(ca[keep], cb[keep]))
    pair, n = np.unique(lo * len(keys) + hi, return_counts=True)
    order = np.argsort(-n, kind="stable")
    return pair[order] // max(len(keys), 1), pair[order] % max(len(keys), 1), n[order]


def _zoom(zoom: int) -> int:
    if not 0 <= zoom <= MAX_ZOOM:
        raise InputError(f"zoom: 0 to {MAX_ZOOM}", field="zoom")
    return zoom


def places_view(world: World, bbox: BBox = WORLD, zoom: int = 2) -> PlacesView:
    """The clusters and lone places of the viewport at `zoom`."""
    bbox, zoom = check_bbox(bbox), _zoom(zoom)
    grid = _grid(world, min(zoom, POINT_ZOOM))
    unplaced = int(np.isnan(world.lat).sum())
    total = int(in_bbox(world.lat, world.lon, bbox).sum())
    if zoom >= POINT_ZOOM:
        shown = np.flatnonzero(in_bbox(world.lat, world.lon, bbox))
        shown = shown[np.argsort(-world.degree[shown], kind="stable")]
        places = [world.place(int(i)) for i in shown[:MAX_ITEMS]]
        return PlacesView(zoom, [], places, total, max(0, len(shown) - MAX_ITEMS), unplaced)
    inside = np.flatnonzero(in_bbox(grid.lat, grid.lon, bbox))
    inside = inside[np.argsort(-grid.ties[inside], kind="stable")]
    kept = inside[:MAX_ITEMS]
    clusters = [
        Cluster(
            float(grid.lat[c]),
            float(grid.lon[c]),
            int(grid.n[c]),
            int(grid.ties[c]),
            world.place(int(grid.top[c])),
        )
        for c in kept
        if grid.n[c] > 1
    ]
    places = [world.place(int(grid.top[c])) for c in kept if grid.n[c] == 1]
    return PlacesView(zoom, clusters, places, total, len(inside) - len(kept), unplaced)


def ties_view(world: World, bbox: BBox = WORLD, zoom: int = 2, level: Level = "auto") -> TiesView:
    """The ties touching the viewport: bundled between cells or countries, or one by one."""
    bbox, zoom = check_bbox(bbox), _zoom(zoom)
    inside = in_bbox(world.lat, world.lon, bbox)
    placed = ~np.isnan(world.lat)
    touching = np.flatnonzero(
        (inside[world.a] | inside[world.b]) & placed[world.a] & placed[world.b]
    )
    if level == "auto":
        few = len(touching) <= MAX_TIES
        level = "ties" if zoom >= DETAIL_ZOOM or few else "cells"
    if level == "countries":
        return _country_bundles(world, touching, zoom)
    if level == "cells":
        return _cell_bundles(world, bbox, zoom, len(touching))
    order = touching[
        np.argsort(
            -(world.degree[world.a[touching]] + world.degree[world.b[touching]]), kind="stable"
        )
    ]
    lines = [
        TieLine(
            int(world.tie_ids[t]),
            world.place(int(world.a[t])),
            world.place(int(world.b[t])),
            int(world.rows[t]),
        )
        for t in order[:MAX_TIES]
    ]
    return TiesView(zoom, "ties", [], lines, len(touching), max(0, len(order) - MAX_TIES))


def _cell_bundles(world: World, bbox: BBox, zoom: int, total: int) -> TiesView:
    grid = _grid(world, min(zoom, POINT_ZOOM))
    side = (256 << min(zoom, POINT_ZOOM)) // CELL_PX
    pa, pb, pn = grid.pairs
    seen = in_bbox(grid.lat, grid.lon, bbox)
    keep = np.flatnonzero(seen[pa] | seen[pb])

    def key(c: int) -> str:
        return f"{zoom}/{grid.keys[c] % side}/{grid.keys[c] // side}"

    bundles = [
        Bundle(
            (float(grid.lat[pa[k]]), float(grid.lon[pa[k]])),
            (float(grid.lat[pb[k]]), float(grid.lon[pb[k]])),
            int(pn[k]),
            key(pa[k]),
            key(pb[k]),
        )
        for k in keep[:MAX_BUNDLES]
    ]
    return TiesView(zoom, "cells", bundles, [], total, max(0, len(keep) - MAX_BUNDLES))


def _country_bundles(world: World, touching: NDArray[np.int64], zoom: int) -> TiesView:
    where = {c.code: (c.lat, c.lon) for c in country_table(world)}
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for t in touching.tolist():
        ca, cb = world.countries[world.a[t]], world.countries[world.b[t]]
        if ca and cb and ca != cb:
            counts[(min(ca, cb), max(ca, cb))] += 1
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    bundles = [
        Bundle(where[a], where[b], n, a, b)  # type: ignore[arg-type]
        for (a, b), n in ranked[:MAX_BUNDLES]
        if where[a][0] is not None and where[b][0] is not None
    ]
    return TiesView(
        zoom, "countries", bundles, [], len(touching), max(0, len(ranked) - MAX_BUNDLES)
    )


@lru_cache(maxsize=1)
def _curated_countries() -> dict[str, dict[str, object]]:
    from citydip.gazetteer.sources import supplement

    data: dict[str, dict[str, object]] = supplement()["countries"]
    return data


@lru_cache(maxsize=1024)
def country_name(code: str, lang: str = "en") -> str:
    """A country's name in `lang` ("South Korea", "대한민국" for KR), else its code."""
    import pycountry

    curated = _curated_countries().get(code) or {}
    names = curated.get(lang)
    if lang != "en" and isinstance(names, list) and names:
        return str(names[0])
    if isinstance(curated.get("display"), str):
        return str(curated["display"])
    found = pycountry.countries.get(alpha_2=code)
    if found is None:
        return code
    return str(getattr(found, "common_name", None) or found.name)


# -- the countries ---------------------------------------------------------------------------
def country_table(world: World) -> list[Country]:
    """Every country of the dataset's places, most ties first (its places' mean position)."""
    if world.countries_memo is None:
        world.countries_memo = _country_table(world)
    return world.countries_memo


def _country_table(world: World) -> list[Country]:
    places: dict[str, list[int]] = defaultdict(list)
    for i, code in enumerate(world.countries):
        if code:
            places[code].append(i)
    ties: dict[str, int] = defaultdict(int)
    domestic: dict[str, int] = defaultdict(int)
    for i, j in zip(world.a.tolist(), world.b.tolist(), strict=True):
        ca, cb = world.countries[i], world.countries[j]
        for code in {ca, cb} - {None}:
            ties[code] += 1
        if ca and ca == cb:
            domestic[ca] += 1
    out = []
    for code, members in places.items():
        idx = np.array(members, dtype=np.int64)
        lat, lon = world.lat[idx], world.lon[idx]
        ok = ~np.isnan(lat)
        mean = (float(lat[ok].mean()), float(lon[ok].mean())) if ok.any() else (None, None)
        out.append(Country(code, len(members), ties[code], domestic[code], *mean))
    return sorted(out, key=lambda c: (-c.ties, c.code))


def summary(world: World, top: int = 10) -> Summary:
    d = world.dataset
    best = np.argsort(-world.degree, kind="stable")[:top]
    return Summary(
        key=d.key,
        name=d.name,
        source=d.source,
        licence=d.licence,
        tie_type=d.tie_type,
        places=len(world.ids),
        placed=int((~np.isnan(world.lat)).sum()),
        ties=len(world.tie_ids),
        countries=len({c for c in world.countries if c}),
        top=[world.place(int(i)) for i in best],
    )
