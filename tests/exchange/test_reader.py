"""Bad input: every problem is one line naming the file, the line, the record and the field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from citydip.config import Settings
from citydip.errors import InputError
from citydip.exchange.reader import expand_paths, read_answers

LIMIT = Settings().max_import_bytes
TOKYO = {"name": "Tokyo", "country": "JP"}
SEOUL = {"name": "Seoul", "country": "KR"}


def write(tmp_path: Path, name: str, content: str | bytes | dict) -> Path:
    path = tmp_path / name
    if isinstance(content, dict):
        content = json.dumps(content)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def error_of(path: Path, max_bytes: int = LIMIT) -> str:
    with pytest.raises(InputError) as info:
        read_answers(path, max_bytes)
    message = str(info.value)
    assert "\n" not in message
    assert str(path) in message
    return message


def doc(*records: dict) -> dict:
    return {"doc_id": "doc-7", "records": list(records)}


def agreement(**fields) -> dict:
    return {"kind": "agreement", "type": "mou", "parties": [TOKYO], **fields}


@pytest.mark.parametrize(
    "record, field, words",
    [
        (agreement(date="2015-02-30"), "'date'", ["impossible date '2015-02-30'"]),
        (agreement(type="treaty"), "'type'", ["unknown agreement type code 'treaty'", "mou"]),
        (agreement(areas=["safety", "space"]), "'areas[1]'", ["'space'"]),
        (agreement(status="rumoured"), "'status'", ["'rumoured'"]),
        (
            agreement(parties=[{"name": "Tokyo", "country": "Japan"}]),
            "'parties[0].country'",
            ["ISO 3166-1", "'Japan'"],
        ),
        (agreement(tpye="mou"), "'tpye'", ["Extra inputs are not permitted"]),
        (agreement(evidence={"start": 50, "end": 10}), "'evidence[0]'", ["before start"]),
        (
            {"kind": "relationship", "type": "sister", "parties": [TOKYO]},
            "'parties'",
            ["exactly two parties, got 1"],
        ),
        (
            {
                "kind": "relationship",
                "type": "sister",
                "parties": [SEOUL, TOKYO],
                "events": [{"type": "frozen"}],
            },
            "'events[0].type'",
            ["'frozen'"],
        ),
        (
            {"kind": "engagement", "type": "meeting", "start": "2015-03", "end": "2015-02"},
            "record 2 (engagement): end",
            ["end 2015-02 is before start 2015-03"],
        ),
        (
            {"kind": "membership", "network": "C40", "member": SEOUL, "role": "emperor"},
            "'role'",
            ["'emperor'"],
        ),
        ({"kind": "visit", "type": "meeting"}, "'kind'", ["visit"]),
        (
            {
                "kind": "engagement",
                "type": "meeting",
                "location": {"name": "Tokyo", "level": "town"},
            },
            "'location.level'",
            ["'town'"],
        ),
    ],
)
def test_bad_record_names_record_and_field(tmp_path, record, field, words):
    message = error_of(write(tmp_path, "bad.json", doc(agreement(), record)))
    assert "doc-7 record 2" in message
    assert field in message
    for word in words:
        assert word in message


def test_malformed_json_names_line(tmp_path):
    path = write(tmp_path, "broken.json", '{"doc_id": "x",\n "records": [\n  {"kind": }\n]}')
    message = error_of(path)
    assert f"{path}:3" in message and "malformed JSON" in message


def test_jsonl_bad_line_names_line_number(tmp_path):
    good = json.dumps(doc(agreement()))
    bad = json.dumps(doc(agreement(date="2015-13")))
    path = write(tmp_path, "batch.jsonl", "\n".join([good, "", good, bad]) + "\n")
    message = error_of(path)
    assert f"{path}:4" in message and "'date'" in message and "2015-13" in message


def test_binary_file(tmp_path):
    path = write(tmp_path, "photo.json", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert "binary file" in error_of(path)


def test_not_utf8(tmp_path):
    path = write(tmp_path, "latin.json", '{"doc_id": "São Paulo"}'.encode("latin-1"))
    assert "not UTF-8" in error_of(path)


def test_empty_file(tmp_path):
    assert "empty file" in error_of(write(tmp_path, "empty.json", ""))


def test_top_level_must_be_answers(tmp_path):
    assert "expected a JSON object" in error_of(write(tmp_path, "n.json", "[1, 2]"))


def test_a_200_mb_file_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.json"
    with path.open("wb") as f:
        f.truncate(200 * 2**20)  # sparse: no 200 MB are written
    message = error_of(path)
    assert "200.0 MB" in message and "limit" in message


def test_size_limit_is_a_setting(tmp_path):
    path = write(tmp_path, "small.json", doc(agreement(summary="x" * 2000)))
    assert "over the" in error_of(path, max_bytes=1024)
    assert read_answers(path, LIMIT)[0].records[0].summary == "x" * 2000


def test_missing_file(tmp_path):
    assert "cannot read" in error_of(tmp_path / "nope.json")


def test_valid_forms_array_and_jsonl(tmp_path):
    arr = write(tmp_path, "a.json", json.dumps([doc(agreement()), doc()]))
    assert len(read_answers(arr, LIMIT)) == 2
    lines = write(tmp_path, "b.jsonl", json.dumps(doc()) + "\n" + json.dumps(doc()) + "\n")
    assert len(read_answers(lines, LIMIT)) == 2


def test_gold_files_bring_their_text(seed_gold):
    answer = read_answers(seed_gold[-1], LIMIT)[0]
    assert answer.text and "Masuzoe" in answer.text


def test_folders_expand_to_answer_files(tmp_path):
    write(tmp_path, "x.gold.json", doc())
    write(tmp_path, "x.meta.json", {"url": "u"})
    write(tmp_path, "y.jsonl", "")
    write(tmp_path, "notes.txt", "")
    assert [p.name for p in expand_paths([tmp_path])] == ["x.gold.json", "y.jsonl"]
