"""Cue matchers: which record types, events, areas and roles a sentence speaks of.

Built once per language from the taxonomy's cue words (shared/spec/taxonomy.yaml) and the
language modules' patterns (`lang/en.py`, `lang/ko.py`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from citydip.pipeline.first_chars import first_chars, lookahead
from citydip.pipeline.lang import en, ko
from citydip.taxonomy import load_taxonomy


@dataclass(frozen=True, slots=True)
class Cue:
    code: str
    start: int
    end: int


def _pattern(cue: str, lang: str, literal: bool) -> str:
    if literal and cue.isupper() and lang == "en":
        # an acronym (IT, TOPIS, MOU) is matched as written: "IT" is not "it"
        return rf"(?-i:{re.escape(cue)})(?![\w])"
    if literal:
        cue = re.escape(cue)
        if lang == "ko":
            cue = cue.replace(r"\ ", " ")
    if lang == "ko":
        if len(cue) == 1 and "\uac00" <= cue <= "\ud7a3":
            # one syllable ("물") is a word only on its own, or with a particle: not the
            # 물 of 건물, 선물, 물품
            return rf"(?<![가-힣]){cue}(?=[을이은의과와도에만]?(?![가-힣]))"
        return cue.replace(" ", r"\s*")
    # (English cues start at a word start: the set's regex checks that once for all of them)
    # (a pattern that ends looking ahead, "is in (?=[A-Z])", or with "\w+" sets its own end)
    return cue if cue.endswith("\\w+") or "(?=" in cue else rf"{cue}(?![\w])"


class CueSet:
    """Codes and their patterns; `find` gives every non-overlapping cue, longest first."""

    def __init__(
        self,
        codes: dict[str, list[tuple[str, bool]]],
        lang: str,
        flags: int,
        mask: str | None = None,
    ) -> None:
        # cue words inside these names are no cue ("congress" in "National People's Congress")
        self.mask = re.compile(mask, flags) if mask else None
        parts = []
        self.groups: dict[str, str] = {}
        anywhere = False  # a code whose cues may start with any character
        first: set[str] = set()
        for n, (code, cues) in enumerate(codes.items()):
            group = f"c{n}"
            self.groups[group] = code
            # longer cues first so that "sister city agreement" wins over "agreement"
            alts = sorted({_pattern(c, lang, lit) for c, lit in cues}, key=len, reverse=True)
            either = "|".join(alts)
            # a code none of whose cues can start here is passed over in one test
            starts = first_chars(either, flags)
            ahead = lookahead(starts) if starts else ""
            anywhere = anywhere or not starts
            first |= starts or set()
            parts.append((max((len(a) for a in alts), default=0), f"{ahead}(?P<{group}>{either})"))
        parts.sort(key=lambda p: -p[0])
        body = "|".join(p for _, p in parts)
        if first and not anywhere:
            # and a position where no cue at all can start, in one test
            body = f"{lookahead(frozenset(first))}(?:{body})"
        if lang == "en":
            # one word-start test per position, then the alternatives: most positions are
            # inside words and fail at once
            body = rf"(?<![\w-])(?=\w)(?:{body})"
        self.regex = re.compile(body, flags) if parts else None

    def find(self, text: str) -> list[Cue]:
        if self.regex is None:
            return []
        out = []
        masked: list[tuple[int, int]] | None = None  # (looked for once a cue is found)
        for m in self.regex.finditer(text):
            group = m.lastgroup
            if not group:
                continue
            if self.mask is not None:
                if masked is None:
                    masked = [n.span() for n in self.mask.finditer(text)]
                if any(a <= m.start() < b for a, b in masked):
                    continue
            out.append(Cue(self.groups[group], m.start(), m.end()))
        return out

    def codes(self, text: str) -> list[str]:
        return list(dict.fromkeys(c.code for c in self.find(text)))


@dataclass(frozen=True)
class Cues:
    engagement: CueSet
    agreement: CueSet
    relationship: CueSet
    events: CueSet
    areas: CueSet
    roles: CueSet
    signed: re.Pattern[str]
    signed_past: re.Pattern[str]
    planned: re.Pattern[str]
    cancelled: re.Pattern[str]
    titles: str


def _merge(
    taxonomy_list: str | None, extra: dict[str, list[str]], lang: str
) -> dict[str, list[tuple[str, bool]]]:
    out: dict[str, list[tuple[str, bool]]] = {}
    if taxonomy_list:
        for code, term in load_taxonomy().lists[taxonomy_list].items():
            words = term.en if lang == "en" else term.ko
            out[code] = [(w, True) for w in words]
    for code, patterns in extra.items():
        out.setdefault(code, []).extend((p, False) for p in patterns)
    return out


@cache
def cues_for(lang: str) -> Cues:
    mod = ko if lang == "ko" else en
    flags = re.IGNORECASE if lang == "en" else 0
    # the relationship-event list of the taxonomy mixes phrases; our patterns cover them
    return Cues(
        engagement=CueSet(
            _merge("engagement_types", mod.ENGAGEMENT, lang), lang, flags, mask=mod.BODIES
        ),
        agreement=CueSet(_merge("agreement_types", mod.AGREEMENT, lang), lang, flags),
        relationship=CueSet(_merge("relationship_types", mod.RELATIONSHIP, lang), lang, flags),
        events=CueSet(_merge(None, mod.EVENTS, lang), lang, flags),
        areas=CueSet(_merge("cooperation_areas", mod.AREAS, lang), lang, flags),
        roles=CueSet(_merge(None, mod.ROLES, lang), lang, flags),
        signed=re.compile(mod.SIGNED, flags),
        signed_past=re.compile(mod.SIGNED_PAST, flags),
        planned=re.compile(mod.PLANNED, flags),
        cancelled=re.compile(mod.CANCELLED, flags),
        titles=mod.TITLES,
    )
