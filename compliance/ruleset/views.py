"""Plain-data (JSON-ready) views of rules and selections. The JSON shapes are documented in
README.md and are stable: fields may be added, none removed or renamed."""

from __future__ import annotations

from typing import Any

from ..enums import Lang
from ..i18n import catalogue
from ..models import Rule
from .select import AppliedRule


def provenance_dict(p) -> dict[str, Any]:  # noqa: ANN001 - a models.Provenance
    """``{basis, sources: [{title, url, seen}], checked}`` (dates as ISO strings)."""
    return {
        "basis": p.basis,
        "sources": [{"title": x.title, "url": x.url, "seen": x.seen.isoformat()} for x in p.sources],
        "checked": p.checked.isoformat() if p.checked else None,
    }


def source_dict(rule: Rule) -> dict[str, Any]:
    s = rule.source
    return {"law": s.law, "section": s.section, "version": s.version, "url": s.url}


def question_dict(q, full: bool = False) -> dict[str, Any]:
    d: dict[str, Any] = {"id": q.id, "type": q.type, "required": q.required, "phase": q.phase}
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
        "provenance": provenance_dict(rule.provenance),
        "answered_by": rule.answered_by,
        "due": rule.due.isoformat() if rule.due else None,
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
        d["plan_obligation"] = rule.plan_obligation
        d["evidence"] = [{**e, "phase": x.phase} for e, x in zip(d["evidence"], rule.evidence)]
    return d


def rule_text(rule: Rule, lang: Lang | str) -> str:
    """``rules show``: one rule as text in ``lang`` (citation, dates, text, questions, evidence)."""
    import textwrap

    words = catalogue(lang)["cli"]
    level = catalogue(lang)["documents"][f"level_{rule.obligation}"]
    until = rule.effective_until.isoformat() if rule.effective_until else words["open_ended"]

    def wrap(text: str) -> list[str]:
        return textwrap.wrap(text, width=96, initial_indent="  ", subsequent_indent="  ")

    obliged = rule.obliged + (f"   {words['answered_by']}: {rule.answered_by}" if rule.answered_by else "")
    due = ""
    if rule.due:
        due = "   " + words["due"].format(date=rule.due.isoformat())
        if rule.plan_obligation:
            due += " " + words["plan_level"].format(level=catalogue(lang)["documents"][f"level_{rule.plan_obligation}"])
    prov = rule.provenance
    lines = [
        f"{rule.id}: {rule.title.get(lang)}",
        f"  {words['obliged']}: {obliged}   {words['level']}: {level}   {words['status']}: {rule.status}",
        f"  {words['effective']}: {rule.effective_from} – {until}{due}",
        f"  {words['source']}: {rule.source.law}, {rule.source.section} ({rule.source.version})",
        f"          {rule.source.url}",
        f"  {words['basis']}: {prov.basis}" + (f" ({words['checked']} {prov.checked})" if prov.checked else ""),
        *(f"          {x.title} ({words['seen']} {x.seen}) {x.url}" for x in prov.sources),
        "",
        *wrap(rule.text.get(lang)),
    ]
    if words["translation_note"]:
        lines.append(f"  {words['translation_note']}")
    if rule.context:
        lines += ["", *wrap(rule.context.get(lang))]
    if rule.questions:
        lines += ["", f"  {words['questions']}:"]
        for q in rule.questions:
            req = "" if q.required else f" ({words['optional']})"
            when = f" [{words['phase_' + q.phase]}]" if q.phase else ""
            lines.append(f"    [{q.id}] ({q.type}{req}){when} {q.text.get(lang)}")
            for c in q.choices or ():
                lines.append(f"        {'✓' if c.complies else '✗'} {c.key}: {c.label.get(lang)}")
    if rule.evidence:
        lines += ["", f"  {words['evidence_items']}:"]
        lines += [f"    - {e.text.get(lang)}" + (f" [{words['phase_' + e.phase]}]" if e.phase else "") for e in rule.evidence]
    if rule.review_note:
        lines += ["", f"  {words['review_note']}: {rule.review_note}"]
    return "\n".join(lines)


def find_rule(ruleset, rule_id: str) -> Rule:  # noqa: ANN001 - a RuleSet
    """The rule ``rule_id``, or :class:`~compliance.errors.NotFound` naming the closest id."""
    import difflib

    from ..errors import NotFound

    try:
        return ruleset.get(rule_id)
    except KeyError:
        close = difflib.get_close_matches(rule_id.upper(), [r.id for r in ruleset.rules], n=1)
        raise NotFound(f"no rule {rule_id!r}" + (f"; did you mean {close[0]}?" if close else "")) from None
