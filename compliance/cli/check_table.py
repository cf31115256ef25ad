"""Terminal rendering of check results (rich): one table grouped by law, or a batch summary."""

from __future__ import annotations

from typing import Any

from ..checking import CheckResult

_STATUS_STYLE = {
    "compliant": "green", "not_applicable": "dim", "needs_review": "yellow",
    "incomplete": "magenta", "non_compliant": "bold red",
}
_SEVERITY_MARK = {"error": "✗", "incomplete": "…", "review": "?", "warning": "!", "info": "i"}
_LABELS = {
    "de": {"rules": "Regeln", "vendor": "Anbieter", "as_of": "Stichtag", "verdict": "Ergebnis",
           "rule": "Regel", "level": "Stufe", "status": "Status", "title": "Titel", "findings": "Feststellungen",
           "general": "Weitere Feststellungen", "evidence": "Nachweise", "file": "Datei", "other": "Sonstige"},
    "en": {"rules": "rules", "vendor": "Vendor", "as_of": "As of", "verdict": "Verdict",
           "rule": "Rule", "level": "Level", "status": "Status", "title": "Title", "findings": "Findings",
           "general": "Other findings", "evidence": "Evidence", "file": "File", "other": "Other"},
}


def counts_line(summary: dict[str, int]) -> str:
    return ", ".join(f"{n} {status}" for status, n in summary.items() if n)


def _styled(status: str) -> str:
    return f"[{_STATUS_STYLE.get(status, '')}]{status}[/]"


def render_result(out: Any, result: CheckResult, lang: str) -> None:
    from rich.markup import escape
    from rich.table import Table

    L = _LABELS[lang]
    p = result.profile
    head = (f"{L['vendor']}: {escape(p.legal_name)} ({p.id})   {L['as_of']}: {result.as_of}   "
            f"{L['verdict']}: {_styled(result.verdict)}")
    if result.source:
        head = f"{escape(result.source)}\n{head}"
    out.print(head, soft_wrap=True)
    table = Table(show_lines=False)
    table.add_column(L["rule"], no_wrap=True)
    table.add_column(L["level"], no_wrap=True)
    table.add_column(L["status"], no_wrap=True)
    table.add_column(L["title"], ratio=2)
    table.add_column(L["findings"], ratio=3)
    laws = result.ruleset.header.laws
    order = list(laws)
    groups: dict[str, list] = {}
    for r in result.rules:
        groups.setdefault(r.rule.source.law, []).append(r)
    for law in sorted(groups, key=lambda k: order.index(k) if k in order else len(order)):
        title = laws[law].get(lang) if law in laws else law
        table.add_row("", "", "", f"[bold]{escape(title)}[/]", "")
        for r in groups[law]:
            table.add_row(r.id, r.obligation, _styled(r.status), escape(r.rule.title.get(lang)),
                          _findings_text(r.findings, lang))
        table.add_section()
    out.print(table)
    if result.findings:
        out.print(f"{L['general']}:")
        for line in _findings_text(result.findings, lang).splitlines():
            out.print(f"  {line}", soft_wrap=True)
    if result.evidence:
        out.print(f"{L['evidence']}: {len(result.evidence)} file(s) verified")
    out.print(f"{len(result.rules)} {L['rules']}: {counts_line(result.summary)}")


def _findings_text(findings, lang: str) -> str:
    from rich.markup import escape

    lines = []
    for f in findings:
        prefix = f"{f.question}: " if f.question else ""
        lines.append(f"{_SEVERITY_MARK[f.severity]} {escape(prefix + f.message_in(lang))}")
    return "\n".join(lines)


def render_batch(out: Any, results: list[CheckResult], lang: str) -> None:
    from rich.markup import escape
    from rich.table import Table

    L = _LABELS[lang]
    table = Table()
    table.add_column(L["file"])
    table.add_column("Profile", no_wrap=True)
    table.add_column(L["verdict"], no_wrap=True)
    table.add_column(L["rules"])
    table.add_column(L["findings"], justify="right")
    totals: dict[str, int] = {}
    for r in results:
        totals[r.verdict] = totals.get(r.verdict, 0) + 1
        n = sum(1 for f in r.all_findings() if f.severity in ("error", "incomplete", "review"))
        table.add_row(escape(r.source or ""), r.profile.id, _styled(r.verdict), counts_line(r.summary), str(n))
    out.print(table)
    out.print(f"{len(results)} file(s): " + ", ".join(f"{n} {v}" for v, n in sorted(totals.items())))
