"""How names are compared and how stable keys are made from content.

Keys do not depend on database ids, so the same content gets the same key in every
registry: that is what makes import idempotent and export → import → export stable.
"""

from __future__ import annotations

import hashlib
import re
import sys
import unicodedata
from collections.abc import Iterable

# Administrative suffixes that do not change which place is meant.
_EN_SUFFIXES = (
    " metropolitan government",
    " metropolitan city",
    " special city",
    " city government",
    " city hall",
    " metropolis",
    " prefecture",
    " province",
)
_KO_SUFFIXES = ("특별자치시", "특별자치도", "특별시", "광역시", "시청", "시")
_PUNCT = re.compile(r"[\s.,'’`\"()\-_/]+")


def norm_name(name: str) -> str:
    """Case-folded, punctuation-free form of a name, without administrative suffixes."""
    s = unicodedata.normalize("NFKC", name).casefold()
    s = _PUNCT.sub(" ", s).strip()
    for suffix in _EN_SUFFIXES:
        if s.endswith(suffix) and len(s) > len(suffix):
            s = s[: -len(suffix)].strip()
            break
    for suffix in _KO_SUFFIXES:
        if s.endswith(suffix) and len(s) - len(suffix) >= 2:
            s = s[: -len(suffix)].strip()
            break
    return s


def after_prefix(prefix: str) -> str | None:
    """The least string, in code-point order, above every string that starts with `prefix`
    (so that `prefix <= s < after_prefix(prefix)` is `s.startswith(prefix)`); None when
    there is none (the prefix is empty or every character of it is the last code point).
    The surrogates (U+D800–DFFF), which no stored text holds, are stepped over."""
    chars = list(prefix)
    while chars:
        last = ord(chars.pop())
        if last < sys.maxunicode:
            following = 0xE000 if last + 1 == 0xD800 else last + 1
            return "".join(chars) + chr(following)
    return None


def slug(name: str) -> str:
    return norm_name(name).replace(" ", "-") or "x"


def place_key(name: str, country: str | None, level: str) -> str:
    """e.g. tokyo-jp, hokkaido-jp-region, mayors-for-peace-organization."""
    parts = [slug(name)]
    if country:
        parts.append(country.lower())
    if level != "city":
        parts.append(level)
    return "-".join(parts)


def content_key(*parts: object) -> str:
    """A 16-hex-digit hash of the parts (None and lists handled)."""
    flat: list[str] = []
    for part in parts:
        if isinstance(part, list | tuple):
            flat.append(",".join(str(p) for p in part))
        else:
            flat.append("" if part is None else str(part))
    return hashlib.sha1("\x1f".join(flat).encode("utf-8")).hexdigest()[:16]


def sorted_keys(keys: Iterable[str]) -> list[str]:
    return sorted(set(keys))
