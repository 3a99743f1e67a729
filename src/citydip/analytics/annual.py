"""The year in review: what the registry holds of one year, for the annual report.

What is counted (records in the review scope, accepted by default):

- A record **of the year** is dated in it, each kind by its own date: a tie by its
  `since`, an agreement by its `date`, an engagement by its `start`, a membership by its
  `since`. Partial dates count in their year (`2015` and `2015-02-03` are both of 2015);
  undated records belong to no year. Each kind is compared with the year before.
- **Engagements by month**: by the month of their start; a start of a year only (`2015`)
  has no month (`month` None).
- **Areas**: the year's records with each cooperation area (a record with two areas counts
  in both).
- **Partners**: the places other than the home city that a record of the year names — a
  party, an engagement's location, a membership's network or member. A partner's
  **activity** is the number of the year's records that name it; partners are ranked by
  activity, then by agreements, new ties and engagements, then by name. **Regions** count
  the partners (places, not records) of each world region; networks and other
  organizations have no region and are left out of that count.
- **Agreements signed**: the year's agreements, by date. **Commitments due**: the
  commitments of agreements in scope whose due date falls in the year, with their status;
  one is **overdue** when its due date is wholly past on `today` and it is still open.
  `carried_over` counts the open commitments due before the year.
- **Tie events**: the events of ties in scope dated (or starting, or ending) in the year
  (established, strained, normalized, renewed, ...), and `established` at the `since` of a
  tie of the year that has no such event. **New ties**: the ties of the year.
- **Documents**: the documents that give evidence for the year's records.
- **Reviewed to**: the latest time one of the year's records was created or changed.

Each figure is one GROUP BY (or one short list) over the year's records, read through the
(kind, start) index for engagements; no record is loaded except the agreements and
commitments listed.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Select, case, func, or_, select, union_all
from sqlalchemy.orm import Session

from citydip.analytics.briefs import PlaceBrief
from citydip.analytics.plans import overdue
from citydip.analytics.regions import ORDER as REGION_ORDER
from citydip.analytics.regions import region_of
from citydip.analytics.scope import RECORD_DATE, T, check_review, check_year, in_review, year_of
from citydip.errors import NotFoundError
from citydip.store.agreements import Agreement, Commitment
from citydip.store.documents import Evidence
from citydip.store.places import Place
from citydip.store.records import Record, RecordArea, RecordParty
from citydip.store.registry import get_home
from citydip.store.relationships import RelationshipEvent

KINDS = ("relationship", "agreement", "engagement", "membership")
DATE_COLUMN: dict[str, Any] = {
    "relationship": T.since,
    "agreement": T.date,
    "engagement": T.start,
    "membership": T.since,
}
MAX_PARTNERS = 1000  # partners returned (ranked); the counts cover them all
MAX_LISTED = 500  # agreements and commitments listed at most
SMALL_KINDS = ("relationship", "agreement", "membership")  # a few thousand a year at most
MAX_IDS = 5000  # beyond this many records of a kind in the year, a date range instead of ids


@dataclass(frozen=True)
class KindCount:
    kind: str
    n: int
    previous: int  # in the year before

    @property
    def change(self) -> int:
        return self.n - self.previous


@dataclass(frozen=True)
class TypeCount:
    kind: str
    type: str
    n: int
    previous: int


@dataclass(frozen=True)
class MonthCount:
    month: int | None  # 1-12; None: a start without a month
    n: int


@dataclass(frozen=True)
class AreaCount:
    area: str
    n: int


@dataclass(frozen=True)
class RegionCount:
    region: str
    n: int  # partner places of the region


@dataclass(frozen=True)
class Partner:
    place: PlaceBrief
    region: str
    lat: float | None
    lon: float | None
    records: int  # the year's records naming it (its activity)
    ties: int  # new ties
    agreements: int
    engagements: int
    memberships: int


@dataclass(frozen=True)
class SignedAgreement:
    id: int
    type: str | None
    date: str | None
    title: str | None
    status: str | None
    areas: tuple[str, ...]
    partners: tuple[PlaceBrief, ...]
    commitments: int


@dataclass(frozen=True)
class DueCommitment:
    id: int
    text: str
    area: str | None
    due: str
    status: str  # open, done or dropped
    overdue: bool
    agreement_id: int
    agreement_title: str | None
    agreement_date: str | None


@dataclass(frozen=True)
class NewTie:
    id: int
    type: str | None
    since: str
    partners: tuple[PlaceBrief, ...]


@dataclass(frozen=True)
class TieEvent:
    tie_id: int
    tie_type: str | None
    event: str  # established, strained, normalized, renewed, ...
    date: str  # the event's date, or its start (or its end, when only that is in the year)
    ends: bool  # a period (strained 1999–2012) that ends in the year
    partners: tuple[PlaceBrief, ...]


@dataclass(frozen=True)
class YearTotal:
    year: int
    counts: dict[str, int]  # records of each kind dated in the year
    total: int


@dataclass(frozen=True)
class YearReport:
    year: int
    review: str
    today: dt.date
    home: PlaceBrief | None
    home_at: tuple[float, float] | None  # (lon, lat) of the home city, if known
    counts: list[KindCount]  # every kind, in KINDS order
    types: list[TypeCount]  # by kind, then most first
    months: list[MonthCount]  # 1..12 (zeros included), then None if any
    areas: list[AreaCount]  # most first
    regions: list[RegionCount]  # most first
    partners: list[Partner]  # ranked, the first MAX_PARTNERS
    partners_total: int
    unplaced: int  # partners without coordinates (not on the map)
    agreements: list[SignedAgreement]
    agreements_total: int
    commitments: list[DueCommitment]  # due in the year, soonest first
    commitments_total: int
    commitment_status: dict[str, int]  # open, overdue (of the open ones), done, dropped
    carried_over: int  # open commitments due before the year
    new_ties: list[NewTie]
    tie_events: list[TieEvent]
    documents: int
    reviewed_to: dt.datetime | None
    years: list[int] = field(default_factory=list)  # the years with records (in scope)

    @property
    def total(self) -> int:
        return sum(c.n for c in self.counts)

    @property
    def previous_total(self) -> int:
        return sum(c.previous for c in self.counts)

    def count(self, kind: str) -> int:
        return next((c.n for c in self.counts if c.kind == kind), 0)


def _in_years(kind: str, first: int, last: int, review: str) -> list[ColumnElement[bool]]:
    """The records of a kind dated from the year `first` to the year `last`, in scope.
    A range, not substr(): the (kind, start) index serves the engagements."""
    column = DATE_COLUMN[kind]
    return [
        Record.kind == kind,
        column >= f"{first:04d}",
        column < f"{last + 1:04d}",
        in_review(review),
    ]


class _Year:
    """The year's records of a review scope, as conditions per kind: the records of the
    kinds with few records a year (ties, agreements, memberships) by their ids, read once
    by the tally (their dates have no index: each condition on them would scan the kind);
    the engagements by the range of their start, read through the (kind, start) index."""

    def __init__(self, year: int, review: str) -> None:
        self.year = year
        self.review = review
        self.ids: dict[str, list[int]] = {}

    def kinds(self) -> list[str]:
        """The kinds that may have records in the year."""
        return [k for k in KINDS if self.ids.get(k, True)]

    def conds(self, kind: str) -> list[ColumnElement[bool]]:
        ids = self.ids.get(kind)
        if ids is not None and len(ids) <= MAX_IDS:
            return [Record.id.in_(ids)]
        return _in_years(kind, self.year, self.year, self.review)


def _joined(column: Any, scope: _Year) -> Any:
    """`column` of the rows of a table that belong to the year's records, as a subquery:
    one join per kind, each reading that kind's records of the year through its index."""
    table = column.table
    parts = [
        select(column.label("value"))
        .join(Record, Record.id == table.c.record_id)
        .where(*scope.conds(k))
        for k in scope.kinds()
    ]
    return union_all(*parts).subquery()


