"""The dossier page, its PDF and the briefing API on the demo registry (both backends).

The demo's Tokyo (seed-002/003/004, reviewed): the sister tie established 1988, strained
1999–2012, normalized 2014-07; the 2015-02-03 joint declaration with six areas and its 7
open commitments (no due dates: none overdue); two more agreements (the MOU and the
cooperation agreement, undated); 5 engagements.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy import select

from citydip.store.engine import Registry
from citydip.store.places import Place

SIX = ["safety", "environment", "health_welfare", "sports", "tourism", "culture"]


def tokyo_id(registry: Registry) -> int:
    with registry.session() as session:
        found = session.scalar(select(Place.id).where(Place.key == "tokyo-jp"))
    assert found is not None
    return found


def test_briefing_api_has_the_tokyo_facts(
    api: TestClient, token_for: Callable[[str], dict[str, str]], web_registry: Registry
) -> None:
    pid = tokyo_id(web_registry)
    got = api.get(
        f"/api/v1/places/{pid}/briefing?today=2026-12-31", headers=token_for("viewer")
    ).json()
    assert got["ok"] and got["place"]["name"] == "Tokyo" and got["home"]["name"] == "Seoul"
    [tie] = got["ties"]
    assert (tie["type"], tie["since"], tie["status"]) == ("sister", "1988", "active")
    assert [(p["type"], p["start"], p["end"]) for p in tie["periods"]] == [
        ("established", "1988", None),
        ("strained", "1999", "2012"),
        ("normalized", "2014-07", None),
    ]
    declaration = next(a for a in got["agreements"] if a["type"] == "joint_declaration")
    assert declaration["date"] == "2015-02-03" and declaration["areas"] == SIX
    assert len(got["agreements"]) == 3  # the declaration, the MOU, the cooperation agreement
    assert len(got["commitments"]) == 7 and got["overdue"] == 0  # none has a due date
    assert {c["area"] for c in got["commitments"]} == {
        "safety", "environment", "health_welfare", "culture"
    }  # fmt: skip
    assert got["engagements_total"] == 5
    assert {d["doc_id"] for d in got["documents"]} == {"seed-002", "seed-003", "seed-004"}
    assert got["pdf"] == f"/places/{pid}/dossier.pdf"


def test_briefing_api_errors(
    api: TestClient, token_for: Callable[[str], dict[str, str]], web_registry: Registry
) -> None:
    headers = token_for("viewer")
    missing = api.get("/api/v1/places/999999/briefing", headers=headers)
    assert missing.status_code == 404 and missing.json()["ok"] is False
    bad = api.get(f"/api/v1/places/{tokyo_id(web_registry)}/briefing?last=0", headers=headers)
    assert bad.status_code == 422
    assert api.get("/api/v1/places/1/briefing").status_code == 401


def test_dossier_page_and_the_partner_page_button(
    client_for: Callable[[str | None], TestClient], web_registry: Registry
) -> None:
    pid = tokyo_id(web_registry)
    client = client_for("viewer")
    partner = client.get(f"/places/{pid}").text
    assert f'href="/places/{pid}/dossier"' in partner and f"/places/{pid}/dossier.pdf" in partner
    page = client.get(f"/places/{pid}/dossier")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    for fact in ("1988", "1999–2012", "2014-07", "Joint declaration", "Joint fire-fighting"):
        assert fact in html, fact
    assert 'data-chart="activity-chart"' in html and "vegaEmbed" in html
    assert f'href="/places/{pid}/dossier.pdf?' in html  # the on-screen PDF link
    assert "<script src=" not in html and "<link " not in html  # self-contained
    korean = client_for("viewer")
    korean.cookies.set("lang", "ko")
    assert "결연 관계와 그 역사" in korean.get(f"/places/{pid}/dossier").text


def test_dossier_page_needs_sign_in_and_a_place(
    client_for: Callable[[str | None], TestClient],
) -> None:
    anonymous = client_for(None).get("/places/1/dossier", follow_redirects=False)
    assert anonymous.status_code in (303, 401)
    assert client_for("viewer").get("/places/999999/dossier").status_code == 404


def test_dossier_pdf_route(
    client_for: Callable[[str | None], TestClient], web_registry: Registry
) -> None:
    response = client_for("viewer").get(f"/places/{tokyo_id(web_registry)}/dossier.pdf")
    assert response.status_code == 200, response.text[:300]
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
