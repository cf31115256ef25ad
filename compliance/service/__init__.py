"""`compliance serve`: the HTTP API over the same core functions as the CLI (floor 5).

Nothing here is imported by the other commands: FastAPI, SQLAlchemy, Alembic and uvicorn are
loaded only by ``compliance serve`` and ``compliance tokens``.

* :mod:`.settings` — what a server runs with (options, environment for worker processes);
  :mod:`.server` — checks, migrates once, then runs uvicorn (``compliance serve``);
* :mod:`.db`, :mod:`.models`, ``migrations/`` — SQLAlchemy 2 tables, engines (SQLite or
  PostgreSQL) and the Alembic migrations applied on start;
* :mod:`.tokens` — bearer tokens (only their hashes are stored); :mod:`.audit` — the audit log;
* :mod:`.store` — the content-addressed file store and the cache of rendered documents;
* :mod:`.pool` — the bounded process pool that renders (503 + Retry-After when full);
  :mod:`.jobs` — what runs in it;
* :mod:`.inputs` — request inputs (inline JSON, uploaded files) to core objects;
  :mod:`.profiles` — stored profiles, and the one way a request's ``profile`` becomes a profile;
* :mod:`.errors`, :mod:`.limits` — the error shape (``{"errors": [{file, line, column,
  message}]}``) and the body limit;
* :mod:`.deps` — the dependencies routes declare (the service state, the caller's token) and
  the audit of each call; :mod:`.responses` — JSON and file answers, request options;
* :mod:`.routers` — one module per resource; :mod:`.app` — the application factory.
"""
