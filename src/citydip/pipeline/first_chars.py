"""The characters a regular expression's match can start with, read from Python's own parse
of the pattern (`re._parser`, the parser `re.compile` uses).

A cue set puts them in a lookahead before each code's alternatives, so that at a position
where none of them can start the engine tries one test instead of every alternative. The
set may hold more than can start a match (a lookaround is read as letting anything through;
under IGNORECASE the lookahead matches every case), never less; when it cannot be read
(`\\w`, `.`, a group reference, a pattern that can match nothing) the answer is None, and no
lookahead is put.
"""

from __future__ import annotations

import re
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

_RANGE_MAX = 256  # a class's range wider than this is left unread ("any character")


def first_chars(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """The characters a match of `pattern` starts with, or None if any may (or unknown)."""
    try:
        found, empty = _sequence(sre_parse.parse(pattern, flags))
    except (re.error, TypeError, ValueError, AttributeError):
        return None
    if found is None or empty:
        return None
    return frozenset(chr(c) for c in found)


def lookahead(chars: frozenset[str]) -> str:
    """A lookahead that lets through exactly these characters (the pattern's flags apply)."""
    return "(?=[" + "".join(re.escape(c) for c in sorted(chars)) + "])"


def _sequence(items: Any) -> tuple[set[int] | None, bool]:
    """(first character codes, whether it can match the empty string) of a sequence."""
    out: set[int] = set()
    for op, av in items:
        found, empty = _item(op, av)
        if found is None:
            return None, False
        out |= found
        if not empty:
            return out, False
    return out, True


def _item(op: Any, av: Any) -> tuple[set[int] | None, bool]:
    if op is sre.LITERAL:
        return {av}, False
    if op is sre.IN:
        chars: set[int] = set()
        for o, a in av:
            if o is sre.LITERAL:
                chars.add(a)
            elif o is sre.RANGE and a[1] - a[0] < _RANGE_MAX:
                chars.update(range(a[0], a[1] + 1))
            else:  # a category (\w, \d), a negation, a wide range
                return None, False
        return chars, False
    if op is sre.SUBPATTERN:
        return _sequence(av[3])
    if op is sre.BRANCH:
        out: set[int] = set()
        empty = False
        for alternative in av[1]:
            found, can_be_empty = _sequence(alternative)
            if found is None:
                return None, False
            out |= found
            empty = empty or can_be_empty
        return out, empty
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        found, empty = _sequence(av[2])
        return found, empty or av[0] == 0
    if op in (sre.ASSERT, sre.ASSERT_NOT, sre.AT):
        return set(), True  # consumes nothing: what follows starts the match
    return None, False
