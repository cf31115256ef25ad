"""Rules, their questions and citations, and the rule-set header (ruleset.yaml)."""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from typing import Literal

from pydantic import Field, model_validator

from ..enums import Basis, LegalStatus, Obligation, Phase
from ..questions import TYPE_NAMES, schema_problems
from .common import (
    CountryCode,
    Domain,
    Lang,
    NetworkGeneration,
    NonEmpty,
    QuestionId,
    Role,
    RuleId,
    Slug,
    Strict,
    Text,
    ThreatPotential,
    in_period,
)

#: A question's type: a name registered in :mod:`compliance.questions`.
QuestionTypeName = Literal[TYPE_NAMES]  # type: ignore[valid-type]
Scope = Literal["profile", "component"]


class Source(Strict):
    """Where a rule comes from, precisely enough for a lawyer to look it up."""

    law: NonEmpty = Field(description="Law or publication, e.g. 'BSI-Gesetz (BSIG)'")
    section: NonEmpty = Field(description="Section, e.g. '§ 9b Abs. 3'")
    version: NonEmpty = Field(description="Version or publication, e.g. 'IT-SiG 2.0, BGBl. I 2021 S. 1122'")
    url: str = Field(pattern=r"^https://\S+$", description="Public https address of the text")
    published: dt.date | None = None


class SeenSource(Strict):
    """One source a rule's content was checked against, and the day it was seen."""

    title: NonEmpty = Field(description="What the source is, e.g. 'gesetze-im-internet.de, BSIG § 41'")
    url: str = Field(pattern=r"^https?://\S+$", description="Where it can be read")
    seen: dt.date = Field(description="The day it was read")


class Provenance(Strict):
    """How sure the rule set is of a rule (or a critical function): what it was checked against.

    ``primary``: the official text (gesetze-im-internet.de, the Federal Law Gazette, the Official
    Journal, the authority's own publication); ``secondary``: only law-firm notes, commentaries,
    private consolidated texts or press; ``unverified``: not seen at all. A ``primary`` basis names
    at least one source and the day it was ``checked``.
    """

    basis: Basis = Field(description="primary | secondary | unverified")
    sources: list[SeenSource] = Field(default_factory=list, description="What was read, with the day it was seen")
    checked: dt.date | None = Field(default=None, description="Last day the content was checked against the sources")

    @model_validator(mode="after")
    def _backed(self) -> Provenance:
        if self.basis == Basis.primary and not self.sources:
            raise ValueError("a primary basis names the official source it was checked against (sources)")
        if self.basis == Basis.primary and self.checked is None:
            raise ValueError("a primary basis needs the day it was checked (checked)")
        return self


#: How the deprecated ``verified`` flag is read: never as primary (it claimed too much).
LEGACY_BASIS = {True: Basis.secondary, False: Basis.unverified}


def legacy_provenance(data):  # noqa: ANN001, ANN201 - raw input of a model validator
    """A rule's (or critical function's) raw mapping with the deprecated ``verified`` key, or
    without ``provenance``, turned into one with ``provenance`` (``verified: true`` and the old
    default read as ``secondary``, ``false`` as ``unverified``). The loader warns once about it."""
    if not isinstance(data, dict):
        return data
    if "verified" in data and "provenance" in data:
        raise ValueError("give either provenance or the deprecated verified, not both")
    if "provenance" in data:
        return data
    data = dict(data)
    verified = data.pop("verified", True)
    if isinstance(verified, bool):
        data["provenance"] = {"basis": LEGACY_BASIS[verified].value}
    else:
        data["verified"] = verified  # let the schema say what is wrong with it
    return data


