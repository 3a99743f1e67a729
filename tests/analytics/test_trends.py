"""Trends by year on the small registry of conftest (plus two engagements), both backends.

Accepted engagements of the small registry, with the two added here (x1, x2):

    e1 official_visit 2015-02-01  parties Seoul, Tokyo; at Tokyo   bilateral     outbound
    e2 meeting        2019-05     parties Seoul, Hanoi             bilateral     unknown
    e3 conference     2020-10-12  parties Seoul; at Paris          multilateral  elsewhere
    e4 meeting        2021        parties Tokyo, Paris             bilateral     unknown
    x1 meeting        2021        Seoul, Osaka, Beijing, Jakarta   multilateral (3 partners)
    x2 study_tour     2021        Seoul, C40 (a network)           multilateral (a network)

and the accepted agreement a1 (mou, 2015-02-03, Tokyo; safety, environment); a2 is
rejected. Memberships m1 (2006) and m2 (2010).
"""

from __future__ import annotations

from typing import Any

import pytest

from citydip.analytics.trends import TrendRow, region_group, trends
from citydip.errors import InputError
from citydip.exchange.importer import write_answers
from citydip.schema import Answer
from citydip.store.engine import Registry
from citydip.store.resolve import Stamp

from .conftest import SEOUL, T0, review

OSAKA = {"name": "Osaka", "country": "JP"}
BEIJING = {"name": "Beijing", "country": "CN"}
JAKARTA = {"name": "Jakarta", "country": "ID"}
C40 = {"name": "C40", "level": "organization"}


@pytest.fixture
def more(registry: Registry, small: dict[str, int]) -> Registry:
    extra: list[dict[str, Any]] = [
        {
            "kind": "engagement",
            "type": "meeting",
            "start": "2021-03",
            "parties": [SEOUL, OSAKA, BEIJING, JAKARTA],
            "review": review("accepted", 20),
        },
        {
            "kind": "engagement",
            "type": "study_tour",
            "start": "2021-04",
            "parties": [SEOUL, C40],
            "review": review("accepted", 21),
        },
    ]
    answer = Answer.model_validate({"doc_id": None, "records": extra})
    write_answers(registry, [answer], Stamp("tester", T0, "accepted"))
    return registry


def table(rows: list[TrendRow]) -> dict[tuple[int, str], tuple[int, float]]:
    """(year, group) → (n, share) of the rows that count something."""
    return {(r.year, r.group): (r.n, round(r.share, 4)) for r in rows if r.n}


def test_mode_bilateral_and_multilateral(small: dict[str, int], registry: Registry) -> None:
    with registry.session() as session:
        found = trends(session, "mode")
    assert found.groups == ("bilateral", "multilateral")
    # every year from the first (2015) to the last (2021), zeros included
    assert found.years == (2015, 2016, 2017, 2018, 2019, 2020, 2021)
    assert found.totals == {2015: 1, 2016: 0, 2017: 0, 2018: 0, 2019: 1, 2020: 1, 2021: 1}
    assert len(found.rows) == 7 * 2
    # e1, e2, e4 bilateral (one or two partners); e3 a conference
    assert table(found.rows) == {
        (2015, "bilateral"): (1, 1.0),
        (2019, "bilateral"): (1, 1.0),
        (2020, "multilateral"): (1, 1.0),
        (2021, "bilateral"): (1, 1.0),
    }


def test_three_partners_or_a_network_make_it_multilateral(more: Registry) -> None:
    with more.session() as session:
        found = trends(session, "mode", year_from=2020)
    assert found.years == (2020, 2021)
    # 2021: e4 bilateral; x1 (3 partners besides Seoul) and x2 (C40) multilateral: 1/3, 2/3
    assert table(found.rows) == {
        (2020, "multilateral"): (1, 1.0),
        (2021, "bilateral"): (1, 0.3333),
        (2021, "multilateral"): (2, 0.6667),
    }


