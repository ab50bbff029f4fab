"""The call record serialises to the eval transcript format and round-trips through JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.record import CallRecord, Event, Outcome, Speaker, StateSnapshot, Turn
from tests.support.calls import DEV_DIR as EVAL_DIR


def _record() -> CallRecord:
    return CallRecord(
        id="c1", language="zh-TW", persona="angry_complainer", direction="inbound", scenario="客訴",
        turns=[Turn(speaker=Speaker.TRAINEE, text="您好，華訊寬頻，我是小陳。", start=0.0, end=2.5),
               Turn(speaker=Speaker.PERSONA, text="網路斷了五天了！", start=3.0, end=4.6)],
        events=[Event(type="hangup", by="persona", at=30.0)],
        outcome=Outcome(objective_reached=True, ended_by="persona", reason="objective reached"),
        state_trace=[StateSnapshot(turn=1, state={"mood": 20, "patience": 50, "trust": 25}, stage="venting",
                                   acts=["greeting"], deltas={"mood": 1})],
    )


def test_record_round_trips_through_json(tmp_path: Path) -> None:
    record = _record()
    path = tmp_path / "r.json"
    record.save(path)
    loaded = CallRecord.load(path)
    assert loaded == record
    assert "網路斷了五天了" in path.read_text(encoding="utf-8")  # readable, not \u-escaped


def test_record_has_the_eval_transcript_fields() -> None:
    data = json.loads(_record().to_json())
    assert {"id", "language", "persona", "direction", "scenario", "turns", "events"} <= set(data)
    assert set(data["turns"][0]) >= {"speaker", "text", "start", "end"}
    assert data["outcome"] == {"objective_reached": True, "ended_by": "persona", "reason": "objective reached"}
    assert data["state_trace"][0]["state"] == {"mood": 20, "patience": 50, "trust": 25}


@pytest.mark.skipif(not EVAL_DIR.is_dir(), reason="shared eval set not present")
def test_eval_transcripts_load_as_call_records() -> None:
    files = [p for p in EVAL_DIR.glob("*.json") if not p.name.endswith(".labels.json")]
    assert files
    for path in files:
        record = CallRecord.load(path)
        assert record.turns and record.persona
