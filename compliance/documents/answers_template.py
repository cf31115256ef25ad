"""Answers-file templates: every applicable question, ready to fill, in YAML (with comments),
JSON or as an Excel workbook.

The output loads with :func:`compliance.answers.load_answers` as it is (every value ``null``) and
once filled. YAML carries the description of each question as comments; JSON cannot, so
there the description sits in the optional ``about`` field of each answer, which ``check``
ignores. The workbook (:mod:`.xlsx`) describes each question in its row.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any, Literal

from ..ruleset import RuleSet
from ..models import Profile, Question
from ..enums import BASIS_MARK, LegalStatus
from ..questions import question_type
from ..ruleset.select import AppliedRule, select
from .context import complies_text, due_note, duty_note
from ..i18n import Labels

AnswersFormat = Literal["yaml", "json", "xlsx"]


def _about(applied: AppliedRule, q: Question, t: Labels) -> dict[str, Any]:
    rule = applied.rule
    about: dict[str, Any] = {
        "rule": rule.id,
        "rule_title": rule.title.get(t.lang),
        "obligation": applied.obligation,
        "basis": rule.provenance.basis,
        "question": q.text.get(t.lang),
        "type": q.type,
        "required": q.required,
        "complies": complies_text(q, t),
    }
    if q.choices:
        about["choices"] = [
            {"key": c.key, "label": c.label.get(t.lang), "complies": c.complies} for c in q.choices
        ]
    if applied.components:
        about["components"] = list(applied.components)
    about["evidence_expected"] = [e.text.get(t.lang) for e in applied.evidence]
    if rule.status == LegalStatus.draft:
        about["draft"] = True
    if rule.answered_by:
        about["obliged"] = rule.obliged
        about["answered_by"] = rule.answered_by
    if rule.due:
        about["due"] = rule.due.isoformat()
        about["phase"] = applied.phase
    return about


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _scalar(text: str) -> str:
    """A YAML scalar for an id: plain when it reads back as the same string, else JSON-quoted."""
    import yaml

    if re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", text) and yaml.safe_load(text) == text:
        return text
    return json.dumps(text)


def _items(applied: list[AppliedRule]) -> list[tuple[AppliedRule, Question]]:
    return [(a, q) for a in applied for q in a.questions]


def _yaml(profile: Profile, ruleset: RuleSet, as_of: dt.date, applied: list[AppliedRule], t: Labels) -> str:
    items = _items(applied)
    lines = [
        f"# {t.answers_for} {_one_line(profile.legal_name)} ({profile.id})",
        f"# {t.ruleset} {ruleset.header.id} {ruleset.header.version}, {t.as_of} {as_of.isoformat()}",
        f"# {t.answers_fill_hint}",
        f"# {t.answers_comment_hint}",
        f"profile: {_scalar(profile.id)}",
    ]
    if not items:
        lines.append("answers: {}")
        return "\n".join(lines) + "\n"
    lines.append("answers:")
    current = None
    for applied, q in items:
        about = _about(applied, q, t)
        if applied.rule.id != current:
            current = applied.rule.id
            draft = f" [{t.status_draft}]" if applied.rule.status == LegalStatus.draft else ""
            mark = f" {BASIS_MARK[applied.rule.provenance.basis]}" if applied.rule.provenance.basis in BASIS_MARK else ""
            lines.append("")
            lines.append(f"  # {current} ({applied.obligation}){draft}{mark}: {_one_line(about['rule_title'])}")
            if mark:
                lines.append(f"  #   {mark.strip()} {t['basis_note_' + applied.rule.provenance.basis]}")
            if applied.rule.due:
                lines.append(f"  #   {t.due}: {applied.rule.due.isoformat()} — {_one_line(due_note(applied, t))}")
            duty = duty_note(applied.rule, profile.role, t)
            if duty:
                lines.append(f"  #   {_one_line(duty)}")
            if applied.components:
                lines.append(f"  #   {t.components}: {', '.join(applied.components)}")
            for ev in about["evidence_expected"]:
                lines.append(f"  #   {t.evidence}: {_one_line(ev)}")
        lines.append(f"  {_scalar(q.id)}:")
        req = t.required if q.required else t.optional
        kind = question_type(q.type).hint(q, t.lang)
        lines.append(f"    # {kind}, {req}: {_one_line(about['question'])}")
        for choice in about.get("choices", []):
            mark = "+" if choice["complies"] else "-"
            lines.append(f"    #   {mark} {choice['key']}: {_one_line(choice['label'])}")
        if about["complies"]:
            lines.append(f"    # {t.complies}: {_one_line(about['complies'])}")
        lines.append("    value: null")
        lines.append("    comment: null")
        lines.append("    evidence: []")
    return "\n".join(lines) + "\n"


def _json(profile: Profile, ruleset: RuleSet, as_of: dt.date, applied: list[AppliedRule], t: Labels) -> str:
    data = {
        "profile": profile.id,
        "answers": {
            q.id: {"value": None, "comment": None, "evidence": [], "about": _about(a, q, t)} for a, q in _items(applied)
        },
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _xlsx(profile: Profile, ruleset: RuleSet, as_of: dt.date, applied: list[AppliedRule], t: Labels) -> bytes:
    """The answers workbook, built from the same document model as the checklist."""
    from .context import build_context
    from .xlsx import answers_workbook

    context = build_context("answers-template", ruleset, profile, as_of, applied, t.lang, title=t.checklist_title,
                            subtitle=t.checklist_subtitle)
    return answers_workbook(context, ruleset)


#: How each answers-template format is written (formats offered: ``formats.OFFERED["answers-template"]``).
WRITERS = {"yaml": _yaml, "json": _json, "xlsx": _xlsx}


def answers_template(
    ruleset: RuleSet,
    profile: Profile,
    as_of: dt.date,
    *,
    format: AnswersFormat = "yaml",
    lang: str = "en",
    include_drafts: bool = False,
) -> str | bytes:
    """An answers file with every question that applies to ``profile`` on ``as_of``, unanswered
    (text for YAML and JSON, bytes for a workbook)."""
    try:
        writer = WRITERS[format]
    except KeyError:
        raise ValueError(f"unknown format {format!r} ({', '.join(WRITERS)})") from None
    t = Labels(lang)
    applied = select(ruleset, as_of, profile, include_drafts=include_drafts)
    # Only what this profile answers, and each rule's questions on the date (plan or end state).
    return writer(profile, ruleset, as_of, [a for a in applied if a.rule.asks(profile.role)], t)


def answers_template_filename(as_of: dt.date, fmt: str) -> str:
    """``answers-2026-03-01.yaml``."""
    return f"answers-{as_of.isoformat()}.{fmt}"
