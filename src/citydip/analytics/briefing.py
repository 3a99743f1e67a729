"""A partner briefing: what to know about a place before a meeting or a trip, with the
source of every fact. Built on the partner dossier's helpers (`involving` and
`in_many` of store.listing, `partner.evidence_for`); laid out by `citydip.reports.dossier`.

Definitions (records in the review scope only, accepted by default; `today` is a parameter
so that results are reproducible):

- **The tie**: every relationship between the home city and the place (for the home city
  itself, its own ties), with its **periods**: one per event in date order — a dated event
  (established 1988, normalized 2014-07) starts at its date, a span (strained 1999–2012)
  has a start and an end; a span without an end that is the latest status event is
  **ongoing**. The tie's status is the store's (the latest status event decides it).
- **Agreements**: those the place is a party to, newest first, with their areas.
- **Open commitments**: the commitments with status `open` of those agreements (the
  commitment itself in the review scope too); **overdue** when its due date is wholly past
  (`2016` is overdue from 2017-01-01). No due date: never overdue.
- **Last engagements**: the `last` engagements involving the place (a party or the
  location), newest first by start date, with the people who took part (the title they had
  then, and the place they serve).
- **People in office**: the place's people whose term covers `today`: started (or start
  unknown) and not ended (end unknown or not wholly past), at least one of the two known.
  The others are `former` (term ended), `future` (starts after today) or `unknown` (no term
  recorded) — listed apart, never guessed.
- **Shared networks**: networks that both the home city and the place are members of
  (memberships in the review scope), with each side's role and since.
- **Activity by year**: records involving the place by year and kind (agreement: its
  date; engagement: its start; tie and membership: since); undated ones are not counted.
- **Sources**: every fact listed carries its evidence (document, sentence); `documents`
  numbers the documents in the order they are first cited.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from citydip.analytics.briefs import PlaceBrief
from citydip.analytics.cache import counts_cache
from citydip.analytics.partner import MAX_LISTED, Quote, evidence_for
from citydip.analytics.scope import RECORD_DATE, T, check_review, in_review
from citydip.errors import InputError, NotFoundError
from citydip.store.agreements import Agreement, Commitment
from citydip.store.documents import Document
from citydip.store.engagements import Engagement, direction
from citydip.store.listing import in_many, involving
from citydip.store.networks import Membership
from citydip.store.people import Person
from citydip.store.places import Place
from citydip.store.records import Record, RecordParty
from citydip.store.registry import get_home
from citydip.store.relationships import STATUS_OF_EVENT, Relationship

MAX_LAST = 100  # engagements listed at most
MAX_COMMITMENTS = 200
MAX_PEOPLE = 200
CHUNK = 500  # ids per IN (...) list
R = TypeVar("R", bound=Record)
KINDS = ("relationship", "agreement", "engagement", "membership")


@dataclass(frozen=True)
class Period:
    """One event of a tie's life: a date (start only) or a span (start–end)."""

    type: str  # established, strained, normalized, renewed, upgraded, terminated, ...
    start: str | None
    end: str | None
    span: bool  # a period with a start and an end (strained 1999–2012), not one date
    ongoing: bool  # a span with no end that is the tie's latest status event


@dataclass(frozen=True)
class TieBrief:
    id: int
    type: str | None
    since: str | None
    status: str
    review_state: str
    partners: tuple[PlaceBrief, ...]  # the places of the tie other than the home city
    periods: tuple[Period, ...]
    sources: tuple[Quote, ...]


@dataclass(frozen=True)
class AgreementBrief:
    id: int
    type: str | None
    title: str | None
    date: str | None
    status: str | None
    areas: tuple[str, ...]
    review_state: str
    commitments: int  # all its commitments, whatever their status
    sources: tuple[Quote, ...]


@dataclass(frozen=True)
class CommitmentBrief:
    id: int
    text: str
    area: str | None
    due: str | None
    status: str
    overdue: bool
    agreement_id: int
    agreement_type: str | None
    agreement_title: str | None
    agreement_date: str | None
    sources: tuple[Quote, ...]  # the agreement's evidence


@dataclass(frozen=True)
class PersonMet:
    id: int
    name: str
    title: str | None  # as held at the engagement
    place: PlaceBrief | None


@dataclass(frozen=True)
class EngagementBrief:
    id: int
    type: str | None
    title: str | None
    start: str | None
    end: str | None
    status: str | None
    location: PlaceBrief | None
    direction: str | None  # inbound, outbound, elsewhere (None: unknown)
    areas: tuple[str, ...]
    people: tuple[PersonMet, ...]
    review_state: str
    sources: tuple[Quote, ...]


