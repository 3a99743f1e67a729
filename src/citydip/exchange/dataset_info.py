"""What `citydip datasets` shows of the imported pair datasets, and deleting one."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, delete, func, select, union
from sqlalchemy.orm import Session

from citydip.errors import NotFoundError
from citydip.exchange.pairs import NameProblem
from citydip.store.datasets import Dataset, DatasetName, DatasetTie, find_dataset, list_datasets
from citydip.store.engine import Registry
from citydip.store.places import Place

_DATASETS: Table = Dataset.__table__  # type: ignore[assignment]
_TIES: Table = DatasetTie.__table__  # type: ignore[assignment]
_DNAMES: Table = DatasetName.__table__  # type: ignore[assignment]


@dataclass(frozen=True, slots=True)
class DatasetInfo:
    key: str
    name: str
    source: str
    licence: str | None
    tie_type: str
    rows: int
    ties: int
    places: int
    names: int  # names kept as unresolved, ambiguous or of an unknown country
    mention_rate: float | None  # from the import's report
    name_rate: float | None
    imported_at: dt.datetime
    imported_by: str | None
    report: dict[str, Any]


def _info(session: Session, d: Dataset) -> DatasetInfo:
    ties = session.scalar(select(func.count()).where(_TIES.c.dataset_id == d.id)) or 0
    ends = union(
        select(_TIES.c.a_id.label("p")).where(_TIES.c.dataset_id == d.id),
        select(_TIES.c.b_id.label("p")).where(_TIES.c.dataset_id == d.id),
    ).subquery()
    places = session.scalar(select(func.count()).select_from(ends)) or 0
    names = session.scalar(select(func.count()).where(_DNAMES.c.dataset_id == d.id)) or 0
    report = dict(d.report or {})
    return DatasetInfo(
        d.key,
        d.name,
        d.source,
        d.licence,
        d.tie_type,
        d.rows,
        ties,
        places,
        names,
        report.get("mention_rate"),
        report.get("name_rate"),
        d.imported_at,
        d.imported_by,
        report,
    )


def describe_datasets(session: Session) -> list[DatasetInfo]:
    """Every dataset, by key, with its counts."""
    return [_info(session, d) for d in list_datasets(session)]


def describe_dataset(session: Session, key: str) -> DatasetInfo:
    found = find_dataset(session, key)
    if found is None:
        raise NotFoundError(f"no dataset {key!r}; see citydip datasets")
    return _info(session, found)


def dataset_names(session: Session, key: str) -> list[NameProblem]:
    """The names of a dataset that did not resolve to one place, most rows first; the guess
    is the place the registry has for the best guess, else the first candidate."""
    found = find_dataset(session, key)
    if found is None:
        raise NotFoundError(f"no dataset {key!r}; see citydip datasets")
    rows = list(
        session.scalars(
            select(DatasetName)
            .where(DatasetName.dataset_id == found.id)
            .order_by(DatasetName.rows.desc(), DatasetName.line, DatasetName.id)
        )
    )
    ids = sorted({n.place_id for n in rows if n.place_id is not None})
    labels = {
        pid: f"{name} ({cc})"
        for pid, name, cc in session.execute(
            select(Place.id, Place.name, Place.country).where(Place.id.in_(ids))
        )
    }
    out = []
    for n in rows:
        cands = tuple(n.candidates or ())
        guess = labels.get(n.place_id) if n.place_id is not None else None
        if guess is None and n.status == "ambiguous" and cands:
            guess = f"{cands[0]['name']} ({cands[0]['country']})"
        out.append(
            NameProblem(n.city, n.country_label, n.status, n.country, n.rows, n.line, guess, cands)
        )
    return out


def delete_dataset(registry: Registry, key: str) -> DatasetInfo:
    """Delete a dataset, its ties and its names. The places stay: the registry's records
    or other datasets may name them."""
    with registry.session() as session:
        found = find_dataset(session, key)
        if found is None:
            raise NotFoundError(f"no dataset {key!r}; see citydip datasets")
        info = _info(session, found)
        for table in (_TIES, _DNAMES):
            session.execute(delete(table).where(table.c.dataset_id == found.id))
        session.execute(delete(_DATASETS).where(_DATASETS.c.id == found.id))
        session.expunge(found)
        return info
