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


class ConflictError(CitydipError):
    """An edit based on an old version of a record: someone changed it in between."""

    def __init__(self, message: str, current_version: int | None = None) -> None:
        self.current_version = current_version
        super().__init__(message)


class AuthError(CitydipError):
    """Not signed in, a wrong password or an unknown token."""


class ForbiddenError(CitydipError):
    """Signed in, but the role does not allow it."""


class FieldErrors(InputError):
    """Several fields of one input are wrong: `errors` lists each (field, message)."""

    def __init__(self, errors: list[tuple[str, str]], record: str | None = None) -> None:
        self.errors = errors
        field, message = errors[0]
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(message + more, field=field or None, record=record)
