"""Setting a project's status: the change is kept with its date, note and author; every
wrong input names its field; both backends.

The plan: "City plan" of Seoul, starting 2016-11, two projects: 1 "Bridge" (planned),
2 "Festival" (in progress). Today is 2020-03-01 (the stamp's day).
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from citydip.errors import InputError, NotFoundError
from citydip.exchange.importer import write_answers
from citydip.schema import Answer
from citydip.services import plans as service
from citydip.store.engine import Registry
from citydip.store.plans import Plan, ProjectUpdate
from citydip.store.resolve import Stamp

NOW = dt.datetime(2020, 3, 1, 10, 0, tzinfo=dt.UTC)
EDITOR = Stamp("editor", NOW, "accepted")


@pytest.fixture
def plan_id(registry: Registry) -> int:
    plan = {
        "title": "City plan",
        "of": {"name": "Seoul", "country": "KR"},
        "start": "2016-11",
        "projects": [{"title": "Bridge"}, {"title": "Festival", "status": "in_progress"}],
    }
    answer = Answer.model_validate({"doc_id": None, "plans": [plan]})
    write_answers(registry, [answer], Stamp("tester", NOW, "accepted"))
    with registry.session() as session:
        found = session.scalar(select(Plan.id))
    assert found is not None
    return found


def test_set_status_keeps_the_change(registry: Registry, plan_id: int) -> None:
    with registry.session() as session:
        key = session.get_one(Plan, plan_id).key
        update = service.set_status(session, key, 1, "in_progress", EDITOR, note="  Work  began ")
        assert (update.date, update.status, update.previous) == (
            "2020-03-01",
            "in_progress",
            "planned",
        )
        assert update.note == "Work began"  # spaces folded
    with registry.session() as session:
        plan = session.get_one(Plan, plan_id)
        bridge = plan.projects[0]
        assert (bridge.status, bridge.updated_by) == ("in_progress", "editor")
        assert [(u.date, u.status, u.created_by) for u in bridge.updates] == [
            ("2020-03-01", "in_progress", "editor")
        ]
        # a change dated before the latest one does not change the status
        service.set_status(session, str(plan_id), 1, "stalled", EDITOR, date="2018")
        assert bridge.status == "in_progress"
        # the plan's start year is not before the plan (2016 holds 2016-11)
        service.set_status(session, plan_id, 2, "done", EDITOR, date="2016")
        assert plan.projects[1].status == "done"
    with registry.session() as session:
        assert session.scalar(select(func.count()).select_from(ProjectUpdate)) == 3


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"status": "finished"}, "status"),
        ({"date": "2016-10"}, "date"),  # before the plan starts (2016-11)
        ({"date": "2020-03-02"}, "date"),  # after today
        ({"date": "2019-02-30"}, "date"),
        ({"date": "March 2019"}, "date"),
        ({"note": "x" * 2001}, "note"),
        ({"note": "bad\x00note"}, "note"),
    ],
)
def test_wrong_input_names_its_field(
    registry: Registry, plan_id: int, kwargs: dict[str, str], field: str
) -> None:
    args = {"status": "done"} | kwargs
    with registry.session() as session:
        with pytest.raises(InputError) as bad:
            service.set_status(
                session,
                plan_id,
                1,
                args["status"],
                EDITOR,
                note=args.get("note"),
                date=args.get("date"),
            )
        assert bad.value.field == field
        assert session.get_one(Plan, plan_id).projects[0].status == "planned"


def test_unknown_plan_or_project(registry: Registry, plan_id: int) -> None:
    with registry.session() as session:
        for number in (0, 3):
            with pytest.raises(NotFoundError, match="1 to 2"):
                service.set_status(session, plan_id, number, "done", EDITOR)
        for ref in (plan_id + 1, "nope", "0"):
            with pytest.raises(NotFoundError):
                service.set_status(session, ref, 1, "done", EDITOR)
