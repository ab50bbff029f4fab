"""kill -9 in the middle of a call loses at most the turn in flight: every completed turn is stored, the
record reads back whole, and the database takes new calls afterwards."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from core.record import CallRecord, Turn
from storage.repository import CallRepository

CHILD = r"""
import asyncio, sys
from pathlib import Path
from core.languages import Lang
from simulator.engine.call import CallConfig
from simulator.factory import open_call
from simulator.scripted import speak
from simulator.settings import Settings
from storage.repository import CallRepository

repo = CallRepository.open(sys.argv[1], Path(sys.argv[2]))
call = open_call(CallConfig("complaint_broadband_outage", Lang.EN, seed=1), Settings(), store=repo)
print(call.record.id, flush=True)
lines = ["Good afternoon, BrightLine Broadband, Priya speaking.",
         "I'm so sorry to hear that, that sounds really frustrating.",
         "Could I take your account number, please?"]
n = 0
while True:  # until killed; the same lines again once the script is done
    asyncio.run(speak(call.trainee_turn(lines[n % len(lines)])))
    n += 1
    print(f"done {n}", flush=True)
    if call.ended:
        call = open_call(CallConfig("complaint_broadband_outage", Lang.EN, seed=n), Settings(), store=repo)
        print(call.record.id, flush=True)
"""


def test_kill_9_mid_call_loses_at_most_the_turn_in_flight(db_url: str, tmp_path: Path) -> None:
    child = subprocess.Popen([sys.executable, "-c", CHILD, db_url, str(tmp_path)], stdout=subprocess.PIPE,
                             text=True, cwd=Path(__file__).resolve().parents[2])
    assert child.stdout is not None
    call_id, done = child.stdout.readline().strip(), 0
    while done < 3:
        line = child.stdout.readline().strip()
        assert line, "the child died on its own"
        if line.startswith("done"):
            done += 1
        else:
            call_id, done = line, 0
    os.kill(child.pid, signal.SIGKILL)  # it is already into its next turn
    child.wait(timeout=30)

    repo = CallRepository.open(db_url, tmp_path)
    record = repo.load(call_id)
    trainee = [t for t in record.turns if t.speaker == "trainee"]
    assert len(trainee) >= 3 and len(record.state_trace) >= 3, "every completed turn is stored"
    assert len(record.turns) >= 6 and record.turns[5].speaker == "persona"
    summary = next(c for c in repo.list_calls() if c.id == call_id)
    assert summary.turn_count == len(record.turns), "the call row and its turns were written together"
    after = CallRecord(id="after", language="en", persona="x", direction="inbound",
                       turns=[Turn(speaker="trainee", text="hello", start=0, end=1)])
    assert repo.save(after) and repo.load("after") == after
    repo.close()
