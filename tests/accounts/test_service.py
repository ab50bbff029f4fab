"""Accounts on SQLite and PostgreSQL: the first admin, users and teams, argon2 hashes, sessions that expire
and are revoked, wrong passwords slowing down then locking, single-user mode while there is no account."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from accounts.roles import LOCAL_USER, Role
from accounts.service import Accounts, NotAllowed, SignInRefused, principal_of
from accounts.settings import AccountSettings
from core.errors import AppError
from storage.accounts import AccountStore, Taken
from storage.repository import CallRepository
from storage.schema import SessionRow


def _accounts(repo: CallRepository, **settings: object) -> Accounts:
    return Accounts(AccountStore(repo.engine), AccountSettings(login_delay=0.0, **settings))  # type: ignore[arg-type]


def test_single_user_mode_until_the_first_admin(repo: CallRepository) -> None:
    accounts = _accounts(repo, admin_username="root", admin_password="s3cret-pass")
    assert accounts.single_user and accounts.principal(None) == LOCAL_USER and LOCAL_USER.has(Role.MANAGER)
    admin = accounts.bootstrap()
    assert admin is not None and admin.role == "admin" and admin.password_hash.startswith("$argon2id$")
    assert "s3cret-pass" not in admin.password_hash
    assert not accounts.single_user and accounts.principal(None) is None
    assert accounts.bootstrap() is None, "an admin exists: nothing is created again"


def test_sign_in_gives_a_session_that_sign_out_ends(repo: CallRepository) -> None:
    accounts = _accounts(repo)
    accounts.add_user(None, "sari", "kata-sandi-1", Role.TRAINEE, "Jakarta")
    token, _user = asyncio.run(accounts.sign_in("sari", "kata-sandi-1"))
    who = accounts.principal(token)
    assert who is not None and who.username == "sari" and who.team == "Jakarta" and who.role is Role.TRAINEE
    assert accounts.principal("forged-token") is None
    with repo.engine.connect() as connection:  # only the token's digest is stored
        stored = connection.execute(sa.select(SessionRow.__table__.c.token_hash)).scalars().all()
    assert token not in stored and len(stored) == 1
    accounts.sign_out(token)
    assert accounts.principal(token) is None


def test_sessions_expire(repo: CallRepository) -> None:
    accounts = _accounts(repo, session_hours=0.0005)  # 1.8 s
    accounts.add_user(None, "wang", "mima-12345", Role.MANAGER, "华东")
    token, _ = asyncio.run(accounts.sign_in("wang", "mima-12345"))
    assert accounts.principal(token) is not None
    time.sleep(2.0)
    assert accounts.principal(token) is None


def test_wrong_passwords_slow_down_then_lock(repo: CallRepository) -> None:
    accounts = _accounts(repo, login_attempts=3, lock_minutes=10)
    accounts.settings.login_delay = 0.1
    accounts.add_user(None, "tom", "correct-horse", Role.TRAINEE, None)
    waits = []
    for _ in range(2):
        began = time.perf_counter()
        with pytest.raises(SignInRefused) as wrong:
            asyncio.run(accounts.sign_in("tom", "nope-nope"))
        waits.append(time.perf_counter() - began)
        assert wrong.value.reason == "wrong"
    assert waits[1] > waits[0] >= 0.1, waits
    with pytest.raises(SignInRefused) as locked:
        asyncio.run(accounts.sign_in("tom", "nope-nope"))
    assert locked.value.reason == "locked" and "10 minute" in locked.value.hint
    with pytest.raises(SignInRefused, match="locked"):
        asyncio.run(accounts.sign_in("tom", "correct-horse"))  # even the right password, while locked
    accounts.store.update_user(accounts.store.user_named("tom").id,  # type: ignore[union-attr]
                               locked_until=datetime.now(UTC) - timedelta(seconds=1))
    token, _ = asyncio.run(accounts.sign_in("tom", "correct-horse"))
    assert accounts.principal(token) is not None


def test_an_unknown_name_answers_like_a_wrong_password(repo: CallRepository) -> None:
    accounts = _accounts(repo)
    accounts.add_user(None, "ana", "password-1", Role.TRAINEE, None)
    with pytest.raises(SignInRefused) as unknown:
        asyncio.run(accounts.sign_in("nobody", "password-1"))
    with pytest.raises(SignInRefused) as wrong:
        asyncio.run(accounts.sign_in("ana", "password-2"))
    assert str(unknown.value) == str(wrong.value) == "wrong username or password"


def test_a_changed_password_ends_every_session(repo: CallRepository) -> None:
    accounts = _accounts(repo)
    accounts.add_user(None, "budi", "rahasia-lama", Role.TRAINEE, None)
    first, user = asyncio.run(accounts.sign_in("budi", "rahasia-lama"))
    api, _ = asyncio.run(accounts.sign_in("budi", "rahasia-lama", kind="bearer"))
    with pytest.raises(SignInRefused):
        asyncio.run(accounts.change_password(principal_of(user), "salah-salah", "rahasia-baru"))
    fresh = asyncio.run(accounts.change_password(principal_of(user), "rahasia-lama", "rahasia-baru"))
    assert accounts.principal(first) is None and accounts.principal(api) is None
    assert accounts.principal(fresh) is not None
    accounts.set_password("budi", "dari-shell-1")
    assert accounts.principal(fresh) is None
    asyncio.run(accounts.sign_in("budi", "dari-shell-1"))


def test_who_may_add_whom(repo: CallRepository) -> None:
    accounts = _accounts(repo)
    admin = principal_of(accounts.add_user(None, "admin", "admin-pass", Role.ADMIN, None))
    lead = principal_of(accounts.add_user(admin, "lead", "lead-pass1", Role.MANAGER, "north"))
    assert accounts.add_user(lead, "new1", "new1-pass", Role.TRAINEE, "north").team == "north"
    with pytest.raises(NotAllowed):
        accounts.add_user(lead, "new2", "new2-pass", Role.TRAINEE, "south")
    with pytest.raises(NotAllowed):
        accounts.add_user(lead, "new3", "new3-pass", Role.MANAGER, "north")
    trainee = principal_of(accounts.store.user_named("new1"))  # type: ignore[arg-type]
    with pytest.raises(NotAllowed):
        accounts.add_user(trainee, "new4", "new4-pass", Role.TRAINEE, "north")
    with pytest.raises(Taken):
        accounts.add_user(admin, "lead", "other-pass", Role.TRAINEE, None)
    with pytest.raises(AppError, match="too short"):
        accounts.add_user(admin, "shorty", "abc", Role.TRAINEE, None)
    with pytest.raises(AppError, match="not a usable username"):
        accounts.add_user(admin, "two words", "long-enough", Role.TRAINEE, None)
    assert [t.name for t in accounts.store.teams()] == ["north"]