def test_direction(more: Registry) -> None:
    with more.session() as session:
        found = trends(session, "direction")
    assert found.groups == ("inbound", "outbound", "elsewhere", "unknown")
    # e1 at Tokyo, a party: outbound; e3 at Paris, no party: elsewhere; no location: unknown
    assert table(found.rows) == {
        (2015, "outbound"): (1, 1.0),
        (2019, "unknown"): (1, 1.0),
        (2020, "elsewhere"): (1, 1.0),
        (2021, "unknown"): (3, 1.0),
    }


def test_dimensions(more: Registry) -> None:
    with more.session() as session:
        found = trends(session, "dimension")
    assert found.groups == (
        "security", "development", "economic", "cultural", "networks", "representation"
    )  # fmt: skip
    # 2006 m1, 2010 m2: networks (memberships). 2015 a1 (safety) and e1 (official visit,
    # safety): security 2 of 2, representation 1 of 2. 2019 e2 (meeting, economy): economic
    # and representation. 2020 e3 (conference): networks. 2021 e4, x1 (meetings):
    # representation 2 of 3; x2 (study tour, no area) in no dimension.
    assert table(found.rows) == {
        (2006, "networks"): (1, 1.0),
        (2010, "networks"): (1, 1.0),
        (2015, "security"): (2, 1.0),
        (2015, "representation"): (1, 0.5),
        (2019, "economic"): (1, 1.0),
        (2019, "representation"): (1, 1.0),
        (2020, "networks"): (1, 1.0),
        (2021, "representation"): (2, 0.6667),
    }
    assert found.totals[2015] == 2 and found.totals[2021] == 3 and found.totals[2008] == 0


def test_areas(small: dict[str, int], registry: Registry) -> None:
    with registry.session() as session:
        found = trends(session, "area")
    # the areas seen, in the taxonomy's order
    assert found.groups == ("safety", "environment", "economy")
    # 2015: a1 (safety, environment) and e1 (safety) of 2 records; 2019: e2 (economy)
    assert table(found.rows) == {
        (2015, "safety"): (2, 1.0),
        (2015, "environment"): (1, 0.5),
        (2019, "economy"): (1, 1.0),
    }
    assert found.totals == {2015: 2, 2016: 0, 2017: 0, 2018: 0, 2019: 1, 2020: 1, 2021: 1}


def test_regions(more: Registry) -> None:
    with more.session() as session:
        found = trends(session, "region")
    assert found.groups == ("east_asia", "southeast_asia", "europe", "unknown")
    # 2015: a1 (Tokyo) and e1 (Tokyo as party and location: once) in East Asia.
    # 2021: e4 (Tokyo, Paris), x1 (Osaka, Beijing: East Asia once; Jakarta), x2 (C40, no
    # country) — of 3 records: East Asia 2, Europe 1, Southeast Asia 1, unknown 1.
    assert table(found.rows) == {
        (2015, "east_asia"): (2, 1.0),
        (2019, "southeast_asia"): (1, 1.0),
        (2020, "europe"): (1, 1.0),
        (2021, "east_asia"): (2, 0.6667),
        (2021, "southeast_asia"): (1, 0.3333),
        (2021, "europe"): (1, 0.3333),
        (2021, "unknown"): (1, 0.3333),
    }


def test_review_scope_counts_the_rejected_agreement(
    small: dict[str, int], registry: Registry
) -> None:
    with registry.session() as session:
        found = trends(session, "region", review="all")
    # a2 (rejected, 2019, Paris) joins e2 (Hanoi) in 2019
    assert table(found.rows)[(2019, "europe")] == (1, 0.5)
    assert found.totals[2019] == 2


def test_americas_group_north_and_latin_america() -> None:
    assert region_group("north_america") == region_group("latin_america") == "americas"
    assert region_group("europe") == "europe"


def test_bad_input(small: dict[str, int], registry: Registry) -> None:
    with registry.session() as session:
        with pytest.raises(InputError) as bad_by:
            trends(session, "colour")
        assert bad_by.value.field == "by"
        with pytest.raises(InputError) as reversed_years:
            trends(session, "mode", year_from=2020, year_to=2019)
        assert reversed_years.value.field == "year_to"


def test_an_empty_registry_has_no_rows(registry: Registry) -> None:
    with registry.session() as session:
        found = trends(session, "dimension")
    assert found.years == () and found.rows == []
