"""A throwaway PostgreSQL cluster from Debian's server binaries, for tests.

    with PgCluster() as pg:
        url = pg.create_database("t1")     # postgresql+psycopg://postgres@127.0.0.1:PORT/t1

``initdb`` and ``postgres`` run directly (not ``pg_ctl``: the test owns the process and can stop
it), listening on 127.0.0.1 only, with durability off (it is thrown away). PostgreSQL refuses to
run as root, so as root the cluster runs as the ``postgres`` user (Debian's package makes it),
else ``nobody``; its folder is made with :func:`tempfile.mkdtemp` in a world-traversable place
(not pytest's ``tmp_path``, whose parents are private to root).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path


def find_bin() -> str | None:
    """The newest ``/usr/lib/postgresql/<version>/bin`` with ``initdb`` (Debian keeps it off
    PATH), ``$PG_BIN``, or a directory on PATH holding ``initdb``; None when there is none."""
    if os.environ.get("PG_BIN"):
        return os.environ["PG_BIN"]
    found = [d for d in glob.glob("/usr/lib/postgresql/*/bin") if os.path.exists(f"{d}/initdb")]
    if found:
        return max(found, key=lambda d: int(Path(d).parent.name.split(".")[0]))
    initdb = shutil.which("initdb")
    return os.path.dirname(initdb) if initdb else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _traversable(path: str) -> bool:
    p = Path(path).resolve()
    return all(os.stat(q).st_mode & 0o001 for q in [p, *p.parents])


class PgCluster:
    def __init__(self, timeout: float = 30.0):
        self.bin = find_bin()
        if self.bin is None:
            raise RuntimeError("PostgreSQL server binaries not found (apt-get install postgresql)")
        self.port = free_port()
        self.timeout = timeout
        self.proc: subprocess.Popen | None = None
        self.user = None
        if os.geteuid() == 0:
            for name in ("postgres", "nobody"):
                try:
                    self.user = pwd.getpwnam(name)
                    break
                except KeyError:
                    continue
            if self.user is None:
                raise RuntimeError("running as root, and there is no 'postgres' or 'nobody' user to run PostgreSQL")

    def _kw(self) -> dict:
        env = {"PATH": f"{self.bin}:/usr/bin:/bin", "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8", "TZ": "UTC", "HOME": self.dir}
        kw: dict = {"env": env, "cwd": self.dir}
        if self.user is not None:  # setgroups([]), setgid, setuid in the child: no su, no shell
            kw.update(user=self.user.pw_uid, group=self.user.pw_gid, extra_groups=[])
        return kw

    def start(self) -> PgCluster:
        base = tempfile.gettempdir()
        if self.user is not None and not _traversable(base):
            base = "/tmp"
        self.dir = tempfile.mkdtemp(prefix="pg-", dir=base)  # short: the socket path must stay < 107 bytes
        if self.user is not None:
            os.chown(self.dir, self.user.pw_uid, self.user.pw_gid)
        data = os.path.join(self.dir, "data")
        subprocess.run([f"{self.bin}/initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8",
                        "--locale=C.UTF-8", "--no-sync", "--no-instructions"],
                       check=True, capture_output=True, timeout=self.timeout, **self._kw())
        self.log = os.path.join(self.dir, "postgres.log")
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen(
                [f"{self.bin}/postgres", "-D", data, "-p", str(self.port), "-c", "listen_addresses=127.0.0.1",
                 "-c", f"unix_socket_directories={self.dir}", "-c", "fsync=off", "-c", "synchronous_commit=off",
                 "-c", "full_page_writes=off", "-c", "max_connections=200", "-c", "shared_buffers=32MB"],
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True, **self._kw())
        deadline = time.monotonic() + self.timeout
        while subprocess.run([f"{self.bin}/pg_isready", "-q", "-h", "127.0.0.1", "-p", str(self.port)],
                             **self._kw()).returncode != 0:
            if self.proc.poll() is not None or time.monotonic() > deadline:
                tail = Path(self.log).read_text(errors="replace")[-2000:]
                self.stop()
                raise RuntimeError(f"PostgreSQL did not start:\n{tail}")
            time.sleep(0.05)
        return self

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)  # fast shutdown: roll back, disconnect, stop
            try:
                self.proc.wait(self.timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        shutil.rmtree(self.dir, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=self.port, user="postgres", dbname="postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def __enter__(self) -> PgCluster:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
