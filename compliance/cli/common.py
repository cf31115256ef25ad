"""Shared plumbing of the CLI: error mapping, dates, output helpers.

Exit codes (every command): 0 success / compliant, 1 the answer is "no", 2 bad input or usage.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

import typer

from ..errors import ComplianceError, InputError, InputErrors

EXIT_OK, EXIT_NO, EXIT_BAD_INPUT = 0, 1, 2


def err(line: str) -> None:
    """Write one line to stderr (control characters from input shown escaped: :mod:`.terminal`)."""
    from .terminal import safe

    sys.stderr.write(safe(line.rstrip("\n")) + "\n")


def wrote(path: str) -> None:
    """Announce a written file: ``wrote PATH`` on stderr, for every command (stdout may carry data)."""
    err(f"wrote {path}")


def fail(message: str, code: int = EXIT_BAD_INPUT) -> NoReturn:
    err(f"error: {message}")
    raise typer.Exit(code)


@contextmanager
def user_errors() -> Iterator[None]:
    """Map our errors to one line each on stderr and exit code 2; never a traceback."""
    try:
        yield
    except InputErrors as exc:
        for e in exc.errors:
            err(f"{e}")
        raise typer.Exit(EXIT_BAD_INPUT) from None
    except InputError as exc:
        err(f"{exc}")
        raise typer.Exit(EXIT_BAD_INPUT) from None
    except ComplianceError as exc:
        err(f"error: {exc}")
        raise typer.Exit(EXIT_BAD_INPUT) from None
    except typer.Exit:
        raise
    except KeyboardInterrupt:
        err("interrupted")
        raise typer.Exit(130) from None
    except OSError as exc:  # the machine, not the input or a bug: a full disk, a closed pipe
        from ..errors import display_path, one_line

        where = f"{display_path(exc.filename)}: " if exc.filename else ""
        err(f"error: {one_line(where)}{exc.strerror or exc}")
        raise typer.Exit(EXIT_BAD_INPUT) from None
    except Exception as exc:  # noqa: BLE001 - last resort: one line, no traceback
        if os.environ.get("COMPLIANCE_DEBUG"):
            raise
        err(f"internal error: {type(exc).__name__}: {exc} (set COMPLIANCE_DEBUG=1 for details)")
        raise typer.Exit(EXIT_BAD_INPUT) from None


def parse_date(value: str | None, option: str = "--as-of") -> dt.date:
    """An ISO date from the command line; ``None`` means today (the only place 'today' is used)."""
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        fail(f"{option}: {value!r} is not a date in the form YYYY-MM-DD")


def emit(data: str | bytes, target: Path | None, announce: Callable[[str], None] | None = None) -> None:
    """Write a command's output: to stdout when ``target`` is None (PDF bytes only into a pipe or
    file, never a terminal), else atomically to ``target``, then ``announce(path as shown)``."""
    if target is None:
        if isinstance(data, bytes) and sys.stdout.isatty():
            fail("refusing to write a PDF to a terminal; use -o FILE or a pipe")
        try:
            if isinstance(data, bytes):
                sys.stdout.flush()
                sys.stdout.buffer.write(data)
                sys.stdout.buffer.flush()
            else:
                sys.stdout.write(data)
                sys.stdout.flush()
        except OSError as exc:
            raise InputError(f"cannot write to standard output: {exc.strerror or exc}") from None
        return
    from ..errors import display_path
    from ..files.atomic import write_atomic

    write_atomic(target, data)
    if announce is not None:
        announce(display_path(target))


def write_output(data: str | bytes, output: str | Path | None, default_name: str, *,
                 profile_id: str | None = None, default_stdout: bool = False,
                 announce: Callable[[str], None] | None = None) -> None:
    """:func:`emit` to where ``-o output`` says (:func:`compliance.files.outputs.output_target`)."""
    from ..files.outputs import output_target

    emit(data, output_target(output, default_name, profile_id=profile_id, default_stdout=default_stdout), announce)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n")


def load_ruleset_or_exit(path: Path | None):
    """The rule set of ``--rules`` (default: the bundled one); its errors exit 2, its notes
    (deprecated keys) go to stderr, one line each."""
    from ..ruleset import load_ruleset

    with user_errors():
        ruleset = load_ruleset(path)
    for note in ruleset.notes:
        err(note)
    return ruleset


def console(stderr: bool = False, markup: bool = True):
    """A Rich console; ``markup=False`` for output made only of data (vendor text may hold ``[/x]``).
    Never emoji codes: ``:smile:`` in a vendor's name is printed as written."""
    from rich.console import Console

    out = Console(stderr=stderr, highlight=False, soft_wrap=False, markup=markup, emoji=False)
    if not out.is_terminal and "COLUMNS" not in os.environ:
        out.width = 120  # pipes and files: wide enough for ids, dates and titles
    return out


def guarded(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Decorator form of :func:`user_errors` for command functions."""
    import functools

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with user_errors():
            return fn(*args, **kwargs)

    return wrapper
