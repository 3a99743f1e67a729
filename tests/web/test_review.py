"""The review queue: proposed records beside their documents, accept / reject / bulk /
undo with version checks, permissions and CSRF, hostile text; and the highlighting."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from markupsafe import escape
from sqlalchemy import select, update

from citydip.services import editing
from citydip.services.review import GAP, Piece, highlight
from citydip.store.documents import Document, Evidence
from citydip.store.engine import Registry
from citydip.store.records import Record
from citydip.store.resolve import Stamp

NOW = dt.datetime(2026, 1, 3, 4, 5, 6, tzinfo=dt.UTC)
HX = {"HX-Request": "true"}
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
ITEM = re.compile(r'<li class="review-item" id="item-(\d+)" data-id="(\d+)".*?</li>', re.S)


def proposed(reg: Registry) -> dict[int, int]:
    """id → version of every proposed record."""
    with reg.session() as session:
        rows = session.execute(
            select(Record.id, Record.version).where(Record.review_state == "proposed")
        )
        return {rid: version for rid, version in rows}


def state_of(reg: Registry, rid: int) -> tuple[str, int]:
    with reg.session() as session:
        record = session.get(Record, rid)
        assert record is not None
        return record.review_state, record.version


def items(html: str) -> dict[int, str]:
    found = {int(m.group(2)): m.group(0) for m in ITEM.finditer(html)}
    assert all(m.group(1) == m.group(2) for m in ITEM.finditer(html))
    return found


def queue_count(html: str) -> int:
    found = re.search(r'<span id="queue-count"[^>]*>(\d+)</span>', html)
    assert found, "no counter in the heading"
    return int(found.group(1))


# -- the highlighting ---------------------------------------------------------------------


def test_highlight_marks_spans_at_the_start_and_the_end() -> None:
    text = "Seoul signs. Lyon agrees. Both cheer."
    pieces = highlight(text, [(0, 12, 1), (26, len(text), 2)])
    assert pieces == [
        Piece("Seoul signs.", mark=True, records=(1,)),
        Piece(" Lyon agrees. "),
        Piece("Both cheer.", mark=True, records=(2,)),
    ]
    assert "".join(p.text for p in pieces) == text


def test_highlight_joins_overlapping_spans_and_keeps_touching_ones_apart() -> None:
    text = "abcdefghij"
    pieces = highlight(text, [(5, 8, 2), (2, 6, 1), (8, 10, 3)])
    assert pieces == [
        Piece("ab"),
        Piece("cdefgh", mark=True, records=(1, 2)),
        Piece("ij", mark=True, records=(3,)),
    ]
    inside = highlight(text, [(1, 9, 4), (3, 4, 5)])
    assert inside == [Piece("a"), Piece("bcdefghi", mark=True, records=(4, 5)), Piece("j")]


@pytest.mark.parametrize(
    "span",
    [(-1, 3, 1), (3, 11, 1), (5, 5, 1), (6, 2, 1), (None, 4, 1), (2, None, 1), (True, 3, 1)],
)
def test_highlight_leaves_out_spans_out_of_range(span: tuple) -> None:
    text = "0123456789"
    assert highlight(text, [span, (7, 9, 2)]) == [
        Piece("0123456"),
        Piece("78", mark=True, records=(2,)),
        Piece("9"),
    ]


def test_highlight_of_no_text_or_no_spans() -> None:
    assert highlight(None, [(0, 3, 1)]) == []
    assert highlight("", []) == []
    assert highlight("plain", []) == [Piece("plain")]


def test_highlight_cuts_the_text_around_marks() -> None:
    words = " ".join(f"w{n:03d}" for n in range(200))  # 'w000 w001 ...', 5 chars a word
    start = words.index("w100")
    pieces = highlight(words, [(start, start + 4, 7)], around=20)
    assert pieces[0] == GAP and pieces[-1] == GAP
    marked = [p for p in pieces if p.mark]
    assert marked == [Piece("w100", mark=True, records=(7,))]
    before, after = pieces[1].text, pieces[3].text
    assert words[:start].endswith(before) and 15 <= len(before) <= 25
    assert words[start + 4 :].startswith(after) and 15 <= len(after) <= 25
    assert not before.startswith(" ") and not after.endswith(" ")  # whole words


# -- the queue ----------------------------------------------------------------------------


def test_queue_lists_exactly_the_proposed_records(client_for, web_registry: Registry) -> None:
    expected = proposed(web_registry)
    assert len(expected) == 18  # the demo: en-034, ko-023, ko-004 extracted, not reviewed
    page = client_for("editor").get("/review")
    assert page.status_code == 200
    assert set(items(page.text)) == set(expected)
    assert queue_count(page.text) == len(expected)
    assert 'id="shortcuts"' in page.text and "/review.js" in page.text
    for key in ("j", "k", "a", "r", "e", "x", "?"):
        assert f"<kbd>{key}</kbd>" in page.text


def test_each_item_shows_its_evidence_marked(client_for, web_registry: Registry) -> None:
    page = client_for("viewer").get("/review")
    shown = items(page.text)
    with web_registry.session() as session:
        evidence = list(
            session.scalars(select(Evidence).where(Evidence.record_id.in_(list(shown))))
        )
        spans = [
            (ev.record_id, ev.document.text[ev.start : ev.end])
            for ev in evidence
            if ev.start is not None and ev.end is not None
        ]
    assert {rid for rid, _ in spans} == set(shown)  # every proposed record has a sentence
    for rid, sentence in spans:
        mark = f'<mark class="evidence" data-records="{rid}">{escape(sentence)}</mark>'
        assert mark in shown[rid], f"record #{rid}: its sentence is not marked"
    # beside the items: each document's text, with the sentences marked there too
    assert page.text.count('class="evidence-text doc-text document-text"') == 3


def test_viewer_sees_no_buttons_and_cannot_accept(client_for, web_registry: Registry) -> None:
    viewer = client_for("viewer")
    page = viewer.get("/review")
    assert items(page.text)
    assert 'data-action="accept"' not in page.text and 'data-action="reject"' not in page.text
    assert '<input type="checkbox" name="ids"' not in page.text and 'id="bulk"' not in page.text
    rid, version = next(iter(proposed(web_registry).items()))
    response = viewer.post(f"/review/{rid}/accept", data={"version": version}, headers=HX)
    assert response.status_code == 403
    assert state_of(web_registry, rid) == ("proposed", version)


def test_editor_sees_the_actions(client_for) -> None:
    page = client_for("editor").get("/review")
    for rid, html in items(page.text).items():
        assert 'data-action="accept"' in html and 'data-action="reject"' in html
        assert f'href="/records/{rid}/edit?then=accept"' in html
        assert f'name="ids" value="{rid}" form="bulk"' in html
    assert 'id="bulk"' in page.text and 'id="select-all"' in page.text


@pytest.mark.parametrize(("action", "state"), [("accept", "accepted"), ("reject", "rejected")])
def test_accept_or_reject_one(client_for, web_registry: Registry, action: str, state: str) -> None:
    editor = client_for("editor")
    before = proposed(web_registry)
    rid = sorted(before)[3]
    response = editor.post(f"/review/{rid}/{action}", data={"version": before[rid]}, headers=HX)
    assert response.status_code == 200, response.text
    assert f'id="item-{rid}"' in response.text and "review-done" in response.text
    assert "/undo" in response.text  # an undo button
    assert f'id="queue-count" class="badge proposed" hx-swap-oob="true">{len(before) - 1}<' in (
        response.text
    )
    assert state_of(web_registry, rid) == (state, before[rid] + 1)
    page = editor.get("/review")
    assert rid not in items(page.text) and queue_count(page.text) == len(before) - 1
    others = proposed(web_registry)
    assert others == {k: v for k, v in before.items() if k != rid}


def test_undo_puts_the_record_back(client_for, web_registry: Registry) -> None:
    editor = client_for("editor")
    rid, version = sorted(proposed(web_registry).items())[0]
    editor.post(f"/review/{rid}/accept", data={"version": version}, headers=HX)
    response = editor.post(f"/review/{rid}/undo", data={"version": version + 1}, headers=HX)
    assert response.status_code == 200
    assert rid in items(response.text)  # the item again, with its buttons
    assert state_of(web_registry, rid) == ("proposed", version + 2)


def test_a_stale_version_is_a_conflict_and_changes_nothing(
    client_for, web_registry: Registry
) -> None:
    editor = client_for("editor")
    rid, version = sorted(proposed(web_registry).items())[1]
    with web_registry.session() as session:  # someone else touches it meanwhile
        editing.set_review(session, rid, "proposed", Stamp("admin", NOW), version)
    response = editor.post(f"/review/{rid}/accept", data={"version": version}, headers=HX)
    assert response.status_code == 200  # HTMX swaps it in: the item with the message
    item = items(response.text)[rid]
    assert 'class="flash error conflict"' in item
    assert f"record #{rid} was changed by admin" in item
    assert f'name="version" value="{version + 1}"' in item  # the buttons now carry the new one
    assert state_of(web_registry, rid) == ("proposed", version + 1)
    plain = editor.post(f"/review/{rid}/reject", data={"version": version})  # no HTMX: a page
    assert plain.status_code == 409 and "was changed by admin" in plain.text
    assert state_of(web_registry, rid) == ("proposed", version + 1)


def test_a_plain_form_post_redirects_back_to_the_queue(client_for, web_registry) -> None:
    editor = client_for("editor")
    rid, version = sorted(proposed(web_registry).items())[2]
    token = CSRF.search(editor.get("/review").text)
    assert token
    del editor.headers["X-CSRF-Token"]  # a browser without JS sends the form's field
    response = editor.post(
        f"/review/{rid}/reject",
        data={"version": version, "csrf_token": token.group(1)},
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"] == "/review"
    assert state_of(web_registry, rid) == ("rejected", version + 1)


def test_bulk_accept_of_three(client_for, web_registry: Registry) -> None:
    editor = client_for("editor")
    before = proposed(web_registry)
    chosen = sorted(before)[:3]
    response = editor.post(
        "/review/bulk", data={"ids": chosen, "state": "accepted", "kind": ""}, headers=HX
    )
    assert response.status_code == 200, response.text
    assert response.text.lstrip().startswith('<section id="queue"')  # the block only
    assert "3 records accepted." in response.text
    assert not set(chosen) & set(items(response.text))
    assert queue_count(response.text) == len(before) - 3
    for rid in chosen:
        assert state_of(web_registry, rid) == ("accepted", before[rid] + 1)
    assert proposed(web_registry) == {k: v for k, v in before.items() if k not in chosen}


def test_bulk_leaves_records_reviewed_meanwhile(client_for, web_registry: Registry) -> None:
    editor = client_for("editor")
    first, second = sorted(proposed(web_registry))[:2]
    with web_registry.session() as session:
        editing.set_review(session, second, "rejected", Stamp("admin", NOW))
    response = editor.post(
        "/review/bulk", data={"ids": [first, second], "state": "accepted"}, headers=HX
    )
    assert "1 records accepted." in response.text and "1 were no longer waiting" in response.text
    assert state_of(web_registry, first)[0] == "accepted"
    assert state_of(web_registry, second)[0] == "rejected"


def test_bulk_with_nothing_ticked_says_so(client_for, web_registry: Registry) -> None:
    before = proposed(web_registry)
    response = client_for("editor").post("/review/bulk", data={"state": "rejected"}, headers=HX)
    assert response.status_code == 200 and "Tick the records to review first." in response.text
    assert proposed(web_registry) == before


def test_writes_need_the_csrf_token(client_for, web_registry: Registry) -> None:
    editor = client_for("editor")
    rid, version = next(iter(proposed(web_registry).items()))
    del editor.headers["X-CSRF-Token"]
    missing = editor.post(f"/review/{rid}/accept", data={"version": version}, headers=HX)
    assert missing.status_code == 403 and "CSRF" in missing.text
    wrong = editor.post(
        "/review/bulk", data={"ids": [rid], "state": "accepted"}, headers=HX | {"X-CSRF-Token": "x"}
    )
    assert wrong.status_code == 403
    assert state_of(web_registry, rid) == ("proposed", version)


def test_filters_by_kind_and_document_with_paging(client_for, web_registry: Registry) -> None:
    viewer = client_for("viewer")
    with web_registry.session() as session:
        rows = session.execute(
            select(Record.id, Record.kind).where(Record.review_state == "proposed")
        )
        kinds = {rid: kind for rid, kind in rows}
        doc_id, doc_records = session.execute(
            select(Evidence.document_id, Evidence.record_id)
            .join(Record, Record.id == Evidence.record_id)
            .where(Record.review_state == "proposed")
            .order_by(Evidence.document_id.desc())
        ).first()  # type: ignore[misc]
        in_doc = set(
            session.scalars(
                select(Evidence.record_id)
                .join(Record, Record.id == Evidence.record_id)
                .where(Evidence.document_id == doc_id, Record.review_state == "proposed")
            )
        )
    engagements = {rid for rid, kind in kinds.items() if kind == "engagement"}
    assert engagements and engagements != set(kinds)
    shown = items(viewer.get("/review?kind=engagements").text)
    assert set(shown) == engagements
    assert set(items(viewer.get(f"/review?document={doc_id}").text)) == in_doc
    block = viewer.get("/review?kind=engagements", headers=HX)
    assert block.text.lstrip().startswith('<section id="queue"')
    assert viewer.get("/review?kind=treaties").status_code == 422


def test_hostile_text_is_shown_as_text(client_for, web_registry: Registry) -> None:
    rid = sorted(proposed(web_registry))[0]
    with web_registry.session() as session:
        ev = session.scalars(select(Evidence).where(Evidence.record_id == rid)).first()
        assert ev is not None
        doc = session.get(Document, ev.document_id)
        assert doc is not None and doc.text
        doc.text += "\n<script>alert(1)</script><img src=x onerror=alert(2)>"
        session.execute(
            update(Record).where(Record.id == rid).values(title='<b onmouseover="x()">T</b>')
        )
    page = client_for("editor").get("/review")
    assert "<script>alert(1)" not in page.text and "<img src=x" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;" in page.text
    assert "<b onmouseover" not in page.text
    assert "&lt;b onmouseover=&#34;x()&#34;&gt;T&lt;/b&gt;" in items(page.text)[rid]
