"""The start-up shortcuts (issue 10) change nothing a user can see.

* :mod:`compliance.cli.coercion` coerces the plain option kinds without pydantic: every option of
  the app, fed valid and invalid values, gives what Typer's own coercion gives (value or error);
* :mod:`compliance.cli.boxtable` draws tables without Rich's console: on generated tables and on
  the real ``rules list`` tables it prints what Rich prints, to the byte, or declines;
* :func:`compliance.cli.main.main` registers only the module of the command it was given: the
  table of commands matches what the modules register, and each command's help is the same as
  in the whole app.
"""

from __future__ import annotations

import io
import random
import subprocess
import sys
from datetime import date
from enum import Enum
from pathlib import Path

import pytest
import typer
from rich.console import Console
from rich.table import Table
from typer.testing import CliRunner

from compliance.cli import boxtable, coercion
from compliance.cli import main as cli_main

from .conftest import ROOT

# --------------------------------------------------------------------------- coercion


def _all_parameters():
    command = typer.main.get_command(cli_main.build_app())

    def walk(cmd, path):
        for p in cmd.params:
            if hasattr(p, "type_descriptor"):
                yield " ".join(path) or "compliance", cmd, p
        for name, sub in getattr(cmd, "commands", {}).items():
            yield from walk(sub, [*path, name])

    return list(walk(command, []))


def _samples(annotation, tmp_path: Path) -> list:
    leaf = annotation
    many = getattr(annotation, "__origin__", None) is list
    if many:
        leaf = annotation.__args__[0]
    if leaf is str:
        values = ["x", "", "ünïcode value", "--dash", 7]
    elif leaf is bool:
        values = [True, False, "true", "no"]
    elif isinstance(leaf, type) and issubclass(leaf, Enum):
        values = [m.value for m in leaf] + [m for m in leaf] + [str(next(iter(leaf)).value).upper(), "bogus", ""]
    elif isinstance(leaf, type) and issubclass(leaf, Path):
        values = ["a.yaml", "-", str(tmp_path), str(tmp_path / "missing" / "x.pdf"), "", Path("p")]
    else:
        values = ["1", "0", "-3", "abc", "2.5"]
    return [tuple(values)] if many else values


def _outcome(runtime, value, param, ctx):
    try:
        result = runtime.coerce(value, param=param, ctx=ctx)
    except Exception as exc:  # noqa: BLE001 - compared, not swallowed
        return ("error", type(exc).__name__, str(getattr(exc, "message", exc)))
    return ("value", type(result).__name__, result)


def test_plain_coercion_is_installed_and_agrees_with_typer_on_every_option(tmp_path):
    assert coercion.install() and coercion.installed(), "Typer changed: the start-up coercion is not in place"
    params = _all_parameters()
    assert len(params) > 100  # the whole app, not a part of it
    compared = shortcut = 0
    for where, cmd, param in params:
        ctx = typer.main._click.Context(cmd)
        ours = coercion.build_runtime_param(param.type_descriptor)
        typers = coercion._typer_build(param.type_descriptor)
        shortcut += isinstance(ours, coercion.PlainValue)
        for value in _samples(param.type_descriptor.annotation, tmp_path):
            got, want = _outcome(ours, value, param, ctx), _outcome(typers, value, param, ctx)
            assert got == want, (where, param.name, value, got, want)
            compared += 1
    assert shortcut > 100 and compared > 600


def test_typer_helpers_that_changed_leave_the_value_to_typer(monkeypatch, tmp_path):
    """If a Typer release changes the helpers the shortcut calls, every value still comes out
    as Typer makes it (its own path), not as an error."""
    monkeypatch.setattr(coercion, "coerce_cli_path", lambda value: value)  # another signature
    monkeypatch.setattr(coercion, "coerce_cli_choice", lambda: None)
    compared = 0
    for _, cmd, param in _all_parameters():
        ctx = typer.main._click.Context(cmd)
        ours = coercion.build_runtime_param(param.type_descriptor)
        if not isinstance(ours, coercion.PlainValue) or param.type_descriptor.annotation in (str, bool):
            continue
        typers = coercion._typer_build(param.type_descriptor)
        for value in _samples(param.type_descriptor.annotation, tmp_path)[:3]:
            assert _outcome(ours, value, param, ctx) == _outcome(typers, value, param, ctx)
            compared += 1
    assert compared > 50


