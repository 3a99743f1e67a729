"""Record pages: lists, one record, and the forms that create, edit and delete records.

On SQLite and PostgreSQL (the `web_registry` fixture), through the HTML a browser gets:
rows are compared with what `store.listing.page_records` (the API's list) returns.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from citydip.services import editing
from citydip.store import queries
from citydip.store.documents import Evidence
from citydip.store.engine import Registry
from citydip.store.listing import RecordFilter, page_records
from citydip.store.records import Record
from citydip.store.resolve import Stamp

from .conftest import NOW, csrf_of

Client = Callable[[str | None], TestClient]
KINDS = ("relationships", "agreements", "engagements", "memberships")
ROW = re.compile(r'<tr data-id="(\d+)">')
HOSTILE = "<script>alert(1)</script><b>x</b>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;x&lt;/b&gt;"


def row_ids(html: str) -> list[int]:
    return [int(i) for i in ROW.findall(html)]


def listed(reg: Registry, kind: str, **kw: Any) -> tuple[list[int], int]:
    """The ids and total that the library's list gives (what the API shows)."""
    sort = kw.pop("sort", "-date")
    page = kw.pop("page", 1)
    per_page = kw.pop("per_page", 25)
    with reg.session() as session:
        result = page_records(session, kind, RecordFilter(**kw), sort, page, per_page)
        return [r.id for r in result.items], result.total


class FormReader(HTMLParser):
    """The fields of one form as a browser would send them (inputs, selects, textareas)."""

    def __init__(self, form_id: str) -> None:
        super().__init__()
        self.form_id = form_id
        self.inside = False
        self.fields: list[tuple[str, str]] = []
        self._select: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside or "name" not in a and tag in ("input", "select", "textarea"):
            return
        if tag == "input":
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            if a.get("type") == "search":
                return  # the place finder: a browser sends it, the server ignores it
            self.fields.append((a["name"], a.get("value", "")))
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self.fields.append((self._select, a.get("value", "")))
        elif tag == "textarea":
            self._textarea, self._text = a["name"], []

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.fields.append((self._textarea, "".join(self._text)))
            self._textarea = None


def form_fields(html: str, form_id: str = "record-form") -> dict[str, Any]:
    reader = FormReader(form_id)
    reader.feed(html)
    found: dict[str, Any] = {}
    for name, value in reader.fields:
        if name == "areas":
            found.setdefault("areas", []).append(value)
        else:
            found[name] = value
    assert found, f"no form #{form_id} in the page"
    return found


def record_count(reg: Registry) -> int:
    with reg.session() as session:
        return session.scalar(select(func.count()).select_from(Record)) or 0


def first_id(reg: Registry, kind: str, **kw: Any) -> int:
    ids, _ = listed(reg, kind, sort="id", **kw)
    assert ids
    return ids[0]


# -- lists ------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_a_viewer_sees_each_list_as_the_library_pages_it(
    client_for: Client, web_registry: Registry, kind: str
) -> None:
    page = client_for("viewer").get(f"/records/{kind}")
    assert page.status_code == 200, page.text
    ids, total = listed(web_registry, kind)
    assert ids and row_ids(page.text) == ids
    assert f"1–{len(ids)} of {total}" in page.text
    for other in KINDS:  # the tabs
        assert f'href="/records/{other}"' in page.text
    assert 'id="new-record"' not in page.text  # a viewer cannot add records


def test_an_editor_gets_a_new_record_button(client_for: Client) -> None:
    page = client_for("editor").get("/records/agreements")
    assert 'id="new-record" href="/records/agreements/new"' in page.text


def test_rows_link_to_records_and_partner_pages(client_for: Client, web_registry: Registry) -> None:
    page = client_for("viewer").get("/records/relationships?per_page=200")
    with web_registry.session() as session:
        result = page_records(session, "relationships", per_page=200)
        for record in result.items:
            assert f'<a href="/records/{record.id}">#{record.id}</a>' in page.text
            partner = next(p for p in record.party_places if p.key != "seoul-kr")
            assert f'href="/places/{partner.id}"' in page.text


