"""Agreements: MOUs, sister-city and friendship agreements, joint declarations."""

from __future__ import annotations

import re

from citydip.pipeline.records.context import (
    ANNIVERSARY,
    EITHER,
    SentenceView,
    anniversary_year,
)
from citydip.pipeline.records.draft import Draft

# a tie named with a signing verb is also an agreement of that kind
_TIE_AGREEMENT = {
    "sister": "sister_city_agreement",
    "friendship": "friendship_agreement",
    "partnership": "cooperation_agreement",
}


_NEAR = 70  # characters between an agreement's name and a party's
# an agreement named as one already made: "under the MOU", "이번 협약에 따라" (but "이 자리에서
# 협약을 체결" is a new one: the demonstrative must stand right before the agreement)
_MENTIONED = re.compile(
    r"\b(?:under|through|according to|in line with|as part of) (?:the|this|that) (?:\w+ ){0,3}$|"
    r"(?:이번|해당|(?<![가-힣])이) ?$",
    re.I,
)
_BILATERAL = frozenset({"sister_city_agreement", "friendship_agreement", "cooperation_agreement"})


def agreements(v: SentenceView) -> list[Draft]:
    if not v.agreement and not v.relationship:
        return []  # (an agreement is named, or a tie's with a signing verb)
    types = list(dict.fromkeys(c.code for c in v.agreement))
    # a signing verb of its own, not one inside a cue word ("결연" in "자매결연 10주년")
    spans = [(c.start, c.end) for c in (*v.agreement, *v.relationship)]
    signed_at = next(
        (
            m
            for m in v.cues.signed.finditer(v.text)
            if not any(a <= m.start() < b for a, b in spans)
        ),
        None,
    )
    signed = bool(signed_at)
    explicit = [t for t in types if t != "other_agreement"]
    anniversary = ANNIVERSARY.search(v.text)
    from_tie: set[str] = set()
    if signed and not explicit and not anniversary and not EITHER.search(v.text):
        for c in v.relationship:
            t = _TIE_AGREEMENT[c.code]
            if t not in types:
                types.append(t)
                from_tie.add(t)
    if len(types) > 1 and "other_agreement" in types:
        types.remove("other_agreement")
    if "other_agreement" in types and not signed:
        types.remove("other_agreement")
    if anniversary and not signed:
        # "the 10th anniversary of the Daejeon–Shenyang sisterhood": the tie, no new agreement
        types = [t for t in types if t not in _BILATERAL]
    if not types:
        return []
    parties = v.partners(countries=False) or v.organisations()
    if not parties and v.focus is not None and (signed or v.speaks_for_focus()):
        parties = [v.focus]
    if not parties:
        return []
    cue_at = {c.code: v.sentence.start + c.start for c in reversed(v.agreement)}
    first_cue = min(cue_at.values(), default=None)
    signed_before = _signed_before(v)
    out = []
    for t in types:
        at = cue_at.get(t, first_cue)
        if t in from_tie and signed_at is not None:
            at = v.sentence.start + signed_at.start()  # the date of the signing
        date, _, dated = v.date_or_published(at)
        said = v.date_near(at) if at is not None and dated else None
        if signed_before and said is not None and said.future:
            # "signed a letter of intent to launch a youth exchange next year": the date is
            # of what was agreed; the signing is on the sentence's other date, or the
            # document's day
            past = [d for d in v.dates if d.value and not d.future]
            if past and at is not None:
                date, dated = min(past, key=lambda d: abs(d.start - at)).value, True
            else:
                date, dated = v.published, False
        if anniversary and not dated:
            # "the fifth anniversary of the signing of the friendship treaty": signed N years
            # before the year the sentence (or the document) is in
            since = anniversary_year(v, anniversary)
            if since is not None:
                date, dated = since, True
        near = [p for p in parties if at is None or abs(p.start - at) <= _NEAR]
        # of many places, those named next to the agreement (none near: its party is unnamed)
        parties_t = near if len(parties) > 1 else list(parties)
        if not parties_t:
            continue
        # a sister-city, friendship or cooperation agreement binds two cities: a list of
        # partners is one agreement with each
        groups = [[p] for p in parties_t] if t in _BILATERAL else [parties_t]
        mentioned = at is not None and bool(_MENTIONED.search(v.text[: at - v.sentence.start]))
        for group in groups:
            d = Draft(
                "agreement",
                t,
                parties=group,
                start=date,
                areas=list(v.areas),
                sentences=[v.sentence],
            )
            d.status = "planned" if v.planned and not signed_before else "happened"
            d.dated = dated
            if mentioned:
                # "Under the MOU, Seoul will share …": the agreement signed, named again; it
                # merges with that one, and the sentence's dates are of what follows
                d.start, d.dated, d.status = None, False, "happened"
            out.append(d)
    return out


def _signed_before(v: SentenceView) -> bool:
    """The sentence says the agreement was signed (past tense), not that it will be."""
    past = v.cues.signed_past.search(v.text)
    if past is None:
        return False
    before = v.text[max(0, past.start() - 20) : past.start()]
    return not v.cues.planned.search(before)
