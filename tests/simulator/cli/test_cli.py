"""The command line: list, validate (errors name file, line and field), play, selfplay."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from simulator.catalog import PERSONA_DIR, REPO_SCRIPTS, SCENARIO_DIR
from simulator.cli.main import main
from tests.support.openai_server import FakeOpenAIServer


def test_list_json_shape(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    persona = next(p for p in data["personas"] if p["id"] == "angry_complainer")
    assert set(persona["languages"]) == {"zh-CN", "zh-TW", "id", "en"}
    scenario = data["scenarios"][0]
    assert {"id", "persona", "direction", "languages"} <= set(scenario)


def test_validate_everything_shipped(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate"]) == 0
    assert "ok:" in capsys.readouterr().out


def _broken_copy(tmp_path: Path, name: str, old: str, new: str) -> Path:
    src = SCENARIO_DIR / "complaint_broadband_outage.yaml"
    path = tmp_path / "scenarios" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    text = src.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_validate_names_file_line_and_field_of_a_bad_value(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _broken_copy(tmp_path, "complaint_broadband_outage.yaml", "direction: inbound", "direction: sideways")
    assert main(["validate", str(path)]) == 1
    err = capsys.readouterr().err
    line = next(i for i, ln in enumerate(path.read_text().splitlines(), 1) if ln.startswith("direction:"))
    assert f"{path}:{line}:" in err and "direction" in err and "'outbound' or 'inbound'" in err


def test_validate_reports_malformed_yaml_with_its_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _broken_copy(tmp_path, "complaint_broadband_outage.yaml", "difficulty: medium", "difficulty: [medium")
    assert main(["validate", str(path)]) == 1
    err = capsys.readouterr().err
    assert str(path) in err and "problem" in err


def test_validate_reports_unknown_and_missing_fields(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = (PERSONA_DIR / "angry_complainer.yaml").read_text(encoding="utf-8")
    path = tmp_path / "personas" / "angry_complainer.yaml"
    path.parent.mkdir()
    path.write_text(src.replace("gender: male", "gendre: male", 1), encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    err = capsys.readouterr().err
    assert "gendre: Extra inputs are not permitted" in err
    assert "gender: Field required" in err


def test_play_prints_the_call_record(capsys: pytest.CaptureFixture[str]) -> None:
    script = REPO_SCRIPTS / "complaint_broadband_outage" / "zh-TW-good.txt"
    assert main(["play", "--scenario", "complaint_broadband_outage", "--lang", "zh-TW",
                 "--trainee-script", str(script), "--json", "--seed", "3"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["language"] == "zh-TW" and record["persona"] == "angry_complainer"
    assert record["turns"][0]["speaker"] == "trainee"
    assert record["outcome"]["objective_reached"] is True
    assert len(record["state_trace"]) == sum(t["speaker"] == "persona" for t in record["turns"])


def test_play_with_unknown_scenario_is_a_clear_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    script = tmp_path / "s.txt"
    script.write_text("Hello\n")
    assert main(["play", "--scenario", "nope", "--lang", "en", "--trainee-script", str(script)]) == 1
    assert "unknown scenario 'nope'" in capsys.readouterr().err


def test_play_uses_the_server_in_openai_base_url(monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    script = REPO_SCRIPTS / "complaint_broadband_outage" / "en-good.txt"
    with FakeOpenAIServer("Five days and nobody came. Nobody.") as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
        assert main(["play", "--scenario", "complaint_broadband_outage", "--lang", "en", "--model", "tiny",
                     "--trainee-script", str(script), "--json"]) == 0
        record = json.loads(capsys.readouterr().out)
        assert record["mode"] == "free" and record["backend"] == "openai"
        assert {r["model"] for r in server.requests} == {"tiny"}
        assert "Five days and nobody came. Nobody." in [t["text"] for t in record["turns"]]


def test_selfplay_with_an_llm_trainee(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def reply(body: dict) -> str:  # type: ignore[type-arg]
        system = body["messages"][0]["content"]
        if "trainee in a phone role-play" in system and "Break the rules" in system:
            return "Yes, but that's not our fault. You should have checked."
        return "Trainee: I'm really sorry. I understand how frustrating that is."

    with FakeOpenAIServer(reply) as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        monkeypatch.setenv("PHONECOACH_MODE", "directed")
        assert main(["selfplay", "--scenario", "complaint_broadband_outage", "--trainee", "poor", "--calls", "2",
                     "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["calls"] == 2 and summary["objective_reached"] == 0 and summary["hung_up"] == 2
    assert summary["mean_final_state"]["patience"] == 0


def test_module_entry_point_runs() -> None:
    out = subprocess.run([sys.executable, "-m", "simulator", "list"], capture_output=True, text=True, check=True)
    assert "angry_complainer" in out.stdout


def test_interactive_chat_in_the_terminal(tmp_path: Path) -> None:
    lines = "您好，华讯宽带客服，我是小陈。\n王先生，真的非常抱歉，我完全理解您的心情。\n/hangup\n"
    out = subprocess.run(
        [sys.executable, "-m", "simulator", "chat", "--scenario", "complaint_broadband_outage", "--lang", "zh-CN",
         "--out", str(tmp_path)],
        input=lines, capture_output=True, text=True, timeout=60, check=True,
    )
    assert "王建国:" in out.stdout and "Call ended" in out.stdout
    env = {**os.environ, "PHONECOACH_DATA_DIR": str(tmp_path)}

    def cli(*args: str) -> object:
        done = subprocess.run([sys.executable, "-m", "simulator", *args, "--json"], capture_output=True, text=True,
                              timeout=60, check=True, env=env)
        return json.loads(done.stdout)

    listed = cli("calls", "list")
    assert isinstance(listed, list) and len(listed) == 1 and listed[0]["turn_count"] == 4
    assert f"calls show {listed[0]['id']}" in out.stdout, "the chat says where its call is"
    shown = cli("calls", "show", listed[0]["id"])
    assert isinstance(shown, dict) and shown["scorecard"] is None
    record = shown["record"]
    assert [t["speaker"] for t in record["turns"]] == ["trainee", "persona", "trainee", "persona"]
    assert record["outcome"]["ended_by"] == "trainee" and record["turns"][2]["text"].startswith("王先生")