@dataclass(frozen=True)
class PersonBrief:
    id: int
    name: str
    title: str | None
    term_start: str | None
    term_end: str | None
    office: str  # in_office, former, future, unknown


@dataclass(frozen=True)
class SideOf:
    """One city's membership of a network."""

    membership_id: int
    role: str | None
    since: str | None
    sources: tuple[Quote, ...]


@dataclass(frozen=True)
class SharedNetwork:
    network: PlaceBrief
    home: SideOf
    partner: SideOf


@dataclass(frozen=True)
class YearCount:
    year: int
    kind: str
    n: int


@dataclass(frozen=True)
class SourceDoc:
    number: int  # [n] in the dossier, in the order first cited
    id: int
    doc_id: str
    title: str | None
    published: str | None
    lang: str | None
    url: str | None
    facts: int  # facts of the dossier it supports


@dataclass(frozen=True)
class Briefing:
    place: PlaceBrief
    aliases: tuple[str, ...]
    home: PlaceBrief | None
    today: str
    review: str
    ties: tuple[TieBrief, ...]
    other_ties: int  # the place's ties with other places (not listed)
    agreements: tuple[AgreementBrief, ...]
    commitments: tuple[CommitmentBrief, ...]  # open ones, overdue first, then by due
    overdue: int
    engagements: tuple[EngagementBrief, ...]  # the last ones, newest first
    engagements_total: int
    in_office: tuple[PersonBrief, ...]
    other_people: tuple[PersonBrief, ...]  # former, future, or term not recorded
    networks: tuple[SharedNetwork, ...]
    activity: tuple[YearCount, ...]  # by year, then kind
    documents: tuple[SourceDoc, ...]
    more: dict[str, bool]  # kind → more records than listed

    @property
    def is_home(self) -> bool:
        return self.home is not None and self.home.id == self.place.id

    def cite(self, document_id: int) -> int | None:
        """The [n] of a document in this dossier."""
        for d in self.documents:
            if d.id == document_id:
                return d.number
        return None


def wholly_past(date: str | None, today: dt.date) -> bool:
    """A partial date whose whole period is before today ('2016' from 2017-01-01 on)."""
    if not date:
        return False
    now = today.isoformat()
    return now > date and not now.startswith(date)


def not_yet(date: str | None, today: dt.date) -> bool:
    """A partial date whose whole period is after today."""
    if not date:
        return False
    now = today.isoformat()
    return now < date and not now.startswith(date)


def office_of(term_start: str | None, term_end: str | None, today: dt.date) -> str:
    if not term_start and not term_end:
        return "unknown"
    if wholly_past(term_end, today):
        return "former"
    if not_yet(term_start, today):
        return "future"
    return "in_office"


def periods_of(tie: Relationship) -> tuple[Period, ...]:
    dated = sorted(tie.events, key=lambda e: (e.sort_date == "", e.sort_date, e.position))
    latest_status = None
    for e in sorted(
        (e for e in tie.events if e.type in STATUS_OF_EVENT),
        key=lambda e: (e.sort_date, e.position),
    ):
        latest_status = e
    out = []
    for e in dated:
        span = e.date is None and (e.start is not None or e.end is not None)
        out.append(
            Period(
                type=e.type,
                start=e.date or e.start,
                end=e.end if span else None,
                span=span,
                ongoing=span and e.end is None and e is latest_status,
            )
        )
    return tuple(out)


def _load(session: Session, model: type[R], ids: list[int]) -> list[R]:
    """Records by id, in the order of `ids`."""
    rows: dict[int, R] = {}
    for i in range(0, len(ids), CHUNK):
        rows.update(
            (r.id, r)
            for r in session.scalars(select(model).where(Record.id.in_(ids[i : i + CHUNK])))
        )
    return [rows[i] for i in ids if i in rows]


def _with_party(session: Session, record_ids: list[int], place_id: int) -> list[int]:
    """Those of the records that `place_id` is a party to."""
    out: list[int] = []
    for i in range(0, len(record_ids), CHUNK):
        out += session.scalars(
            select(RecordParty.record_id).where(
                RecordParty.record_id.in_(record_ids[i : i + CHUNK]),
                RecordParty.place_id == place_id,
            )
        )
    return sorted(set(out))


def _brief(place: Place | None) -> PlaceBrief | None:
    return PlaceBrief.of(place) if place is not None else None


