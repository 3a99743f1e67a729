"""`citydip import-pairs`: a CSV of tie pairs (city, country, city, country) as a dataset.

The file is streamed row by row (see pairs_reader); each distinct (city, country label) is
resolved once through a resolver (the world gazetteer unless one is given). Rows naming the
same two places — again, or the other way round — become one tie; a row whose two sides are
one place is dropped. Then one transaction writes the Dataset row, the places the registry
lacks (a place with the same GeoNames id, or the same key and country, is reused), their
names, the ties and the names that did not resolve to exactly one place.

The ties live in dataset_ties, never in relationships: no listing, count or analysis of the
registry's reviewed records sees them (see store/datasets.py).
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Protocol

from sqlalchemy import Table, delete, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from citydip.errors import InputError
from citydip.exchange.pairs_reader import PairsReader, parse_columns
from citydip.store.datasets import Dataset, DatasetName, DatasetTie, find_dataset
from citydip.store.engine import Registry
from citydip.store.names import norm_name, place_key, slug
from citydip.store.places import Place, PlaceName
from citydip.taxonomy import load_taxonomy

log = logging.getLogger(__name__)

_PLACES: Table = Place.__table__  # type: ignore[assignment]
_NAMES: Table = PlaceName.__table__  # type: ignore[assignment]
_DATASETS: Table = Dataset.__table__  # type: ignore[assignment]
_TIES: Table = DatasetTie.__table__  # type: ignore[assignment]
_DNAMES: Table = DatasetName.__table__  # type: ignore[assignment]

STATUSES = ("resolved", "ambiguous", "unresolved", "unknown_country")
PROGRESS_EVERY = 2000  # rows between progress calls
KEEP_LINES = 1000  # line numbers of empty names kept for the report
_CHUNK = 500  # ids per IN (...) look-up
_BATCH = 5000  # rows per INSERT


class CandidateLike(Protocol):
    @property
    def key(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def country(self) -> str: ...
    @property
    def lat(self) -> float: ...
    @property
    def lon(self) -> float: ...
    @property
    def geonames_id(self) -> int: ...


class ResolutionLike(Protocol):
    @property
    def status(self) -> str: ...
    @property
    def place(self) -> CandidateLike | None: ...
    @property
    def country(self) -> str | None: ...
    @property
    def candidates(self) -> tuple[CandidateLike, ...]: ...


class Resolver(Protocol):
    """Anything that resolves a (city, country label): citydip.gazetteer.world's gazetteer."""

    def resolve(self, city: str, country_label: str) -> ResolutionLike: ...


ProgressFn = Callable[[int, int, int | None], None]  # rows read, bytes read, file size


@dataclass(frozen=True, slots=True)
class NameProblem:
    """A (city, country label) that did not resolve to exactly one place."""

    city: str
    label: str
    status: str  # ambiguous | unresolved | unknown_country
    country: str | None
    rows: int  # source rows naming it
    line: int  # the first line naming it
    guess: str | None = None  # for ambiguous: the best guess, "Name (CC)"
    candidates: tuple[dict[str, Any], ...] = ()