@pytest.mark.parametrize(
    "query, filters",
    [
        ("type=official_visit", {"type": "official_visit"}),
        ("review=proposed", {"review": "proposed"}),
        ("year=2019", {"year": 2019}),
        ("area=culture", {"area": "culture"}),
        ("status=planned", {"status": "planned"}),
        ("q=qingdao", {"q": "qingdao"}),
        ("type=meeting&review=accepted&q=", {"type": "meeting", "review": "accepted"}),
    ],
)
def test_filters_narrow_the_rows_as_the_library_does(
    client_for: Client, web_registry: Registry, query: str, filters: dict[str, Any]
) -> None:
    page = client_for("viewer").get(f"/records/engagements?{query}&per_page=200")
    assert page.status_code == 200, page.text
    ids, total = listed(web_registry, "engagements", per_page=200, **filters)
    _, everything = listed(web_registry, "engagements")
    assert ids and total < everything  # the filter keeps some rows and drops others
    assert row_ids(page.text) == ids


def test_filter_selects_show_the_chosen_values(client_for: Client) -> None:
    page = client_for("viewer").get("/records/engagements?type=honor&review=proposed&year=2019")
    assert '<option value="honor" selected>' in page.text
    assert '<option value="proposed" selected>' in page.text
    assert 'name="year" min="1" max="9999" step="1" value="2019"' in page.text


@pytest.mark.parametrize("sort", ["date", "-date", "id", "-id", "type", "-type"])
def test_sorting_orders_rows_as_the_library_does(
    client_for: Client, web_registry: Registry, sort: str
) -> None:
    page = client_for("viewer").get(f"/records/agreements?sort={sort}&per_page=200")
    ids, _ = listed(web_registry, "agreements", sort=sort, per_page=200)
    assert row_ids(page.text) == ids


def test_a_sorted_column_header_links_to_the_other_direction(client_for: Client) -> None:
    page = client_for("viewer").get("/records/agreements?sort=date&type=mou")
    assert 'aria-sort="ascending"' in page.text
    # the other direction is the default order, which the link leaves out
    assert 'href="/records/agreements?type=mou" hx-get="/records/agreements?type=mou"' in page.text
    assert 'hx-get="/records/agreements?type=mou&amp;sort=-type"' in page.text
    newest = client_for("viewer").get("/records/agreements?type=mou")
    assert 'aria-sort="descending"' in newest.text
    assert 'href="/records/agreements?type=mou&amp;sort=date"' in newest.text


def test_paging_shows_each_page_and_links_to_its_neighbours(
    client_for: Client, web_registry: Registry
) -> None:
    client = client_for("viewer")
    page = client.get("/records/engagements?type=official_visit&per_page=5&page=2")
    ids, total = listed(web_registry, "engagements", type="official_visit", per_page=5, page=2)
    assert total > 10
    assert row_ids(page.text) == ids and len(ids) == 5
    assert f"6–10 of {total}" in page.text
    assert 'href="/records/engagements?type=official_visit&amp;per_page=5"' in page.text  # page 1
    assert 'href="/records/engagements?type=official_visit&amp;per_page=5&amp;page=3"' in page.text
    first = client.get("/records/engagements?type=official_visit&per_page=5")
    assert not set(row_ids(first.text)) & set(ids)
    assert 'id="prev-page"' not in first.text and 'id="next-page"' in first.text


def test_a_page_past_the_end_says_so(client_for: Client, web_registry: Registry) -> None:
    _, total = listed(web_registry, "memberships")
    page = client_for("viewer").get("/records/memberships?page=50")
    assert page.status_code == 200 and row_ids(page.text) == []
    assert f"Nothing on this page ({total} in all)." in page.text


def test_an_htmx_request_gets_only_the_results_block(
    client_for: Client, web_registry: Registry
) -> None:
    client = client_for("viewer")
    page = client.get("/records/engagements?type=meeting", headers={"HX-Request": "true"})
    assert page.status_code == 200
    assert "<html" not in page.text and "<form" not in page.text
    ids, total = listed(web_registry, "engagements", type="meeting")
    assert row_ids(page.text) == ids and f"of {total}" in page.text
    assert "HX-Request" in page.headers["vary"]
    full = client.get("/records/engagements?type=meeting")
    assert "<html" in full.text and 'hx-target="#results"' in full.text