def _parties_with(place_id: int) -> Select[int]:
    return select(RecordParty.record_id).where(RecordParty.place_id == place_id)


def briefing(
    session: Session,
    place_id: int,
    today: dt.date | None = None,
    review: str | None = None,
    last: int = 10,
) -> Briefing:
    """The briefing on a place (NotFoundError if there is none); see the module's rules."""
    review = check_review(review)
    if not 1 <= last <= MAX_LAST:
        raise InputError(f"last must be between 1 and {MAX_LAST}", field="last")
    day = today or dt.date.today()
    place = session.get(Place, place_id)
    if place is None:
        raise NotFoundError(f"no place #{place_id}")
    home = get_home(session)
    home_id = home.id if home else None
    many = in_many(session, place_id, counts_cache)
    scope = in_review(review)
    more: dict[str, bool] = {}

    # every record of the place in the scope, as (id, kind, date): one union of index
    # lookups; counts, years and the order of the lists come from these rows
    found: dict[str, list[tuple[str | None, int]]] = defaultdict(list)
    for rid, kind, date in session.execute(
        select(Record.id, Record.kind, RECORD_DATE).where(involving(place_id, many), scope)
    ):
        found[kind].append((date, rid))
    years: dict[tuple[int, str], int] = defaultdict(int)
    for kind, rows in found.items():
        for date, _ in rows:
            if date and date[:4].isdigit():
                years[(int(date[:4]), kind)] += 1
    activity = sorted(
        (YearCount(y, k, n) for (y, k), n in years.items()),
        key=lambda c: (c.year, KINDS.index(c.kind) if c.kind in KINDS else 9),
    )

    def newest(kind: str) -> list[int]:
        """The ids of a kind, newest first (undated last)."""
        rows = sorted(found[kind], key=lambda r: (r[0] or "", r[1]), reverse=True)
        return [rid for date, rid in rows if date] + [rid for date, rid in rows if not date]

    # the tie(s) with the home city (for the home city itself: its ties)
    tie_ids = [rid for _, rid in found["relationship"]]
    if home_id is not None and home_id != place_id:
        tie_ids = _with_party(session, tie_ids, home_id)
    tie_rows = _load(session, Relationship, tie_ids)
    ties = sorted(tie_rows, key=lambda t: (t.since is None, t.since or "", t.id))
    more["relationship"] = len(ties) > MAX_LISTED
    ties = ties[:MAX_LISTED]
    all_ties = len(found["relationship"])

    agreement_ids = newest("agreement")
    agreements = _load(session, Agreement, agreement_ids[:MAX_LISTED])
    more["agreement"] = len(agreement_ids) > MAX_LISTED

    open_found: list[Commitment] = []
    for i in range(0, len(agreement_ids), CHUNK):
        open_found += session.scalars(
            select(Commitment).where(
                Commitment.agreement_id.in_(agreement_ids[i : i + CHUNK]),
                Commitment.status == "open",
                in_review(review, Commitment.review_state),
            )
        )
    by_id = {a.id: a for a in agreements}
    missing = sorted({c.agreement_id for c in open_found} - set(by_id))
    by_id.update((a.id, a) for a in _load(session, Agreement, missing))
    open_rows = [(c, by_id[c.agreement_id]) for c in open_found if c.agreement_id in by_id]
    more["commitment"] = len(open_rows) > MAX_COMMITMENTS

    engagement_ids = newest("engagement")
    engagements = _load(session, Engagement, engagement_ids[:last])
    engagements_total = len(engagement_ids)
    more["engagement"] = engagements_total > len(engagements)

    people = list(
        session.scalars(
            select(Person)
            .where(Person.place_id == place_id, in_review(review, Person.review_state))
            .order_by(Person.name, Person.id)
            .limit(MAX_PEOPLE)
        )
    )

    memberships: list[Membership] = []
    if home_id is not None and home_id != place_id:
        nets_of = {
            pid: select(T.network_id).where(Record.kind == "membership", T.member_id == pid, scope)
            for pid in (home_id, place_id)
        }
        memberships = list(
            session.scalars(
                select(Membership)
                .where(
                    T.member_id.in_([home_id, place_id]),
                    T.network_id.in_(nets_of[home_id]),
                    T.network_id.in_(nets_of[place_id]),
                    scope,
                )
                .order_by(T.network_id, T.since.is_(None), T.since, Record.id)
            )
        )

    ids = [r.id for r in (*ties, *agreements, *engagements, *memberships)]
    ids += sorted({a.id for _, a in open_rows} - set(ids))
    quotes = evidence_for(session, ids)

    def src(record_id: int) -> tuple[Quote, ...]:
        return tuple(quotes.get(record_id, ()))

    tie_briefs = tuple(
        TieBrief(
            t.id,
            t.type,
            t.since,
            t.status,
            t.review_state,
            tuple(PlaceBrief.of(p) for p in t.party_places if p.id != home_id),
            periods_of(t),
            src(t.id),
        )
        for t in ties
    )
    agreement_briefs = tuple(
        AgreementBrief(
            a.id,
            a.type,
            a.title,
            a.date,
            a.status,
            tuple(a.areas),
            a.review_state,
            len(a.commitments),
            src(a.id),
        )
        for a in agreements
    )
    commitments = sorted(
        (
            CommitmentBrief(
                c.id,
                c.text,
                c.area,
                c.due,
                c.status,
                wholly_past(c.due, day),
                a.id,
                a.type,
                a.title,
                a.date,
                src(a.id),
            )
            for c, a in open_rows
        ),
        key=lambda c: (not c.overdue, c.due is None, c.due or "", c.agreement_id, c.id),
    )[:MAX_COMMITMENTS]
    engagement_briefs = tuple(
        EngagementBrief(
            e.id,
            e.type,
            e.title,
            e.start,
            e.end,
            e.status,
            _brief(e.location),
            direction(e, home_id),
            tuple(e.areas),
            tuple(
                PersonMet(ep.person_id, ep.person.name, ep.title, _brief(ep.person.place))
                for ep in e.people
            ),
            e.review_state,
            src(e.id),
        )
        for e in engagements
    )
    person_briefs = [
        PersonBrief(
            p.id,
            p.name,
            p.title,
            p.term_start,
            p.term_end,
            office_of(p.term_start, p.term_end, day),
        )
        for p in people
    ]
    networks = _shared(memberships, home_id, place_id, src)
    return Briefing(
        place=PlaceBrief.of(place),
        aliases=tuple(place.aliases),
        home=_brief(home),
        today=day.isoformat(),
        review=review,
        ties=tie_briefs,
        other_ties=max(all_ties - len(ties), 0) if home_id != place_id else 0,
        agreements=agreement_briefs,
        commitments=tuple(commitments),
        overdue=sum(c.overdue for c in commitments),
        engagements=engagement_briefs,
        engagements_total=engagements_total,
        in_office=tuple(p for p in person_briefs if p.office == "in_office"),
        other_people=tuple(p for p in person_briefs if p.office != "in_office"),
        networks=networks,
        activity=tuple(activity),
        documents=_documents(session, [quotes[i] for i in ids if i in quotes]),
        more=more,
    )


