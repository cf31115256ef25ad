"""`compliance pack`, `compliance verify`, `compliance batch`."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from .common import (
    EXIT_NO,
    Lang,
    TableOrJson,
    console,
    err,
    guarded,
    load_ruleset_or_exit,
    parse_date,
    print_json,
    rules_option,
)


def register(app: typer.Typer) -> None:
    app.command("pack")(pack)
    app.command("verify")(verify)
    app.command("batch")(batch)


@guarded
def pack(
    profile: Path = typer.Argument(..., help="Vendor profile (YAML/JSON)."),
    answers: Path = typer.Argument(..., help="Answers: YAML, JSON or a filled fillable PDF."),
    evidence_dir: Optional[Path] = typer.Option(None, "--evidence-dir", "-e", help="Folder the answers' evidence paths are relative to; the files are embedded."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Date (YYYY-MM-DD) to check against. Default: today."),
    lang: Lang = typer.Option(Lang.de, "--lang", help="Language of the pack (German is authoritative)."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Target PDF. Default: output/<profile-id>/pack-<lang>-<as-of>.pdf"),
    templates: Optional[Path] = typer.Option(None, "--templates", help="Folder of template overrides."),
    rules: Optional[Path] = rules_option(),
) -> None:
    """Build an attestation pack (PDF/A-3b with its data).

    One PDF to sign and file, with its data embedded.

    Cover, check report, filled checklist, attestation and evidence index, carrying answers,
    findings, profile, manifest and evidence as embedded files.

    Exit 0 when the vendor is compliant, 1 when not (the pack is written either way), 2 bad input.

    \b
    Example:
      compliance pack examples/lotus-networks/profile.yaml examples/lotus-networks/answers.yaml -e examples/lotus-networks/evidence --as-of 2026-03-01
    """
    from ..packs.build import default_pack_path, write_pack

    day = parse_date(as_of)
    rs = load_ruleset_or_exit(rules)
    from ..loading import load_profile

    prof = load_profile(profile, rs)
    target = output or default_pack_path(prof.id, lang.value, day)
    result = write_pack(rs, profile, answers, target, as_of=day, evidence_dir=evidence_dir, lang=lang.value, templates_dir=templates)
    err(f"wrote {target} (verdict: {result.verdict}, {result.pages} pages, {len(result.embedded)} embedded files)")
    if result.verdict != "compliant":
        raise typer.Exit(EXIT_NO)


@guarded
def verify(
    file: Path = typer.Argument(..., help="An attestation pack (PDF) made by `compliance pack`."),
    fmt: TableOrJson = typer.Option(TableOrJson.table, "--format", "-f", help="table or json (stdout)."),
    rules: Optional[Path] = rules_option(),
) -> None:
    """Verify an attestation pack: intact, and re-checked.

    Recomputes every embedded file's SHA-256 against the manifest, then re-runs the check with
    the embedded data and compares. Exit 0 intact, 1 tampered or rules changed, 2 not a pack.

    \b
    Example:
      compliance verify output/lotus-networks/pack-de-2026-03-01.pdf
    """
    from ..packs.verify import verify_pack

    rs = load_ruleset_or_exit(rules)
    report = verify_pack(file, rs)
    if fmt == TableOrJson.json:
        print_json(report.to_dict())
    else:
        from rich.markup import escape  # names and manifest values come from the (untrusted) PDF
        from rich.table import Table

        out = console()
        colour = {"intact": "green", "tampered": "red", "rules_changed": "yellow"}[report.status]
        out.print(f"[bold {colour}]{report.status.upper()}[/]  {escape(report.file)}", soft_wrap=True)
        m = report.manifest
        if m:
            rs_rec = m.get("ruleset", {})
            rs_rec = rs_rec if isinstance(rs_rec, dict) else {}
            out.print(escape(
                f"  vendor {m.get('profile')} · as of {m.get('as_of')} · rules {rs_rec.get('id')} {rs_rec.get('version')}"
            ), soft_wrap=True)
            verdicts = f"  verdict recorded: {report.recorded_verdict or m.get('verdict')}"
            if report.recheck_verdict:
                verdicts += f" · re-checked: {report.recheck_verdict}"
            out.print(escape(verdicts), soft_wrap=True)
        table = Table(box=None, show_header=True, padding=(0, 2, 0, 2))
        table.add_column("embedded file")
        table.add_column("SHA-256")
        table.add_column("check")
        for f in report.files:
            table.add_row(escape(f.name), (f.actual_sha256 or "—")[:16], "[green]ok[/]" if f.ok else f"[red]{f.problem}[/]")
        out.print(table)
        for p in report.problems:
            err(p)
    if not report.ok:
        raise typer.Exit(EXIT_NO)


@guarded
def batch(
    folder: Path = typer.Argument(..., help="Folder with one sub-folder per vendor: profile.yaml, answers.yaml, evidence/."),
    output: Path = typer.Option(Path("output/batch"), "-o", "--output", help="Folder for the packs."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1, help="Worker processes. Default: number of cores."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Date (YYYY-MM-DD). Default: today."),
    lang: Lang = typer.Option(Lang.de, "--lang", help="Language of the packs."),
    fmt: TableOrJson = typer.Option(TableOrJson.table, "--format", "-f", help="table or json (stdout)."),
    templates: Optional[Path] = typer.Option(None, "--templates", help="Folder of template overrides."),
    rules: Optional[Path] = rules_option(),
) -> None:
    """Build packs for many vendors in parallel.

    With a progress bar on stderr and a summary table or JSON.

    One vendor's bad input is reported in its row; the others still finish. Exit 1 if any vendor is
    not compliant or failed.

    \b
    Example:
      compliance batch vendors/ -o output/batch --jobs 2 --as-of 2026-03-01
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
    from rich.markup import escape

    from ..packs.batch import run_batch

    day = parse_date(as_of)
    load_ruleset_or_exit(rules)  # fail fast on a broken rule set, before starting workers
    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console(stderr=True),
        transient=False,
    ) as bar:
        task = bar.add_task("packs", total=None)

        def tick(outcome, done, total):
            bar.update(task, completed=done, total=total, description=f"packs ({escape(outcome.vendor)}: {outcome.status})")

        outcomes = run_batch(folder, output, as_of=day, lang=lang.value, jobs=jobs, rules_dir=rules, templates_dir=templates, progress=tick)
    if fmt == TableOrJson.json:
        print_json([o.to_dict() for o in outcomes])
    else:
        from rich.table import Table

        table = Table(title=f"{len(outcomes)} vendor(s), as of {day}", title_justify="left")
        for col in ("Vendor", "Status", "Pack / error", "Seconds"):
            table.add_column(col)
        for o in outcomes:
            table.add_row(escape(o.vendor), o.status, escape(o.pack or o.error or ""), f"{o.seconds:.2f}")
        console().print(table)
    for o in outcomes:
        if o.error:
            err(f"{o.vendor}: {o.error}")
    if any(o.status != "compliant" for o in outcomes):
        raise typer.Exit(EXIT_NO)
