"""Rules that find dates in one sentence and resolve them against the published date."""

from __future__ import annotations

import pytest

from citydip.pipeline.mentions.dates import find_dates

EN_PUB = "2015-02-03"
KO_PUB = "2017-10-19"

# sentence -> (value, until, future) of its first date
EN_CASES = [
    ("The forum opened on February 3.", ("2015-02-03", None, False)),
    ("Feb. 3 was the day.", ("2015-02-03", None, False)),
    ("The mayor arrived on 3 February.", ("2015-02-03", None, False)),
    ("They met on February 3, 2014 in Seoul.", ("2014-02-03", None, False)),
    ("It was signed on Oct. 28, 2009.", ("2009-10-28", None, False)),
    ("The city joined in June 2009.", ("2009-06", None, False)),
    ("July 2014 saw the first exchange.", ("2014-07", None, False)),
    ("The cities became sisters in 1988.", ("1988", None, False)),
    ("Partners since 1992, they meet often.", ("1992", None, False)),
    ("The agreement (1995) still holds.", ("1995", None, False)),
    ("Signed on 2015-09-21 in Paris.", ("2015-09-21", None, True)),
    ("Signed on 2015.09.21 in Paris.", ("2015-09-21", None, True)),
    ("The delegation visited last July.", ("2014-07", None, False)),
    ("The programme began last year.", ("2014", None, False)),
    ("This year the city will host it.", ("2015", None, False)),
    ("The office opens next year.", ("2016", None, True)),
    ("The mayor will travel next month.", ("2015-03", None, True)),
    ("The mayor travelled last month.", ("2015-01", None, False)),
    ("The delegation arrived yesterday.", ("2015-02-02", None, False)),
    ("Today the two mayors met.", ("2015-02-03", None, False)),
    ("The mayor met the envoy on Monday.", ("2015-02-02", None, False)),
    ("The envoy leaves tomorrow.", ("2015-02-04", None, True)),
    ("The MOU was signed in May of last year.", ("2014-05", None, False)),
    ("The plan was adopted by October 2012.", ("2012-10", None, False)),
    ("It opens in the first quarter of next year.", ("2016", None, True)),
    ("The festival runs from February 1 to 6.", ("2015-02-01", "2015-02-06", False)),
    ("The festival runs February 1–6.", ("2015-02-01", "2015-02-06", False)),
    ("The festival runs February 1-6.", ("2015-02-01", "2015-02-06", False)),
    ("Exchanges ran from 1999 to 2012.", ("1999", "2012", False)),
    ("Exchanges ran 1999-2012.", ("1999", "2012", False)),
    ("Exchanges ran between 1999 and 2012.", ("1999", "2012", False)),
    ("The office was open from June 2009 to July 2014.", ("2009-06", "2014-07", False)),
    ("It ran December 28 to January 3, 2015.", ("2014-12-28", "2015-01-03", False)),
    ("The exhibition was held 1-6 February 2014.", ("2014-02-01", "2014-02-06", False)),
]

KO_CASES = [
    ("2015년 2월 3일 협약을 맺었다.", ("2015-02-03", None, False)),
    ("2015년 2월 협약을 맺었다.", ("2015-02", None, False)),
    ("2015년 협약을 맺었다.", ("2015", None, False)),
    ("두 도시는 1988년 자매결연을 맺었다.", ("1988", None, False)),
    ("시장은 10월 19일 방문했다.", ("2017-10-19", None, False)),
    ("시장은 19일 방문했다.", ("2017-10-19", None, False)),
    ("시장은 지난 17일 방문했다.", ("2017-10-17", None, False)),
    ("시장은 오는 21일 방문한다.", ("2017-10-21", None, True)),
    ("지난해 7월 협약을 맺었다.", ("2016-07", None, False)),
    ("작년 7월 협약을 맺었다.", ("2016-07", None, False)),
    ("올해 교류를 시작했다.", ("2017", None, False)),
    ("내년 사무소를 연다.", ("2018", None, True)),
    ("지난달 대표단이 왔다.", ("2017-09", None, False)),
    ("다음 달 대표단이 온다.", ("2017-11", None, True)),
    ("내달 대표단이 온다.", ("2017-11", None, True)),
    ("지난 7월 대표단이 왔다.", ("2017-07", None, False)),
    ("오는 11월 대표단이 온다.", ("2017-11", None, True)),
    ("어제 대표단이 왔다.", ("2017-10-18", None, False)),
    ("오늘 대표단이 왔다.", ("2017-10-19", None, False)),
    ("축제는 2월 1일부터 6일까지 열렸다.", ("2017-02-01", "2017-02-06", False)),
    ("축제는 2월 1일~6일 열렸다.", ("2017-02-01", "2017-02-06", False)),
    ("축제는 2월 1일~2월 6일 열렸다.", ("2017-02-01", "2017-02-06", False)),
    ("축제는 2015년 2월 1일~2월 6일 열렸다.", ("2015-02-01", "2015-02-06", False)),
    ("교류는 1999년부터 2012년까지 이어졌다.", ("1999", "2012", False)),
    ("시장은 19일부터 2박3일 일정으로 방문했다.", ("2017-10-19", "2017-10-21", False)),
    ("시장은 19일 출국해 3박 4일 일정으로 방문했다.", ("2017-10-19", "2017-10-22", False)),
    ("시장은 19일 오후 6시 도착했다.", ("2017-10-19", None, False)),
    ("행사는 24일(월) 열린다.", ("2017-10-24", None, True)),
    ("대표단은 오는 19~21일 방문한다.", ("2017-10-19", "2017-10-21", True)),
]


