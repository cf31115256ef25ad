"""`compliance pack`, `compliance verify`, `compliance batch`."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..enums import Lang, Verdict
from .common import EXIT_NO, console, err, guarded, load_ruleset_or_exit, parse_date, print_json
from .options import (
    AsOf,
    EvidenceDir,
    LangOption,
    PassphraseFile,
    RequireSignature,
    RulesDir,
    SignField,
    SignLocation,
    SignReason,
    TableOrJson,
    Templates,
    TimestampUrl,
    Trust,
)

SignWith = Annotated[
    Optional[Path],
    typer.Option("--sign", help="Sign with this PKCS#12 key (.p12/.pfx): a PAdES signature in the field "
                 "'signatory' (see `compliance sign`).", show_default=False),
]


def register(root: typer.Typer) -> None:
    root.command("pack")(pack)
    root.command("verify")(verify)
    root.command("batch")(batch)


@guarded
def pack(
    profile: Path = typer.Argument(..., help="Vendor profile (YAML/JSON)."),
    answers: Path = typer.Argument(..., help="Answers: YAML, JSON, a filled fillable PDF or a filled answers workbook (.xlsx)."),
    evidence_dir: EvidenceDir = None,
    as_of: AsOf = None,
    lang: LangOption = Lang.de,
    output: Optional[str] = typer.Option(None, "-o", "--output", help="Target PDF, or a folder for the default name. Default: output/<profile-id>/pack-<lang>-<as-of>.pdf", show_default=False),
    templates: Templates = None,
    rules: RulesDir = None,
    sign_with: SignWith = None,
    passphrase_file: PassphraseFile = None,
    field: SignField = None,
    reason: SignReason = None,
    location: SignLocation = None,
    timestamp_url: TimestampUrl = None,
    timeline: bool = typer.Option(False, "--timeline", help="Add the appendix 'How your obligations changed' (the "
                                  "vendor's rules and certifications over time)."),
) -> None:
    """Build an attestation pack (PDF/A-3b with its data).

    One PDF to sign and file, with its data embedded.

    Cover, check report, filled checklist, attestation and evidence index, carrying answers,
    findings, profile, manifest and evidence as embedded files.

    With --sign KEY.p12 the pack is signed before it is written (`compliance sign` countersigns).

    Exit 0 when the vendor is compliant, 1 when not (the pack is written either way), 2 bad input.

    \b
    Example:
      compliance pack examples/lotus-networks/profile.yaml examples/lotus-networks/answers.yaml -e examples/lotus-networks/evidence --as-of 2026-03-01
      compliance pack profile.yaml answers.yaml --sign vendor.p12 --passphrase-file vendor.pass
    """
    from ..errors import display_path
    from ..i18n import text
    from ..packs.build import write_pack
    from .sign_cmd import announce_signature, sign_request

    day = parse_date(as_of)
    rs = load_ruleset_or_exit(rules)
    request = sign_request(p12=sign_with, passphrase_file=passphrase_file, field=field, reason=reason,
                           location=location, timestamp_url=timestamp_url)
    result = write_pack(rs, profile, answers, output, as_of=day, evidence_dir=evidence_dir, lang=lang,
                        templates_dir=templates, sign=request, timeline=timeline)
    err(text(Lang.en, "cli.pack_written", path=display_path(result.path), verdict=result.verdict, pages=result.pages,
             files=len(result.embedded)))
    if result.signature is not None:
        announce_signature(result.signature)
    if result.verdict != Verdict.compliant:
        raise typer.Exit(EXIT_NO)


@guarded
def verify(
    file: Path = typer.Argument(..., help="An attestation pack (PDF) made by `compliance pack`, or a signed document."),
    fmt: TableOrJson = typer.Option(TableOrJson.table, "--format", "-f", help="table or json (stdout)."),
    rules: RulesDir = None,
    trust: Trust = None,
    require_signature: RequireSignature = False,
) -> None:
    """Verify an attestation pack: page and data agree, intact, re-checked, and its signatures.

    Reads the cover of the pack as written, checks the manifest against every embedded file,
    reports incremental updates, re-runs the check with the embedded data and compares. Each
    signature is checked: intact, what was changed after it (only countersignatures are allowed),
    the certificate at the signing time, and trust in the roots given with --trust (without
    --trust no signer is trusted, and the report says so).

    Exit 0 intact, 1 tampered, rules changed, a signature not trusted under --trust, or unsigned
    with --require-signature; 2 neither a pack nor a signed PDF.

    \b
    Example:
      compliance verify output/lotus-networks/pack-de-2026-03-01.pdf
      compliance verify pack-signed.pdf --trust vendor-ca.pem --trust operator-ca.pem --require-signature
    """
    from ..packs.verify import verify_pack
    from . import tables

    report = verify_pack(file, load_ruleset_or_exit(rules), trust=trust, require_signature=require_signature)
    if fmt == TableOrJson.json:
        print_json(report.to_dict())
    else:
        tables.verify_report(console(), report)
        for note in report.notes:
            err(f"note: {note}")
        for p in report.problems:
            err(p)
    if not report.ok:
        raise typer.Exit(EXIT_NO)


@guarded
def batch(
    folder: Path = typer.Argument(..., help="Folder with one sub-folder per vendor: profile.yaml, answers.yaml (or .yml/.json/.xlsx), evidence/."),
    output: Path = typer.Option(Path("output/batch"), "-o", "--output", help="Folder for the packs (<vendor>-pack-<as-of>.pdf)."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1, help="Worker processes. Default: number of cores."),
    as_of: AsOf = None,
    lang: LangOption = Lang.de,
    resume: bool = typer.Option(False, "--resume", help="Skip vendors whose pack exists, verifies intact and was made from their current inputs (status 'skipped')."),
    fmt: TableOrJson = typer.Option(TableOrJson.table, "--format", "-f", help="table or json (stdout)."),
    templates: Templates = None,
    rules: RulesDir = None,
    sign_with: SignWith = None,
    passphrase_file: PassphraseFile = None,
    field: SignField = None,
    reason: SignReason = None,
    location: SignLocation = None,
    timestamp_url: TimestampUrl = None,
) -> None:
    """Build packs for many vendors in parallel.

    With a progress bar on stderr and a summary table or JSON.

    One vendor's bad input is reported in its row; the others still finish. Exit 1 if any vendor is
    not compliant or failed. Ctrl-C (SIGINT) or SIGTERM stops it: no vendor is started after
    that, vendors in progress get a moment to finish, the summary is printed, and the exit code
    is 130 / 143; run it again with --resume to build only what is missing. With --sign KEY.p12
    every pack is signed.

    \b
    Example:
      compliance batch vendors/ -o output/batch --jobs 2 --as-of 2026-03-01
      compliance batch vendors/ -o output/batch --jobs 2 --as-of 2026-03-01 --resume
    """
    import signal

    from rich.markup import escape
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from ..packs.batch import GRACE_SECONDS, Stop, run_batch
    from . import tables
    from .sign_cmd import sign_request
    from .terminal import safe

    day = parse_date(as_of)
    load_ruleset_or_exit(rules)  # fail fast on a broken rule set, before starting workers
    request = sign_request(p12=sign_with, passphrase_file=passphrase_file, field=field, reason=reason,
                           location=location, timestamp_url=timestamp_url)
    stop = Stop()

    def on_signal(signum, frame):  # noqa: ANN001 - signal handler
        again = stop.requested
        stop.request(signum)
        if again:
            err("stopping now: vendors in progress are abandoned")
            if (jobs or 0) == 1 or (jobs is None and (os.cpu_count() or 1) == 1):
                raise KeyboardInterrupt  # the vendor in progress runs in this process
        else:
            err(f"stopping ({signal.Signals(signum).name}): no vendor is started any more; vendors in progress "
                f"get {GRACE_SECONDS:g} s to finish (again to abandon them now)")

    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
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
                bar.update(task, completed=done, total=total, description=f"packs ({escape(safe(outcome.vendor))}: {outcome.status})")

            outcomes = run_batch(folder, output, as_of=day, lang=lang, jobs=jobs, rules_dir=rules, templates_dir=templates,
                                 progress=tick, stop=stop, resume=resume, sign=request)
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
    if fmt == TableOrJson.json:
        print_json([o.to_dict() for o in outcomes])
    else:
        tables.batch_summary(console(), outcomes, day)
    for o in outcomes:
        if o.error:
            err(safe(f"{o.vendor}: {o.error}"))
    if stop.requested:
        raise typer.Exit(128 + stop.signum)
    if any(o.verdict != Verdict.compliant for o in outcomes):
        raise typer.Exit(EXIT_NO)
