"""The partner page (`/places/{id}`) over the small registry of conftest.py: every fact the
dossier reads as rows shows, with its explicit values — a tie's events and status, an
agreement's areas and commitments with their status, engagements with the people met,
memberships, the place's people, the documents and the sentences every fact came from."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from citydip.config import Settings
from citydip.services import accounts
from citydip.store.engine import Registry

from .conftest import MOU_SENTENCE, VISIT_SENTENCE

PASSWORD = "viewer-pass-1"


@pytest.fixture
def viewer(registry: Registry, small: dict[str, int], tmp_path: Path) -> Iterator[TestClient]:
    from citydip.web.app import create_app

    with registry.session() as session:
        accounts.add_user(session, "viewer", PASSWORD, "viewer")
    app = create_app(
        Settings(data_dir=tmp_path, secret_key="test-key", database_url=None), registry
    )
    with TestClient(app, base_url="http://testserver") as client:
        form = client.get("/login").text
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', form)
        assert csrf
        done = client.post(
            "/login",
            data={"username": "viewer", "password": PASSWORD, "csrf_token": csrf.group(1)},
            follow_redirects=False,
        )
        assert done.status_code == 303
        yield client
    app.state.jobs.shutdown(wait=True)


def section(page: str, name: str) -> str:
    found = re.search(rf'<section class="panel" id="{name}">(.*?)</section>', page, re.S)
    assert found, name
    return re.sub(r"\s+", " ", found.group(1))


def test_tokyo_page_shows_every_fact(viewer: TestClient, small: dict[str, int]) -> None:
    tokyo, paris, c40 = small["Tokyo"], small["Paris"], small["C40"]
    page = viewer.get(f"/places/{tokyo}").text
    assert '<h1 id="place-name">Tokyo</h1>' in page
    assert "<dd>JP · East Asia</dd>" in page and "<dd>35.690, 139.692</dd>" in page

    ties = section(page, "ties")
    assert f'id="record-{small["t1"]}"' in ties and "(1)" in ties
    assert "<strong>Sister city</strong>" in ties and "· since 1988" in ties
    assert "Status: <strong>Strained</strong>" in ties  # its latest event: strained, 2005
    assert re.findall(r'<td class="nowrap">(.*?)</td><td>(.*?)</td>', ties) == [
        ("1988", "Established"),
        ("2005", "Strained"),
    ]
    assert "No source document (entered by hand)." in ties

    agreements = section(page, "agreements")
    assert f'id="record-{small["a1"]}"' in agreements
    assert "<strong>Memorandum of understanding</strong>" in agreements
    assert "2015-02-03 · Happened" in agreements
    assert re.findall(r'<span class="badge">(\w+)</span> ', agreements.split("<table")[0]) == [
        "Safety",
        "Environment",
    ]
    rows = re.findall(
        r'<tr><td>(.*?)</td><td>(.*?)</td> <td class="nowrap">(.*?)</td>'
        r'<td><span class="badge">(.*?)</span></td></tr>',
        agreements,
    )
    assert rows == [
        ("Share flood maps", "Safety", "2016", "Open"),
        ("Joint air study", "Environment", "2015-12", "Open"),
        ("Exchange staff", "—", "—", "Done"),
    ]
    assert f'<mark class="evidence">{MOU_SENTENCE}</mark>' in agreements  # a span, no quote
    assert "Seoul and Tokyo sign an MOU</a> (2015-02-04)" in agreements

    engagements = section(page, "engagements")
    # newest first: e4 (2021, with Paris), then the visit of 2015 at Tokyo (outbound)
    assert engagements.index(f'id="record-{small["e4"]}"') < engagements.index(
        f'id="record-{small["e1"]}"'
    )
    assert (
        f'<span class="nowrap">2021</span> · Happened · with <a href="/places/{paris}">Paris</a>'
        in (engagements)
    )
    assert f'· at <a href="/places/{tokyo}">Tokyo</a> · Outbound (abroad)' in engagements
    assert "People:</span> Park Won-soon (Mayor); Yuriko Koike (Governor)</p>" in engagements
    assert f'<mark class="evidence">{VISIT_SENTENCE}</mark>' in engagements  # its quote

    memberships = section(page, "memberships")
    assert f'id="record-{small["m2"]}"' in memberships and "<strong>Board member</strong>" in (
        memberships
    )
    assert (
        f'<a href="/places/{tokyo}">Tokyo</a> → <a href="/places/{c40}">C40</a> · since 2010'
        in memberships
    )

    people = section(page, "people")
    assert re.findall(r"<li>(.*?) <span", people) == ["Yuriko Koike"]
    assert "(Governor)" in people
    documents = section(page, "documents")
    assert 'Seoul and Tokyo sign an MOU</a> <small class="muted">2015-02-04 · en · 2 facts' in (
        documents
    )


def test_rejected_records_show_when_asked(viewer: TestClient, small: dict[str, int]) -> None:
    paris = small["Paris"]
    shown = viewer.get(f"/places/{paris}").text
    assert f'id="record-{small["a2"]}"' not in shown and 'href="?rejected=true"' in shown
    assert '<span class="badge proposed"' in section(shown, "ties")  # t2, proposed, is shown
    every = viewer.get(f"/places/{paris}?rejected=true").text
    agreements = section(every, "agreements")
    assert f'id="record-{small["a2"]}"' in agreements
    assert '<span class="badge rejected"' in agreements and "2019 · " in agreements
    assert '<span class="badge">Culture</span>' in agreements


def test_the_home_city_page_pages_its_engagements(
    viewer: TestClient, small: dict[str, int]
) -> None:
    seoul = small["Seoul"]
    page = viewer.get(f"/places/{seoul}?engagements=2").text
    assert '<p class="flash info">' in page
    engagements = section(page, "engagements")
    assert re.findall(r'id="record-(\d+)"', engagements) == [str(small["e3"]), str(small["e2"])]
    assert "(2+)" in engagements and f'href="/records/engagements?place={seoul}"' in engagements
    ties = section(page, "ties")
    assert re.findall(r'id="record-(\d+)"', ties) == [
        str(small[t]) for t in ("t1", "t2", "t3")
    ]  # oldest first
