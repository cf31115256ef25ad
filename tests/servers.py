"""Running `compliance serve` for tests: the installed command in its own process group, on a
free loopback port, ready when /healthz answers; stopped with SIGTERM (graceful), SIGKILL for
the process group only as a last resort."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

from .conftest import COMPLIANCE, ROOT, Result, run_cli
from .pgcluster import free_port


class Server:
    def __init__(self, data: Path, *args: str, env: dict | None = None, timeout: float = 60.0):
        self.data, self.args, self.timeout = data, args, timeout
        self.env = {**os.environ, **(env or {})}
        self.env.pop("COMPLIANCE_RULES", None)
        self.proc: subprocess.Popen | None = None

    def cli(self, *args: str) -> Result:
        """Another `compliance` command against this server's database (tokens ...), in-process."""
        return run_cli(*args, *self.database_args())

    def database_args(self) -> list[str]:
        args = ["--data", str(self.data)]
        if "--db" in self.args:
            args += ["--db", self.args[self.args.index("--db") + 1]]
        return args

    def token(self, name: str) -> str:
        res = self.cli("tokens", "create", name)
        assert res.code == 0, res.stderr
        return res.stdout.strip()

    def api(self, secret: str | None = None, timeout: float = 120) -> httpx.Client:
        """An httpx client of this server's API, with the bearer token ``secret`` (default: ``self.secret``)."""
        token = secret or getattr(self, "secret")
        return httpx.Client(base_url=self.url, headers={"Authorization": f"Bearer {token}"}, timeout=timeout)

    def start(self) -> Server:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(self.data.parent / f"serve-{self.port}.log", "wb")
        self.proc = subprocess.Popen(
            [str(COMPLIANCE), "serve", "--port", str(self.port), "--data", str(self.data), "--log-level", "warning", *self.args],
            stdout=self.log, stderr=subprocess.STDOUT, cwd=ROOT, env=self.env, start_new_session=True)
        deadline = time.monotonic() + self.timeout
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"compliance serve exited with {self.proc.returncode}:\n{self.output()}")
            try:
                if httpx.get(self.url + "/healthz", timeout=2).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise TimeoutError(f"compliance serve did not answer in {self.timeout} s:\n{self.output()}")
            time.sleep(0.1)

    def output(self) -> str:
        self.log.flush()
        return Path(self.log.name).read_text(errors="replace")

    def stop(self, timeout: float = 30) -> int | None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.log.close()
        return self.proc.returncode if self.proc else None


def portal_server(data: Path, token_name: str) -> Iterator[Server]:
    """The body of a module fixture: a server with one render worker in ``data``, signed in with a
    new token named ``token_name`` (``server.secret``), stopped afterwards."""
    srv = Server(data, "--render-workers", "1").start()
    srv.secret = srv.token(token_name)
    yield srv
    srv.stop()
