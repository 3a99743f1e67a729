"""The API reads records as rows (`web.api.record_rows`) for speed; what it writes must be
exactly what `exchange.export.record_json` writes from the ORM records, for every record of
the demo registry, and the API's evidence as the ORM's."""

from __future__ import annotations

import json

from sqlalchemy import select

from citydip.exchange.export import record_json
from citydip.store import queries
from citydip.store.engine import Registry
from citydip.store.records import Record
from citydip.store.registry import get_home
from citydip.store.registry import home_id as registry_home_id
from citydip.web.api import record_rows


def test_every_record_reads_as_record_json_writes_it(web_registry: Registry) -> None:
    with web_registry.session() as session:
        records = list(session.scalars(select(Record).order_by(Record.id)))
        for kind in ("engagement", "agreement"):  # the demo's records have no title
            first = next(r for r in records if r.kind == kind)
            first.title, first.summary = f"A <b>{kind}</b>", "what it did"
        session.flush()
        home = get_home(session)
        home_id = home.id if home else None
        assert home_id is not None
        assert registry_home_id(session) == home_id  # the one query, as get_home finds it
        expected = [record_json(r, home_id) for r in records]
        ids = [r.id for r in records]
        kinds = {r.kind for r in records}
        got = record_rows.records_json(session, ids, home_id)
        assert kinds == {"relationship", "agreement", "engagement", "membership"}
        # the demo has what each kind can show
        for key in ("people", "commitments", "events", "location", "title", "summary", "areas"):
            assert any(d.get(key) for d in expected), key
        for key in ("member", "network", "role", "since", "end", "date"):
            assert any(d.get(key) for d in expected), key
        assert {d.get("direction") for d in expected} >= {"inbound", "outbound"}
        # the same keys in the same order, the same values (byte for byte as JSON)
        assert [json.dumps(d) for d in got] == [json.dumps(d) for d in expected]
        # in the order asked, one at a time too; unknown ids left out
        assert (
            record_rows.records_json(session, ids[::-1][:7] + [10**9], home_id)
            == (expected[::-1][:7])
        )
        for record_id, want in zip(ids[:40], expected[:40], strict=True):
            assert record_rows.records_json(session, [record_id], home_id) == [want]
        assert record_rows.records_json(session, [], home_id) == []


def test_a_record_without_a_home_city_has_no_direction(web_registry: Registry) -> None:
    with web_registry.session() as session:
        records = list(session.scalars(select(Record).order_by(Record.id)))
        expected = [record_json(r, None) for r in records]
        assert record_rows.records_json(session, [r.id for r in records], None) == expected


def test_evidence_reads_as_the_orm_has_it(web_registry: Registry) -> None:
    with web_registry.session() as session:
        seen = 0
        for record in session.scalars(select(Record).order_by(Record.id)):
            want = [
                {
                    "document_id": ev.document_id,
                    "doc_id": ev.document.doc_id,
                    "title": ev.document.title,
                    "start": ev.start,
                    "end": ev.end,
                    "quote": ev.quote,
                }
                for ev in queries.evidence_of(session, record)
            ]
            assert record_rows.evidence_json(session, record.id) == want
            seen += bool(want)
        assert seen > 10
