"""The one object that writes and reads call data.

A call is saved after every turn and event (``save``): one transaction rewrites the call row and only the
turns, events and state snapshots whose digest changed, so a kill -9 loses at most the turn in flight.
When the database cannot be written (down, locked, disk full) the record stays in memory, ``save`` says
so, and the next save (or ``flush``) writes everything that waited.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from core.errors import NotFoundError, field_of
from core.record import CallRecord
from storage.database import StorageError, explain, make_engine, upgrade
from storage.filters import call_filters, utc
from storage.schema import CallRow, CategoryScoreRow, EventRow, ScorecardRow, StateRow, TurnRow, VerdictRow

log = logging.getLogger(__name__)

RETRY_SECONDS = 5.0
CHILDREN = (("turns", TurnRow), ("events", EventRow), ("state_trace", StateRow))
PARTS = frozenset(name for name, _ in CHILDREN)  # kept in rows of their own, not in the call row's JSON


class StoredVerdict(BaseModel):
    model_config = ConfigDict(extra="ignore")
    category: str
    verdict: str
    source: str = "code"


class StoredScorecard(BaseModel):
    """What the database needs of a scorecard (``scoring.scorecard.Scorecard`` dumped to JSON)."""

    model_config = ConfigDict(extra="allow")
    call_id: str
    rubric: str
    prompt_version: str | None = None
    judge: str = "none"
    overall: int
    passed: bool
    criteria: dict[str, StoredVerdict]
    categories: dict[str, float | None] = Field(default_factory=dict)


class CallSummary(BaseModel):
    """One line of a call list."""

    id: str
    started_at: datetime
    user_id: str | None
    team_id: str | None
    language: str
    scenario_id: str
    persona: str
    difficulty: str
    channel: str
    ended_by: str | None
    objective_reached: bool
    duration: float
    turn_count: int
    overall: int | None = None
    passed: bool | None = None

    _utc = field_validator("started_at")(utc)


def _digest(payload: Mapping[str, Any]) -> str:
    return hashlib.sha1(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _when(text: str) -> datetime:
    try:
        return utc(datetime.fromisoformat(text))
    except ValueError:
        return datetime.now(UTC)


def _child_rows(dump: Mapping[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The record's turns, events and state snapshots as rows (``dump``: the record as JSON data)."""
    turns = [{"speaker": t["speaker"], "text": t["text"], "start": t["start"], "end": t["end"],
              "interrupted": t["interrupted"], "payload": t} for t in dump["turns"]]
    events = [{"type": e["type"], "by": e["by"], "at": e["at"], "payload": e} for e in dump["events"]]
    trace = [{"turn": s["turn"], "stage": s["stage"], "payload": s} for s in dump["state_trace"]]
    return {"turns": turns, "events": events, "state_trace": trace}


