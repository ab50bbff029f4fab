"""``python -m simulator acts``: JSON lines in, the call's own recognition out, bad lines named."""

from __future__ import annotations

import io
import json

import pytest

from core.languages import Lang
from core.memory import recognise
from simulator.cli.main import main

LINES = [
    {"text": "Good morning, may I speak to the purchasing manager please?", "lang": "en"},
    {"text": "我们是做包装材料的，想跟负责采购的经理聊聊。", "lang": "zh-CN", "context": "您好，鼎丰贸易。"},
    {"text": "Selamat pagi Bu, saya Rudi dari PT Kemasindo Jaya.", "lang": "id"},
    {"text": "那就星期四下午三點，麻煩您幫我約一下。", "lang": "zh-TW"},
]


def _run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], stdin: str, *args: str):
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    rc = main(["acts", *args])
    return rc, [json.loads(x) for x in capsys.readouterr().out.splitlines()]


def test_each_line_gets_the_acts_the_call_would_find(monkeypatch, capsys) -> None:
    rc, out = _run(monkeypatch, capsys, "\n".join(json.dumps(x, ensure_ascii=False) for x in LINES), "--json")
    assert rc == 0 and len(out) == len(LINES)
    for line, got in zip(LINES, out, strict=True):
        found, _ = recognise(line["text"], Lang(line["lang"]), context=line.get("context", ""))
        assert got["acts"] == sorted(a.value for a in found.acts) and got["acts"]


def test_explain_names_what_decided_each_act(monkeypatch, capsys) -> None:
    rc, out = _run(monkeypatch, capsys, json.dumps(LINES[3], ensure_ascii=False), "--json", "--explain")
    assert rc == 0
    explained = {e["act"]: e for e in out[0]["explain"]}
    assert set(explained) == set(out[0]["acts"])
    assert all(e["rule"] for e in explained.values())
    assert explained["propose_time"]["evidence"]  # the time it heard


def test_a_bad_line_gets_an_error_and_the_rest_go_on(monkeypatch, capsys) -> None:
    stdin = "not json\n" + json.dumps({"text": "hi", "lang": "fr"}) + "\n" + json.dumps(LINES[0]) + "\n"
    rc, out = _run(monkeypatch, capsys, stdin, "--json")
    assert rc == 1
    assert out[0]["error"].startswith("input line 1:") and "hint" in out[0]
    assert out[1]["error"].startswith("input line 2: lang")
    assert "ask_for_person" in out[2]["acts"]