class Condition(Strict):
    """One declarative applicability test; exactly one key per condition.

    Combinators: ``all`` / ``any`` (lists of conditions) and ``not`` (one condition).
    Profile tests: ``role``, ``country``, ``headquarters_country``, ``headquarters_in_eu_eea``,
    ``customer``, ``threat_potential`` and ``network_generation`` (an operator's declared
    ``operator`` attributes; false when the profile does not declare them). Component tests (true for a component, or for a profile when any of its
    components passes): ``domain``, ``critical_function``, ``has_critical_function``,
    ``certification_scheme``.
    """

    all: list[Condition] | None = Field(default=None, min_length=1)
    any: list[Condition] | None = Field(default=None, min_length=1)
    not_: Condition | None = Field(default=None, alias="not")
    role: list[Role] | None = Field(default=None, min_length=1)
    country: list[CountryCode] | None = Field(default=None, min_length=1)
    headquarters_country: list[CountryCode] | None = Field(default=None, min_length=1)
    headquarters_in_eu_eea: bool | None = None
    customer: list[Slug] | None = Field(default=None, min_length=1)
    threat_potential: list[ThreatPotential] | None = Field(
        default=None, min_length=1, description="operator.threat_potential is one of these"
    )
    network_generation: list[NetworkGeneration] | None = Field(
        default=None, min_length=1, description="operator.network_generations includes one of these"
    )
    domain: list[Domain] | None = Field(default=None, min_length=1)
    critical_function: list[Slug] | None = Field(default=None, min_length=1)
    has_critical_function: bool | None = None
    certification_scheme: list[NonEmpty] | None = Field(default=None, min_length=1)

    model_config = Strict.model_config | {
        "populate_by_name": True,
        "json_schema_extra": {"minProperties": 1, "maxProperties": 1},
    }

    @model_validator(mode="after")
    def _exactly_one(self) -> Condition:
        keys = self.keys()
        if len(keys) != 1:
            raise ValueError(
                "a condition has exactly one key, found "
                + (", ".join(keys) if keys else "none")
                + " (combine several with all/any)"
            )
        return self

    def keys(self) -> list[str]:
        return [
            ("not" if name == "not_" else name)
            for name in type(self).model_fields
            if getattr(self, name) is not None
        ]

    @cached_property
    def key(self) -> str:
        """The condition's one key (``not`` for ``not_``)."""
        return self.keys()[0]

    @property
    def value(self):  # noqa: ANN201 - the value of the one key
        return getattr(self, "not_" if self.key == "not" else self.key)


class Applicability(Strict):
    """To whom a rule applies. ``roles`` defaults to the rule's obliged party and, when set,
    the party that answers for it (``answered_by``)."""

    roles: list[Role] | None = Field(default=None, min_length=1)
    scope: Scope = Field(
        default="profile",
        description="'component': the rule applies per component and names the components that trigger it",
    )
    when: Condition | None = None


class Choice(Strict):
    key: Slug
    label: Text
    complies: bool


class Question(Strict):
    """A question the obliged party answers; its type says what a complying answer is."""

    id: QuestionId
    text: Text
    type: QuestionTypeName
    required: bool = True
    expected: bool | None = Field(default=None, description="boolean: the complying answer")
    choices: list[Choice] | None = Field(default=None, min_length=2, description="choice: the options")
    min: float | None = Field(default=None, description="number: smallest complying value")
    max: float | None = Field(default=None, description="number: largest complying value")
    min_length: int | None = Field(default=None, ge=1, description="text: shortest acceptable answer")
    help: Text | None = None
    phase: Phase | None = Field(
        default=None,
        description="Only for rules with 'due': 'plan' questions are asked before the due date, 'end_state' "
        "questions from it on; questions without a phase always",
    )

    @model_validator(mode="after")
    def _coherent(self) -> Question:
        problems = schema_problems(self)
        if problems:
            raise ValueError("; ".join(problems))
        return self


class EvidenceItem(Strict):
    id: Slug
    text: Text
    required: bool = True
    phase: Phase | None = Field(default=None, description="As for questions: only with 'due' on the rule")


