"""Plans: strategy documents with their projects, areas and status, their progress over
time, and the registry's activity linked to each project.

- `plans`: every plan with its projects by status, the share done, overdue and blocked ones.
- `plan`: one plan — its projects (area, status, blockers, partner, due, overdue), each
  project's status history, the plan's progress by year, and its linked records.

Rules (docs/plans.md):

- A plan's **period** is [start, end], an open end being `today`. Partial dates overlap:
  a record of `2016` is in a plan that starts `2016-11`.
- A project's **linked records** are the engagements and agreements in the review scope
  (accepted by default), dated in the plan's period (an engagement by its start, an
  agreement by its date; undated ones are left out) that involve the project's partner (a
  party, or the place an engagement happened); for a project without a partner, those
  with the project's cooperation area among theirs. A project about a partner is about
  that partner: a culture exchange with Paris is not activity of a Seoul–Pyongyang
  culture project. Each linked record says whether it is also in the project's area.
- **Overdue**: a due date wholly past (`2020` is overdue from 2021-01-01) and a status that
  is not done or dropped. **Blocked**: blockers named and not done or dropped.
- **Share done**: done projects / projects not dropped (None when there are none).
- **Progress**: at the end of each year of the period (the start year to the end year, or
  to this year), the projects in each status. A project holds the status it was written
  with from the plan's start until its first recorded change (`project_updates`); then
  each change holds from its date.

Counts are GROUP BYs in the database: a partner's records through the place indexes, an
area's through the (kind, date) index (one query for the areas of every project without a
partner), so no record is loaded except the few latest of each project that are listed.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, case, exists, func, or_, select, union
from sqlalchemy.orm import Session, selectinload

from citydip.analytics.briefs import PlaceBrief, RecordBrief
from citydip.analytics.facts import area_bits, refresh
from citydip.analytics.scope import (
    T,
    check_review,
    home_id,
    in_review,
    indexed,
    review_states,
    year_of,
)
from citydip.errors import InputError, NotFoundError
from citydip.store.facts import RecordFact, RecordPlace
from citydip.store.plans import Plan, Project
from citydip.store.records import Record, RecordArea, RecordParty
from citydip.taxonomy import PROJECT_STATUSES, REVIEW_STATES

LINKED_KINDS = ("engagement", "agreement")
CLOSED = ("done", "dropped")  # a project in these is neither overdue nor blocked
MAX_LINKED = 50  # latest linked records listed per project, at most
MAX_ID = 2**31 - 1
MAX_YEARS = 100  # progress is drawn over at most this many years

# the date an engagement or agreement is placed in time by
LINK_DATE = case((Record.kind == "agreement", T.date), else_=T.start)
DATE_OF = (("engagement", T.start), ("agreement", T.date))


@dataclass(frozen=True)
class PlanSummary:
    id: int
    key: str
    title: str
    owner: PlaceBrief | None
    start: str | None
    end: str | None
    review_state: str
    projects: int
    by_status: dict[str, int]  # every project status, in PROJECT_STATUSES order
    done_share: float | None  # done / projects not dropped
    overdue: int
    blocked: int


@dataclass(frozen=True)
class StatusChange:
    """A project's status from a date: the first is the status it was written with."""

    date: str | None  # None: from the start (a plan without a start date)
    status: str
    previous: str | None  # None for the first
    note: str | None
    by: str | None
    at: dt.datetime | None
    initial: bool = False


@dataclass(frozen=True)
class YearCount:
    year: str
    kind: str
    n: int


@dataclass(frozen=True)
class LinkedRecord:
    record: RecordBrief
    by_partner: bool
    by_area: bool


@dataclass(frozen=True)
class ProjectView:
    id: int
    number: int  # 1 = the plan's first project
    title: str
    area: str | None
    status: str
    partner: PlaceBrief | None
    due: str | None
    overdue: bool
    blockers: tuple[str, ...]
    review_state: str
    history: tuple[StatusChange, ...]
    linked: int  # linked records (each once)
    linked_by_year: tuple[YearCount, ...]  # (year, kind, n), years ascending
    latest: tuple[LinkedRecord, ...]  # the newest linked records, at most `linked_limit`


@dataclass(frozen=True)
class ProgressPoint:
    year: str
    status: str
    n: int


