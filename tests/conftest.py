"""Shared fixtures: a clean environment (no developer .env or keys leak in), a temp data dir and a
fake OpenAI-compatible server on 127.0.0.1."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.openai_server import FakeOpenAIServer

REPO = Path(__file__).resolve().parent.parent


def llama_runtime_verdict() -> str:
    """What the set-up found of the embedded model's runtime on this machine (``run.sh``: ok, conservative,
    unavailable); "unknown" when the set-up has not checked it."""
    stamp = Path(sys.prefix) / ".llama-runtime"
    lines = stamp.read_text(encoding="utf-8").split() if stamp.is_file() else []
    return lines[1] if len(lines) > 1 else "unknown"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests of the real embedded model cannot pass where its runtime crashes: say so instead."""
    if llama_runtime_verdict() != "unavailable":
        return
    skip = pytest.mark.skip(reason="the set-up found llama.cpp crashing on this CPU (.venv/llama-check.log)")
    for item in items:
        if "embedded_model" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for key in list(os.environ):
        if key.startswith(("OPENAI_", "PHONECOACH_")) or key == "DATABASE_URL":
            monkeypatch.delenv(key)
    monkeypatch.setenv("PHONECOACH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)  # no .env file from the repo or the developer


@pytest.fixture
def fake_llm() -> Iterator[FakeOpenAIServer]:
    with FakeOpenAIServer() as server:
        yield server
