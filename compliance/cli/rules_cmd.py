"""`compliance rules ...`: validate, list, show, test (fixtures) and diff."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from .common import (
    Lang,
    TableOrJson,
    TextOrJson,
    console,
    err,
    fail,
    guarded,
    load_ruleset_or_exit,
    parse_date,
    print_json,
    rules_option,
)

app = typer.Typer(
    help="Validate, list, show, test and diff rule sets.",
    no_args_is_help=True,
)


@app.command("validate")
@guarded
def validate(
    paths: list[Path] = typer.Argument(
        None,
        help="Rule-set folders (holding ruleset.yaml) to validate. Default: the bundled rule set.",
        show_default=False,
    ),
) -> None:
    """Validate rule sets.

    Schema, dates, unique ids, both languages, critical-function vocabulary.

    Every problem is printed as one line `file:line:column: message` on stderr; exit code 2
    if there is any.

    \b
    Example:
      compliance rules validate rules/de-telecom-security
    """
    from ..errors import InputErrors
    from ..loading import load_ruleset

    targets = list(paths) if paths else [None]
    problems = 0
    for target in targets:
        if target is not None and target.is_file():
            target = target.parent
        try:
            rs = load_ruleset(target)
        except InputErrors as exc:
            for e in exc.errors:
                err(str(e))
            problems += len(exc.errors)
            continue
        n_q = sum(len(r.questions) for r in rs.rules)
        typer.echo(
            f"ok: {rs.header.id} {rs.header.version}: {len(rs.rules)} rules, {n_q} questions ({rs.root})"
        )
    if problems:
        err(f"{problems} problem(s) found")
        raise typer.Exit(2)


@app.command("list")
@guarded
def list_rules(
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Date (YYYY-MM-DD) the list is for. Default: today."),
    profile: Optional[Path] = typer.Option(
        None, "--profile", "-p", help="Vendor profile (YAML/JSON): only rules that apply to it, with the components that trigger them."
    ),
    include_drafts: bool = typer.Option(False, "--include-drafts", help="Also list draft rules in effect on the date."),
    lang: Lang = typer.Option(Lang.en, "--lang", help="Language of titles in the table."),
    fmt: TableOrJson = typer.Option(TableOrJson.table, "--format", "-f", help="table (terminal) or json (stdout, stable shape)."),
    rules: Optional[Path] = rules_option(),
) -> None:
    """List the rules in effect on a date, optionally for a vendor.

    \b
    Example:
      compliance rules list --as-of 2022-06-01 --profile examples/lotus-networks/profile.yaml
    """
    from ..loading import load_profile
    from ..selection import select
    from ..views import rule_dict

    day = parse_date(as_of)
    rs = load_ruleset_or_exit(rules)
    prof = load_profile(profile, rs) if profile else None
    selected = select(rs, day, prof, include_drafts=include_drafts)
    if fmt == TableOrJson.json:
        print_json([rule_dict(a, with_components=prof is not None) for a in selected])
        return
    from rich.table import Table

    title = f"{len(selected)} rule(s) in effect on {day.isoformat()}"
    if prof is not None:
        title += f" for {prof.legal_name} ({prof.id})"
    if include_drafts:
        title += ", drafts included"
    out = console(markup=False)  # titles and vendor names are data, not markup
    out.print(title, soft_wrap=True)
    if not selected:
        return
    table = Table(show_lines=False)
    table.add_column("Rule", no_wrap=True)
    table.add_column("Level", no_wrap=True)
    table.add_column("Effective", no_wrap=True)
    table.add_column("Title", ratio=1)
    if prof is not None:
        table.add_column("Components")
    for a in selected:
        r = a.rule
        eff = f"{r.effective_from} → {r.effective_until or ''}"
        level = r.obligation + (" draft" if r.status == "draft" else "")
        row = [r.id, level, eff, r.title.get(lang.value)]
        if prof is not None:
            row.append(", ".join(a.components) or "—")
        table.add_row(*row)
    out.print(table)


@app.command("show")
@guarded
def show(
    rule_id: str = typer.Argument(..., help="Rule id, e.g. BSIG-9B-GE-01."),
    lang: Lang = typer.Option(Lang.en, "--lang", help="Language of the text output."),
    fmt: TextOrJson = typer.Option(TextOrJson.text, "--format", "-f", help="text or json."),
    rules: Optional[Path] = rules_option(),
) -> None:
    """Show one rule with citation, questions and evidence.

    \b
    Example:
      compliance rules show TKG-165-04 --lang de
    """
    from ..views import rule_dict

    rs = load_ruleset_or_exit(rules)
    try:
        rule = rs.get(rule_id)
    except KeyError:
        import difflib

        close = difflib.get_close_matches(rule_id.upper(), [r.id for r in rs.rules], n=1)
        fail(f"no rule {rule_id!r}" + (f"; did you mean {close[0]}?" if close else ""))
    if fmt == TextOrJson.json:
        print_json(rule_dict(rule, full=True))
        return
    l = lang.value
    from ..models.rules import OBLIGATION_EN

    level = rule.obligation if l == "de" else f"{rule.obligation} ({OBLIGATION_EN[rule.obligation]})"
    until = rule.effective_until.isoformat() if rule.effective_until else ("offen" if l == "de" else "open")
    lines = [
        f"{rule.id}: {rule.title.get(l)}",
        f"  {'Verpflichtet' if l == 'de' else 'Obliged'}: {rule.obliged}   "
        f"{'Stufe' if l == 'de' else 'Level'}: {level}   Status: {rule.status}",
        f"  {'Gültig' if l == 'de' else 'Effective'}: {rule.effective_from} – {until}",
        f"  {'Quelle' if l == 'de' else 'Source'}: {rule.source.law}, {rule.source.section} ({rule.source.version})",
        f"          {rule.source.url}",
        "",
        *_wrap(rule.text.get(l), "  "),
    ]
    if l == "en":
        lines.append("  (Translation; the German text is authoritative.)")
    if rule.context:
        lines += ["", *_wrap(rule.context.get(l), "  ")]
    if rule.questions:
        lines += ["", "  " + ("Fragen" if l == "de" else "Questions") + ":"]
        for q in rule.questions:
            req = "" if q.required else (" (optional)")
            lines.append(f"    [{q.id}] ({q.type}{req}) {q.text.get(l)}")
            if q.choices:
                for c in q.choices:
                    mark = "✓" if c.complies else "✗"
                    lines.append(f"        {mark} {c.key}: {c.label.get(l)}")
    if rule.evidence:
        lines += ["", "  " + ("Nachweise" if l == "de" else "Evidence") + ":"]
        lines += [f"    - {e.text.get(l)}" for e in rule.evidence]
    if rule.review_note:
        lines += ["", f"  Review note: {rule.review_note}"]
    typer.echo("\n".join(lines))


def _wrap(text: str, indent: str) -> list[str]:
    import textwrap

    return textwrap.wrap(text, width=96, initial_indent=indent, subsequent_indent=indent)


@app.command("test")
@guarded
def test_rules(
    paths: list[Path] = typer.Argument(
        None,
        help="Fixture files or folders. Default: the tests/ folder of the rule set.",
        show_default=False,
    ),
    fmt: TableOrJson = typer.Option(TableOrJson.table, "--format", "-f", help="table (terminal) or json (stdout)."),
    rules: Optional[Path] = rules_option(),
) -> None:
    """Run the rule-set fixtures (expected rules per date).

    Each profile, on each date, must get exactly the expected rule ids.

    The rule set is --rules, else the one the first PATH lies in, else the bundled one.
    Exit 0 when every case passes, 1 when a case fails (expected vs actual is printed),
    2 when a fixture file is bad (file:line on stderr). Cases with answers are checked too
    when checking is available, otherwise reported as "not run (checking not available)".

    \b
    Example:
      compliance rules test rules/de-telecom-security/tests
    """
    from ..ruletests import CHECKING_NOT_AVAILABLE, find_ruleset_root, run_ruletests

    targets = list(paths) if paths else []
    root = rules
    if root is None and targets:
        root = find_ruleset_root(targets[0].resolve())
    rs = load_ruleset_or_exit(root)
    report = run_ruletests(rs, targets or None)
    if fmt == TableOrJson.json:
        print_json(report.as_dict())
    else:
        for case in report.cases:
            mark = "PASS" if case.passed else "FAIL"
            typer.echo(f"{mark} {case.where}: {case.name} (as of {case.as_of})")
            for line in case.diff_lines():
                typer.echo(f"     {line}")
            if case.checking is not None and case.checking.status == "not_run":
                typer.echo(f"     checking: {case.checking.message}")
        summary = f"{len(report.cases) - len(report.failed)} passed, {len(report.failed)} failed"
        if report.checking_not_run:
            summary += f", {report.checking_not_run} checking part(s) {CHECKING_NOT_AVAILABLE}"
        typer.echo(f"{summary} ({len(report.files)} file(s), rule set {rs.header.id} {rs.header.version})")
    if not report.passed:
        raise typer.Exit(1)



@app.command("diff")
@guarded
def diff(
    from_: str = typer.Option(..., "--from", help="Earlier date (YYYY-MM-DD)."),
    to: str = typer.Option(..., "--to", help="Later date (YYYY-MM-DD)."),
    profile: Optional[Path] = typer.Option(None, "--profile", "-p", help="Vendor profile: only rules that apply to it."),
    include_drafts: bool = typer.Option(False, "--include-drafts", help="Also compare draft rules."),
    from_rules: Optional[Path] = typer.Option(
        None, "--from-rules", help="Rule-set folder for the --from side (e.g. an older checkout). Default: same as --rules."
    ),
    lang: Lang = typer.Option(Lang.en, "--lang", help="Language of titles in the table."),
    fmt: TableOrJson = typer.Option(TableOrJson.table, "--format", "-f", help="table (terminal) or json (stdout, stable shape)."),
    rules: Optional[Path] = rules_option(),
) -> None:
    """Show what changed between two dates or rule-set versions.

    Which rules were added, removed (repealed) or changed.

    Changes list what differs (text, questions, obligation level, source, components) so a vendor
    knows what to re-attest. The JSON shape is documented in docs/rules-authoring.md.

    \b
    Example:
      compliance rules diff --from 2022-06-01 --to 2026-03-01 --profile examples/lotus-networks/profile.yaml
    """
    from ..loading import load_profile
    from ..rulediff import diff_rules

    d_from, d_to = parse_date(from_, "--from"), parse_date(to, "--to")
    new_rs = load_ruleset_or_exit(rules)
    old_rs = load_ruleset_or_exit(from_rules) if from_rules is not None else new_rs
    prof = load_profile(profile, new_rs) if profile else None
    report = diff_rules(old_rs, d_from, d_to, prof, new=new_rs, include_drafts=include_drafts)
    if fmt == TableOrJson.json:
        print_json(report.as_dict())
        return
    from rich.table import Table

    l = lang.value
    s = report.as_dict()["summary"]
    head = f"{report.old.header.id} {report.old.header.version} on {d_from} → {report.new.header.id} {report.new.header.version} on {d_to}"
    if prof is not None:
        head += f" for {prof.legal_name} ({prof.id})"
    out = console(markup=False)  # titles and vendor names are data, not markup
    out.print(head, soft_wrap=True)
    out.print(
        f"{s['added']} added, {s['removed']} removed, {s['changed']} changed, {s['unchanged']} unchanged; "
        f"{s['reattest']} to (re-)attest",
        soft_wrap=True,
    )
    if not (report.added or report.removed or report.changed):
        return
    table = Table()
    table.add_column("", no_wrap=True)
    table.add_column("Rule", no_wrap=True)
    table.add_column("Level", no_wrap=True)
    table.add_column("Title", ratio=1)
    table.add_column("What changed", ratio=1)
    for e in report.added:
        note = e.reason.replace("_", " ") + (f"; replaces {', '.join(e.related)}" if e.related else "")
        table.add_row("+", e.id, e.rule.obligation, e.rule.title.get(l), note)
    for e in report.removed:
        note = e.reason.replace("_", " ")
        if e.reason == "repealed" and e.rule.effective_until:
            note += f" (last day {e.rule.effective_until})"
        if e.related:
            note += f"; replaced by {', '.join(e.related)}"
        table.add_row("-", e.id, e.rule.obligation, e.rule.title.get(l), note)
    for e in report.changed:
        parts = []
        for c in e.changes:
            if c.field == "questions" and c.detail:
                bits = [f"+{q}" for q in c.detail["added"]] + [f"-{q}" for q in c.detail["removed"]]
                bits += [f"{q['id']} ({', '.join(q['fields'])})" for q in c.detail["changed"]]
                parts.append("questions: " + ", ".join(bits))
            elif c.field in ("obligation", "status", "obliged", "effective_from", "effective_until", "components", "evidence"):
                parts.append(f"{c.field}: {c.old} → {c.new}")
            else:
                parts.append(c.field)
        table.add_row("~" + ("!" if e.reattest else ""), e.id, e.rule.obligation, e.rule.title.get(l), "; ".join(parts))
    out.print(table)
