"""Who a token or a session cookie stands for, remembered for a few seconds.

Every request looked its user up (a query, a commit and a thread-pool hop: a quarter of a
small route's time). A read (GET, HEAD) may now use what a look-up found up to
`SignedIn.ttl` seconds ago; a write always looks the user up afresh. What changes a user
or a token through this process's engine (a role changed, a user deleted, a token revoked,
a password set) forgets everything at its commit, so it applies at the next request; a
change made by another process (another `--workers` worker, the CLI) applies within `ttl`
seconds. Signing out needs nothing: the cookie no longer names a user.
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.engine import Connection

from citydip.store.accounts import User

TTL = 5.0  # seconds a user found is used for reads
SIZE = 10_000  # users and tokens remembered at most (then forgotten all at once)
_CHANGES = re.compile(
    r"^\s*(?:insert\s+(?:or\s+\w+\s+)?into|update|delete\s+from)\s+[\"`]?(users|api_tokens)\b",
    re.IGNORECASE,
)
_WROTE = "citydip_signed_in_wrote"


@dataclass(frozen=True)
class Known:
    """What a read needs of a user: a fresh, unattached `User` is made of it each time."""

    id: int
    username: str
    role: str
    at: float

    def user(self) -> User:
        return User(id=self.id, username=self.username, role=self.role)


class SignedIn:
    def __init__(self, engine: Engine, ttl: float = TTL) -> None:
        self.ttl = ttl
        self._known: dict[Hashable, Known] = {}
        self._lock = threading.Lock()

        def executed(conn: Connection, _cursor: Any, statement: str, *args: Any) -> None:
            if _CHANGES.match(statement):
                conn.info[_WROTE] = True

        def committed(conn: Connection) -> None:
            if conn.info.pop(_WROTE, False):
                self.forget()

        def rolled_back(conn: Connection) -> None:
            conn.info.pop(_WROTE, None)

        event.listen(engine, "after_cursor_execute", executed)
        event.listen(engine, "commit", committed)
        event.listen(engine, "rollback", rolled_back)

    @staticmethod
    def token_key(token: str) -> Hashable:
        return ("token", hashlib.sha256(token.encode("utf-8")).hexdigest())

    @staticmethod
    def session_key(uid: int) -> Hashable:
        return ("uid", uid)

    def get(self, key: Hashable) -> User | None:
        """A fresh `User` for `key` if it was found less than `ttl` seconds ago."""
        with self._lock:
            known = self._known.get(key)
        if known is None or time.monotonic() - known.at > self.ttl:
            return None
        return known.user()

    def put(self, key: Hashable, user: User) -> None:
        known = Known(user.id, user.username, user.role, time.monotonic())
        with self._lock:
            if len(self._known) >= SIZE:
                self._known.clear()
            self._known[key] = known

    def forget(self) -> None:
        with self._lock:
            self._known.clear()