@dataclass
class _Tally:
    """What one GROUP BY per kind over two years' records gives: counts by kind, type and
    year, the engagements by month, and the latest creation or change of a record."""

    kinds: Counter[tuple[str, int]] = field(default_factory=Counter)
    types: Counter[tuple[str, str, int]] = field(default_factory=Counter)
    months: Counter[int | None] = field(default_factory=Counter)
    latest: dt.datetime | None = None

    def add(
        self,
        kind: str,
        type_: str | None,
        at: int,
        n: int,
        moments: tuple[dt.datetime | None, dt.datetime | None],
        year: int,
    ) -> None:
        self.kinds[(kind, at)] += n
        if type_:
            self.types[(kind, type_, at)] += n
        if at == year:
            for moment in moments:
                if moment is not None and (self.latest is None or moment > self.latest):
                    self.latest = moment


def _tally(session: Session, scope: _Year) -> _Tally:
    """Counts of the year and the year before; the year's ids of the smaller kinds."""
    out = _Tally()
    year, review = scope.year, scope.review
    for kind in SMALL_KINDS:
        column = DATE_COLUMN[kind]
        ids = scope.ids[kind] = []
        rows = session.execute(
            select(
                Record.id, Record.type, year_of(column), Record.created_at, Record.updated_at
            ).where(*_in_years(kind, year - 1, year, review))
        )
        for rid, type_, when, created, updated in rows:
            at = int(when)
            out.add(kind, type_, at, 1, (created, updated), year)
            if at == year:
                ids.append(rid)
        ids.sort()
    y, month = year_of(T.start), func.substr(T.start, 6, 2)
    rows = session.execute(
        select(
            y, Record.type, month, func.count(), func.max(Record.created_at),
            func.max(Record.updated_at),
        )
        .where(*_in_years("engagement", year - 1, year, review))
        .group_by(y, Record.type, month)  # the year first: SQLite reads the (kind, start) index
    )  # fmt: skip
    for when, type_, m, n, created, updated in rows:
        at = int(when)
        out.add("engagement", type_, at, n, (created, updated), year)
        if at == year:
            out.months[int(m) if m and m.isdigit() else None] += n
    return out