@dataclass(frozen=True)
class PlanView:
    summary: PlanSummary
    text: str | None  # the plan's summary as written
    today: str
    period: tuple[str | None, str]  # (start, end or today)
    review: str
    projects: tuple[ProjectView, ...]
    progress: tuple[ProgressPoint, ...]  # the end of each year: projects in each status
    areas: tuple[str, ...]  # the projects' areas, in order of first appearance


def _today(today: dt.date | None) -> dt.date:
    return today or dt.date.today()


def overdue(due: str | None, status: str, today: dt.date) -> bool:
    """The due date is wholly past and the project is not done or dropped."""
    if not due or status in CLOSED:
        return False
    now = today.isoformat()
    return now > due and not now.startswith(due)


def _share(by_status: dict[str, int]) -> float | None:
    live = sum(by_status.values()) - by_status.get("dropped", 0)
    return by_status.get("done", 0) / live if live else None


def _summary(plan: Plan, projects: list[Project], today: dt.date) -> PlanSummary:
    counts = Counter(p.status for p in projects)
    by_status = {s: counts.get(s, 0) for s in PROJECT_STATUSES}
    return PlanSummary(
        id=plan.id,
        key=plan.key,
        title=plan.title,
        owner=PlaceBrief.of(plan.place) if plan.place else None,
        start=plan.start,
        end=plan.end,
        review_state=plan.review_state,
        projects=len(projects),
        by_status=by_status,
        done_share=_share(by_status),
        overdue=sum(overdue(p.due, p.status, today) for p in projects),
        blocked=sum(bool(p.blockers) and p.status not in CLOSED for p in projects),
    )


def plans(
    session: Session, review: str | None = None, today: dt.date | None = None
) -> list[PlanSummary]:
    """The plans in the review scope (their projects in it too), newest start first."""
    scope = check_review(review)
    now = _today(today)
    found = list(
        session.scalars(
            select(Plan)
            .where(in_review(scope, Plan.review_state))
            .order_by(Plan.start.is_(None), Plan.start.desc(), Plan.id)
            .options(selectinload(Plan.place))
        )
    )
    projects: dict[int, list[Project]] = defaultdict(list)
    ids = [p.id for p in found]
    for i in range(0, len(ids), 500):
        for project in session.scalars(
            select(Project)
            .where(Project.plan_id.in_(ids[i : i + 500]), in_review(scope, Project.review_state))
            .order_by(Project.plan_id, Project.position, Project.id)
        ):
            projects[project.plan_id].append(project)
    return [_summary(p, projects[p.id], now) for p in found]


# -- one plan ---------------------------------------------------------------------------


def in_period(column: Any, start: str | None, end: str) -> list[ColumnElement[bool]]:
    """A partial date column that overlaps [start, end] (both partial ISO dates).

    On their common precision: date ≥ start (or the date is a coarser prefix of it, `2016`
    for `2016-11`), and date ≤ end (`~` sorts after every digit and '-')."""
    conds: list[ColumnElement[bool]] = [column.is_not(None), column != "", column <= end + "~"]
    if start:
        coarser = [start[:n] for n in (4, 7) if len(start) > n]
        if coarser:  # the year first: one range of a date index, walked in date order
            conds += [column >= start[:4], or_(column >= start, column.in_(coarser))]
        else:
            conds.append(column >= start)
    return conds


def _partner_ids(place_id: int) -> Any:
    """The ids of the records a place is a party of or that happened there."""
    return union(
        select(RecordParty.record_id).where(RecordParty.place_id == place_id),
        select(Record.id).where(T.location_id == place_id),
    )


def _in_year(column: Any, year: int) -> list[ColumnElement[bool]]:
    """A partial date column in one year."""
    return [column >= f"{year:04d}", column < f"{year + 1:04d}"]


def _history(plan: Plan, project: Project) -> tuple[StatusChange, ...]:
    updates = sorted(project.updates, key=lambda u: (u.date, u.id))
    first = min(project.updates, key=lambda u: u.id).previous if project.updates else None
    initial = StatusChange(
        date=plan.start,
        status=first or project.status,
        previous=None,
        note=None,
        by=project.created_by,
        at=project.created_at,
        initial=True,
    )
    return (initial,) + tuple(
        StatusChange(u.date, u.status, u.previous, u.note, u.created_by, u.created_at)
        for u in updates
    )


