"""The embedded model runs in a worker process: fake models (tests/simulator/backends/fake_models.py)
that answer, segfault or hang show that a crash or a hang is a clear BackendError, reported once and
then at once, that a stopped stream stops the generation, and that no worker outlives its session."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from contextlib import aclosing
from pathlib import Path

import pytest
from pydantic import ValidationError

import simulator.backends as backends
from core.errors import BackendError, ModelMissingError
from core.llm import ChatMessage
from simulator.backends.embedded import EmbeddedBackend, EmbeddedSession, EmbeddedWorkerError, WorkerCrashed, WorkerHung
from simulator.backends.protocol import Generate, Token, decode_reply, decode_request, encode
from simulator.settings import Settings
from tests.conftest import REPO
from tests.simulator.backends.fake_models import MODULE, REPLY

MESSAGES = [ChatMessage(role="system", content="You are Dana."), ChatMessage(role="user", content="Hello?")]


def _session(fake: str, tmp_path: Path, *, timeout: float = 10.0, **kw: int) -> EmbeddedSession:
    return EmbeddedBackend(tmp_path / "none.gguf", model_factory=f"{MODULE}:{fake}", timeout=timeout, **kw).session()


def _gone(pid: int | None, within: float = 5.0) -> bool:
    """The process has exited (a zombie left to a parent that is not ours counts as gone)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError):
            return True
        if state in ("Z", "X"):
            return True
        time.sleep(0.02)
    return False


def _cmdline(pid: int | None) -> list[str]:
    return Path(f"/proc/{pid}/cmdline").read_bytes().decode().split("\0")


async def _collect(session: EmbeddedSession, chunks: list[str]) -> None:
    async for chunk in session.stream(MESSAGES):
        chunks.append(chunk)


def test_worker_streams_completes_and_keeps_one_process_per_session(tmp_path: Path) -> None:
    session = _session("works", tmp_path, n_batch=1)

    async def run() -> tuple[str, str, str, list[int | None]]:
        pids = []
        await session.prewarm(MESSAGES[:1])
        pids.append(session.worker_pid)
        text = "".join([c async for c in session.stream(MESSAGES)])
        pids.append(session.worker_pid)
        raw = await session.complete(MESSAGES, json_schema={"type": "object"})
        plain = await session.complete(MESSAGES)
        pids.append(session.worker_pid)
        await session.aclose()
        return text, raw, plain, pids

    text, raw, plain, pids = asyncio.run(run())
    assert text == REPLY == plain
    assert json.loads(raw) == {"n_batch": 1, "last": "Hello?"}  # the schema reached the model; n_batch too
    assert len(set(pids)) == 1, "every turn of the session goes to the same worker (its KV cache stays warm)"
    assert _gone(pids[0])


def test_worker_is_a_fresh_interpreter_not_a_fork(tmp_path: Path) -> None:
    session = _session("works", tmp_path)

    async def run() -> list[str]:
        await session.prewarm(MESSAGES)
        cmdline = _cmdline(session.worker_pid)
        await session.aclose()
        return cmdline

    cmdline = asyncio.run(run())
    assert cmdline[:3] == [sys.executable, "-m", "simulator.backends.worker"]


def test_segfault_mid_stream_is_a_clear_error_then_at_once(tmp_path: Path) -> None:
    session = _session("crashes_mid_stream", tmp_path)
    chunks: list[str] = []

    async def run() -> tuple[WorkerCrashed, float, int | None]:
        with pytest.raises(WorkerCrashed) as first:
            await _collect(session, chunks)
        pid = session.worker_pid
        began = time.perf_counter()
        with pytest.raises(WorkerCrashed):
            await session.complete(MESSAGES)
        with pytest.raises(WorkerCrashed):
            await _collect(session, [])
        again = time.perf_counter() - began
        await session.aclose()
        return first.value, again, pid

    error, again, pid = asyncio.run(run())
    assert "".join(chunks) == REPLY[:18], "the tokens before the crash arrived"
    assert "crashed" in str(error) and "SIGSEGV" in str(error) and "generating a reply" in str(error)
    assert "PHONECOACH_EMBEDDED_BATCH=1" in error.hint and "authored lines" in error.hint
    assert isinstance(error, BackendError) and not error.retryable
    assert again < 0.1, "a dead worker is reported at once, not after another wait"
    assert _gone(pid)


