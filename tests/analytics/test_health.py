"""Relationship health on the small registry of conftest plus three ties, both backends.

Ties of Seoul (accepted unless said) and the accepted activity with each partner, weighted
by type (agreement 3, official visit 2, meeting 1, conference 0.5):

    t1 sister      Tokyo    1988, strained 2005   2015: a1 mou 3 + e1 visit 2 (Tokyo is its
                                                        party and location: once) = 5
                                                  2021: e4 meeting 1
    t2 friendship  Paris    1991, proposed         (left out of the accepted scope)
    t3 partnership Hanoi    2000                  2019: e2 meeting 1
    t4 friendship  Osaka    2024                  nothing (name-only, too young to be dormant)
    t5 sister      Beijing  2010, terminated 2012 nothing (name-only, not dormant: ended)
    t6 partnership Jakarta  2020                  2024: 1 meeting; 2025: 2 meetings;
                                                  2026: 1 official visit at Jakarta = 2

Today is 2026-06-01: the trend window is 2017-2026 (x = 0..9), dormant means no activity
in 2022-2026.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from citydip.analytics.health import TieHealth, health, slope, status_of, trend_of
from citydip.errors import InputError
from citydip.exchange.importer import write_answers
from citydip.schema import Answer
from citydip.store.engine import Registry
from citydip.store.resolve import Stamp

from .conftest import SEOUL, T0, review

TODAY = dt.date(2026, 6, 1)
OSAKA = {"name": "Osaka", "country": "JP"}
BEIJING = {"name": "Beijing", "country": "CN"}
JAKARTA = {"name": "Jakarta", "country": "ID"}


def _meeting(start: str, title: str, n: int) -> dict[str, Any]:
    return {
        "kind": "engagement",
        "type": "meeting",
        "start": start,
        "title": title,
        "parties": [SEOUL, JAKARTA],
        "review": review("accepted", n),
    }


@pytest.fixture
def ties(registry: Registry, small: dict[str, int]) -> dict[str, int]:
    extra: list[dict[str, Any]] = [
        {
            "kind": "relationship",
            "type": "friendship",
            "parties": [SEOUL, OSAKA],
            "since": "2024",
            "review": review("accepted", 30),
        },
        {
            "kind": "relationship",
            "type": "sister",
            "parties": [SEOUL, BEIJING],
            "since": "2010",
            "events": [{"type": "terminated", "date": "2012"}],
            "review": review("accepted", 31),
        },
        {
            "kind": "relationship",
            "type": "partnership",
            "parties": [SEOUL, JAKARTA],
            "since": "2020",
            "review": review("accepted", 32),
        },
        _meeting("2024-05", "Water talks", 33),
        _meeting("2025-01", "Transport talks", 34),
        _meeting("2025-09", "Housing talks", 35),
        {
            "kind": "engagement",
            "type": "official_visit",
            "start": "2026-02-10",
            "parties": [JAKARTA],
            "location": JAKARTA,
            "review": review("accepted", 36),
        },
    ]
    write_answers(
        registry,
        [Answer.model_validate({"doc_id": None, "records": extra})],
        Stamp("tester", T0, "accepted"),
    )
    return small


def by_partner(found: list[TieHealth]) -> dict[str, TieHealth]:
    return {t.partner.name: t for t in found}


def test_slope_and_trend_words() -> None:
    assert slope([1.0]) is None
    assert slope([0.0, 1.0, 2.0]) == pytest.approx(1.0)
    assert trend_of([0.0] * 10) == (0.0, "none")
    # mean 1 (the floor of the level): ±0.1 a year is the threshold
    assert trend_of([0.55, 0.65, 0.75, 0.85, 0.95, 1.05, 1.15, 1.25, 1.35, 1.45])[1] == "rising"
    assert trend_of([1.0, 1.0, 1.0, 1.0])[1] == "steady"
    assert trend_of([4.0, 3.0, 2.0, 1.0])[1] == "falling"  # slope -1, mean 2.5: -0.4 a year


def test_status_follows_the_latest_event() -> None:
    assert status_of([]) == "active"
    assert status_of([("established", 0, "1988", None), ("strained", 1, "2005", None)]) == (
        "strained"
    )
    # a strained period with an end is over; then terminated for good
    assert status_of([("strained", 0, "1999", "2012")]) == "active"
    assert status_of([("established", 0, "2010", None), ("terminated", 1, "2012", None)]) == (
        "terminated"
    )


def test_health_of_every_tie(ties: dict[str, int], registry: Registry) -> None:
    with registry.session() as session:
        found = health(session, today=TODAY)
    assert found.total == 5  # t1, t3, t4, t5, t6 (t2 is proposed)
    tie = by_partner(found.ties)
    tokyo, hanoi, osaka, beijing, jakarta = (
        tie[n] for n in ("Tokyo", "Hanoi", "Osaka", "Beijing", "Jakarta")
    )

    # Tokyo: a1 + e1 in 2015 (3 + 2 = 5), e4 in 2021 (1)
    assert (tokyo.agreements, tokyo.engagements) == (1, 2)
    assert tokyo.status == "strained"
    assert tokyo.years[0].year == 1988 and tokyo.years[-1].year == 2026
    assert len(tokyo.years) == 2026 - 1988 + 1
    by_year = {y.year: y for y in tokyo.years}
    assert (by_year[2015].agreements, by_year[2015].engagements, by_year[2015].weighted) == (
        1, 1, 5.0,
    )  # fmt: skip
    assert by_year[2021].weighted == 1.0 and by_year[2020].weighted == 0.0
    # window 2017-2026: a 1 at x = 4. mean 0.1; sxx = sum((x - 4.5)^2) = 82.5;
    # sxy = (4 - 4.5)(1 - 0.1) + (-0.1)(0.5) = -0.5; slope = -0.5 / 82.5
    assert tokyo.slope == pytest.approx(-0.5 / 82.5, abs=1e-6)
    assert tokyo.trend == "steady"  # |-0.006| < 0.1 × max(0.1, 1)
    assert tokyo.score == pytest.approx(0.5**1)  # 2021 is 5 years before 2026: half
    assert (tokyo.last_year, tokyo.years_since) == (2021, 5)
    assert tokyo.dormant and not tokyo.name_only  # nothing in 2022-2026

    # Hanoi: e2 in 2019 (x = 2): sxy = (2 - 4.5)(0.9) + (-0.1)(2.5) = -2.5
    assert hanoi.slope == pytest.approx(-2.5 / 82.5, abs=1e-6)
    assert hanoi.trend == "steady"
    assert hanoi.score == pytest.approx(0.5 ** (7 / 5), abs=1e-6)  # 0.378929
    assert (hanoi.last_year, hanoi.years_since, hanoi.dormant) == (2019, 7, True)

    # Osaka: never any activity; since 2024, younger than the 5 dormant years
    assert osaka.name_only and not osaka.dormant
    assert (osaka.trend, osaka.score, osaka.last_year, osaka.years_since) == (
        "none", 0.0, None, None,
    )  # fmt: skip
    assert [y.year for y in osaka.years] == [2024, 2025, 2026]

    # Beijing: terminated in 2012: name-only, but an ended tie is not dormant
    assert beijing.status == "terminated" and beijing.name_only and not beijing.dormant

    # Jakarta: 2024 (x = 7): 1; 2025 (x = 8): 2; 2026 (x = 9): the visit, 2 (party and
    # location: counted once). mean 0.5; sxy = 2.5·1 + 3.5·2 + 4.5·2 = 18.5
    assert jakarta.engagements == 4
    assert jakarta.slope == pytest.approx(18.5 / 82.5, abs=1e-6)  # 0.224 ≥ 0.1: rising
    assert jakarta.trend == "rising"
    # score: 1·0.5^(2/5) + 2·0.5^(1/5) + 2·1 = 0.757858 + 1.741101 + 2
    assert jakarta.score == pytest.approx(4.498959, abs=1e-5)
    assert (jakarta.last_year, jakarta.years_since, jakarta.dormant) == (2026, 0, False)

    # ranked by score: Jakarta 4.50, Tokyo 0.5, Hanoi 0.38; then the zeros by id (t4 < t5)
    assert [t.partner.name for t in found.ties] == [
        "Jakarta", "Tokyo", "Hanoi", "Osaka", "Beijing",
    ]  # fmt: skip
    assert found.counts == {
        "dormant": 2, "name_only": 2, "rising": 1, "steady": 2, "falling": 0, "none": 2,
    }  # fmt: skip


def test_dormant_years_and_limit(ties: dict[str, int], registry: Registry) -> None:
    with registry.session() as session:
        # 8 years: Tokyo (2021) and Hanoi (2019) were active in 2019-2026
        found = health(session, dormant_years=8, limit=2, today=TODAY)
    assert found.total == 5 and len(found.ties) == 2
    assert found.counts["dormant"] == 0


def test_review_all_adds_the_proposed_tie(ties: dict[str, int], registry: Registry) -> None:
    with registry.session() as session:
        found = health(session, review="all", today=TODAY)
    paris = by_partner(found.ties)["Paris"]
    # a2 (rejected cooperation agreement, 2019) 3; e3 (conference at Paris, 2020) 0.5;
    # e4 (meeting with Tokyo and Paris, 2021) 1
    assert {y.year: y.weighted for y in paris.years if y.weighted} == {
        2019: 3.0, 2020: 0.5, 2021: 1.0,
    }  # fmt: skip
    assert paris.score == pytest.approx(
        3 * 0.5 ** (7 / 5) + 0.5 * 0.5 ** (6 / 5) + 1 * 0.5**1, abs=1e-5
    )


def test_bad_input_and_no_ties(registry: Registry) -> None:
    with registry.session() as session:
        assert health(session, today=TODAY).ties == []
        with pytest.raises(InputError) as bad:
            health(session, dormant_years=0)
        assert bad.value.field == "dormant_years"
        with pytest.raises(InputError):
            health(session, review="maybe")
