"""`compliance check PROFILE ANSWERS...`: a vendor's answers against the rules in effect."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ..enums import Lang
from .common import EXIT_NO, EXIT_OK, console, err, guarded, load_ruleset_or_exit, parse_date, write_output, wrote
from .options import AsOf, EvidenceDir, IncludeDrafts, LangOption, RulesDir, Templates, format_choice

ReportFormat = format_choice("check")


def register(root: typer.Typer) -> None:
    root.command("check")(check_command)


@guarded
def check_command(
    profile: Path = typer.Argument(..., help="Vendor profile (YAML/JSON), or a folder of profiles (each ANSWERS file picks its own by id)."),
    answers: list[Path] = typer.Argument(..., help="Answers: .yaml/.yml/.json, a filled attestation PDF, or a filled answers workbook (.xlsx). Several files: batch mode."),
    as_of: AsOf = None,
    evidence_dir: EvidenceDir = None,
    lang: LangOption = Lang.en,
    fmt: ReportFormat = typer.Option(ReportFormat("table"), "--format", "-f", help="table (terminal), json (stdout, stable shape), html or pdf (a report document; pdf needs -o)."),  # type: ignore[valid-type]
    output: Optional[str] = typer.Option(None, "--output", "-o", help="Write the output to this file (atomically) instead of stdout; a folder: check.json / check.txt / report-<lang>-<as-of>.<ext> in it.", show_default=False),
    accept_review: bool = typer.Option(False, "--accept-review", help="Exit 0 also for the verdict needs_review (only review items remain)."),
    include_drafts: IncludeDrafts = False,
    templates: Templates = None,
    rules: RulesDir = None,
) -> None:
    """Check a vendor's answers: findings, verdict, exit code.

    Per rule: compliant | non_compliant | incomplete | needs_review | not_applicable, with
    findings. Exit code 0 compliant, 1 otherwise, 2 bad input.

    \b
    Example:
      compliance check examples/lotus-networks/profile.yaml examples/lotus-networks/answers.yaml --as-of 2026-03-01 --evidence-dir examples/lotus-networks/evidence
    """
    from ..checking.batch import check_paths

    day = parse_date(as_of)
    rs = load_ruleset_or_exit(rules)
    batch = check_paths(rs, profile, answers, as_of=day, evidence_dir=evidence_dir, accept_review=accept_review,
                        include_drafts=include_drafts, lang=lang)
    for note in batch.notes:
        err(f"note: {note}")
    _print(batch, fmt.value, output, lang, templates)
    raise typer.Exit(EXIT_OK if batch.passed else EXIT_NO)


def _print(batch, fmt: str, output: str | None, lang: Lang, templates: Path | None) -> None:
    _PRINTERS[fmt](batch, fmt, output, lang, templates)


def _report(batch, fmt: str, output: str | None, lang: Lang, templates: Path | None) -> None:
    """html / pdf: the report document of one check."""
    from ..documents.report import render_report
    from ..errors import InputError

    if len(batch.results) != 1:
        raise InputError(f"--format {fmt} makes one report: give one ANSWERS file")
    if fmt == "pdf" and output is None:
        raise InputError("--format pdf writes a file: give -o FILE.pdf")
    result = batch.results[0]
    doc = render_report(result.ruleset, result.profile, result, lang=lang, format=fmt, templates_dir=templates,
                        on_warning=lambda line: err(f"warning: {line}"))
    write_output(doc, output, f"report-{lang}-{result.as_of}.{fmt}", profile_id=result.profile.id,
                 default_stdout=True, announce=wrote)


def _json(batch, fmt: str, output: str | None, lang: Lang, templates: Path | None) -> None:
    import json

    single = len(batch.results) == 1
    data = batch.results[0].to_dict() if single else [r.to_dict() for r in batch.results]
    # One result: indented for people. A batch: compact, which lets json use its C encoder
    # (indenting 1,000 results was a third of a batch's time).
    text = json.dumps(data, ensure_ascii=False, indent=2) if single else json.dumps(data, ensure_ascii=False)
    write_output(text + "\n", output, "check.json", default_stdout=True, announce=wrote)


def _table(batch, fmt: str, output: str | None, lang: Lang, templates: Path | None) -> None:
    from . import tables

    out = console() if output is None else _file_console()
    if len(batch.results) == 1:
        tables.check_result(out, batch.results[0], lang)
    else:
        tables.check_batch(out, batch.results, lang)
    if output is not None:
        write_output(out.export_text(), output, "check.txt", announce=wrote)


#: How each ``--format`` of ``check`` is printed (the choices come from the format registry).
_PRINTERS = {"table": _table, "json": _json, "html": _report, "pdf": _report}


def _file_console():
    import io

    from rich.console import Console

    return Console(record=True, width=120, file=io.StringIO(), color_system=None, emoji=False)