def test_hang_mid_stream_times_out_kills_the_worker_then_fails_at_once(tmp_path: Path) -> None:
    session = _session("hangs_mid_stream", tmp_path, timeout=0.5)
    chunks: list[str] = []

    async def run() -> tuple[WorkerHung, float, float, int | None]:
        began = time.perf_counter()
        with pytest.raises(WorkerHung) as first:
            await _collect(session, chunks)
        waited = time.perf_counter() - began
        pid = session.worker_pid
        began = time.perf_counter()
        with pytest.raises(WorkerHung):
            await session.complete(MESSAGES)
        again = time.perf_counter() - began
        await session.aclose()
        return first.value, waited, again, pid

    error, waited, again, pid = asyncio.run(run())
    assert len(chunks) == 2
    assert "stopped responding" in str(error) and "0.5 s" in str(error)
    assert "PHONECOACH_EMBEDDED_TIMEOUT" in error.hint
    assert 0.4 < waited < 3 and again < 0.1
    assert _gone(pid, within=0.5), "the hung worker was killed"


@pytest.mark.parametrize(("fake", "error", "words"), [
    ("crashes_on_load", WorkerCrashed, "SIGSEGV while loading the model"),
    ("hangs_on_load", WorkerHung, "while loading the model"),
    ("fails_to_load", EmbeddedWorkerError, "could not be loaded: ValueError: Failed to load model"),
])
def test_a_model_that_cannot_load_is_reported(tmp_path: Path, fake: str, error: type, words: str) -> None:
    session = _session(fake, tmp_path, timeout=0.5)

    async def run() -> tuple[BaseException, int | None]:
        with pytest.raises(error) as raised:
            await session.prewarm(MESSAGES)
        pid = session.worker_pid
        await session.aclose()
        return raised.value, pid

    exc, pid = asyncio.run(run())
    assert words in str(exc)
    assert _gone(pid)


def test_missing_model_file_is_a_model_missing_error(tmp_path: Path) -> None:
    session = EmbeddedBackend(tmp_path / "absent.gguf").session()
    with pytest.raises(ModelMissingError, match=r"absent\.gguf"):
        asyncio.run(session.prewarm(MESSAGES))
    assert session.worker_pid is None


def test_a_stopped_stream_stops_the_generation_and_the_worker_serves_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = tmp_path / "model.log"
    monkeypatch.setenv("FAKE_MODEL_LOG", str(log))
    session = _session("streams_forever", tmp_path)

    async def run() -> tuple[list[str], str, list[int | None]]:
        pids = []
        heard: list[str] = []
        async with aclosing(session.stream(MESSAGES)) as chunks:
            async for chunk in chunks:
                heard.append(chunk)
                if len(heard) == 3:
                    break  # the guard cut, a barge-in
        pids.append(session.worker_pid)
        await asyncio.sleep(0.1)
        heard2 = [c async for c in _take(session, 2)]
        pids.append(session.worker_pid)
        await session.aclose()
        return heard + heard2, log.read_text(), pids

    heard, logged, pids = asyncio.run(run())
    assert len(heard) == 5 and heard[3:] == heard[:2], "the second stream got its own tokens, not the first's"
    assert logged.count("closed") == 2, "the worker closed the model's generator both times"
    assert logged.count("token") < 40, "it stopped at once, not after the reply"
    assert pids[0] == pids[1]
    assert _gone(pids[0])