def test_a_wrong_filter_value_is_a_message_next_to_it(client_for: Client) -> None:
    page = client_for("viewer").get("/records/engagements?year=nineteen")
    assert page.status_code == 422
    assert re.search(r'<p class="field-error" id="err-year">[^<]*whole number', page.text)
    assert 'name="year" min="1" max="9999" step="1" value="nineteen" aria-invalid="true"' in (
        page.text
    )


def test_a_filter_no_record_could_match_is_a_message_and_no_rows(client_for: Client) -> None:
    page = client_for("viewer").get("/records/engagements?type=picnic&area=astrology")
    assert page.status_code == 422 and row_ids(page.text) == []
    errors = re.search(
        r'<div class="form-errors" role="alert" id="list-errors">(.*?)</div>', page.text, re.S
    )
    assert errors and "picnic" in errors.group(1) and "astrology" in errors.group(1)
    block = client_for("viewer").get(
        "/records/engagements?type=picnic", headers={"HX-Request": "1"}
    )
    assert block.status_code == 200 and 'id="list-errors"' in block.text  # HTMX swaps only 2xx


def test_ties_filter_by_their_status(client_for: Client, web_registry: Registry) -> None:
    client = client_for("viewer")
    for status in ("active", "strained", "terminated"):
        page = client.get(f"/records/relationships?status={status}&per_page=200")
        assert page.status_code == 200
        ids, _ = listed(web_registry, "relationships", status=status, per_page=200)
        assert row_ids(page.text) == ids
    active, total = listed(web_registry, "relationships", status="active", per_page=200)
    assert 0 < len(active) <= total


def test_the_place_filter_lists_a_partners_records(
    client_for: Client, web_registry: Registry
) -> None:
    with web_registry.session() as session:
        qingdao = queries.find_place(session, "qingdao-cn").id
    page = client_for("viewer").get(f"/records/engagements?place={qingdao}")
    ids, _ = listed(web_registry, "engagements", place_id=qingdao)
    assert ids and row_ids(page.text) == ids
    assert f'<input type="hidden" name="place" value="{qingdao}">' in page.text


def test_lists_speak_korean(client_for: Client) -> None:
    client = client_for("viewer")
    client.cookies.set("lang", "ko")
    page = client.get("/records/engagements")
    assert "교류 활동" in page.text and "검토 상태" in page.text


def test_an_unknown_kind_or_record_is_not_found(client_for: Client) -> None:
    client = client_for("viewer")
    assert client.get("/records/treaties").status_code == 404
    assert client.get("/records/999999").status_code == 404
    assert client.get("/records/999999/edit").status_code == 403  # viewers edit nothing


def test_lists_need_a_sign_in(client_for: Client) -> None:
    page = client_for(None).get("/records/agreements", follow_redirects=False)
    assert page.status_code == 303
    assert page.headers["location"] == "/login?next=/records/agreements"


# -- one record -------------------------------------------------------------------------


def test_a_record_page_shows_its_fields_and_evidence(
    client_for: Client, web_registry: Registry
) -> None:
    with web_registry.session() as session:
        spans = select(Evidence.record_id).where(Evidence.start.is_not(None))
        record = editing.get(session, session.scalars(spans.order_by(Evidence.id)).first() or 0)
        evidence = queries.evidence_of(session, record)
        texts = [
            ev.quote or (ev.document.text or "")[ev.start : ev.end]
            for ev in evidence
            if ev.start is not None
        ]
        titles = [ev.document.title or ev.document.doc_id for ev in evidence]
        parties = [(p.id, p.name) for p in record.party_places]
        version, type_ = record.version, record.type
    page = client_for("viewer").get(f"/records/{record.id}")
    assert page.status_code == 200
    assert f'<code class="muted small">{type_}</code>' in page.text
    for pid, name in parties:
        assert f'<a href="/places/{pid}" class="place">{name}</a>' in page.text
    assert f'<dd id="record-version">{version}</dd>' in page.text
    assert texts and all(texts), "the demo has records with evidence sentences"
    for text in texts:
        assert f'<mark class="evidence">{_escape(text)}</mark>' in page.text
    for title in titles:
        assert _escape(title) in page.text
    assert 'id="edit-record"' not in page.text  # a viewer gets no edit button


