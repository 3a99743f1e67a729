"""Domain errors. They are translated to one line (CLI) or one JSON shape (web) at the edge."""

from __future__ import annotations


class CitydipError(Exception):
    """Base of every error citydip raises on purpose."""


class InputError(CitydipError):
    """Bad input: names the file, the line, the record and the field where known."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        record: str | None = None,
        field: str | None = None,
    ) -> None:
        self.message = message
        self.file = file
        self.line = line
        self.record = record
        self.field = field
        super().__init__(self.one_line())

    def one_line(self) -> str:
        where = []
        if self.file:
            where.append(self.file + (f":{self.line}" if self.line else ""))
        elif self.line:
            where.append(f"line {self.line}")
        if self.record:
            where.append(self.record)
        if self.field:
            where.append(f"field '{self.field}'")
        prefix = ": ".join(where)
        return f"{prefix}: {self.message}" if prefix else self.message


class UnknownCodeError(CitydipError, ValueError):
    """A code that the taxonomy does not define."""


class NotFoundError(CitydipError):
    """A record, place or id that the registry does not hold."""


class AmbiguousError(CitydipError):
    """A reference (such as a place name) that matches more than one thing."""


class StoreError(CitydipError):
    """The database could not be opened or upgraded."""
