"""Errors the user sees. Each carries a message and a hint saying what to do next.

    AppError                 .user_message, .hint
    ├── ConfigError          a setting is missing or wrong; names the environment variable
    ├── ContentError         persona / scenario / rubric / lexicon file invalid: file, line, field
    ├── NotFoundError        unknown persona, scenario or language
    ├── ModelMissingError    embedded model weights or runtime not installed
    └── BackendError         the LLM server failed (.retryable)
        ├── BackendUnavailable   refused, timed out, 5xx: retrying may help
        └── BackendRejected      auth, unknown model, other 4xx
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


class AppError(Exception):
    hint: str = ""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        if hint:
            self.hint = hint

    @property
    def user_message(self) -> str:
        return str(self)

    def describe(self) -> str:
        return f"{self.user_message}\n  hint: {self.hint}" if self.hint else self.user_message


class ConfigError(AppError):
    hint = "check the environment variables listed in README.md (Configuration)"


class NotFoundError(AppError):
    hint = "run `python -m simulator list` to see what is available"


class ModelMissingError(AppError):
    hint = "run `./run.sh setup` to install the embedded models, or set OPENAI_BASE_URL to use a server"


def field_of(error: Mapping[str, Any]) -> str:
    """Where a pydantic error points, as a user reads it: ``turns.3.text``."""
    return ".".join(str(p) for p in error["loc"])


@dataclass(frozen=True)
class ContentProblem:
    file: str
    message: str
    line: int = 0
    column: int = 0
    field: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        return f"{where}: {self.field + ': ' if self.field else ''}{self.message}"


class ContentError(AppError):
    hint = "fix the file and run `python -m simulator validate` again"

    def __init__(self, problems: list[ContentProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class BackendError(AppError):
    retryable = False
    hint = "check that the LLM server is running and OPENAI_BASE_URL / OPENAI_API_KEY are right"


class BackendUnavailable(BackendError):
    retryable = True


class BackendRejected(BackendError):
    retryable = False
