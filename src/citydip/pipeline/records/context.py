"""What the record rules see of one sentence: its places, dates, people and cues."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from citydip.pipeline.cues import Cue, Cues
from citydip.types import DateMention, PersonMention, PlaceMention, Sentence

_ORDINALS = (
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth"
).split()
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70}
_TENTHS = {"thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60, "seventieth": 70}
ANNIVERSARY = re.compile(
    r"(\d{1,3})(?:st|nd|rd|th)?[\s-]+anniversary|(\d{1,3})\s*주년|"
    rf"\b((?:(?:{'|'.join(_TENS)})-)?(?:{'|'.join(_ORDINALS)})|{'|'.join(_TENTHS)})[\s-]+anniversary",
    re.I,
)


def anniversary_years(m: re.Match[str]) -> int:
    """How many years an anniversary counts: "20th", "20주년", "fifth", "twenty-fifth"."""
    if m.group(1) or m.group(2):
        return int(m.group(1) or m.group(2))
    word = m.group(3).lower()
    if word in _TENTHS:
        return _TENTHS[word]
    tens, _, unit = word.rpartition("-")
    return _TENS.get(tens, 0) + _ORDINALS.index(unit) + 1


# "자매·우호 도시", "sister and friendship cities": one or the other, the text does not say
EITHER = re.compile(r"자매\s*[·ㆍ,/]\s*우호|sister(?: and |/| or )friendship cit", re.I)
_GOES_ON = re.compile(
    r"[\"“]?(?:He|She|They|His|Her|Their|The (?:delegation|visitors?|mayor|governor|party))\b|"
    r"(?:그는|그녀는|이들은|대표단은|방문단은)"
)
_TWO = re.compile(
    r"\b(?:the two|both) (?:cities|sides|capitals|mayors|leaders|parties)\b|"
    r"\bthe two\b(?= (?:met|agreed|discussed|signed|shared))|between the (?:two )?cities|"
    r"양 ?(?:도시|시|측)|두 도시",
    re.I,
)


@dataclass
class SentenceView:
    sentence: Sentence
    lang: str
    cues: Cues
    home: PlaceMention | None
    published: str | None
    places: list[PlaceMention]
    dates: list[DateMention]
    people: list[PersonMention]
    focus: PlaceMention | None = None  # the partner the document (or paragraph) is about
    network: PlaceMention | None = None  # the network or body named in the sentences before
    previous: PlaceMention | None = None  # the partner the sentence just before named
    engagement: list[Cue] = field(default_factory=list)
    agreement: list[Cue] = field(default_factory=list)
    relationship: list[Cue] = field(default_factory=list)
    events: list[Cue] = field(default_factory=list)
    planned: bool = False

    @property
    def text(self) -> str:
        return self.sentence.text

    # (looked for when a rule asks: most sentences make no record that would hold them)
    @cached_property
    def areas(self) -> list[str]:
        """The cooperation areas the sentence names, each once, in the order named."""
        return self.cues.areas.codes(self.text)

    @cached_property
    def roles(self) -> list[Cue]:
        """The roles in a network the sentence names ("chair", "member", "host")."""
        return self.cues.roles.find(self.text)

    def is_home(self, p: PlaceMention) -> bool:
        return self.home is not None and p.key == self.home.key

    def partners(self, orgs: bool = False, countries: bool = True) -> list[PlaceMention]:
        """The non-home places of the sentence: cities and regions (and organisations when
        asked); a country only when no place of it is named, and never the home country."""
        seen: set[str] = set()
        out: list[PlaceMention] = []
        levels = ("city", "region", "organization") if orgs else ("city", "region")
        home_country = self.home.country if self.home else None
        for p in self.places:
            if p.level == "region" and p.country == home_country:
                continue  # the home's own province ("경남 합천군"), not a partner
            if p.level in levels and not self.is_home(p) and p.key not in seen:
                seen.add(p.key)
                out.append(p)
        named = {p.country for p in self.places if p.level in ("city", "region")}
        for p in self.places if countries else ():
            if (
                p.level == "country"
                and p.country not in named
                and p.country != home_country
                and p.key not in seen
                and not out
            ):
                seen.add(p.key)
                out.append(p)
        return out

    def each_side(self) -> list[PlaceMention]:
        """Every non-home side the sentence lists, countries among them: "aid after the
        earthquakes in Indonesia, Mexico and Sichuan" (a country only when no place of it is
        named)."""
        seen: set[str] = set()
        out: list[PlaceMention] = []
        home_country = self.home.country if self.home else None
        named = {p.country for p in self.places if p.level in ("city", "region")}
        for p in self.places:
            if p.key in seen or self.is_home(p) or p.country == home_country:
                continue
            if p.level in ("city", "region") or (p.level == "country" and p.country not in named):
                seen.add(p.key)
                out.append(p)
        return out

    def date_before(self, at: int) -> DateMention | None:
        """The last date written before document offset `at` in the sentence."""
        dates = [d for d in self.dates if d.value is not None and d.start < at]
        return dates[-1] if dates else None

    def partners_or_focus(self, orgs: bool = False) -> list[PlaceMention]:
        found = self.partners(orgs)
        if found:
            return found
        return [self.focus] if self.focus is not None else []

    def mentions_two_sides(self) -> bool:
        return bool(_TWO.search(self.text))

    def goes_on_about_previous(self) -> bool:
        """The sentence goes on about the visitor of the one before: it opens with a
        pronoun ("He was in Beijing at the invitation of …", "그는", "이들은")."""
        return self.previous is not None and bool(_GOES_ON.match(self.text))

    def speaks_for_focus(self) -> bool:
        """The sentence is about the document's partner without naming it: "the two met",
        "양 도시는", or a person of that partner ("Governor Masuzoe")."""
        if self.focus is None:
            return False
        return self.mentions_two_sides() or any(p.of == self.focus.name for p in self.people)

    def first_date(self, past_only: bool = False) -> DateMention | None:
        for d in self.dates:
            if d.value is None and d.until is None:
                continue
            if past_only and d.future:
                continue
            return d
        return None

    def date_near(self, at: int) -> DateMention | None:
        """The sentence's date nearest to a cue word at document offset `at`."""
        dates = [d for d in self.dates if d.value is not None or d.until is not None]
        # "this year" (올해, 이번) only when nothing better: "signed in 1993; 32 years this year"
        return min(dates, key=lambda d: (_vague(d), abs(d.start - at))) if dates else None

    def date_or_published(self, at: int | None = None) -> tuple[str | None, str | None, bool]:
        """The sentence's date (start, end) — the one nearest to `at` when given — else the
        published date; and whether the sentence gave it."""
        d = self.first_date() if at is None else self.date_near(at)
        if d is not None:
            return d.value, d.until, True
        return self.published, None, False

    def organisations(self) -> list[PlaceMention]:
        return [p for p in self.places if p.level == "organization"]


def anniversary_year(v: SentenceView, m: re.Match[str]) -> str | None:
    """The year a tie or agreement began, from "the 20th anniversary" (in 2015: 1995)."""
    years = anniversary_years(m)
    date = v.first_date(past_only=True)
    ref = (date.value if date and date.value else v.published) or ""
    if ref[:4].isdigit() and 0 < years < 200:
        return str(int(ref[:4]) - years)
    return None


def _vague(d: DateMention) -> bool:
    """ "this year", "올해", "지난해": a relative year; not "next year" (a plan's own date)."""
    return d.relative and d.value is not None and len(d.value) == 4 and not d.future
