"""Labels in English and Korean, and which language a request wants.

Every label lives in a file of labels/ (one per part of the app) as `key: {en: ..., ko: ...}`;
taxonomy codes are labelled under `code.<code>`. A missing Korean label falls back to English,
a missing key shows the key itself (and a test checks that every key the templates and the
code name is defined in both languages).
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

LANGS = ("en", "ko")
DEFAULT_LANG = "en"


@lru_cache(maxsize=1)
def labels() -> dict[str, dict[str, str]]:
    found: dict[str, dict[str, str]] = {}
    folder = resources.files("citydip") / "labels"
    for item in sorted(folder.iterdir(), key=lambda i: i.name):
        if not item.name.endswith(".yaml"):
            continue
        data: dict[str, Any] = yaml.safe_load(item.read_text(encoding="utf-8")) or {}
        for key, value in data.items():
            if key in found:
                raise ValueError(f"label {key!r} is defined twice (again in {item.name})")
            found[str(key)] = {str(lang): str(v) for lang, v in value.items()}
    return found


def translate(key: str, lang: str, **values: Any) -> str:
    entry = labels().get(key)
    if entry is None:
        text = key.removeprefix("code.").replace("_", " ")
    else:
        text = entry.get(lang) or entry.get(DEFAULT_LANG) or key
    return text.format(**values) if values else text


def code_label(code: str | None, lang: str) -> str:
    return translate(f"code.{code}", lang) if code else ""


def best_language(accept_language: str | None) -> str:
    """The first of our languages in an Accept-Language header, by its q weight."""
    if not accept_language:
        return DEFAULT_LANG
    ranked: list[tuple[float, int, str]] = []
    for n, part in enumerate(accept_language.split(",")):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        lang = tag.strip().lower().split("-")[0]
        if lang in LANGS and q > 0:
            ranked.append((-q, n, lang))
    return min(ranked)[2] if ranked else DEFAULT_LANG
