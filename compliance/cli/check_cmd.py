"""`compliance check PROFILE ANSWERS...`: a vendor's answers against the rules in effect."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from .common import (
    announce_written,
    emit,
    EXIT_NO,
    EXIT_OK,
    Lang,
    console,
    err,
    guarded,
    load_ruleset_or_exit,
    parse_date,
    rules_option,
)


class ReportFormat(str, Enum):
    table = "table"
    json = "json"
    html = "html"
    pdf = "pdf"


@guarded
def check_command(
    profile: Path = typer.Argument(..., help="Vendor profile (YAML/JSON), or a folder of profiles (each ANSWERS file picks its own by id)."),
    answers: list[Path] = typer.Argument(..., help="Answers: .yaml/.yml/.json, or a filled attestation PDF. Several files: batch mode."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Date (YYYY-MM-DD) to check against. Default: today."),
    evidence_dir: Optional[Path] = typer.Option(None, "--evidence-dir", "-e", help="Folder the evidence paths are relative to; nothing outside it is read."),
    lang: Lang = typer.Option(Lang.en, "--lang", help="Language of titles and findings."),
    fmt: ReportFormat = typer.Option(ReportFormat.table, "--format", "-f", help="table (terminal), json (stdout, stable shape), html or pdf (a report document; pdf needs -o)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the output to this file (atomically) instead of stdout."),
    accept_review: bool = typer.Option(False, "--accept-review", help="Exit 0 also for the verdict needs_review (only review items remain)."),
    include_drafts: bool = typer.Option(False, "--include-drafts", help="Also check draft rules in effect on the date."),
    templates: Optional[Path] = typer.Option(None, "--templates", help="Template overrides for the html/pdf report."),
    rules: Optional[Path] = rules_option(),
) -> None:
    """Check a vendor's answers: findings, verdict, exit code.

    Per rule: compliant | non_compliant | incomplete | needs_review | not_applicable, with
    findings. Exit code 0 compliant, 1 otherwise, 2 bad input.

    \b
    Example:
      compliance check examples/lotus-networks/profile.yaml examples/lotus-networks/answers.yaml --as-of 2026-03-01 --evidence-dir examples/lotus-networks/evidence
    """
    from ..checking.batch import check_files, profile_files
    from ..loading import load_profile

    day = parse_date(as_of)
    if evidence_dir is not None and not evidence_dir.is_dir():
        from ..errors import InputError, Location, display_path

        raise InputError("--evidence-dir: not a folder", Location(display_path(evidence_dir)))
    rs = load_ruleset_or_exit(rules)
    profiles = [load_profile(p, rs) for p in profile_files(profile)]
    _unique_ids(profiles)
    batch = check_files(rs, profiles, answers, as_of=day, evidence_dir=evidence_dir,
                        accept_review=accept_review, include_drafts=include_drafts, lang=lang.value)
    for note in batch.notes:
        err(f"note: {note}")
    single = len(answers) == 1
    if fmt in (ReportFormat.html, ReportFormat.pdf):
        _report(rs, batch, fmt, output, lang.value, templates)
    elif fmt == ReportFormat.json:
        import json

        data = batch.results[0].to_dict() if single else [r.to_dict() for r in batch.results]
        # One result: indented for people. A batch: compact, which lets json use its C encoder
        # (indenting 1,000 results was a third of a batch's time).
        text = json.dumps(data, ensure_ascii=False, indent=2) if single else json.dumps(data, ensure_ascii=False)
        emit(text + "\n", output, announce_written)
    else:
        from .check_table import render_batch, render_result

        out = console() if output is None else _file_console()
        if single:
            render_result(out, batch.results[0], lang.value)
        else:
            render_batch(out, batch.results, lang.value)
        if output is not None:
            emit(out.export_text(), output, announce_written)
    raise typer.Exit(EXIT_OK if batch.passed else EXIT_NO)


def _report(rs, batch, fmt: "ReportFormat", output: Path | None, lang: str, templates: Path | None) -> None:
    """The html/pdf report of a single check (a batch has no single report)."""
    from ..documents.report import render_report
    from ..errors import InputError

    if len(batch.results) != 1:
        raise InputError(f"--format {fmt.value} makes one report: give one ANSWERS file")
    if fmt == ReportFormat.pdf and output is None:
        raise InputError("--format pdf writes a file: give -o FILE.pdf")
    result = batch.results[0]
    doc = render_report(rs, result.profile, result, lang=lang, format=fmt.value, templates_dir=templates,
                        on_warning=lambda line: err(f"warning: {line}"))
    emit(doc, output, announce_written)


def _unique_ids(profiles) -> None:
    from ..errors import InputError

    seen: set[str] = set()
    for p in profiles:
        if p.id in seen:
            raise InputError(f"two profiles have the id {p.id!r}")
        seen.add(p.id)


def _file_console():
    import io

    from rich.console import Console

    return Console(record=True, width=120, file=io.StringIO(), color_system=None)
