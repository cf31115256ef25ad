"""Which rules apply to whom on which day.

:func:`select` returns, for a date and optionally a vendor profile, the rules in effect that
day (``effective_from <= as_of <= effective_until``, both days included), drafts only on
request, filtered by each rule's declarative applicability. Nothing here evaluates code:
conditions are data (see :class:`compliance.models.Condition`), evaluated by the table of
tests in :mod:`compliance.ruleset.conditions`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .model import RuleSet
from ..models import Component, Condition, EvidenceItem, Profile, Question, Rule
from ..enums import LegalStatus, Obligation, Phase
from .conditions import COMPONENT_TESTS, PROFILE_TESTS


@dataclass(frozen=True)
class AppliedRule:
    """A rule selected for a date (and profile), with the components that triggered it.

    ``questions`` and ``obligation`` are those of the selection date (a rule with ``due`` asks
    plan questions before it and end-state questions from it on): every consumer (checks,
    documents, answers templates, forms) takes them from here, or from
    :meth:`compliance.models.Rule.questions_on`.
    """

    rule: Rule
    components: tuple[str, ...] = ()
    as_of: dt.date | None = None

    @property
    def id(self) -> str:
        return self.rule.id

    @property
    def questions(self) -> list[Question]:
        return self.rule.questions_on(self.as_of)

    @property
    def evidence(self) -> list[EvidenceItem]:
        return self.rule.evidence_on(self.as_of)

    @property
    def obligation(self) -> Obligation:
        return self.rule.obligation_on(self.as_of)

    @property
    def phase(self) -> Phase | None:
        return self.rule.phase_on(self.as_of)


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
    key, value = cond.key, cond.value
    if key in PROFILE_TESTS:
        return PROFILE_TESTS[key](value, profile)
    test = COMPONENT_TESTS[key]
    if component is not None:
        return test(value, component, as_of)
    return any(test(value, c, as_of) for c in profile.components)


def applies_to(rule: Rule, profile: Profile, as_of: dt.date | None = None) -> AppliedRule | None:
    """The rule applied to ``profile``, or ``None`` when it does not concern the profile."""
    if profile.role not in rule.roles:
        return None
    when = rule.applies.when
    if rule.applies.scope == "component":
        hits = tuple(c.id for c in profile.components if matches(when, profile, c, as_of))
        return AppliedRule(rule, hits, as_of) if hits else None
    return AppliedRule(rule, (), as_of) if matches(when, profile, None, as_of) else None


def in_window(rule: Rule, as_of: dt.date, include_drafts: bool = False) -> bool:
    """Is ``rule`` in effect on ``as_of``? Drafts count only with ``include_drafts``."""
    if rule.status == LegalStatus.draft and not include_drafts:
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
            out.append(AppliedRule(rule, (), as_of))
            continue
        applied = applies_to(rule, profile, as_of)
        if applied is not None:
            out.append(applied)
    return out