class Rule(Strict):
    """One obligation, effective-dated and cited, with how sure the rule set is of it."""

    id: RuleId
    title: Text
    text: Text = Field(description="The obligation in plain legal language (paraphrase, not statute text)")
    obliged: Role = Field(description="The party the duty binds")
    answered_by: Role | None = Field(
        default=None,
        description="The other party, whose answer fulfils the duty (e.g. the manufacturer's declaration "
        "an operator must have); the rule then applies to both roles",
    )
    obligation: Obligation = Field(description="MUSS (must) | SOLL (should) | KANN (may)")
    status: LegalStatus
    effective_from: dt.date
    effective_until: dt.date | None = Field(default=None, description="Last day the rule applied")
    due: dt.date | None = Field(
        default=None,
        description="The day from which the end state is required (e.g. removal by 2026-12-31): before it "
        "the plan questions are asked and judged, from it on the end-state questions",
    )
    plan_obligation: Obligation | None = Field(
        default=None, description="Level of the plan phase (before 'due'), when it differs from 'obligation'"
    )
    source: Source
    applies: Applicability = Field(default_factory=Applicability)
    questions: list[Question] = Field(default_factory=list)
    evidence: list[EvidenceItem] = Field(default_factory=list)
    tags: list[Slug] = Field(default_factory=list)
    context: Text | None = Field(default=None, description="Background shown with the rule, not a duty")
    review_note: str | None = Field(default=None, description="Open legal question; set for unverified or secondary-source rules")
    provenance: Provenance = Field(description="What the rule was checked against: primary | secondary | unverified")
    replaces: list[RuleId] = Field(default_factory=list, description="Rules this one succeeds")

    @model_validator(mode="before")
    @classmethod
    def _legacy(cls, data):  # noqa: ANN001, ANN206 - raw input
        return legacy_provenance(data)

    @model_validator(mode="after")
    def _dates(self) -> Rule:
        if self.effective_until is not None and self.effective_until < self.effective_from:
            raise ValueError(
                f"effective_until {self.effective_until} is before effective_from {self.effective_from}"
            )
        if self.status == LegalStatus.repealed and self.effective_until is None:
            raise ValueError("a repealed rule needs effective_until (its last day)")
        if self.provenance.basis == Basis.unverified and not self.review_note:
            raise ValueError("a rule with basis unverified needs a review_note saying what is open")
        if self.answered_by is not None and self.answered_by == self.obliged:
            raise ValueError(f"answered_by is the obliged party ({self.obliged}); leave it out")
        if self.due is None:
            if self.plan_obligation is not None:
                raise ValueError("plan_obligation needs a due date (due)")
            phased = [x.id for x in [*self.questions, *self.evidence] if x.phase is not None]
            if phased:
                raise ValueError(f"questions or evidence with a phase ({', '.join(phased)}) need a due date (due) on the rule")
        elif self.due < self.effective_from:
            raise ValueError(f"due {self.due} is before effective_from {self.effective_from}")
        return self

    @property
    def roles(self) -> list[str]:
        """The roles whose profiles the rule concerns: ``applies.roles``, else the obliged party
        and the answering party."""
        if self.applies.roles:
            return list(self.applies.roles)
        return [self.obliged] + ([self.answered_by] if self.answered_by else [])

    @property
    def answerer(self) -> str:
        """Who answers the rule's questions: ``answered_by``, else the obliged party."""
        return self.answered_by or self.obliged

    def answered_by_role(self, role: str) -> bool:
        """Does a profile of ``role`` give the answer (declare on it in its attestation)? The
        obliged party does unless another party answers for it; then that party does."""
        return role == self.answerer

    def asks(self, role: str) -> bool:
        """Are the rule's questions put to a profile of ``role`` (checklist, answers template,
        check)? To the obliged party, which collects the answers when another party gives them,
        and to the answering party; other roles see the rule for information only."""
        return role == self.obliged or role == self.answered_by

    @property
    def verified(self) -> bool:
        """Checked against the official text (``provenance.basis == primary``). Kept for the JSON
        shapes that had the old ``verified`` flag."""
        return self.provenance.basis == Basis.primary

    def in_effect(self, as_of: dt.date) -> bool:
        """True when ``as_of`` lies in [effective_from, effective_until] (both days included)."""
        return in_period(as_of, self.effective_from, self.effective_until)

    def phase_on(self, day: dt.date | None) -> Phase | None:
        """``plan`` before ``due``, ``end_state`` from it on; ``None`` without a due date (or day)."""
        if self.due is None or day is None:
            return None
        return Phase.plan if day < self.due else Phase.end_state

    def questions_on(self, day: dt.date | None) -> list[Question]:
        """The questions asked on ``day``: the one place that decides it (checks, checklists,
        attestations, answers templates and forms all ask this). Without ``due`` (or without a day)
        every question; with ``due``, the questions of the phase of ``day`` and those without one."""
        phase = self.phase_on(day)
        if phase is None:
            return list(self.questions)
        return [q for q in self.questions if q.phase is None or q.phase == phase]

    def evidence_on(self, day: dt.date | None) -> list[EvidenceItem]:
        """The evidence items asked for on ``day`` (as :meth:`questions_on`)."""
        phase = self.phase_on(day)
        if phase is None:
            return list(self.evidence)
        return [e for e in self.evidence if e.phase is None or e.phase == phase]

    def obligation_on(self, day: dt.date | None) -> Obligation:
        """The level that applies on ``day``: ``plan_obligation`` in the plan phase, if set."""
        if self.plan_obligation is not None and self.phase_on(day) == Phase.plan:
            return self.plan_obligation
        return self.obligation


