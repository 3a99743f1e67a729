"""The six dimensions: the taxonomy's rules, in Python and as SQL conditions."""

from __future__ import annotations

from sqlalchemy import select

from citydip.analytics.dimensions import TAGGED_KINDS, codes, dimensions_of, rules
from citydip.store.engine import Registry
from citydip.store.records import Record
from citydip.taxonomy import parse_taxonomy


def test_the_six_dimensions_in_the_taxonomy_order() -> None:
    assert codes() == (
        "security", "development", "economic", "cultural", "networks", "representation"
    )  # fmt: skip
    networks = {r.code: r for r in rules()}["networks"]
    assert networks.memberships and networks.types == {"conference"}


def test_types_areas_and_memberships() -> None:
    # aid is development by type; safety makes it security too
    assert dimensions_of("engagement", "aid", ["safety"]) == ["security", "development"]
    # a cultural event in tourism: cultural by type, economic by area
    assert dimensions_of("engagement", "cultural_event", ["tourism"]) == ["economic", "cultural"]
    # an agreement has no dimension type: only its areas count (culture and sports: once)
    assert dimensions_of("agreement", "mou", ["culture", "sports"]) == ["cultural"]
    assert dimensions_of("agreement", "mou", []) == []
    assert dimensions_of("membership", None) == ["networks"]
    # ties are not activity: never tagged, whatever their areas
    assert dimensions_of("relationship", "sister", ["peace"]) == []


def test_rules_come_from_the_taxonomy_text() -> None:
    text = """
relationship_types: {sister: {}}
relationship_events: {established: {}}
agreement_types: {mou: {}}
engagement_types: {meeting: {}}
cooperation_areas: {water: {}}
dimensions:
  blue: {areas: [water]}
  talk: {types: [meeting], memberships: true}
"""
    tax = parse_taxonomy(text)
    assert set(tax.dimensions) == {"blue", "talk"}
    assert tax.dimensions["talk"].memberships


def test_sql_conditions_agree_with_the_rules(small: dict[str, int], registry: Registry) -> None:
    """Each record of the small registry is tagged the same way by SQL and by Python."""
    with registry.session() as session:
        records = list(session.scalars(select(Record).where(Record.kind.in_(TAGGED_KINDS))))
        assert len(records) == 8  # a1, a2, e1..e4, m1, m2
        for rule in rules():
            in_sql = set(
                session.scalars(
                    select(Record.id).where(Record.kind.in_(TAGGED_KINDS), rule.condition())
                )
            )
            in_python = {r.id for r in records if rule.matches(r.kind, r.type, r.areas)}
            assert in_sql == in_python, rule.code
        # by hand: a1 (safety) and e1 (official visit, safety) are security; e1, e2 and e4
        # representation; e3 (a conference), m1 and m2 networks; a2 (culture) cultural
        tagged = {r.id: dimensions_of(r.kind, r.type, r.areas) for r in records}
    assert tagged[small["a1"]] == ["security"]
    assert tagged[small["e1"]] == ["security", "representation"]
    assert tagged[small["e2"]] == ["economic", "representation"]
    assert tagged[small["e3"]] == ["networks"]
    assert tagged[small["e4"]] == ["representation"]
    assert tagged[small["a2"]] == ["cultural"]
    assert tagged[small["m1"]] == tagged[small["m2"]] == ["networks"]
