"""What a document's records say of one another, applied once all are built and merged.

- A generic "agreement" is the specific one the document names elsewhere ("signed a
  Friendship Agreement … the agreement promotes …"): one record, not two.
- A sister-city or friendship agreement signed (not planned) makes the tie of that kind
  between the home city and its partner: the tie dates from the signing.
- A tie and its agreement share a date: whichever the text dates, dates the other.
"""

from __future__ import annotations

from citydip.dates import compatible
from citydip.pipeline.records.draft import Draft
from citydip.types import PlaceMention

_TIE_OF = {"sister_city_agreement": "sister", "friendship_agreement": "friendship"}


def link(drafts: list[Draft], home: PlaceMention | None) -> list[Draft]:
    drafts = _fold_generic(drafts)
    if home is not None:
        drafts += _ties_signed(drafts, home)
    _share_dates(drafts)
    return drafts


def _fold_generic(drafts: list[Draft]) -> list[Draft]:
    specific = [d for d in drafts if d.kind == "agreement" and d.type != "other_agreement"]
    out = []
    for d in drafts:
        if d.kind == "agreement" and d.type == "other_agreement":
            same = next(
                (
                    s
                    for s in specific
                    if s.party_keys() & d.party_keys()
                    and (compatible(s.start, d.start) or not (s.dated and d.dated))
                ),
                None,
            )
            if same is not None:
                same.sentences += [s for s in d.sentences if s not in same.sentences]
                same.areas += [a for a in d.areas if a not in same.areas]
                continue
        out.append(d)
    return out


def _ties_signed(drafts: list[Draft], home: PlaceMention) -> list[Draft]:
    ties = {(d.type, p.key) for d in drafts if d.kind == "relationship" for p in d.parties}
    out: list[Draft] = []
    for d in drafts:
        tie_type = _TIE_OF.get(d.type) if d.kind == "agreement" else None
        if tie_type is None or d.status != "happened" or not d.dated:
            continue
        for p in d.parties:
            if p.key == home.key or p.level not in ("city", "region") or (tie_type, p.key) in ties:
                continue
            ties.add((tie_type, p.key))
            tie = Draft("relationship", tie_type, parties=[home, p], sentences=list(d.sentences))
            tie.start = d.start
            if d.start:
                tie.events.append({"type": "established", "date": d.start})
            out.append(tie)
    return out


def _share_dates(drafts: list[Draft]) -> None:
    ties = [d for d in drafts if d.kind == "relationship"]
    for d in drafts:
        tie_type = _TIE_OF.get(d.type) if d.kind == "agreement" else None
        if tie_type is None:
            continue
        for tie in ties:
            if tie.type != tie_type or not (tie.party_keys() & d.party_keys()):
                continue
            if tie.start is None and d.dated and d.start and d.status == "happened":
                tie.start = d.start
                tie.events.append({"type": "established", "date": d.start})
            elif not d.dated and tie.start:
                d.start, d.dated = tie.start, True
