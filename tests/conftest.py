"""Shared fixtures: a clean environment (no developer .env or keys leak in), a temp data dir and a
fake OpenAI-compatible server on 127.0.0.1."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.openai_server import FakeOpenAIServer

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for key in list(os.environ):
        if key.startswith(("OPENAI_", "PHONECOACH_")):
            monkeypatch.delenv(key)
    monkeypatch.setenv("PHONECOACH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)  # no .env file from the repo or the developer


@pytest.fixture
def fake_llm() -> Iterator[FakeOpenAIServer]:
    with FakeOpenAIServer() as server:
        yield server
