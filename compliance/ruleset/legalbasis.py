"""The legal basis of a rule set as one Markdown document a reviewing lawyer can work through.

:func:`legal_basis_markdown` lists every law of the rule set (in the order of ``laws`` in
``ruleset.yaml``), the versions of it that the rules cite with their in-force dates, the rules
that encode each version with their dates, level, parties and provenance, the open review notes,
the critical-function vocabulary and every source that was read. It is generated from the rules
(``compliance rules legal-basis``, ``make legal-basis``) into ``docs/legal-basis.md``, so it cannot
drift: a test fails when the committed file differs. The output depends only on the rule files.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from ..enums import Basis
from ..models import Rule
from .model import RuleSet

_BASIS_TEXT = {
    Basis.primary: "primary (official text)",
    Basis.secondary: "secondary sources only",
    Basis.unverified: "**unverified**",
}


def _cell(text: str) -> str:
    """Text for a Markdown table cell: one line, pipes escaped."""
    return " ".join(str(text).split()).replace("|", "\\|")


def _day(day: dt.date | None) -> str:
    return day.isoformat() if day else "open"


def _span(rules: list[Rule]) -> str:
    start = min(r.effective_from for r in rules)
    ends = [r.effective_until for r in rules]
    end = None if any(e is None for e in ends) else max(e for e in ends if e is not None)
    return f"{start.isoformat()} – {_day(end)}"


def _parties(rule: Rule) -> str:
    return rule.obliged + (f" (answered by {rule.answered_by})" if rule.answered_by else "")


def _provenance(rule: Rule) -> str:
    p = rule.provenance
    text = _BASIS_TEXT[p.basis]
    if p.checked:
        text += f", checked {p.checked.isoformat()}"
    return text


def _sources(rule: Rule, numbers: dict[tuple[str, str], int]) -> str:
    return ", ".join(f"[{numbers[(s.title, s.url)]}]" for s in rule.provenance.sources) or "—"


def legal_basis_markdown(ruleset: RuleSet) -> str:
    """The legal-basis document of ``ruleset`` (Markdown, deterministic)."""
    header = ruleset.header
    rules = ruleset.rules
    counts = {b: sum(1 for r in rules if r.provenance.basis == b) for b in Basis}
    numbers: dict[tuple[str, str], int] = {}
    cited_by: dict[tuple[str, str], list[str]] = defaultdict(list)
    seen_on: dict[tuple[str, str], set[str]] = defaultdict(set)
    for item_id, prov in [(r.id, r.provenance) for r in rules] + [
        (f"critical function {cf.id}", cf.provenance) for cf in header.critical_functions
    ]:
        for s in prov.sources:
            key = (s.title, s.url)
            numbers.setdefault(key, len(numbers) + 1)
            cited_by[key].append(item_id)
            seen_on[key].add(s.seen.isoformat())
    out: list[str] = [
        f"# Legal basis of the rule set `{header.id}` {header.version}",
        "",
        "<!-- Generated from the rule files by `compliance rules legal-basis` (`make legal-basis`). "
        "Do not edit: tests/test_legal_basis.py fails when this file differs from the rules. -->",
        "",
        f"{header.title.en}. Every law the rules cite, the versions of it they encode with their "
        "in-force dates, and the rules with their provenance: what each was checked against. "
        "German rule texts are authoritative.",
        "",
        f"- **{counts[Basis.primary]} of {len(rules)} rules** checked against the official text (basis `primary`);",
        f"- {counts[Basis.secondary]} rest on secondary sources only (law-firm notes, commentaries, private "
        "consolidated texts, press: basis `secondary`);",
        f"- {counts[Basis.unverified]} are unverified (the text was not seen; basis `unverified`).",
        "",
        "Checklists, reports and packs mark every item whose basis is not primary († secondary, "
        "‡ unverified) and say on the cover how many were checked against the official text. "
        "`compliance rules audit` lists stale checks and in-force unverified rules.",
        "",
        "## Laws",
        "",
    ]
    by_law: dict[str, list[Rule]] = defaultdict(list)
    for r in rules:
        by_law[r.source.law].append(r)
    laws = list(header.laws) + [law for law in by_law if law not in header.laws]
    for n, law in enumerate(laws, 1):
        items = by_law.get(law, [])
        title = header.laws.get(law)
        out.append(f"### {n}. {title.de if title else law}")
        out.append("")
        if title:
            out.append(f"*{title.en}* — cited as `{law}`.")
            out.append("")
        if not items:
            out += ["No rule cites this law.", ""]
            continue
        versions: dict[str, list[Rule]] = defaultdict(list)
        for r in items:
            versions[r.source.version].append(r)
        out += ["| version (as cited) | in force | rules |", "|---|---|---|"]
        for version, vr in sorted(versions.items(), key=lambda kv: (min(r.effective_from for r in kv[1]), kv[0])):
            out.append(f"| {_cell(version)} | {_span(vr)} | {', '.join(r.id for r in vr)} |")
        out += [
            "",
            "| rule | section | from | until | due | status | level | obliged | provenance | sources |",
            "|---|---|---|---|---|---|---|---|---|---|",
        ]
        for r in items:
            succ = f" (replaces {', '.join(r.replaces)})" if r.replaces else ""
            out.append(
                f"| **{r.id}**{succ}<br>{_cell(r.title.de)} | {_cell(r.source.section)} | {r.effective_from} | "
                f"{_day(r.effective_until)} | {_day(r.due) if r.due else ''} | {r.status} | {r.obligation} | "
                f"{_parties(r)} | {_provenance(r)} | {_sources(r, numbers)} |"
            )
        notes = [r for r in items if r.review_note]
        if notes:
            out += ["", "Open points:", ""]
            out += [f"- **{r.id}**: {_cell(r.review_note)}" for r in notes]
        out.append("")
    out += [
        "## Critical functions (vocabulary of the profiles)",
        "",
        "| id | domain | label | provenance | sources | note |",
        "|---|---|---|---|---|---|",
    ]
    for cf in header.critical_functions:
        p = cf.provenance
        prov = _BASIS_TEXT[p.basis] + (f", checked {p.checked.isoformat()}" if p.checked else "")
        src = ", ".join(f"[{numbers[(s.title, s.url)]}]" for s in p.sources) or "—"
        out.append(f"| {cf.id} | {cf.domain} | {_cell(cf.label.de)} | {prov} | {src} | {_cell(cf.note or '')} |")
    out += ["", "## Sources read", ""]
    for key, number in numbers.items():
        title, url = key
        out.append(f"{number}. {_cell(title)} — <{url}> (seen {', '.join(sorted(seen_on[key]))}; "
                   f"cited by {', '.join(cited_by[key])})")
    return "\n".join(out) + "\n"
