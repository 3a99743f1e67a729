"""Accounts: passwords are hashed with Argon2id; tokens are stored as digests only."""

from __future__ import annotations

import datetime as dt

import pytest

from citydip.errors import AuthError, InputError
from citydip.services import accounts
from citydip.store.accounts import ApiToken


def test_password_is_hashed_with_argon2id_and_checked(registry) -> None:
    with registry.session() as session:
        user = accounts.add_user(session, "Kim", "correct horse", "editor")
        assert user.password_hash.startswith("$argon2id$")
        assert "correct horse" not in user.password_hash
    with registry.session() as session:
        assert accounts.authenticate(session, "kim", "correct horse").username == "Kim"
        with pytest.raises(AuthError):
            accounts.authenticate(session, "kim", "wrong horse")
        with pytest.raises(AuthError):
            accounts.authenticate(session, "nobody", "correct horse")


def test_new_users_are_checked(registry) -> None:
    with registry.session() as session:
        accounts.add_user(session, "lee", "long enough", "viewer")
        with pytest.raises(InputError) as taken:
            accounts.add_user(session, "LEE", "long enough", "viewer")
        assert taken.value.field == "username"
        with pytest.raises(InputError) as short:
            accounts.add_user(session, "park", "short", "viewer")
        assert short.value.field == "password"
        with pytest.raises(InputError) as role:
            accounts.add_user(session, "choi", "long enough", "owner")
        assert role.value.field == "role"


def test_a_token_is_stored_as_a_digest_and_its_use_noted_once_a_minute(registry) -> None:
    with registry.session() as session:
        user = accounts.add_user(session, "script", "long enough", "viewer")
        row, token = accounts.make_token(session, user, "nightly")
        assert token.startswith(accounts.TOKEN_PREFIX) and token not in row.token_hash
    with registry.session() as session:
        assert accounts.user_for_token(session, token).username == "script"
        first = session.query(ApiToken).one().last_used_at
        assert first is not None
    with registry.session() as session:
        accounts.user_for_token(session, token)
        assert not session.dirty  # used again within the minute: nothing to write
        stored = session.query(ApiToken).one()
        stored.last_used_at = first - dt.timedelta(minutes=2)
    with registry.session() as session:
        accounts.user_for_token(session, token)
        assert session.query(ApiToken).one().last_used_at > first
    with registry.session() as session, pytest.raises(AuthError):
        accounts.user_for_token(session, token + "x")
