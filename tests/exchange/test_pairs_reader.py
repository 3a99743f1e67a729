"""The pairs CSV is streamed: a 2 GB file is read a buffer at a time, never whole."""

from __future__ import annotations

import io
import tracemalloc
from collections.abc import Iterator

import pytest
from test_pairs_import import COLUMNS, FakeResolver

from citydip.errors import InputError
from citydip.exchange.pairs import import_pairs
from citydip.exchange.pairs_reader import PairsReader, parse_columns, sniff_encoding

TWO_GB = 2 * 2**30
HEADER = b"city1,country1,city2,country2,note\n"
NOTE = "x" * 80  # a column the import does not read, so that few rows make many bytes
# 3 rows a cycle: Berat–Fermo, its mirror, Berat–Bérat; about 107 bytes a row
CYCLE = tuple(
    f"{line},{NOTE}\n".encode()
    for line in (
        "Berat,Albania,Fermo,Italy",
        "Fermo,Italy,Berat,Albania",
        "Berat,Albania,Bérat,France",
    )
)
ROWS = 50_000  # 5.3 MB of rows: read whole, as bytes and as text, > 10 MB


class LazyCSV(io.RawIOBase):
    """A CSV of `size` bytes (at least) made as it is read; reading it whole fails."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.pos = 0
        self.rows = 0  # data rows handed out so far
        self._pending = b""
        self._lines = self._generate()

    def _generate(self) -> Iterator[bytes]:
        yield HEADER
        made = len(HEADER)
        while made < self.size:
            line = CYCLE[self.rows % 3]
            self.rows += 1
            made += len(line)
            yield line

    def readable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.pos

    def readall(self) -> bytes:
        raise AssertionError("the whole file was read at once")

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            raise AssertionError("the whole file was read at once")
        return super().read(size)

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        want = len(buffer)
        if want > 1 << 20:
            raise AssertionError(f"a read of {want:,} bytes: not a stream")
        while len(self._pending) < want:
            nxt = next(self._lines, None)
            if nxt is None:
                break
            self._pending += nxt
        chunk, self._pending = self._pending[:want], self._pending[want:]
        buffer[: len(chunk)] = chunk
        self.pos += len(chunk)
        return len(chunk)


def test_lazy_stream_refuses_a_whole_read():
    with pytest.raises(AssertionError):
        io.BufferedReader(LazyCSV(TWO_GB)).read()
    with pytest.raises(AssertionError):
        io.TextIOWrapper(io.BufferedReader(LazyCSV(TWO_GB)), encoding="utf-8").read()


def test_two_gb_file_is_read_row_by_row_in_flat_memory():
    stream = LazyCSV(TWO_GB)
    reader = PairsReader(stream, "huge.csv", parse_columns(COLUMNS))
    tracemalloc.start()
    try:
        for n, row in enumerate(reader, 1):  # noqa: B007 - the last row is checked below
            if n == ROWS:
                break
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # row 50,000 (index 49,999): the 2nd of a cycle, on line 50,001 (the header is line 1)
    assert (row.city1, row.city2, row.line) == ("Fermo", "Berat", ROWS + 1)
    assert stream.rows < ROWS + 1000  # handed out barely ahead of the rows read
    assert stream.pos < 6 * 2**20  # 5.3 MB of the 2 GB read
    assert peak < 1 * 2**20, f"peak {peak:,} bytes"  # measured: 60 KB


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # memory is not the backend's
def test_import_memory_stays_flat(registry, tmp_path):
    (tmp_path / "warm.csv").write_text(HEADER.decode() + CYCLE[0].decode(), "utf-8")
    import_pairs(registry, tmp_path / "warm.csv", COLUMNS, resolver=FakeResolver())  # warm caches
    stream = LazyCSV(ROWS * 107)
    tracemalloc.start()
    try:
        report = import_pairs(
            registry, io.BufferedReader(stream), COLUMNS, resolver=FakeResolver(), key="big"
        )
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert report.rows == stream.rows
    third = stream.rows // 3
    # Berat–Fermo from each first row of a cycle, mirrored by each second; Berat–Bérat
    assert report.ties == 2
    assert report.mirrors == third + (stream.rows % 3 >= 2)
    assert report.duplicates == report.rows - report.ties - report.mirrors
    assert peak < 2 * 2**20, f"peak {peak:,} bytes"  # measured: 85 KB


def test_sniff_encoding():
    assert sniff_encoding(b"\xef\xbb\xbfa,b\n", "f") == "utf-8-sig"
    assert sniff_encoding("a,b\nBérat\n".encode(), "f") == "utf-8"
    assert sniff_encoding("a,b\nBérat\n".encode()[:-3], "f") == "utf-8"  # cut mid-character
    assert sniff_encoding("city,country\nBérat,France\n".encode("cp1252"), "f") == "cp1252"
    assert sniff_encoding("\ufeffa,b\n".encode("utf-16"), "f") == "utf-16"
    with pytest.raises(InputError, match="f: binary file"):
        sniff_encoding(b"a,b\x00\x01", "f")


def test_parse_columns():
    assert parse_columns("A,B,C,D") == {
        "city1": "A",
        "country1": "B",
        "city2": "C",
        "country2": "D",
    }
    assert parse_columns("country2=D, city1=A,B,C") == {
        "city1": "A",
        "country1": "B",
        "city2": "C",
        "country2": "D",
    }
    with pytest.raises(InputError, match="takes 4"):
        parse_columns("A,B,C,D,E")
    with pytest.raises(InputError, match="given twice"):
        parse_columns("city1=A,city1=B,C,D")


def test_quoted_fields_and_multiline_rows_keep_line_numbers():
    data = (
        "city1,country1,city2,country2\n"
        '"Washington, D.C.",United States,"Paris\nrive",France\n'
        "Berat,Albania,Fermo,Italy\n"
    )
    rows = list(PairsReader(io.BytesIO(data.encode()), "q.csv", parse_columns(COLUMNS)))
    assert [(r.line, r.city1, r.city2) for r in rows] == [
        (2, "Washington, D.C.", "Paris\nrive"),
        (4, "Berat", "Fermo"),
    ]


def test_tab_separated_and_blank_lines():
    data = b"city1\tcountry1\tcity2\tcountry2\n\nBerat\tAlbania\tFermo\tItaly\n"
    rows = list(PairsReader(io.BytesIO(data), "t.tsv", parse_columns(COLUMNS)))
    assert [(r.line, r.country2) for r in rows] == [(3, "Italy")]