class RuleFile(Strict):
    """One file under rules/<ruleset>/ holding one or more rules."""

    rules: list[Rule] = Field(min_length=1)


class CriticalFunction(Strict):
    """A critical function of the vocabulary (what makes a component a critical component)."""

    id: Slug
    domain: Domain
    label: Text
    provenance: Provenance = Field(description="What the function's presence and wording were checked against")
    note: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _legacy(cls, data):  # noqa: ANN001, ANN206 - raw input
        return legacy_provenance(data)

    @property
    def verified(self) -> bool:
        return self.provenance.basis == Basis.primary


class GlossaryEntry(Strict):
    de: NonEmpty
    en: NonEmpty
    explanation: Text | None = None


class AttestationTitle(Strict):
    """The attestation's title when a rule with ``tag`` is among the declarations it holds."""

    tag: Slug
    title: Text
    subtitle: Text


#: What a legal event is: a law or ruling promulgated (published) or entering into force, a duty
#: starting to apply, a draft published, an agreement concluded.
LegalEventKind = Literal["promulgation", "entry_into_force", "application", "draft", "agreement"]


class LegalEvent(Strict):
    """A dated event of the law the rule set names (drawn as a line on the timeline), cited like a rule."""

    date: dt.date
    kind: LegalEventKind = Field(description="promulgation | entry_into_force | application | draft | agreement")
    label: Text = Field(description="Short name shown on the timeline, e.g. 'NIS2UmsuCG in force'")
    law: NonEmpty | None = Field(default=None, description="The law it concerns (a key of 'laws'), if any")
    url: str = Field(pattern=r"^https://\S+$", description="Public https address of the source")


class RuleSetHeader(Strict):
    """rules/<ruleset>/ruleset.yaml: identity, version and shared vocabulary."""

    id: Slug
    title: Text
    version: NonEmpty
    languages: list[Lang] = Field(min_length=1)
    authoritative_language: Lang = "de"
    description: Text | None = None
    critical_functions: list[CriticalFunction] = Field(default_factory=list)
    glossary: list[GlossaryEntry] = Field(default_factory=list)
    laws: dict[str, Text] = Field(
        default_factory=dict, description="Display names of the laws, keyed by Source.law, in document order"
    )
    certification_tags: list[Slug] = Field(
        default_factory=list,
        description="Rules with one of these tags require, per component, a certification valid on the as-of "
        "date; their date questions are 'valid until' dates",
    )
    attestation_titles: list[AttestationTitle] = Field(
        default_factory=list,
        description="Titles of the attestation form, chosen by the tag of a rule it declares (first match)",
    )
    legal_events: list[LegalEvent] = Field(
        default_factory=list,
        description="Dated events of the law (promulgations, entry into force), drawn on `rules timeline` and "
        "listed by `due`",
    )
