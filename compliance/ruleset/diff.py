"""What changed for a vendor between two dates, or between two versions of a rule set.

:func:`diff_rules` selects the rules in effect on ``from_date`` in ``old`` and on ``to_date`` in
``new`` (the same rule set unless comparing, say, an older checkout), for a profile if given,
and sorts them into:

* ``added``   - selected on the new side only (entered into force, new rule, now applicable); a
  successor of exactly one rule selected on the old side (``replaces``) also lists ``changes``
  against it, so a change of wording shows the old and the new text;
* ``removed`` - selected on the old side only (repealed / expired, deleted, no longer applicable),
  with the rules that replace them;
* ``changed`` - selected on both sides but different: title, text, obligation level, status,
  source, effective dates, questions, evidence or triggering components, each with old and new
  value. ``reattest`` is true when a change touches what a vendor attests to (text, obligation,
  questions, evidence, components).

JSON shape (``DiffReport.to_dict``, stable; fields may be added)::

    {"from": {"date", "ruleset", "version"}, "to": {...}, "profile": id | null,
     "include_drafts": bool,
     "summary": {"added": n, "removed": n, "changed": n, "unchanged": n,
                 "reattest": n},      # changed with reattest + added rules that have questions
     "added":   [{"id", "title": {de, en}, "obligation", "status", "effective_from",
                  "effective_until", "due", "basis", "reason", "replaces": [ids], "questions": [ids],
                  "components": [ids], "changes": [... as below, against the one rule replaced]}],
     "removed": [{"id", "title", "obligation", "status", "effective_from", "effective_until",
                  "due", "basis", "reason", "replaced_by": [ids]}],
     "changed": [{"id", "title", "reattest": bool,
                  "changes": [{"field", "from", "to"} |
                              {"field": "questions", "added": [ids], "removed": [ids],
                               "changed": [{"id", "fields": [names]}]}]}]}

Reasons: added - ``entered_into_force``, ``new_rule``, ``now_applicable``; removed -
``repealed`` (past its last day), ``not_yet_in_force`` (diffing backwards), ``deleted``,
``now_draft``, ``no_longer_applicable``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .model import RuleSet
from ..models import Profile, Rule
from ..enums import LegalStatus
from .select import AppliedRule, in_window, select

REATTEST_FIELDS = {"text", "obligation", "questions", "evidence", "components", "phase", "answered_by"}


@dataclass
class Change:
    field: str
    old: Any = None
    new: Any = None
    detail: dict[str, Any] | None = None  # for questions

    def to_dict(self) -> dict[str, Any]:
        if self.detail is not None:
            return {"field": self.field, **self.detail}
        return {"field": self.field, "from": self.old, "to": self.new}


@dataclass
class Entry:
    rule: Rule
    reason: str = ""
    related: list[str] = field(default_factory=list)  # replaces / replaced_by
    components: tuple[str, ...] = ()
    changes: list[Change] = field(default_factory=list)
    as_of: dt.date | None = None  # the side's date (questions and level of a rule with a due date)

    @property
    def obligation(self):  # noqa: ANN201 - Obligation
        return self.rule.obligation_on(self.as_of)

    @property
    def id(self) -> str:
        return self.rule.id

    @property
    def reattest(self) -> bool:
        return any(c.field in REATTEST_FIELDS for c in self.changes)


@dataclass
class DiffReport:
    from_date: dt.date
    to_date: dt.date
    old: RuleSet
    new: RuleSet
    profile: Profile | None
    include_drafts: bool
    added: list[Entry]
    removed: list[Entry]
    changed: list[Entry]
    unchanged: list[str]

    def to_dict(self) -> dict[str, Any]:
        def side(date: dt.date, rs: RuleSet) -> dict[str, Any]:
            return {"date": date.isoformat(), "ruleset": rs.header.id, "version": rs.header.version}

        return {
            "from": side(self.from_date, self.old),
            "to": side(self.to_date, self.new),
            "profile": self.profile.id if self.profile else None,
            "include_drafts": self.include_drafts,
            "summary": {
                "added": len(self.added),
                "removed": len(self.removed),
                "changed": len(self.changed),
                "unchanged": len(self.unchanged),
                "reattest": sum(1 for e in self.changed if e.reattest)
                + sum(1 for e in self.added if e.rule.questions_on(e.as_of)),
            },
            "added": [
                {**_brief(e.rule, e.as_of), "reason": e.reason, "replaces": e.related,
                 "questions": [q.id for q in e.rule.questions_on(e.as_of)], "components": list(e.components),
                 "changes": [c.to_dict() for c in e.changes]}
                for e in self.added
            ],
            "removed": [{**_brief(e.rule, e.as_of), "reason": e.reason, "replaced_by": e.related} for e in self.removed],
            "changed": [
                {"id": e.id, "title": _text(e.rule.title), "reattest": e.reattest,
                 "changes": [c.to_dict() for c in e.changes]}
                for e in self.changed
            ],
        }


def _text(t) -> dict[str, str] | None:
    return {"de": t.de, "en": t.en} if t is not None else None


def _brief(rule: Rule, as_of: dt.date | None = None) -> dict[str, Any]:
    return {
        "id": rule.id,
        "title": _text(rule.title),
        "obligation": rule.obligation_on(as_of),
        "status": rule.status,
        "effective_from": rule.effective_from.isoformat(),
        "effective_until": rule.effective_until.isoformat() if rule.effective_until else None,
        "due": rule.due.isoformat() if rule.due else None,
        "basis": rule.provenance.basis,
    }


def _question_changes(old: AppliedRule, new: AppliedRule) -> dict[str, Any] | None:
    oq = {q.id: q for q in old.questions}
    nq = {q.id: q for q in new.questions}
    changed = []
    for qid in oq.keys() & nq.keys():
        a, b = oq[qid].model_dump(mode="json"), nq[qid].model_dump(mode="json")
        fields = [k for k in a if a[k] != b.get(k)]
        if fields:
            changed.append({"id": qid, "fields": fields})
    added = [q for q in nq if q not in oq]
    removed = [q for q in oq if q not in nq]
    if not (added or removed or changed):
        return None
    return {"added": added, "removed": removed, "changed": sorted(changed, key=lambda c: c["id"])}


def compare_rule(old: AppliedRule, new: AppliedRule) -> list[Change]:
    """Field-by-field differences between two selections of the same rule id."""
    a, b = old.rule, new.rule
    out: list[Change] = []
    for name in ("title", "text", "context"):
        x, y = getattr(a, name), getattr(b, name)
        if x != y:
            out.append(Change(name, _text(x), _text(y)))
    if old.obligation != new.obligation:
        out.append(Change("obligation", old.obligation, new.obligation))
    for name in ("status", "obliged", "answered_by"):
        if getattr(a, name) != getattr(b, name):
            out.append(Change(name, getattr(a, name), getattr(b, name)))
    if old.phase != new.phase:
        out.append(Change("phase", old.phase, new.phase))
    for name in ("effective_from", "effective_until", "due"):
        x, y = getattr(a, name), getattr(b, name)
        if x != y:
            out.append(Change(name, x.isoformat() if x else None, y.isoformat() if y else None))
    if a.source != b.source:
        out.append(Change("source", a.source.model_dump(mode="json"), b.source.model_dump(mode="json")))
    if a.provenance != b.provenance:
        from .views import provenance_dict

        out.append(Change("provenance", provenance_dict(a.provenance), provenance_dict(b.provenance)))
    q = _question_changes(old, new)
    if q is not None:
        out.append(Change("questions", detail=q))
    ea = [e.model_dump(mode="json") for e in old.evidence]
    eb = [e.model_dump(mode="json") for e in new.evidence]
    if ea != eb:
        out.append(Change("evidence", [e["id"] for e in ea], [e["id"] for e in eb]))
    if sorted(old.components) != sorted(new.components):
        out.append(Change("components", sorted(old.components), sorted(new.components)))
    return out


def _why_gone(rule_id: str, old_rule: Rule, new: RuleSet, to_date: dt.date, profile, include_drafts) -> str:
    try:
        rule = new.get(rule_id)
    except KeyError:
        return "deleted"
    if rule.status == LegalStatus.draft and not include_drafts and old_rule.status != LegalStatus.draft:
        return "now_draft"
    if rule.effective_until is not None and to_date > rule.effective_until:
        return "repealed"
    if to_date < rule.effective_from:
        return "not_yet_in_force"
    if not in_window(rule, to_date, include_drafts):
        return "now_draft"
    return "no_longer_applicable"


def _why_new(rule: Rule, old: RuleSet, from_date: dt.date, profile, include_drafts) -> str:
    try:
        before = old.get(rule.id)
    except KeyError:
        return "new_rule"
    # In effect on from_date but not selected then: its applicability (or the profile) changed.
    return "now_applicable" if in_window(before, from_date, include_drafts) else "entered_into_force"


def diff_rules(
    old: RuleSet,
    from_date: dt.date,
    to_date: dt.date,
    profile: Profile | None = None,
    *,
    new: RuleSet | None = None,
    include_drafts: bool = False,
) -> DiffReport:
    """Compare what applied on ``from_date`` (in ``old``) with what applies on ``to_date`` (in
    ``new``, default ``old``), for ``profile`` if given. See the module docstring for the shape."""
    new = new or old
    before = {a.id: a for a in select(old, from_date, profile, include_drafts=include_drafts)}
    after = {a.id: a for a in select(new, to_date, profile, include_drafts=include_drafts)}
    added, removed, changed, unchanged = [], [], [], []
    successors: dict[str, list[str]] = {}
    for a in after.values():
        for r in a.rule.replaces:
            successors.setdefault(r, []).append(a.id)
    for rid, a in after.items():
        if rid in before:
            diffs = compare_rule(before[rid], a)
            if diffs:
                changed.append(Entry(a.rule, components=a.components, changes=diffs, as_of=to_date))
            else:
                unchanged.append(rid)
        else:
            reason = _why_new(a.rule, old, from_date, profile, include_drafts)
            related = [r for r in a.rule.replaces if r in before]
            # A successor of exactly one rule: what its wording changed against the predecessor.
            changes = compare_rule(before[related[0]], a) if len(related) == 1 else []
            added.append(Entry(a.rule, reason, related, a.components, changes, as_of=to_date))
    for rid, b in before.items():
        if rid not in after:
            reason = _why_gone(rid, b.rule, new, to_date, profile, include_drafts)
            removed.append(Entry(b.rule, reason, successors.get(rid, []), b.components, as_of=from_date))
    return DiffReport(from_date, to_date, old, new, profile, include_drafts, added, removed, changed, unchanged)
