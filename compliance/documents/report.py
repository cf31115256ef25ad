"""The check report as a document (HTML/PDF), from a :class:`compliance.checking.CheckResult`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..ruleset import RuleSet
from ..models import Profile
from ..questions import question_type
from ..ruleset.select import AppliedRule
from .context import build_context
from .documents import Document, Format
from ..i18n import Labels


def report_extra(result, lang: str) -> dict[str, Any]:
    """What report templates see as ``doc.extra``: the result as JSON data, indexed by rule and
    question; each answer also carries ``shown``, its value as the question type prints it."""
    data = result.to_dict(lang)
    by_rule = {r["id"]: r for r in data["rules"]}
    questions = {q.id: q for r in result.rules for q in r.rule.questions_on(result.as_of)}
    answers = {}
    for r in data["rules"]:
        for a in r.get("answers", []):
            q = questions[a["question"]]
            answers[a["question"]] = {**a, "shown": question_type(q.type).show_value(q, a["value"], lang)}
    return {"result": data, "by_rule": by_rule, "answers": answers, "link_rules": False}


def checked_rules(result) -> list[AppliedRule]:
    """The rules of a check result, as the selection gave them (document order)."""
    return [AppliedRule(r.rule, tuple(r.components), result.as_of) for r in result.rules]


def report(
    ruleset: RuleSet,
    profile: Profile,
    result,
    *,
    lang: str = "de",
    templates_dir: str | Path | None = None,
) -> Document:
    """The check report of ``result`` (verdict, counts, findings by law) as a :class:`Document`."""
    t = Labels(lang)
    ctx = build_context(
        "report", ruleset, profile, result.as_of, checked_rules(result), lang,
        title=t.report_title, subtitle=t.report_subtitle, extra=report_extra(result, lang),
    )
    return Document("report.html.j2", ctx, Path(templates_dir) if templates_dir else None)


def render_report(
    ruleset: RuleSet,
    profile: Profile,
    result,
    *,
    lang: str = "de",
    format: Format = "html",
    templates_dir: str | Path | None = None,
    on_warning=None,
) -> str | bytes:
    """The check report as HTML text or PDF bytes."""
    return report(ruleset, profile, result, lang=lang, templates_dir=templates_dir).render(format, on_warning)
