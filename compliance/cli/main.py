"""The `compliance` command line: the root app, and every command group registered one way.

Thin: each command parses options, calls one core function and prints (see the modules below).

Each group module has ``register(app)``; :data:`COMMANDS` says which module registers which
top-level command. The console script (:func:`main`) imports and registers only the module of the
command it was given (``compliance rules list`` never imports the pack, sign or serve modules nor
builds their commands); ``compliance --help``, ``--version``, shell completion and anything it
does not recognise get the whole app. :data:`app` (the whole app, built on first use) is what
tests and embedders invoke.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import typer

from .. import __version__
from . import coercion

if TYPE_CHECKING:
    app: typer.Typer

#: Top-level command -> the module of this package that registers it. The order of the modules
#: (first appearance) is the order in which `compliance --help` lists the commands.
COMMANDS: dict[str, str] = {
    "rules": "rules_cmd",
    "profile": "profile_cmd",
    "check": "check_cmd",
    "checklist": "documents_cmd",
    "attestation": "documents_cmd",
    "answers-template": "documents_cmd",
    "templates": "documents_cmd",
    "due": "due_cmd",
    "pack": "pack_cmd",
    "verify": "pack_cmd",
    "batch": "pack_cmd",
    "sign": "sign_cmd",
    "schema": "schema_cmd",
    "examples": "examples_cmd",
    "serve": "serve_cmd",
    "tokens": "serve_cmd",
}
MODULES: tuple[str, ...] = tuple(dict.fromkeys(COMMANDS.values()))

HELP = (
    "Checklists and attestations for German telecom-security obligations "
    "(§ 9b BSIG Garantieerklärung, § 165 TKG certification, BNetzA catalogue, EU law).\n\n"
    "Exit codes: 0 success/compliant, 1 non-compliant/incomplete/tampered, 2 bad input or usage."
)
#: Set by the shell while it asks for completions (Click's convention: _<PROG>_COMPLETE).
COMPLETION_VARIABLE = "_COMPLIANCE_COMPLETE"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"compliance {__version__}")
        raise typer.Exit()


def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Checklists and attestations for German telecom-security obligations."""


def build_app(modules: Iterable[str] = MODULES) -> typer.Typer:
    """The root app with the commands of ``modules`` (names of this package's group modules)."""
    coercion.install()
    root = typer.Typer(
        name="compliance",
        help=HELP,
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        add_completion=True,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    for name in modules:
        importlib.import_module(f"{__package__}.{name}").register(root)
    root.callback()(_root)
    return root


def modules_for(args: Sequence[str], environ: os._Environ[str] | dict[str, str] = os.environ) -> tuple[str, ...]:
    """The group modules a command line needs: the one registering its command, or all of them
    (root options such as ``--help``, completion, an unknown command: its error lists them all)."""
    if args and args[0] in COMMANDS and COMPLETION_VARIABLE not in environ:
        return (COMMANDS[args[0]],)
    return MODULES


def __getattr__(name: str) -> typer.Typer:  # `from compliance.cli.main import app`
    if name == "app":
        whole = build_app()
        globals()["app"] = whole
        return whole
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:  # console-script entry point
    code: int | str | None = 0
    try:
        build_app(modules_for(sys.argv[1:]))()
    except SystemExit as exc:
        code = exc.code
    try:  # output still buffered: a full disk or a closed pipe is one line, not a traceback at exit
        sys.stdout.flush()
    except OSError as exc:
        sys.stderr.write(f"error: cannot write to standard output: {exc.strerror or exc}\n")
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing left to flush at exit
        code = 2
    sys.exit(code)
