"""`services.editing.parse_record` and its helpers: what an edit may send, without a database."""

from __future__ import annotations

from typing import Any

import pytest

from citydip.errors import FieldErrors, InputError
from citydip.services import editing

SEOUL = {"name": "Seoul", "country": "KR"}
OSLO = {"name": "Oslo", "country": "NO"}


def fields_of(body: Any, kind: str | None = "engagement") -> dict[str, str]:
    with pytest.raises(FieldErrors) as caught:
        editing.parse_record(body, kind)
    return dict(caught.value.errors)


def meeting(**changes: Any) -> dict[str, Any]:
    return {"type": "meeting", "start": "2024-01-02", "parties": [OSLO], **changes}


def test_a_valid_record_parses() -> None:
    rec = editing.parse_record(meeting(title="<script>alert(1)</script>"), "engagement")
    assert rec.kind == "engagement" and rec.title == "<script>alert(1)</script>"
    assert rec.parties[0].name == "Oslo"


@pytest.mark.parametrize("body", [[], "text", 3, None, b"raw"])
def test_a_body_that_is_not_an_object(body: Any) -> None:
    with pytest.raises(InputError) as caught:
        editing.parse_record(body, "engagement")
    assert caught.value.field == "body" and "JSON object" in caught.value.message


def test_every_wrong_field_is_named_at_once() -> None:
    errors = fields_of(meeting(type="nap", title="t" * 501, areas=["culture", "naps"]))
    assert set(errors) == {"type", "title", "areas[1]"}
    assert errors["title"] == "at most 500 characters, please (this has 501)"


def test_a_check_of_the_whole_record_names_its_field() -> None:
    assert set(fields_of(meeting(start="2024-03", end="2024-02-10"))) == {"end"}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": "x" * 501}, "title"),
        ({"summary": "x" * 4001}, "summary"),
        ({"parties": [{"name": "x" * 151}]}, "parties[0].name"),
        ({"parties": [{"name": "x" * 150, "aliases": ["y" * 301]}]}, "parties[0].aliases[0]"),
        ({"location": {"name": "\ufdfa" * 9}}, "location.name"),  # 9 × 18 after NFKC
        ({"people": [{"name": "n" * 151}]}, "people[0].name"),
        ({"people": [{"name": "Kim", "title": "t" * 201}]}, "people[0].title"),
        ({"people": [{"name": "Kim", "of": "o" * 151}]}, "people[0].of"),
    ],
)
def test_text_longer_than_the_registry_stores(changes: dict[str, Any], field: str) -> None:
    assert field in fields_of(meeting(**changes))


def test_text_at_the_limits_parses() -> None:
    body = meeting(
        title="x" * 500,
        summary="x" * 4000,
        parties=[{"name": "p" * 150}],
        people=[{"name": "n" * 150, "title": "t" * 200, "of": "o" * 150}],
    )
    rec = editing.parse_record(body, "engagement")
    assert rec.title == "x" * 500


def test_membership_names_are_checked_too() -> None:
    body = {"network": "n" * 151, "network_aliases": ["a" * 301], "member": SEOUL}
    assert set(fields_of(body, "membership")) == {"network", "network_aliases[0]"}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": "nul\x00"}, "title"),
        ({"parties": [{"name": "Os\x00lo"}]}, "parties[0].name"),
        ({"summary": "half \ud800 a pair"}, "summary"),
        ({"people": [{"name": "Kim", "of": "\udfff"}]}, "people[0].of"),
    ],
)
def test_text_no_database_stores(changes: dict[str, Any], field: str) -> None:
    assert field in fields_of(meeting(**changes))


def test_a_key_with_a_lone_surrogate_is_named_safely() -> None:
    errors = fields_of({**meeting(), "\ud800": 1})
    assert list(errors.values()) == ["this is not valid Unicode text (a lone surrogate)"]
    for field in errors:
        field.encode("utf-8")  # the error can be sent as JSON


def test_the_kind_must_be_the_routes() -> None:
    assert fields_of(meeting(kind="agreement")) == {
        "kind": "this is an engagement, not an agreement"
    }


def test_editable_drops_what_the_registry_keeps() -> None:
    body = {
        "id": 3,
        "key": "abc",
        "version": 2,
        "review": {"state": "accepted"},
        "evidence": [],
        "direction": "inbound",
        "mode": "bilateral",
        "kind": "relationship",
        "status": "active",
        "type": "sister",
    }
    assert editing.editable(body) == {"kind": "relationship", "type": "sister"}
    agreement = {"kind": "agreement", "status": "planned", "version": 1}
    assert editing.editable(agreement) == {"kind": "agreement", "status": "planned"}


@pytest.mark.parametrize("body", [{}, {"version": "2"}, {"version": True}, {"version": 1.0}, []])
def test_an_edit_needs_an_integer_version(body: Any) -> None:
    with pytest.raises(FieldErrors) as caught:
        editing.sent_version(body)
    assert caught.value.errors[0][0] == "version"


def test_the_version_sent() -> None:
    assert editing.sent_version({"version": 7}) == 7


@pytest.mark.parametrize(
    ("word", "said"),
    [
        ("engagement", "an engagement"),
        ("agreement", "an agreement"),
        ("membership", "a membership"),
    ],
)
def test_article(word: str, said: str) -> None:
    assert editing.article(word) == said
