"""The older call records (``calls/*.json`` under the data folder) brought into the database once.

Run at start-up: the first time it imports every readable file not already stored and notes that in the
``meta`` table, so a record deleted from the database later is not brought back. Files are left where they
are; one that cannot be read is reported and skipped, never half-imported.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from pydantic import BaseModel, Field, ValidationError
from sqlalchemy.exc import SQLAlchemyError

from core.errors import field_of
from core.record import CallRecord
from storage.database import explain
from storage.repository import CallRepository
from storage.schema import MetaRow

log = logging.getLogger(__name__)

MARK = "json_import"


class ImportReport(BaseModel):
    imported: int = 0
    already: int = 0
    skipped: list[str] = Field(default_factory=list, description="file: why")
    done_before: bool = False


def import_json_calls(repo: CallRepository, calls_dir: Path | None = None, owner: str | None = None) -> ImportReport:
    """``owner``: whose calls records without one become (the local user's, in single-user mode). Raises
    ``StorageError`` when the database cannot be read or written (locked, say)."""
    try:
        return _import(repo, calls_dir or repo.data_dir / "calls", owner)
    except SQLAlchemyError as exc:
        raise explain(exc, repo.engine.url) from None


def _import(repo: CallRepository, calls_dir: Path, owner: str | None) -> ImportReport:
    meta = MetaRow.__table__
    with repo.engine.connect() as connection:
        if connection.execute(sa.select(meta.c.value).where(meta.c.key == MARK)).first():
            return ImportReport(done_before=True)
    report = ImportReport()
    known = repo.ids()
    for path in sorted(calls_dir.glob("*.json")) if calls_dir.is_dir() else []:
        try:
            record = CallRecord.load(path)
        except ValidationError as exc:
            first = exc.errors()[0]
            report.skipped.append(f"{path.name}: {field_of(first)}: {first['msg']}")
            continue
        except (OSError, UnicodeDecodeError) as exc:
            report.skipped.append(f"{path.name}: {exc}")
            continue
        if record.id in known:
            report.already += 1
            continue
        if record.user_id is None:
            record.user_id = owner
        if not repo.save(record):
            raise repo.last_error or RuntimeError("the database could not be written")
        known.add(record.id)
        report.imported += 1
    for problem in report.skipped:
        log.warning("not imported: %s", problem)
    with repo.engine.begin() as connection:
        connection.execute(sa.insert(meta).values(
            key=MARK, value=f"{datetime.now(UTC).isoformat(timespec='seconds')} imported={report.imported}"))
    return report
