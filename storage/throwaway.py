"""A throw-away PostgreSQL server in a temporary folder, for the tests and the storage benchmark.

``initdb`` + ``pg_ctl`` from Debian's ``postgresql`` package (installed by ``./run.sh setup``), listening on a
unix socket only (no port to collide with), durability off (it is thrown away). Both programs refuse to
run as root, so as root they run as the ``postgres`` user the package creates.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from types import TracebackType

import psycopg

from core.errors import AppError


def _bin_dir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return Path(found[-1]).parent if found else None


def available() -> bool:
    return _bin_dir() is not None


class ThrowawayPostgres:
    def __init__(self, *, durable: bool = False) -> None:
        bin_dir = _bin_dir()
        if bin_dir is None:
            raise AppError("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/pg_ctl)",
                           "run `./run.sh setup`, which installs Debian's postgresql package")
        self.bin = bin_dir
        self.dir = Path(tempfile.mkdtemp(prefix="phonecoach-pg-"))
        self.data = self.dir / "data"
        self.port = 5432
        self.durable = durable  # False for tests: no fsync, no synchronous commit

    def _run(self, *cmd: str) -> None:
        argv = [str(self.bin / cmd[0]), *cmd[1:]]
        if os.geteuid() == 0:
            argv = ["runuser", "-u", "postgres", "--", *argv]
        done = subprocess.run(argv, capture_output=True, text=True, timeout=60)
        if done.returncode:
            raise AppError(f"{cmd[0]} failed: {(done.stderr or done.stdout).strip()[-500:]}",
                           f"see {self.dir / 'server.log'}")

    def init(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "app", "-E", "UTF8", "--locale=C.UTF-8",
                  "--no-sync")

    def start(self) -> None:
        options = f"-k {self.dir} -c listen_addresses='' -p {self.port}"
        if not self.durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.dir / "server.log"), "-w", "-o", options, "start")

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://app@/{database}?host={self.dir}&port={self.port}"

    def create_database(self, name: str) -> str:
        """A fresh, empty database on this server; its URL."""
        with psycopg.connect(host=str(self.dir), port=self.port, user="app", dbname="postgres",
                             autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def __enter__(self) -> ThrowawayPostgres:
        try:
            self.init()
            self.start()
        except BaseException:
            shutil.rmtree(self.dir, ignore_errors=True)
            raise
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        with contextlib.suppress(AppError):
            self.stop("immediate")
        shutil.rmtree(self.dir, ignore_errors=True)
