"""The limit on guessing: failed attempts (an unknown vendor link, a wrong token at sign-in) per
client address, counted in the database, so the limit holds across server processes, replicas
and restarts.

The real protection is the link's 192 random bits (nobody guesses one); the limit keeps a
guesser from trying at all. An address with ``limit`` failures in the last ``window`` is
answered 429 with ``Retry-After`` on every link and sign-in, valid ones too, until its oldest
failure leaves the window. Rows older than the window are deleted as new failures arrive.
"""

from __future__ import annotations

import datetime as dt
import math

from sqlalchemy import delete, func, insert, select

from ..db import Database
from ..models import LoginFailure, utcnow

#: Failures an address may make in WINDOW before it is refused.
LIMIT = 20
WINDOW = dt.timedelta(minutes=10)


class TooManyAttempts(Exception):
    def __init__(self, retry_after: int):
        super().__init__(f"too many failed attempts; retry in {retry_after} s")
        self.retry_after = retry_after


class Attempts:
    def __init__(self, db: Database, limit: int = LIMIT, window: dt.timedelta = WINDOW):
        self.db, self.limit, self.window = db, limit, window

    def check(self, ip: str) -> None:
        """:class:`TooManyAttempts` when ``ip`` has used up its failures."""
        since = utcnow() - self.window
        with self.db.query() as conn:
            count, oldest = conn.execute(
                select(func.count(), func.min(LoginFailure.at)).where(LoginFailure.ip == ip[:64], LoginFailure.at >= since)
            ).one()
        if count >= self.limit:
            if oldest.tzinfo is None:  # SQLite through Core: a naive UTC time
                oldest = oldest.replace(tzinfo=dt.timezone.utc)
            wait = (oldest + self.window - utcnow()).total_seconds()
            raise TooManyAttempts(max(1, math.ceil(wait)))

    def fail(self, ip: str) -> None:
        now = utcnow()
        with self.db.change() as conn:
            conn.execute(insert(LoginFailure), {"ip": ip[:64], "at": now})
            conn.execute(delete(LoginFailure).where(LoginFailure.at < now - self.window))
