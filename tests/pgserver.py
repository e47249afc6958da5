"""A throw-away PostgreSQL server for the tests: Debian's ``postgresql`` binaries, a data
folder in /tmp, a free port on 127.0.0.1, trust authentication, stopped at the end.

Run as root (a container), the server runs as the ``postgres`` system user: initdb
refuses root. A database migrated once serves as the template each test's database is
copied from (``CREATE DATABASE … TEMPLATE``), which takes milliseconds.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

TEMPLATE = "gridapp_template"
PREFIX = "gridapp-pg-"


def bin_dir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).resolve().parent if initdb else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self):
        self.bin = bin_dir()
        if self.bin is None:
            raise RuntimeError("PostgreSQL binaries not found (apt-get install postgresql)")
        self.root = Path(tempfile.mkdtemp(prefix=PREFIX))
        (self.root / "owner.pid").write_text(str(os.getpid()))
        self.data = self.root / "data"
        self.port = _free_port()
        self.user = None
        if os.geteuid() == 0:
            self.user = pwd.getpwnam("postgres")
            os.chown(self.root, self.user.pw_uid, self.user.pw_gid)
        self._names = itertools.count(1)

    def _run(self, *args, check=True):
        def demote():
            os.setgid(self.user.pw_gid)
            os.setuid(self.user.pw_uid)

        return subprocess.run([str(self.bin / args[0]), *args[1:]], check=check, capture_output=True, text=True,
                              preexec_fn=demote if self.user else None, cwd=self.root)

    def start(self, durable: bool = False) -> "Server":
        """``durable``: commits reach the disk, as on a real server (benchmarks); otherwise
        nothing is flushed (tests)."""
        self._reap()
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                  "--locale=C", "--no-sync")
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.root} -c max_connections=60"
        if not durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        done = self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.root / "log"),
                         "-w", "-t", "30", "start", check=False)
        if done.returncode:
            log = (self.root / "log").read_text() if (self.root / "log").exists() else ""
            raise RuntimeError(f"pg_ctl start failed: {done.stderr}{log}")
        return self

    def _reap(self) -> None:
        """Stop the servers of earlier runs that died before stopping them (a crash)."""
        for pid_file in Path(tempfile.gettempdir()).glob(PREFIX + "*/owner.pid"):
            try:
                os.kill(int(pid_file.read_text()), 0)
                continue  # its run is still going
            except ProcessLookupError:
                pass
            except (ValueError, OSError):
                continue
            if (pid_file.parent / "data").is_dir():
                self._run("pg_ctl", "-D", str(pid_file.parent / "data"), "-m", "immediate", "-w", "stop",
                          check=False)
            shutil.rmtree(pid_file.parent, ignore_errors=True)

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop", check=False)
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, dbname: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{dbname}"

    def admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(sql)

    def create(self, template: str | None = None) -> str:
        """A new database (a copy of ``template`` if given); its URL."""
        name = f"t{os.getpid()}_{next(self._names)}"
        self.admin(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return self.url(name)

    def make_template(self) -> None:
        """A database with the schema applied, to copy."""
        from gridapp import db

        self.admin(f'CREATE DATABASE "{TEMPLATE}"')
        db.open_database(self.url(TEMPLATE), None)
        db.close_database()
