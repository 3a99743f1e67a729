"""The characters a pattern's match can start with, and the cue sets that use them."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest

from citydip.pipeline import cues as cues_module
from citydip.pipeline.cues import CueSet, _merge
from citydip.pipeline.first_chars import first_chars, lookahead
from citydip.pipeline.lang import en, ko
from citydip.pipeline.sentences import split_en

SAMPLE = Path(str(resources.files("citydip.sample").joinpath("data")))


@pytest.mark.parametrize(
    ("pattern", "flags", "expected"),
    [
        (r"visit(?:s|ed)?|trip to", re.I, "vt"),
        (r"(?:to |will )?advis(?:e|ed) (?:the |on )", re.I, "twa"),
        (r"[a-c]x|(?-i:MOU)(?![\w])", re.I, "abcM"),
        (r"(?<![가-힣])물(?=[을이]?(?![가-힣]))", 0, "물"),
        (r"우호 ?도시|협력\s*도시", 0, "우협"),
        (r"(?:was|is) in (?-i:(?=[A-Z]))", re.I, "wi"),
    ],
)
def test_the_first_characters_of_a_pattern(pattern: str, flags: int, expected: str) -> None:
    assert first_chars(pattern, flags) == frozenset(expected)


@pytest.mark.parametrize(
    "pattern",
    [r"\w+ing", r".{0,40}for training", r"a?", r"(?=[A-Z])", r"x|\d+", r"[^a]b"]
    + [r"(?P<x>a)?(?(x)b|c)"],
)
def test_a_pattern_that_may_start_anywhere_has_none(pattern: str) -> None:
    assert first_chars(pattern) is None


def test_the_lookahead_lets_through_its_characters_only() -> None:
    ahead = re.compile(lookahead(frozenset("a-]^\\물")))
    assert [c for c in "a-]^\\물bx^" if ahead.match(c)] == list("a-]^\\물^")


def _sentences() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {"en": [], "ko": []}
    for path in sorted(SAMPLE.glob("*.txt")):
        text = path.read_text("utf-8")
        if path.name.startswith("ko-"):
            out["ko"] += [line for line in re.split(r"(?<=[.다])\s+|\n", text) if line.strip()]
        else:
            out["en"] += [s.text for s in split_en(text)]
    return out


SETS = {
    "engagement": ("engagement_types", "ENGAGEMENT", True),
    "agreement": ("agreement_types", "AGREEMENT", False),
    "relationship": ("relationship_types", "RELATIONSHIP", False),
    "events": (None, "EVENTS", False),
    "areas": ("cooperation_areas", "AREAS", False),
    "roles": (None, "ROLES", False),
}


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("name", list(SETS))
def test_cue_sets_find_what_they_found_without_lookaheads(
    lang: str, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    mod = en if lang == "en" else ko
    taxonomy, attr, masked = SETS[name]
    codes = _merge(taxonomy, getattr(mod, attr), lang)
    flags = re.IGNORECASE if lang == "en" else 0
    mask = mod.BODIES if masked else None
    fast = CueSet(codes, lang, flags, mask=mask)
    monkeypatch.setattr(cues_module, "first_chars", lambda pattern, flags=0: None)
    plain = CueSet(codes, lang, flags, mask=mask)
    assert "(?=[" in fast.regex.pattern and fast.regex.pattern != plain.regex.pattern
    found = 0
    for sentence in _sentences()[lang]:
        cues = fast.find(sentence)
        assert cues == plain.find(sentence), sentence
        found += len(cues)
    assert found > 0  # (and the sentences hold cues of this set)
