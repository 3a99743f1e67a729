"""Changing a plan's projects: an editor sets a project's status, on a date, with a note.

Each change is kept (`project_updates`), so a plan's progress can be drawn over time. A
project is named by its plan and its number in the plan (1 = the first, in the order the
plan lists them). A change may be dated in the past (what a later report says happened
then); the project's status is the one of its latest change by date.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from citydip.dates import parse_partial_date
from citydip.errors import InputError, NotFoundError
from citydip.store.plans import Plan, Project, ProjectUpdate
from citydip.store.resolve import Stamp
from citydip.taxonomy import PROJECT_STATUSES

MAX_NOTE = 2000
MAX_ID = 2**31 - 1


def get_plan(session: Session, ref: int | str) -> Plan:
    """A plan by id (a number) or by key; NotFoundError otherwise."""
    text = str(ref).strip()
    plan = None
    if text.isdigit() and 1 <= int(text) <= MAX_ID:
        plan = session.get(Plan, int(text))
    if plan is None and text:
        plan = session.scalar(select(Plan).where(Plan.key == text))
    if plan is None:
        raise NotFoundError(f"no plan with id or key {text!r} (see `citydip plans`)")
    return plan


def project_of(plan: Plan, number: int) -> Project:
    """The plan's project with this number (1 = the first listed); NotFoundError otherwise."""
    projects = plan.projects
    if not 1 <= number <= len(projects):
        have = f"1 to {len(projects)}" if projects else "none"
        raise NotFoundError(f"plan {plan.key} has no project {number} (its projects: {have})")
    return projects[number - 1]


def check_status(status: str) -> str:
    if status not in PROJECT_STATUSES:
        raise InputError(f"status must be one of {', '.join(PROJECT_STATUSES)}", field="status")
    return status


def check_date(value: str | None, plan: Plan, today: dt.date) -> str:
    """The change's date: a partial ISO date, not after today nor before the plan starts."""
    if value is None or not value.strip():
        return today.isoformat()
    try:
        date = parse_partial_date(value)
    except ValueError as exc:
        raise InputError(str(exc), field="date") from None
    if date > today.isoformat():
        raise InputError(f"{date} is after today ({today.isoformat()})", field="date")
    # "2016" is not before a plan that starts "2016-11": the year holds the start
    if plan.start and date < plan.start and not plan.start.startswith(date):
        raise InputError(f"{date} is before the plan starts ({plan.start})", field="date")
    return date


def check_note(note: str | None) -> str | None:
    text = " ".join(note.split()) if note else ""
    if "\x00" in text:
        raise InputError("remove the NUL character (\\0) from the note", field="note")
    if len(text) > MAX_NOTE:
        raise InputError(f"at most {MAX_NOTE} characters, please", field="note")
    return text or None


def set_status(
    session: Session,
    plan_ref: int | str,
    number: int,
    status: str,
    stamp: Stamp,
    *,
    note: str | None = None,
    date: str | None = None,
) -> ProjectUpdate:
    """Record that project `number` of a plan has `status` since `date` (default: today).

    Validation errors name their field (status, date, note); the caller commits."""
    plan = get_plan(session, plan_ref)
    project = project_of(plan, number)
    status = check_status(status)
    when = check_date(date, plan, stamp.now.date())
    text = check_note(note)
    update = ProjectUpdate(
        date=when,
        status=status,
        previous=project.status,
        note=text,
        created_by=stamp.user,
        created_at=stamp.now,
    )
    project.updates.append(update)
    session.flush()
    latest = max(project.updates, key=lambda u: (u.date, u.id))
    project.status = latest.status
    project.updated_by = stamp.user
    project.updated_at = stamp.now
    session.flush()
    return update
