"""The call store a process uses: the database the settings name, migrated to the newest schema, with the
older ``calls/*.json`` records imported the first time."""

from __future__ import annotations

import logging

from simulator.settings import Settings
from storage.database import default_url
from storage.importer import import_json_calls
from storage.repository import CallRepository

log = logging.getLogger(__name__)


def open_store(settings: Settings) -> CallRepository:
    """Raises ``storage.database.StorageError`` (what went wrong, what to do) when the database is unusable."""
    repo = CallRepository.open(settings.database_url or default_url(settings.data_dir), settings.data_dir)
    report = import_json_calls(repo)
    if report.imported or report.skipped:
        log.info("imported %d older call records into the database (%d skipped)", report.imported,
                 len(report.skipped))
    return repo