def _shared(
    memberships: list[Membership],
    home_id: int | None,
    place_id: int,
    src: Callable[[int], tuple[Quote, ...]],
) -> tuple[SharedNetwork, ...]:
    """One row per network: the first membership of each side (by since)."""
    sides: dict[int, dict[int, Membership]] = defaultdict(dict)
    for m in memberships:
        if m.network_id is not None and m.member_id is not None:
            sides[m.network_id].setdefault(m.member_id, m)
    out = []
    for by_member in sides.values():
        if home_id not in by_member or place_id not in by_member:
            continue
        h, p = by_member[home_id], by_member[place_id]
        out.append(
            SharedNetwork(
                PlaceBrief.of(h.network),
                SideOf(h.id, h.role, h.since, src(h.id)),
                SideOf(p.id, p.role, p.since, src(p.id)),
            )
        )
    return tuple(sorted(out, key=lambda s: (s.network.name, s.network.id)))


def _documents(session: Session, cited: list[list[Quote]]) -> tuple[SourceDoc, ...]:
    """The documents cited, numbered in the order first cited, with their facts counted."""
    order: list[int] = []
    facts: dict[int, int] = defaultdict(int)
    for quotes in cited:
        for doc in dict.fromkeys(q.document_id for q in quotes):
            if doc not in facts:
                order.append(doc)
            facts[doc] += 1
    if not order:
        return ()
    rows = {
        r.id: r
        for r in session.execute(
            select(
                Document.id,
                Document.doc_id,
                Document.title,
                Document.published,
                Document.lang,
                Document.source,
            ).where(Document.id.in_(order))
        )
    }
    return tuple(
        SourceDoc(
            n,
            doc,
            rows[doc].doc_id,
            rows[doc].title,
            rows[doc].published,
            rows[doc].lang,
            rows[doc].source,
            facts[doc],
        )
        for n, doc in enumerate(order, start=1)
        if doc in rows
    )
