"""Plans benchmark cases (run by benchmarks/analytics.py; or alone: `python
benchmarks/analytics_plans.py [REGISTRY.db]`, default /tmp/citydip-bench/registry-full.db).

The generated registry has no plan, and the benchmark writes nothing to it. On SQLite the
cases run on a copy (made once, by SQLite's backup from a read-only connection, under
/tmp/citydip-plans-bench/) to which one plan is added: ten projects in ten areas (the
ten largest: economy, culture, tourism, ...), eight with a partner among the places in
the most records (linked by the partner), two without (linked by their area), start
2016-11, open, 20 status changes. Each project links to tens of thousands of records, so
the linked counts are the heavy part.
On PostgreSQL the same plan is added inside a savepoint of the case's session and rolled
back at the end of the case: nothing stays.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from citydip.analytics import plans as analysis
from citydip.config import sqlite_url
from citydip.store.engine import Registry, open_registry
from citydip.store.plans import Plan, Project, ProjectUpdate
from citydip.store.records import RecordArea, RecordParty
from citydip.store.registry import get_home

COPIES = Path("/tmp/citydip-plans-bench")
KEY = "bench-plan-0002"  # a new key: the copy gets this plan anew
TODAY = dt.date(2026, 12, 1)
STATUSES = ("planned", "in_progress", "stalled", "done", "in_progress")
_registries: dict[str, Registry] = {}


def add_plan(session: Session) -> int:
    """The benchmark's plan (see the module docstring); its id."""
    home = get_home(session)
    home_id = home.id if home else None
    count = func.count()
    top = (
        select(RecordParty.place_id)
        .where(RecordParty.place_id != home_id)
        .group_by(RecordParty.place_id)
        .order_by(count.desc(), RecordParty.place_id)
        .limit(10)
    )
    partners = list(session.scalars(top))
    areas = list(
        session.scalars(
            select(RecordArea.area).group_by(RecordArea.area).order_by(count.desc()).limit(10)
        )
    )
    plan = Plan(
        key=KEY,
        title="Benchmark partnership plan",
        place_id=home_id,
        start="2016-11",
        summary="Ten projects in ten areas.",
        review_state="accepted",
    )
    for n in range(10):
        project = Project(
            position=n,
            title=f"Project {n + 1} ({areas[n % len(areas)]})",
            area=areas[n % len(areas)],
            # the last two without a partner: linked by their area (the other path)
            partner_id=partners[n % len(partners)] if partners and n < 8 else None,
            status="planned",
            due=f"{2018 + n % 5}",
            blockers=["sanctions"] if n % 3 == 0 else [],
            review_state="accepted",
        )
        for k, status in enumerate(STATUSES[: 2 + n % 2]):
            project.updates.append(
                ProjectUpdate(
                    date=f"{2017 + k + n % 3}-0{1 + k}",
                    status=status,
                    previous=project.status,
                    note=f"change {k + 1}",
                    created_by="bench",
                )
            )
            project.status = status
        plan.projects.append(project)
    session.add(plan)
    session.flush()
    return plan.id


def _copy(source: Path) -> Registry:
    """A registry on a copy of `source` with the benchmark's plan (made once)."""
    in_copies = source.parent == COPIES
    target = source if in_copies else COPIES / f"{source.stem}-plans.db"
    key = str(target)
    if key in _registries:
        return _registries[key]
    if not in_copies and (not target.exists() or target.stat().st_mtime < source.stat().st_mtime):
        COPIES.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".partial")
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        dst = sqlite3.connect(partial)
        src.backup(dst)
        dst.close()
        src.close()
        partial.replace(target)
    registry = open_registry(sqlite_url(target))  # upgrades the copy (project_updates)
    with registry.session() as session:
        if session.scalar(select(Plan.id).where(Plan.key == KEY)) is None:
            add_plan(session)
    _registries[key] = registry
    return registry


def _sqlite_file(session: Session) -> Path | None:
    url = session.get_bind().engine.url
    return Path(url.database) if url.get_backend_name() == "sqlite" and url.database else None


def _on_plan(run: Callable[[Session, int], object]) -> Callable[[Session], object]:
    """A case: `run(session, plan_id)` on a registry that holds the benchmark's plan."""

    def case(session: Session) -> object:
        path = _sqlite_file(session)
        if path is not None:
            with _copy(path).session() as copy:
                plan_id = copy.scalar(select(Plan.id).where(Plan.key == KEY))
                assert plan_id is not None
                return run(copy, plan_id)
        savepoint = session.begin_nested()
        try:
            return run(session, add_plan(session))
        finally:
            savepoint.rollback()

    return case


CASES: list[tuple[str, Callable[[Session], object]]] = [
    ("plans", _on_plan(lambda s, _: analysis.plans(s, today=TODAY))),
    ("plan", _on_plan(lambda s, pid: analysis.plan(s, pid, today=TODAY))),
    ("plan_progress", _on_plan(lambda s, pid: analysis.plan(s, pid, today=TODAY, links=False))),
    ("plan_linked_all", _on_plan(lambda s, pid: analysis.plan(s, pid, "all", today=TODAY))),
]


def main() -> None:
    source = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/citydip-bench/registry-full.db")
    registry = _copy(source)
    for name, run in CASES:
        times = []
        for _ in range(4):
            with registry.session() as session:
                start = time.perf_counter()
                result = run(session)
                times.append(time.perf_counter() - start)
        linked = ""
        if isinstance(result, analysis.PlanView):
            linked = f" (linked: {sum(p.linked for p in result.projects):,})"
        ms = ", ".join(f"{t * 1000:,.0f}" for t in times)
        print(f"plans.{name}: cold {ms.split(', ')[0]} ms; warm {ms} ms{linked}")


if __name__ == "__main__":
    main()
