"""Database engines (SQLite or PostgreSQL) and the migrations, applied on start.

* SQLite (the default, in the data folder): WAL (readers do not block the writer), foreign keys
  on (they are off per connection otherwise), a busy timeout, and write transactions that take
  the write lock up front (``BEGIN IMMEDIATE``: a read that later writes cannot fail with
  "database is locked" when another process wrote in between).
* PostgreSQL (``--db postgresql://...``): psycopg 3, whatever driver the URL names.
* Migrations: Alembic, configured in code (no alembic.ini), serialized across the processes and
  replicas that start at once (an advisory lock on PostgreSQL, a file lock on SQLite).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

from ..errors import InputError

#: Key of the PostgreSQL advisory lock held while migrating ("cmpl").
MIGRATION_LOCK = 0x636D706C


def normalize_url(url: str) -> str:
    """``postgresql://`` (which SQLAlchemy maps to psycopg2) means psycopg 3 here; other URLs
    pass unchanged. A URL that is not one is an :class:`InputError`."""
    try:
        u = make_url(url)
    except ArgumentError:
        raise InputError(f"--db: {url!r} is not a database URL (sqlite:///FILE or postgresql://USER@HOST/DB)") from None
    if u.drivername in ("postgresql", "postgres"):
        u = u.set(drivername="postgresql+psycopg")
    if u.get_backend_name() not in ("sqlite", "postgresql"):
        raise InputError(f"--db: {u.get_backend_name()!r} is not supported (sqlite or postgresql)")
    return u.render_as_string(hide_password=False)


def shown_url(url: str) -> str:
    """The URL without its password, for messages."""
    return make_url(url).render_as_string(hide_password=True)


def make_engine(url: str) -> Engine:
    url = normalize_url(url)
    if make_url(url).get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)


def _sqlite_connect(dbapi_conn, _record) -> None:  # noqa: ANN001 - DB-API objects
    dbapi_conn.isolation_level = None  # SQLAlchemy's "begin" event below emits BEGIN
    cur = dbapi_conn.cursor()
    for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON", "busy_timeout=30000"):
        cur.execute(f"PRAGMA {pragma}")
    cur.close()


def _sqlite_begin(conn) -> None:  # noqa: ANN001 - a Connection
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("writing") else "BEGIN")


class Database:
    """An engine and its sessions: :meth:`reading` for queries, :meth:`writing` for changes;
    :meth:`query` and :meth:`change` are the plain-SQL versions for the hot paths of every
    request (the token, the audit entry), without the ORM's unit of work."""

    def __init__(self, url: str):
        self.engine = make_engine(url)
        self.dialect = self.engine.dialect.name
        self._writer = self.engine.execution_options(writing=True)
        self._read = sessionmaker(self.engine, expire_on_commit=False)
        self._write = sessionmaker(self._writer, expire_on_commit=False)

    @contextlib.contextmanager
    def query(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn

    @contextlib.contextmanager
    def change(self) -> Iterator[Connection]:
        """A connection whose transaction commits at the end of the block."""
        with self._writer.begin() as conn:
            yield conn

    @contextlib.contextmanager
    def reading(self) -> Iterator[Session]:
        with self._read() as session:
            yield session

    @contextlib.contextmanager
    def writing(self) -> Iterator[Session]:
        """A session whose transaction commits at the end of the block (rolls back on error)."""
        with self._write() as session, session.begin():
            yield session

    def ping(self) -> None:
        with self.engine.connect() as conn:
            conn.execute(text("SELECT 1"))

    def dispose(self) -> None:
        self.engine.dispose()


def alembic_config(engine: Engine):  # noqa: ANN201 - alembic.config.Config
    import sys

    from alembic.config import Config

    cfg = Config(stdout=sys.stdout)  # no alembic.ini: everything is set here (and today's stdout)
    cfg.set_main_option("script_location", "compliance.service:migrations")
    # ConfigParser interpolates %: escape it (passwords may hold one)
    cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    cfg.attributes["engine"] = engine
    return cfg


@contextlib.contextmanager
def _migration_lock(engine: Engine) -> Iterator[None]:
    """Only one process migrates at a time (server workers and replicas start together)."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": MIGRATION_LOCK})
            conn.commit()
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": MIGRATION_LOCK})
                conn.commit()
        return
    import fcntl

    database = engine.url.database
    if not database or database == ":memory:":
        yield
        return
    lock = Path(database).resolve().with_name(Path(database).name + ".migrate-lock")
    with open(lock, "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def migrate(db: Database, revision: str = "head") -> None:
    """Bring the database up to ``revision`` (creating it from empty if need be)."""
    from alembic import command

    engine = db.engine
    if engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:"):
        Path(engine.url.database).resolve().parent.mkdir(mode=0o700, parents=True, exist_ok=True)  # private: profiles, audit log
    with _migration_lock(engine):
        command.upgrade(alembic_config(engine.execution_options(writing=True)), revision)


def current_revision(db: Database) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def open_database(url: str, *, migrate_now: bool = True) -> Database:
    """A :class:`Database` for ``url``, migrated to the newest schema when ``migrate_now``.
    A database that cannot be reached is an :class:`InputError` naming it (without password)."""
    from sqlalchemy.exc import OperationalError

    db = Database(url)
    try:
        if migrate_now:
            migrate(db)
        else:
            db.ping()
    except OperationalError as exc:
        db.dispose()
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise InputError(f"database {shown_url(db.engine.url.render_as_string(hide_password=False))}: {reason}") from None
    return db


__all__ = ["Database", "current_revision", "make_engine", "migrate", "normalize_url", "open_database", "shown_url"]
