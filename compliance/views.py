"""Plain-data (JSON-ready) views of rules and selections. The JSON shapes are documented in
README.md and are stable: fields may be added, none removed or renamed."""

from __future__ import annotations

from typing import Any

from .models import Rule
from .selection import AppliedRule


def source_dict(rule: Rule) -> dict[str, Any]:
    s = rule.source
    return {"law": s.law, "section": s.section, "version": s.version, "url": s.url}


def question_dict(q, full: bool = False) -> dict[str, Any]:
    d: dict[str, Any] = {"id": q.id, "type": q.type, "required": q.required}
    if full:
        d["text"] = {"de": q.text.de, "en": q.text.en}
        if q.expected is not None:
            d["expected"] = q.expected
        if q.choices:
            d["choices"] = [
                {"key": c.key, "label": {"de": c.label.de, "en": c.label.en}, "complies": c.complies}
                for c in q.choices
            ]
        for key in ("min", "max", "min_length"):
            if getattr(q, key) is not None:
                d[key] = getattr(q, key)
    return d


def rule_dict(item: Rule | AppliedRule, *, full: bool = False, with_components: bool = False) -> dict[str, Any]:
    """The JSON object of one rule (``rules list``; with ``full``, ``rules show``)."""
    rule = item.rule if isinstance(item, AppliedRule) else item
    d: dict[str, Any] = {
        "id": rule.id,
        "title": {"de": rule.title.de, "en": rule.title.en},
        "obliged": rule.obliged,
        "obligation": rule.obligation,
        "status": rule.status,
        "effective_from": rule.effective_from.isoformat(),
        "effective_until": rule.effective_until.isoformat() if rule.effective_until else None,
        "source": source_dict(rule),
        "questions": [question_dict(q, full) for q in rule.questions],
        "tags": list(rule.tags),
        "verified": rule.verified,
    }
    if with_components and isinstance(item, AppliedRule):
        d["components"] = list(item.components)
    if full:
        d["text"] = {"de": rule.text.de, "en": rule.text.en}
        d["roles"] = rule.roles
        d["scope"] = rule.applies.scope
        d["applicability"] = (
            rule.applies.when.model_dump(mode="json", by_alias=True, exclude_none=True)
            if rule.applies.when
            else None
        )
        d["evidence"] = [
            {"id": e.id, "text": {"de": e.text.de, "en": e.text.en}, "required": e.required}
            for e in rule.evidence
        ]
        d["context"] = {"de": rule.context.de, "en": rule.context.en} if rule.context else None
        d["review_note"] = rule.review_note
        d["replaces"] = list(rule.replaces)
    return d