@dataclass
class PairsReport:
    """What an import read, merged, resolved and wrote."""

    key: str
    source: str
    tie_type: str
    dataset_id: int | None = None
    encoding: str = "utf-8"
    rows: int = 0  # data rows read (blank lines not counted)
    ties: int = 0  # pairs kept, one tie each
    duplicates: int = 0  # rows merged into a tie read the same way round before
    mirrors: int = 0  # rows merged into a tie read the other way round (B–A after A–B)
    self_ties: int = 0  # rows whose two sides are one place, dropped
    unresolved_rows: int = 0  # rows with a side that did not resolve to one place, dropped
    empty_rows: int = 0  # rows with an empty city name, dropped
    empty_lines: list[int] = field(default_factory=list)  # their lines (the first 1,000)
    names: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUSES, 0))
    mentions: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUSES, 0))
    problems: list[NameProblem] = field(default_factory=list)  # most rows first
    places_created: int = 0
    places_reused: int = 0
    read_seconds: float = 0.0  # reading and resolving
    write_seconds: float = 0.0
    replaced: bool = False

    @property
    def distinct_names(self) -> int:
        return sum(self.names.values())

    @property
    def name_rate(self) -> float:
        """Resolved share of the distinct (city, country label) names."""
        return self.names["resolved"] / self.distinct_names if self.distinct_names else 0.0

    @property
    def mention_rate(self) -> float:
        """Resolved share of the non-empty city cells (a name counted each time it occurs)."""
        total = sum(self.mentions.values())
        return self.mentions["resolved"] / total if total else 0.0

    @property
    def seconds(self) -> float:
        return self.read_seconds + self.write_seconds

    def summary(self) -> dict[str, Any]:
        """The figures, without the lists of names (what Dataset.report keeps)."""
        return {
            "rows": self.rows,
            "ties": self.ties,
            "duplicates": self.duplicates,
            "mirrors": self.mirrors,
            "self_ties": self.self_ties,
            "unresolved_rows": self.unresolved_rows,
            "empty_rows": self.empty_rows,
            "distinct_names": self.distinct_names,
            "names": dict(self.names),
            "mentions": dict(self.mentions),
            "name_rate": round(self.name_rate, 6),
            "mention_rate": round(self.mention_rate, 6),
            "places_created": self.places_created,
            "places_reused": self.places_reused,
            "encoding": self.encoding,
            "seconds": round(self.seconds, 3),
        }


# -- reading and resolving ------------------------------------------------------------------


@dataclass
class _Name:
    status: str
    cand: int  # index into _Read.cands; -1 for none
    country: str | None
    guess: CandidateLike | None
    options: tuple[CandidateLike, ...]
    rows: int = 0
    line: int = 0


@dataclass
class _Read:
    """What streaming the file gave: names, candidates and ordered pair counts."""

    names: dict[tuple[str, str], _Name] = field(default_factory=dict)
    cands: list[CandidateLike] = field(default_factory=list)
    cand_ids: dict[str, int] = field(default_factory=dict)
    written: dict[int, set[str]] = field(default_factory=dict)  # cand → the names written
    pairs: dict[tuple[int, int], list[int]] = field(default_factory=dict)  # → [rows, line]


def _candidate_id(read: _Read, cand: CandidateLike) -> int:
    cid = read.cand_ids.get(cand.key)
    if cid is None:
        cid = read.cand_ids[cand.key] = len(read.cands)
        read.cands.append(cand)
        read.written[cid] = set()
    return cid


def _name(read: _Read, resolver: Resolver, city: str, label: str) -> _Name:
    found = read.names.get((city, label))
    if found is None:
        res = resolver.resolve(city, label)
        if res.status not in STATUSES:
            raise ValueError(f"resolver returned status {res.status!r} for {city!r}")
        cid = -1
        if res.status == "resolved" and res.place is not None:
            cid = _candidate_id(read, res.place)
            read.written[cid].add(city)
        status = res.status if res.status != "resolved" or cid >= 0 else "unresolved"
        found = read.names[(city, label)] = _Name(
            status, cid, res.country, res.place, tuple(res.candidates)
        )
    return found


def _read(
    reader: PairsReader,
    resolver: Resolver,
    report: PairsReport,
    total: int | None,
    on_progress: ProgressFn | None,
) -> _Read:
    read = _Read()
    pairs = read.pairs
    for row in reader:
        report.rows += 1
        if on_progress and report.rows % PROGRESS_EVERY == 0:
            on_progress(report.rows, reader.bytes_read, total)
        if not row.city1 or not row.city2:
            report.empty_rows += 1
            if len(report.empty_lines) < KEEP_LINES:
                report.empty_lines.append(row.line)
        sides = []
        for city, label in ((row.city1, row.country1), (row.city2, row.country2)):
            if not city:
                continue
            name = _name(read, resolver, city, label)
            if name.rows == 0:
                name.line = row.line
            name.rows += 1
            report.mentions[name.status] += 1
            sides.append(name.cand)
        if len(sides) < 2:
            continue
        a, b = sides
        if a < 0 or b < 0:
            report.unresolved_rows += 1
            continue
        seen = pairs.get((a, b))
        if seen is None:
            pairs[(a, b)] = [1, row.line]
        else:
            seen[0] += 1
    report.encoding = reader.encoding
    if on_progress:
        on_progress(report.rows, reader.bytes_read, total)
    for name in read.names.values():
        report.names[name.status] += 1
    return read


