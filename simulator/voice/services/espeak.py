"""espeak-ng (Mandarin, Indonesian) through the libespeak-ng that espeakng-loader ships, so no system package
is needed: robotic but instant, and the only offline voice here for those languages.

espeak-ng keeps global state, so one lock serialises it; a sentence takes a few milliseconds.
Mandarin uses the ``cmn-latn-pinyin`` voice: plain ``cmn`` reads its own pinyin as English and is not
understandable (whisper returned digits for it).
"""

from __future__ import annotations

import asyncio
import ctypes
import threading
from collections.abc import AsyncIterator
from functools import cache
from pathlib import Path
from typing import Any

from core.errors import ModelMissingError
from simulator.voice.services.synth import SynthUnavailable

_AUDIO_OUTPUT_SYNCHRONOUS = 2
_CHARS_UTF8 = 1
_RATE = 1  # espeakRATE
_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p)


class _Espeak:
    """The process-wide libespeak-ng handle."""

    def __init__(self) -> None:
        try:
            import espeakng_loader
        except ImportError as exc:
            raise ModelMissingError(f"espeak-ng is not installed ({exc})") from exc
        self.lock = threading.Lock()
        self._lib = ctypes.CDLL(espeakng_loader.get_library_path())
        self._lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
        self._lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        self._lib.espeak_Synth.argtypes = [
            ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int, ctypes.c_uint, ctypes.c_uint,
            ctypes.c_void_p, ctypes.c_void_p,
        ]
        data_parent = str(Path(espeakng_loader.get_data_path()).parent).encode()
        self.sample_rate = self._lib.espeak_Initialize(_AUDIO_OUTPUT_SYNCHRONOUS, 0, data_parent, 0)
        if self.sample_rate <= 0:
            raise ModelMissingError("espeak-ng failed to initialise")
        self._chunks: list[bytes] = []
        self._callback = _CALLBACK(self._collect)  # keep a reference: ctypes does not
        self._lib.espeak_SetSynthCallback(self._callback)

    def _collect(self, wav: Any, samples: int, _events: Any) -> int:
        if samples > 0:
            self._chunks.append(ctypes.string_at(wav, samples * 2))
        return 0

    def synthesize(self, text: str, voice: str, rate_wpm: int) -> bytes:
        with self.lock:
            if self._lib.espeak_SetVoiceByName(voice.encode()) != 0:
                raise SynthUnavailable(f"espeak-ng has no voice {voice!r}")
            self._lib.espeak_SetParameter(_RATE, rate_wpm, 0)
            self._chunks = []
            data = text.encode("utf-8")
            self._lib.espeak_Synth(data, len(data) + 1, 0, 0, 0, _CHARS_UTF8, None, None)
            return b"".join(self._chunks)


@cache
def _espeak() -> _Espeak:
    return _Espeak()


class EspeakSynth:
    """espeak-ng: robotic but instant, and the only offline voice here for Mandarin and Indonesian."""

    def __init__(self, voice: str, *, rate_wpm: int = 165) -> None:
        self.name = f"espeak-ng:{voice}"
        self._voice = voice
        self._rate = rate_wpm
        self.sample_rate = _espeak().sample_rate

    def render(self, text: str) -> bytes:
        """The whole sentence at once (also used to synthesise test speech)."""
        return _espeak().synthesize(text, self._voice, self._rate)

    async def synthesize(self, text: str) -> AsyncIterator[bytes]:
        yield await asyncio.to_thread(self.render, text)
