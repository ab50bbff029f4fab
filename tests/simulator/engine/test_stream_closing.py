"""Every model stream is closed when the engine stops reading it — the guard cuts the reply, the
caller stops reading (barge-in), drops the reply, or the call's task is cancelled (hang-up) — for the
OpenAI-compatible client (the fake server, real HTTP) and the embedded worker (a fake model) alike.

A stream left open is closed later by the garbage collector, outside any task; asyncio then reports
``aclose(): asynchronous generator is already running`` (httpx) through the loop's exception
handler, and leaked sockets show up as ResourceWarnings. :func:`run_clean` fails on any of these.
"""

from __future__ import annotations

import asyncio
import gc
import sys
import time
import warnings
from collections.abc import Awaitable, Callable, Iterator
from contextlib import aclosing, contextmanager
from pathlib import Path
from typing import Any

import pytest

from core.languages import Lang
from core.llm import ChatBackend, ReplyMode
from simulator.backends.embedded import EmbeddedBackend
from simulator.backends.openai_compat import OpenAICompatBackend
from simulator.engine.call import Call, CallConfig
from simulator.engine.guard import GuardContext, check_reply
from simulator.factory import open_call
from simulator.settings import Settings
from simulator.store import open_store
from tests.simulator.backends.fake_models import MODULE
from tests.support.openai_server import FakeOpenAIServer

HELLO = "Good afternoon, BrightLine Broadband, Priya speaking."
GOOD = "It's about time somebody picked up. My internet has been down for five days. "
CUT = "It's about time somebody picked up. As an AI language model, I have no internet. "  # 2nd sentence fails


@pytest.fixture(scope="module", autouse=True)
def warm_guard() -> None:
    """Load the guard's language identifier first: its first use takes about a second, by which time the
    fake server would have written a whole reply into the socket buffers and hung up itself."""
    check_reply(GOOD, GuardContext(lang=Lang.EN, trainee_line="", recent_persona_lines=[]))


def run_clean(main: Callable[[], Awaitable[Any]]) -> Any:
    """``asyncio.run(main())``, failing on what an unclosed stream leaves behind: errors handed to the
    loop's exception handler (also during its async-generator shutdown), unraisable exceptions from
    finalizers, and ResourceWarnings."""
    reports: list[str] = []

    async def wrapped() -> Any:
        asyncio.get_running_loop().set_exception_handler(
            lambda _loop, ctx: reports.append(f"{ctx.get('message')}: {ctx.get('exception')!r}"))
        return await main()

    asyncio.set_event_loop(None)  # a loop an earlier test left as the current one is dropped, and
    gc.collect()  # collected, before we listen: only this call's leaks count
    hook = sys.unraisablehook
    sys.unraisablehook = lambda u: reports.append(f"unraisable in {u.object!r}: {u.exc_value!r}")
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ResourceWarning)
            result = asyncio.run(wrapped())
            gc.collect()
    finally:
        sys.unraisablehook = hook
    reports += [f"{w.category.__name__}: {w.message}" for w in caught if issubclass(w.category, ResourceWarning)]
    assert not reports, reports
    return result


@contextmanager
def server_backend(reply: str, chunk_delay: float = 0.0) -> Iterator[tuple[ChatBackend, FakeOpenAIServer]]:
    with FakeOpenAIServer(reply) as server:
        server.chunk_delay = chunk_delay
        yield OpenAICompatBackend(server.base_url, "k", "fake-model", timeout=5, retries=0), server


def _call(backend: ChatBackend, tmp_path: Path) -> Call:
    return open_call(CallConfig("complaint_broadband_outage", Lang.EN, mode=ReplyMode.FREE, seed=1), Settings(),
                     backend=backend, store=open_store(Settings()))


def _wait_for(check: Callable[[], bool], within: float = 3.0) -> bool:
    deadline = time.monotonic() + within
    while not check() and time.monotonic() < deadline:
        time.sleep(0.01)
    return check()


# ---- the OpenAI-compatible client ------------------------------------------------------------------
def test_guard_cut_closes_the_http_stream(tmp_path: Path) -> None:
    with server_backend(CUT * 40, chunk_delay=0.002) as (backend, server):
        call = _call(backend, tmp_path)

        async def main() -> list[str]:
            replies = [" ".join([c async for c in call.trainee_turn(line)])
                       for line in (HELLO, "I'm so sorry to hear that.")]
            await call.aclose()
            return replies

        replies = run_clean(main)
        assert replies[0] == "It's about time somebody picked up."  # cut where the guard failed
        assert not any("AI" in reply for reply in replies)
        assert call.record.state_trace[-1].guard, "the cut is recorded"
        assert _wait_for(lambda: server.streams_dropped == 2), server.streams_dropped


