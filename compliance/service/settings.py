"""What a server runs with: the options of ``compliance serve``, passed to worker processes.

Light on purpose (no FastAPI, no SQLAlchemy): the CLI builds these before deciding to start a
server. With ``--workers N`` uvicorn starts N processes that each build the application from
:meth:`Settings.from_env`; :meth:`Settings.to_env` is what the CLI puts into their environment.
"""

from __future__ import annotations

import dataclasses
import json
import os
from dataclasses import dataclass
from pathlib import Path

#: Environment variable holding the settings (JSON) for the worker processes of one server.
ENV = "COMPLIANCE_SERVE_SETTINGS"
#: Default data folder (SQLite database, file store), relative to the working directory.
DEFAULT_DATA = Path("compliance-data")
#: Name of the SQLite database inside the data folder.
SQLITE_NAME = "compliance.sqlite"
MB = 1024 * 1024


@dataclass(frozen=True)
class Settings:
    data: Path = DEFAULT_DATA
    db: str | None = None  # a database URL; None: SQLite in the data folder
    rules: Path | None = None  # rule-set folder; None: the bundled one
    templates: Path | None = None  # template folder layered over the bundled templates
    max_body: int = 50 * MB  # bytes of one request body
    render_workers: int = 1  # processes of the render pool, per server process
    queue: int = 8  # render jobs that may wait for a free process, per server process
    migrate: bool = True  # False when the CLI has migrated before starting the workers
    public_url: str | None = None  # the address vendors reach the server at (vendor links); https: Secure cookies
    link_grace_days: int = 14  # days a vendor link stays valid after the request's due date

    @property
    def secure_cookies(self) -> bool:
        """Cookies only over TLS: when the public address is https (a TLS proxy in front)."""
        return bool(self.public_url and self.public_url.lower().startswith("https://"))

    @property
    def database_url(self) -> str:
        """The database URL (the SQLite file in the data folder unless ``db`` is given)."""
        if self.db:
            return self.db
        return f"sqlite:///{(self.data / SQLITE_NAME).resolve()}"

    @property
    def blobs(self) -> Path:
        """The content-addressed file store."""
        return self.data / "blobs"

    def to_env(self) -> str:
        values = {}
        for f in dataclasses.fields(self):
            v = getattr(self, f.name)
            values[f.name] = str(Path(v).resolve()) if isinstance(v, Path) else v
        return json.dumps(values)

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        raw = (environ if environ is not None else os.environ).get(ENV)
        if not raw:
            return cls()
        values = json.loads(raw)
        for name in ("data", "rules", "templates"):
            if values.get(name) is not None:
                values[name] = Path(values[name])
        return cls(**values)


def default_render_workers(http_workers: int) -> int:
    """Render processes per server process: the cores shared among the server processes."""
    return max(1, (os.cpu_count() or 1) // max(1, http_workers))


def check_public_url(url: str | None) -> str | None:
    """``--public-url`` without a trailing slash; an :class:`InputError` unless http(s)://HOST[/PATH]."""
    from urllib.parse import urlsplit

    from ..errors import InputError

    if url is None:
        return None
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise InputError(f"--public-url: {url!r} is not an address like https://compliance.example.com")
    return url.strip().rstrip("/")
