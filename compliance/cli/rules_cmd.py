"""`compliance rules ...`: validate, list, show, test (fixtures), diff, audit (provenance) and legal-basis."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from ..enums import Lang
from .common import console, err, fail, guarded, load_ruleset_or_exit, parse_date, print_json
from .terminal import safe
from .options import AsOf, IncludeDrafts, LangOption, ProfileOption, RulesDir, TableOrJson, Templates, TextOrJson, format_choice

app = typer.Typer(help="Validate, list, show, test, diff, audit and draw rule sets.", no_args_is_help=True)
TimelineFormat = format_choice("timeline")


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="rules")


def _paths(help: str):  # noqa: ANN202 - a typer.Argument
    return typer.Argument(help=help, show_default=False)


@app.command("validate")
@guarded
def validate(
    paths: Annotated[Optional[list[Path]], _paths("Rule-set folders (holding ruleset.yaml) to validate. Default: the bundled rule set.")] = None,
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
    from ..i18n import text
    from ..ruleset import load_ruleset

    problems = 0
    for target in list(paths) if paths else [None]:
        if target is not None and target.is_file():
            target = target.parent
        try:
            rs = load_ruleset(target, cache=False)  # every file read and checked
        except InputErrors as exc:
            for e in exc.errors:
                err(str(e))
            problems += len(exc.errors)
            continue
        for note in rs.notes:
            err(safe(note))
        typer.echo(safe(text(Lang.en, "cli.validate_ok", id=rs.header.id, version=rs.header.version, rules=len(rs.rules),
                             questions=sum(len(r.questions) for r in rs.rules), root=rs.root)))
    if problems:
        err(text(Lang.en, "cli.problems_found", n=problems))
        raise typer.Exit(2)


@app.command("list")
@guarded
def list_rules(
    as_of: AsOf = None,
    profile: ProfileOption = None,
    include_drafts: IncludeDrafts = False,
    lang: LangOption = Lang.en,
    fmt: TableOrJson = typer.Option(TableOrJson.table, "--format", "-f", help="table (terminal) or json (stdout, stable shape)."),
    rules: RulesDir = None,
) -> None:
    """List the rules in effect on a date, optionally for a vendor.

    With --profile, only the rules that apply to the vendor, with the components that trigger them.

    \b
    Example:
      compliance rules list --as-of 2022-06-01 --profile examples/lotus-networks/profile.yaml
    """
    from ..ruleset import load_profile, select
    from ..ruleset.views import rule_dict
    from . import tables

    day = parse_date(as_of)
    rs = load_ruleset_or_exit(rules)
    prof = load_profile(profile, rs) if profile else None
    selected = select(rs, day, prof, include_drafts=include_drafts)
    if fmt == TableOrJson.json:
        print_json([rule_dict(a, with_components=prof is not None) for a in selected])
    else:
        tables.rules_list(lambda: console(markup=False), selected, day, prof, include_drafts, lang)


@app.command("show")
@guarded
def show(
    rule_id: str = typer.Argument(..., help="Rule id, e.g. BSIG-9B-GE-01."),
    lang: LangOption = Lang.en,
    fmt: TextOrJson = typer.Option(TextOrJson.text, "--format", "-f", help="text or json."),
    rules: RulesDir = None,
) -> None:
    """Show one rule with citation, questions and evidence.

    \b
    Example:
      compliance rules show TKG-165-04 --lang de
    """
    from ..ruleset.views import find_rule, rule_dict, rule_text

    rs = load_ruleset_or_exit(rules)
    rule = find_rule(rs, rule_id)
    if fmt == TextOrJson.json:
        print_json(rule_dict(rule, full=True))
    else:
        typer.echo(safe(rule_text(rule, lang)))


@app.command("test")
@guarded
def test_rules(
    paths: Annotated[Optional[list[Path]], _paths("Fixture files or folders. Default: the tests/ folder of the rule set.")] = None,
    fmt: TableOrJson = typer.Option(TableOrJson.table, "--format", "-f", help="table (terminal) or json (stdout)."),
    rules: RulesDir = None,
) -> None:
    """Run the rule-set fixtures (expected rules per date).

    Each profile, on each date, must get exactly the expected rule ids.

    The rule set is --rules, else the one the first PATH lies in, else the bundled one.
    Exit 0 when every case passes, 1 when a case fails (expected vs actual is printed),
    2 when a fixture file is bad (file:line on stderr). Cases with answers are checked too:
    the verdict and per-rule statuses must be the expected ones.

    \b
    Example:
      compliance rules test rules/de-telecom-security/tests
    """
    from ..checking import check
    from ..ruleset.fixtures import find_ruleset_root, run_ruletests
    from . import tables

    targets = list(paths) if paths else []
    root = rules
    if root is None and targets:
        root = find_ruleset_root(targets[0].resolve())
    rs = load_ruleset_or_exit(root)
    report = run_ruletests(rs, targets or None, check=check)
    if fmt == TableOrJson.json:
        print_json(report.to_dict())
    else:
        tables.rules_test(typer.echo, report, rs)
    if not report.passed:
        raise typer.Exit(1)


@app.command("diff")
@guarded
def diff(
    from_: str = typer.Option(..., "--from", help="Earlier date (YYYY-MM-DD)."),
    to: str = typer.Option(..., "--to", help="Later date (YYYY-MM-DD)."),
    profile: ProfileOption = None,
    include_drafts: IncludeDrafts = False,
    from_rules: Optional[Path] = typer.Option(
        None, "--from-rules", help="Rule-set folder for the --from side (e.g. an older checkout). Default: same as --rules."
    ),
    lang: LangOption = Lang.en,
    fmt: TableOrJson = typer.Option(TableOrJson.table, "--format", "-f", help="table (terminal) or json (stdout, stable shape)."),
    rules: RulesDir = None,
) -> None:
    """Show what changed between two dates or rule-set versions.

    Which rules were added, removed (repealed) or changed.

    Changes list what differs (text, questions, obligation level, source, components) so a vendor
    knows what to re-attest. The JSON shape is documented in docs/rules-authoring.md.

    \b
    Example:
      compliance rules diff --from 2022-06-01 --to 2026-03-01 --profile examples/lotus-networks/profile.yaml
    """
    from ..ruleset import load_profile
    from ..ruleset.diff import diff_rules
    from . import tables

    d_from, d_to = parse_date(from_, "--from"), parse_date(to, "--to")
    new_rs = load_ruleset_or_exit(rules)
    old_rs = load_ruleset_or_exit(from_rules) if from_rules is not None else new_rs
    prof = load_profile(profile, new_rs) if profile else None
    report = diff_rules(old_rs, d_from, d_to, prof, new=new_rs, include_drafts=include_drafts)
    if fmt == TableOrJson.json:
        print_json(report.to_dict())
    else:
        tables.rules_diff(console(markup=False), report, lang)


@app.command("audit")
@guarded
def audit(
    as_of: AsOf = None,
    stale_days: int = typer.Option(
        365, "--stale-days", min=0, help="A check older than this many days (or none recorded) counts as stale."
    ),
    strict: bool = typer.Option(
        False, "--strict", help="Exit 1 when any rule in force (or to come into force) is unverified."
    ),
    lang: LangOption = Lang.en,
    fmt: TableOrJson = typer.Option(TableOrJson.table, "--format", "-f", help="table (terminal) or json (stdout, stable shape)."),
    rules: RulesDir = None,
) -> None:
    """How sure the rule set is: rules by provenance, stale checks, unverified law in force.

    Every rule and critical function carries provenance: basis primary (checked against the
    official text), secondary (law-firm notes, commentaries, private consolidated texts, press)
    or unverified. The audit counts them, lists those whose last check is older than
    --stale-days (or missing), and the rules in force on --as-of (or later) whose basis is
    unverified. Exit 0; with --strict, exit 1 when there is any such unverified rule in force.

    \b
    Example:
      compliance rules audit --stale-days 180
      compliance rules audit --strict --format json
    """
    from ..ruleset.audit import audit_ruleset
    from . import tables

    day = parse_date(as_of)
    rs = load_ruleset_or_exit(rules)
    report = audit_ruleset(rs, day, stale_days)
    if fmt == TableOrJson.json:
        data = report.to_dict()
        data["passed"] = report.strict_passed or not strict
        print_json(data)
    else:
        tables.rules_audit(console(markup=False), report, strict, lang)
    if strict and not report.strict_passed:
        raise typer.Exit(1)


@app.command("legal-basis")
@guarded
def legal_basis(
    output: Optional[Path] = typer.Option(
        None, "--output", "-o", help="File to write (default: stdout); the repository keeps it in docs/legal-basis.md."
    ),
    rules: RulesDir = None,
) -> None:
    """Write the legal basis of the rule set as Markdown: laws, versions, rules, provenance.

    Every law, the versions of it the rules encode with their in-force dates, each rule with
    dates, level, parties and provenance, the open review notes, the critical functions and
    every source read. Generated from the rules, so it cannot drift from them.

    \b
    Example:
      compliance rules legal-basis -o docs/legal-basis.md
    """
    from ..ruleset.legalbasis import legal_basis_markdown
    from .common import write_output

    rs = load_ruleset_or_exit(rules)
    write_output(legal_basis_markdown(rs), output, "legal-basis.md", default_stdout=True,
                 announce=lambda path: err(f"wrote {path}"))


@app.command("timeline")
@guarded
def timeline(
    profile: ProfileOption = None,
    from_: Optional[str] = typer.Option(None, "--from", help="First day shown (YYYY-MM-DD). Default: 1 January of the "
                                        "year of the rule set's first legal event.", show_default=False),
    to: Optional[str] = typer.Option(None, "--to", help="Last day shown (YYYY-MM-DD). Default: 31 December of the year "
                                     "after the last legal event, due date or as-of date.", show_default=False),
    as_of: AsOf = None,
    lang: LangOption = Lang.de,
    fmt: TimelineFormat = typer.Option(TimelineFormat("svg"), "--format", "-f",  # type: ignore[valid-type]
                                       help="svg (the picture), html (a page with it) or pdf (PDF/A)."),
    templates: Templates = None,
    output: Optional[str] = typer.Option(
        None, "--output", "-o", help="File or folder to write; '-' for stdout. "
        "Default: output/[<profile-id>/]timeline-<lang>-<as-of>.<ext>", show_default=False),
    rules: RulesDir = None,
) -> None:
    """Draw the rules over time: one bar per rule, grouped by law.

    A bar runs from a rule's first to its last day in effect (an open end reaches the right
    edge); drafts are hatched, due dates are diamonds, the rule set's legal events (promulgations,
    entry into force) numbered vertical lines, the as-of date a dashed line. With --profile only
    the vendor's rules, and one row per certification with its validity. Readable in black and
    white; the SVG has no scripts, its text is text, with a title and description.

    \b
    Example:
      compliance rules timeline --profile examples/lotus-networks/profile.yaml -o timeline.svg
      compliance rules timeline --from 2019-01-01 --to 2027-12-31 --lang en --format pdf
    """
    from ..documents.timeline import render_timeline, timeline_filename
    from ..ruleset import load_profile
    from ..timeline import build_timeline
    from .common import write_output, wrote

    day = parse_date(as_of)
    start = parse_date(from_, "--from") if from_ else None
    end = parse_date(to, "--to") if to else None
    rs = load_ruleset_or_exit(rules)
    prof = load_profile(profile, rs) if profile else None
    tl = build_timeline(rs, day, prof, start=start, end=end)
    data = render_timeline(tl, fmt.value, lang, templates)
    write_output(data, output, timeline_filename(tl, lang, fmt.value), profile_id=prof.id if prof else None, announce=wrote)
