"""edge-tts: Microsoft's neural voices, the online default. It only returns MP3, decoded here with PyAV, and
needs the internet; :func:`edge_reachable` tells quickly whether it is there.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

from simulator.voice.services.synth import SynthUnavailable

EDGE_HOST = "speech.platform.bing.com"
_probe_cache: dict[str, tuple[float, bool]] = {}


async def edge_reachable(*, wait: float = 1.5, ttl: float = 300.0) -> bool:
    """Whether the edge-tts service answers on TCP; cached for ``ttl`` seconds."""
    cached = _probe_cache.get(EDGE_HOST)
    if cached and time.monotonic() - cached[0] < ttl:
        return cached[1]
    try:
        _, writer = await asyncio.wait_for(asyncio.open_connection(EDGE_HOST, 443), wait)
        writer.close()
        ok = True
    except (OSError, TimeoutError):
        ok = False
    _probe_cache[EDGE_HOST] = (time.monotonic(), ok)
    return ok


def _default_communicate() -> Callable[..., Any]:
    import edge_tts

    return edge_tts.Communicate


class EdgeSynth:
    """edge-tts with one persona voice (e.g. ``zh-CN-XiaoxiaoNeural``)."""

    sample_rate = 24000

    def __init__(self, voice: str, *, communicate: Callable[..., Any] | None = None) -> None:
        self.name = f"edge-tts:{voice}"
        self._voice = voice
        self._communicate = communicate or _default_communicate()

    async def synthesize(self, text: str) -> AsyncIterator[bytes]:
        import av

        codec = av.CodecContext.create("mp3", "r")
        resampler = av.AudioResampler(format="s16", layout="mono", rate=self.sample_rate)
        try:
            async for chunk in self._communicate(text, self._voice).stream():
                if chunk.get("type") != "audio" or not chunk.get("data"):
                    continue
                for packet in codec.parse(chunk["data"]):
                    try:
                        frames = codec.decode(packet)
                    except av.error.InvalidDataError:  # ID3/Xing header packets
                        continue
                    for frame in frames:
                        for out in resampler.resample(frame):
                            yield out.to_ndarray().tobytes()
        except OSError as exc:  # DNS failure, refused, timed out (aiohttp's errors are OSErrors)
            raise SynthUnavailable(f"edge-tts unreachable: {exc}") from exc
        except Exception as exc:  # edge_tts raises its own types (NoAudioReceived, WebSocketError…)
            if type(exc).__module__.startswith(("edge_tts", "aiohttp")):
                raise SynthUnavailable(f"edge-tts failed: {exc}") from exc
            raise
