"""People and their titles: "Mayor Park Won Soon", "Yoichi Masuzoe, governor of Tokyo",
"박원순 서울시장", "왕안순 베이징 시장"; and the place each speaks for.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Sequence
from functools import cache

from citydip.pipeline.lang import en, ko
from citydip.types import PersonMention, PlaceMention

# A name: capitalised words, a hyphen only inside a word ("Won-soon", "Jean-Luc"), so that
# every string splits into words one way (a hyphen allowed both in and between words made
# "Seoul-Tokyo-Beijing-…" take exponential time)
_WORD = r"[A-Z][a-zA-Z’']+(?:-[A-Za-z][a-zA-Z’']*)*"
_NAME = rf"{_WORD}\.?(?: (?:{_WORD}|[A-Z]\.))*"


@cache
def _en_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    before = re.compile(rf"(?<![\w])(?P<title>{en.TITLES})\s+(?:{en.HONORIFICS})?(?P<name>{_NAME})")
    after = re.compile(
        rf"(?P<name>{_NAME}),\s+(?:the\s+)?(?:current\s+|former\s+)?"
        rf"(?P<title>(?i:{en.TITLES}))\s+of\s+(?:the\s+)?(?P<of>[A-Z][\w’'\-]+(?:\s+[A-Z][\w’'\-]+)*)"
    )
    return before, after


_EN_NOT_NAME = frozenset(
    "The A An Of And In On At For To With Said Says Has Had Was Will Is City Metropolitan "
    "Government Office Hall".split()
)


def _trim_name(name: str) -> str:
    words = name.split()
    while words and words[-1].rstrip(".") in _EN_NOT_NAME:
        words.pop()
    while words and words[0] in _EN_NOT_NAME:
        words.pop(0)
    return " ".join(words).rstrip(".,")


def _place_before(
    places: Sequence[PlaceMention], pos: int, window: int = 40
) -> PlaceMention | None:
    best = None
    for p in places:
        if p.end <= pos and pos - p.end <= window:
            best = p
    return best


def find_people_en(text: str, offset: int, places: Sequence[PlaceMention]) -> list[PersonMention]:
    before, after = _en_patterns()
    out: list[PersonMention] = []
    taken: list[tuple[int, int]] = []
    for m in after.finditer(text):
        name = _trim_name(m.group("name"))
        if not name:
            continue
        of_start = offset + m.start("of")
        of = next((p.name for p in places if p.start == of_start), m.group("of"))
        out.append(
            PersonMention(offset + m.start(), offset + m.end(), name, m.group("title").title(), of)
        )
        taken.append((m.start(), m.end()))
    for m in before.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        name = _trim_name(m.group("name"))
        if not name or any(p.start <= offset + m.start("name") < p.end for p in places):
            continue  # "Mayor of Seoul", "Governor Tokyo" (a place, not a name)
        place = _place_before(places, offset + m.start())
        title = m.group("title")
        out.append(
            PersonMention(
                offset + m.start(),
                offset + m.end(),
                name,
                title[0].upper() + title[1:],
                place.name if place else None,
            )
        )
    return out


_KO_TITLE = re.compile(rf"\s?(?P<title>{ko.TITLES})(?![가-힣]{{0,0}}[가-힣]*실)")
_KO_BARE = re.compile(
    rf"(?<![가-힣])(?P<name>[가-힣]{{2,4}}) (?P<title>{ko.TITLES})(?=[은는이가을를과와의에께]|\s|$)"
)
_KO_WORD = re.compile(r"([가-힣]{1,5})\s$")


def find_people_ko(
    text: str,
    offset: int,
    places: Sequence[PlaceMention],
    proper_starts: Container[int],
) -> list[PersonMention]:
    """A person is written NAME PLACE TITLE (박원순 서울시장) or NAME TITLE after a place."""
    out: list[PersonMention] = []
    for p in places:
        rel_end = p.end - offset
        m = _KO_TITLE.match(text, rel_end)
        if m is None:
            continue
        # the name: up to three words right before the place, each a proper noun
        words: list[str] = []
        pos = p.start - offset
        while len(words) < 3:
            w = _KO_WORD.search(text, 0, pos)
            if w is None or (offset + w.start(1)) not in proper_starts:
                break
            words.insert(0, w.group(1))
            pos = w.start(1)
        if not words:
            continue
        out.append(
            PersonMention(offset + pos, offset + m.end(), " ".join(words), m.group("title"), p.name)
        )
    # NAME TITLE with no place ("박원순 시장은"): the place comes from an earlier mention
    taken = [(x.start, x.end) for x in out]
    for m in _KO_BARE.finditer(text):
        start = offset + m.start()
        if start in proper_starts and not any(a <= start < b for a, b in taken):
            out.append(
                PersonMention(start, offset + m.end(), m.group("name"), m.group("title"), None)
            )
    return sorted(out, key=lambda x: x.start)


def unify(people: list[PersonMention], known: dict[str, PersonMention]) -> list[PersonMention]:
    """Later short mentions ("Mayor Park") take the full name met earlier in the document."""
    out = []
    for person in people:
        full = known.get(person.name)
        if full is None:
            for name, earlier in known.items():
                if person.name in name.split() or name.startswith(person.name + " "):
                    full = earlier
                    break
        if full is not None:
            person = PersonMention(
                person.start, person.end, full.name, full.title, person.of or full.of
            )
        known.setdefault(person.name, person)
        out.append(person)
    return out


PeopleFinder = Callable[[str, int, Sequence[PlaceMention]], list[PersonMention]]
