"""Roles and the signed-in person."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel


class Role(StrEnum):
    TRAINEE = "trainee"
    TRAINER = "trainer"
    MANAGER = "manager"
    ADMIN = "admin"


LOCAL_ID = "local"


class Principal(BaseModel):
    """Who is asking. ``local`` is the one user of single-user mode (no accounts yet): every role."""

    id: str
    username: str
    role: Role
    team_id: str | None = None
    team: str | None = None
    local: bool = False

    def has(self, role: Role) -> bool:
        return self.local or self.role is role or self.role is Role.ADMIN


LOCAL_USER = Principal(id=LOCAL_ID, username="local", role=Role.ADMIN, local=True)
