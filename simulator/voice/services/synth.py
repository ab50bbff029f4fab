"""Synthesizers: one voice each, text in, 16-bit mono PCM out at the synthesizer's own rate.

One module per provider implements it: ``edge_tts`` (online), ``piper`` and ``espeak`` (offline).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Protocol


class SynthUnavailable(Exception):
    """The voice cannot speak at all (offline, unknown voice): try the next one."""


class Synthesizer(Protocol):
    name: str
    sample_rate: int

    def synthesize(self, text: str) -> AsyncIterator[bytes]: ...
