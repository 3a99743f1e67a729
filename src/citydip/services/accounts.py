"""Users, passwords (Argon2id) and API tokens."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from citydip.errors import AuthError, InputError, NotFoundError
from citydip.store.accounts import ROLES, ApiToken, User

_hasher = PasswordHasher()  # argon2id with the library's recommended parameters
MIN_PASSWORD = 8
TOKEN_PREFIX = "cdp_"


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _check_new(username: str, password: str, role: str) -> None:
    if not username.strip() or len(username) > 100:
        raise InputError("a username of 1 to 100 characters is needed", field="username")
    if len(password) < MIN_PASSWORD:
        raise InputError(f"the password needs at least {MIN_PASSWORD} characters", field="password")
    if role not in ROLES:
        raise InputError(f"role must be one of {', '.join(ROLES)}, not {role!r}", field="role")


def add_user(session: Session, username: str, password: str, role: str = "viewer") -> User:
    """A new user; an InputError names the field when the username is taken or too weak."""
    username = username.strip()
    _check_new(username, password, role)
    if session.scalar(select(User).where(func.lower(User.username) == username.lower())):
        raise InputError(f"there is already a user called {username!r}", field="username")
    user = User(username=username, password_hash=hash_password(password), role=role)
    session.add(user)
    session.flush()
    return user


def set_password(session: Session, user: User, password: str) -> None:
    _check_new(user.username, password, user.role)
    user.password_hash = hash_password(password)


def authenticate(session: Session, username: str, password: str) -> User:
    """The user with this name and password, else AuthError (the same for either mistake)."""
    user = session.scalar(select(User).where(func.lower(User.username) == username.strip().lower()))
    try:
        if user is None:
            _hasher.hash(password)  # the same time whether or not the user exists
            raise VerificationError
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        raise AuthError("wrong username or password") from None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = dt.datetime.now(dt.UTC)
    return user


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def make_token(session: Session, user: User, name: str) -> tuple[ApiToken, str]:
    """A new API token for `user`: the row, and the token itself (shown once, never stored)."""
    name = name.strip() or "token"
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(user=user, name=name[:100], token_hash=_digest(token))
    session.add(row)
    session.flush()
    return row, token


TOKEN_USE_PRECISION = dt.timedelta(minutes=1)


def user_for_token(session: Session, token: str) -> User:
    """The owner of a token. Its last use is noted to the minute, so that a script reading
    all day writes once a minute, not once a request."""
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(token.strip())))
    if row is None:
        raise AuthError("unknown or revoked API token")
    now = dt.datetime.now(dt.UTC)
    if row.last_used_at is None or now - row.last_used_at >= TOKEN_USE_PRECISION:
        row.last_used_at = now
    return row.user


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.username)))


def get_user(session: Session, username: str) -> User | None:
    return session.scalar(select(User).where(func.lower(User.username) == username.lower()))


def list_tokens(session: Session, user: User) -> list[ApiToken]:
    """The API tokens `user` made, oldest first (the tokens themselves are never kept)."""
    return list(
        session.scalars(select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id))
    )


def revoke_token(session: Session, user: User, token_id: int) -> ApiToken:
    """Delete one of `user`'s own tokens; another user's token is NotFound, like none at all."""
    row = session.get(ApiToken, token_id)
    if row is None or row.user_id != user.id:
        raise NotFoundError(f"you have no API token #{token_id}")
    session.delete(row)
    session.flush()
    return row


def set_role(session: Session, user_id: int, role: str) -> User:
    """Give a user another role; the last admin cannot stop being one."""
    if role not in ROLES:
        raise InputError(f"role must be one of {', '.join(ROLES)}, not {role!r}", field="role")
    user = session.get(User, user_id)
    if user is None:
        raise NotFoundError(f"no user #{user_id}")
    if user.role == "admin" and role != "admin":
        admins = session.scalar(select(func.count()).select_from(User).where(User.role == "admin"))
        if (admins or 0) <= 1:
            raise InputError(
                f"{user.username} is the only admin; make another user admin first", field="role"
            )
    user.role = role
    session.flush()
    return user
