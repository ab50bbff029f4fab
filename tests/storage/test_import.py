"""The older ``calls/*.json`` records are imported once, on first start; unreadable ones are reported."""

from __future__ import annotations

import asyncio
from pathlib import Path

from core.languages import Lang
from core.record import CallRecord
from simulator.engine.call import CallConfig
from simulator.factory import open_call
from simulator.scripted import play_script
from simulator.settings import Settings
from simulator.store import open_store
from storage.database import default_url
from storage.importer import import_json_calls
from storage.repository import CallRepository


def _old_records(data_dir: Path) -> list[str]:
    """Calls as earlier versions left them: one JSON file each under calls/."""
    ids = []
    scratch = open_store(Settings(data_dir=data_dir / "scratch"))
    for n, (scenario, lang) in enumerate([("hr_meeting_booking", Lang.ZH_CN), ("complaint_broadband_outage", Lang.ID)]):
        call = open_call(CallConfig(scenario, lang, seed=n), Settings(), store=scratch)
        asyncio.run(play_script(call, ["您好", "Selamat siang"]))
        call.record.save(data_dir / "calls" / f"{call.record.id}.json")
        ids.append(call.record.id)
    return ids


def test_older_json_records_are_imported_once(tmp_path: Path) -> None:
    ids = _old_records(tmp_path)
    (tmp_path / "calls" / "broken.json").write_text('{"id": "x", "turns": "no"}', encoding="utf-8")
    (tmp_path / "calls" / "notjson.json").write_bytes(b"\xff\xfe nope")
    settings = Settings(data_dir=tmp_path)
    repo = open_store(settings)
    assert sorted(c.id for c in repo.list_calls()) == sorted(ids)
    for call_id in ids:
        old = CallRecord.load(tmp_path / "calls" / f"{call_id}.json")
        assert repo.load(call_id) == old.model_copy(update={"user_id": "local"}), "the local user's calls"
    again = import_json_calls(repo)
    assert again.done_before and again.imported == 0, "the import runs once"

    fresh = tmp_path / "fresh"
    (fresh / "calls").mkdir(parents=True)
    for name in ("broken.json", "notjson.json", f"{ids[0]}.json"):
        (fresh / "calls" / name).write_bytes((tmp_path / "calls" / name).read_bytes())
    empty = CallRepository.open(default_url(fresh), fresh)
    report = import_json_calls(empty, fresh / "calls")
    assert report.imported == 1 and len(report.skipped) == 2 and empty.ids() == {ids[0]}
    assert any(s.startswith("broken.json: language: ") for s in report.skipped), report.skipped
