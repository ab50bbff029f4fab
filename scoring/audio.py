"""Voice figures from a recording: loudness level and variation (pyloudnorm), pitch variation (Praat).

Only the trainee is measured: their channel of a stereo recording, or their turns cut out of a mono
one. Decoding goes through PyAV, so wav, mp3, m4a and the rest all read the same way.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from core.errors import AppError
from core.record import Speaker
from scoring.callio import LoadedCall

RATE = 16_000
WINDOW_S = 1.0
SILENCE_LUFS = -50.0  # windows quieter than this are pauses, not speech


class AudioError(AppError):
    hint = "use a wav, mp3 or m4a file that plays in an ordinary media player"


def decode(path: Path, rate: int = RATE) -> np.ndarray:
    """Samples as float32 ``(channels, samples)`` at ``rate``; more than two channels fold into stereo."""
    import av

    try:
        with av.open(str(path)) as container:
            if not container.streams.audio:
                raise AudioError(f"{path.name}: no audio stream in the file")
            stream = container.streams.audio[0]
            layout = "stereo" if stream.codec_context.channels >= 2 else "mono"
            resampler = av.AudioResampler(format="fltp", layout=layout, rate=rate)
            chunks = [o.to_ndarray() for f in container.decode(stream) for o in resampler.resample(f)]
            chunks += [o.to_ndarray() for o in resampler.resample(None)]
    except (av.error.FFmpegError, OSError) as exc:
        raise AudioError(f"cannot decode {path.name}: {exc}") from None
    if not chunks:
        raise AudioError(f"{path.name}: the audio stream is empty")
    return np.concatenate(chunks, axis=1).astype(np.float32)


def trainee_signal(call: LoadedCall) -> np.ndarray | None:
    """The trainee's voice as one mono signal, or None when there is no recording."""
    if call.audio is None:
        return None
    data = decode(call.audio)
    if data.shape[0] >= 2 and call.trainee_channel is not None:
        return data[min(call.trainee_channel, data.shape[0] - 1)]
    mono = data.mean(axis=0)
    spans = [(t.start, t.end) for t in call.record.turns if t.speaker is Speaker.TRAINEE]
    pieces = [mono[int(s * RATE): int(e * RATE)] for s, e in spans]
    pieces = [p for p in pieces if p.size]
    return np.concatenate(pieces) if pieces else None


def loudness(signal: np.ndarray, rate: int = RATE) -> dict[str, float]:
    """Integrated loudness (LUFS) over speech windows and their spread (LU)."""
    import pyloudnorm

    meter = pyloudnorm.Meter(rate, block_size=0.4)
    step = int(WINDOW_S * rate)
    levels = []
    for i in range(0, signal.size - step + 1, step):
        level = meter.integrated_loudness(signal[i: i + step])
        if np.isfinite(level) and level > SILENCE_LUFS:
            levels.append(level)
    if not levels:
        return {}
    # Average the windows' energy, not their dB values, so loud passages weigh as they sound.
    mean_energy = float(np.mean([10 ** (lv / 10) for lv in levels]))
    return {
        "loudness_lufs": round(10 * np.log10(mean_energy), 1),
        "loudness_spread_lu": round(float(np.std(levels)), 1),
    }


def pitch(signal: np.ndarray, rate: int = RATE) -> dict[str, float]:
    """Median F0 and its spread in semitones (a monotone voice stays under about 1.5)."""
    import parselmouth

    if signal.size < rate // 2:
        return {}
    track = parselmouth.Sound(signal.astype(np.float64), sampling_frequency=rate).to_pitch(
        pitch_floor=75.0, pitch_ceiling=500.0
    )
    f0 = track.selected_array["frequency"]
    voiced = f0[f0 > 0]
    if voiced.size < 10:
        return {}
    centre = float(np.median(voiced))
    semitones = 12 * np.log2(voiced / centre)
    return {"pitch_median_hz": round(centre, 1), "pitch_variation_st": round(float(np.std(semitones)), 2)}


def audio_metrics(call: LoadedCall) -> dict[str, float]:
    signal = trainee_signal(call)
    if signal is None or signal.size < RATE:
        return {}
    return {**loudness(signal), **pitch(signal)}