def _counts(tally: _Tally, year: int) -> tuple[list[KindCount], list[TypeCount]]:
    kinds, types = tally.kinds, tally.types
    counts = [KindCount(k, kinds[(k, year)], kinds[(k, year - 1)]) for k in KINDS]
    order = {k: i for i, k in enumerate(KINDS)}
    pairs = sorted({(k, t) for k, t, _ in types})
    out = [TypeCount(k, t, types[(k, t, year)], types[(k, t, year - 1)]) for k, t in pairs]
    out.sort(key=lambda c: (order[c.kind], -c.n, -c.previous, c.type))
    return counts, out


def _months(tally: _Tally) -> list[MonthCount]:
    found = tally.months
    out = [MonthCount(m, found[m]) for m in range(1, 13)]
    if found[None]:
        out.append(MonthCount(None, found[None]))
    return out


def _areas(session: Session, scope: _Year) -> list[AreaCount]:
    found = _joined(RecordArea.__table__.c.area, scope)
    rows = session.execute(select(found.c.value, func.count()).group_by(found.c.value))
    return [AreaCount(a, n) for a, n in sorted(rows, key=lambda r: (-r[1], r[0]))]


def _documents(session: Session, scope: _Year) -> int:
    found = _joined(Evidence.__table__.c.document_id, scope)
    return session.scalar(select(func.count(func.distinct(found.c.value)))) or 0


