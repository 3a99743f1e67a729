"""Reading a CSV of tie pairs row by row: encoding, delimiter, column mapping, line numbers.

The file is streamed (the csv module over a text wrapper over the open binary file), so a
2 GB file costs the memory of one buffer and one row. Every problem is one InputError
naming the file, the line and the column.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, BinaryIO

from citydip.errors import InputError

ROLES = ("city1", "country1", "city2", "country2")
SAMPLE_BYTES = 65536  # what the encoding and the delimiter are judged on
_DELIMITERS = ",;\t|"
_UNDECODED = re.compile("[\udc80-\udcff]")  # bytes the encoding could not decode
_BOMS = (  # UTF-32 before UTF-16: the UTF-32 LE BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def parse_columns(spec: str | Mapping[str, str]) -> dict[str, str]:
    """The header of each role: "A,B,C,D" (city1, country1, city2, country2 in that order)
    or "city1=A,country2=D,..." (any order; the two may be mixed, positions filling the
    roles not named)."""
    if isinstance(spec, Mapping):
        items = [f"{role}={header}" for role, header in spec.items()]
    else:
        items = [part.strip() for part in spec.split(",")]
    named: dict[str, str] = {}
    positional: list[str] = []
    for item in items:
        role, eq, header = item.partition("=")
        if eq:
            role, header = role.strip(), header.strip()
            if role not in ROLES:
                raise InputError(
                    f"unknown role {role!r} in --columns; the roles are {', '.join(ROLES)}"
                )
            if role in named:
                raise InputError(f"role {role!r} given twice in --columns")
            named[role] = header
        else:
            positional.append(item)
    free = [r for r in ROLES if r not in named]
    if len(positional) > len(free):
        raise InputError(
            f"--columns names {len(named) + len(positional)} columns; it takes 4: "
            + ", ".join(ROLES)
        )
    named.update(zip(free, positional, strict=False))
    missing = [r for r in ROLES if not named.get(r)]
    if missing:
        raise InputError(
            f"--columns gives no header for {', '.join(missing)}; give four headers in the "
            f"order {','.join(ROLES)}, or role=header pairs"
        )
    return {r: named[r] for r in ROLES}


@dataclass(frozen=True, slots=True)
class PairRow:
    line: int  # the line of the file the row starts on (the header is line 1)
    city1: str
    country1: str
    city2: str
    country2: str


def sniff_encoding(sample: bytes, name: str) -> str:
    """The encoding of a file from its first bytes: a BOM's UTF, UTF-8, else detected."""
    for bom, encoding in _BOMS:
        if sample.startswith(bom):
            return encoding
    nul = sample.find(b"\x00")
    if nul >= 0:
        raise InputError(f"binary file (NUL byte at offset {nul}), not a CSV", file=name)
    try:  # final=False: the sample may end inside a character
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(sample).best()
    if best is None:
        raise InputError("not text in UTF-8 nor in any one encoding, not a CSV", file=name)
    if sum(b > 127 for b in sample) <= 0.5 * len(sample):
        return "cp1252"  # mostly ASCII: Western text, whatever exotic code page scores as well
    return str(best.encoding)


def _delimiter(first_line: str, wanted: set[str]) -> str:
    """The delimiter of the header: the one of ,;<tab>| that splits it into the wanted
    headers, else the most frequent, else a comma."""
    for d in _DELIMITERS:
        if wanted <= {h.strip() for h in first_line.split(d)}:
            return d
    counts = {d: first_line.count(d) for d in _DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


class PairsReader:
    """Iterates a pairs CSV as PairRow objects; `bytes_read` says how far it got."""

    def __init__(self, stream: BinaryIO, name: str, columns: Mapping[str, str]) -> None:
        self.name = name
        self.columns = dict(columns)
        self._raw = stream
        self.encoding = "utf-8"
        self.headers: list[str] = []

    @property
    def bytes_read(self) -> int:
        try:
            return self._raw.tell()
        except (OSError, ValueError):
            return 0

    def _open(self) -> io.TextIOWrapper:
        raw: Any = self._raw
        buffered = raw if hasattr(raw, "peek") else io.BufferedReader(raw)
        sample = buffered.peek(SAMPLE_BYTES)[:SAMPLE_BYTES]
        self.encoding = sniff_encoding(sample, self.name)
        # undecodable bytes become lone surrogates, found per row: the error names its line
        return io.TextIOWrapper(
            buffered, encoding=self.encoding, errors="surrogateescape", newline=""
        )

    def _header_index(self, headers: list[str]) -> dict[str, int]:
        stripped = [h.strip() for h in headers]
        folded = [h.casefold() for h in stripped]
        index: dict[str, int] = {}
        for role, header in self.columns.items():
            if header in stripped:
                index[role] = stripped.index(header)
            elif header.strip().casefold() in folded:
                index[role] = folded.index(header.strip().casefold())
            else:
                shown = ", ".join(repr(h) for h in stripped[:20]) or "none"
                more = f" (and {len(stripped) - 20} more)" if len(stripped) > 20 else ""
                raise InputError(
                    f"no column {header!r} (for {role}); the file's columns are {shown}{more}",
                    file=self.name,
                    line=1,
                )
        return index

    def __iter__(self) -> Iterator[PairRow]:
        text = self._open()
        line = 1
        try:
            first = text.readline()
            if not first.strip():
                raise InputError("empty file: no header row", file=self.name, line=1)
            delimiter = _delimiter(first, {h.strip() for h in self.columns.values()})
            header = next(csv.reader([first], delimiter=delimiter))
            self.headers = header
            index = self._header_index(header)
            order = [index[r] for r in ROLES]
            width = max(order) + 1
            reader = csv.reader(text, delimiter=delimiter)
            done = 1  # physical lines read so far (the header's)
            for fields in reader:
                line = done + 1
                done = reader.line_num + 1
                if not fields or (len(fields) == 1 and not fields[0].strip()):
                    continue  # a blank line
                if len(fields) < width:
                    role = ROLES[next(i for i, c in enumerate(order) if c >= len(fields))]
                    raise InputError(
                        f"the row has {len(fields)} fields, the header {len(header)}",
                        file=self.name,
                        line=line,
                        field=self.columns[role],
                    )
                values = [fields[i].strip() for i in order]
                for role, value in zip(ROLES, values, strict=True):
                    if not value.isascii() and (bad := _UNDECODED.search(value)):
                        byte = ord(bad.group()) - 0xDC00
                        raise InputError(
                            f"not {self.encoding} text (byte 0x{byte:02x}); save the file as UTF-8",
                            file=self.name,
                            line=line,
                            field=self.columns[role],
                        )
                yield PairRow(line, *values)
        except csv.Error as exc:
            raise InputError(f"not a CSV: {exc}", file=self.name, line=line) from None
        finally:
            text.detach()
