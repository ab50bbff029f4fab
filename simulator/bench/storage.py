"""Storage benchmark: how long a turn's write takes on SQLite and PostgreSQL, the one-time import of older
JSON records, and the dashboard queries over the stored calls.

A real call is played once through the engine; its turns are then written again and again as a live call
writes them (the trainee's line, then the persona's reply with its state snapshot, each one transaction),
under new call ids. PostgreSQL is a throw-away server started here with its default durability (fsync and
synchronous commit on), or ``--url``.
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from core.languages import Lang
from core.record import CallRecord
from simulator.engine.call import CallConfig
from simulator.factory import open_call
from simulator.scripted import play_script
from simulator.settings import Settings
from storage.database import default_url, shown
from storage.importer import import_json_calls
from storage.queries import criterion_rates, person_totals
from storage.repository import CallRepository
from storage.throwaway import ThrowawayPostgres, available

SCRIPT = Path(__file__).resolve().parents[2] / "scenarios" / "scripts" / "complaint_broadband_outage" / "zh-CN-good.txt"


def _played(data_dir: Path) -> CallRecord:
    lines = [ln.strip() for ln in SCRIPT.read_text(encoding="utf-8").splitlines() if ln.strip()]
    call = open_call(CallConfig("complaint_broadband_outage", Lang.ZH_CN, seed=1), Settings(data_dir=data_dir))
    asyncio.run(play_script(call, lines))
    return call.record


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))], 2)


def _writes(repo: CallRepository, model: CallRecord, calls: int) -> dict[str, Any]:
    """Each save as the engine makes it: after every turn, the growing record."""
    times: list[float] = []
    for n in range(calls):
        record = model.model_copy(update={"id": f"bench-{n}", "turns": [], "events": [], "state_trace": []})
        record.user_id, record.team_id = f"user{n % 10}", f"team{n % 3}"
        snapshots = {s.turn: s for s in model.state_trace}
        for i, turn in enumerate(model.turns):
            record.turns.append(turn)
            if i in snapshots:
                record.state_trace.append(snapshots[i])
            began = time.perf_counter()
            if not repo.save(record):
                raise RuntimeError(str(repo.last_error))
            times.append((time.perf_counter() - began) * 1000)
        record.events = list(model.events)
        repo.save(record)
        repo.save_scorecard({"call_id": record.id, "rubric": "default@1", "overall": 50 + n % 50,
                             "passed": n % 2 == 0, "criteria": {f"c{k}": {"category": "x", "verdict": "met"
                                                                          if (n + k) % 3 else "not_met"}
                                                                for k in range(17)}})
    return {"turn_writes": len(times), "turn_write_p50_ms": _percentile(times, 0.5),
            "turn_write_p95_ms": _percentile(times, 0.95), "turn_write_max_ms": round(max(times), 2),
            "turn_write_mean_ms": round(statistics.fmean(times), 2)}


def _queries(repo: CallRepository) -> dict[str, float]:
    figures = {}
    for name, work in (("list_50_ms", lambda: repo.list_calls(limit=50)),
                       ("criterion_rates_ms", lambda: criterion_rates(repo.engine)),
                       ("person_totals_ms", lambda: person_totals(repo.engine))):
        began = time.perf_counter()
        work()
        figures[name] = round((time.perf_counter() - began) * 1000, 2)
    return figures


def _import(model: CallRecord, folder: Path, count: int) -> dict[str, Any]:
    for n in range(count):
        model.model_copy(update={"id": f"old-{n}"}).save(folder / "calls" / f"old-{n}.json")
    repo = CallRepository.open(default_url(folder), folder)
    began = time.perf_counter()
    report = import_json_calls(repo)
    seconds = time.perf_counter() - began
    repo.close()
    return {"json_files": count, "imported": report.imported, "import_s": round(seconds, 2),
            "import_per_call_ms": round(seconds * 1000 / max(1, count), 2)}


def run(calls: int = 40, url: str | None = None, imports: int = 200) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="phonecoach-bench-") as tmp:
        root = Path(tmp)
        model = _played(root / "play")
        result: dict[str, Any] = {"turns_per_call": len(model.turns), "calls": calls}
        targets: list[tuple[str, str]] = [("sqlite", default_url(root / "sqlite"))]
        server = None
        if url:
            targets.append(("postgres", url))
        elif available():
            server = ThrowawayPostgres(durable=True).__enter__()
            targets.append(("postgres", server.url()))
        try:
            for name, target in targets:
                repo = CallRepository.open(target, root / name)
                result[name] = {"url": shown(target), **_writes(repo, model, calls), **_queries(repo)}
                repo.close()
        finally:
            if server is not None:
                server.__exit__(None, None, None)
        if "postgres" not in result:
            result["postgres"] = "not measured: PostgreSQL is not installed (./run.sh setup installs it)"
        result["json_import"] = _import(model, root / "import", imports)
    return result


def render(figures: dict[str, Any]) -> str:
    out = [f"{figures['calls']} calls x {figures['turns_per_call']} turns, one transaction per turn"]
    for name in ("sqlite", "postgres"):
        part = figures[name]
        if isinstance(part, str):
            out.append(f"{name}: {part}")
            continue
        out.append(f"{name} ({part['url']}): turn write p50 {part['turn_write_p50_ms']} ms, "
                   f"p95 {part['turn_write_p95_ms']} ms, max {part['turn_write_max_ms']} ms; "
                   f"list 50 {part['list_50_ms']} ms, criterion rates {part['criterion_rates_ms']} ms, "
                   f"per person {part['person_totals_ms']} ms")
    imp = figures["json_import"]
    out.append(f"JSON import: {imp['imported']}/{imp['json_files']} records in {imp['import_s']} s "
               f"({imp['import_per_call_ms']} ms each)")
    return "\n".join(out)
