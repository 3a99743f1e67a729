"""Plans on the demo registry (both backends): the list and the plan page, their JSON, the
chart rows, and a project's status set by an editor through the form and the API.

The demo holds one plan, from seed-000.gold.json: "Comprehensive Plans for a City-to-City
Partnership between Seoul and Pyongyang", start 2016-11, no end, three projects (one per
component the document names): 1 city infrastructure (urban_planning, stalled),
2 economic cooperation (economy, stalled), 3 socio-cultural interaction (culture,
in_progress); partner Pyongyang, two blockers each, no due date.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient

from .conftest import csrf_of

Client = Callable[[str | None], TestClient]
TITLE = "Comprehensive Plans for a City-to-City Partnership between Seoul and Pyongyang"


def the_plan(client: TestClient) -> dict[str, Any]:
    items = client.get("/api/v1/plans").json()["items"]
    assert [p["title"] for p in items] == [TITLE]
    item: dict[str, Any] = items[0]
    return item


def test_plans_list_as_json_and_page(client_for: Client) -> None:
    viewer = client_for("viewer")
    plan = the_plan(viewer)
    counts = {s["status"]: s["n"] for s in plan["by_status"]}
    # 2 stalled + 1 in progress; share done = 0 done / (3 - 0 dropped) = 0; 3 have blockers
    assert counts == {"planned": 0, "in_progress": 1, "done": 0, "stalled": 2, "dropped": 0}
    figures = (plan["project_count"], plan["done_share"], plan["overdue"], plan["blocked"])
    assert figures == (3, 0, 0, 3)
    assert (plan["start"], plan["end"], plan["of"]["name"]) == ("2016-11", None, "Seoul")
    page = viewer.get("/plans")
    assert page.status_code == 200
    assert TITLE in page.text and f'href="/plans/{plan["id"]}"' in page.text
    assert viewer.get("/plans?review=rejected").text.count('id="no-plans"') == 1
    assert client_for(None).get("/api/v1/plans").status_code == 401


def test_plan_page_and_json(client_for: Client) -> None:
    viewer = client_for("viewer")
    pid = the_plan(viewer)["id"]
    item = viewer.get(f"/api/v1/plans/{pid}?today=2020-06-30").json()["item"]
    assert item["period"] == {"start": "2016-11", "end": "2020-06-30"}
    assert [(p["number"], p["area"], p["status"]) for p in item["projects"]] == [
        (1, "urban_planning", "stalled"),
        (2, "economy", "stalled"),
        (3, "culture", "in_progress"),
    ]
    assert all(p["partner"]["name"] == "Pyongyang" for p in item["projects"])
    # no change recorded: each history is its first status, from the plan's start
    assert [len(p["history"]) for p in item["projects"]] == [1, 1, 1]
    # progress: 2016..2020, each year 1 in progress and 2 stalled = 10 rows
    assert len(item["progress"]) == 10
    assert {(r["year"], r["kind"], r["n"]) for r in item["progress"] if r["year"] == "2018"} == {
        ("2018", "in_progress", 1),
        ("2018", "stalled", 2),
    }
    # the chart endpoints give the same rows as the plan
    assert viewer.get(f"/api/v1/plans/{pid}/progress?today=2020-06-30").json() == item["progress"]
    activity = viewer.get(f"/api/v1/plans/{pid}/activity?today=2020-06-30").json()
    assert activity == item["activity"]
    for p in item["projects"]:  # each project's activity rows add up to its linked count
        assert sum(r["n"] for r in activity if r["project"] == p["number"]) == p["linked"]
        assert sum(c["n"] for c in p["linked_by_year"]) == p["linked"]
        assert all("2016" <= c["year"] <= "2020" for c in p["linked_by_year"])
    page = viewer.get(f"/plans/{pid}")
    assert page.status_code == 200
    html = page.text
    assert len(re.findall(r'<tr id="project-\d+"', html)) == 3
    assert '<div class="card" id="count-projects"><span class="count">3</span>' in html
    assert 'id="chart-progress"' in html and 'id="chart-activity"' in html
    assert f'data-vega-src="/api/v1/plans/{pid}/progress?review=accepted"' in html
    assert 'id="status-form"' not in html  # a viewer cannot change a status
    assert viewer.get("/plans/999999").status_code == 404
    assert viewer.get("/api/v1/plans/999999").json()["status"] == 404


def test_korean_page(client_for: Client) -> None:
    viewer = client_for("viewer")
    viewer.cookies.set("lang", "ko")
    pid = the_plan(viewer)["id"]
    html = viewer.get(f"/plans/{pid}").text
    assert "시기별 진척" in html and "정체" in html  # the progress chart; 'stalled'


def test_editor_sets_a_status_with_the_form(client_for: Client) -> None:
    editor = client_for("editor")
    pid = the_plan(editor)["id"]
    page = editor.get(f"/plans/{pid}").text
    assert 'id="status-form"' in page
    form = {"project": "3", "status": "done", "date": "2019-05", "note": "Joint festival held"}
    response = editor.post(
        f"/plans/{pid}/status", data=form | {"csrf_token": csrf_of(page)}, follow_redirects=False
    )
    assert response.status_code == 303, response.text[:300]
    html = editor.get(response.headers["location"]).text
    assert 'id="flash"' in html and "Joint festival held" in html
    item = editor.get(f"/api/v1/plans/{pid}?today=2020-06-30").json()["item"]
    third = item["projects"][2]
    assert third["status"] == "done"
    assert [(c["date"], c["status"], c["previous"]) for c in third["history"]] == [
        ("2016-11", "in_progress", None),
        ("2019-05", "done", "in_progress"),
    ]
    # share done: 1 done / 3 projects; progress: 2018 still 1 in progress, 2019 1 done
    assert item["done_share"] == 1 / 3
    by_year = {(r["year"], r["kind"]): r["n"] for r in item["progress"]}
    assert by_year[("2018", "in_progress")] == 1 and ("2018", "done") not in by_year
    assert by_year[("2019", "done")] == 1 and ("2019", "in_progress") not in by_year


def test_the_form_names_the_wrong_field(client_for: Client) -> None:
    editor = client_for("editor")
    pid = the_plan(editor)["id"]
    token = csrf_of(editor.get(f"/plans/{pid}").text)
    for form, field in (
        ({"project": "1", "status": "done", "date": "2015"}, "date"),  # before 2016-11
        ({"project": "1", "status": "done", "date": "2019-02-30"}, "date"),
        ({"project": "1", "status": "finished"}, "status"),
        ({"project": "9", "status": "done"}, "project"),
    ):
        response = editor.post(f"/plans/{pid}/status", data=form | {"csrf_token": token})
        assert response.status_code == 422, form
        assert f'id="err-{field}"' in response.text, form
    assert the_plan(editor)["by_status"][3] == {"status": "stalled", "label": "Stalled", "n": 2}


def test_viewer_cannot_post_and_csrf_is_checked(client_for: Client) -> None:
    viewer = client_for("viewer")
    pid = the_plan(viewer)["id"]
    form = {"project": "1", "status": "done"}
    assert viewer.post(f"/plans/{pid}/status", data=form).status_code == 403
    editor = client_for("editor")
    del editor.headers["X-CSRF-Token"]
    assert editor.post(f"/plans/{pid}/status", data=form | {"csrf_token": "x"}).status_code == 403


def test_status_by_api(api: TestClient, token_for: Callable[[str], dict[str, str]]) -> None:
    editor, viewer = token_for("editor"), token_for("viewer")
    pid = api.get("/api/v1/plans", headers=viewer).json()["items"][0]["id"]
    url = f"/api/v1/plans/{pid}/projects/1/status"
    body = {"status": "in_progress", "date": "2018-09", "note": "Talks resumed"}
    assert api.post(url, json=body, headers=viewer).status_code == 403
    response = api.post(url, json=body, headers=editor)
    assert response.status_code == 200, response.text
    item = response.json()["item"]
    assert (item["status"], item["previous"], item["date"], item["by"]) == (
        "in_progress",
        "stalled",
        "2018-09",
        "editor",
    )
    bad = api.post(url, json={"status": "finished"}, headers=editor)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "status"
    bad = api.post(url, json={"status": "done", "date": "2999"}, headers=editor)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "date"
    missing = api.post(f"/api/v1/plans/{pid}/projects/7/status", json=body, headers=editor)
    assert missing.status_code == 404
    first = api.get(f"/api/v1/plans/{pid}", headers=viewer).json()["item"]["projects"][0]
    assert [c["status"] for c in first["history"]] == ["stalled", "in_progress"]
