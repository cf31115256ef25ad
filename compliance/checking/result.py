"""The outcome of a check: findings, per-rule results and the overall verdict.

The JSON shape produced by :meth:`CheckResult.to_dict` is documented in README.md ("Checking")
and is stable: fields may be added, none removed or renamed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..enums import SEVERITY_STATUS, CheckStatus, Lang, Outcome, Severity, Verdict
from ..i18n import Msg, render

if TYPE_CHECKING:
    from ..models import Profile, Rule
    from ..ruleset import RuleSet


@dataclass(frozen=True)
class Finding:
    """One thing the checker has to say about one question (or rule, or component).

    ``severity``: ``error`` (makes the rule non_compliant), ``incomplete``, ``review``
    (needs_review), ``warning`` or ``info`` (neither changes the status). ``location``: where
    the answer it is about is, when the answers file says (a workbook cell:
    ``answers.xlsx:Fragen!K12``).
    """

    question: str | None
    severity: Severity
    msg: Msg
    component: str | None = None
    lang: Lang = "en"
    location: str | None = None

    @property
    def code(self) -> str:
        return self.msg.code

    @property
    def message(self) -> str:
        return render(self.msg, self.lang)

    def message_in(self, lang: Lang) -> str:
        return render(self.msg, lang)

    def to_dict(self, lang: Lang | None = None) -> dict[str, Any]:
        return {
            "question": self.question,
            "severity": self.severity,
            "code": self.code,
            "message": render(self.msg, lang or self.lang),
            "component": self.component,
            "location": self.location,
        }


@dataclass(frozen=True)
class EvidenceRecord:
    """A verified evidence file: its path relative to the evidence folder, hash and size."""

    path: str
    sha256: str
    size: int
    rule: str
    question: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "sha256": self.sha256, "size": self.size, "rule": self.rule,
                "question": self.question}


@dataclass(frozen=True)
class AnswerView:
    """What was answered to one question of a rule, and how it was judged."""

    question: str
    type: str
    value: Any
    comment: str | None
    evidence: tuple[str, ...]
    outcome: Outcome
    waived: bool = False

    def to_dict(self) -> dict[str, Any]:
        value = self.value.isoformat() if isinstance(self.value, dt.date) else self.value
        return {"question": self.question, "type": self.type, "value": value,
                "comment": self.comment, "evidence": list(self.evidence),
                "outcome": self.outcome, "waived": self.waived}


def worst_status(findings: list[Finding]) -> CheckStatus:
    statuses = {SEVERITY_STATUS[f.severity] for f in findings if f.severity in SEVERITY_STATUS}
    for status in CheckStatus:
        if status in statuses:
            return status
    return CheckStatus.compliant


@dataclass
class RuleResult:
    """The check of one applicable rule."""

    rule: Rule
    status: CheckStatus
    findings: list[Finding]
    components: tuple[str, ...] = ()
    answers: list[AnswerView] = field(default_factory=list)
    as_of: dt.date | None = None  # the check's date: decides the phase of a rule with a due date

    @property
    def id(self) -> str:
        return self.rule.id

    @property
    def obligation(self):  # noqa: ANN201 - Obligation
        """The level on the check's date (a rule's plan phase may have its own level)."""
        return self.rule.obligation_on(self.as_of)

    def to_dict(self, lang: Lang, laws: dict[str, Any]) -> dict[str, Any]:
        from ..ruleset.views import source_dict

        from ..ruleset.views import provenance_dict

        r = self.rule
        law = laws.get(r.source.law)
        phase = r.phase_on(self.as_of)
        return {
            "id": r.id,
            "status": self.status,
            "obligation": self.obligation,
            "title": {"de": r.title.de, "en": r.title.en},
            "law": {"id": r.source.law,
                    "title": {"de": law.de, "en": law.en} if law else None},
            "source": source_dict(r),
            "components": list(self.components),
            "findings": [f.to_dict(lang) for f in self.findings],
            "answers": [a.to_dict() for a in self.answers],
            "evidence_required": [e.id for e in r.evidence_on(self.as_of) if e.required],
            "verified": r.verified,
            "provenance": provenance_dict(r.provenance),
            "obliged": r.obliged,
            "answered_by": r.answered_by,
            "due": r.due.isoformat() if r.due else None,
            "phase": phase.value if phase else None,
        }


@dataclass
class CheckResult:
    """The check of one vendor's answers against the rules in effect on ``as_of``.

    ``verdict``: ``compliant`` when every applicable rule is compliant or not_applicable;
    else ``non_compliant`` if any rule is, else ``incomplete`` if any rule is, else
    ``needs_review``. :attr:`passed` is what the exit code reports.
    """

    verdict: Verdict
    as_of: dt.date
    profile: Profile
    ruleset: RuleSet
    rules: list[RuleResult]
    findings: list[Finding] = field(default_factory=list)  # not tied to one applicable rule
    evidence: list[EvidenceRecord] = field(default_factory=list)
    accept_review: bool = False
    lang: Lang = "en"
    source: str | None = None  # the answers file, when the caller knows it

    @property
    def profile_id(self) -> str:
        return self.profile.id

    @property
    def passed(self) -> bool:
        """True when the verdict is compliant, or needs_review and review is accepted."""
        return self.verdict == Verdict.compliant or (self.verdict == Verdict.needs_review and self.accept_review)

    @property
    def summary(self) -> dict[str, int]:
        counts = {s.value: 0 for s in CheckStatus}
        for r in self.rules:
            counts[r.status] += 1
        return counts

    def all_findings(self) -> list[Finding]:
        return [f for r in self.rules for f in r.findings] + list(self.findings)

    def to_dict(self, lang: Lang | None = None) -> dict[str, Any]:
        """The documented, stable JSON shape (messages in ``lang``, default the check's)."""
        lang = lang or self.lang
        p = self.profile
        laws = self.ruleset.header.laws
        return {
            "verdict": self.verdict,
            "passed": self.passed,
            "accept_review": self.accept_review,
            "as_of": self.as_of.isoformat(),
            "lang": lang,
            "profile": p.id,
            "vendor": {"id": p.id, "legal_name": p.legal_name, "role": p.role, "country": p.country,
                       "headquarters_country": p.headquarters_country,
                       "signatory": p.signatory.model_dump(mode="json")},
            "answers_file": self.source,
            "ruleset": {"id": self.ruleset.header.id, "version": self.ruleset.header.version,
                        "digest": self.ruleset.digest},
            "summary": self.summary,
            "rules": [r.to_dict(lang, laws) for r in self.rules],
            "findings": [f.to_dict(lang) for f in self.findings],
            "evidence": [e.to_dict() for e in self.evidence],
        }
