"""Dates in one sentence of a press release (English or Korean), resolved against the
document's published date: "February 3, 2014", "last July", "1999-2012", "지난 17일",
"2월 1일부터 6일까지", "2박3일".

Values are partial ISO dates, never more precise than the text: "July 2014" is "2014-07".
A date the text leaves to the published date ("February 3", "yesterday") is `relative`,
and has no value when the published date is unknown or too coarse. A date after the
published date (or marked as ahead: "next year", "오는 21일") is `future`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from citydip.dates import parse_partial_date
from citydip.types import DateMention

_Pub = tuple[int | None, int | None, int | None]
_Parts = tuple[int | None, int | None, int | None]

_YEAR = r"(?:19\d\d|20\d\d|2100)"
_MON = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?"
)
_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_WDP = r"(?:\s*\((?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)[a-z]*\.?\))?"
_KWDP = r"(?:\s*\([월화수목금토일]\))?"
_ORD = r"(?:st|nd|rd|th)?"
_EN_UNITS = (
    r"(?![.,]\d)(?!\s*%)(?!\s*(?:percent|won|KRW|dollars?|USD|euros?|yuan|yen|people|persons"
    r"|residents|members|participants|visitors|delegates|students|citizens|households"
    r"|companies|hectares?|ha|km|kilomet\w*|met(?:er|re)s?|m2|sq|square|acres?|tons?|tonnes?"
    r"|kg|units?|cases?|times|years?|months?|days?|hours?|million|billion|trillion"
    r"|thousand|cars|vehicles|homes|houses|jobs|trees|seats|rooms|beds)\b)"
)
_KO_UNITS = r"(?![.,]\d)(?!\s*(?:%|만|억|달러|km|kg|㎡|㎞|[명원](?![가-힣])))"
_CURRENCY = ("$", "€", "£", "¥", "₩", "USD", "KRW", "EUR", "JPY", "RMB", "CNY")
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")

_PRE_EN = re.compile(
    r"\d|[Dd]ay|[Yy]ear|[Mm]onth|morrow|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
)
_PRE_KO = re.compile(
    r"\d|어제|오늘|내일|올해|작년|금년|내년|지난\s?해|지난\s?달|이달|이번 달"
    r"|다음\s?달|내달|다음 해|그제|그저께|모레"
)
_GAP = re.compile(r"\s*(?:부터\s*[~∼〜\-–]?|에서|[~∼〜\-–—]|to|through|until|till|and)\s*", re.I)
_FROM = re.compile(r"\b(?:from|between)\s+$", re.I)
_UNTIL_EN = re.compile(r"\b(?:until|till|through|up to)\s+$", re.I)
_EN_REL = re.compile(r"\b(last|this|next|coming)\s+$", re.I)
_EN_LEAD = re.compile(
    r"\b(?:in|during|since|by|until|till|through|from|early|late|mid|end of|beginning of"
    r"|start of)[\s-]+$",
    re.I,
)
_KO_YREL = r"지난해|지난 해(?!외)|작년|올해|금년|내년|다음 해"
_KO_MREL = r"지난달|지난 달|이달|이번 달|다음 달|다음달|내달"
_KO_BEFORE_M = re.compile(rf"({_KO_YREL}|지난|오는|이번)\s*$")
_KO_BEFORE_D = re.compile(rf"({_KO_MREL}|지난|오는|이번)\s*$")
_HAS_MON = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)")
_HAS_YM = re.compile(r"[Yy]ear|[Mm]onth")
_HAS_DAY = re.compile(r"day|morrow")
_UNTIL_KO = re.compile(r"\s*까지")
_NIGHTS = re.compile(r"(?<!\d)(\d{1,2})\s*박\s*(\d{1,2})\s*일")


@dataclass(slots=True)
class _Cand:
    start: int
    end: int
    value: str | None
    until: str | None = None
    future: bool = False
    relative: bool = False
    parts: _Parts | None = None  # the components the text spells out, for ranges


def _iso(y: int, m: int | None = None, d: int | None = None) -> str:
    return f"{y:04d}" + (f"-{m:02d}" if m else "") + (f"-{d:02d}" if m and d else "")


def _valid(y: int | None, m: int | None, d: int | None) -> bool:
    if m is not None and not 1 <= m <= 12:
        return False
    if d is None:
        return True
    try:
        dt.date(y or 2000, m or 1, d)
    except ValueError:
        return False
    return True


def _shift(y: int, m: int, k: int) -> tuple[int, int]:
    n = y * 12 + m - 1 + k
    return n // 12, n % 12 + 1


def _day_near(pub: _Pub, day: int, forward: bool) -> str | None:
    """The nearest `day`-th of a month on or before (or after) the published date."""
    py, pm, pd = pub
    if py is None or pm is None or pd is None:
        return None
    y, m = py, pm
    if (day > pd) if not forward else (day < pd):
        y, m = _shift(y, m, 1 if forward else -1)
    for _ in range(12):
        if _valid(y, m, day):
            return _iso(y, m, day)
        y, m = _shift(y, m, 1 if forward else -1)
    return None


def _month_day_near(pub: _Pub, m: int, d: int | None, forward: bool, strict: bool) -> int | None:
    """The year of the nearest month `m` (day `d`) before or after the published date."""
    py, pm, pd = pub
    if py is None or pm is None:
        return None
    if d is not None and m == pm:
        if pd is None:
            return None
        ahead, same = d > pd, d == pd
    else:
        ahead, same = m > pm, m == pm
    if same:
        return py - 1 if strict and not forward else py + 1 if strict else py
    if forward:
        return py if ahead else py + 1
    return py - 1 if ahead else py


def _resolve(parts: _Parts, pub: _Pub, start: int, end: int, rel: bool = False) -> _Cand | None:
    """A candidate for a date spelled (year?, month?, day?); missing parts from `pub`."""
    y, m, d = parts
    if not _valid(y, m, d):
        return None
    if y is None:
        rel = True
        y = pub[0]
        if m is None:
            m = pub[1]
            if m is not None and not _valid(y, m, d):
                return None
        if y is None or m is None:
            return _Cand(start, end, None, relative=True, parts=parts)
        if not _valid(y, m, d):
            return None
    return _Cand(start, end, _iso(y, m, d), relative=rel, parts=parts)


def _full(pub: _Pub) -> dt.date | None:
    y, m, d = pub
    return dt.date(y, m, d) if y is not None and m is not None and d is not None else None


def _int(s: str | None) -> int | None:
    return int(s) if s else None


def _mon(s: str | None) -> int | None:
    return _MONTHS.index(s.rstrip(".")[:3].lower()) + 1 if s else None


def _shift_word(w: str) -> int:
    w = w.lower()
    if w in ("last", "지난해", "지난 해", "작년", "지난달", "지난 달"):
        return -1
    if w in ("next", "coming", "내년", "다음 해", "다음 달", "다음달", "내달"):
        return 1
    return 0


def _before(pattern: re.Pattern[str], text: str, i: int) -> tuple[str, int]:
    """The word `pattern` (anchored with $) finds just before `i`, and where it starts."""
    m = pattern.search(text, max(0, i - 16), i)
    if m is None:
        return "", i
    return (m[1] if pattern.groups else m[0]).strip().lower(), m.start()


def _glued(text: str, i: int, chars: str) -> bool:
    """True when the number at `i` continues a number or amount ("1,2015", "$2015", "02-2015")."""
    if i == 0:
        return False
    c = text[i - 1]
    return c in chars or c.isdigit() or (c == "-" and i > 1 and text[i - 2].isdigit())


# --- handlers: (match, text, published) -> candidate or None ------------------------------

Handler = Callable[[re.Match[str], str, _Pub], _Cand | None]


def _h_iso(m: re.Match[str], text: str, pub: _Pub) -> _Cand | None:
    if _glued(text, m.start(), ".-/"):
        return None
    return _resolve((int(m["y"]), int(m["m"]), _int(m["d"])), pub, m.start(), m.end())


def _h_year(m: re.Match[str], text: str, pub: _Pub) -> _Cand | None:
    if _glued(text, m.start(), "$€£¥₩.,/:#") or text[: m.start()].rstrip().endswith(_CURRENCY):
        return None
    return _resolve((int(m["y"]), None, None), pub, m.start(), m.end())


def _h_year_range(m: re.Match[str], text: str, pub: _Pub) -> _Cand | None:
    y1, y2 = int(m["y1"]), int(m["y2"])
    pre, start = _before(_FROM, text, m.start())
    if y2 < y1 or (m["sep"].lower() == "and" and pre != "between"):
        return None
    if _glued(text, m.start(), "$.,/") or text[: m.start()].rstrip().endswith(_CURRENCY):
        return None
    return _Cand(start, m.end(), _iso(y1), _iso(y2))


def _h_abs(m: re.Match[str], text: str, pub: _Pub) -> _Cand | None:
    if m[0][0].isdigit() and _glued(text, m.start(), ".,$"):
        return None
    g = m.groupdict()
    parts = (_int(g.get("y1")), _mon(g.get("m1")) or _int(g.get("km")), _int(g.get("d1")))
    return _resolve(parts, pub, m.start(), m.end())


def _h_range(m: re.Match[str], text: str, pub: _Pub) -> _Cand | None:
    if m[0][0].isdigit() and _glued(text, m.start(), ".,$"):
        return None
    g = m.groupdict()
    pre, start = _before(_KO_BEFORE_D if "km" in g else _FROM, text, m.start())
    if g["sep"].lower() == "and" and pre != "between":
        return None
    y1, y2 = _int(g.get("y1")), _int(g.get("y2"))
    m2, d1, d2 = _mon(g.get("m2")) or _int(g.get("km")), int(g["d1"]), int(g["d2"])
    m1 = _mon(g.get("m1")) or m2
    m2 = m2 or m1
    y2 = y2 or y1
    if y1 is None and y2 is not None:
        y1 = y2 - 1 if (m1 or 0, d1) > (m2 or 0, d2) else y2
    future = pre == "오는"
    if pre in ("지난", "오는") and m1 is None:  # "오는 19~21일": the month of the nearest 19th
        near = _day_near(pub, d1, forward=future)
        if near is None:
            return _Cand(start, m.end(), None, future=future, relative=True)
        y1, m1 = int(near[:4]), int(near[5:7])
        y2, m2 = y1, m1
    elif pre not in ("from", "between"):
        start = m.start()
    a = _resolve((y1, m1, d1), pub, start, m.end(), rel=pre in ("지난", "오는"))
    b = _resolve((y2, m2, d2), pub, start, m.end())
    if a is None or b is None or (a.value and b.value and b.value < a.value):
        return None
    a.until, a.relative, a.future = b.value, a.relative or b.relative, future
    return a


def _h_en_rel(m: re.Match[str], text: str, pub: _Pub) -> _Cand | None:
    k = _shift_word(m["rel"])
    py, pm, _ = pub
    if m["unit"].lower() == "year":
        value = _iso(py + k) if py is not None else None
    else:
        value = _iso(*_shift(py, pm, k)) if py is not None and pm is not None else None
    return _Cand(m.start(), m.end(), value, future=k > 0, relative=True)


def _h_en_day(m: re.Match[str], text: str, pub: _Pub) -> _Cand | None:
    """'on the 31st': a day of the published month (or the month before)."""
    value = _day_near(pub, int(m["d"]), forward=False)
    return _Cand(m.start(), m.end(), value, relative=True)


def _h_day_word(m: re.Match[str], text: str, pub: _Pub) -> _Cand | None:
    shift = {"yesterday": -1, "어제": -1, "그제": -2, "그저께": -2, "tomorrow": 1, "내일": 1}.get(
        m[0].lower(), 2 if m[0] == "모레" else 0
    )
    day = _full(pub)
    value = (day + dt.timedelta(days=shift)).isoformat() if day else None
    return _Cand(m.start(), m.end(), value, future=shift > 0, relative=True)


def _h_weekday(m: re.Match[str], text: str, pub: _Pub) -> _Cand | None:
    rel, start = _before(_EN_REL, text, m.start())
    value, day = None, _full(pub)
    if day is not None:
        want = _WEEKDAYS.index(m[0][:3].lower())
        if rel in ("next", "coming"):
            delta = (want - day.weekday()) % 7 or 7
        else:
            delta = -((day.weekday() - want) % 7 or (7 if rel == "last" else 0))
        value = (day + dt.timedelta(days=delta)).isoformat()
    return _Cand(start, m.end(), value, future=rel in ("next", "coming"), relative=True)


def _month_rel(
    rel: str, yrel: str, mon: int, day: int | None, span: tuple[int, int], pub: _Pub
) -> _Cand | None:
    """ "last July", "May of last year", "지난해 7월", "오는 11월 3일", "지난 7월", "7월"."""
    if not _valid(None, mon, day):
        return None
    future = rel in ("next", "coming", "내년", "다음 해", "오는") or yrel == "next"
    if rel in ("last", "지난"):
        year = _month_day_near(pub, mon, day, forward=False, strict=day is None)
    elif rel in ("next", "coming", "오는"):
        year = _month_day_near(pub, mon, day, forward=True, strict=rel != "오는")
    else:
        year = pub[0] + _shift_word(yrel or rel) if pub[0] is not None else None
    if year is None:
        return _Cand(*span, None, future=future, relative=True)
    cand = _resolve((year, mon, day), pub, *span, rel=True)
    if cand is not None:
        cand.future = future
        cand.parts = (None, mon, day) if not rel and not yrel else None
    return cand


def _h_en_month(m: re.Match[str], text: str, pub: _Pub) -> _Cand | None:
    """A month name alone: "last July", "in March"; "May I" is no date."""
    mon = _mon(m["m1"])
    assert mon is not None
    rel, start = _before(_EN_REL, text, m.start())
    if rel:
        return _month_rel(rel, "", mon, None, (start, m.end()), pub)
    if _EN_LEAD.search(text, max(0, m.start() - 16), m.start()):
        return _resolve((None, mon, None), pub, m.start(), m.end())
    return None


def _h_en_month_year_rel(m: re.Match[str], text: str, pub: _Pub) -> _Cand | None:
    mon = _mon(m["m1"])
    assert mon is not None
    return _month_rel("", m["yrel"].lower(), mon, _int(m["d1"]), m.span(), pub)


def _h_quarter(m: re.Match[str], text: str, pub: _Pub) -> _Cand | None:
    if m["y"]:
        return _Cand(m.start(), m.end(), m["y"])
    k = _shift_word(m["rel"])
    value = _iso(pub[0] + k) if pub[0] is not None else None
    return _Cand(m.start(), m.end(), value, future=k > 0, relative=True)


def _h_ko_rel(m: re.Match[str], text: str, pub: _Pub) -> _Cand | None:
    w = m[0]
    if w in ("어제", "오늘", "내일", "그제", "그저께", "모레"):
        return _h_day_word(m, text, pub)
    k = _shift_word(w)
    py, pm, _ = pub
    if "해" in w or "년" in w:
        value = _iso(py + k) if py is not None else None
    else:
        value = _iso(*_shift(py, pm, k)) if py is not None and pm is not None else None
    return _Cand(m.start(), m.end(), value, future=k > 0, relative=True)


def _h_ko_month(m: re.Match[str], text: str, pub: _Pub) -> _Cand | None:
    if _glued(text, m.start(), "."):
        return None
    rel, start = _before(_KO_BEFORE_M, text, m.start())
    return _month_rel(rel, "", int(m["km"]), _int(m["d1"]), (start, m.end()), pub)


def _h_ko_day(m: re.Match[str], text: str, pub: _Pub) -> _Cand | None:
    """ "19일", "지난 17일", "오는 21일", "지난달 17일"."""
    if _glued(text, m.start(), ".") or text[: m.start()].rstrip().endswith("박"):
        return None
    rel, start = _before(_KO_BEFORE_D, text, m.start())
    day = int(m["d1"])
    if rel in ("지난", "오는"):
        value = _day_near(pub, day, forward=rel == "오는")
        return _Cand(start, m.end(), value, future=rel == "오는", relative=True)
    if rel in ("", "이번", "이달", "이번 달"):
        return _resolve((None, None, day), pub, start, m.end())
    py, pm, _ = pub
    k = _shift_word(rel)
    if py is None or pm is None:
        return _Cand(start, m.end(), None, future=k > 0, relative=True)
    return _resolve((*_shift(py, pm, k), day), pub, start, m.end(), rel=True)


# Each pattern with what a sentence needs to hold for it to be worth running:
# d digits, m month names, y "year"/"month", w "day"/"morrow", "" nothing.
_Table = list[tuple[str, re.Pattern[str], Handler]]
_SEP = r"(?P<sep>-|–|—|~|(?i:to|through|until|till|and))"
_COMMON: _Table = [
    (
        "d",
        re.compile(
            rf"(?P<y>{_YEAR})(?P<s>[-./])\s?(?P<m>\d{{1,2}})(?P=s)\s?(?P<d>\d{{1,2}})(?!\d)"
        ),
        _h_iso,
    ),
    ("d", re.compile(rf"(?P<y>{_YEAR})-(?P<m>0[1-9]|1[0-2])(?P<d>)(?![\d\-])"), _h_iso),
    (
        "d",
        re.compile(
            rf"(?P<y1>{_YEAR})(?:\s*년도?)?\s*(?P<sep>-|–|—|~|∼|〜|(?i:to|through|until|till|and)"
            rf"|부터)\s*(?P<y2>{_YEAR})(?!\d)(?:\s*년도?)?(?:\s*까지)?"
        ),
        _h_year_range,
    ),
]
_EN: _Table = [
    (
        "d",
        re.compile(r"\bon the (?P<d>\d{1,2})(?:st|nd|rd|th)\b(?!\s+(?:of|anniversary))"),
        _h_en_day,
    ),
    ("d", re.compile(rf"(?P<y>{_YEAR})(?!\w){_EN_UNITS}"), _h_year),
    (
        "dm",
        re.compile(
            rf"(?P<m1>{_MON})\s+(?P<d1>\d{{1,2}}){_ORD}{_WDP}(?:,?\s+(?P<y1>{_YEAR}))?\s*{_SEP}"
            rf"\s*(?:(?P<m2>{_MON})\s+)?(?P<d2>\d{{1,2}}){_ORD}(?!\d){_WDP}"
            rf"(?:,?\s+(?P<y2>{_YEAR})(?!\d))?"
        ),
        _h_range,
    ),
    (
        "dm",
        re.compile(
            rf"(?P<d1>\d{{1,2}}){_ORD}(?:\s+(?P<m1>{_MON}))?\s*{_SEP}\s*(?P<d2>\d{{1,2}}){_ORD}"
            rf"\s+(?:of\s+)?(?P<m2>{_MON})(?:,?\s+(?P<y2>{_YEAR})(?!\d))?"
        ),
        _h_range,
    ),
    (
        "dm",
        re.compile(
            rf"(?P<m1>{_MON})\s+(?P<d1>\d{{1,2}}){_ORD}(?!\d)(?![.,]\d){_WDP}"
            rf"(?:,?\s+(?P<y1>{_YEAR})(?!\d){_EN_UNITS})?"
        ),
        _h_abs,
    ),
    (
        "dm",
        re.compile(
            rf"(?P<d1>\d{{1,2}}){_ORD}\s+(?:of\s+)?(?P<m1>{_MON})(?:,?\s+(?P<y1>{_YEAR})(?!\d))?"
        ),
        _h_abs,
    ),
    ("dm", re.compile(rf"(?P<m1>{_MON}),?\s+(?:of\s+)?(?P<y1>{_YEAR})(?!\d){_EN_UNITS}"), _h_abs),
    (
        "m",
        re.compile(rf"(?P<m1>{_MON})(?!\s*\d)(?!,?\s+(?:of\s+)?(?i:last|this|next)\b)"),
        _h_en_month,
    ),
    (
        "m",
        re.compile(
            rf"(?P<m1>{_MON})(?:\s+(?P<d1>\d{{1,2}}){_ORD})?,?\s+(?:of\s+)?"
            r"(?P<yrel>(?i:last|this|next))\s+(?i:year)\b"
        ),
        _h_en_month_year_rel,
    ),
    (
        "y",
        re.compile(r"\b(?P<rel>last|this|next|coming)\s+(?P<unit>year|month)\b", re.I),
        _h_en_rel,
    ),
    (
        "y",
        re.compile(
            rf"\b(?:the\s+)?(?:first|second|third|fourth|final|last|1st|2nd|3rd|4th)\s+"
            rf"(?:quarter|half)\s+of\s+(?:(?P<rel>last|this|next)\s+year\b|(?P<y>{_YEAR})(?!\d))",
            re.I,
        ),
        _h_quarter,
    ),
    ("w", re.compile(r"\b(?:yesterday|today|tomorrow)\b", re.I), _h_day_word),
    ("w", re.compile(rf"{_WD}\b(?!,?\s*\(?\s*(?:{_MON}|\d))"), _h_weekday),
]
_KO: _Table = [
    ("d", re.compile(rf"(?P<y>{_YEAR})(?!\w){_KO_UNITS}"), _h_year),
    (
        "d",
        re.compile(
            rf"(?P<y1>{_YEAR})\s*년도?(?:\s*(?P<km>\d{{1,2}})\s*월"
            rf"(?:\s*(?P<d1>\d{{1,2}})\s*일(?!\s*(?:간|동안)))?)?{_KWDP}"
        ),
        _h_abs,
    ),
    (
        "d",
        re.compile(
            rf"(?:(?P<y1>{_YEAR})\s*년\s*)?(?:(?P<km>\d{{1,2}})\s*월\s*)?(?<![\d.])(?P<d1>\d{{1,2}})"
            rf"\s*(?P<sep>[~∼〜\-–])\s*(?P<d2>\d{{1,2}})\s*일(?!\s*(?:간|동안|정도|씩|째))"
            rf"{_KWDP}(?:\s*까지)?"
        ),
        _h_range,
    ),
    (
        "d",
        re.compile(
            rf"(?P<km>\d{{1,2}})\s*월(?:\s*(?P<d1>\d{{1,2}})\s*일(?!\s*(?:간|동안)))?{_KWDP}"
        ),
        _h_ko_month,
    ),
    ("d", re.compile(rf"(?P<d1>\d{{1,2}})\s*일(?!\s*(?:간|동안|째|분)){_KWDP}"), _h_ko_day),
    (
        "",
        re.compile(
            rf"{_KO_YREL}|{_KO_MREL.replace('내달', '내달(?![리려렸])')}"
            r"|어제|오늘(?!날)|내일|그저께|그제|모레"
        ),
        _h_ko_rel,
    ),
]


def _published(published: str | None) -> tuple[_Pub, str | None]:
    """The published date as (year, month, day), parts None where unknown; and as text."""
    try:
        p = parse_partial_date(published) if published else None
    except ValueError:
        p = None
    nums = [int(x) for x in p.split("-")] if p else []
    nums += [0] * (3 - len(nums))
    return (nums[0] or None, nums[1] or None, nums[2] or None), p


def _merge(a: _Cand, b: _Cand, text: str, pub: _Pub) -> _Cand | None:
    """`a` and `b` as one range ("from 1999 to 2012", "2월 1일부터 6일까지"), if they are."""
    gap = _GAP.fullmatch(text, a.end, b.start)
    if gap is None or a.until or b.until:
        return None
    pre, start = _before(_FROM, text, a.start)
    if gap[0].strip().lower() == "and" and pre != "between":
        return None
    if b.parts and b.parts[0] is None and a.value:
        y, m, d = b.parts
        m = m or (int(a.value[5:7]) if len(a.value) >= 7 else None)
        if m is not None and _valid(int(a.value[:4]), m, d):
            b.value, b.relative = _iso(int(a.value[:4]), m, d), a.relative
    elif a.parts and a.parts[0] is None and a.parts[1] and b.parts and b.parts[0]:
        y = b.parts[0] - (1 if (a.parts[1], a.parts[2] or 0) > (b.parts[1] or 13, 0) else 0)
        a.value = _iso(y, a.parts[1], a.parts[2])
    if a.value and b.value and b.value[: len(a.value)] < a.value[: len(b.value)]:
        return None
    tail = _UNTIL_KO.match(text, b.end)
    end = tail.end() if tail else b.end
    return _Cand(start, end, a.value, b.value, a.future, a.relative or b.relative)


_SAID_AFTER = re.compile(r"\s*(?:밝혔|전했|발표했|알렸|설명했|말했)")
_SAID_BEFORE = re.compile(
    r"\b(?:said|says|announced|announces|stated|reported|revealed|told reporters)\s+(?:on\s+)?$",
    re.I,
)


def _reporting(text: str, c: _Cand) -> bool:
    if c.until is not None:
        return False
    return bool(_SAID_AFTER.match(text, c.end) or _SAID_BEFORE.search(text, 0, c.start))


def find_dates(text: str, lang: str, published: str | None, offset: int = 0) -> list[DateMention]:
    """Dates in one sentence, with offsets shifted by `offset` (the sentence's start)."""
    en, ko = lang != "ko", lang != "en"
    if not ((en and _PRE_EN.search(text)) or (ko and _PRE_KO.search(text))):
        return []
    pub, pub_iso = _published(published)
    digits = any(map(str.isdigit, text))
    has = {"": True, "d": digits, "y": en and bool(_HAS_YM.search(text))}
    has["m"] = en and bool(_HAS_MON.search(text))
    has["dm"], has["w"] = digits and has["m"], en and bool(_HAS_DAY.search(text))
    cands: list[tuple[int, int, _Cand]] = []
    tables = [_COMMON] + ([_EN] if en else []) + ([_KO] if ko else [])
    prio = 0
    for table in tables:
        for need, pattern, handler in table:
            prio += 1
            if not has[need]:
                continue
            for m in pattern.finditer(text):
                c = handler(m, text, pub)
                if c is not None:
                    cands.append((c.start - c.end, prio, c))
    chosen: list[_Cand] = []
    for _, _, c in sorted(cands, key=lambda t: (t[0], t[2].start, t[1])):
        if all(c.end <= o.start or c.start >= o.end for o in chosen):
            chosen.append(c)
    chosen.sort(key=lambda c: c.start)
    merged: list[_Cand] = []
    for c in chosen:
        both = _merge(merged[-1], c, text, pub) if merged else None
        if both is not None:
            merged[-1] = both
        else:
            merged.append(c)
    for c in merged:
        if c.until is None and c.value is not None:
            word, start = _before(_UNTIL_EN, text, c.start)
            after = _UNTIL_KO.match(text, c.end)
            if word or after:
                c.start, c.end = start, after.end() if after else c.end
                c.value, c.until = None, c.value
    for n in _NIGHTS.finditer(text):
        prev = [c for c in merged if c.end <= n.start()]
        if prev and prev[-1].until is None and prev[-1].value and len(prev[-1].value) == 10:
            first = dt.date.fromisoformat(prev[-1].value)
            # "4박6일" from the 23rd: six days, the 23rd to the 28th (a night flight home)
            days = max(int(n[2]), int(n[1]) + 1)
            prev[-1].until = (first + dt.timedelta(days=days - 1)).isoformat()
    # the day a release reports on ("…방문한다고 14일 밝혔다", "the city said on Monday") is
    # when it was said, not when anything happened
    merged = [c for c in merged if not _reporting(text, c)]
    out = []
    for c in merged:
        future = c.future or bool(
            c.value and pub_iso and c.value[: len(pub_iso)] > pub_iso[: len(c.value)]
        )
        out.append(
            DateMention(
                c.start + offset,
                c.end + offset,
                text[c.start : c.end],
                c.value,
                c.until,
                future,
                c.relative,
            )
        )
    return out