def status_at_year_end(history: tuple[StatusChange, ...], year: str) -> str:
    """The status a project had at the end of `year`, by its history."""
    status = history[0].status
    for change in history[1:]:
        if change.date is not None and change.date[:4] <= year:
            status = change.status
    return status


def _progress(
    plan: Plan, histories: list[tuple[StatusChange, ...]], today: dt.date
) -> tuple[ProgressPoint, ...]:
    if not histories:
        return ()
    dated = [c.date for h in histories for c in h[1:] if c.date]
    last = today.year if not plan.end else min(int(plan.end[:4]), today.year)
    last = max([last, *(int(d[:4]) for d in dated)])
    if plan.start:
        first = int(plan.start[:4])
    else:
        made = [c.at.year for h in histories for c in h[:1] if c.at is not None]
        first = min([*made, *(int(d[:4]) for d in dated)] or [today.year])
    first = max(first, last - MAX_YEARS + 1)
    points: list[ProgressPoint] = []
    for year in range(first, max(first, last) + 1):
        counts = Counter(status_at_year_end(h, f"{year:04d}") for h in histories)
        points.extend(
            ProgressPoint(f"{year:04d}", s, counts[s]) for s in PROJECT_STATUSES if counts[s]
        )
    return tuple(points)


class _Linker:
    """Counts and lists a plan's linked records (the rule in the module docstring).

    Each kind by its own date column, so that an engagement's period is a range of the
    (kind, start) index."""

    def __init__(self, session: Session, scope: str, start: str | None, end: str) -> None:
        self.session = session
        self.scope = scope
        self.start, self.end = start, end

    def _period(self, column: Any) -> list[ColumnElement[bool]]:
        return in_period(column, self.start, self.end)

    def by_area(self, areas: list[str]) -> dict[str, Counter[tuple[str, str]]]:
        """(year, kind) → records of each area in the scope.

        The years wholly inside the period (after the start's year, before the end's) are
        a GROUP BY (year, areas) of the records' facts (`store.facts`: an index read with
        no look-up); the start's and the end's years, which the period may cut, are read
        from the records (`_by_area_records`)."""
        found: dict[str, Counter[tuple[str, str]]] = {a: Counter() for a in areas}
        if not areas:
            return found
        bits = area_bits()
        try:
            first = int(self.start[:4]) if self.start else None
            last = int(self.end[:4])
        except ValueError:
            first = last = None
        if last is None or any(a not in bits for a in areas):
            self._by_area_records(areas, found, None)  # every year from the records
            return found
        edges = sorted({y for y in (first, last) if y is not None})
        self._by_area_records(areas, found, edges)
        low = None if first is None else first + 1
        high = last - 1
        if low is not None and low > high:
            return found
        refresh(self.session)
        f = RecordFact
        wanted = sum(bits[a] for a in areas)
        states = review_states(self.session, self.scope)
        for kind in LINKED_KINDS:
            for state in states:
                conds = [f.kind == kind, f.review_state == state, f.year <= high]
                conds.append(f.year.is_not(None) if low is None else f.year >= low)
                query: Any = (
                    select(f.year, f.areas, func.count())
                    .where(*conds, f.areas.op("&")(wanted) != 0)
                    .group_by(f.year, f.areas)
                )
                query = indexed(query, RecordFact.__table__, "ix_record_facts_scope_areas")
                for row in self.session.connection().execute(query):
                    year, mask, n = int(row[0]), int(row[1]), int(row[2])
                    for area in areas:
                        if mask & bits[area]:
                            found[area][(f"{year:04d}", kind)] += n
        return found

    def _by_area_records(
        self,
        areas: list[str],
        found: dict[str, Counter[tuple[str, str]]],
        years: list[int] | None,
    ) -> None:
        """Add the records of each area in the scope, of some years (None: all), read from
        the records: those of the period from the (kind, start) index and their areas from
        the key of record_areas (no table row), of every review state; then the few
        records of the other states, through the review state index, taken off."""
        if years == []:
            return
        # records first (an outer join keeps that order; the area condition drops the
        # records without one), and coalesce: each record's areas looked up by its key,
        # rather than every record of each area
        wanted = func.coalesce(RecordArea.area, "").in_(areas)
        others = [s for s in REVIEW_STATES if s != self.scope]
        for kind, column in DATE_OF:
            year = year_of(column)
            for within in [None] if years is None else years:
                ranged = [] if within is None else _in_year(column, within)
                every = (
                    select(RecordArea.area, year, func.count())
                    .select_from(Record)
                    .join(RecordArea, RecordArea.record_id == Record.id, isouter=True)
                    .where(Record.kind == kind, *self._period(column), *ranged, wanted)
                    .group_by(RecordArea.area, year)
                )
                for area, y, n in self.session.execute(every):
                    found[area][(y, kind)] += n
                if self.scope == "all":
                    continue
                # kind || '', date || '': the review state index, not the (kind, date)
                # one, finds these few
                less = (
                    select(RecordArea.area, year, func.count())
                    .select_from(Record)
                    .join(RecordArea, RecordArea.record_id == Record.id, isouter=True)
                    .where(
                        Record.review_state.in_(others),
                        (Record.kind + "") == kind,
                        *self._period(column + ""),
                        *([] if within is None else _in_year(column + "", within)),
                        wanted,
                    )
                    .group_by(RecordArea.area, year)
                )
                for area, y, n in self.session.execute(less):
                    found[area][(y, kind)] -= n

    def by_partner(self, place_id: int) -> Counter[tuple[str, str]]:
        """(year, kind) → records of a partner in the scope.

        The years wholly inside the period are a GROUP BY (kind, year) of the partner's
        `record_places` rows (`store.facts`: a row a record it is a party to or the place
        of, read from the place's index with no look-up); the start's and the end's years,
        which the period may cut, are read from the records (`_by_partner_records`), as
        are all years when the period's years are not plain."""
        edges = self._edges()
        if edges is None:
            return self._by_partner_records(place_id, None)
        refresh(self.session)
        found = self._by_partner_records(place_id, sorted({y for y in edges if y is not None}))
        first, last = edges
        low, high = None if first is None else first + 1, last - 1
        if low is not None and low > high:
            return found
        p = RecordPlace
        conds = [
            p.place_id == place_id,
            in_review(self.scope, p.review_state),
            p.kind.in_(LINKED_KINDS),
            p.year <= high,
            p.year.is_not(None) if low is None else p.year >= low,
        ]
        query = select(p.kind, p.year, func.count()).where(*conds).group_by(p.kind, p.year)
        for kind, year, n in self.session.connection().execute(query):
            if year is not None:  # never: the condition leaves the undated out
                found[(f"{year:04d}", kind)] += n
        return found

    def _edges(self) -> tuple[int | None, int] | None:
        """The years of the period's start (None: no start) and end; None if either is
        not a plain year."""
        try:
            first = int(self.start[:4]) if self.start else None
            return first, int(self.end[:4])
        except ValueError:
            return None

    def _by_partner_records(
        self, place_id: int, years: list[int] | None
    ) -> Counter[tuple[str, str]]:
        """(year, kind) → a partner's records in the scope and the period, of some years
        (None: all), read from the records."""
        found: Counter[tuple[str, str]] = Counter()
        if years == []:
            return found
        year = year_of(LINK_DATE)
        ids: Any = _partner_ids(place_id)
        within: list[ColumnElement[bool]] = []
        if years is not None:  # the few records of those years, found in record_places
            p = RecordPlace
            ids = select(p.record_id).where(
                p.place_id == place_id,
                in_review(self.scope, p.review_state),
                p.year.in_(years),
                p.kind.in_(LINKED_KINDS),
            )
            within = [or_(*(and_(*_in_year(LINK_DATE, y)) for y in years))]
        query = (
            select(Record.kind, year, func.count())
            .where(
                Record.id.in_(ids),
                Record.kind.in_(LINKED_KINDS),
                in_review(self.scope),
                *self._period(LINK_DATE),
                *within,
            )
            .group_by(Record.kind, year)
        )
        for kind, y, n in self.session.execute(query):
            found[(y, kind)] += n
        return found

    def latest(self, project: Project, limit: int) -> list[tuple[Record, bool, bool]]:
        """The newest linked records of a project, each with how it is linked."""
        found: list[Record] = []
        if project.partner_id is not None:
            # the partner's records (a few index lookups), sorted: one query for both kinds
            query = (
                select(Record)
                .where(
                    Record.id.in_(_partner_ids(project.partner_id)),
                    Record.kind.in_(LINKED_KINDS),
                    in_review(self.scope),
                    *self._period(LINK_DATE),
                )
                .order_by(LINK_DATE.desc(), Record.id.desc())
                .limit(limit)
            )
            found = list(self.session.scalars(query))
        elif project.area is not None:
            has = exists().where(RecordArea.record_id == Record.id, RecordArea.area == project.area)
            for kind, column in DATE_OF:  # newest first through each kind's date index
                query = (
                    select(Record)
                    .where(Record.kind == kind, in_review(self.scope), *self._period(column), has)
                    .order_by(column.desc(), Record.id.desc())
                    .limit(limit)
                )
                found.extend(self.session.scalars(query))
        newest = sorted(found, key=lambda r: (_date(r) or "", r.id), reverse=True)[:limit]
        return [
            (
                r,
                project.partner_id is not None and _involves(r, project.partner_id),
                project.area is not None and project.area in r.areas,
            )
            for r in newest
        ]


