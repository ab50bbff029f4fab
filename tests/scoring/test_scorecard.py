"""Loading calls, combining verdicts into a scorecard, blockers, feedback, and the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from core.languages import Lang
from core.record import CallRecord
from scoring.callio import CallFileError, from_data, load_call
from scoring.cli import main
from scoring.rubric import load_rubric
from scoring.scorer import score_call
from simulator.settings import Settings
from simulator.store import open_store
from tests.support.calls import REPO_ROOT, make_call, make_record

GOOD = """
P: HR, Dana speaking.
T: Good morning, Dana. This is Mark Bennett from Ergonest Office Furniture. Am I speaking with Dana Whitfield?
P: Yes. I've got a meeting in ten minutes, though.
T: I know you're pressed for time, so I'll be quick. Is two minutes okay now?
P: Go ahead.
T: I'm calling to book fifteen minutes about back pain in your office team. How are you handling seating at the moment?
P: Not much. Two people have back problems.
T: I see, so two people already have back problems. Would Friday at 2 p.m. work for fifteen minutes?
P: Friday at two works.
T: Great, so that's Friday at 2 p.m. Is there anything you'd like me to bring?
P: No.
T: Thank you for your time, Dana. Goodbye.
! hangup persona
"""


def test_loader_accepts_eval_transcripts_and_call_records(tmp_path: Path) -> None:
    plain = make_record(GOOD, lang="zh")
    assert from_data(plain).lang is Lang.ZH_CN
    record = CallRecord.model_validate(make_record(GOOD, lang="en"))
    path = tmp_path / "call.json"
    record.save(path)
    loaded = load_call(path)
    assert loaded.lang is Lang.EN and loaded.record.channel == "text"


def test_bare_zh_is_zh_cn_with_feedback_in_the_transcripts_script() -> None:
    call = make_call("T: 喂?\nP: 我找陳經理。", lang="zh", direction="inbound")
    assert call.lang is Lang.ZH_CN and call.display_lang is Lang.ZH_TW
    card = score_call(call)
    assert card.language == "zh-CN"
    assert "請問" in card.criteria["closing"].better  # written in Traditional (请问 → 請問)


@pytest.mark.parametrize(("content", "message"), [
    ("{not json", "not valid JSON"),
    ('{"id": "x", "language": "xx", "persona": "p", "direction": "outbound", "turns": '
     '[{"speaker": "trainee", "text": "hi", "start": 0, "end": 1}]}', "unknown language"),
    ('{"id": "x", "language": "en", "persona": "p", "direction": "outbound", "turns": []}', "no trainee turns"),
    ('{"id": "x", "language": "en", "direction": "sideways", "turns": []}', "direction"),
])
def test_bad_call_files_give_clear_errors(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CallFileError, match=message):
        load_call(path)


def test_good_call_passes_with_feedback() -> None:
    card = score_call(make_call(GOOD))
    assert card.passed and card.overall >= 90
    assert card.feedback.keep.startswith("Keep: ") and "“" in card.feedback.keep
    assert all(r.better == "" for r in card.criteria.values() if r.verdict.value != "not_met")
    assert set(card.categories) == {"tone", "structure", "etiquette"}


def test_deception_fails_the_call_whatever_the_total() -> None:
    lied = GOOD.replace("I'm calling to book", "It's a personal call, she's expecting my call. I'm calling to book")
    card = score_call(make_call(lied))
    assert card.criteria["honesty"].verdict.value == "not_met"
    assert card.blocked_by == ["honesty"] and not card.passed


def test_every_miss_gets_a_better_line_and_stop_quotes_the_trainee() -> None:
    rude = "P: Hello?\nT: Yeah, what? Account number?\nP: 4471 0392.\nT: Hang on.\n! hold 80\nT: Nothing I can do."
    card = score_call(make_call(rude, direction="inbound"))
    misses = [r for r in card.criteria.values() if r.verdict.value == "not_met"]
    assert misses and all(r.better for r in misses)
    assert card.feedback.stop.startswith("Stop: ") and "“" in card.feedback.stop
    assert card.feedback.start.startswith("Start: ")


def test_pass_mark_is_configurable(tmp_path: Path) -> None:
    text = (REPO_ROOT / "scoring" / "rubrics" / "default.yaml").read_text(encoding="utf-8")
    strict = tmp_path / "strict.yaml"
    strict.write_text(text.replace("id: default", "id: strict").replace("pass_mark: 80", "pass_mark: 100"),
                      encoding="utf-8")
    card = score_call(make_call(GOOD), load_rubric(str(strict)))
    assert card.pass_mark == 100 and card.passed == (card.overall == 100)


def test_cli_score_json_shape(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "call.json"
    path.write_text(json.dumps(make_record(GOOD)), encoding="utf-8")
    assert main(["score", str(path), "--judge", "none", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert isinstance(out["overall"], int) and isinstance(out["passed"], bool)
    assert out["criteria"]["greeting"].keys() >= {"verdict", "evidence", "better"}
    assert out["criteria"]["verify_party"]["verdict"] in {"met", "not_met", "n/a"}
    assert "talk_ratio" in out["metrics"] and out["rubric"] == "default@1"


def test_cli_scores_a_stored_call_by_id_and_stores_the_card(capsys: pytest.CaptureFixture[str]) -> None:
    repo = open_store(Settings())
    record = make_call(GOOD).record.model_copy(update={"id": "stored-1"})
    assert repo.save(record) and repo.scorecard("stored-1") is None
    assert main(["score", "stored-1", "--judge", "none", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["call_id"] == "stored-1" and repo.scorecard("stored-1") == out
    assert main(["score", "no-such-call", "--judge", "none"]) == 2
    assert "no call with id 'no-such-call'" in capsys.readouterr().err


def test_cli_eval_reports_agreement_and_pairs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    poor = "P: Hello?\nT: Yeah? Who's this?\nP: Dana. What do you want?\nT: Chairs. Buy some.\n! hangup persona"
    for name, script, overall in (("a-good", GOOD, "good"), ("a-poor", poor, "poor")):
        (tmp_path / f"{name}.json").write_text(json.dumps(make_record(script, call_id=name)), encoding="utf-8")
        card = score_call(make_call(script))
        labels = {cid: r.verdict.value for cid, r in card.criteria.items()}
        (tmp_path / f"{name}.labels.json").write_text(json.dumps(
            {"id": name, "pair": "a", "overall": overall, "criteria": labels}), encoding="utf-8")
    assert main(["eval", str(tmp_path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["agreement"] == 1.0 and report["pairs"] == "1/1"
    assert set(report["per_language"]) == {"en"}


def test_cli_errors_exit_2_with_a_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", str(tmp_path / "missing.json")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_python_dash_m_scoring_runs() -> None:
    out = subprocess.run([sys.executable, "-m", "scoring", "--help"], capture_output=True, text=True, check=True,
                         cwd=REPO_ROOT)
    assert "score" in out.stdout and "transcribe" in out.stdout


def test_call_length_target_comes_from_the_scenario() -> None:
    card = score_call(make_call(GOOD, scenario_id="complaint_broadband_outage"))
    assert card.metrics["target_s"] == 300
    assert score_call(make_call(GOOD, scenario_id="no_such_scenario")).metrics["target_s"] == 180
