"""Documents: upload (files or pasted text) → background job → proposed records in the
queue; the checks on size and type; the list, one document, the API; hostile text."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape
from sqlalchemy import func, select

from citydip.store.documents import Document, Evidence
from citydip.store.engine import Registry
from citydip.store.jobs import Job
from citydip.store.records import Record

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
HX = {"HX-Request": "true"}
MB = 1024 * 1024

LYON = """Seoul and Lyon sign MOU on smart city cooperation

SEOUL, March 3, 2025 — The Seoul Metropolitan Government and the City of Lyon signed a \
memorandum of understanding (MOU) on smart city cooperation on March 3, 2025. Mayor Oh \
Se-hoon of Seoul and Mayor Grégory Doucet of Lyon signed the MOU at Seoul City Hall. Under \
the agreement, the two cities will share experience in urban transport.
"""
HANOI = """Seoul Mayor visits Hanoi to expand urban cooperation

SEOUL, May 12, 2025 — Mayor Oh Se-hoon of Seoul visited Hanoi, Vietnam on May 12, 2025 and \
met Chairman Tran Sy Thanh of the Hanoi People's Committee. The two leaders discussed \
cooperation in public transport and water management.
"""
BOGOTA = """<html><head><title>Seoul and Bogota sign agreement on climate action</title></head>
<body><article><h1>Seoul and Bogota sign agreement on climate action</h1>
<p>SEOUL, June 2, 2025 — The Seoul Metropolitan Government and the City of Bogota signed a
memorandum of understanding on climate action on June 2, 2025. Mayor Oh Se-hoon and Mayor
Carlos Fernando Galán signed the agreement in Seoul.</p></article></body></html>
"""
KOREAN = (
    "서울시, 리옹시와 스마트도시 협력 업무협약 체결\n\n서울시는 2025년 4월 10일 프랑스 리옹시와 "
    "스마트도시 분야 협력을 위한 업무협약(MOU)을 체결했다고 밝혔다. 오세훈 서울시장과 그레고리 "
    "두세 리옹시장이 서울시청에서 협약서에 서명했다.\n"
)
HOSTILE = """Seoul and Lyon sign MOU <script>alert(1)</script> on culture

SEOUL, April 1, 2025 — The Seoul Metropolitan Government and the City of Lyon signed a \
memorandum of understanding <script>alert(1)</script> on cultural exchange on April 1, 2025.
"""
JUNK = bytes(range(256)) * 40  # no PDF at all


def csrf(client: TestClient) -> str:
    found = CSRF.search(client.get("/documents").text)
    assert found
    return found.group(1)


def wait_for(client: TestClient, job_id: int, **kwargs: Any) -> dict[str, Any]:
    """Poll the job's route until it has finished (or give up after two minutes)."""
    deadline = time.monotonic() + 120
    while True:
        job = client.get(f"/api/v1/jobs/{job_id}", **kwargs).json()["job"]
        if job["finished"]:
            return job
        if time.monotonic() > deadline:
            raise AssertionError(f"job {job_id} did not finish: {job}")
        time.sleep(0.05)


def n_documents(reg: Registry) -> int:
    with reg.session() as session:
        return session.scalar(select(func.count()).select_from(Document)) or 0


def n_jobs(reg: Registry) -> int:
    with reg.session() as session:
        return session.scalar(select(func.count()).select_from(Job)) or 0


def records_of(reg: Registry, doc_id: str) -> list[tuple[int, str, str, str]]:
    """(id, kind, type, review state) of the records with evidence in a document."""
    with reg.session() as session:
        rows = session.execute(
            select(Record.id, Record.kind, Record.type, Record.review_state)
            .join(Evidence, Evidence.record_id == Record.id)
            .join(Document, Document.id == Evidence.document_id)
            .where(Document.doc_id == doc_id)
            .distinct()
            .order_by(Record.id)
        )
        return [(rid, kind, type_, state) for rid, kind, type_, state in rows]


def queue_ids(client: TestClient) -> set[int]:
    page = client.get("/review?per_page=200")
    ids = {
        int(i)
        for i in re.findall(r'<li class="review-item" id="item-\d+" data-id="(\d+)"', page.text)
    }
    pages = re.findall(r'href="/review\?kind=&amp;document=&amp;page=(\d+)"', page.text)
    for n in pages:
        more = client.get(f"/review?page={n}").text
        ids |= {
            int(i) for i in re.findall(r'class="review-item" id="item-\d+" data-id="(\d+)"', more)
        }
    return ids


