"""Reading one record through the API: by kind and by id alone, with its evidence."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from citydip.store.documents import Document
from citydip.store.engine import Registry

from .api_support import KINDS, assert_error, everything

Headers = Callable[[str], dict[str, str]]


def test_each_kind_reads_one_record_as_the_list_shows_it(
    api: TestClient, token_for: Headers
) -> None:
    headers = token_for("viewer")
    for kind in KINDS:
        listed = everything(api, kind, headers)[0]
        response = api.get(f"/api/v1/{kind}/{listed['id']}", headers=headers)
        assert response.status_code == 200, response.text
        item = response.json()["item"]
        assert {k: v for k, v in item.items() if k != "evidence"} == listed
        assert isinstance(item["evidence"], list)
        same = api.get(f"/api/v1/records/{listed['id']}", headers=headers).json()["item"]
        assert same == item


def test_evidence_names_the_document_and_the_span_of_its_sentence(
    api: TestClient, token_for: Headers, web_registry: Registry
) -> None:
    headers = token_for("viewer")
    proposed = everything(api, "engagements", headers, review="proposed")
    spanned = []
    for listed in proposed:
        item = api.get(f"/api/v1/records/{listed['id']}", headers=headers).json()["item"]
        spanned += [e for e in item["evidence"] if e["start"] is not None]
    assert spanned, "extracted records carry the span of their sentence"
    with web_registry.session() as session:
        for ev in spanned:
            doc = session.get(Document, ev["document_id"])
            assert doc is not None and doc.doc_id == ev["doc_id"] and doc.text
            assert 0 <= ev["start"] < ev["end"] <= len(doc.text)
            assert set(ev) == {"document_id", "doc_id", "title", "start", "end", "quote"}
            if ev["quote"] is not None:
                assert ev["quote"].strip() in doc.text


def test_a_missing_record_and_one_of_another_kind_are_404(
    api: TestClient, token_for: Headers
) -> None:
    headers = token_for("viewer")
    engagement = everything(api, "engagements", headers)[0]["id"]
    body = assert_error(api.get(f"/api/v1/agreements/{engagement}", headers=headers), 404)
    assert f"#{engagement} is an engagement" in body["error"]
    assert_error(api.get("/api/v1/engagements/999999", headers=headers), 404)
    assert_error(api.get("/api/v1/records/999999", headers=headers), 404)
    for bad in ("0", "-3", "abc", str(2**31)):
        assert_error(api.get(f"/api/v1/records/{bad}", headers=headers), 422, "record_id")
        assert_error(api.get(f"/api/v1/engagements/{bad}", headers=headers), 422, "record_id")
