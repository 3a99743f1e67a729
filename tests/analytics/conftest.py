"""A small registry written record by record, with every value spelled out, on both backends.

Home: Seoul. Tokyo and Paris have coordinates, Hanoi has none, C40 is a network.

    #  kind          type            date        with / where                 review
    t1 relationship  sister          1988        Tokyo (1988 established, 2005 strained) accepted
    t2 relationship  friendship      1991        Paris                        proposed
    t3 relationship  partnership     2000        Hanoi (no events)            accepted
    a1 agreement     mou             2015-02-03  Tokyo; 2 areas, 3 commitments accepted
    a2 agreement     cooperation_agreement 2019  Paris; culture               rejected
    e1 engagement    official_visit  2015-02-01  Tokyo, at Tokyo; 2 people    accepted
    e2 engagement    meeting         2019-05     Hanoi; economy               accepted
    e3 engagement    conference      2020-10-12  at Paris                     accepted
    e4 engagement    meeting         2021        Tokyo, Paris (not Seoul)     accepted
    m1 membership    -               2006        Seoul in C40 (member)        accepted
    m2 membership    -               2010        Tokyo in C40 (board)         accepted

a1 and e1 come with the document doc-1, with their sentences as evidence.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select

from citydip.exchange.importer import write_answers
from citydip.schema import Answer
from citydip.store.engine import Registry
from citydip.store.places import Place
from citydip.store.records import Record
from citydip.store.resolve import Stamp

SEOUL = {"name": "Seoul", "country": "KR"}
TOKYO = {"name": "Tokyo", "country": "JP", "lat": 35.6895, "lon": 139.6917}
PARIS = {"name": "Paris", "country": "FR", "lat": 48.8534, "lon": 2.3488}
HANOI = {"name": "Hanoi", "country": "VN"}
T0 = dt.datetime(2026, 1, 1, 9, 0, tzinfo=dt.UTC)

DOC_TEXT = (
    "Seoul and Tokyo signed a memorandum of understanding on 3 February 2015. "
    "The mayor visited Tokyo from 1 February."
)
MOU_SENTENCE = DOC_TEXT[: DOC_TEXT.index(" The mayor")]
VISIT_SENTENCE = DOC_TEXT[DOC_TEXT.index("The mayor") :]


def review(state: str, minutes: int, updated: int | None = None) -> dict[str, Any]:
    """A review state, created `minutes` after T0 (and updated `updated` minutes after)."""
    out: dict[str, Any] = {
        "state": state,
        "created_by": "maker",
        "created_at": (T0 + dt.timedelta(minutes=minutes)).isoformat(),
    }
    if updated is not None:
        out["updated_by"] = "editor"
        out["updated_at"] = (T0 + dt.timedelta(minutes=updated)).isoformat()
    return out


def records() -> list[dict[str, Any]]:
    return [
        {
            "kind": "relationship",
            "type": "sister",
            "parties": [SEOUL, TOKYO],
            "since": "1988",
            "events": [
                {"type": "established", "date": "1988"},
                {"type": "strained", "date": "2005"},
            ],
            "review": review("accepted", 1),
        },
        {
            "kind": "relationship",
            "type": "friendship",
            "parties": [SEOUL, PARIS],
            "since": "1991",
            "review": review("proposed", 2),
        },
        {
            "kind": "relationship",
            "type": "partnership",
            "parties": [SEOUL, HANOI],
            "since": "2000",
            "review": review("accepted", 3, updated=100),
        },
        {
            "kind": "agreement",
            "type": "cooperation_agreement",
            "date": "2019",
            "parties": [SEOUL, PARIS],
            "areas": ["culture"],
            "review": review("rejected", 5),
        },
        {
            "kind": "engagement",
            "type": "meeting",
            "start": "2019-05",
            "parties": [SEOUL, HANOI],
            "areas": ["economy"],
            "review": review("accepted", 7),
        },
        {
            "kind": "engagement",
            "type": "conference",
            "start": "2020-10-12",
            "parties": [SEOUL],
            "location": PARIS,
            "review": review("accepted", 8),
        },
        {
            "kind": "engagement",
            "type": "meeting",
            "start": "2021",
            "parties": [TOKYO, PARIS],
            "review": review("accepted", 9),
        },
        {
            "kind": "membership",
            "network": "C40",
            "member": SEOUL,
            "role": "member",
            "since": "2006",
            "review": review("accepted", 10),
        },
        {
            "kind": "membership",
            "network": "C40",
            "member": TOKYO,
            "role": "board",
            "since": "2010",
            "review": review("accepted", 11),
        },
    ]


def document_records() -> list[dict[str, Any]]:
    """The records that come with the document doc-1 (with their evidence spans)."""
    return [
        {
            "kind": "agreement",
            "type": "mou",
            "date": "2015-02-03",
            "parties": [SEOUL, TOKYO],
            "areas": ["safety", "environment"],
            "commitments": [
                {"text": "Share flood maps", "area": "safety", "due": "2016", "status": "open"},
                {"text": "Joint air study", "area": "environment", "due": "2015-12"},
                {"text": "Exchange staff", "status": "done"},
            ],
            "evidence": [{"start": 0, "end": len(MOU_SENTENCE)}],
            "review": review("accepted", 4),
        },
        {
            "kind": "engagement",
            "type": "official_visit",
            "start": "2015-02-01",
            "parties": [SEOUL, TOKYO],
            "location": {"name": "Tokyo", "country": "JP"},
            "people": [
                {"name": "Park Won-soon", "title": "Mayor", "of": "Seoul"},
                {"name": "Yuriko Koike", "title": "Governor", "of": "Tokyo"},
            ],
            "areas": ["safety"],
            "evidence": [
                {
                    "quote": VISIT_SENTENCE,
                    "start": DOC_TEXT.index(VISIT_SENTENCE),
                    "end": len(DOC_TEXT),
                }
            ],
            "review": review("accepted", 6),
        },
    ]


@pytest.fixture
def small(registry: Registry) -> dict[str, int]:
    """The registry above; returns the ids of its places and records by short name."""
    answers = [
        Answer.model_validate({"doc_id": None, "records": records()}),
        Answer.model_validate(
            {
                "doc_id": "doc-1",
                "lang": "en",
                "published": "2015-02-04",
                "title": "Seoul and Tokyo sign an MOU",
                "text": DOC_TEXT,
                "home": SEOUL,
                "records": document_records(),
            }
        ),
    ]
    write_answers(registry, answers, Stamp("tester", T0, "accepted"))
    ids: dict[str, int] = {}
    with registry.session() as session:
        for place in session.scalars(select(Place)):
            ids[place.name] = place.id
        for rec in session.scalars(select(Record)):
            ids[_short(rec)] = rec.id
    return ids


def _short(rec: Any) -> str:
    """t1.. / a1.. / e1.. / m1.. as in the table of the module docstring."""
    names = {
        ("relationship", "sister"): "t1",
        ("relationship", "friendship"): "t2",
        ("relationship", "partnership"): "t3",
        ("agreement", "mou"): "a1",
        ("agreement", "cooperation_agreement"): "a2",
        ("engagement", "official_visit"): "e1",
        ("engagement", "conference"): "e3",
    }
    if (rec.kind, rec.type) in names:
        return names[(rec.kind, rec.type)]
    if rec.kind == "engagement":
        return "e2" if rec.start == "2019-05" else "e4"
    return "m1" if rec.role == "member" else "m2"