def test_a_record_supported_by_a_whole_document_says_so(
    client_for: Client, web_registry: Registry
) -> None:
    with web_registry.session() as session:
        whole = select(Evidence).where(Evidence.start.is_(None)).order_by(Evidence.id)
        ev = session.scalars(whole).first()
        assert ev is not None
        rid, doc, title = ev.record_id, ev.document_id, ev.document.title or ev.document.doc_id
    page = client_for("viewer").get(f"/records/{rid}")
    assert "The whole document supports this record." in page.text
    assert f'<a href="/documents/{doc}">{_escape(title)}</a>' in page.text


def _escape(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))


def test_a_tie_shows_its_events_and_an_engagement_its_people(
    client_for: Client, web_registry: Registry
) -> None:
    with web_registry.session() as session:
        ties = page_records(session, "relationships", sort="id", per_page=200).items
        tie = next(r for r in ties if r.events)
        event = tie.events[0]
        visits = page_records(session, "engagements", sort="id", per_page=200).items
        visit = next(r for r in visits if r.people)
        person = visit.people[0].person.name
    client = client_for("viewer")
    page = client.get(f"/records/{tie.id}")
    assert f"<td>{event.when}</td>" in page.text
    page = client.get(f"/records/{visit.id}")
    assert f"<td>{_escape(person)}</td>" in page.text


# -- create -----------------------------------------------------------------------------

NEW = {
    "agreements": {
        "type": "mou",
        "parties": "Seoul, KR\nTokyo, JP",
        "date": "2024-05-02",
        "status": "happened",
        "areas": ["culture", "tourism"],
        "title": "MOU on night tourism",
        "summary": "Seoul and Tokyo share night-tourism routes.",
        "commitments": "Share routes | tourism | 2025\nJoint festival",
    },
    "relationships": {
        "type": "friendship",
        "parties": "seoul-kr\nTestville, FR",
        "since": "2001-04",
        "events": "established 2001-04\nstrained 2019..2020",
    },
    "engagements": {
        "type": "meeting",
        "parties": "Seoul, KR\nHanoi, VN",
        "start": "2023-10-05",
        "end": "2023-10-06",
        "location": "Hanoi, VN",
        "people": "Tran Van A | Chairman | Hanoi\nKim Cheol | Vice mayor",
        "status": "planned",
        "areas": ["transport"],
        "title": "Talks on metro lines",
        "summary": "",
    },
    "memberships": {
        "network": "Test Cities Network",
        "member": "seoul-kr",
        "role": "founder",
        "since": "2010",
    },
}


