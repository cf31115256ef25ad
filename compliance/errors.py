"""Error types shared by every layer.

Every error a user can cause is an :class:`InputError`: it knows the file, the line and
the column (when known) and renders as one line, ``file:line:col: message``; in a file made
of named places instead of lines (a workbook), ``file:place: message``
(``answers.xlsx:Fragen!I25: ...``). The CLI prints that line on stderr and exits with code 2.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Location:
    """A position in an input file; line and column are 1-based. ``place`` names a position in
    a file without lines, such as a workbook cell (``Fragen!I25``)."""

    file: str
    line: int | None = None
    column: int | None = None
    place: str | None = None

    def __str__(self) -> str:
        parts = [self.file]
        if self.place is not None:
            parts.append(self.place)
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


class ComplianceError(Exception):
    """Base class of all errors raised on purpose by this package."""


class InputError(ComplianceError):
    """Bad input: one located, human-readable problem."""

    def __init__(self, message: str, location: Location | None = None):
        super().__init__(message)
        self.message = message
        self.location = location

    def __reduce__(self):  # picklable as it was made (errors come back from worker processes)
        return (type(self), (self.message, self.location))

    def __str__(self) -> str:
        message = shorten(one_line(self.message), MAX_MESSAGE)
        if self.location is None:
            return message
        return f"{one_line(str(self.location))}: {message}"


class NotFound(ComplianceError):
    """Something asked for by name does not exist (a rule id, a stored profile)."""


class InputErrors(ComplianceError):
    """Several input problems collected at once (for example a whole rule set)."""

    def __init__(self, errors: list[InputError]):
        super().__init__(f"{len(errors)} error(s)")
        self.errors = list(errors)

    def __reduce__(self):
        return (type(self), (self.errors,))

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)


#: Longest message shown (an echoed value is shortened long before: :func:`shorten`).
MAX_MESSAGE = 1000


def shorten(text: str, limit: int = 60) -> str:
    """``text`` cut to ``limit`` characters, saying how much was left out: a value echoed in a
    message (a 100,000-digit number, a megabyte of text) must not become the message."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text) - limit:,} more characters)"


def one_line(text: str) -> str:
    """Escape line breaks and control characters so a message stays on one line."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


_shown_from: ContextVar[Path | None] = ContextVar("compliance_shown_from", default=None)


@contextmanager
def paths_shown_from(folder: str | Path) -> Iterator[None]:
    """Within the block (this thread or task only), :func:`display_path` shows paths relative to
    ``folder`` instead of the working directory. The HTTP service puts a request's uploads in a
    private folder, so that messages name them as the client sent them (``answers.yaml:3:7``)."""
    token = _shown_from.set(Path(folder).resolve())
    try:
        yield
    finally:
        _shown_from.reset(token)


def display_path(path: str | Path) -> str:
    """A path as the user should see it: relative to the working directory when inside it (or to
    the folder of :func:`paths_shown_from`)."""
    p = Path(path)
    try:
        base = _shown_from.get() or Path.cwd().resolve()
        return str(p.resolve().relative_to(base))
    except (ValueError, OSError):
        return str(p)
