"""A partner's dossier on the small registry of conftest.py."""

from __future__ import annotations

import pytest

from citydip.analytics import partner
from citydip.errors import NotFoundError
from citydip.store.engine import Registry

from .conftest import MOU_SENTENCE, VISIT_SENTENCE


def test_tokyo_dossier(registry: Registry, small: dict[str, int]) -> None:
    with registry.session() as session:
        d = partner.dossier(session, small["Tokyo"])
        assert d.place.name == "Tokyo" and d.region == "east_asia" and not d.is_home
        assert [t.id for t in d.ties] == [small["t1"]]
        assert d.ties[0].status == "strained"
        assert [a.id for a in d.agreements] == [small["a1"]]
        assert [c.text for c in d.agreements[0].commitments] == [
            "Share flood maps",
            "Joint air study",
            "Exchange staff",
        ]
        # newest first: e4 (2021, with Paris), then the visit of 2015
        assert [e.id for e in d.engagements] == [small["e4"], small["e1"]]
        assert d.more == {
            "relationship": False,
            "agreement": False,
            "engagement": False,
            "membership": False,
        }
        assert [(p.person.name, p.title) for p in d.engagements[1].people] == [
            ("Park Won-soon", "Mayor"),
            ("Yuriko Koike", "Governor"),
        ]
        assert [m.id for m in d.memberships] == [small["m2"]]
        assert [p.name for p in d.people] == ["Yuriko Koike"]
        assert [(doc.doc_id, doc.records) for doc in d.documents] == [("doc-1", 2)]
        assert d.rejected is False


def test_every_fact_has_its_sentence(registry: Registry, small: dict[str, int]) -> None:
    with registry.session() as session:
        d = partner.dossier(session, small["Tokyo"])
    # a span without a quote is read from the document's text; a quote is shown as given
    assert [q.text for q in d.evidence[small["a1"]]] == [MOU_SENTENCE]
    assert [q.text for q in d.evidence[small["e1"]]] == [VISIT_SENTENCE]
    assert d.evidence[small["a1"]][0].doc_id == "doc-1"
    assert small["t1"] not in d.evidence  # written without a document


def test_rejected_records_are_left_out_unless_asked(
    registry: Registry, small: dict[str, int]
) -> None:
    with registry.session() as session:
        shown = partner.dossier(session, small["Paris"])
        every = partner.dossier(session, small["Paris"], rejected=True)
    assert shown.agreements == [] and shown.rejected is True
    assert [a.id for a in every.agreements] == [small["a2"]] and every.rejected is False
    assert [t.review_state for t in shown.ties] == ["proposed"]  # proposed ones are shown
    assert [e.id for e in shown.engagements] == [small["e4"], small["e3"]]  # e3: its host


def test_engagements_are_paged(registry: Registry, small: dict[str, int]) -> None:
    with registry.session() as session:
        d = partner.dossier(session, small["Seoul"], engagements_limit=2)
    assert d.is_home and d.more["engagement"] is True  # 3 in all
    assert [e.id for e in d.engagements] == [small["e3"], small["e2"]]
    assert d.more["relationship"] is False


def test_no_such_place(registry: Registry) -> None:
    with registry.session() as session, pytest.raises(NotFoundError):
        partner.dossier(session, 999_999)


def test_both_ways_of_finding_a_places_records_agree(
    registry: Registry, small: dict[str, int]
) -> None:
    from sqlalchemy import select

    from citydip.store.records import Record

    with registry.session() as session:
        for name in ("Seoul", "Tokyo", "Paris", "Hanoi", "C40"):
            pid = small[name]
            union = set(session.scalars(select(Record.id).where(partner.involving(pid))))
            ors = set(session.scalars(select(Record.id).where(partner.involving(pid, True))))
            assert union == ors and union, name
        assert partner.in_many(session, small["Seoul"], threshold=5)
        assert not partner.in_many(session, small["Hanoi"], threshold=5)


def test_a_place_in_many_records_lists_them_in_the_same_order(
    registry: Registry, small: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The home city's path (dated records read in the index's order, the undated after
    them) lists what the one ORDER BY lists. Added: an undated tie (Seoul–Jeju) and two
    undated engagements (Seoul's), so Seoul has ties 1988, 1991, 2000, undated (oldest
    first, the undated last) and engagements 2020-10-12, 2019-05, then the two undated by
    id, newest first; e1 (2015-02-01) is the document's."""
    from citydip.exchange.importer import write_answers
    from citydip.schema import Answer
    from citydip.store.resolve import Stamp

    from .conftest import SEOUL, T0, review

    jeju = {"name": "Jeju", "country": "KR"}
    extra = [
        {"kind": "relationship", "type": "friendship", "parties": [SEOUL, jeju],
         "review": review("accepted", 20)},
        {"kind": "engagement", "type": "meeting", "parties": [SEOUL, jeju],
         "review": review("accepted", 21)},
        {"kind": "engagement", "type": "conference", "parties": [SEOUL, jeju],
         "review": review("accepted", 22)},
    ]  # fmt: skip
    write_answers(
        registry,
        [Answer.model_validate({"doc_id": None, "records": extra})],
        Stamp("tester", T0, "accepted"),
    )
    seoul = small["Seoul"]

    def listed(many: bool, limit: int) -> tuple[list[int], list[int], dict[str, bool]]:
        monkeypatch.setattr(partner, "in_many", lambda session, place_id, memo=None: many)
        with registry.session() as session:
            d = partner.dossier(session, seoul, engagements_limit=limit)
        return [t.id for t in d.ties], [e.id for e in d.engagements], dict(d.more)

    ties, engagements, more = listed(False, 50)
    assert ties[:3] == [small["t1"], small["t2"], small["t3"]] and len(ties) == 4
    assert engagements[:3] == [small["e3"], small["e2"], small["e1"]] and len(engagements) == 5
    first_undated, second_undated = engagements[3:]
    assert first_undated > second_undated > small["e1"]  # the undated: newest id first
    assert more == {"relationship": False, "agreement": False, "engagement": False,
                    "membership": False}  # fmt: skip
    for limit in (50, 5, 4, 3, 2):  # 5 in all: all, then cut among the undated, the dated
        assert listed(True, limit) == listed(False, limit), limit
    assert listed(True, 4)[1] == [small["e3"], small["e2"], small["e1"], first_undated]
    assert listed(True, 4)[2]["engagement"] is True