def _post_new(client: TestClient, kind: str, data: dict[str, Any]) -> Any:
    page = client.get(f"/records/{kind}/new")
    assert page.status_code == 200, page.text
    return client.post(
        f"/records/{kind}/new",
        data={**data, "csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )


@pytest.mark.parametrize("kind", KINDS)
def test_an_editor_creates_a_record_with_the_form(
    client_for: Client, web_registry: Registry, kind: str
) -> None:
    client = client_for("editor")
    response = _post_new(client, kind, NEW[kind])
    assert response.status_code == 303, response.text
    found = re.fullmatch(r"/records/(\d+)", response.headers["location"])
    assert found
    rid = int(found.group(1))
    shown = client.get(response.headers["location"])
    assert f"Record #{rid} created." in shown.text
    assert f"Record #{rid} created." not in client.get(f"/records/{rid}").text  # flashed once
    listing = client.get(f"/records/{kind}?sort=-id")
    assert rid in row_ids(listing.text)
    with web_registry.session() as session:
        record = editing.get(session, rid)
        body = record_body(record)
    assert body == EXPECTED[kind]


def test_the_same_fact_twice_is_one_record(client_for: Client, web_registry: Registry) -> None:
    client = client_for("editor")
    first = _post_new(client, "agreements", NEW["agreements"])
    before = record_count(web_registry)
    again = _post_new(client, "agreements", NEW["agreements"])
    assert again.status_code == 303
    assert again.headers["location"] == first.headers["location"]
    rid = first.headers["location"].rsplit("/", 1)[1]
    assert f"The registry already held this as record #{rid}" in client.get(f"/records/{rid}").text
    assert record_count(web_registry) == before


def record_body(record: Record) -> dict[str, Any]:
    from citydip.exchange.export import record_dict

    data = record_dict(record)
    data["review"] = record.review_state
    data["created_by"] = record.created_by
    for c in data.get("commitments", []):
        c.pop("review")
    return data


SEOUL = {"name": "Seoul", "country": "KR", "level": "city"}
EXPECTED: dict[str, dict[str, Any]] = {
    "agreements": {
        "kind": "agreement",
        "type": "mou",
        "date": "2024-05-02",
        "parties": [SEOUL, {"name": "Tokyo", "country": "JP", "level": "city"}],
        "areas": ["culture", "tourism"],
        "status": "happened",
        "title": "MOU on night tourism",
        "summary": "Seoul and Tokyo share night-tourism routes.",
        "commitments": [
            {"text": "Share routes", "area": "tourism", "due": "2025", "status": "open"},
            {"text": "Joint festival", "status": "open"},
        ],
        "review": "accepted",
        "created_by": "editor",
    },
    "relationships": {
        "kind": "relationship",
        "type": "friendship",
        "parties": [SEOUL, {"name": "Testville", "country": "FR", "level": "city"}],
        "since": "2001-04",
        "events": [
            {"type": "established", "date": "2001-04"},
            {"type": "strained", "start": "2019", "end": "2020"},
        ],
        "review": "accepted",
        "created_by": "editor",
    },
    "engagements": {
        "kind": "engagement",
        "type": "meeting",
        "start": "2023-10-05",
        "end": "2023-10-06",
        "parties": [SEOUL, {"name": "Hanoi", "country": "VN", "level": "city"}],
        "location": {"name": "Hanoi", "country": "VN", "level": "city"},
        "people": [
            {"name": "Tran Van A", "title": "Chairman", "of": "Hanoi"},
            {"name": "Kim Cheol", "title": "Vice mayor", "of": None},
        ],
        "areas": ["transport"],
        "status": "planned",
        "title": "Talks on metro lines",
        "review": "accepted",
        "created_by": "editor",
    },
    "memberships": {
        "kind": "membership",
        "network": "Test Cities Network",
        "member": SEOUL,
        "role": "founder",
        "since": "2010",
        "review": "accepted",
        "created_by": "editor",
    },
}


def test_wrong_fields_get_messages_next_to_them_and_keep_what_was_typed(
    client_for: Client, web_registry: Registry
) -> None:
    before = record_count(web_registry)
    data = {
        **NEW["agreements"],
        "date": "2019-13-45",
        "parties": "Seoul, KR\nTokyo, Japan",
        "areas": ["culture", "astrology"],
        "title": "Kept <title> & all",
    }
    response = _post_new(client_for("editor"), "agreements", data)
    assert response.status_code == 422
    html = response.text
    errors = dict(re.findall(r'<p class="field-error" id="err-(\w+)">([^<]*)</p>', html))
    assert set(errors) == {"date", "parties", "areas"}
    assert errors["parties"].startswith("line 2: ") and "country code" in errors["parties"]
    assert "astrology" in errors["areas"]
    assert 'name="date" value="2019-13-45"' in html and 'aria-describedby="err-date"' in html
    assert 'value="Kept &lt;title&gt; &amp; all"' in html
    assert ">Seoul, KR\nTokyo, Japan</textarea>" in html
    assert 'value="culture" checked' in html
    assert record_count(web_registry) == before


def test_a_tie_needs_two_parties_and_a_type(client_for: Client) -> None:
    data = {**NEW["relationships"], "type": "", "parties": "Seoul, KR"}
    response = _post_new(client_for("editor"), "relationships", data)
    assert response.status_code == 422
    assert re.search(r'id="err-type">choose a type<', response.text)
    assert re.search(r'id="err-parties">[^<]*exactly two parties', response.text)


def test_an_event_line_with_an_unknown_type_names_its_line(client_for: Client) -> None:
    data = {**NEW["relationships"], "events": "established 2001\n\nexploded 2003"}
    response = _post_new(client_for("editor"), "relationships", data)
    assert response.status_code == 422
    assert re.search(r'id="err-events">line 3: [^<]*exploded', response.text)


def test_a_5000_character_title_is_a_field_error(
    client_for: Client, web_registry: Registry
) -> None:
    before = record_count(web_registry)
    response = _post_new(
        client_for("editor"), "agreements", {**NEW["agreements"], "title": "T" * 5000}
    )
    assert response.status_code == 422
    assert re.search(r'id="err-title">at most 500 characters[^<]*5,000', response.text)
    assert record_count(web_registry) == before


def test_long_names_and_titles_in_lines_are_field_errors_naming_the_line(
    client_for: Client, web_registry: Registry
) -> None:
    before = record_count(web_registry)
    data = {
        **NEW["engagements"],
        "parties": "Seoul, KR\n" + "N" * 180 + ", VN",
        "people": "Kim | Mayor\nLee | " + "t" * 300,
    }
    response = _post_new(client_for("editor"), "engagements", data)
    assert response.status_code == 422
    assert re.search(r'id="err-parties">line 2: at most 150 characters', response.text)
    assert re.search(r'id="err-people">line 2: at most 200 characters', response.text)
    assert record_count(web_registry) == before


def test_hostile_text_is_shown_as_text_in_list_detail_and_form(
    client_for: Client, web_registry: Registry
) -> None:
    client = client_for("editor")
    data = {**NEW["agreements"], "title": HOSTILE, "summary": HOSTILE}
    response = _post_new(client, "agreements", data)
    assert response.status_code == 303
    rid = int(response.headers["location"].rsplit("/", 1)[1])
    for path in ("/records/agreements?sort=-id", f"/records/{rid}", f"/records/{rid}/edit"):
        html = client.get(path).text
        assert ESCAPED in html, path
        assert "<script>alert(1)" not in html and "<b>x</b>" not in html, path
    bad = _post_new(client, "agreements", {**data, "date": "never"})
    assert bad.status_code == 422 and ESCAPED in bad.text and "<b>x</b>" not in bad.text


def test_a_nul_character_is_a_field_error(client_for: Client) -> None:
    data = {**NEW["agreements"], "title": "bad\x00title"}
    response = _post_new(client_for("editor"), "agreements", data)
    assert response.status_code == 422
    assert re.search(r'id="err-title">remove the NUL character', response.text)


# -- permissions and CSRF -------------------------------------------------------------


def test_a_viewer_cannot_post_any_record_form(client_for: Client, web_registry: Registry) -> None:
    client = client_for("viewer")
    rid = first_id(web_registry, "agreements")
    csrf = csrf_of(client.get(f"/records/{rid}").text)
    before = record_count(web_registry)
    with web_registry.session() as session:
        version = editing.get(session, rid).version
    for path in ("/records/agreements/new", f"/records/{rid}/edit", f"/records/{rid}/delete"):
        data = {**NEW["agreements"], "csrf_token": csrf, "version": str(version)}
        response = client.post(path, data=data, follow_redirects=False)
        assert response.status_code == 403, path
    assert record_count(web_registry) == before
    with web_registry.session() as session:
        assert editing.get(session, rid).version == version


def test_a_form_without_the_csrf_token_is_refused(
    client_for: Client, web_registry: Registry
) -> None:
    client = client_for("editor")
    client.headers.pop("X-CSRF-Token")
    before = record_count(web_registry)
    response = client.post("/records/agreements/new", data=NEW["agreements"])
    assert response.status_code == 403 and "CSRF" in response.text
    wrong = client.post(
        "/records/agreements/new", data={**NEW["agreements"], "csrf_token": "forged"}
    )
    assert wrong.status_code == 403
    assert record_count(web_registry) == before


# -- edit -------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_saving_an_unchanged_form_keeps_the_record(
    client_for: Client, web_registry: Registry, kind: str
) -> None:
    """The edit form writes each field so that it reads back as the same content."""
    with web_registry.session() as session:
        items = page_records(session, kind, sort="id", per_page=200).items
        record = max(items, key=lambda r: (len(r.parties), r.id))
        rid, before = record.id, record_body(record)
    client = client_for("editor")
    form = client.get(f"/records/{rid}/edit")
    assert form.status_code == 200
    fields = form_fields(form.text)
    response = client.post(f"/records/{rid}/edit", data=fields, follow_redirects=False)
    assert response.status_code == 303, response.text
    with web_registry.session() as session:
        after = editing.get(session, rid)
        assert record_body(after) == before
        assert after.version == int(fields["version"]) + 1


def test_an_edit_saves_and_says_so(client_for: Client, web_registry: Registry) -> None:
    rid = first_id(web_registry, "engagements")
    client = client_for("editor")
    fields = form_fields(client.get(f"/records/{rid}/edit").text)
    fields.update(title="Renamed by the form", status="cancelled", areas=["water"])
    response = client.post(f"/records/{rid}/edit", data=fields, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == f"/records/{rid}"
    page = client.get(f"/records/{rid}")
    assert f"Record #{rid} saved." in page.text and "Renamed by the form" in page.text
    with web_registry.session() as session:
        record = editing.get(session, rid)
        assert (record.title, record.status, record.areas) == (
            "Renamed by the form",
            "cancelled",
            ["water"],
        )
        assert record.updated_by == "editor"


def test_edit_then_accept_from_the_review_queue(client_for: Client, web_registry: Registry) -> None:
    with web_registry.session() as session:
        rid = (
            page_records(session, "engagements", RecordFilter(review="proposed"), sort="id")
            .items[0]
            .id
        )
    client = client_for("editor")
    form = client.get(f"/records/{rid}/edit?then=accept")
    assert 'name="then" value="accept"' in form.text and "Save and accept" in form.text
    fields = form_fields(form.text)
    fields.update(title="Checked and corrected")
    response = client.post(f"/records/{rid}/edit", data=fields, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/review"
    with web_registry.session() as session:
        record = editing.get(session, rid)
        assert (record.title, record.review_state) == ("Checked and corrected", "accepted")
    plain = client.get(f"/records/{rid}/edit?then=delete")  # only accept is a follow-up
    assert 'name="then"' not in plain.text


def test_an_edit_of_a_stale_version_is_a_conflict_and_writes_nothing(
    client_for: Client, web_registry: Registry
) -> None:
    rid = first_id(web_registry, "agreements")
    client = client_for("editor")
    fields = form_fields(client.get(f"/records/{rid}/edit").text)
    with web_registry.session() as session:  # someone else saves first
        record = editing.get(session, rid)
        body = {**record_body(record), "title": "Their title"}
        for key in ("review", "created_by"):
            body.pop(key)
        editing.update_content(session, rid, body, record.version, Stamp("admin", NOW))
        session.commit()
        theirs = record_body(editing.get(session, rid))
        current = editing.get(session, rid).version
    fields["title"] = "My title"
    response = client.post(f"/records/{rid}/edit", data=fields)
    assert response.status_code == 409
    html = response.text
    assert 'id="conflict"' in html and "changed by admin" in html
    assert f'<a class="button" id="reload" href="/records/{rid}/edit">' in html
    assert f"Stored now (version {current})" in html and "Their title" in html
    assert 'value="My title"' in html  # what this editor typed is still in the form
    assert f'name="version" value="{fields["version"]}"' in html  # saving again conflicts again
    with web_registry.session() as session:
        record = editing.get(session, rid)
        assert record_body(record) == theirs and record.version == current


def test_an_edit_with_an_error_keeps_the_version_and_the_typing(
    client_for: Client, web_registry: Registry
) -> None:
    rid = first_id(web_registry, "engagements")
    client = client_for("editor")
    fields = form_fields(client.get(f"/records/{rid}/edit").text)
    fields.update(start="2020-05-01", end="2020-04-01", title="Typed title")
    response = client.post(f"/records/{rid}/edit", data=fields)
    assert response.status_code == 422
    assert 'value="Typed title"' in response.text
    assert f'name="version" value="{fields["version"]}"' in response.text
    assert re.search(r'class="field-error" id="err-(end|start)">[^<]*before', response.text)


def test_an_edit_without_a_version_is_refused(client_for: Client, web_registry: Registry) -> None:
    rid = first_id(web_registry, "agreements")
    client = client_for("editor")
    fields = form_fields(client.get(f"/records/{rid}/edit").text)
    del fields["version"]
    response = client.post(f"/records/{rid}/edit", data=fields)
    assert response.status_code == 422 and 'id="err-_form"' in response.text


# -- delete -----------------------------------------------------------------------------


def test_delete_asks_first_then_deletes(client_for: Client, web_registry: Registry) -> None:
    rid = first_id(web_registry, "engagements")
    client = client_for("editor")
    confirm = client.get(f"/records/{rid}/delete")
    assert confirm.status_code == 200 and 'id="confirm-delete"' in confirm.text
    assert client.get(f"/records/{rid}").status_code == 200  # asking deleted nothing
    fields = form_fields(confirm.text.replace('class="form-actions">', 'id="del">'), "del")
    response = client.post(f"/records/{rid}/delete", data=fields, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/records/engagements"
    assert f"Record #{rid} deleted." in client.get("/records/engagements").text
    assert client.get(f"/records/{rid}").status_code == 404


def test_delete_of_a_stale_version_is_a_conflict(
    client_for: Client, web_registry: Registry
) -> None:
    rid = first_id(web_registry, "agreements")
    client = client_for("editor")
    csrf = csrf_of(client.get(f"/records/{rid}/delete").text)
    with web_registry.session() as session:
        version = editing.get(session, rid).version
        editing.set_review(session, rid, "rejected", Stamp("admin", NOW))
        session.commit()
    response = client.post(
        f"/records/{rid}/delete", data={"csrf_token": csrf, "version": str(version)}
    )
    assert response.status_code == 409 and 'id="conflict"' in response.text
    assert f'name="version" value="{version + 1}"' in response.text  # the confirm, made anew
    assert client.get(f"/records/{rid}").status_code == 200


# -- the place finder -------------------------------------------------------------------


def test_the_place_finder_lists_keys_of_known_places(client_for: Client) -> None:
    client = client_for("editor")
    found = client.get("/records/place-options?q=qing", headers={"HX-Request": "true"})
    assert found.status_code == 200 and "<html" not in found.text
    assert "<code>qingdao-cn</code>" in found.text
    none = client.get("/records/place-options?q=" + "%3Cb%3Ezz", headers={"HX-Request": "true"})
    assert "<b>" not in none.text and "No known place" in none.text


def test_a_place_whose_name_and_country_are_shared_is_written_as_its_key(
    client_for: Client, web_registry: Registry
) -> None:
    stamp = Stamp("tester", NOW, "accepted")
    springfield = {"name": "Springfield", "country": "US"}
    with web_registry.session() as session:
        city = editing.create(
            session, {"kind": "agreement", "type": "mou", "parties": [springfield]}, stamp
        )
        region = editing.create(
            session,
            {
                "kind": "agreement",
                "type": "letter_of_intent",
                "parties": [{**springfield, "level": "region"}],
            },
            stamp,
        )
        session.commit()
        rid, place_id = region.id, region.party_places[0].id
        assert city.party_places[0].id != place_id
    client = client_for("editor")
    fields = form_fields(client.get(f"/records/{rid}/edit").text)
    assert fields["parties"].strip() == "springfield-us-region"
    assert client.post(f"/records/{rid}/edit", data=fields).status_code == 200
    with web_registry.session() as session:
        assert [p.id for p in editing.get(session, rid).party_places] == [place_id]