def test_a_bad_choice_reads_as_typer_words_it():
    res = CliRunner().invoke(cli_main.build_app(), ["rules", "list", "--format", "xml"])
    assert res.exit_code == 2
    assert "Invalid value for '--format' / '-f'" in res.output and "'xml' is not one of 'table', 'json'" in res.output


# --------------------------------------------------------------------------- tables


def _rich(headers, rows, no_wrap, width) -> str:
    console = Console(file=io.StringIO(), width=width, highlight=False, soft_wrap=False, markup=False, emoji=False)
    table = Table()
    for header, nw in zip(headers, no_wrap):
        table.add_column(header, no_wrap=nw)
    for row in rows:
        table.add_row(*row)
    console.print(table)
    return console.file.getvalue()


@pytest.mark.parametrize("alphabet", ["abcdefghij  ÄöüßéЖ→—† :smile:", "abc de fg hi   jk 漢字テ 、.,-", "ab   c  d e   f x\u0301 "])
def test_boxtable_draws_what_rich_draws(alphabet):
    rnd = random.Random(alphabet)

    def text() -> str:
        s = "".join(rnd.choice(alphabet) for _ in range(rnd.choice([0, 1, 3, 8, 20, 60, 150])))
        if rnd.random() < 0.2:
            s += "\n" + "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 30)))
        return "  " + s + "   " if rnd.random() < 0.1 else s

    drawn = 0
    for _ in range(600):
        n = rnd.randint(1, 5)
        headers, no_wrap = [text()[:12] for _ in range(n)], [rnd.random() < 0.5 for _ in range(n)]
        rows = [[text() for _ in range(n)] for _ in range(rnd.randint(1, 6))]
        width = rnd.choice([20, 40, 80, 120, 200])
        mine = boxtable.draw(headers, rows, no_wrap, width)
        if mine is not None:
            assert mine == _rich(headers, rows, no_wrap, width), (headers, rows, no_wrap, width)
            drawn += 1
    assert drawn > 100


@pytest.mark.parametrize("cell", ["tab\there", "x" * 90])
def test_boxtable_leaves_to_rich_what_rich_changes(cell):
    """Tabs (expanded), a word longer than its column (cut)."""
    assert boxtable.draw(["Rule", "Title"], [["R-1", cell]], [True, False], 60) is None


def test_page_width_only_for_plain_utf8_output():
    class Out(io.StringIO):
        def __init__(self, tty: bool, encoding: str = "utf-8"):
            super().__init__()
            self._tty, self._enc = tty, encoding

        def isatty(self):
            return self._tty

        @property
        def encoding(self):
            return self._enc

    assert boxtable.page_width(Out(False), {}) == 120
    assert boxtable.page_width(Out(False), {"COLUMNS": "77"}) == 77
    assert boxtable.page_width(Out(True), {}) is None  # a terminal: Rich (colours, its width)
    assert boxtable.page_width(Out(False), {"FORCE_COLOR": "1"}) is None
    assert boxtable.page_width(Out(False), {"TTY_COMPATIBLE": "1"}) is None
    assert boxtable.page_width(Out(False, "ascii"), {}) is None  # Rich would draw ASCII boxes
    assert boxtable.page_width(Out(False), {"COLUMNS": "wide"}) is None
    for tty in (False, True):  # plain exactly where Rich does not see a terminal
        for tty_compatible in (None, "", "0", "1"):
            for force_color in (None, "", "1"):
                env = {k: v for k, v in (("TTY_COMPATIBLE", tty_compatible), ("FORCE_COLOR", force_color)) if v is not None}
                rich_terminal = Console(file=Out(tty), _environ=env).is_terminal
                assert (boxtable.page_width(Out(tty), env) is None) == rich_terminal, (tty, env)


