"""Real-call analysis: recordings → call record (channel "upload") → the same rubric; voice metrics."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from core.languages import Lang
from scoring.audio import audio_metrics
from scoring.callio import from_data
from scoring.metrics import METRIC_NAMES
from scoring.scorer import score_call
from scoring.upload import Segment, UploadError, UploadOptions, transcribe_call

RATE = 16_000


def voice(seconds: float, base_hz: float, swing_hz: float, level: float = 0.3) -> np.ndarray:
    """A voiced tone whose pitch swings by ``swing_hz`` (0 gives a monotone), with syllable-like pulses."""
    t = np.arange(int(seconds * RATE)) / RATE
    f0 = base_hz + swing_hz * np.sin(2 * np.pi * 0.7 * t)
    phase = 2 * np.pi * np.cumsum(f0) / RATE
    envelope = 0.55 + 0.45 * np.sin(2 * np.pi * 3 * t)
    return (level * envelope * (np.sin(phase) + 0.4 * np.sin(2 * phase))).astype(np.float32)


def stereo_call(path: Path, swing_hz: float = 40.0) -> Path:
    """Other side speaks 0–3 s, the trainee 3.5–9 s, the other side again 9.5–11 s (channel 0 = trainee)."""
    n = int(12 * RATE)
    left, right = np.zeros(n, np.float32), np.zeros(n, np.float32)
    right[: 3 * RATE] = voice(3, 120, 10)
    left[int(3.5 * RATE): 9 * RATE] = voice(5.5, 180, swing_hz)
    right[int(9.5 * RATE): 11 * RATE] = voice(1.5, 120, 10)
    sf.write(path, np.stack([left, right], axis=1), RATE)
    return path


class ScriptedTranscriber:
    """Returns the trainee's segments on the first call and the other side's on the second."""

    def __init__(self, *sides: list[Segment]) -> None:
        self.sides = list(sides)
        self.langs: list[Lang] = []

    def transcribe(self, samples: np.ndarray, lang: Lang) -> list[Segment]:
        self.langs.append(lang)
        return self.sides.pop(0)


TRAINEE_SEGS = [Segment(3.6, 5.8, "Good morning, this is Mark from Ergonest."),
                Segment(6.2, 8.9, "Is now a good time to talk?"),
                Segment(9.6, 10.5, "Hello?")]  # bleed-through of the other side: louder on channel 1
OTHER_SEGS = [Segment(0.1, 2.9, "HR, Dana speaking."), Segment(9.5, 11.0, "Yes, go ahead.")]


def test_stereo_upload_becomes_a_scored_call_record(tmp_path: Path) -> None:
    path = stereo_call(tmp_path / "call.wav")
    engine = ScriptedTranscriber(TRAINEE_SEGS, OTHER_SEGS)
    record = transcribe_call([path], UploadOptions(lang="en", trainee_channel=0), engine)
    assert engine.langs == [Lang.EN, Lang.EN]  # the language is passed, never guessed
    assert record.channel == "upload" and record.direction == "outbound"  # the other side answered first
    assert [(t.speaker.value, t.text) for t in record.turns] == [
        ("persona", "HR, Dana speaking."),
        ("trainee", "Good morning, this is Mark from Ergonest. Is now a good time to talk?"),
        ("persona", "Yes, go ahead."),
    ]
    call = from_data(record.model_dump(mode="json"))
    assert call.audio == path.resolve() and call.trainee_channel == 0
    card = score_call(call)
    assert card.criteria["ask_convenience"].verdict.value == "met"
    assert "speech_rate" in card.metrics and "pitch_variation_st" in card.metrics


def test_voice_metrics_tell_a_lively_voice_from_a_monotone(tmp_path: Path) -> None:
    lively = stereo_call(tmp_path / "lively.wav", swing_hz=40)
    flat = stereo_call(tmp_path / "flat.wav", swing_hz=0)
    m_lively = audio_metrics(from_data(_record(lively)))
    m_flat = audio_metrics(from_data(_record(flat)))
    assert m_lively["pitch_variation_st"] > 1.5 > m_flat["pitch_variation_st"]
    assert -40 < m_lively["loudness_lufs"] < 0 and m_lively["loudness_spread_lu"] >= 0
    assert abs(m_lively["pitch_median_hz"] - 180) < 25
    assert set(m_lively) <= METRIC_NAMES


def _record(path: Path) -> dict[str, object]:
    engine = ScriptedTranscriber(TRAINEE_SEGS[:2], OTHER_SEGS)
    return transcribe_call([path], UploadOptions(lang="en"), engine).model_dump(mode="json")


def test_two_files_one_per_side(tmp_path: Path) -> None:
    mono_t, mono_o = tmp_path / "trainee.wav", tmp_path / "other.wav"
    sf.write(mono_t, voice(4, 180, 30), RATE)
    sf.write(mono_o, voice(6, 120, 10), RATE)
    engine = ScriptedTranscriber([Segment(0.2, 3.0, "您好,我是小陈。")], [Segment(3.5, 5.0, "你好。")])
    record = transcribe_call([mono_t, mono_o], UploadOptions(lang="zh-TW"), engine)
    assert record.direction == "inbound" and record.language == "zh-TW"
    assert record.turns[0].speaker.value == "trainee"


def test_mono_recording_is_refused_with_the_reason(tmp_path: Path) -> None:
    path = tmp_path / "mono.wav"
    sf.write(path, voice(2, 150, 20), RATE)
    with pytest.raises(UploadError, match=r"mono recording.*two files"):
        transcribe_call([path], UploadOptions(lang="en"), ScriptedTranscriber())


def test_oversized_and_missing_uploads_are_refused(tmp_path: Path) -> None:
    path = stereo_call(tmp_path / "call.wav")
    with pytest.raises(UploadError, match="limit is"):
        transcribe_call([path], UploadOptions(lang="en", max_bytes=1000), ScriptedTranscriber())
    with pytest.raises(UploadError, match="no such file"):
        transcribe_call([tmp_path / "nope.wav"], UploadOptions(lang="en"), ScriptedTranscriber())
    with pytest.raises(UploadError, match="unknown language"):
        transcribe_call([path], UploadOptions(lang="klingon"), ScriptedTranscriber())


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="needs espeak-ng for test speech")
def test_real_whisper_transcribes_a_stereo_call(tmp_path: Path) -> None:
    """faster-whisper base on synthetic speech: the words come back in order, on the right side."""
    lines = [(1, "Hello, Dana speaking."), (0, "Good morning Dana, this is Mark from Ergonest."),
             (1, "Yes, I have two minutes."), (0, "Thank you. Goodbye.")]
    tracks: list[list[np.ndarray]] = [[], []]
    for side, text in lines:
        wav = tmp_path / "line.wav"
        subprocess.run(["espeak-ng", "-v", "en", "-w", str(wav), text], check=True)
        audio, rate = sf.read(wav, dtype="float32")
        audio = np.interp(np.arange(0, len(audio), rate / RATE), np.arange(len(audio)), audio).astype(np.float32)
        gap = np.zeros(int(0.7 * RATE), np.float32)
        tracks[side] += [audio, gap]
        tracks[1 - side] += [np.zeros_like(audio), gap]
    stereo = np.stack([np.concatenate(tracks[0]), np.concatenate(tracks[1])], axis=1)
    path = tmp_path / "call.wav"
    sf.write(path, stereo, RATE)
    record = transcribe_call([path], UploadOptions(lang="en", trainee_channel=0))
    speakers = [t.speaker.value for t in record.turns]
    assert speakers[0] == "persona" and "trainee" in speakers
    assert "hello" in record.turns[0].text.lower()  # espeak's voice is rough: check robust words only
    assert any("morning" in t.text.lower() for t in record.turns if t.speaker.value == "trainee")