# -- places ---------------------------------------------------------------------------------


def _level(cand: CandidateLike) -> str:
    return str(getattr(cand, "level", "city") or "city")


def _chunks(items: list[Any], n: int = _CHUNK) -> Iterable[list[Any]]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


def _place_ids(
    session: Session, read: _Read, used: list[int], stamp: dict[str, Any], report: PairsReport
) -> dict[int, int]:
    """Candidate → place id for the candidates in `used` (first-seen order): an existing
    place with the same GeoNames id, else one with the same key and country (unless it is
    another GeoNames place), else a new place."""
    cands = [read.cands[c] for c in used]
    gids = sorted({c.geonames_id for c in cands if c.geonames_id})
    by_gid: dict[int, int] = {}
    for chunk in _chunks(gids):
        found = session.execute(
            select(Place.geonames_id, Place.id)
            .where(Place.geonames_id.in_(chunk))
            .order_by(Place.id.desc())
        )
        by_gid.update(
            (g, i) for g, i in found if g is not None
        )  # several: the oldest (lowest id) wins
    bases = {
        c: place_key(read.cands[c].name, read.cands[c].country, _level(read.cands[c])) for c in used
    }
    wanted = sorted({k for c, b in bases.items() for k in (b, f"{b}-{read.cands[c].geonames_id}")})
    by_key: dict[str, tuple[int, str | None, int | None]] = {}
    for chunk in _chunks(wanted):
        for key, pid, country, gid in session.execute(
            select(Place.key, Place.id, Place.country, Place.geonames_id).where(
                Place.key.in_(chunk)
            )
        ):
            by_key[key] = (pid, country, gid)

    out: dict[int, int] = {}
    new: dict[str, int] = {}  # key of a place to create → its candidate
    rows: list[dict[str, Any]] = []
    for cid in used:
        cand = read.cands[cid]
        gid = cand.geonames_id or None
        if gid is not None and gid in by_gid:
            out[cid] = by_gid[gid]
            continue
        reuse, key = _reuse_or_key(session, bases[cid], cand, by_key, new)
        if reuse is not None:
            out[cid] = reuse
            continue
        new[key] = cid
        rows.append(
            {
                "key": key,
                "name": cand.name,
                "country": cand.country,
                "level": _level(cand),
                "lat": cand.lat,
                "lon": cand.lon,
                "geonames_id": gid,
                **stamp,
            }
        )
    report.places_reused = len(out)
    report.places_created = len(rows)
    for batch in _chunks(rows, _BATCH):
        session.execute(insert(_PLACES), batch)
    keys = list(new)
    for chunk in _chunks(keys):
        for key, pid in session.execute(select(Place.key, Place.id).where(Place.key.in_(chunk))):
            out[new[key]] = pid
    names: list[dict[str, Any]] = []
    for cid in new.values():
        seen: set[str] = set()
        for written in (read.cands[cid].name, *sorted(read.written[cid])):
            norm = norm_name(written)
            if norm and norm not in seen:
                seen.add(norm)
                names.append({"place_id": out[cid], "name": written, "norm": norm})
    for batch in _chunks(names, _BATCH):
        session.execute(insert(_NAMES), batch)
    return out


