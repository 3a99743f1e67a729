"""Every label the app shows exists in English and Korean; the language a request gets."""

from __future__ import annotations

import re
from importlib import resources

import pytest

from citydip.i18n import best_language, labels, translate
from citydip.taxonomy import load_taxonomy

WEB = resources.files("citydip.web")
REPORTS = resources.files("citydip.reports")
# t("key"), t('key', ...), _say(request, "key"), translate("key", ...)
LITERAL_KEY = re.compile(r"""(?:\bt|_say\(request,|translate)\(\s*["']([a-z_]+\.[a-z0-9_.]+)["']""")


def _sources() -> list[tuple[str, str]]:
    found = []
    for folder in ("templates", "pages", "api"):
        for item in (WEB / folder).iterdir():
            if item.name.endswith((".html", ".py")):
                found.append((f"{folder}/{item.name}", item.read_text(encoding="utf-8")))
    for item in (REPORTS / "templates").iterdir():
        if item.name.endswith(".html"):
            found.append((f"reports/{item.name}", item.read_text(encoding="utf-8")))
    return found


def test_every_literal_label_key_is_defined_in_both_languages() -> None:
    known = labels()
    used = {(name, key) for name, text in _sources() for key in LITERAL_KEY.findall(text)}
    assert len(used) > 100  # the pattern finds the templates' labels
    # a key ending in "." is a prefix ("job.status." ~ job.status): some key must start so
    missing = sorted(
        f"{name}: {key}"
        for name, key in used
        if (
            key not in known if not key.endswith(".") else not any(k.startswith(key) for k in known)
        )
    )
    assert not missing, "labels used but not defined:\n" + "\n".join(missing)
    half = sorted(k for k, v in known.items() if not v.get("en") or not v.get("ko"))
    assert not half, f"labels without both en and ko: {half}"


def test_every_taxonomy_code_has_a_korean_label() -> None:
    tax = load_taxonomy()
    lists = (
        "relationship_types",
        "relationship_events",
        "agreement_types",
        "engagement_types",
        "cooperation_areas",
    )
    codes = {code for name in lists for code in tax.codes(name)}
    missing = sorted(c for c in codes if f"code.{c}" not in labels())
    assert not missing
    assert translate("code.sister", "ko") != translate("code.sister", "en")


@pytest.mark.parametrize(
    ("header", "lang"),
    [
        (None, "en"),
        ("", "en"),
        ("ko-KR,ko;q=0.9,en-US;q=0.8", "ko"),
        ("en-GB,en;q=0.9,ko;q=0.8", "en"),
        ("fr-FR,fr;q=0.9,ko;q=0.5,en;q=0.4", "ko"),
        ("en;q=0.2, ko;q=0.7", "ko"),
        ("ko;q=0, en", "en"),
        ("de, fr", "en"),
        ("ko;q=bad", "en"),
    ],
)
def test_best_language_from_accept_language(header: str | None, lang: str) -> None:
    assert best_language(header) == lang


def test_missing_korean_falls_back_and_values_are_filled() -> None:
    assert translate("no.such.key", "ko") == "no.such.key"
    assert translate("code.no_such_code", "en") == "no such code"
