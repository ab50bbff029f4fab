"""Account settings from the environment (or an untracked ``.env``).

| variable | meaning |
|---|---|
| ADMIN_USERNAME, ADMIN_PASSWORD | at start, create this admin if there is no admin yet (turns sign-in on) |
| PHONECOACH_SESSION_HOURS | how long a sign-in (cookie) lasts (12) |
| PHONECOACH_TOKEN_HOURS | how long an API bearer token lasts (24) |
| PHONECOACH_LOGIN_ATTEMPTS | wrong passwords in a row before the account locks (5) |
| PHONECOACH_LOCK_MINUTES | how long it stays locked (15) |
| PHONECOACH_LOGIN_DELAY | seconds added per wrong password in a row, before answering (0.5, at most 4) |
| PHONECOACH_HASH_PROFILE | argon2 parameters: RFC_9106_LOW_MEMORY (default) or CHEAPEST (tests only) |
"""

from __future__ import annotations

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class AccountSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PHONECOACH_", env_file=".env", extra="ignore",
                                      populate_by_name=True)

    admin_username: str | None = Field(None, validation_alias=AliasChoices("ADMIN_USERNAME"))
    admin_password: SecretStr | None = Field(None, validation_alias=AliasChoices("ADMIN_PASSWORD"))
    session_hours: float = Field(12.0, gt=0)
    token_hours: float = Field(24.0, gt=0)
    login_attempts: int = Field(5, ge=1)
    lock_minutes: float = Field(15.0, ge=0)
    login_delay: float = Field(0.5, ge=0)
    hash_profile: str = Field("RFC_9106_LOW_MEMORY", pattern="^(RFC_9106_LOW_MEMORY|RFC_9106_HIGH_MEMORY|CHEAPEST)$")