def _reuse_or_key(
    session: Session,
    base: str,
    cand: CandidateLike,
    by_key: dict[str, tuple[int, str | None, int | None]],
    new: dict[str, int],
) -> tuple[int | None, str]:
    """(the id of the place with key `base` to reuse, base) or (None, the key for a new
    place): `base`, else `base-<geonames id>` when another place has it, else `base-2`, ..."""
    gid = cand.geonames_id or None
    looked_up = [base, f"{base}-{gid}"] if gid is not None else [base]
    for n in itertools.count(1):
        key = looked_up[n - 1] if n <= len(looked_up) else f"{base}-{n}"
        if n > len(looked_up) and key not in by_key:  # not looked up with the others: rare
            row = session.execute(
                select(Place.id, Place.country, Place.geonames_id).where(Place.key == key)
            ).first()
            if row is not None:
                by_key[key] = (row[0], row[1], row[2])
        if key in by_key:
            pid, country, other = by_key[key]
            if key == base and country == cand.country and other in (None, gid):
                return pid, key
        elif key not in new:
            return None, key
    raise AssertionError("unreachable")


# -- merging and writing --------------------------------------------------------------------


def _merge(
    read: _Read, place_of: dict[int, int], report: PairsReport
) -> dict[tuple[int, int], list[int]]:
    """Ordered candidate pairs → undirected place ties {(a_id < b_id): [rows, first line]},
    counting duplicates, mirrors and self-ties (two candidates may be one place)."""
    ties: dict[tuple[int, int], list[int]] = {}  # → [rows, line, first a_id]
    for (ca, cb), (rows, line) in sorted(read.pairs.items(), key=lambda kv: kv[1][1]):
        if ca == cb:  # the resolver gave one place for both (two districts of a city)
            report.self_ties += rows
            continue
        pa, pb = place_of[ca], place_of[cb]
        if pa == pb:  # two places to the resolver, one in the registry
            report.self_ties += rows
            continue
        key = (pa, pb) if pa < pb else (pb, pa)
        tie = ties.get(key)
        if tie is None:
            ties[key] = [rows, line, pa]
            report.duplicates += rows - 1
        else:
            tie[0] += rows
            if tie[2] == pa:
                report.duplicates += rows
            else:
                report.mirrors += rows
    report.ties = len(ties)
    return ties


def _candidate_json(c: CandidateLike) -> dict[str, Any]:
    return {
        "key": c.key,
        "name": c.name,
        "country": c.country,
        "admin1": getattr(c, "admin1", None),
        "population": getattr(c, "population", None),
        "lat": c.lat,
        "lon": c.lon,
        "geonames_id": c.geonames_id or None,
    }


def _problems(read: _Read) -> list[tuple[tuple[str, str], _Name]]:
    bad = [(k, n) for k, n in read.names.items() if n.status != "resolved"]
    bad.sort(key=lambda kn: (-kn[1].rows, kn[1].line))
    return bad


def _write(
    session: Session,
    read: _Read,
    report: PairsReport,
    dataset: dict[str, Any],
    stamp: dict[str, Any],
    replace: bool,
) -> None:
    old = find_dataset(session, report.key)
    if old is not None:
        if not replace:
            raise InputError(
                f"a dataset {report.key!r} is already imported ({old.rows:,} rows, "
                f"{old.imported_at:%Y-%m-%d %H:%M}); give --replace to import it again, "
                "or another --key"
            )
        for table in (_TIES, _DNAMES):
            session.execute(delete(table).where(table.c.dataset_id == old.id))
        session.execute(delete(_DATASETS).where(_DATASETS.c.id == old.id))
        session.expunge(old)
        report.replaced = True
    used = sorted({c for a, b in read.pairs if a != b for c in (a, b)})
    place_of = _place_ids(session, read, used, stamp, report)
    ties = _merge(read, place_of, report)
    dataset_id = session.execute(
        insert(_DATASETS).returning(_DATASETS.c.id), [{**dataset, "report": report.summary()}]
    ).scalar_one()
    report.dataset_id = dataset_id
    tie_rows = [
        {
            "dataset_id": dataset_id,
            "a_id": a,
            "b_id": b,
            "type": report.tie_type,
            "rows": rows,
            "line": line,
        }
        for (a, b), (rows, line, _first) in ties.items()
    ]
    for batch in _chunks(tie_rows, _BATCH):
        session.execute(insert(_TIES), batch)
    name_rows = []
    for (city, label), name in _problems(read):
        guess = name.guess
        gid = read.cand_ids.get(guess.key) if guess is not None else None
        name_rows.append(
            {
                "dataset_id": dataset_id,
                "city": city[:300],
                "country_label": label[:300],
                "country": name.country,
                "status": name.status,
                "place_id": place_of.get(gid) if gid is not None else None,
                "candidates": [_candidate_json(c) for c in name.options[:5]],
                "rows": name.rows,
                "line": name.line,
            }
        )
        report.problems.append(
            NameProblem(
                city,
                label,
                name.status,
                name.country,
                name.rows,
                name.line,
                f"{guess.name} ({guess.country})" if guess is not None else None,
                tuple(_candidate_json(c) for c in name.options[:5]),
            )
        )
    for batch in _chunks(name_rows, _BATCH):
        session.execute(insert(_DNAMES), batch)


