"""Terminal output of every command (Rich tables and lines), worded from the catalogue.

Only presentation lives here: each function takes the result a core function returned and a
console, and prints. Vendor and rule text is data, never Rich markup: it is escaped, or printed
on a console with markup off; and it is passed through :func:`.terminal.safe` (control characters
shown escaped), so that no input can send escape sequences to the terminal.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..enums import BASIS_MARK, SEVERITY_STATUS, CheckStatus, Lang, LegalStatus, Severity, VerifyStatus
from ..i18n import catalogue
from .terminal import markup_safe, safe

if TYPE_CHECKING:
    from ..checking import CheckResult

_STATUS_STYLE = {
    CheckStatus.compliant: "green", CheckStatus.not_applicable: "dim", CheckStatus.needs_review: "yellow",
    CheckStatus.incomplete: "magenta", CheckStatus.non_compliant: "bold red",
}
_SEVERITY_MARK = {Severity.error: "✗", Severity.incomplete: "…", Severity.review: "?", Severity.warning: "!", Severity.info: "i"}
_VERIFY_COLOUR = {VerifyStatus.intact: "green", VerifyStatus.tampered: "red", VerifyStatus.rules_changed: "yellow",
                  VerifyStatus.untrusted: "red", VerifyStatus.unsigned: "yellow"}


def _marked(level: str, rule: Any) -> str:
    """A rule's level with the marker of its provenance basis (none when checked against the
    official text)."""
    mark = BASIS_MARK.get(rule.provenance.basis)
    return f"{level} {mark}" if mark else level


def _legend_text(rules: list, w: dict[str, str]) -> str | None:
    """The line explaining the markers that occur in a table (``None`` when none occurs)."""
    marks = [b for b in BASIS_MARK if any(r.provenance.basis == b for r in rules)]
    return "  ".join(f"{BASIS_MARK[b]} {w['basis_' + b]}" for b in marks) if marks else None


def _basis_legend(out: Any, rules: list, w: dict[str, str]) -> None:
    """Print :func:`_legend_text` (if any) on ``out``."""
    legend = _legend_text(rules, w)
    if legend:
        out.print(legend, soft_wrap=True)


def _plain_table(lines_before: list[str], headers: list[str] | None, rows: list[list[str]], no_wrap: list[bool],
                 lines_after: list[str]) -> bool:
    """Print lines, a table (none if ``headers`` is ``None``) and lines on standard output without
    Rich (:mod:`.boxtable`), exactly as Rich would print them; ``False`` (nothing printed) when only
    Rich can (a terminal, ...)."""
    import sys

    from . import boxtable

    width = boxtable.page_width()
    if width is None or not all(boxtable.plain_ok(line) for line in (*lines_before, *lines_after)):
        return False
    drawn = "" if headers is None else boxtable.draw(headers, rows, no_wrap, width)
    if drawn is None:
        return False
    sys.stdout.write("".join(line + "\n" for line in lines_before) + drawn + "".join(line + "\n" for line in lines_after))
    return True


def _words(lang: Lang | str) -> dict[str, str]:
    return catalogue(lang)["cli"]


def counts_line(summary: dict[str, int]) -> str:
    return ", ".join(f"{n} {status}" for status, n in summary.items() if n)


def _styled(status: str) -> str:
    return f"[{_STATUS_STYLE.get(status, '')}]{status}[/]"


# --------------------------------------------------------------------------- rules


def rules_list(console: Callable[[], Any], selected: list, day, profile, include_drafts: bool, lang: Lang | str) -> None:
    """The rules in effect; ``console()`` makes the Rich console, only if Rich must draw the table."""
    w = _words(lang)
    title = w["rules_in_effect"].format(n=len(selected), date=day.isoformat())
    if profile is not None:
        title += w["for_vendor"].format(name=profile.legal_name, id=profile.id)
    if include_drafts:
        title += w["drafts_included"]
    headers = [w["rule"], w["level"], w["effective"], w["title"]] + ([w["components"]] if profile is not None else [])
    rows = []
    for a in selected:
        r = a.rule
        eff = f"{r.effective_from} → {r.effective_until or ''}"
        if r.due:
            eff += "\n" + w["due"].format(date=r.due.isoformat())
        level = _marked(a.obligation + (f" {w['draft']}" if r.status == LegalStatus.draft else ""), r)
        row = [r.id, level, eff, r.title.get(lang)]
        if profile is not None:
            row.append(", ".join(a.components) or "—")
        rows.append([safe(c) for c in row])
    legend = _legend_text([a.rule for a in selected], w)
    no_wrap = [True, True, True, False, False][: len(headers)]
    if _plain_table([safe(title)], headers if selected else None, rows, no_wrap, [legend] if legend else []):
        return
    from rich.table import Table

    out = console()
    out.print(safe(title), soft_wrap=True)
    if not selected:
        return
    table = Table(show_lines=False)
    for header, nw in zip(headers, no_wrap):
        table.add_column(header, no_wrap=nw)
    for row in rows:
        table.add_row(*row)
    out.print(table)
    if legend:
        out.print(legend, soft_wrap=True)


def rules_diff(out: Any, report, lang: Lang | str) -> None:
    from rich.table import Table

    w = _words(lang)
    s = report.to_dict()["summary"]
    head = w["diff_head"].format(
        old_id=report.old.header.id, old_version=report.old.header.version, from_date=report.from_date,
        new_id=report.new.header.id, new_version=report.new.header.version, to_date=report.to_date)
    if report.profile is not None:
        head += w["for_vendor"].format(name=report.profile.legal_name, id=report.profile.id)
    out.print(safe(head), soft_wrap=True)
    out.print(w["diff_summary"].format(**s), soft_wrap=True)
    if not (report.added or report.removed or report.changed):
        return
    table = Table()
    table.add_column("", no_wrap=True)
    table.add_column(w["rule"], no_wrap=True)
    table.add_column(w["level"], no_wrap=True)
    table.add_column(w["title"], ratio=1)
    table.add_column(w["what_changed"], ratio=1)
    for e in report.added:
        note = w[f"reason_{e.reason}"] + (w["replaces"].format(ids=", ".join(e.related)) if e.related else "")
        wording = [c for c in e.changes if c.field not in _DATING_FIELDS]
        if wording:
            note += "; " + w["wording_changed"].format(changes="; ".join(_change_parts(wording)))
        table.add_row("+", *map(safe, (e.id, e.obligation, e.rule.title.get(lang), note)))
    for e in report.removed:
        note = w[f"reason_{e.reason}"]
        if e.reason == "repealed" and e.rule.effective_until:
            note += w["last_day"].format(date=e.rule.effective_until)
        if e.related:
            note += w["replaced_by"].format(ids=", ".join(e.related))
        table.add_row("-", *map(safe, (e.id, e.obligation, e.rule.title.get(lang), note)))
    for e in report.changed:
        table.add_row("~" + ("!" if e.reattest else ""),
                      *map(safe, (e.id, e.obligation, e.rule.title.get(lang), "; ".join(_change_parts(e.changes)))))
    out.print(table)


#: Fields every successor differs in from its predecessor: left out of its "wording changed" note.
_DATING_FIELDS = {"status", "effective_from", "effective_until", "source", "provenance"}


def _change_parts(changes: list) -> list[str]:
    """One short phrase per changed field of a rule (``rules diff``)."""
    parts = []
    for c in changes:
        if c.field == "questions" and c.detail:
            bits = [f"+{q}" for q in c.detail["added"]] + [f"-{q}" for q in c.detail["removed"]]
            bits += [f"{q['id']} ({', '.join(q['fields'])})" for q in c.detail["changed"]]
            parts.append("questions: " + ", ".join(bits))
        elif c.field == "evidence" and c.old == c.new:
            parts.append("evidence (text)")
        elif c.field in ("obligation", "status", "obliged", "answered_by", "phase", "effective_from", "effective_until",
                         "due", "components", "evidence"):
            parts.append(f"{c.field}: {c.old} → {c.new}")
        elif c.field == "provenance":
            parts.append(f"{c.field}: {c.old['basis']} → {c.new['basis']}")
        else:
            parts.append(c.field)
    return parts


def rules_test(echo, report, ruleset, lang: Lang | str = Lang.en) -> None:
    from ..ruleset.fixtures import CHECKING_NOT_AVAILABLE

    w = _words(lang)
    for case in report.cases:
        mark = w["test_pass"] if case.passed else w["test_fail"]
        echo(safe(w["test_case"].format(mark=mark, where=case.where, name=case.name, date=case.as_of)))
        for line in case.diff_lines():
            echo(safe(f"     {line}"))
        if case.checking is not None and case.checking.status == "not_run":
            echo(safe("     " + w["test_checking"].format(message=case.checking.message)))
    summary = w["test_summary"].format(passed=len(report.cases) - len(report.failed), failed=len(report.failed))
    if report.checking_not_run:
        summary += w["test_not_run"].format(n=report.checking_not_run, what=CHECKING_NOT_AVAILABLE)
    echo(safe(summary + w["test_files"].format(files=len(report.files), id=ruleset.header.id, version=ruleset.header.version)))


# --------------------------------------------------------------------------- check


def check_result(out: Any, result: CheckResult, lang: Lang | str) -> None:
    from rich.table import Table

    w = _words(lang)
    p = result.profile
    head = (f"{w['vendor']}: {markup_safe(p.legal_name)} ({markup_safe(p.id)})   {w['as_of']}: {result.as_of}   "
            f"{w['verdict']}: {_styled(result.verdict)}")
    if result.source:
        head = f"{markup_safe(result.source)}\n{head}"
    out.print(head, soft_wrap=True)
    table = Table(show_lines=False)
    table.add_column(w["rule"], no_wrap=True)
    table.add_column(w["level"], no_wrap=True)
    table.add_column(w["status"], no_wrap=True)
    table.add_column(w["title"], ratio=2)
    table.add_column(w["findings"], ratio=3)
    laws = result.ruleset.header.laws
    order = list(laws)
    groups: dict[str, list] = {}
    for r in result.rules:
        groups.setdefault(r.rule.source.law, []).append(r)
    for law in sorted(groups, key=lambda k: order.index(k) if k in order else len(order)):
        title = laws[law].get(lang) if law in laws else law
        table.add_row("", "", "", f"[bold]{markup_safe(title)}[/]", "")
        for r in groups[law]:
            table.add_row(markup_safe(r.id), _marked(r.obligation, r.rule), _styled(r.status), markup_safe(r.rule.title.get(lang)),
                          _findings_text(r.findings, lang, result.source))
        table.add_section()
    out.print(table)
    _basis_legend(out, [r.rule for r in result.rules], w)
    if result.findings:
        out.print(f"{w['general']}:")
        for line in _findings_text(result.findings, lang, result.source).splitlines():
            out.print(f"  {line}", soft_wrap=True)
    if result.evidence:
        files = len({e.path for e in result.evidence})  # a file listed for two rules is one file
        out.print(w["evidence_verified"].format(label=w["evidence"], n=files))
    out.print(f"{len(result.rules)} {w['rules']}: {counts_line(result.summary)}")


def _findings_text(findings, lang: Lang | str, source: str | None = None) -> str:

    lines = []
    for f in findings:
        prefix = f"{f.question}: " if f.question else ""
        if f.location:  # a workbook cell: the file is named above the table
            where = f.location[len(source) + 1:] if source and f.location.startswith(f"{source}:") else f.location
            prefix = f"{f.question} ({where}): "
        lines.append(f"{_SEVERITY_MARK[f.severity]} {markup_safe(prefix + f.message_in(lang))}")
    return "\n".join(lines)


def check_batch(out: Any, results: list[CheckResult], lang: Lang | str) -> None:
    from rich.table import Table

    w = _words(lang)
    table = Table()
    table.add_column(w["file"])
    table.add_column(w["profile"], no_wrap=True)
    table.add_column(w["verdict"], no_wrap=True)
    table.add_column(w["rules"])
    table.add_column(w["findings"], justify="right")
    totals: dict[str, int] = {}
    for r in results:
        totals[r.verdict] = totals.get(r.verdict, 0) + 1
        n = sum(1 for f in r.all_findings() if f.severity in SEVERITY_STATUS)
        table.add_row(markup_safe(r.source or ""), markup_safe(r.profile.id), _styled(r.verdict), counts_line(r.summary), str(n))
    out.print(table)
    out.print(w["files_summary"].format(n=len(results), counts=", ".join(f"{n} {v}" for v, n in sorted(totals.items()))))


# --------------------------------------------------------------------------- packs


def verify_report(out: Any, report, lang: Lang | str = Lang.en) -> None:
    from rich.table import Table

    w = _words(lang)
    out.print(f"[bold {_VERIFY_COLOUR[report.status]}]{report.status.upper()}[/]  {markup_safe(report.file)}", soft_wrap=True)
    m = report.manifest
    if m:
        rs_rec = m.get("ruleset", {})
        rs_rec = rs_rec if isinstance(rs_rec, dict) else {}
        out.print(markup_safe(w["verify_vendor"].format(
            profile=m.get("profile"), as_of=m.get("as_of"), ruleset=rs_rec.get("id"), version=rs_rec.get("version"))),
            soft_wrap=True)
        verdicts = w["verify_recorded"].format(verdict=report.recorded_verdict or m.get("verdict"))
        if report.recheck_verdict:
            verdicts += w["verify_rechecked"].format(verdict=report.recheck_verdict)
        cover = report.cover.get("verdict")
        if cover and cover != (report.recorded_verdict or m.get("verdict")):
            verdicts += w["verify_cover"].format(verdict=cover)
        out.print(markup_safe(verdicts), soft_wrap=True)
    elif report.kind == "document":
        out.print(w["verify_document"], soft_wrap=True)
    if report.files:
        table = Table(box=None, show_header=True, padding=(0, 2, 0, 2))
        table.add_column(w["embedded_file"])
        table.add_column(w["sha256"])
        table.add_column(w["check_column"])
        for f in report.files:
            table.add_row(markup_safe(f.name), (f.actual_sha256 or "—")[:16], f"[green]{w['ok']}[/]" if f.ok else f"[red]{f.problem}[/]")
        out.print(table)
    if report.signatures:
        _signatures(out, report.signatures, w)


def _signatures(out: Any, signatures: list, w: dict[str, str]) -> None:
    from rich.table import Table

    table = Table(box=None, show_header=True, padding=(0, 2, 0, 2))
    for column in (w["signature"], w["signer"], w["signed_at"], w["check_column"]):
        table.add_column(column)
    for sig in signatures:
        when = sig.signed_at.strftime("%Y-%m-%d %H:%M %Z").strip() if sig.signed_at else "—"
        when += " " + w["sig_timestamped" if sig.signed_at_source == "timestamp" else "sig_claimed"] if sig.signed_at else ""
        notes = []
        if not sig.intact:
            notes.append(f"[red]{w['sig_broken']}[/]")
        elif sig.modified_after:
            notes.append(f"[red]{w['sig_changed']}[/]")
        else:
            notes.append(f"[green]{w['sig_intact']}[/]")
        if sig.intact and not sig.trust_checked:
            notes.append(f"[yellow]{w['sig_not_checked']}[/]")
        elif sig.intact:
            notes.append(f"[green]{w['sig_trusted']}[/]" if sig.trusted else f"[red]{w['sig_untrusted']}[/]")
        if sig.valid_at_signing_time is False:
            notes.append(f"[red]{w['sig_cert_invalid']}[/]")
        elif sig.expired_unproven:
            notes.append(f"[red]{w['sig_cert_expired']}[/]")
        if sig.covers_whole_file:
            notes.append(w["sig_whole_file"])
        elif sig.later is not None and sig.later.allowed and sig.later.fields:
            notes.append(w["sig_later_signed"].format(fields=markup_safe(", ".join(sig.later.fields))))
        table.add_row(markup_safe(sig.field), markup_safe(sig.signer or "—"), when, " · ".join(notes))
    out.print(table)


def batch_summary(out: Any, outcomes: list, day, lang: Lang | str = Lang.en) -> None:
    from rich.table import Table

    w = _words(lang)
    table = Table(title=w["batch_title"].format(n=len(outcomes), date=day), title_justify="left")
    for col in (w["vendor"], w["status"], w["pack_or_error"], w["seconds"]):
        table.add_column(col)
    for o in outcomes:
        table.add_row(markup_safe(o.vendor), o.status, markup_safe(o.pack or o.error or ""), f"{o.seconds:.2f}")
    out.print(table)


__all__ = ["batch_summary", "check_batch", "check_result", "counts_line", "rules_diff", "rules_list", "rules_test",
           "verify_report"]


# --------------------------------------------------------------------------- service


def tokens(out: Any, found: list, lang: Lang | str = Lang.en) -> None:
    """``compliance tokens list``: names and dates, never secrets."""
    from rich.table import Table

    w = _words(lang)
    if not found:
        out.print(w["tokens_none"], soft_wrap=True, markup=False)
        return
    table = Table(show_lines=False)
    for key in ("token_name", "token_created_at", "token_revoked_at"):
        table.add_column(w[key], no_wrap=True)
    for t in found:
        revoked = f"[red]{t.revoked_at:%Y-%m-%d %H:%M:%S}[/]" if t.revoked_at else f"[green]{w['token_active']}[/]"
        table.add_row(markup_safe(t.name), f"{t.created_at:%Y-%m-%d %H:%M:%S}", revoked)
    out.print(table)


def rules_audit(out: Any, report, strict: bool, lang: Lang | str) -> None:
    """``rules audit``: rules and critical functions by basis, stale checks, in-force unverified rules."""
    from rich.table import Table

    w = _words(lang)
    rs = report.ruleset
    out.print(w["audit_head"].format(id=rs.header.id, version=rs.header.version, date=report.as_of,
                                     days=report.stale_days), soft_wrap=True)
    in_force = [i for i in report.rules if i.in_force]
    table = Table()
    table.add_column(w["basis"], no_wrap=True)
    table.add_column(w["audit_all_rules"], justify="right")
    table.add_column(w["audit_in_force"], justify="right")
    table.add_column(w["audit_functions"], justify="right")
    counts = [report.by_basis(report.rules), report.by_basis(in_force), report.by_basis(report.critical_functions)]
    for basis in ("primary", "secondary", "unverified"):
        table.add_row(f"{BASIS_MARK.get(basis, ' ')} {w['basis_' + basis]}", *(str(c[basis]) for c in counts))
    table.add_row(w["audit_total"], str(len(report.rules)), str(len(in_force)), str(len(report.critical_functions)))
    out.print(table)
    stale = report.stale
    if stale:
        out.print(w["audit_stale"].format(n=len(stale), days=report.stale_days), soft_wrap=True)
        for i in stale:
            when = w["audit_never"] if i.checked is None else w["audit_checked_days"].format(
                date=i.checked, days=i.days_since_check(report.as_of))
            out.print(safe(f"  {i.id} ({i.basis}): {when}"), soft_wrap=True)
    else:
        out.print(w["audit_no_stale"].format(days=report.stale_days), soft_wrap=True)
    unverified = report.in_force_unverified
    if unverified:
        out.print(w["audit_unverified"].format(n=len(unverified)), soft_wrap=True)
        for i in unverified:
            out.print(safe(f"  ‡ {i.id}: {i.rule.title.get(lang)}"), soft_wrap=True)
    else:
        out.print(w["audit_no_unverified"], soft_wrap=True)
    if strict:
        out.print(w["audit_strict_fail"] if unverified else w["audit_strict_pass"], soft_wrap=True)


def due_table(out: Any, report, lang: Lang | str) -> None:
    """``due``: what falls due, overdue first, then by date."""
    from rich.table import Table

    from ..i18n import text

    w = _words(lang)
    out.print(safe(w["due_head"].format(date=report.as_of, days=report.within, vendors=", ".join(report.vendors))),
              soft_wrap=True)
    if not report.items:
        out.print(w["due_nothing"].format(days=report.within), soft_wrap=True)
        return
    table = Table()
    for key in ("due_date", "due_days"):
        table.add_column(w[key], no_wrap=True, justify="right" if key == "due_days" else "left")
    table.add_column(w["vendor"], no_wrap=True)
    table.add_column(w["due_kind"])
    table.add_column(w["due_ref"], no_wrap=True)  # the certificate, waiver or rule; under it the rule it serves
    table.add_column(w["due_title"], overflow="fold")
    for item in report.items:
        days = f"{item.days:+d}"
        table.add_row(
            safe(f"{item.date}{' !' if item.overdue else ''}"), days, safe(item.vendor),
            text(lang, f"documents.due_kind_{item.kind}"), safe(item.ref if item.rule in (None, item.ref) else f"{item.ref}\n{item.rule}"),
            safe(item.title.get(str(lang), item.ref)),
        )
    out.print(table)
    overdue = report.overdue
    out.print(w["due_overdue"].format(n=len(overdue)) if overdue else w["due_none_overdue"], soft_wrap=True)
