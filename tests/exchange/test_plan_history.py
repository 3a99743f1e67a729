"""A plan's status history (project_updates) goes out with an export and comes back with an
import: export → import into an empty registry → export gives the same answers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from citydip.exchange.export import export_answers
from citydip.exchange.importer import write_answers
from citydip.schema import Answer
from citydip.services import plans as service
from citydip.store.engine import Registry
from citydip.store.plans import Plan
from citydip.store.resolve import Stamp

T0 = dt.datetime(2020, 1, 1, 9, 0, tzinfo=dt.UTC)
BUNDLE = {
    "doc_id": None,
    "home": {"name": "Seoul", "country": "KR"},
    "plans": [
        {
            "title": "Partnership plan",
            "of": {"name": "Seoul", "country": "KR"},
            "start": "2016-11",
            "projects": [
                {"title": "Culture", "area": "culture", "status": "planned"},
                {"title": "Economy", "area": "economy", "status": "planned"},
            ],
            "review": {"state": "accepted"},
        }
    ],
}


def _plans(answers: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [p for a in answers for p in a.get("plans", [])]


def test_status_history_survives_export_and_import(
    registry: Registry, empty_registry: Callable[[], Registry]
) -> None:
    stamp = Stamp("maker", T0, "accepted")
    write_answers(registry, [Answer.model_validate(BUNDLE)], stamp)
    editor = Stamp("editor", T0 + dt.timedelta(days=1), "accepted")
    with registry.session() as session:
        plan_id = session.scalar(select(Plan.id))
        assert plan_id is not None
        service.set_status(session, plan_id, 1, "in_progress", editor, note="Started", date="2018")
        service.set_status(session, plan_id, 1, "done", editor, note="Festival", date="2019-05")
    with registry.session() as session:
        first = export_answers(session)
    history = _plans(first)[0]["projects"][0]["history"]
    # two changes, oldest first, each with the status before it
    assert [(h["date"], h["previous"], h["status"], h["note"], h["by"]) for h in history] == [
        ("2018", "planned", "in_progress", "Started", "editor"),
        ("2019-05", "in_progress", "done", "Festival", "editor"),
    ]
    assert "history" not in _plans(first)[0]["projects"][1]  # no change: none written
    other = empty_registry()
    write_answers(other, [Answer.model_validate(a) for a in first], stamp)
    with other.session() as session:
        again = export_answers(session)
    assert _plans(again) == _plans(first)