def _named(scope: _Year) -> Any:
    """(kind, place id) of every place a record of the year names, once a record: its
    parties; an engagement's location unless it is a party too; a membership's member and
    network. The year's records and their parties are read once each (materialized), so
    that "the location is a party too" needs no look-up per engagement."""
    kinds = scope.kinds()
    year = (
        union_all(
            *(
                select(
                    Record.id.label("id"), Record.kind.label("kind"), T.location_id.label("loc")
                ).where(*scope.conds(kind))
                for kind in ("relationship", "agreement", "engagement")
                if kind in kinds
            )
        )
        .cte("year_records")
        .prefix_with("MATERIALIZED")
    )
    parties = (
        select(year.c.id, year.c.kind, year.c.loc, RecordParty.place_id)
        .join(RecordParty, RecordParty.record_id == year.c.id)
        .cte("year_parties")
        .prefix_with("MATERIALIZED")
    )
    located_at_party = select(parties.c.id).where(parties.c.place_id == parties.c.loc)
    parts: list[Select[Any]] = [
        select(parties.c.kind, parties.c.place_id),
        select(year.c.kind, year.c.loc).where(
            year.c.loc.is_not(None), year.c.id.not_in(located_at_party)
        ),
    ]
    if "membership" in kinds:
        for column in (T.member_id, T.network_id):
            parts.append(
                select(Record.kind, column).where(*scope.conds("membership"), column.is_not(None))
            )
    return union_all(*parts).subquery()


def _partners(
    session: Session, scope: _Year, home: int | None
) -> tuple[list[Partner], int, int, list[RegionCount]]:
    named = _named(scope)

    def of(kind: str) -> Any:
        return func.sum(case((named.c.kind == kind, 1), else_=0))

    by_place = (
        select(
            named.c.place_id, func.count().label("n"), of("relationship").label("ties"),
            of("agreement").label("agreements"), of("engagement").label("engagements"),
            of("membership").label("memberships"),
        )
        .group_by(named.c.place_id)
        .subquery()
    )  # fmt: skip
    query = select(
        Place.id, Place.name, Place.country, Place.level, Place.lat, Place.lon, by_place.c.n,
        by_place.c.ties, by_place.c.agreements, by_place.c.engagements, by_place.c.memberships,
    ).join(by_place, by_place.c.place_id == Place.id)  # fmt: skip
    if home is not None:
        query = query.where(Place.id != home)
    rows = [tuple(row) for row in session.execute(query)]
    # most records first, then agreements, new ties, engagements; then by name
    rows.sort(key=lambda r: (-r[6], -r[8], -r[7], -r[9], r[1], r[0]))
    regions: Counter[str] = Counter(region_of(r[2]) for r in rows if r[3] != "organization")
    order = {r: i for i, r in enumerate(REGION_ORDER)}
    region_counts = [
        RegionCount(r, n) for r, n in sorted(regions.items(), key=lambda x: (-x[1], order[x[0]]))
    ]
    unplaced = sum(r[4] is None or r[5] is None for r in rows)
    partners = [
        Partner(PlaceBrief(pid, name, country, level), region_of(country), lat, lon, n, ties,
                agreements, engagements, memberships)
        for pid, name, country, level, lat, lon, n, ties, agreements, engagements, memberships
        in rows[:MAX_PARTNERS]
    ]  # fmt: skip
    return partners, len(rows), unplaced, region_counts


def _partners_of(
    session: Session, record_ids: list[int], home: int | None
) -> dict[int, tuple[PlaceBrief, ...]]:
    """Each record's parties other than the home city, in the record's order."""
    found: dict[int, list[PlaceBrief]] = {i: [] for i in record_ids}
    for i in range(0, len(record_ids), 500):
        rows = session.execute(
            select(RecordParty.record_id, Place.id, Place.name, Place.country, Place.level)
            .join(Place, Place.id == RecordParty.place_id)
            .where(RecordParty.record_id.in_(record_ids[i : i + 500]))
            .order_by(RecordParty.record_id, RecordParty.position)
        )
        for rid, pid, name, country, level in rows:
            if pid != home:
                found[rid].append(PlaceBrief(pid, name, country, level))
    return {rid: tuple(ps) for rid, ps in found.items()}


def _agreements(
    session: Session, scope: _Year, home: int | None
) -> tuple[list[SignedAgreement], int]:
    conds = scope.conds("agreement")
    total = session.scalar(select(func.count()).select_from(Record).where(*conds)) or 0
    rows = list(
        session.scalars(
            select(Agreement).where(*conds).order_by(T.date, Record.id).limit(MAX_LISTED)
        )
    )
    partners = _partners_of(session, [a.id for a in rows], home)
    return [
        SignedAgreement(
            a.id,
            a.type,
            a.date,
            a.title,
            a.status,
            tuple(a.areas),
            partners[a.id],
            len(a.commitments),
        )  # fmt: skip
        for a in rows
    ], total