class CallRepository:
    def __init__(self, engine: Engine, data_dir: Path) -> None:
        self.engine = engine
        self.data_dir = data_dir
        self._pending: dict[str, CallRecord] = {}
        self.last_error: StorageError | None = None
        self.retry_seconds = RETRY_SECONDS
        self._retry_at = 0.0

    @classmethod
    def open(cls, url: str, data_dir: Path) -> CallRepository:
        """Connect and migrate to the newest schema; a fault here is a ``StorageError`` saying what to do."""
        engine = make_engine(url)
        upgrade(engine)
        return cls(engine, data_dir)

    def close(self) -> None:
        self.engine.dispose()

    # ---- files beside the database ------------------------------------------------------------
    def recording_path(self, call_id: str) -> Path:
        return self.data_dir / "calls" / f"{call_id}.wav"

    def export_path(self, call_id: str) -> Path:
        return self.data_dir / "exports" / f"{call_id}.json"

    # ---- writing ------------------------------------------------------------------------------
    @property
    def pending(self) -> list[str]:
        """Ids of calls held in memory because the database could not be written."""
        return sorted(self._pending)

    def save(self, record: CallRecord) -> bool:
        """Write the record (and anything that waited); False when it is held in memory for later."""
        self._pending[record.id] = record
        return self.flush()

    def flush(self, *, now: bool = False) -> bool:
        """Write what waits. After a failure the database is tried again only ``retry_seconds`` later (or
        ``now``), so a live call does not stall on every turn while a server is unreachable."""
        if self._pending and not now and time.monotonic() < self._retry_at:
            return False
        for call_id, record in list(self._pending.items()):
            try:
                with self.engine.begin() as connection:
                    self._write(connection, record)
            except (SQLAlchemyError, OSError) as exc:
                error = explain(exc, self.engine.url)
                if self.last_error is None or str(self.last_error) != str(error):
                    log.warning("call %s kept in memory: %s", call_id, error)
                self.last_error = error
                self._retry_at = time.monotonic() + self.retry_seconds
                return False
            del self._pending[call_id]
        self.last_error = None
        return True

    def _write(self, connection: sa.Connection, record: CallRecord) -> None:
        dump = record.model_dump(mode="json")  # once per save: the call row's JSON and the parts' rows
        columns = {
            "user_id": record.user_id, "team_id": record.team_id, "language": record.language,
            "persona": record.persona, "persona_version": record.persona_version,
            "scenario_id": record.scenario_id, "scenario_version": record.scenario_version,
            "rubric": record.rubric, "prompt_version": record.prompt_version, "direction": record.direction,
            "difficulty": record.difficulty, "mode": record.mode, "backend": record.backend,
            "channel": record.channel, "started_at": _when(record.started_at), "updated_at": datetime.now(UTC),
            "ended_by": record.outcome.ended_by, "objective_reached": record.outcome.objective_reached,
            "duration": record.duration, "turn_count": len(record.turns),
            "recording": f"calls/{record.id}.wav" if record.channel == "voice" else None,
            "record": {key: value for key, value in dump.items() if key not in PARTS},
        }
        calls = CallRow.__table__
        done = connection.execute(sa.update(calls).where(calls.c.id == record.id).values(**columns))
        if not done.rowcount:
            connection.execute(sa.insert(calls).values(id=record.id, **columns))
        rows = _child_rows(dump)
        for name, model in CHILDREN:
            self._sync(connection, model.__table__, record.id, rows[name])

    @staticmethod
    def _sync(connection: sa.Connection, table: sa.Table, call_id: str, rows: Sequence[dict[str, Any]]) -> None:
        """Rewrite only the rows that changed (a persona turn's real timing, say), add the new ones."""
        query = sa.select(table.c.idx, table.c.digest).where(table.c.call_id == call_id)
        stored: dict[int, str] = {idx: digest for idx, digest in connection.execute(query)}
        fresh = []
        for idx, row in enumerate(rows):
            digest = _digest(row["payload"])
            if stored.get(idx) == digest:
                continue
            if idx in stored:
                connection.execute(sa.update(table).where(table.c.call_id == call_id, table.c.idx == idx)
                                   .values(**row, digest=digest))
            else:
                fresh.append({"call_id": call_id, "idx": idx, **row, "digest": digest})
        if fresh:
            connection.execute(sa.insert(table), fresh)
        if len(stored) > len(rows):
            connection.execute(sa.delete(table).where(table.c.call_id == call_id, table.c.idx >= len(rows)))

    def save_scorecard(self, card: Mapping[str, Any]) -> int:
        """Store a scorecard as shown (``Scorecard.model_dump(mode="json")``); it becomes the call's latest."""
        try:
            stored = StoredScorecard.model_validate(card)
        except ValidationError as exc:
            first = exc.errors()[0]
            raise StorageError(f"scorecard not stored: {field_of(first)}: {first['msg']}") from None
        cards, verdicts = ScorecardRow.__table__, VerdictRow.__table__
        try:
            with self.engine.begin() as connection:
                self._require(connection, stored.call_id)
                connection.execute(sa.update(cards).where(cards.c.call_id == stored.call_id).values(latest=False))
                card_id = connection.execute(sa.insert(cards).values(
                    call_id=stored.call_id, created_at=datetime.now(UTC), latest=True, rubric=stored.rubric,
                    prompt_version=stored.prompt_version, judge=stored.judge, overall=stored.overall,
                    passed=stored.passed, body=dict(card),
                ).returning(cards.c.id)).scalar_one()
                scores = [{"scorecard_id": card_id, "call_id": stored.call_id, "category": cat, "score": score}
                          for cat, score in stored.categories.items() if score is not None]
                if scores:
                    connection.execute(sa.insert(CategoryScoreRow.__table__), scores)
                if stored.criteria:
                    connection.execute(sa.insert(verdicts), [
                        {"scorecard_id": card_id, "call_id": stored.call_id, "criterion": cid,
                         "category": v.category, "verdict": v.verdict, "source": v.source}
                        for cid, v in stored.criteria.items()
                    ])
        except SQLAlchemyError as exc:
            raise explain(exc, self.engine.url) from None
        return int(card_id)

    # ---- reading ------------------------------------------------------------------------------
    def _require(self, connection: sa.Connection, call_id: str) -> sa.Row[Any]:
        calls = CallRow.__table__
        row = connection.execute(sa.select(calls).where(calls.c.id == call_id)).first()
        if row is None:
            raise NotFoundError(f"no call with id {call_id!r}", "run `python -m simulator calls list` to see the calls")
        return row

    def _read(self, work: Any) -> Any:
        try:
            with self.engine.connect() as connection:
                return work(connection)
        except SQLAlchemyError as exc:
            raise explain(exc, self.engine.url) from None

    def load(self, call_id: str) -> CallRecord:
        if call_id in self._pending:
            return self._pending[call_id]

        def read(connection: sa.Connection) -> CallRecord:
            data = dict(self._require(connection, call_id).record)
            for name, model in CHILDREN:
                table = model.__table__
                data[name] = list(connection.execute(
                    sa.select(table.c.payload).where(table.c.call_id == call_id).order_by(table.c.idx)).scalars())
            return CallRecord.model_validate(data)

        return self._read(read)

    def scorecard(self, call_id: str) -> dict[str, Any] | None:
        """The call's latest scorecard as it was shown, or None when it was never scored."""
        table = ScorecardRow.__table__

        def read(connection: sa.Connection) -> dict[str, Any] | None:
            self._require(connection, call_id)
            body = connection.execute(sa.select(table.c.body).where(
                table.c.call_id == call_id, table.c.latest.is_(True))).scalar()
            return dict(body) if body is not None else None

        return self._read(read)

    def list_calls(self, *, user_id: str | None = None, team_id: str | None = None,
                   since: datetime | None = None, until: datetime | None = None,
                   visible_to: tuple[str, str | None] | None = None, scenario_id: str | None = None,
                   limit: int = 50, offset: int = 0) -> list[CallSummary]:
        """Newest first, with the latest scorecard's total where there is one."""
        return self._summaries(call_filters(user_id=user_id, team_id=team_id, since=since, until=until,
                                            visible_to=visible_to, scenario_id=scenario_id), limit, offset)

    def summary(self, call_id: str) -> CallSummary | None:
        """One call's line (who made it, in which team), or None."""
        rows = self._summaries([CallRow.__table__.c.id == call_id], 1, 0)
        return rows[0] if rows else None

    def _summaries(self, where: Iterable[sa.ColumnElement[bool]], limit: int, offset: int) -> list[CallSummary]:
        calls, cards = CallRow.__table__, ScorecardRow.__table__
        query = (sa.select(*(calls.c[name] for name in CallSummary.model_fields if name in calls.c),
                           cards.c.overall, cards.c.passed)
                 .outerjoin(cards, sa.and_(cards.c.call_id == calls.c.id, cards.c.latest.is_(True)))
                 .where(*where)
                 .order_by(calls.c.started_at.desc(), calls.c.id.desc()).limit(limit).offset(offset))
        rows = self._read(lambda c: c.execute(query).mappings().all())
        return [CallSummary.model_validate(dict(row)) for row in rows]

    def ids(self) -> set[str]:
        calls = CallRow.__table__
        return set(self._read(lambda c: c.execute(sa.select(calls.c.id)).scalars().all()))

    def export_json(self, call_id: str) -> Path:
        """The record as one JSON file (the transcript format of ``shared/eval``), for download and for the
        scorecard panel; ``audio`` names the recording relative to the file, when there is one."""
        path = self.export_path(call_id)
        data = self.load(call_id).model_dump(mode="json")
        recording = self.recording_path(call_id)
        if recording.is_file():
            data["audio"] = os.path.relpath(recording, path.parent)
        CallRecord.model_validate(data).save(path)
        return path