def test_upload_a_file_from_the_page(client_for, web_registry: Registry) -> None:
    editor = client_for("editor")
    response = editor.post(
        "/documents",
        files=[("files", ("seoul-lyon.txt", LYON.encode(), "text/plain"))],
        data={"csrf_token": csrf(editor)},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    job_id = int(response.headers["location"].rsplit("/", 1)[1])
    job = wait_for(editor, job_id)
    assert job["status"] == "done" and job["total"] == job["done"] == job["stored"] == 1
    assert job["failures"] == [] and job["created_by"] == "editor"
    found = records_of(web_registry, "seoul-lyon")
    assert ("agreement", "mou") in {(k, t) for _, k, t, _ in found}
    assert {state for *_, state in found} == {"proposed"} and job["records"] == len(found)
    assert {rid for rid, *_ in found} <= queue_ids(editor)
    page = editor.get(f"/documents/jobs/{job_id}")
    assert f"1 documents stored, {len(found)} records proposed" in page.text
    assert 'href="/review">review them</a>' in page.text
    assert 'hx-trigger="every 1s"' not in page.text
    assert '<progress max="1" value="1">' in page.text
    with web_registry.session() as session:
        doc = session.scalar(select(Document).where(Document.doc_id == "seoul-lyon"))
        assert doc is not None and doc.source == "seoul-lyon.txt" and doc.lang == "en"


def test_many_files_one_bad(api: TestClient, token_for, web_registry: Registry) -> None:
    headers = token_for("editor")
    before = n_documents(web_registry)
    files = [
        ("files", ("hanoi.txt", HANOI.encode(), "text/plain")),
        ("files", ("broken.pdf", JUNK, "application/pdf")),
        ("files", ("bogota.html", BOGOTA.encode(), "text/html")),
    ]
    response = api.post("/api/v1/documents", files=files, headers=headers)
    assert response.status_code == 202, response.text
    body = response.json()
    assert body["ok"] is True and body["job"]["total"] == 3
    assert body["job"]["status"] in ("queued", "running", "done")
    job = wait_for(api, body["job"]["id"], headers=headers)
    assert job["status"] == "done" and job["done"] == 3 and job["stored"] == 2
    assert [f["file"] for f in job["failures"]] == ["broken.pdf"]
    assert "PDF" in job["failures"][0]["reason"] and "/tmp" not in job["failures"][0]["reason"]
    assert n_documents(web_registry) == before + 2
    assert records_of(web_registry, "hanoi") and records_of(web_registry, "bogota")
    assert job["records"] == len(records_of(web_registry, "hanoi")) + len(
        records_of(web_registry, "bogota")
    )
    with web_registry.session() as session:
        titles = set(session.scalars(select(Document.title).where(Document.doc_id == "bogota")))
    assert titles == {"Seoul and Bogota sign agreement on climate action"}
    page = api.get(f"/documents/jobs/{job['id']}", headers=headers)
    assert "<strong>broken.pdf</strong>" in page.text


def test_a_file_over_the_limit_is_refused(
    api: TestClient, token_for, client_for, web_registry: Registry
) -> None:
    documents, jobs = n_documents(web_registry), n_jobs(web_registry)
    big = b"Seoul and Lyon. " * (11 * MB // 16)
    files = [
        ("files", ("fine.txt", LYON.encode(), "text/plain")),
        ("files", ("big.txt", big, "text/plain")),
    ]
    response = api.post("/api/v1/documents", files=files, headers=token_for("editor"))
    assert response.status_code == 413
    body = response.json()
    assert body["ok"] is False and body["status"] == 413
    assert body["error"] == (
        "big.txt is larger than 10 MB, the largest file accepted (10,485,760 bytes)"
    )
    assert body["errors"] == [{"field": "files", "message": body["error"]}]
    editor = client_for("editor")
    page = editor.post(
        "/documents",
        files=[("files", ("big.txt", big, "text/plain"))],
        data={"csrf_token": csrf(editor)},
    )
    assert page.status_code == 413
    assert "big.txt is larger than 10 MB" in page.text and 'id="upload-error"' in page.text
    assert n_documents(web_registry) == documents and n_jobs(web_registry) == jobs


def test_an_unsupported_type_is_refused(
    api: TestClient, token_for, client_for, web_registry: Registry
) -> None:
    jobs = n_jobs(web_registry)
    files = [("files", ("report.docx", b"PK\x03\x04 not for us", "application/msword"))]
    response = api.post("/api/v1/documents", files=files, headers=token_for("editor"))
    assert response.status_code == 422
    message = "report.docx: unsupported file type .docx: use txt, html or pdf"
    assert response.json()["error"] == message
    editor = client_for("editor")
    page = editor.post("/documents", files=files, data={"csrf_token": csrf(editor)})
    assert page.status_code == 422 and message in page.text
    assert n_jobs(web_registry) == jobs


def test_pasted_text_from_the_page(client_for, web_registry: Registry) -> None:
    editor = client_for("editor")
    form = {
        "csrf_token": csrf(editor),
        "text": LYON,
        "title": "Seoul and Lyon: an MOU",
        "published": "2025-03-04",
        "lang": "en",
    }
    response = editor.post("/documents", data=form, follow_redirects=False)
    assert response.status_code == 303, response.text
    job = wait_for(editor, int(response.headers["location"].rsplit("/", 1)[1]))
    assert job["status"] == "done" and job["stored"] == 1 and job["records"] >= 1
    with web_registry.session() as session:
        doc = session.scalar(select(Document).where(Document.title == "Seoul and Lyon: an MOU"))
        assert doc is not None
        assert (doc.doc_id, doc.published, doc.lang, doc.source) == (
            "seoul-and-lyon-an-mou",
            "2025-03-04",
            "en",
            "pasted text",
        )
    assert {s for *_, s in records_of(web_registry, "seoul-and-lyon-an-mou")} == {"proposed"}


def test_pasted_korean_text_through_the_api(
    api: TestClient, token_for, web_registry: Registry
) -> None:
    headers = token_for("editor")
    response = api.post(
        "/api/v1/documents", json={"text": KOREAN, "title": "리옹 협약"}, headers=headers
    )
    assert response.status_code == 202, response.text
    job = wait_for(api, response.json()["job"]["id"], headers=headers)
    assert job["status"] == "done" and job["stored"] == 1
    found = records_of(web_registry, "리옹-협약")
    assert ("agreement", "mou", "proposed") in {(k, t, s) for _, k, t, s in found}


def test_pasted_text_is_checked(client_for, web_registry: Registry) -> None:
    editor = client_for("editor")
    jobs = n_jobs(web_registry)
    form = {"csrf_token": csrf(editor), "text": LYON, "published": "2025-13-01", "lang": "fr"}
    page = editor.post("/documents", data=form)
    assert page.status_code == 422
    assert "impossible date &#39;2025-13-01&#39;: month 13" in page.text
    assert "language must be en or ko" in page.text
    assert escape(LYON.splitlines()[0]) in page.text  # the text is kept in the form
    empty = editor.post("/documents", data={"csrf_token": csrf(editor), "text": "  "})
    assert empty.status_code == 422 and "choose one or more files, or paste a text" in empty.text
    assert n_jobs(web_registry) == jobs


def test_hostile_text_renders_as_text(client_for, web_registry: Registry) -> None:
    editor = client_for("editor")
    files = [("files", ("hostile.txt", HOSTILE.encode(), "text/plain"))]
    response = editor.post("/documents", files=files, data={"csrf_token": csrf(editor)})
    assert response.status_code == 200  # followed to the job page
    job = wait_for(editor, int(str(response.url).rsplit("/", 1)[1]))
    assert job["stored"] == 1 and job["records"] >= 1
    with web_registry.session() as session:
        doc = session.scalar(select(Document).where(Document.doc_id == "hostile"))
        assert doc is not None and "<script>alert(1)</script>" in (doc.text or "")
        doc_id = doc.id
    for path in (f"/documents/{doc_id}", f"/review?document={doc_id}"):
        page = editor.get(path)
        assert page.status_code == 200
        assert "<script>alert(1)" not in page.text, path
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text, path


def test_the_documents_list(client_for, web_registry: Registry) -> None:
    viewer = client_for("viewer")
    page = viewer.get("/documents")
    assert page.status_code == 200
    assert 'id="upload"' not in page.text  # viewers read, editors upload
    with web_registry.session() as session:
        ids = set(session.scalars(select(Document.id)))
        proposed = session.scalar(
            select(Evidence.document_id)
            .join(Record, Record.id == Evidence.record_id)
            .where(Record.review_state == "proposed")
        )
    listed = {int(i) for i in re.findall(r'<tr data-id="(\d+)">', page.text)}
    assert listed == ids and len(ids) == 28
    row = re.search(rf'<tr data-id="{proposed}">.*?</tr>', page.text, re.S)
    assert row and 'data-state="proposed"' in row.group(0)
    editor_page = client_for("editor").get("/documents")
    form = re.search(r'<form id="upload"[^>]*>', editor_page.text)
    assert form and 'enctype="multipart/form-data"' in form.group(0)
    assert 'data-accept=".txt,.html,.htm,.pdf"' in form.group(0)
    assert f'data-max-bytes="{10 * MB}"' in form.group(0)
    assert "/upload.js" in editor_page.text and 'name="files" multiple' in editor_page.text


def test_a_document_page_marks_every_evidence(client_for, web_registry: Registry) -> None:
    with web_registry.session() as session:
        doc = session.scalars(select(Document).where(Document.doc_id == "en-034")).one()
        spans = [
            (ev.record_id, (doc.text or "")[ev.start : ev.end])
            for ev in session.scalars(select(Evidence).where(Evidence.document_id == doc.id))
            if ev.start is not None
        ]
        doc_id = doc.id
    assert spans
    page = client_for("viewer").get(f"/documents/{doc_id}")
    marks = re.findall(
        r'<mark class="evidence" data-records="([\d ]+)">(.*?)</mark>', page.text, re.S
    )
    for rid, sentence in spans:
        assert any(str(rid) in ids.split() and str(escape(sentence)) in text for ids, text in marks)
    for rid in {rid for rid, _ in spans}:
        assert f'<li data-id="{rid}">' in page.text
    assert client_for("viewer").get("/documents/999999").status_code == 404


def test_documents_api(api: TestClient, token_for, web_registry: Registry) -> None:
    headers = token_for("viewer")
    first = api.get("/api/v1/documents?per_page=5", headers=headers).json()
    assert first["ok"] and first["total"] == 28 and first["pages"] == 6 and len(first["items"]) == 5
    item = first["items"][0]
    assert set(item) >= {"id", "doc_id", "title", "published", "lang", "records"}
    assert set(item["records"]) == {"proposed", "accepted", "rejected"}
    with web_registry.session() as session:
        doc = session.scalars(select(Document).where(Document.doc_id == "en-034")).one()
        expected = sorted(
            set(session.scalars(select(Evidence.record_id).where(Evidence.document_id == doc.id)))
        )
        text, doc_id = doc.text, doc.id
    one = api.get(f"/api/v1/documents/{doc_id}", headers=headers).json()["item"]
    assert one["text"] == text and sorted(one["records"]) == expected
    missing = api.get("/api/v1/documents/999999", headers=headers)
    assert missing.status_code == 404 and missing.json()["ok"] is False
    assert api.get("/api/v1/jobs/999999", headers=headers).status_code == 404


@pytest.mark.parametrize("role", [None, "viewer"])
def test_only_editors_upload(
    role: str | None, api: TestClient, token_for, web_registry: Registry
) -> None:
    headers = token_for(role) if role else {}
    files = [("files", ("seoul-lyon.txt", LYON.encode(), "text/plain"))]
    response = api.post("/api/v1/documents", files=files, headers=headers)
    assert response.status_code == (403 if role else 401)
    assert n_jobs(web_registry) == 0


def test_the_job_block_polls_until_the_job_ends(client_for, web_registry: Registry) -> None:
    with web_registry.session() as session:
        running = Job(status="running", total=3, done=1, stored=1, records=2, failures=[])
        ended = Job(
            status="done", total=2, done=2, stored=2, records=5, failures=[["x.pdf", "bad"]]
        )
        session.add_all([running, ended])
        session.flush()
        ids = running.id, ended.id
    viewer = client_for("viewer")
    block = viewer.get(f"/documents/jobs/{ids[0]}", headers=HX).text
    assert block.lstrip().startswith(f'<section id="job-{ids[0]}"')
    assert 'hx-trigger="every 1s"' in block and '<progress max="3" value="1">' in block
    done = viewer.get(f"/documents/jobs/{ids[1]}", headers=HX).text
    assert "hx-trigger" not in done and "2 documents stored, 5 records proposed" in done
    assert "<strong>x.pdf</strong>: bad" in done
