"""Phone sounds, synthesised: ring-back (the trainee calls out), ringing (the persona calls in), the hang-up click.

All are 16-bit mono PCM. One ring is a 3-second cycle, so "rings before answer" means the same on both sides.
"""

from __future__ import annotations

import numpy as np

RING_CYCLE_SECS = 3.0


def _tone(freqs: tuple[float, ...], secs: float, rate: int, level: float) -> np.ndarray:
    t = np.arange(int(secs * rate)) / rate
    wave = sum(np.sin(2 * np.pi * f * t) for f in freqs) / len(freqs)
    ramp = min(len(t) // 2, int(0.005 * rate))  # 5 ms fades: no clicks at the edges
    if ramp:
        envelope = np.ones(len(t))
        envelope[:ramp] = np.linspace(0, 1, ramp)
        envelope[-ramp:] = np.linspace(1, 0, ramp)
        wave = wave * envelope
    return (wave * level).astype(np.float32)


def _silence(secs: float, rate: int) -> np.ndarray:
    return np.zeros(int(secs * rate), dtype=np.float32)


def _pcm(parts: list[np.ndarray]) -> bytes:
    return (np.concatenate(parts) * 32767).astype(np.int16).tobytes()


def ringback(rate: int) -> bytes:
    """One ring-back cycle as heard by a caller (400+450 Hz double ring, 3 s)."""
    burst = _tone((400.0, 450.0), 0.4, rate, 0.25)
    return _pcm([burst, _silence(0.2, rate), burst, _silence(2.0, rate)])


def ringing(rate: int) -> bytes:
    """One cycle of an incoming call ringing on the trainee's phone (warbling 1 s trill, 3 s)."""
    trill = [_tone((1200.0,) if i % 2 == 0 else (1500.0,), 0.05, rate, 0.18) for i in range(20)]
    return _pcm([*trill, _silence(2.0, rate)])


def click(rate: int) -> bytes:
    """The receiver going down: a short decaying thump, then a moment of line silence."""
    n = int(0.06 * rate)
    t = np.arange(n) / rate
    thump = np.sin(2 * np.pi * 180 * t) * np.exp(-t * 90) * 0.6
    thump[: int(0.002 * rate)] += 0.5  # the sharp edge of the click
    return _pcm([thump.astype(np.float32), _silence(0.3, rate)])

