"""A call whose embedded model dies (SIGSEGV) or hangs goes on with the persona's authored lines: the
failure is recorded once, later turns do not wait on the dead worker, and every turn so far is on disk
— read back from the record file right after the crash. Fake model workers, no GGUF."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from core.languages import Lang
from core.llm import ReplyMode
from core.record import CallRecord, Speaker
from simulator.backends.embedded import EmbeddedBackend
from simulator.engine.call import Call, CallConfig
from simulator.factory import open_call
from simulator.scripted import play_script, speak
from simulator.settings import Settings
from simulator.store import open_store
from storage.repository import CallRepository
from tests.simulator.backends.fake_models import MODULE

LINES = ["Good afternoon, BrightLine Broadband, Priya speaking.", "I'm so sorry, that must be really frustrating.",
         "Could I take your account number, please?"]


def _call(tmp_path: Path, fake: str, *, timeout: float = 10.0, **config: object) -> tuple[Call, CallRepository]:
    store = open_store(Settings())
    backend = EmbeddedBackend(tmp_path / "none.gguf", model_factory=f"{MODULE}:{fake}", timeout=timeout)
    cfg = CallConfig("complaint_broadband_outage", Lang.EN, seed=1, **config)  # type: ignore[arg-type]
    return open_call(cfg, Settings(), backend=backend, store=store), store


def _on_disk(call: Call, store: CallRepository) -> CallRecord:
    return store.load(call.record.id)


@pytest.mark.parametrize(("fake", "timeout", "what"), [
    ("crashes_mid_stream", 10.0, "SIGSEGV"),
    ("hangs_mid_stream", 0.5, "stopped responding"),
])
def test_free_call_goes_on_after_the_model_dies_and_keeps_its_turns(
    tmp_path: Path, fake: str, timeout: float, what: str
) -> None:
    call, store = _call(tmp_path, fake, timeout=timeout, mode=ReplyMode.FREE)

    async def run() -> tuple[list[float], int | None]:
        took = []
        await call.prepare()
        for n, line in enumerate(LINES, 1):
            began = time.perf_counter()
            reply = await speak(call.trainee_turn(line))
            took.append(time.perf_counter() - began)
            assert reply and "Finally, some" not in reply, "the authored line, not the dead model's words"
            saved = _on_disk(call, store)  # the record file, right after each turn
            assert [t.speaker for t in saved.turns] == [Speaker.TRAINEE, Speaker.PERSONA] * n
            assert saved.turns[-1].text == reply
        pid = call.session.worker_pid  # type: ignore[union-attr]
        call.hangup()
        await call.aclose()
        return took, pid

    took, pid = asyncio.run(run())
    assert pid is not None and not Path(f"/proc/{pid}").exists(), "the worker is gone after aclose"
    assert all(t < 0.5 for t in took[1:]), f"later turns wait on the dead worker: {took}"
    saved = _on_disk(call, store)
    errors = [e for e in saved.events if e.type == "error"]
    assert errors and what in errors[0].detail
    assert all("backend:" in " ".join(s.guard) for s in saved.state_trace)
    assert saved.outcome.ended_by == "trainee"


def test_a_crash_while_the_phone_rings_does_not_stop_the_call(tmp_path: Path) -> None:
    call, store = _call(tmp_path, "crashes_on_load", mode=ReplyMode.FREE)

    async def run() -> str:
        await call.prepare()  # the prewarm meets the crash; the call is still there
        reply = await speak(call.trainee_turn(LINES[0]))
        await call.aclose()
        return reply

    assert asyncio.run(run())
    saved = _on_disk(call, store)
    assert "SIGSEGV while loading the model" in next(e.detail for e in saved.events if e.type == "error")


@pytest.mark.parametrize("config", [{"classify": True}, {"rephrase": True}])
def test_directed_calls_with_llm_help_go_on_without_it(tmp_path: Path, config: dict[str, bool]) -> None:
    call, store = _call(tmp_path, "crashes_mid_stream", mode=ReplyMode.DIRECTED, **config)

    async def run() -> None:
        await play_script(call, LINES)  # what `simulator play` runs

    asyncio.run(run())
    saved = _on_disk(call, store)
    assert [t.speaker for t in saved.turns] == [Speaker.TRAINEE, Speaker.PERSONA] * len(LINES)
    assert saved.outcome.reason == "trainee script ended"
