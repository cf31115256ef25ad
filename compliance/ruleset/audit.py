"""How sure the rule set is of itself: rules by provenance basis, stale checks, unverified law.

:func:`audit_ruleset` reads every rule's and critical function's ``provenance`` and reports, as of
a day:

* the rules (and critical functions) by basis: ``primary`` (checked against the official text),
  ``secondary`` (law-firm notes, commentaries, private consolidated texts, press only),
  ``unverified``;
* the *stale* ones: ``checked`` missing or more than ``stale_days`` days before the day;
* the *in-force unverified* rules: status ``in_force``, not ended before the day, basis
  ``unverified`` — law the tool shows without anyone having read it. ``rules audit --strict``
  fails on them.

JSON shape (``AuditReport.to_dict``, stable; fields may be added)::

    {"ruleset": {"id", "version"}, "as_of", "stale_days", "passed", "strict_passed",
     "summary": {"rules", "by_basis": {primary, secondary, unverified},
                 "in_force", "in_force_by_basis": {...},
                 "critical_functions", "critical_functions_by_basis": {...},
                 "stale", "in_force_unverified"},
     "rules": [{"id", "title": {de, en}, "status", "effective_from", "effective_until", "basis",
                "checked", "sources", "in_force", "stale", "days_since_check"}],
     "critical_functions": [{"id", "basis", "checked", "sources", "stale", "days_since_check"}],
     "stale": [ids], "in_force_unverified": [ids]}
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..enums import Basis, LegalStatus
from .model import RuleSet

#: Default age (days) after which a check counts as stale.
STALE_DAYS = 365


@dataclass(frozen=True)
class AuditItem:
    """One rule or critical function as the audit sees it."""

    id: str
    kind: str  # rule | critical_function
    basis: Basis
    checked: dt.date | None
    sources: int
    stale: bool
    in_force: bool = False
    rule: Any = None  # the Rule, for rules

    def days_since_check(self, as_of: dt.date) -> int | None:
        return (as_of - self.checked).days if self.checked else None


def _stale(checked: dt.date | None, as_of: dt.date, stale_days: int) -> bool:
    return checked is None or (as_of - checked).days > stale_days


def _in_force(rule, as_of: dt.date) -> bool:  # noqa: ANN001 - a Rule
    """Law in force on ``as_of`` or later: status in_force and not ended before the day."""
    return rule.status == LegalStatus.in_force and (rule.effective_until is None or rule.effective_until >= as_of)


@dataclass
class AuditReport:
    ruleset: RuleSet
    as_of: dt.date
    stale_days: int
    rules: list[AuditItem]
    critical_functions: list[AuditItem]

    @property
    def stale(self) -> list[AuditItem]:
        return [i for i in [*self.rules, *self.critical_functions] if i.stale]

    @property
    def in_force_unverified(self) -> list[AuditItem]:
        return [i for i in self.rules if i.in_force and i.basis == Basis.unverified]

    @property
    def strict_passed(self) -> bool:
        """No in-force rule is unverified (what ``--strict`` demands)."""
        return not self.in_force_unverified

    @staticmethod
    def by_basis(items: list[AuditItem]) -> dict[str, int]:
        return {b.value: sum(1 for i in items if i.basis == b) for b in Basis}

    def to_dict(self) -> dict[str, Any]:
        in_force = [i for i in self.rules if i.in_force]
        return {
            "ruleset": {"id": self.ruleset.header.id, "version": self.ruleset.header.version},
            "as_of": self.as_of.isoformat(),
            "stale_days": self.stale_days,
            "passed": True,
            "strict_passed": self.strict_passed,
            "summary": {
                "rules": len(self.rules),
                "by_basis": self.by_basis(self.rules),
                "in_force": len(in_force),
                "in_force_by_basis": self.by_basis(in_force),
                "critical_functions": len(self.critical_functions),
                "critical_functions_by_basis": self.by_basis(self.critical_functions),
                "stale": len(self.stale),
                "in_force_unverified": len(self.in_force_unverified),
            },
            "rules": [
                {
                    "id": i.id,
                    "title": {"de": i.rule.title.de, "en": i.rule.title.en},
                    "status": i.rule.status,
                    "effective_from": i.rule.effective_from.isoformat(),
                    "effective_until": i.rule.effective_until.isoformat() if i.rule.effective_until else None,
                    "basis": i.basis,
                    "checked": i.checked.isoformat() if i.checked else None,
                    "sources": i.sources,
                    "in_force": i.in_force,
                    "stale": i.stale,
                    "days_since_check": i.days_since_check(self.as_of),
                }
                for i in self.rules
            ],
            "critical_functions": [
                {"id": i.id, "basis": i.basis, "checked": i.checked.isoformat() if i.checked else None,
                 "sources": i.sources, "stale": i.stale, "days_since_check": i.days_since_check(self.as_of)}
                for i in self.critical_functions
            ],
            "stale": [i.id for i in self.stale],
            "in_force_unverified": [i.id for i in self.in_force_unverified],
        }


def audit_ruleset(ruleset: RuleSet, as_of: dt.date, stale_days: int = STALE_DAYS) -> AuditReport:
    """The provenance audit of ``ruleset`` as of ``as_of`` (see the module docstring)."""
    if stale_days < 0:
        raise ValueError("stale_days must not be negative")
    rules = [
        AuditItem(r.id, "rule", r.provenance.basis, r.provenance.checked, len(r.provenance.sources),
                  _stale(r.provenance.checked, as_of, stale_days), _in_force(r, as_of), r)
        for r in ruleset.rules
    ]
    functions = [
        AuditItem(cf.id, "critical_function", cf.provenance.basis, cf.provenance.checked, len(cf.provenance.sources),
                  _stale(cf.provenance.checked, as_of, stale_days))
        for cf in ruleset.header.critical_functions
    ]
    return AuditReport(ruleset, as_of, stale_days, rules, functions)
