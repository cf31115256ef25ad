"""Which rules apply to whom on which day.

:func:`select` returns, for a date and optionally a vendor profile, the rules in effect that
day (``effective_from <= as_of <= effective_until``, both days included), drafts only on
request, filtered by each rule's declarative applicability. Nothing here evaluates code:
conditions are data (see :class:`compliance.models.Condition`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .loading import RuleSet
from .models import Component, Condition, Profile, Rule


@dataclass(frozen=True)
class AppliedRule:
    """A rule selected for a date (and profile), with the components that triggered it."""

    rule: Rule
    components: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return self.rule.id


def _component_test(cond: Condition, comp: Component, as_of: dt.date | None) -> bool | None:
    """Evaluate a component-level leaf on one component; ``None`` if ``cond`` is not one."""
    if cond.domain is not None:
        return comp.domain in cond.domain
    if cond.critical_function is not None:
        return any(fn in cond.critical_function for fn in comp.critical_functions)
    if cond.has_critical_function is not None:
        return bool(comp.critical_functions) == cond.has_critical_function
    if cond.certification_scheme is not None:
        return any(
            c.scheme in cond.certification_scheme
            and (as_of is None or c.valid_until is None or c.valid_until >= as_of)
            for c in comp.certifications
        )
    return None


def matches(
    cond: Condition | None,
    profile: Profile,
    component: Component | None = None,
    as_of: dt.date | None = None,
) -> bool:
    """Does ``cond`` hold for ``profile`` (and ``component``, for component-level tests)?

    Without a component, a component-level test holds when any component passes it.
    Certifications count only while valid on ``as_of``.
    """
    if cond is None:
        return True
    if cond.all is not None:
        return all(matches(c, profile, component, as_of) for c in cond.all)
    if cond.any is not None:
        return any(matches(c, profile, component, as_of) for c in cond.any)
    if cond.not_ is not None:
        return not matches(cond.not_, profile, component, as_of)
    if cond.role is not None:
        return profile.role in cond.role
    if cond.country is not None:
        return profile.country in cond.country
    if cond.headquarters_country is not None:
        return profile.headquarters_country in cond.headquarters_country
    if cond.headquarters_in_eu_eea is not None:
        return profile.headquarters_in_eu_eea == cond.headquarters_in_eu_eea
    if cond.customer is not None:
        return any(c in cond.customer for c in profile.customers)
    if component is not None:
        result = _component_test(cond, component, as_of)
    else:
        result = any(_component_test(cond, c, as_of) for c in profile.components)
    if result is None:  # pragma: no cover - guarded by Condition's one-key validator
        raise ValueError(f"unknown condition {cond.keys()}")
    return result


def applies_to(rule: Rule, profile: Profile, as_of: dt.date | None = None) -> AppliedRule | None:
    """The rule applied to ``profile``, or ``None`` when it does not concern the profile."""
    if profile.role not in rule.roles:
        return None
    when = rule.applies.when
    if rule.applies.scope == "component":
        hits = tuple(c.id for c in profile.components if matches(when, profile, c, as_of))
        return AppliedRule(rule, hits) if hits else None
    return AppliedRule(rule) if matches(when, profile, None, as_of) else None


def in_window(rule: Rule, as_of: dt.date, include_drafts: bool = False) -> bool:
    """Is ``rule`` in effect on ``as_of``? Drafts count only with ``include_drafts``."""
    if rule.status == "draft" and not include_drafts:
        return False
    return rule.in_effect(as_of)


def select(
    ruleset: RuleSet,
    as_of: dt.date,
    profile: Profile | None = None,
    *,
    include_drafts: bool = False,
) -> list[AppliedRule]:
    """The rules of ``ruleset`` that applied on ``as_of`` (to ``profile``, if given), in file order."""
    out: list[AppliedRule] = []
    for rule in ruleset.rules:
        if not in_window(rule, as_of, include_drafts):
            continue
        if profile is None:
            out.append(AppliedRule(rule))
            continue
        applied = applies_to(rule, profile, as_of)
        if applied is not None:
            out.append(applied)
    return out
