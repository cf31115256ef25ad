"""`compliance due`: what falls due for a vendor or a folder of vendors (table, JSON, iCalendar)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..enums import Lang
from .common import EXIT_NO, console, guarded, load_ruleset_or_exit, parse_date, print_json, write_output, wrote
from .options import AsOf, LangOption, RulesDir, format_choice

DueFormat: type[Enum] = format_choice("due")


def register(root: typer.Typer) -> None:
    root.command("due")(due_command)


@guarded
def due_command(
    target: Annotated[Path, typer.Argument(help="Vendor profile (YAML/JSON), or a folder of vendor folders "
                                                "(DIR/<vendor>/profile.yaml with its answers file).", show_default=False)],
    answers: Annotated[Optional[list[Path]], typer.Argument(
        help="Answers files of the profile (their waivers' expiry dates count).", show_default=False)] = None,
    as_of: AsOf = None,
    within: int = typer.Option(365, "--within", min=0, help="Days ahead to look (overdue items are always listed)."),
    fmt: DueFormat = typer.Option(DueFormat("table"), "--format", "-f",  # type: ignore[valid-type]
                                  help="table (terminal), json (stdout, stable shape) or ics (iCalendar file)."),
    remind: int = typer.Option(30, "--remind", min=0, help="ics: a reminder this many days before each date (0: none)."),
    lang: LangOption = Lang.en,
    output: Annotated[Optional[str], typer.Option(
        "--output", "-o", help="File or folder to write; '-' for stdout. Default: table and json on stdout, "
        "ics in output/[<profile-id>/]due-<as-of>.ics", show_default=False)] = None,
    rules: RulesDir = None,
) -> None:
    """What falls due: certificates and waivers expiring, rule due dates, rules entering into force
    or reaching their last day.

    For one vendor (PROFILE and optional ANSWERS files) or every vendor folder of DIR. Sorted by
    date, overdue first. Exit 1 when anything is overdue (an expired certificate or waiver), so a
    scheduled job can alert; 0 otherwise; 2 on bad input. `--format ics` writes a calendar file
    (one all-day event per date, stable UIDs, a reminder --remind days ahead) to import into a
    calendar application.

    \b
    Examples:
      compliance due examples/lotus-networks/profile.yaml examples/lotus-networks/answers.yaml --within 90
      compliance due examples --format ics -o due.ics
    """
    from ..timeline import due_for_target

    day = parse_date(as_of)
    rs = load_ruleset_or_exit(rules)
    report = due_for_target(rs, target, list(answers or []), as_of=day, within=within)
    single = report.vendors[0] if not target.is_dir() and report.vendors else None
    if fmt.value == "ics":
        from ..documents.calendar import due_calendar

        write_output(due_calendar(report, lang, remind), output, f"due-{day.isoformat()}.ics", profile_id=single,
                     announce=wrote)
    elif fmt.value == "json":
        if output is None:
            print_json(report.to_dict())
        else:
            import json

            write_output(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n", output,
                         f"due-{day.isoformat()}.json", profile_id=single, announce=wrote)
    else:
        from . import tables

        tables.due_table(console(markup=False), report, lang)
    if report.overdue:
        raise typer.Exit(EXIT_NO)
