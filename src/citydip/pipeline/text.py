"""Text helpers: clean a document's text, decide its language, find its own date.

All three are pure and fast; they run on every document before sentences and offsets are
taken, so cleaning may change the text freely (offsets are taken afterwards).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import unicodedata

log = logging.getLogger(__name__)

# -- language ---------------------------------------------------------------------------

KOREAN_SHARE = 0.20
_ASCII_LETTERS = bytes(range(65, 91)) + bytes(range(97, 123))
# UTF-8 lead bytes: 0xEA-0xED start U+A000-U+DFFF (Hangul syllables are U+AC00-U+D7A3; the
# rest of that block is rare scripts), 0xC3-0xC9 start U+00C0-U+027F (accented Latin)
_HANGUL_LEADS = (b"\xea", b"\xeb", b"\xec", b"\xed")
_LATIN_LEADS = (b"\xc3", b"\xc4", b"\xc5", b"\xc6", b"\xc7", b"\xc8", b"\xc9")


def hangul_share(text: str) -> float:
    """Hangul syllables as a share of letters (Hangul syllables + Latin letters); 0 if none.

    Counted on the UTF-8 bytes (lead bytes of the Hangul and accented-Latin blocks, ASCII
    letters), which takes a few milliseconds per megabyte.
    """
    data = text.encode("utf-8", "surrogatepass")
    hangul = sum(data.count(lead) for lead in _HANGUL_LEADS)
    latin = len(data) - len(data.translate(None, _ASCII_LETTERS))
    latin += sum(data.count(lead) for lead in _LATIN_LEADS)
    letters = hangul + latin
    return hangul / letters if letters else 0.0


def detect_language(text: str) -> str:
    """'ko' when Hangul syllables are at least 20% of the letters, else 'en'."""
    return "ko" if hangul_share(text) >= KOREAN_SHARE else "en"


# -- cleaning ---------------------------------------------------------------------------

_SPACES = "\u00a0\u2007\u202f"  # no-break spaces
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"  # zero-width chars, BOM, soft hyphen
_LINE_BREAKS = "\u2028\u2029\x0b\x0c\x85"
# C0 controls other than tab and newline (carriage returns are handled before) and DEL
_CONTROLS = "".join(chr(c) for c in range(32) if chr(c) not in "\t\n\r\x0b\x0c") + "\x7f"

_TABLE: dict[int, str | None] = {
    **{ord(c): " " for c in _SPACES},
    **{ord(c): None for c in _INVISIBLE + _CONTROLS},
    **{ord(c): "\n" for c in _LINE_BREAKS},
}


def clean_text(text: str) -> str:
    """NFC, newlines as \\n, no-break spaces as spaces, zero-width and control chars removed.

    Letters of every script, punctuation and quotes are kept as they are.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text.translate(_TABLE))


# -- the document's own date --------------------------------------------------------------

HEAD = 600  # a document's date line starts within its first HEAD characters

_MONTHS = {
    name: i + 1 for i, name in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split())
}
_MONTH = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|rsday|urday)?\.?,?\s+)"
_DATE = (
    r"(?:"
    r"(?P<y1>\d{4})\s*[-./]\s*(?P<m1>\d{1,2})\s*[-./]\s*(?P<d1>\d{1,2})\.?"
    r"|(?P<y2>\d{4})\s*년\s*(?P<m2>\d{1,2})\s*월(?:\s*(?P<d2>\d{1,2})\s*일)?"
    r"|" + _MONTH + r"\s+(?P<d3>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y3>\d{4})"
    r"|(?P<d4>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH.replace("mon>", "mon4>") + r",?\s+(?P<y4>\d{4})"
    r")"
)
_TIME = (
    r"(?:\s*,?\s*(?:at\s+)?\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?"
    r"(?:\s*\(?(?:[A-Z]{2,5}|GMT[+-]\d{1,2}(?::?\d{2})?)\)?)?)?"
)
_KO_WEEKDAY = r"(?:\s*\(?[월화수목금토일](?:요일)?\)?)?"
_LABEL = (
    r"(?:date[d]?|posted(?:\s+on)?|published(?:\s+on)?|updated(?:\s+on)?|issued(?:\s+on)?"
    r"|release\s+date|등록일시?|작성일시?|게재일시?|발행일시?|입력|기사입력|기사승인|기사등록|등록"
    r"|송고시간|access_time)"
)
# a line that is only a date (with weekday, time)
_DATE_LINE = re.compile(
    # a date alone on its line, or with the wire's word after it ("2023-09-19 14:32 송고")
    r"^" + _WEEKDAY + r"?" + _DATE + _KO_WEEKDAY + _TIME + r"\s*(?:송고|입력|등록|승인|게재)?\s*$",
    re.IGNORECASE,
)
# a label, then the date (anything may follow: "입력 2023.08.10 10:56 / 수정: ...")
_LABELLED = re.compile(
    # (after a masthead and a bar: "Gwangju News | Updated: 2024.10.25 16:02")
    r"^(?:[^|\n]{1,60}\|\s*)?(?:[^\w\s]\s*)?"
    + _LABEL
    + r"\s*[:：|]?\s*"
    + _WEEKDAY
    + r"?"
    + _DATE
    + r"(?!\d)",
    re.IGNORECASE,
)

_GROUPS = (("y1", "m1", "d1"), ("y2", "m2", "d2"), ("y3", "mon", "d3"))


def _iso(m: re.Match[str]) -> str | None:
    """The partial ISO date of a match of _DATE, or None if it is no real date."""
    g = m.groupdict()
    y, mo, d = next((names for names in _GROUPS if g.get(names[0])), ("y4", "mon4", "d4"))
    year = int(g[y])
    month_text = g[mo]
    month = int(month_text) if month_text.isdigit() else _MONTHS[month_text[:3].lower()]
    day = int(g[d]) if g.get(d) else None
    if not 1900 <= year <= 2100 or not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def find_published(text: str) -> str | None:
    """The document's own date: a date line near the top, as a partial ISO date.

    A line that holds only a date ("2015-09-21 17:10:57", "Wednesday, July 21, 2021",
    "2017년 10월 19일") or a labelled date ("Date: 2015.02.03", "입력 2015-01-27 02:39",
    "등록|2015.03.15 16:41") among the lines starting in the first 600 characters. Dates
    inside sentences ("founded in 1988", "on February 3, 2015 the mayor ...") are not taken.
    """
    offset = 0
    for line in text[: HEAD + 200].split("\n"):
        if offset >= HEAD:
            break
        offset += len(line) + 1
        stripped = line.strip()
        if not stripped or not any(ch.isdigit() for ch in stripped):
            continue
        m = _DATE_LINE.match(stripped) or _LABELLED.match(stripped)
        if m:
            found = _iso(m)
            if found:
                log.debug("published date %s from line %r", found, stripped)
                return found
    return None
