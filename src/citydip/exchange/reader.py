"""Reading interchange files (JSON, JSON Lines) into validated answers.

Every problem becomes one InputError naming the file, the line, the record and the field.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from citydip.errors import InputError
from citydip.schema import Answer

JSONL_SUFFIXES = (".jsonl", ".ndjson")
IMPORT_SUFFIXES = (".json", *JSONL_SUFFIXES)


def expand_paths(paths: list[Path]) -> list[Path]:
    """Files as given; a folder becomes its interchange files (not *.meta.json), sorted."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.suffix in IMPORT_SUFFIXES and not p.name.endswith(".meta.json")
                )
            )
        else:
            out.append(path)
    return out


def field_path(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _validation_error(exc: ValidationError, obj: Any, file: str, line: int | None) -> InputError:
    errors = exc.errors()
    first = errors[0]
    loc = tuple(first["loc"])
    record = field = None
    doc = obj.get("doc_id") if isinstance(obj, dict) else None
    if len(loc) >= 2 and loc[0] == "records" and isinstance(loc[1], int):
        records = obj.get("records") if isinstance(obj, dict) else None
        kind = None
        if (
            isinstance(records, list)
            and loc[1] < len(records)
            and isinstance(records[loc[1]], dict)
        ):
            kind = records[loc[1]].get("kind")
        record = f"record {loc[1] + 1}" + (f" ({kind})" if isinstance(kind, str) else "")
        rest = loc[3:] if len(loc) > 2 and loc[2] == kind else loc[2:]
        # no location below the record: a bad `kind` (tag) or a rule over several fields
        field = field_path(rest) or ("kind" if len(loc) == 2 else None)
    else:
        field = field_path(loc) or None
    if doc and record:
        record = f"{doc} {record}"
    elif doc:
        record = str(doc)
    msg = first["msg"].removeprefix("Value error, ")
    value = first.get("input")
    shows_value = first["type"] in ("enum", "literal_error", "string_type") or first[
        "type"
    ].endswith("_parsing")
    if shows_value and isinstance(value, str | int | float) and not isinstance(value, bool):
        msg = f"{msg} (got {value!r})"
    if len(errors) > 1:
        msg += f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})"
    return InputError(msg, file=file, line=line, record=record, field=field)


def parse_answer(obj: Any, file: str, line: int | None = None) -> Answer:
    if not isinstance(obj, dict):
        raise InputError(
            f"expected a JSON object (one document's answer), got {type(obj).__name__}",
            file=file,
            line=line,
        )
    try:
        return Answer.model_validate(obj)
    except ValidationError as exc:
        raise _validation_error(exc, obj, file, line) from None


def _decode(path: Path, max_bytes: int) -> str:
    name = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", file=name) from None
    if path.is_dir():
        raise InputError("is a folder, not a file", file=name)
    if size > max_bytes:
        raise InputError(
            f"file is {size / 2**20:.1f} MB, over the {max_bytes / 2**20:.0f} MB import limit "
            "(split it into JSON Lines files, or raise CITYDIP_MAX_IMPORT_BYTES)",
            file=name,
        )
    data = path.read_bytes()
    nul = data.find(b"\x00", 0, 8192)
    if nul >= 0:
        raise InputError(f"binary file (NUL byte at offset {nul}), not JSON", file=name)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            f"not UTF-8 text (bad byte 0x{data[exc.start]:02x} at offset {exc.start})",
            file=name,
            line=line,
        ) from None


def _json(text: str, file: str, line_offset: int = 0) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"malformed JSON: {exc.msg} (column {exc.colno})",
            file=file,
            line=exc.lineno + line_offset,
        ) from None


def iter_answers(path: Path, max_bytes: int) -> Iterator[Answer]:
    """The answers a file holds: a JSON object, a JSON array of them, or JSON Lines."""
    name = str(path)
    text = _decode(path, max_bytes)
    if path.suffix in JSONL_SUFFIXES:
        for n, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                yield parse_answer(_json(line, name, n - 1), name, n)
        return
    if not text.strip():
        raise InputError("empty file", file=name)
    obj = _json(text, name)
    for item in obj if isinstance(obj, list) else [obj]:
        yield _with_siblings(parse_answer(item, name), path)


def read_answers(path: Path, max_bytes: int) -> list[Answer]:
    return list(iter_answers(path, max_bytes))


def _with_siblings(answer: Answer, path: Path) -> Answer:
    """A corpus gold file (X.gold.json) gets its document's text (X.txt) and url (X.meta.json)."""
    if not path.name.endswith(".gold.json") or answer.text is not None:
        return answer
    stem = path.name.removesuffix(".gold.json")
    update: dict[str, Any] = {}
    txt = path.with_name(stem + ".txt")
    if txt.is_file():
        update["text"] = txt.read_text(encoding="utf-8", errors="replace")
    meta = path.with_name(stem + ".meta.json")
    if meta.is_file() and answer.source is None:
        try:
            url = json.loads(meta.read_text(encoding="utf-8")).get("url")
        except (json.JSONDecodeError, AttributeError):
            url = None
        if isinstance(url, str):
            update["source"] = url
    return answer.model_copy(update=update) if update else answer
