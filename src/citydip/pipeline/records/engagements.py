"""Engagements: visits, meetings, conferences, trainings, aid, honours, policy sharing."""

from __future__ import annotations

import re

from citydip.pipeline.records.context import SentenceView
from citydip.pipeline.records.draft import Draft
from citydip.types import PlaceMention

_EN_AT = re.compile(
    r"(?:visit(?:ed|ing|s)?|trip to|to|in|at|arrived in|held in|hosted by|tour of)\s+(?:the\s+)?"
    r"(?:(?:eastern|western|northern|southern|central|downtown|capital)\s+)?$",
    re.I,
)
_KO_AT = re.compile(
    r"^(?:시|특별시|광역시|시청)?\s*(?:을|를|에서|에|으로|로)\s*(?:공식\s*)?(?:방문|순방|찾|도착|열린|개최)?"
)


# engagements whose other side is often a whole country (aid to Türkiye, honours to Germans)
_COUNTRY_TYPES = frozenset({"aid", "honor", "official_visit", "cultural_event"})


def location(v: SentenceView) -> PlaceMention | None:
    """Where the engagement took place: a city or region written as a place of events ("in
    Kigali", "서울에서"), else a country so written ("a festival held in Russia")."""
    found = _written_at(v, ("city", "region"))
    return found or _written_at(v, ("country",))


def _written_at(v: SentenceView, levels: tuple[str, ...]) -> PlaceMention | None:
    text, off = v.text, v.sentence.start
    for p in v.places:
        if p.level not in levels:
            continue
        if v.lang == "ko":
            after = text[p.end - off : p.end - off + 12]
            m = _KO_AT.match(after)
            if m and m.group().strip():
                return p
        else:
            before = text[max(0, p.start - off - 25) : p.start - off]
            if _EN_AT.search(before):
                return p
    return None


# engagements that a sentence may list one side at a time ("aid after the earthquakes in
# Indonesia in 2018 and in Mexico in 2017"; honorary citizens from Germany and Thailand)
_EACH_SIDE = frozenset({"aid", "honor"})
_ACTS = _EACH_SIDE


def _one_each(v: SentenceView, t: str, sides: list[PlaceMention]) -> list[Draft]:
    out = []
    for p in sides:
        d = Draft("engagement", t, parties=[p], areas=list(v.areas), sentences=[v.sentence])
        date = v.date_before(p.start)
        if date is not None:
            d.start, d.end, d.dated = date.value, date.until, True
        else:
            d.start, d.end, d.dated = v.date_or_published()
        d.status = "planned" if v.planned else "happened"
        out.append(d)
    return out


# "면담을 갖고 … 협력을 강화하기로 했다": the meeting happened, what was decided at it is to come
_KO_DECIDED = ("하기로", "키로", "기로 했", "기로 하", "기로 합의")


def _decided_at(v: SentenceView, cue: int) -> bool:
    """The only sign of a plan is a decision taken at the engagement, written well after it
    (Korean): the engagement itself took place."""
    if v.lang != "ko" or any(d.future for d in v.dates):
        return False
    at = cue - v.sentence.start
    marks = list(v.cues.planned.finditer(v.text))
    return bool(marks) and all(m.group() in _KO_DECIDED and m.start() > at + 15 for m in marks)


def _agreed_after(v: SentenceView, cue: int) -> int | None:
    """Where an agreement named after the engagement's cue starts (document offset): what
    follows it — its date, its plans — is the agreement's."""
    after = [v.sentence.start + c.start for c in v.agreement if v.sentence.start + c.start > cue]
    return min(after) if after else None


def _planned_before(v: SentenceView, at: int) -> bool:
    """A sign of a plan before document offset `at` (a future date or a planning word)."""
    before = v.text[: at - v.sentence.start]
    return bool(v.cues.planned.search(before)) or any(d.future and d.start < at for d in v.dates)


def engagements(v: SentenceView) -> list[Draft]:
    types = list(dict.fromkeys(c.code for c in v.engagement))
    if not types:
        return []
    if _ACTS & set(types):
        # a sentence about an honour or a donation is about that act (and a meeting where it
        # was given): the exchanges, visits or sessions it names are its reasons or setting
        # ("for contributing to exchanges, the standing committee conferred …")
        types = [t for t in types if t in _ACTS or t == "meeting"]
    out = []
    where = location(v)
    cue_at = {c.code: v.sentence.start + c.start for c in reversed(v.engagement)}
    for t in types:
        if t in _EACH_SIDE and len(sides := v.each_side()) > 1:
            out += _one_each(v, t, sides)
            continue
        start, end, dated = v.date_or_published(cue_at[t])
        agreed = _agreed_after(v, cue_at[t])
        if agreed is not None and dated:
            near = v.date_near(cue_at[t])
            if near is not None and near.start > agreed:
                start, end, dated = v.published, None, False  # the agreement's date
        parties = v.partners(
            orgs=t in ("conference", "aid", "training_program"), countries=t in _COUNTRY_TYPES
        )
        if not parties and v.focus is not None and v.speaks_for_focus():
            parties = [v.focus]
        if not parties and v.previous is not None and v.goes_on_about_previous():
            parties = [v.previous]
        if not parties and (where is None or v.is_home(where)):
            continue  # nobody from elsewhere, nowhere else: not diplomacy
        d = Draft(
            "engagement",
            t,
            parties=list(parties),
            start=start,
            end=end,
            location=where,
            areas=list(v.areas),
            sentences=[v.sentence],
        )
        d.people = list(v.people)
        d.dated = dated
        planned = v.planned and not _decided_at(v, cue_at[t])
        if planned and agreed is not None and v.lang == "en":
            # "met … and the two agreed to sign … next year": the meeting was; in English a
            # plan is written before its verb ("will visit")
            planned = _planned_before(v, cue_at[t])
        d.status = "planned" if planned else "happened"
        out.append(d)
    return out