def _commitments(
    session: Session, year: int, review: str, today: dt.date
) -> tuple[list[DueCommitment], int, dict[str, int], int]:
    in_scope = [in_review(review)]
    due_in = [Commitment.due >= f"{year:04d}", Commitment.due < f"{year + 1:04d}"]
    base = (
        select(Commitment, Record.title, T.date)
        .join(Record, Record.id == Commitment.agreement_id)
        .where(*in_scope, *due_in)
    )
    status: Counter[str] = Counter()
    listed: list[DueCommitment] = []
    total = 0
    for c, title, date in session.execute(
        base.order_by(Commitment.due, Commitment.agreement_id, Commitment.position, Commitment.id)
    ):
        total += 1
        late = overdue(c.due, c.status, today)
        status[c.status] += 1
        status["overdue"] += late
        if len(listed) < MAX_LISTED:
            listed.append(
                DueCommitment(
                    c.id, c.text, c.area, c.due, c.status, late, c.agreement_id, title, date
                )
            )
    carried = (
        session.scalar(
            select(func.count())
            .select_from(Commitment)
            .join(Record, Record.id == Commitment.agreement_id)
            .where(*in_scope, Commitment.status == "open", Commitment.due < f"{year:04d}")
        )
        or 0
    )
    counts = {s: status[s] for s in ("open", "overdue", "done", "dropped")}
    return listed, total, counts, carried


def _ties(session: Session, scope: _Year, home: int | None) -> tuple[list[NewTie], list[TieEvent]]:
    start, end = f"{scope.year:04d}", f"{scope.year + 1:04d}"
    new = list(
        session.execute(
            select(Record.id, Record.type, T.since)
            .where(*scope.conds("relationship"))
            .order_by(T.since, Record.id)
        )
    )
    when = func.coalesce(RelationshipEvent.date, RelationshipEvent.start)
    events = list(
        session.execute(
            select(
                Record.id, Record.type, RelationshipEvent.type, when, RelationshipEvent.end,
            )
            .join(Record, Record.id == RelationshipEvent.relationship_id)
            .where(
                in_review(scope.review),
                or_(
                    (when >= start) & (when < end),
                    (RelationshipEvent.end >= start) & (RelationshipEvent.end < end),
                ),
            )
            .order_by(RelationshipEvent.relationship_id, RelationshipEvent.position)
        )
    )  # fmt: skip
    ids = sorted({r[0] for r in new} | {r[0] for r in events})
    partners = _partners_of(session, ids, home)
    established = {rid for rid, _, event, _, _ in events if event == "established"}
    items = []
    for rid, tie_type, event, at, ended in events:
        inside = bool(at) and start <= at < end
        date = str(at if inside else ended)  # else: a period that ends in the year
        items.append(TieEvent(rid, tie_type, event, date, not inside, partners[rid]))
    items += [
        TieEvent(rid, tie_type, "established", since, False, partners[rid])
        for rid, tie_type, since in new
        if rid not in established
    ]
    items.sort(key=lambda e: (e.date, e.tie_id, e.event))
    return [NewTie(rid, t, s, partners[rid]) for rid, t, s in new], items


def _years_of(session: Session, review: str | None) -> Counter[tuple[int, str]]:
    """Records by (year, kind): of every record (review None), else of one review state.

    Every record's, each kind apart so that the engagements are counted off the (kind,
    start) index alone; one state's through the review state index."""
    found: Counter[tuple[int, str]] = Counter()
    if review is None:
        for kind in KINDS:
            y = year_of(DATE_COLUMN[kind])
            rows = session.execute(select(y, func.count()).where(Record.kind == kind).group_by(y))
            found.update({(int(v), kind): n for v, n in rows if v and v.isdigit()})
        return found
    y = year_of(RECORD_DATE)
    rows = session.execute(
        select(y, Record.kind, func.count())
        .where(Record.review_state == review)
        .group_by(y, Record.kind)
    )
    found.update({(int(v), k): n for v, k, n in rows if v and v.isdigit() and k in KINDS})
    return found