@pytest.mark.parametrize("columns", [200, 120, 70, 52])
@pytest.mark.parametrize("day,lang,vendor,drafts", [
    ("2026-03-01", "en", None, False), ("2022-06-01", "de", None, True),
    ("2026-03-01", "en", "lotus-networks", False), ("2024-01-01", "de", "lotus-networks", True), ("1990-01-01", "en", None, False),
])
def test_rules_list_prints_what_rich_prints(monkeypatch, capsys, columns, day, lang, vendor, drafts):
    """The real tables of ``rules list``: the plain path and Rich's give the same bytes."""
    from compliance.cli import tables
    from compliance.cli.common import load_ruleset_or_exit
    from compliance.ruleset import load_profile, select

    rs = load_ruleset_or_exit(None)
    prof = load_profile(ROOT / "examples" / vendor / "profile.yaml", rs) if vendor else None
    selected = select(rs, date.fromisoformat(day), prof, include_drafts=drafts)
    monkeypatch.setenv("COLUMNS", str(columns))
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(io.BytesIO(), encoding="utf-8"))
    made = []

    def console():
        made.append(1)
        return Console(file=sys.stdout, width=columns, highlight=False, soft_wrap=False, markup=False, emoji=False)

    def run(plain: bool) -> str:
        sys.stdout.seek(0), sys.stdout.truncate()
        if not plain:
            monkeypatch.setattr(tables, "_plain_table", lambda *a: False)
        tables.rules_list(console, selected, date.fromisoformat(day), prof, drafts, lang)
        sys.stdout.flush()
        return sys.stdout.buffer.getvalue().decode()

    plain = run(True)
    plain_used = not made
    assert run(False) == plain
    if columns >= 120:
        assert plain_used  # the common widths take the plain path


# --------------------------------------------------------------------------- lazy registration


def test_the_table_of_commands_is_what_the_modules_register():
    import importlib

    for module in cli_main.MODULES:
        app = typer.Typer()
        importlib.import_module(f"compliance.cli.{module}").register(app)
        group = typer.main.get_group(app) if app.registered_commands or app.registered_groups else None
        names = set(group.commands) if group else set()
        assert names == {c for c, m in cli_main.COMMANDS.items() if m == module}, module
    whole = typer.main.get_command(cli_main.build_app())
    assert list(whole.commands) == list(typer.main.get_command(cli_main.app).commands)
    assert set(whole.commands) == set(cli_main.COMMANDS)


def test_modules_for_a_command_line():
    assert cli_main.modules_for(["rules", "list"], {}) == ("rules_cmd",)
    assert cli_main.modules_for(["verify", "x.pdf"], {}) == ("pack_cmd",)
    for args in ([], ["--help"], ["--version"], ["rulez"], ["-h", "rules"]):
        assert cli_main.modules_for(args, {}) == cli_main.MODULES
    assert cli_main.modules_for(["rules"], {cli_main.COMPLETION_VARIABLE: "bash_complete"}) == cli_main.MODULES


def test_each_command_reads_the_same_with_its_module_alone_as_in_the_whole_app():
    """`compliance X --help` with only X's module registered (what the console script does) is
    the whole app's help; and the script itself picks the module (no pack module for `rules`)."""
    runner = CliRunner()
    for name, module in cli_main.COMMANDS.items():
        alone = runner.invoke(cli_main.build_app((module,)), [name, "--help"], prog_name="compliance", env={"COLUMNS": "100"})
        whole = runner.invoke(cli_main.app, [name, "--help"], prog_name="compliance", env={"COLUMNS": "100"})
        assert alone.exit_code == whole.exit_code == 0, (name, alone.output)
        assert alone.output == whole.output, name
    code = ("import sys; sys.argv = ['compliance', 'rules', 'show', 'TKG-165-04']\n"
            "from compliance.cli.main import main\n"
            "try:\n    main()\nexcept SystemExit as e:\n    assert e.code == 0, e.code\n"
            "assert 'compliance.cli.pack_cmd' not in sys.modules and 'compliance.cli.rules_cmd' in sys.modules\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0 and "TKG-165-04" in out.stdout, out.stderr