async def _take(session: EmbeddedSession, n: int):  # type: ignore[no-untyped-def]
    async with aclosing(session.stream(MESSAGES)) as chunks:
        async for chunk in chunks:
            yield chunk
            n -= 1
            if not n:
                return


def test_aclose_ends_the_worker_and_the_session_can_start_another(tmp_path: Path) -> None:
    session = _session("works", tmp_path)

    async def run() -> list[int | None]:
        await session.prewarm(MESSAGES)
        first = session.worker_pid
        await session.aclose()
        assert session.worker_pid is None
        await session.aclose()  # twice is fine
        await session.prewarm(MESSAGES)
        second = session.worker_pid
        await session.aclose()
        return [first, second]

    first, second = asyncio.run(run())
    assert first != second
    assert _gone(first) and _gone(second)


def test_a_crashed_session_gets_a_fresh_worker_after_aclose(tmp_path: Path) -> None:
    session = _session("crashes_mid_stream", tmp_path)

    async def run() -> list[int | None]:
        with pytest.raises(WorkerCrashed):
            await _collect(session, [])
        first = session.worker_pid
        await session.aclose()
        with pytest.raises(WorkerCrashed):  # a new worker, crashing again: not the old error replayed
            await _collect(session, [])
        second = session.worker_pid
        await session.aclose()
        return [first, second]

    first, second = asyncio.run(run())
    assert first != second


SCRIPT = """
import asyncio, os, signal, sys
from pathlib import Path
from core.llm import ChatMessage
from simulator.backends.embedded import EmbeddedBackend

async def main():
    session = EmbeddedBackend(Path("none.gguf"), model_factory="{factory}").session()
    await session.prewarm([ChatMessage(role="user", content="hi")])
    print(session.worker_pid, flush=True)
    if sys.argv[1] == "killed":
        os.kill(os.getpid(), signal.SIGKILL)
    return session  # still open: exit without aclose

kept = asyncio.run(main())
"""


@pytest.mark.parametrize("how", ["exits", "killed"])
def test_no_worker_outlives_its_parent(tmp_path: Path, how: str) -> None:
    """A session still open at exit kills its worker (finalizer); a worker whose parent was killed exits."""
    script = tmp_path / "parent.py"
    script.write_text(SCRIPT.format(factory=f"{MODULE}:works"), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, str(script), how], capture_output=True, text=True, env=env, timeout=60,
                          cwd=tmp_path)
    assert done.returncode == (-signal.SIGKILL if how == "killed" else 0), done.stderr
    pid = int(done.stdout.split()[0])
    assert _gone(pid, within=5.0), f"worker {pid} outlived its parent"


def test_the_batch_size_and_the_timeout_come_from_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PHONECOACH_EMBEDDED_BATCH", "1")
    monkeypatch.setenv("PHONECOACH_EMBEDDED_TIMEOUT", "90")

    class Weights:
        @staticmethod
        def ensure(model_dir: Path) -> Path:
            return tmp_path / "model.gguf"

    monkeypatch.setattr(backends, "QWEN_CODER_1_5B", Weights)
    backend = backends.build_backend(Settings())
    assert isinstance(backend, EmbeddedBackend)
    assert backend.spec.n_batch == 1 and backend.timeout == 90
    assert Settings(embedded_batch=512).embedded_batch == 512
    with pytest.raises(ValidationError):
        Settings(embedded_batch=0)


def test_protocol_messages_are_validated() -> None:
    request = Generate(id=3, messages=MESSAGES, max_tokens=5, temperature=0.1, stream=True)
    assert decode_request(encode(request)) == request
    assert decode_reply(encode(Token(id=3, text="Hi"))) == Token(id=3, text="Hi")
    for bad in (b'{"kind": "token", "id": 1}', b'{"kind": "explode"}', b"not json",
                b'{"kind": "token", "id": 1, "text": "x", "extra": 1}'):
        with pytest.raises(ValidationError):
            decode_reply(bad)
