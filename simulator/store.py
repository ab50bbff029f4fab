"""Where call records live: one JSON file per call, rewritten atomically after every turn."""

from __future__ import annotations

from pathlib import Path

from core.record import CallRecord


class CallStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.calls_dir = root / "calls"

    def path(self, call_id: str) -> Path:
        return self.calls_dir / f"{call_id}.json"

    def save(self, record: CallRecord) -> Path:
        path = self.path(record.id)
        record.save(path)
        return path