def report_years(session: Session, review: str | None = None) -> list[YearTotal]:
    """Every year with records in the review scope, with its records of each kind.

    For a scope holding most records (accepted, usually): every record's counts less those
    of the other states (few, read through the review state index), not a scan that
    filters every row."""
    scope = check_review(review)
    states = dict(
        session.execute(
            select(Record.review_state, func.count()).group_by(Record.review_state)
        ).all()
    )
    if scope == "all":
        found = _years_of(session, None)
    elif 2 * states.get(scope, 0) <= sum(states.values()):
        found = _years_of(session, scope)
    else:
        found = _years_of(session, None)
        for other in states:
            if other != scope:
                found.subtract(_years_of(session, other))
    years = sorted({y for (y, _), n in found.items() if n > 0})
    return [
        YearTotal(y, {k: found[(y, k)] for k in KINDS}, sum(found[(y, k)] for k in KINDS))
        for y in years
    ]


def _years_with_records(session: Session, review: str) -> list[int]:
    """The years with a record in scope: the engagements' found by skipping through the
    (kind, start) index a year at a time, the other kinds' by a GROUP BY each."""
    years: set[int] = set()
    low = "0"
    while low < "9999":
        first = session.scalar(
            select(T.start)
            .where(Record.kind == "engagement", T.start >= low, in_review(review))
            .order_by(T.start)
            .limit(1)
        )
        if not first or not first[:4].isdigit():
            break
        years.add(int(first[:4]))
        low = f"{int(first[:4]) + 1:04d}"
    for kind in SMALL_KINDS:
        y = year_of(DATE_COLUMN[kind])
        rows = session.scalars(select(y).where(Record.kind == kind, in_review(review)).group_by(y))
        years.update(int(v) for v in rows if v and v.isdigit())
    return sorted(years)


def _where(place: Place | None) -> tuple[float, float] | None:
    if place is None or place.lat is None or place.lon is None:
        return None
    return (place.lon, place.lat)


def year_report(
    session: Session,
    year: int,
    review: str | None = None,
    today: dt.date | None = None,
) -> YearReport:
    """The annual report's figures for `year` (records in the review scope, accepted by
    default); `today` decides which commitments are overdue (default: today)."""
    check_year(year)
    scope = check_review(review)
    today = today or dt.date.today()
    home_place = get_home(session)
    home = home_place.id if home_place else None
    of_year = _Year(year, scope)
    tally = _tally(session, of_year)  # first: it finds the ids the other queries use
    counts, types = _counts(tally, year)
    partners, partners_total, unplaced, regions = _partners(session, of_year, home)
    agreements, agreements_total = _agreements(session, of_year, home)
    commitments, commitments_total, status, carried = _commitments(session, year, scope, today)
    new_ties, tie_events = _ties(session, of_year, home)
    return YearReport(
        year=year,
        review=scope,
        today=today,
        home=PlaceBrief.of(home_place) if home_place else None,
        home_at=_where(home_place),
        counts=counts,
        types=types,
        months=_months(tally),
        areas=_areas(session, of_year),
        regions=regions,
        partners=partners,
        partners_total=partners_total,
        unplaced=unplaced,
        agreements=agreements,
        agreements_total=agreements_total,
        commitments=commitments,
        commitments_total=commitments_total,
        commitment_status=status,
        carried_over=carried,
        new_ties=new_ties,
        tie_events=tie_events,
        documents=_documents(session, of_year),
        reviewed_to=tally.latest,
        years=_years_with_records(session, scope),
    )


def require_records(report: YearReport) -> YearReport:
    """The report, if its year has records in scope; else NotFoundError naming the years
    that have some."""
    if report.total:
        return report
    if report.years:
        first, last = report.years[0], report.years[-1]
        where = f"the {report.review} records are dated {first}–{last}"
        if len(report.years) != last - first + 1:
            where += f" ({len(report.years)} years)"
    else:
        where = f"the registry has no dated {report.review} records"
    scope = "" if report.review == "all" else f"{report.review} "
    raise NotFoundError(f"no {scope}records dated {report.year}: {where}")
