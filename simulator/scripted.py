"""A written trainee script played through a call: the CLI's ``play``, the text benchmark and the tests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TextIO

from simulator.engine.call import Call


async def speak(chunks: AsyncIterator[str], out: TextIO | None = None) -> str:
    """Consume the persona's reply as it streams; print it to ``out`` when given. Returns the whole reply."""
    parts = []
    async for chunk in chunks:
        parts.append(chunk)
        if out is not None:
            print(chunk, end=" ", flush=True, file=out)
    if out is not None and parts:
        print(file=out)
    return " ".join(parts)


async def play_script(call: Call, lines: list[str]) -> None:
    """Replay trainee lines blindly; if they run out before the call ends, the trainee hangs up."""
    try:
        await speak(call.opening())
        for line in lines:
            if call.ended:
                break
            await speak(call.trainee_turn(line))
        call.hangup(reason="trainee script ended")
    finally:
        await call.aclose()
