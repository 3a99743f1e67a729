"""Read functions shared by the CLI, the web pages and the API: one place for query logic."""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from citydip.errors import AmbiguousError, NotFoundError
from citydip.store.agreements import Agreement
from citydip.store.datasets import registry_places
from citydip.store.documents import Document, Evidence
from citydip.store.engagements import Engagement
from citydip.store.names import norm_name
from citydip.store.networks import Membership
from citydip.store.people import Person
from citydip.store.places import Place, PlaceName
from citydip.store.plans import Plan
from citydip.store.records import Record, RecordArea, RecordParty
from citydip.store.relationships import Relationship


def find_place(session: Session, text: str) -> Place:
    """A place by key ('tokyo-jp'), 'Name,CC' or a name or alias that only one place has."""
    text = text.strip()
    place = session.scalar(select(Place).where(Place.key == text))
    if place:
        return place
    name, _, country = text.partition(",")
    query = select(Place).join(PlaceName).where(PlaceName.norm == norm_name(name)).distinct()
    if country.strip():
        query = query.where(Place.country == country.split(",")[0].strip().upper())
    found = list(session.scalars(query))
    if not found:
        raise NotFoundError(f"no place called {text!r} (see `citydip places`)")
    exact = [p for p in found if norm_name(p.name) == norm_name(name)]
    if len(exact) == 1 or len(found) == 1:
        return (exact or found)[0]
    keys = ", ".join(sorted(p.key for p in found))
    raise AmbiguousError(f"{text!r} could be any of: {keys}; use one of these keys")


def _involving(query: Select[Any], place: Place) -> Select[Any]:
    parties = select(RecordParty.record_id).where(RecordParty.place_id == place.id)
    return query.where(
        or_(
            Record.id.in_(parties),
            Record.__table__.c.location_id == place.id,
            Record.__table__.c.member_id == place.id,
            Record.__table__.c.network_id == place.id,
        )
    )


def _filtered(
    model: type[Record],
    place: Place | None = None,
    type_: str | None = None,
    area: str | None = None,
    review: str | None = None,
) -> Select[Any]:
    query = select(model)
    if place is not None:
        query = _involving(query, place)
    if type_:
        query = query.where(Record.type == type_)
    if area:
        query = query.where(
            Record.id.in_(select(RecordArea.record_id).where(RecordArea.area == area))
        )
    if review:
        query = query.where(Record.review_state == review)
    return query


def list_places(
    session: Session, country: str | None = None, level: str | None = None
) -> list[Place]:
    query = select(Place).order_by(Place.country, Place.name)
    keep = registry_places(session)  # not the places only an imported dataset names
    if keep is not None:
        query = query.where(keep)
    if country:
        query = query.where(Place.country == country.upper())
    if level:
        query = query.where(Place.level == level)
    return list(session.scalars(query))


def list_ties(session: Session, **filters: Any) -> list[Relationship]:
    query = _filtered(Relationship, **filters).order_by(
        Relationship.since.is_(None), Relationship.since, Record.id
    )
    return list(session.scalars(query))


def list_agreements(session: Session, **filters: Any) -> list[Agreement]:
    query = _filtered(Agreement, **filters).order_by(
        Agreement.date.is_(None), Agreement.date, Record.id
    )
    return list(session.scalars(query))


def list_engagements(session: Session, **filters: Any) -> list[Engagement]:
    query = _filtered(Engagement, **filters).order_by(
        Engagement.start.is_(None), Engagement.start, Record.id
    )
    return list(session.scalars(query))


def list_memberships(session: Session, **filters: Any) -> list[Membership]:
    query = _filtered(Membership, **filters).order_by(Record.id)
    return list(session.scalars(query))


def get_record(session: Session, ref: str) -> Record:
    """A record by id (12) or key (3f2a...)."""
    ref = ref.strip().lstrip("#")
    record = session.get(Record, int(ref)) if ref.isdigit() else None
    record = record or session.scalar(select(Record).where(Record.key == ref))
    if record is None:
        raise NotFoundError(f"no record with id or key {ref!r}")
    return record


def get_plan(session: Session, ref: str) -> Plan:
    plan = session.get(Plan, int(ref)) if ref.isdigit() else None
    plan = plan or session.scalar(select(Plan).where(Plan.key == ref))
    if plan is None:
        raise NotFoundError(f"no plan with id or key {ref!r} (see `citydip show`)")
    return plan


def evidence_of(session: Session, record: Record) -> list[Evidence]:
    return list(
        session.scalars(
            select(Evidence).where(Evidence.record_id == record.id).order_by(Evidence.id)
        )
    )


def counts(session: Session) -> dict[str, int]:
    """How many of each thing the registry holds."""
    kinds: Counter[str] = Counter(
        dict(session.execute(select(Record.kind, func.count()).group_by(Record.kind)).all())
    )
    return {
        "places": session.scalar(select(func.count()).select_from(Place)) or 0,
        "people": session.scalar(select(func.count()).select_from(Person)) or 0,
        "documents": session.scalar(select(func.count()).select_from(Document)) or 0,
        "relationships": kinds["relationship"],
        "agreements": kinds["agreement"],
        "engagements": kinds["engagement"],
        "memberships": kinds["membership"],
        "plans": session.scalar(select(func.count()).select_from(Plan)) or 0,
    }


def _hangul(text: str) -> bool:
    return any("\uac00" <= ch <= "\ud7a3" for ch in text)


def local_names(session: Session, place_ids: list[int], lang: str) -> dict[int, str]:
    """Each place's name in `lang` where the registry has one (today: Korean, by script)."""
    if lang != "ko" or not place_ids:
        return {}
    found: dict[int, str] = {}
    ids = sorted(set(place_ids))
    for i in range(0, len(ids), 500):
        rows = session.execute(
            select(PlaceName.place_id, PlaceName.name)
            .where(PlaceName.place_id.in_(ids[i : i + 500]))
            .order_by(PlaceName.id)
        )
        for pid, name in rows:
            if pid not in found and _hangul(name):
                found[pid] = name.removesuffix(" 시")
    return found
