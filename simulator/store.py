"""The call store a process uses: the database the settings name, migrated to the newest schema, with the
older ``calls/*.json`` records imported the first time; the accounts kept in it."""

from __future__ import annotations

import logging

from accounts.roles import LOCAL_ID
from accounts.service import Accounts
from simulator.settings import Settings
from storage.accounts import AccountStore
from storage.database import default_url
from storage.importer import import_json_calls
from storage.repository import CallRepository

log = logging.getLogger(__name__)


def open_store(settings: Settings) -> CallRepository:
    """Raises ``storage.database.StorageError`` (what went wrong, what to do) when the database is unusable."""
    repo = CallRepository.open(settings.database_url or default_url(settings.data_dir), settings.data_dir)
    report = import_json_calls(repo, owner=LOCAL_ID)  # records from before accounts: the local user's
    if report.imported or report.skipped:
        log.info("imported %d older call records into the database (%d skipped)", report.imported,
                 len(report.skipped))
    return repo


def open_accounts(repo: CallRepository) -> Accounts:
    """The accounts in the same database; the first admin is created from ADMIN_USERNAME / ADMIN_PASSWORD."""
    accounts = Accounts(AccountStore(repo.engine))
    if (admin := accounts.bootstrap()) is not None:
        log.info("created the first admin, %s: sign-in is on", admin.username)
    return accounts