def _date(record: Record) -> str | None:
    value = getattr(record, "date" if record.kind == "agreement" else "start", None)
    return value if isinstance(value, str) else None


def _involves(record: Record, place_id: int) -> bool:
    if any(p.place_id == place_id for p in record.parties):
        return True
    return getattr(record, "location_id", None) == place_id


def _by_year(counts: Counter[tuple[str, str]]) -> tuple[YearCount, ...]:
    return tuple(
        YearCount(y, k, n)
        for (y, k), n in sorted(
            counts.items(), key=lambda i: (i[0][0], LINKED_KINDS.index(i[0][1]))
        )
        if n > 0 and y
    )


def plan(
    session: Session,
    plan_id: int,
    review: str | None = None,
    today: dt.date | None = None,
    linked_limit: int = 5,
    links: bool = True,
) -> PlanView:
    """One plan with its projects, their history and linked records (NotFoundError if the
    registry has no such plan, or none in the review scope). `links=False` leaves the
    linked records out (zero), for the progress alone."""
    scope = check_review(review)
    if not 0 <= linked_limit <= MAX_LINKED:
        raise InputError(f"linked must be between 0 and {MAX_LINKED}", field="linked")
    now = _today(today)
    found = session.get(Plan, plan_id) if 1 <= plan_id <= MAX_ID else None
    if found is None or (scope != "all" and found.review_state != scope):
        raise NotFoundError(f"no plan #{plan_id}" + ("" if scope == "all" else f" ({scope})"))
    projects = list(
        session.scalars(
            select(Project)
            .where(Project.plan_id == found.id, in_review(scope, Project.review_state))
            .order_by(Project.position, Project.id)
            .options(selectinload(Project.updates), selectinload(Project.partner))
        )
    )
    numbers = {p.id: n for n, p in enumerate(found.projects, start=1)}
    end = found.end or now.isoformat()
    linker = _Linker(session, scope, found.start, end)
    areas = list(dict.fromkeys(p.area for p in projects if p.area))
    area_only = [a for a in areas if any(p.area == a and p.partner_id is None for p in projects)]
    area_counts = linker.by_area(area_only if links else [])
    partner_counts: dict[int, Counter[tuple[str, str]]] = {}
    home = home_id(session)
    views = []
    histories = []
    for project in projects:
        counts: Counter[tuple[str, str]] = Counter()
        if links and project.partner_id is not None:
            if project.partner_id not in partner_counts:
                partner_counts[project.partner_id] = linker.by_partner(project.partner_id)
            counts.update(partner_counts[project.partner_id])
        elif links and project.area:
            counts.update(area_counts[project.area])
        latest = linker.latest(project, linked_limit) if links and linked_limit else []
        history = _history(found, project)
        histories.append(history)
        by_year = _by_year(counts)
        views.append(
            ProjectView(
                id=project.id,
                number=numbers[project.id],
                title=project.title,
                area=project.area,
                status=project.status,
                partner=PlaceBrief.of(project.partner) if project.partner else None,
                due=project.due,
                overdue=overdue(project.due, project.status, now),
                blockers=tuple(project.blockers or ()),
                review_state=project.review_state,
                history=history,
                linked=sum(c.n for c in by_year),
                linked_by_year=by_year,
                latest=tuple(LinkedRecord(RecordBrief.of(r, home), p, a) for r, p, a in latest),
            )
        )
    return PlanView(
        summary=_summary(found, projects, now),
        text=found.summary,
        today=now.isoformat(),
        period=(found.start, end),
        review=scope,
        projects=tuple(views),
        progress=_progress(found, histories, now),
        areas=tuple(areas),
    )
