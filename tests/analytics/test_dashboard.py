"""Dashboard figures on the small registry of conftest.py (accepted records by default)."""

from __future__ import annotations

import pytest

from citydip.analytics import dashboard
from citydip.analytics.dashboard import AreaCount, RegionCount, TypeCount, YearCount
from citydip.errors import InputError
from citydip.store.engine import Registry


def test_counts_accepted_records_by_default(registry: Registry, small: dict[str, int]) -> None:
    with registry.session() as session:
        stats = dashboard.stats(session)
    assert stats.review == "accepted"
    assert stats.counts == {"relationship": 2, "agreement": 1, "engagement": 4, "membership": 2}
    assert stats.review_counts == {"proposed": 1, "accepted": 9, "rejected": 1}
    assert stats.documents == 1
    assert stats.places == 5  # Seoul, Tokyo, Paris, Hanoi, C40


def test_all_states_and_one_state(registry: Registry, small: dict[str, int]) -> None:
    with registry.session() as session:
        every = dashboard.stats(session, "all")
        proposed = dashboard.stats(session, "proposed")
    assert every.counts == {"relationship": 3, "agreement": 2, "engagement": 4, "membership": 2}
    assert proposed.counts == {"relationship": 1, "agreement": 0, "engagement": 0, "membership": 0}
    assert proposed.by_year == [YearCount("1991", "relationship", 1)]


def test_by_year_uses_since_date_and_start(registry: Registry, small: dict[str, int]) -> None:
    with registry.session() as session:
        stats = dashboard.stats(session)
    assert stats.by_year == [
        YearCount("1988", "relationship", 1),
        YearCount("2000", "relationship", 1),
        YearCount("2015", "agreement", 1),
        YearCount("2015", "engagement", 1),
        YearCount("2019", "engagement", 1),
        YearCount("2020", "engagement", 1),
        YearCount("2021", "engagement", 1),
    ]  # memberships have no place on the year chart


def test_by_region_counts_partner_places(registry: Registry, small: dict[str, int]) -> None:
    with registry.session() as session:
        accepted = dashboard.stats(session)
        every = dashboard.stats(session, "all")
    # Paris is only the location of an accepted engagement, and a party of e4 (accepted)
    assert accepted.by_region == [
        RegionCount("east_asia", 1),
        RegionCount("southeast_asia", 1),
        RegionCount("europe", 1),
    ]
    assert sum(r.n for r in every.by_region) == 3  # Seoul and the network C40 never count


def test_by_type_and_area(registry: Registry, small: dict[str, int]) -> None:
    with registry.session() as session:
        stats = dashboard.stats(session)
        every = dashboard.stats(session, "all")
    assert stats.by_type == [
        TypeCount("relationship", "partnership", 1),
        TypeCount("relationship", "sister", 1),
        TypeCount("agreement", "mou", 1),
        TypeCount("engagement", "meeting", 2),
        TypeCount("engagement", "conference", 1),
        TypeCount("engagement", "official_visit", 1),
    ]
    assert stats.by_area == [
        AreaCount("safety", 2),
        AreaCount("economy", 1),
        AreaCount("environment", 1),
    ]
    assert AreaCount("culture", 1) in every.by_area  # the rejected agreement's


def test_latest_activity_newest_change_first(registry: Registry, small: dict[str, int]) -> None:
    with registry.session() as session:
        latest = dashboard.latest_activity(session, limit=3)
    # t3 was changed at +100 min; then m2 (+11) and m1 (+10) were added
    assert [a.record.id for a in latest] == [small["t3"], small["m2"], small["m1"]]
    assert latest[0].updated and latest[0].by == "editor"
    assert not latest[1].updated and latest[1].by == "maker"
    assert [p.name for p in latest[0].record.partners] == ["Hanoi"]
    assert [p.name for p in latest[1].record.partners] == ["C40", "Tokyo"]


def test_open_commitments_soonest_due_first(registry: Registry, small: dict[str, int]) -> None:
    with registry.session() as session:
        items, total = dashboard.open_commitments(session)
        _, none_proposed = dashboard.open_commitments(session, "proposed")
    assert total == 2 and none_proposed == 0
    assert [(c.text, c.due, c.area) for c in items] == [
        ("Joint air study", "2015-12", "environment"),
        ("Share flood maps", "2016", "safety"),
    ]
    assert items[0].agreement.id == small["a1"]
    assert [p.name for p in items[0].agreement.partners] == ["Tokyo"]


def test_an_unknown_review_scope_names_the_field(registry: Registry) -> None:
    with registry.session() as session, pytest.raises(InputError) as err:
        dashboard.stats(session, "maybe")
    assert err.value.field == "review"


def test_an_empty_registry_has_zero_everywhere(registry: Registry) -> None:
    with registry.session() as session:
        stats = dashboard.stats(session)
    assert set(stats.counts.values()) == {0}
    assert stats.by_year == stats.by_region == stats.by_type == stats.by_area == []
    assert stats.latest == [] and stats.open_commitments == []


@pytest.mark.parametrize("scope", ["accepted", "proposed", "rejected"])
def test_the_two_ways_of_reading_figures_agree(
    registry: Registry, small: dict[str, int], scope: str
) -> None:
    states = ["accepted", "proposed", "rejected"]
    others = [s for s in states if s != scope]
    with registry.session() as session:
        direct = dashboard.figures_in(session, [scope])
        less = dashboard.figures_of_all(session) - dashboard.figures_in(session, others)
        assert dashboard.figures_of_all(session) == dashboard.figures_in(session, states)
    assert direct == less
    assert sum(direct.kinds.values()) == {"accepted": 9, "proposed": 1, "rejected": 1}[scope]


def test_type_codes_name_one_kind_each() -> None:
    kinds = dashboard._kind_of_type()
    assert kinds is not None
    assert (kinds["sister"], kinds["mou"], kinds["meeting"]) == (
        "relationship",
        "agreement",
        "engagement",
    )
