"""The store on SQLite and PostgreSQL: import, idempotence, place resolution, merging."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import func, select

from citydip.exchange.importer import import_files
from citydip.store import queries
from citydip.store.places import Place
from citydip.store.records import Record
from citydip.store.relationships import Relationship

BIG = 10**8


def _write(tmp_path: Path, name: str, answer: dict) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(answer), encoding="utf-8")
    return path


def _count(registry, model) -> int:
    with registry.session() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_seoul_tokyo_tie_from_seeds(registry, seed_gold, stamp):
    summary = import_files(registry, seed_gold, stamp, BIG)
    assert not summary.failed
    with registry.session() as s:
        tokyo = queries.find_place(s, "Tokyo,JP")
        ties = queries.list_ties(s, place=tokyo)
        sister = [t for t in ties if t.type == "sister"]
        assert len(sister) == 1
        tie = sister[0]
        assert tie.since == "1988"
        assert {p.name for p in tie.party_places} == {"Seoul", "Tokyo"}
        events = {(e.type, e.date, e.start, e.end) for e in tie.events}
        assert ("strained", None, "1999", "2012") in events
        assert ("normalized", "2014-07", None, None) in events
        assert tie.status == "active"


def test_import_twice_adds_nothing(registry, all_gold, stamp):
    import_files(registry, all_gold, stamp, BIG)
    before = {m: _count(registry, m) for m in (Record, Place)}
    summary = import_files(registry, all_gold, stamp, BIG)
    assert summary.totals.records == 0 and summary.totals.documents == 0
    assert {m: _count(registry, m) for m in (Record, Place)} == before


def test_same_place_written_differently_is_one_place(registry, tmp_path, stamp):
    a = {
        "doc_id": "a",
        "home": {"name": "Seoul", "country": "KR"},
        "records": [
            {
                "kind": "engagement",
                "type": "meeting",
                "start": "2015-02",
                "parties": [{"name": "Tokyo Metropolitan Government", "country": "JP"}],
            }
        ],
    }
    b = {
        "doc_id": "b",
        "home": {"name": "서울특별시", "country": "KR", "aliases": ["Seoul"]},
        "records": [
            {
                "kind": "agreement",
                "type": "mou",
                "date": "2016",
                "parties": [{"name": "도쿄", "country": "JP", "aliases": ["Tokyo"]}],
            }
        ],
    }
    summary = import_files(
        registry, [_write(tmp_path, "a.json", a), _write(tmp_path, "b.json", b)], stamp, BIG
    )
    assert not summary.failed
    with registry.session() as s:
        names = sorted(p.name for p in queries.list_places(s))
        assert names == ["Seoul", "Tokyo Metropolitan Government"]
        tokyo = queries.find_place(s, "도쿄")
        assert len(queries.list_agreements(s, place=tokyo)) == 1
        assert len(queries.list_engagements(s, place=tokyo)) == 1


def test_same_fact_in_two_documents_is_one_record_with_two_evidences(registry, tmp_path, stamp):
    def doc(doc_id: str, areas: list[str], start: int) -> dict:
        return {
            "doc_id": doc_id,
            "text": "x" * 100,
            "records": [
                {
                    "kind": "relationship",
                    "type": "sister",
                    "parties": [
                        {"name": "Seoul", "country": "KR"},
                        {"name": "Tokyo", "country": "JP"},
                    ],
                    "since": None,
                    "events": [{"type": "established", "date": "1988"}],
                    "evidence": {"quote": "x", "start": start, "end": start + 5},
                },
                {
                    "kind": "agreement",
                    "type": "mou",
                    "date": "2015-02-03",
                    "parties": [{"name": "Tokyo", "country": "JP"}],
                    "areas": areas,
                },
            ],
        }

    files = [
        _write(tmp_path, "1.json", doc("d1", ["safety"], 0)),
        _write(tmp_path, "2.json", doc("d2", ["culture", "safety"], 10)),
    ]
    import_files(registry, files, stamp, BIG)
    with registry.session() as s:
        tie = queries.list_ties(s)[0]
        assert len(queries.list_ties(s)) == 1
        assert [(e.document.doc_id, e.start) for e in queries.evidence_of(s, tie)] == [
            ("d1", 0),
            ("d2", 10),
        ]
        assert [e.type for e in tie.events] == ["established"]
        mou = queries.list_agreements(s)[0]
        assert len(queries.list_agreements(s)) == 1
        assert mou.areas == ["safety", "culture"]


def test_a_later_more_precise_since_fills_in(registry, tmp_path, stamp):
    def doc(doc_id: str, since: str | None) -> dict:
        return {
            "doc_id": doc_id,
            "records": [
                {
                    "kind": "relationship",
                    "type": "friendship",
                    "since": since,
                    "parties": [
                        {"name": "Seoul", "country": "KR"},
                        {"name": "Hanoi", "country": "VN"},
                    ],
                }
            ],
        }

    import_files(
        registry,
        [
            _write(tmp_path, "1.json", doc("1", None)),
            _write(tmp_path, "2.json", doc("2", "1996-03")),
        ],
        stamp,
        BIG,
    )
    with registry.session() as s:
        assert [t.since for t in queries.list_ties(s)] == ["1996-03"]


def test_bad_file_writes_nothing_and_batch_goes_on(registry, tmp_path, stamp, seed_gold):
    good = {
        "doc_id": "ok",
        "records": [
            {"kind": "agreement", "type": "mou", "parties": [{"name": "Paris", "country": "FR"}]}
        ],
    }
    bad = {
        "doc_id": "bad",
        "records": [
            {"kind": "agreement", "type": "mou", "parties": [{"name": "Rome", "country": "IT"}]},
            {
                "kind": "agreement",
                "type": "mou",
                "date": "2015-02-30",
                "parties": [{"name": "Oslo", "country": "NO"}],
            },
        ],
    }
    files = [_write(tmp_path, "bad.json", bad), _write(tmp_path, "good.json", good)]
    summary = import_files(registry, files, stamp, BIG)
    assert [f.ok for f in summary.files] == [False, True]
    assert "bad.json" in summary.failed[0].error
    assert "record 2 (agreement)" in summary.failed[0].error
    assert "'date'" in summary.failed[0].error and "2015-02-30" in summary.failed[0].error
    with registry.session() as s:
        names = {p.name for p in queries.list_places(s)}
    assert "Paris" in names and "Rome" not in names and "Oslo" not in names


def test_relationship_status_follows_events(registry, tmp_path, stamp):
    rec = {
        "doc_id": "t",
        "records": [
            {
                "kind": "relationship",
                "type": "sister",
                "parties": [
                    {"name": "Seoul", "country": "KR"},
                    {"name": "Ankara", "country": "TR"},
                ],
                "events": [
                    {"type": "established", "date": "1971"},
                    {"type": "strained", "start": "2001"},
                ],
            }
        ],
    }
    import_files(registry, [_write(tmp_path, "t.json", rec)], stamp, BIG)
    with registry.session() as s:
        tie = s.scalars(select(Relationship)).one()
        assert tie.status == "strained"
