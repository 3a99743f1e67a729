"""Text helpers: language share, cleaning, the document's own date."""

from __future__ import annotations

import pytest

from citydip.pipeline.text import clean_text, detect_language, find_published, hangul_share

EN = "Seoul Mayor Park Won-soon met the Mayor of Panama City and signed a friendship pact."
KO = "박원순 서울시장은 19일 오후 여의도에서 파나마시티 시장과 면담하고 우호도시 협약을 체결했다."


# -- detect_language ------------------------------------------------------------------------


def test_english() -> None:
    assert detect_language(EN) == "en"


def test_korean() -> None:
    assert detect_language(KO) == "ko"


def test_korean_with_english_names_is_korean() -> None:
    text = "서울시는 19일 Federico Gutiérrez 메데진 시장과 만나 MICE 산업 협력 양해각서를 체결했다."
    assert detect_language(text) == "ko"


def test_english_with_a_korean_name_is_english() -> None:
    text = EN + " The ceremony was called 우호도시 협약 in Korean."
    assert detect_language(text) == "en"


def test_mixed_decided_by_share() -> None:
    # 10 Hangul syllables against 40 Latin letters: exactly 20%
    text = "가" * 10 + " " + "a" * 40
    assert hangul_share(text) == pytest.approx(0.2)
    assert detect_language(text) == "ko"
    assert detect_language("가" * 9 + " " + "a" * 40) == "en"


def test_no_letters_is_english() -> None:
    assert detect_language("") == "en"
    assert detect_language("2015-09-21 17:10 !!! 123") == "en"


def test_detect_language_on_a_megabyte_of_mixed_text() -> None:
    text = (KO + " " + EN + "\n") * (1_000_000 // len(KO + EN))
    assert detect_language(text) == "ko"
    assert detect_language(text.replace(KO, KO[:5])) == "en"


# -- clean_text -----------------------------------------------------------------------------


def test_clean_newlines_spaces_and_invisibles() -> None:
    raw = "Seoul\u00a0City\r\nsigned\u200b a pact\rtoday\ufeff.\u2028Next"
    assert clean_text(raw) == "Seoul City\nsigned a pact\ntoday.\nNext"


def test_clean_nfc() -> None:
    decomposed = "cafe\u0301 \u1100\u1161"  # e + combining acute; Hangul jamo ㄱ + ㅏ
    assert clean_text(decomposed) == "café 가"


def test_clean_keeps_korean_cjk_punctuation_and_quotes() -> None:
    text = "‘서울시-메데진시 간 우호협력’ 大邱를 “global” — 50%… (현지시간) 『책』 «x» 'y'\t!"
    assert clean_text(text) == text


# -- find_published -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("2015-09-21 17:10:57", "2015-09-21"),
        ("Date: 2015.02.03", "2015-02-03"),
        ("2017.10.19", "2017-10-19"),
        ("2017년 10월 19일", "2017-10-19"),
        ("2017년 10월", "2017-10"),
        ("February 3, 2015", "2015-02-03"),
        ("Nov 24, 2014", "2014-11-24"),
        ("Wednesday, July 21, 2021", "2021-07-21"),
        ("Posted on 3 March 2016", "2016-03-03"),
        ("기사승인 2023. 02. 07. 17:19", "2023-02-07"),
        ("입력: 2023.08.10 10:56 / 수정: 2023.08.10 11:03", "2023-08-10"),
        ("등록|2015.03.15 16:41 수정|2015.03.15 16:41", "2015-03-15"),
        ("등록일 2019-07-13", "2019-07-13"),
        ("작성일: 2020.09.14", "2020-09-14"),
        (" date 2024-04-16 Mayor Park met the chair of the federation.", "2024-04-16"),
    ],
)
def test_find_published(line: str, expected: str) -> None:
    text = f"Mayor of Seoul visiting\n\n{line}\n\nThe mayor arrived in Ulaanbaatar on Monday."
    assert find_published(text) == expected


def test_published_on_the_first_line() -> None:
    assert find_published("2015-09-21\nSeoul and Ulaanbaatar mark 20 years.") == "2015-09-21"


def test_prose_years_are_not_published_dates() -> None:
    text = (
        "Seoul and Beijing became sister cities in 1988.\n"
        "On February 3, 2015 the mayor visited Beijing.\n"
        "박원순 시장은 2017년 10월 19일 오전 여의도에서 시장과 면담했다.\n"
    )
    assert find_published(text) is None


def test_date_far_from_the_top_is_ignored() -> None:
    text = "A long first paragraph about sister cities.\n" * 20 + "2015-09-21\n"
    assert find_published(text) is None


def test_impossible_dates_are_ignored() -> None:
    assert find_published("Title\n2015-02-30\nBody.") is None
    assert find_published("Title\n2015-13-01\nBody.") is None


def test_no_date() -> None:
    assert find_published("") is None
    assert find_published(KO) is None


def test_date_lines_after_a_masthead_or_with_the_wire_word() -> None:
    from citydip.pipeline.text import find_published

    assert find_published("Gwangju News | Updated: 2024.10.25 16:02\n\nTitle") == "2024-10-25"
    assert find_published("제목\n2023-09-19 14:32 송고\n본문") == "2023-09-19"


def test_a_korean_release_without_a_home_is_the_korean_citys() -> None:
    from citydip.gazetteer.matcher import load_gazetteer
    from citydip.pipeline.runner import Extractor
    from citydip.types import Document

    text = (
        "대구시는 미국 애틀랜타시와 교류를 확대한다. 애틀랜타시 대표단은 애틀랜타시장과 함께 "
        "대구시를 방문한다. 애틀랜타시는 대구와 자매도시다."
    )
    answer = Extractor(load_gazetteer()).run(Document(text=text, published="2021-10-14")).answer
    assert answer.home is not None and answer.home.name == "Daegu"
