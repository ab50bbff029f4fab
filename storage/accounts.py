"""Teams, users, sign-in sessions and the audit log, as rows. Passwords arrive here already hashed and
tokens as their SHA-256: what they mean (roles, who may do what, hashing) is the ``accounts`` package's."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from pydantic import BaseModel, field_validator
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from core.errors import AppError
from storage.database import explain
from storage.filters import utc
from storage.schema import AuditRow, SessionRow, TeamRow, UserRow


class Taken(AppError):
    """A username or a team name that already exists."""


class Team(BaseModel):
    id: str
    name: str


class User(BaseModel):
    id: str
    username: str
    role: str
    team_id: str | None
    team: str | None = None
    password_hash: str
    failed_logins: int = 0
    locked_until: datetime | None = None

    @field_validator("locked_until")
    @classmethod
    def _utc(cls, moment: datetime | None) -> datetime | None:
        return utc(moment) if moment is not None else None


class AuditEntry(BaseModel):
    at: datetime
    actor_id: str
    action: str
    target: str
    detail: str

    _utc = field_validator("at")(utc)


def _now() -> datetime:
    return datetime.now(UTC)


class AccountStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def _run(self, work: Any, *, write: bool = False) -> Any:
        try:
            with self.engine.begin() if write else self.engine.connect() as connection:
                return work(connection)
        except IntegrityError:
            raise
        except SQLAlchemyError as exc:
            raise explain(exc, self.engine.url) from None

    # ---- teams --------------------------------------------------------------------------------
    def team_named(self, name: str, *, create: bool = False) -> Team | None:
        teams = TeamRow.__table__

        def work(connection: sa.Connection) -> Team | None:
            row = connection.execute(sa.select(teams).where(teams.c.name == name)).mappings().first()
            if row is None and create:
                team = Team(id=uuid.uuid4().hex, name=name)
                connection.execute(sa.insert(teams).values(**team.model_dump(), created_at=_now()))
                return team
            return Team.model_validate(dict(row)) if row is not None else None

        return self._run(work, write=create)

    def teams(self) -> list[Team]:
        teams = TeamRow.__table__
        rows = self._run(lambda c: c.execute(sa.select(teams.c.id, teams.c.name).order_by(teams.c.name)).mappings())
        return [Team.model_validate(dict(r)) for r in rows]

    # ---- users --------------------------------------------------------------------------------
    def _users(self) -> sa.Select:
        users, teams = UserRow.__table__, TeamRow.__table__
        return sa.select(*users.c, teams.c.name.label("team")).outerjoin(teams, teams.c.id == users.c.team_id)

    def count_users(self) -> int:
        users = UserRow.__table__
        return int(self._run(lambda c: c.execute(sa.select(sa.func.count()).select_from(users)).scalar_one()))

    def add_user(self, username: str, password_hash: str, role: str, team_id: str | None) -> User:
        users = UserRow.__table__
        user_id = uuid.uuid4().hex
        try:
            self._run(lambda c: c.execute(sa.insert(users).values(
                id=user_id, username=username, password_hash=password_hash, role=role, team_id=team_id,
                created_at=_now(), failed_logins=0)), write=True)
        except IntegrityError:
            raise Taken(f"the username {username!r} is taken", "pick another username") from None
        user = self.user(user_id)
        assert user is not None
        return user

    def user(self, user_id: str) -> User | None:
        users = UserRow.__table__
        row = self._run(lambda c: c.execute(self._users().where(users.c.id == user_id)).mappings().first())
        return User.model_validate(dict(row)) if row is not None else None

    def user_named(self, username: str) -> User | None:
        users = UserRow.__table__
        row = self._run(lambda c: c.execute(self._users().where(users.c.username == username)).mappings().first())
        return User.model_validate(dict(row)) if row is not None else None

    def users(self, team_id: str | None = None) -> list[User]:
        users = UserRow.__table__
        query = self._users().order_by(users.c.username)
        if team_id is not None:
            query = query.where(users.c.team_id == team_id)
        return [User.model_validate(dict(r)) for r in self._run(lambda c: c.execute(query).mappings().all())]

    def update_user(self, user_id: str, **values: Any) -> None:
        users = UserRow.__table__
        self._run(lambda c: c.execute(sa.update(users).where(users.c.id == user_id).values(**values)), write=True)

    # ---- sessions -----------------------------------------------------------------------------
    def add_session(self, user_id: str, token_hash: str, kind: str, expires_at: datetime) -> None:
        sessions = SessionRow.__table__
        self._run(lambda c: c.execute(sa.insert(sessions).values(
            token_hash=token_hash, user_id=user_id, kind=kind, created_at=_now(), expires_at=expires_at,
            revoked=False)), write=True)

    def session_user(self, token_hash: str) -> User | None:
        """The user of a live session (not revoked, not expired)."""
        sessions = SessionRow.__table__
        query = sa.select(sessions.c.user_id).where(
            sessions.c.token_hash == token_hash, sessions.c.revoked.is_(False), sessions.c.expires_at > _now())
        user_id = self._run(lambda c: c.execute(query).scalar())
        return self.user(user_id) if user_id is not None else None

    def revoke(self, token_hash: str | None = None, *, user_id: str | None = None) -> int:
        """End one session, or every session of a user (a changed password)."""
        sessions = SessionRow.__table__
        where = sessions.c.token_hash == token_hash if token_hash is not None else sessions.c.user_id == user_id
        return int(self._run(lambda c: c.execute(sa.update(sessions).where(where).values(revoked=True)).rowcount,
                             write=True))

    # ---- audit --------------------------------------------------------------------------------
    def audit(self, actor_id: str, action: str, target: str, detail: str = "") -> None:
        log = AuditRow.__table__
        self._run(lambda c: c.execute(sa.insert(log).values(at=_now(), actor_id=actor_id, action=action,
                                                             target=target, detail=detail)), write=True)

    def audit_log(self, limit: int = 100) -> list[AuditEntry]:
        log = AuditRow.__table__
        query = sa.select(log.c.at, log.c.actor_id, log.c.action, log.c.target, log.c.detail).order_by(
            log.c.id.desc()).limit(limit)
        return [AuditEntry.model_validate(dict(r)) for r in self._run(lambda c: c.execute(query).mappings().all())]
