"""Sign-in, sessions and users.

Passwords are hashed with argon2id; an unknown username costs the same hash check as a known one, so
timing does not tell which names exist. Wrong passwords in a row slow the answer down (``login_delay``
seconds each, at most 4) and, after ``login_attempts``, lock the account for ``lock_minutes``. A session
token is random (32 bytes); only its SHA-256 is stored, it expires, and it can be revoked (sign-out, a
changed password ends every session of that user).
"""

from __future__ import annotations

import asyncio
import hashlib
import re
import secrets
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError

from accounts.policy import may_add_user
from accounts.roles import LOCAL_USER, Principal, Role
from accounts.settings import AccountSettings
from core.errors import AppError
from storage.accounts import AccountStore, User

USERNAME = re.compile(r"^[\w.@+-]{1,64}$")
MIN_PASSWORD = 8
MAX_DELAY_S = 4.0


class SignInRefused(AppError):
    """``reason``: wrong (username or password) or locked (``retry_after`` seconds)."""

    def __init__(self, reason: str, retry_after: float = 0.0) -> None:
        self.reason = reason
        self.retry_after = retry_after
        if reason == "locked":
            super().__init__("this account is locked after too many wrong passwords",
                             f"try again in {max(1, round(retry_after / 60))} minute(s)")
        else:
            super().__init__("wrong username or password", "check both and try again")


class NotAllowed(AppError):
    hint = "ask an admin (or your team's manager) to do it"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def principal_of(user: User) -> Principal:
    return Principal(id=user.id, username=user.username, role=Role(user.role), team_id=user.team_id, team=user.team)


class Accounts:
    def __init__(self, store: AccountStore, settings: AccountSettings | None = None) -> None:
        self.store = store
        self.settings = settings or AccountSettings()
        self.hasher = PasswordHasher.from_parameters(getattr(profiles, self.settings.hash_profile))
        self._dummy = self.hasher.hash(secrets.token_hex(8))

    @property
    def single_user(self) -> bool:
        """No accounts yet: the app opens onto the trainee screen as one local user with every role."""
        return self.store.count_users() == 0

    def bootstrap(self) -> User | None:
        """ADMIN_USERNAME / ADMIN_PASSWORD: the first admin, when there is no admin yet."""
        name, password = self.settings.admin_username, self.settings.admin_password
        if not name or password is None:
            return None
        if any(u.role == Role.ADMIN for u in self.store.users()):
            return None
        return self.add_user(None, name, password.get_secret_value(), Role.ADMIN, None)

    def add_user(self, by: Principal | None, username: str, password: str, role: Role,
                 team: str | None) -> User:
        """``by``: who asks (None: a shell on the server, which may do anything)."""
        username = username.strip()
        if not USERNAME.match(username):
            raise AppError(f"{username!r} is not a usable username",
                           "use 1–64 letters, digits or . _ @ + -, no spaces")
        self._check_password(password)
        team_id = None
        if team:
            existing = self.store.team_named(team.strip())
            team_id = existing.id if existing else None
        if by is not None and not may_add_user(by, role, team_id if team else None):
            raise NotAllowed(f"{by.username} may not add a {role} to team {team or '(none)'}")
        if team and team_id is None:
            created = self.store.team_named(team.strip(), create=True)
            team_id = created.id if created else None
        return self.store.add_user(username, self.hasher.hash(password), role.value, team_id)

    @staticmethod
    def _check_password(password: str) -> None:
        if len(password) < MIN_PASSWORD:
            raise AppError(f"the password is too short ({len(password)} characters)",
                           f"use at least {MIN_PASSWORD} characters")

    def _verify(self, user: User | None, password: str) -> bool:
        try:
            return self.hasher.verify(user.password_hash if user else self._dummy, password) and user is not None
        except (VerificationError, InvalidHashError):
            return False

    async def sign_in(self, username: str, password: str, kind: str = "cookie") -> tuple[str, User]:
        """A new session token for the user; ``SignInRefused`` (after the slow-down) otherwise."""
        user = await asyncio.to_thread(self.store.user_named, username.strip())
        now = datetime.now(UTC)
        if user is not None and user.locked_until is not None and user.locked_until > now:
            raise SignInRefused("locked", (user.locked_until - now).total_seconds())
        if not await asyncio.to_thread(self._verify, user, password):
            await self._failed(user, now)
        assert user is not None
        if user.failed_logins:
            self.store.update_user(user.id, failed_logins=0, locked_until=None)
        if self.hasher.check_needs_rehash(user.password_hash):
            self.store.update_user(user.id, password_hash=self.hasher.hash(password))
        return self._open_session(user, kind), user

    async def _failed(self, user: User | None, now: datetime) -> None:
        failures = (user.failed_logins + 1) if user else 1
        if user is not None:
            if failures >= self.settings.login_attempts:
                until = now + timedelta(minutes=self.settings.lock_minutes)
                self.store.update_user(user.id, failed_logins=0, locked_until=until)
                await asyncio.sleep(min(MAX_DELAY_S, self.settings.login_delay * failures))
                raise SignInRefused("locked", (until - now).total_seconds())
            self.store.update_user(user.id, failed_logins=failures)
        await asyncio.sleep(min(MAX_DELAY_S, self.settings.login_delay * failures))
        raise SignInRefused("wrong")

    def _open_session(self, user: User, kind: str) -> str:
        token = secrets.token_urlsafe(32)
        hours = self.settings.token_hours if kind == "bearer" else self.settings.session_hours
        self.store.add_session(user.id, _digest(token), kind, datetime.now(UTC) + timedelta(hours=hours))
        return token

    def principal(self, token: str | None) -> Principal | None:
        """Who holds this token; the local user while there are no accounts; None otherwise."""
        if self.single_user:
            return LOCAL_USER
        if not token:
            return None
        user = self.store.session_user(_digest(token))
        return principal_of(user) if user is not None else None

    def sign_out(self, token: str) -> None:
        self.store.revoke(_digest(token))

    async def change_password(self, who: Principal, old: str, new: str) -> str:
        """Every session of the user ends; the new cookie session's token is returned."""
        user = self.store.user(who.id)
        if user is None or not await asyncio.to_thread(self._verify, user, old):
            raise SignInRefused("wrong")
        self._check_password(new)
        self.store.update_user(user.id, password_hash=self.hasher.hash(new))
        self.store.revoke(user_id=user.id)
        return self._open_session(user, "cookie")

    def set_password(self, username: str, new: str) -> None:
        """From a shell (``users passwd``): sets it and ends the user's sessions."""
        user = self.store.user_named(username)
        if user is None:
            raise AppError(f"no user {username!r}", "run `python -m simulator users list`")
        self._check_password(new)
        self.store.update_user(user.id, password_hash=self.hasher.hash(new), failed_logins=0, locked_until=None)
        self.store.revoke(user_id=user.id)
