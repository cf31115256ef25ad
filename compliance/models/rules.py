"""Rules, their questions and citations, and the rule-set header (ruleset.yaml)."""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from typing import Literal

from pydantic import Field, model_validator

from ..enums import LegalStatus, Obligation
from ..questions import TYPE_NAMES, schema_problems
from .common import CountryCode, Domain, Lang, NonEmpty, QuestionId, Role, RuleId, Slug, Strict, Text, in_period

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


class Condition(Strict):
    """One declarative applicability test; exactly one key per condition.

    Combinators: ``all`` / ``any`` (lists of conditions) and ``not`` (one condition).
    Profile tests: ``role``, ``country``, ``headquarters_country``, ``headquarters_in_eu_eea``,
    ``customer``. Component tests (true for a component, or for a profile when any of its
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
    """To whom a rule applies. ``roles`` defaults to the rule's obliged party."""

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


class Rule(Strict):
    """One obligation, effective-dated and cited."""

    id: RuleId
    title: Text
    text: Text = Field(description="The obligation in plain legal language (paraphrase, not statute text)")
    obliged: Role
    obligation: Obligation = Field(description="MUSS (must) | SOLL (should) | KANN (may)")
    status: LegalStatus
    effective_from: dt.date
    effective_until: dt.date | None = Field(default=None, description="Last day the rule applied")
    source: Source
    applies: Applicability = Field(default_factory=Applicability)
    questions: list[Question] = Field(default_factory=list)
    evidence: list[EvidenceItem] = Field(default_factory=list)
    tags: list[Slug] = Field(default_factory=list)
    context: Text | None = Field(default=None, description="Background shown with the rule, not a duty")
    review_note: str | None = Field(default=None, description="Open legal question; set for unverified or secondary-source rules")
    verified: bool = Field(default=True, description="False: content not verified against a primary source")
    replaces: list[RuleId] = Field(default_factory=list, description="Rules this one succeeds")

    @model_validator(mode="after")
    def _dates(self) -> Rule:
        if self.effective_until is not None and self.effective_until < self.effective_from:
            raise ValueError(
                f"effective_until {self.effective_until} is before effective_from {self.effective_from}"
            )
        if self.status == LegalStatus.repealed and self.effective_until is None:
            raise ValueError("a repealed rule needs effective_until (its last day)")
        if not self.verified and self.status != LegalStatus.draft:
            raise ValueError("an unverified rule must have status 'draft'")
        if not self.verified and not self.review_note:
            raise ValueError("an unverified rule needs a review_note")
        return self

    @property
    def roles(self) -> list[str]:
        return list(self.applies.roles or [self.obliged])

    def in_effect(self, as_of: dt.date) -> bool:
        """True when ``as_of`` lies in [effective_from, effective_until] (both days included)."""
        return in_period(as_of, self.effective_from, self.effective_until)


class RuleFile(Strict):
    """One file under rules/<ruleset>/ holding one or more rules."""

    rules: list[Rule] = Field(min_length=1)


class CriticalFunction(Strict):
    id: Slug
    domain: Domain
    label: Text
    verified: bool = True
    note: str | None = None


class GlossaryEntry(Strict):
    de: NonEmpty
    en: NonEmpty
    explanation: Text | None = None


class AttestationTitle(Strict):
    """The attestation's title when a rule with ``tag`` is among the declarations it holds."""

    tag: Slug
    title: Text
    subtitle: Text


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