def _first(text: str, lang: str, published: str | None) -> tuple[str | None, str | None, bool]:
    found = find_dates(text, lang, published)
    assert found, f"no date in {text!r}"
    d = found[0]
    return d.value, d.until, d.future


@pytest.mark.parametrize("text, expected", EN_CASES)
def test_english(text: str, expected: tuple[str | None, str | None, bool]) -> None:
    assert _first(text, "en", EN_PUB) == expected


@pytest.mark.parametrize("text, expected", KO_CASES)
def test_korean(text: str, expected: tuple[str | None, str | None, bool]) -> None:
    assert _first(text, "ko", KO_PUB) == expected


@pytest.mark.parametrize(
    "text, lang",
    [
        ("95 members from seven cities attended.", "en"),
        ("They celebrated the 20th anniversary.", "en"),
        ("The city spent 3 billion won.", "en"),
        ("The fund gave US$ 100,000 to the project.", "en"),
        ("About 10 million people live there.", "en"),
        ("The park covers 2 hectares.", "en"),
        ("The park covers 2000 hectares and 2015 people came.", "en"),
        ("The grant was $2015.", "en"),
        ("They have cooperated for 20 years.", "en"),
        ("Call 02-2133-2015 for details.", "en"),
        ("May I ask a question?", "en"),
        ("50만 달러를 지원했다.", "ko"),
        ("자매결연 20주년을 맞았다.", "ko"),
        ("3명이 참석했다.", "ko"),
        ("2시에 만났다.", "ko"),
        ("2000명이 참석했다.", "ko"),
        ("3일간 머물렀다.", "ko"),
        ("지난 해외 순방에서 만났다.", "ko"),
    ],
)
def test_not_dates(text: str, lang: str) -> None:
    assert find_dates(text, lang, EN_PUB) == []


def test_until_only() -> None:
    [d] = find_dates("The exhibition runs until September 23.", "en", "2015-09-21")
    assert (d.value, d.until, d.text) == (None, "2015-09-23", "until September 23")
    [d] = find_dates("전시는 9월 23일까지 열린다.", "ko", "2017-09-21")
    assert (d.value, d.until) == (None, "2017-09-23")


@pytest.mark.parametrize(
    "text, lang",
    [
        ("The forum opened on February 3 and closed Monday.", "en"),
        ("시장은 19일 방문했고 어제 돌아왔다.", "ko"),
        ("He arrived yesterday.", "en"),
    ],
)
def test_no_published_date_invents_nothing(text: str, lang: str) -> None:
    found = find_dates(text, lang, None)
    assert found and all(d.value is None and d.relative for d in found)


def test_published_year_only() -> None:
    assert _first("They met on February 3.", "en", "2015") == ("2015-02-03", None, False)
    assert _first("They met on Monday.", "en", "2015")[0] is None
    assert _first("They met last month.", "en", "2015")[0] is None


def test_previous_month_for_past_day() -> None:
    assert _first("시장은 지난 17일 방문했다.", "ko", "2017-10-05")[0] == "2017-09-17"
    assert _first("시장은 오는 3일 방문한다.", "ko", "2017-10-05")[0] == "2017-11-03"


def test_relative_flag() -> None:
    [d] = find_dates("They met on February 3, 2014.", "en", EN_PUB)
    assert not d.relative
    [d] = find_dates("They met on February 3.", "en", EN_PUB)
    assert d.relative


@pytest.mark.parametrize(
    "text, lang, published",
    [
        ("On February 3, 2014 and again from 1999 to 2012, last year and (1995).", "en", EN_PUB),
        ("Nov. 24 (Mon) and next month, until September 23.", "en", EN_PUB),
        ("2015년 2월 3일, 지난 17일, 2월 1일부터 6일까지 그리고 내년.", "ko", KO_PUB),
        ("오는 19~21일 2박3일 일정, 24일(월) 오후 6시.", "ko", KO_PUB),
    ],
)
def test_offsets_slice_back(text: str, lang: str, published: str) -> None:
    offset = 1000
    doc = "x" * offset + text
    found = find_dates(text, lang, published, offset)
    assert len(found) >= 2
    starts = [d.start for d in found]
    assert starts == sorted(starts)
    for a, b in zip(found, found[1:], strict=False):
        assert a.end <= b.start
    for d in found:
        assert text[d.start - offset : d.end - offset] == d.text
        assert doc[d.start : d.end] == d.text


def test_sentence_without_dates_gives_none() -> None:
    text = "The mayor discussed cooperation in culture, tourism and the environment with them."
    assert find_dates(text, "en", EN_PUB) == []
    assert find_dates("양 도시는 문화와 관광 분야에서 협력하기로 했다.", "ko", "2017-10-19") == []


def test_the_day_a_release_reports_on_is_no_event_date() -> None:
    from citydip.pipeline.mentions.dates import find_dates

    ko = "대표단이 오는 21일부터 2박3일 일정으로 애틀랜타를 방문한다고 14일 밝혔다."
    assert [(d.value, d.until) for d in find_dates(ko, "ko", "2021-10-14")] == [
        ("2021-10-21", "2021-10-23")
    ]
    en = "The city said on Monday that it had held a program from November 6 to 17."
    assert [(d.value, d.until) for d in find_dates(en, "en", "2023-11-20")] == [
        ("2023-11-06", "2023-11-17")
    ]


def test_nights_and_days_end_on_the_last_day() -> None:
    from citydip.pipeline.mentions.dates import find_dates

    # 4박6일 from the 23rd: six days (a night flight home), the 23rd to the 28th
    found = find_dates("23일부터 4박6일 일정으로", "ko", "2021-10-14")
    assert [(d.value, d.until) for d in found] == [("2021-10-23", "2021-10-28")]