# -- the entry point ------------------------------------------------------------------------


def default_key(path: Path | str) -> str:
    """A dataset key from a file name: twin_cities_raw.csv → twin-cities-raw."""
    return slug(Path(str(path)).stem)[:100]


def _default_resolver() -> Resolver:
    from citydip.gazetteer.world import load_world_gazetteer

    return load_world_gazetteer()


def import_pairs(
    registry: Registry,
    path: Path | str | BinaryIO,
    columns: str | Mapping[str, str],
    *,
    tie_type: str = "sister",
    key: str | None = None,
    name: str | None = None,
    licence: str | None = None,
    resolver: Resolver | None = None,
    user: str | None = None,
    on_progress: ProgressFn | None = None,
    replace: bool = False,
) -> PairsReport:
    """Import a CSV of tie pairs as the dataset `key` (default: from the file name).

    `path` is a file, or an open binary stream (read as a stream, never whole). Bad input
    raises InputError naming the file, line and column, and nothing is written.
    """
    started = time.perf_counter()
    load_taxonomy().check("relationship_types", tie_type)
    mapping = parse_columns(columns)
    if isinstance(path, Path | str):
        source = str(path)
        p = Path(path)
        if p.is_dir():
            raise InputError("is a folder, not a CSV file", file=source)
        try:
            stream: BinaryIO = p.open("rb")
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror}", file=source) from None
        total: int | None = p.stat().st_size
    else:
        stream, source, total = path, str(getattr(path, "name", "<stream>")), None
    key = key or default_key(source)
    report = PairsReport(key=key, source=source, tie_type=tie_type)
    with registry.session() as session:  # fail before reading 2 GB, not after
        if not replace and find_dataset(session, key) is not None:
            raise InputError(
                f"a dataset {key!r} is already imported; give --replace to import it "
                "again, or another --key"
            )
    try:
        reader = PairsReader(stream, source, mapping)
        read = _read(reader, resolver or _default_resolver(), report, total, on_progress)
    finally:
        if isinstance(path, Path | str):
            stream.close()
    report.read_seconds = time.perf_counter() - started
    written = time.perf_counter()
    now = dt.datetime.now(dt.UTC)
    stamp = {
        "review_state": "proposed",
        "created_by": user,
        "created_at": now,
        "updated_by": None,
        "updated_at": None,
    }
    dataset = {
        "key": key,
        "name": name or Path(source).name,
        "source": source[:1000],
        "licence": licence,
        "tie_type": tie_type,
        "rows": report.rows,
        "imported_at": now,
        "imported_by": user,
    }
    try:
        with registry.session() as session:
            _write(session, read, report, dataset, stamp, replace)
            report.write_seconds = time.perf_counter() - written
            session.execute(
                _DATASETS.update()
                .where(_DATASETS.c.id == report.dataset_id)
                .values(report=report.summary())
            )
    except IntegrityError as exc:  # another writer took the key (or a place key) meanwhile
        log.debug("database refused dataset %s", key, exc_info=True)
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        raise InputError(f"the database refused the import: {reason}", file=source) from None
    log.info(
        "imported %s: %d rows, %d ties, %.1f%% of mentions resolved",
        key,
        report.rows,
        report.ties,
        100 * report.mention_rate,
    )
    return report
