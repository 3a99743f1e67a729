"""Sentences with their offsets: rules for English, kiwipiepy for Korean."""

from __future__ import annotations

import re

from citydip.types import Sentence

# A sentence ends at . ! ? (with closing quotes) before a space and a capital/quote/digit,
# or at a blank line / a line break (headlines and list items are their own sentences).
_ABBREV = re.compile(
    r"(?:\b(?:Mr|Ms|Mrs|Dr|Prof|St|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|No|Co|"
    r"Inc|Ltd|Corp|Gov|Gen|Lt|Col|Jr|Sr|vs|etc|approx|U\.S|U\.K|D\.C|a\.m|p\.m|S)\.|\b[A-Z]\.)$"
)
_END = re.compile(r"[.!?]+[\"”’')\]]*(?=\s+[\"“‘'(\[]?[A-Z0-9가-힣])|\n\s*\n|\n")


# A date label that opens a line ("date 2024-04-16 Mayor Park ..."): the document's date,
# not the date of the sentence that follows it on the same line.
_DATE_LABEL = re.compile(
    r"(?m)^[ \t]*(?:date|Date|DATE|Posted|Published):?[ \t]+\d{4}[-./]\d{1,2}[-./]\d{1,2}"
    r"(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?(?=[ \t]+\S)"
)


def split_en(text: str) -> list[Sentence]:
    out: list[Sentence] = []
    start = 0
    ends = [m.end() for m in _DATE_LABEL.finditer(text)]
    for m in _END.finditer(text):
        if m.group().startswith((".", "!", "?")) and _ABBREV.search(
            text[max(0, m.start() - 6) : m.start() + 1]
        ):
            continue
        ends.append(m.end())
    for end in sorted(set(ends)):
        if end > start:
            _add(out, text, start, end)
            start = end
    _add(out, text, start, len(text))
    return out


def from_spans(text: str, spans: list[tuple[int, int]]) -> list[Sentence]:
    out: list[Sentence] = []
    for start, end in spans:
        # kiwipiepy may join lines: keep line breaks as sentence ends
        pos = start
        for m in re.finditer(r"\n", text[start:end]):
            _add(out, text, pos, start + m.end())
            pos = start + m.end()
        _add(out, text, pos, end)
    return out


def _add(out: list[Sentence], text: str, start: int, end: int) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if not stripped:
        return
    lead = len(chunk) - len(chunk.lstrip())
    s = start + lead
    e = s + len(stripped)
    out.append(Sentence(len(out), s, e, text[s:e]))
