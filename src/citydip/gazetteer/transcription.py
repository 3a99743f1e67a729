"""Foreign place names written in Hangul, matched to their Latin spelling by sound.

GeoNames gives a Korean name to only about 6,000 of its 34,000 cities, so a Korean press
release often names a partner ("튀르키예 콘야시", "일본 미토요시", "콜롬비아 메데진") that the
automaton cannot find. The Hangul is romanised (korean-romanizer, Revised Romanisation),
both spellings are reduced to a rough sound key (the "eu" Korean adds between consonants
dropped, l/r, p/f, b/v, k/c/q and doubled letters merged), and the closest city of the
country named beside it is taken when the keys are close enough.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from difflib import SequenceMatcher
from functools import cache

# how alike two sound keys must be (difflib ratio) for a Hangul name to be taken as a city
THRESHOLD = 0.8

_REPLACE = (
    ("ph", "p"),
    ("f", "p"),
    ("v", "b"),
    ("w", "u"),
    ("y", "i"),
    ("z", "j"),
    ("x", "ks"),
    ("q", "k"),
    ("c", "k"),
    ("r", "l"),
    ("h", ""),
)


@cache
def _romanizer() -> type:
    from korean_romanizer.romanizer import Romanizer

    return Romanizer


def sound_key(latin: str) -> str:
    """A rough key of how a Latin-script name sounds: "Medellín" and "medejin" come close."""
    s = unicodedata.normalize("NFKD", latin.lower())
    s = "".join(ch for ch in s if ch.isascii() and ch.isalpha())
    s = s.replace("eu", "")  # 무스카트 museukateu: the vowel Korean puts between consonants
    for a, b in _REPLACE:
        s = s.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", s)


def romanise(hangul: str) -> str:
    return str(_romanizer()(hangul).romanize())


def closeness(a: str, b: str) -> float:
    """How alike two sound keys are, 0 to 1 (a quick length test first: most pairs fail).

    A short key must match closer: one letter apart is a different name ("konia", Konya,
    is not "konan" nor "kenia")."""
    if not a or not b or min(len(a), len(b)) < THRESHOLD * max(len(a), len(b)) - 1:
        return 0.0
    ratio = SequenceMatcher(None, a, b).ratio()
    return ratio if min(len(a), len(b)) > 5 or ratio > 0.85 else ratio - 0.1


def letters(key: str) -> Counter[str]:
    """A sound key's letters and how often each occurs (for `may_reach`)."""
    return Counter(key)


def may_reach(a: str, a_letters: Counter[str], b: str, b_letters: Counter[str]) -> bool:
    """False when `closeness(a, b)` is certainly below THRESHOLD, tested cheaply: the
    length test, then the letters the keys share in any order (difflib's `quick_ratio`, an
    upper bound of the ratio, computed with the same arithmetic). True: compute it."""
    if not a or not b or min(len(a), len(b)) < THRESHOLD * max(len(a), len(b)) - 1:
        return False
    common = sum(min(n, b_letters[ch]) for ch, n in a_letters.items())
    return 2.0 * common / (len(a) + len(b)) >= THRESHOLD