def test_reader_that_stops_early_closes_the_http_stream(tmp_path: Path) -> None:
    with server_backend(GOOD * 40, chunk_delay=0.002) as (backend, server):
        call = _call(backend, tmp_path)

        async def main() -> str:
            async with aclosing(call.trainee_turn(HELLO)) as reply:
                first = await anext(reply)  # barge-in: the caller stops reading here
            await call.aclose()
            return first

        assert run_clean(main) == "It's about time somebody picked up."
        assert _wait_for(lambda: server.streams_dropped == 1)


def test_reply_dropped_without_closing_is_still_closed_cleanly(tmp_path: Path) -> None:
    with server_backend(GOOD * 40, chunk_delay=0.002) as (backend, server):
        call = _call(backend, tmp_path)

        async def main() -> None:
            for _ in range(2):
                reply = call.trainee_turn(HELLO)
                await anext(reply)
                del reply  # never closed by the caller: the finalizer hook closes it
                gc.collect()
                await asyncio.sleep(0.05)
            await call.aclose()

        run_clean(main)
        assert _wait_for(lambda: server.streams_dropped == 2)


def test_hang_up_mid_reply_cancels_and_closes_the_http_stream(tmp_path: Path) -> None:
    with server_backend(GOOD * 20, chunk_delay=0.01) as (backend, server):
        call = _call(backend, tmp_path)

        async def main() -> list[str]:
            heard: list[str] = []

            async def speak() -> None:
                async with aclosing(call.trainee_turn(HELLO)) as reply:
                    async for sentence in reply:
                        heard.append(sentence)

            task = asyncio.create_task(speak())
            while not heard:  # noqa: ASYNC110 (waiting for the first sentence to be heard)
                await asyncio.sleep(0.01)
            task.cancel()  # what the voice pipeline does when the line goes dead
            with pytest.raises(asyncio.CancelledError):
                await task
            call.hangup()
            await call.aclose()
            return heard

        assert run_clean(main)
        assert _wait_for(lambda: server.streams_dropped == 1)


def test_three_sentence_cap_closes_the_http_stream(tmp_path: Path) -> None:
    with server_backend("Five days. Five whole days. Nobody called. Nobody came. " * 40, chunk_delay=0.002) as (
        backend, server
    ):
        call = _call(backend, tmp_path)

        async def main() -> str:
            reply = " ".join([c async for c in call.trainee_turn(HELLO)])
            await call.aclose()
            return reply

        assert run_clean(main) == "Five days. Five whole days. Nobody called."
        assert _wait_for(lambda: server.streams_dropped == 1)


# ---- the embedded worker ---------------------------------------------------------------------------
def _endless(tmp_path: Path, reply: str, monkeypatch: pytest.MonkeyPatch) -> tuple[EmbeddedBackend, Path]:
    log = tmp_path / "model.log"
    monkeypatch.setenv("FAKE_MODEL_LOG", str(log))
    monkeypatch.setenv("FAKE_MODEL_REPLY", reply)
    return EmbeddedBackend(tmp_path / "none.gguf", model_factory=f"{MODULE}:streams_forever", timeout=10), log


def test_guard_cut_stops_the_embedded_generation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    backend, log = _endless(tmp_path, CUT, monkeypatch)
    call = _call(backend, tmp_path)

    async def main() -> tuple[list[str], int | None]:
        replies = [" ".join([c async for c in call.trainee_turn(HELLO)]) for _ in range(2)]
        pid = call.session.worker_pid  # type: ignore[union-attr]
        await call.aclose()
        return replies, pid

    replies, pid = run_clean(main)
    assert replies[0] == "It's about time somebody picked up."
    assert not any("AI" in reply for reply in replies)
    assert _wait_for(lambda: log.read_text().count("closed") == 2), "the worker stopped both generations"
    assert not Path(f"/proc/{pid}").exists()


def test_hang_up_mid_reply_stops_the_embedded_generation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    backend, log = _endless(tmp_path, GOOD, monkeypatch)
    call = _call(backend, tmp_path)

    async def main() -> None:
        heard: list[str] = []

        async def speak() -> None:  # as a consumer should: the reply is closed however this task ends
            async with aclosing(call.trainee_turn(HELLO)) as reply:
                async for sentence in reply:
                    heard.append(sentence)
                    await asyncio.sleep(10)  # busy speaking it; the hang-up comes meanwhile

        task = asyncio.create_task(speak())
        while not heard:  # noqa: ASYNC110 (waiting for the first sentence to be heard)
            await asyncio.sleep(0.01)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert _wait_for(lambda: "closed" in log.read_text())
        tokens = log.read_text().count("token")
        await asyncio.sleep(0.1)
        assert log.read_text().count("token") == tokens, "no more tokens after the stop"
        await call.aclose()

    run_clean(main)
