"""Standing ties: "sister cities since 1992", "우호도시 결연", anniversaries, strains."""

from __future__ import annotations

import re

from citydip.pipeline.records.context import ANNIVERSARY, EITHER, SentenceView, anniversary_year
from citydip.pipeline.records.draft import Draft
from citydip.types import DateMention

_NEAR = 80  # characters between a partner and the words naming its tie
_BECOME = re.compile(r"\bbecom\w*|결연|맺", re.I)
_OF = re.compile(
    r"\b(?:sister|twin|friendship|partner) (?:city|cities|state|province) (?:of|with)\b", re.I
)
_SINCE = re.compile(r"\b(?:since|in|established|signed|became)\b|결연|체결|맺", re.I)


def relationships(v: SentenceView) -> list[Draft]:
    if v.home is None:
        return []
    cues = [c for c in v.relationship if not v.text.startswith("관계", c.end)]
    if not cues:
        return []  # "우호협력관계": friendly relations in general, not a named tie
    if v.planned and (v.cues.signed.search(v.text) or _BECOME.search(v.text) or v.agreement):
        return []  # a tie still to be made is not a tie (its agreement is kept, as planned)
    if EITHER.search(v.text):
        return []  # "자매·우호 도시": sister or friendship, the text does not say which
    anniversary = ANNIVERSARY.search(v.text)
    partners = [p for p in v.partners() if p.level in ("city", "region")]
    if not partners and v.focus is not None and (v.mentions_two_sides() or anniversary):
        partners = [v.focus]
    home_named = any(v.is_home(p) for p in v.places)
    if v.lang == "en" and not home_named and len(partners) == 2 and _OF.search(v.text):
        # "Since Chicago became a sister city of Shanghai": a tie between two others
        pairs = [(partners[0], partners[1])]
    else:
        pairs = [(v.home, p) for p in partners]
    out = []
    for first, partner in pairs:
        # each partner takes the kind of tie named nearest to it, if near enough
        at = partner.start - v.sentence.start
        cue = min(cues, key=lambda c: abs(c.start - at))
        if abs(cue.start - at) > _NEAR and len(partners) > 1:
            continue
        d = Draft("relationship", cue.code, parties=[first, partner], sentences=[v.sentence])
        date = _since_date(v) or v.first_date(past_only=True)
        if anniversary:
            since = anniversary_year(v, anniversary)
            if since is not None:
                ref = (date.value if date and date.value else v.published) or ""
                d.start = since
                d.events.append({"type": "established", "date": d.start})
                d.events.append({"type": "anniversary", "date": ref[:4]})
        elif (
            date is not None
            and date.value
            and _SINCE.search(v.text)
            and (not v.published or date.value[:4] <= v.published[:4])
        ):
            d.start = date.value
            d.events.append({"type": "established", "date": date.value})
        out.append(d)
    return out


def events(v: SentenceView) -> list[tuple[str, dict[str, str | None]]]:
    """Strained/normalized/... events of a tie, keyed by the partner they concern."""
    if not v.events:
        return []
    partners = v.partners() or ([v.focus] if v.focus else [])
    out = []
    for cue in list(dict.fromkeys(c.code for c in v.events)):
        date = v.first_date(past_only=True)
        event: dict[str, str | None]
        if date is not None and date.until:
            event = {"type": cue, "start": date.value, "end": date.until}
        else:
            event = {"type": cue, "date": date.value if date else None}
        for p in partners:
            out.append((p.key, event))
    return out


# "partner city … since 2019", "2019년부터": the date the tie is dated from, wherever else the
# sentence is dated ("From March 7 to 9, … Rotterdam, Seoul's partner city since 2019")
_SINCE_BEFORE = re.compile(r"\b(?:since|from|established in|signed in|twinned in)\s+$", re.I)


def _since_date(v: SentenceView) -> DateMention | None:
    for d in v.dates:
        at = d.start - v.sentence.start
        if d.value and not d.future and _SINCE_BEFORE.search(v.text, max(0, at - 20), at):
            return d
    return None
