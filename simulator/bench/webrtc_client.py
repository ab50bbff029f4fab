"""Browser stand-ins for the WebRTC load benchmark, run in their own process so that their CPU is not
counted as the server's: each dials one call through ``POST /api/offer`` with aiortc, sends a line of
speech every few seconds (Opus over RTP, like a browser) and plays nothing back but reads every packet.

    python -m simulator.bench.webrtc_client URL SECONDS SPEECH.wav SESSION_ID [SESSION_ID …]
"""

from __future__ import annotations

import asyncio
import contextlib
import fractions
import sys
import time

import aiohttp
import numpy as np
import soundfile as sf
from aiortc import MediaStreamTrack, RTCPeerConnection, RTCSessionDescription
from aiortc.mediastreams import MediaStreamError
from av import AudioFrame

RATE = 48000
FRAME = 960  # 20 ms


class LoopTrack(MediaStreamTrack):
    """A microphone that plays ``pcm`` (48 kHz mono int16) over and over, in real time."""

    kind = "audio"

    def __init__(self, pcm: np.ndarray) -> None:
        super().__init__()
        self._pcm = pcm
        self._pos = 0
        self._start: float | None = None
        self._sent = 0

    async def recv(self) -> AudioFrame:
        if self._start is None:
            self._start = time.monotonic()
        await asyncio.sleep(max(0.0, self._start + self._sent * FRAME / RATE - time.monotonic()))
        chunk = np.take(self._pcm, range(self._pos, self._pos + FRAME), mode="wrap")
        self._pos = (self._pos + FRAME) % len(self._pcm)
        frame = AudioFrame.from_ndarray(chunk[None, :].astype(np.int16), format="s16", layout="mono")
        frame.sample_rate, frame.pts, frame.time_base = RATE, self._sent * FRAME, fractions.Fraction(1, RATE)
        self._sent += 1
        return frame


async def _drain(track: MediaStreamTrack) -> None:
    with contextlib.suppress(MediaStreamError):
        while True:
            await track.recv()


async def dial(http: aiohttp.ClientSession, url: str, session_id: str, pcm: np.ndarray, seconds: float) -> None:
    pc = RTCPeerConnection()
    pc.addTransceiver(LoopTrack(pcm), direction="sendrecv")  # transceiver 0: audio, as the server expects
    pc.addTransceiver("video", direction="recvonly")
    pc.on("track", lambda track: asyncio.ensure_future(_drain(track)))
    await pc.setLocalDescription(await pc.createOffer())
    local = pc.localDescription
    offer = {"sdp": local.sdp, "type": local.type, "requestData": {"session_id": session_id}}
    async with http.post(f"{url}api/offer", json=offer) as response:
        response.raise_for_status()
        answer = await response.json()
    await pc.setRemoteDescription(RTCSessionDescription(answer["sdp"], answer["type"]))
    await asyncio.sleep(seconds)
    await pc.close()


async def main(url: str, seconds: float, wav: str, sessions: list[str]) -> None:
    pcm, rate = sf.read(wav, dtype="int16")
    assert rate == RATE, "speech must be 48 kHz"
    async with aiohttp.ClientSession() as http:
        await asyncio.gather(*[dial(http, url, sid, pcm, seconds) for sid in sessions])


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], float(sys.argv[2]), sys.argv[3], sys.argv[4:]))
