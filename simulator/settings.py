"""Settings from environment variables (or an untracked ``.env``). Secrets never live in the repo.

| variable | meaning |
|---|---|
| OPENAI_BASE_URL | an OpenAI-compatible server (OpenAI, Ollama, vLLM, llama.cpp); unset → embedded model |
| OPENAI_API_KEY | its key (any string for local servers) |
| PHONECOACH_MODEL | model name on that server (default gpt-4o-mini) |
| PHONECOACH_MODE | free / directed: how the persona's words are made (default: the backend's own) |
| PHONECOACH_REPHRASE | directed mode: let the LLM rephrase the chosen line (default off) |
| PHONECOACH_CLASSIFY | refine the detected acts with an LLM classification (default off) |
| PHONECOACH_TIMEOUT | seconds per LLM request (default 30) |
| PHONECOACH_RETRIES | retries on a failed request (default 2) |
| PHONECOACH_DATA_DIR | where the call database (SQLite) and the recordings are written (default ./data) |
| DATABASE_URL | a PostgreSQL (``postgresql://user:pw@host/db``) or SQLite URL instead of ``DATA_DIR/phonecoach.db`` |
| PHONECOACH_MODEL_DIR | where joined embedded model files are cached (default ~/.cache/phonecoach) |
| PHONECOACH_JUDGE | after-call LLM judge: auto (server if OPENAI_BASE_URL is set, else none), embedded, server, none |
| PHONECOACH_EMBEDDED_THREADS, _CTX | embedded model: CPU threads (2) and context window (4096 tokens) |
| PHONECOACH_EMBEDDED_BATCH | embedded model: prompt tokens evaluated per batch (512; 1 avoids a build that crashes) |
| PHONECOACH_EMBEDDED_TIMEOUT | seconds the model's worker may stay silent (load, prompt, next token) (60) |
"""

from __future__ import annotations

from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from core.llm import ReplyMode


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="PHONECOACH_", env_file=".env", extra="ignore", populate_by_name=True
    )

    base_url: str | None = Field(None, validation_alias=AliasChoices("OPENAI_BASE_URL", "PHONECOACH_BASE_URL"))
    api_key: SecretStr | None = Field(None, validation_alias=AliasChoices("OPENAI_API_KEY", "PHONECOACH_API_KEY"))
    model: str = "gpt-4o-mini"
    mode: ReplyMode | None = None
    rephrase: bool = False
    classify: bool = False
    timeout: float = 30.0
    retries: int = 2
    data_dir: Path = Path("data")
    database_url: str | None = Field(None, validation_alias=AliasChoices("DATABASE_URL", "PHONECOACH_DATABASE_URL"))
    model_dir: Path = Path.home() / ".cache" / "phonecoach"
    judge: str = Field("auto", pattern="^(auto|embedded|server|none)$")
    embedded_threads: int = 2
    embedded_ctx: int = 4096
    embedded_batch: int = Field(512, ge=1)
    embedded_timeout: float = Field(60.0, gt=0)

    @property
    def uses_server(self) -> bool:
        return bool(self.base_url)
