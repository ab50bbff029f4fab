"""The embedded model runs in a worker process: a worker that dies of SIGSEGV or hangs mid-stream becomes a
clear error, never a dead server; the call goes on with authored lines and its turns stay on disk.

The workers load the fake models of ``fake_models.py`` (real processes, real signals, no GGUF), so these
run in well under a second each.
"""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path

import pytest

from core.languages import Lang
from core.llm import ChatMessage, ReplyMode
from core.record import CallRecord, Speaker
from simulator.backends.embedded import EmbeddedBackend, EmbeddedSession, WorkerCrashed, WorkerHung
from simulator.engine.call import CallConfig
from simulator.factory import open_call
from simulator.scripted import speak
from simulator.settings import Settings
from simulator.store import CallStore
from tests.simulator.backends.fake_models import MODULE, REPLY

HELLO = [ChatMessage(role="system", content="You are a customer."), ChatMessage(role="user", content="Hello?")]


def _backend(fake: str, *, timeout: float = 10.0, tmp_path: Path | None = None) -> EmbeddedBackend:
    return EmbeddedBackend((tmp_path or Path("/nonexistent")) / "model.gguf", n_batch=7, timeout=timeout,
                           model_factory=f"{MODULE}:{fake}")


async def _stream_all(session: EmbeddedSession) -> str:
    return "".join([chunk async for chunk in session.stream(HELLO)])


def _dead(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_a_working_worker_streams_completes_and_passes_the_settings_through() -> None:
    async def go() -> tuple[str, str, int]:
        session = _backend("works").session()
        try:
            streamed = await _stream_all(session)
            schema = {"type": "object", "properties": {"n_batch": {"type": "integer"}}}
            answer = await session.complete(HELLO, json_schema=schema)
            pid = session._proc.pid  # type: ignore[union-attr]
        finally:
            await session.aclose()
        return streamed, answer, pid

    streamed, answer, pid = asyncio.run(go())
    assert streamed == REPLY and _dead(pid)
    assert '"n_batch": 7' in answer  # the worker loaded the model with the backend's n_batch


def test_a_worker_killed_by_sigsegv_mid_stream_is_a_clear_error_and_the_session_fails_fast() -> None:
    async def go() -> tuple[list[str], WorkerCrashed, float, int]:
        session = _backend("crashes_mid_stream").session()
        got: list[str] = []
        with pytest.raises(WorkerCrashed) as first:
            async for chunk in session.stream(HELLO):
                got.append(chunk)
        pid = session._proc.pid if session._proc else -1
        began = time.perf_counter()
        with pytest.raises(WorkerCrashed):
            await session.complete(HELLO)  # no second wait: the session knows its worker is gone
        again = time.perf_counter() - began
        await session.aclose()
        return got, first.value, again, pid

    got, error, again, pid = asyncio.run(go())
    assert _dead(pid)
    assert "".join(got) == REPLY[:18]  # the tokens before the crash arrived
    assert "SIGSEGV" in str(error) and error.hint
    assert again < 0.5


def test_a_worker_that_hangs_mid_stream_is_killed_after_the_timeout() -> None:
    async def go() -> tuple[WorkerHung, float, int]:
        session = _backend("hangs_mid_stream", timeout=1.0).session()
        began = time.perf_counter()
        with pytest.raises(WorkerHung) as err:
            await _stream_all(session)
        took = time.perf_counter() - began
        pid = session._proc.pid if session._proc else -1
        await session.aclose()
        return err.value, took, pid

    error, took, pid = asyncio.run(go())
    assert _dead(pid)  # the hung worker was killed
    assert 0.9 <= took < 5.0
    assert error.hint


def test_a_model_that_fails_to_load_says_so() -> None:
    async def go() -> str:
        session = _backend("fails_to_load").session()
        try:
            with pytest.raises(Exception) as err:
                await session.complete(HELLO)
            return str(err.value)
        finally:
            await session.aclose()

    assert "Failed to load model" in asyncio.run(go())


def test_the_worker_process_is_gone_after_aclose() -> None:
    async def go() -> int:
        session = _backend("works").session()
        await session.complete(HELLO)
        pid = session._proc.pid  # type: ignore[union-attr]
        await session.aclose()
        return pid

    assert _dead(asyncio.run(go()))


def test_a_call_whose_model_crashes_goes_on_with_authored_lines_and_keeps_its_turns(tmp_path: Path) -> None:
    store = CallStore(tmp_path)
    call = open_call(CallConfig("complaint_broadband_outage", Lang.EN, seed=1, mode=ReplyMode.FREE), Settings(),
                     backend=_backend("crashes_mid_stream"), store=store)

    async def go() -> list[tuple[str, float]]:
        replies = []
        try:
            for line in ("Good afternoon, BrightLine Broadband, Priya speaking.",
                         "I'm so sorry, that must be really frustrating.",
                         "Could I take your account number, please?"):
                began = time.perf_counter()
                replies.append((await speak(call.trainee_turn(line)), time.perf_counter() - began))
        finally:
            await call.aclose()
        return replies

    replies = asyncio.run(go())
    assert all(text for text, _ in replies)  # the persona kept talking: her authored lines
    assert all(took < 2.0 for _, took in replies[1:])  # later turns do not wait on the dead worker
    saved = CallRecord.load(store.path(call.record.id))
    assert [t.speaker for t in saved.turns] == [Speaker.TRAINEE, Speaker.PERSONA] * 3
    errors = [e for e in saved.events if e.type == "error"]
    assert errors and "SIGSEGV" in errors[0].detail
