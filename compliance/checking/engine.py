"""check(): a vendor's answers against the rules that apply to it on a date.

Per applicable rule (from :func:`compliance.selection.select`):

1. each question's answer is judged (:mod:`.values`) and the outcome weighed by the
   obligation level and any waiver (:mod:`.policy`);
2. each listed evidence file is verified inside the evidence folder and hashed
   (:mod:`.evidence`); a rule with required evidence items and no verified file is
   incomplete — "compliant but no evidence" is never compliant;
3. rules with one of the rule set's ``certification_tags`` that apply per component need, for
   each component that triggers them, a certification in the profile valid on ``as_of``; date
   questions of such rules are "valid until" dates and must not lie before ``as_of``;
4. the rule's status is the worst of its findings (error > incomplete > review), else
   compliant. A rule with neither questions nor evidence items (e.g. a power of an
   authority) asks nothing of the vendor and is ``not_applicable``, with an info finding.

Answers that match no applicable question become top-level findings: a warning with the
closest known id for unknown ids, information for questions of rules that do not apply.
Expired certifications of components no certification rule covers are warnings there too.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable

from ..enums import CheckStatus, Lang, Outcome, Severity, Verdict
from ..errors import InputError
from ..i18n import Msg, msg
from ..models import Answer, Answers, Component, Profile, Rule
from ..questions import Context, Judged, question_type
from ..ruleset import AppliedRule, RuleSet, select
from .evidence import EvidenceFolder, VerifiedFile
from .policy import judge, waiver_state
from .result import AnswerView, CheckResult, EvidenceRecord, Finding, RuleResult, worst_status
from .suggest import closest


#: Answers to unknown questions listed one by one (with "did you mean"); the rest are counted in
#: one more finding, so that a file of 100,000 stray ids gives a readable, bounded report.
MAX_UNKNOWN_LISTED = 20


def check(
    ruleset: RuleSet,
    profile: Profile,
    answers: Answers,
    *,
    as_of: dt.date,
    evidence_dir: str | os.PathLike | EvidenceFolder | None = None,
    accept_review: bool = False,
    include_drafts: bool = False,
    lang: Lang = "en",
    source: str | None = None,
    locate: Callable[[str, str], str | None] | None = None,
) -> CheckResult:
    """Check ``answers`` of ``profile`` against ``ruleset`` as of ``as_of``.

    ``evidence_dir``: the folder evidence paths are relative to (an :class:`EvidenceFolder`
    may be passed to share its hash cache across many checks). ``lang``: language of the
    findings' messages (``result.to_dict(lang)`` renders another). ``source``: the answers
    file's name, recorded in the result. ``locate(question, part)``: where the answer to a
    question is in the answers file (part ``value``, ``comment``, ``evidence`` or ``waiver``),
    recorded in the findings about it (:meth:`compliance.answers.LoadedAnswers.locate`).
    Raises :class:`InputError` when the answers are for another profile.
    """
    if answers.profile != profile.id:
        raise InputError(f"the answers are for profile {answers.profile!r}, not {profile.id!r}")
    folder = evidence_dir if isinstance(evidence_dir, EvidenceFolder) else EvidenceFolder(evidence_dir)
    run = _Run(profile, answers, as_of, folder, lang, frozenset(ruleset.header.certification_tags), locate)
    applied = select(ruleset, as_of, profile, include_drafts=include_drafts)
    results = [run.rule(a) for a in applied]
    run.leftover_answers(ruleset, applied)
    run.uncovered_certifications()
    return CheckResult(
        verdict=verdict_of(r.status for r in results),
        as_of=as_of,
        profile=profile,
        ruleset=ruleset,
        rules=results,
        findings=run.general,
        evidence=run.evidence,
        accept_review=accept_review,
        lang=lang,
        source=source,
    )


def verdict_of(statuses: Iterable[str]) -> Verdict:
    """compliant when all are compliant/not_applicable; else non_compliant, incomplete,
    needs_review, in that order of precedence."""
    seen = set(statuses)
    for verdict in Verdict:
        if verdict in seen:
            return verdict
    return Verdict.compliant


class _Run:
    """State of one check: the inputs, and what was found outside single rules."""

    def __init__(self, profile: Profile, answers: Answers, as_of: dt.date, folder: EvidenceFolder, lang: Lang,
                 certification_tags: frozenset[str], locate: Callable[[str, str], str | None] | None = None):
        self.profile, self.answers, self.as_of, self.folder, self.lang = profile, answers, as_of, folder, lang
        self.locate = locate
        self.certification_tags = certification_tags
        self.general: list[Finding] = []
        self.evidence: list[EvidenceRecord] = []
        self.certified_components: set[str] = set()

    def _finding(self, question: str | None, severity: Severity, message: Msg, component: str | None = None,
                 part: str = "value") -> Finding:
        where = self.locate(question, part) if self.locate is not None and question is not None else None
        return Finding(question, severity, message, component, self.lang, where)

    # ------------------------------------------------------------------ one rule

    def rule(self, applied: AppliedRule) -> RuleResult:
        rule = applied.rule
        questions, evidence, level = applied.questions, applied.evidence, applied.obligation
        if not questions and not evidence:
            info = self._finding(None, Severity.info, msg("informational"))
            return RuleResult(rule, CheckStatus.not_applicable, [info], applied.components, as_of=self.as_of)
        if not rule.asks(self.profile.role):
            info = self._finding(None, Severity.info, msg(
                "answered_by_other", answerer=msg(f"role_{rule.answerer}"), obliged=msg(f"role_{rule.obliged}")))
            return RuleResult(rule, CheckStatus.not_applicable, [info], applied.components, as_of=self.as_of)
        findings: list[Finding] = []
        views: list[AnswerView] = []
        verified_count = 0
        rule_waiver = None
        validity = bool(self.certification_tags.intersection(rule.tags))
        context = Context(self.as_of, validity_dates=validity)
        for q in questions:
            ans = self.answers.answers.get(q.id)
            waiver, waiver_notes = waiver_state(ans.waiver if ans else None, level, self.as_of)
            rule_waiver = rule_waiver or waiver
            findings += [self._finding(q.id, sev, m, part="waiver") for sev, m in waiver_notes]
            files, problems = self._verify(rule, q.id, ans)
            verified_count += len(files)
            kind = question_type(q.type)
            if kind.judged_by_evidence:
                outcome = _evidence_outcome(q.required, files)
            else:
                outcome = kind.assess(q, ans.value if ans else None, context)
            comment = ans.comment if ans else None
            for kind, detail, part in [(outcome.kind, outcome.msg, "value"),
                                       *((Outcome.invalid, p, "evidence") for p in problems)]:
                judged = judge(kind, detail, level, comment=comment, waiver=waiver)
                if judged:
                    findings.append(self._finding(q.id, *judged, part=part))
            views.append(_view(q, ans, outcome, waived=waiver is not None and outcome.kind != Outcome.ok))
        # Evidence may also be listed under the rule's id (rules that ask no question).
        if rule.id not in {q.id for q in rule.questions}:
            extra = self.answers.answers.get(rule.id)
            files, problems = self._verify(rule, None, extra)
            verified_count += len(files)
            for p in problems:
                judged = judge(Outcome.invalid, p, level, waiver=rule_waiver)
                if judged:
                    findings.append(self._finding(rule.id, *judged, part="evidence"))
        required = [e for e in evidence if e.required]
        if required and verified_count == 0:
            judged = judge(Outcome.unanswered, msg("evidence_required", items=[e.text for e in required]),
                           level, waiver=rule_waiver)
            if judged:
                findings.append(self._finding(None, *judged))
        if validity and rule.applies.scope == "component":
            findings += self._certifications(rule, applied.components, level)
        return RuleResult(rule, worst_status(findings), findings, applied.components, views, as_of=self.as_of)

    def _verify(self, rule: Rule, question: str | None, ans: Answer | None) -> tuple[list[VerifiedFile], list[Msg]]:
        files: list[VerifiedFile] = []
        problems: list[Msg] = []
        for listed in ans.evidence if ans else ():
            got = self.folder.verify(listed)
            if isinstance(got, Msg):
                problems.append(got)
            else:
                files.append(got)
                self.evidence.append(EvidenceRecord(got.path, got.sha256, got.size, rule.id, question))
        return files, problems

    def _certifications(self, rule: Rule, component_ids: Iterable[str], level) -> list[Finding]:  # noqa: ANN001 - Obligation
        out: list[Finding] = []
        for cid in component_ids:
            comp = self.profile.component(cid)
            self.certified_components.add(cid)
            valid, expired = _split_certs(comp, self.as_of)
            if not valid:
                listed = msg("cert_expired_list", items=[f"{c.scheme} {c.id} {c.valid_until}" for c in expired]) if expired else ""
                judged = judge(Outcome.non_compliant, msg("cert_missing", component=cid, as_of=self.as_of, expired=listed), level)
                if judged:
                    out.append(self._finding(None, *judged, component=cid))
            else:
                out += [self._expired(comp, c) for c in expired]
        return out

    def _expired(self, comp: Component, cert) -> Finding:
        return self._finding(None, Severity.warning, msg("cert_expired", scheme=cert.scheme, cert=cert.id,
                                                  component=comp.id, valid_until=cert.valid_until), comp.id)

    # ------------------------------------------------------------------ outside single rules

    def leftover_answers(self, ruleset: RuleSet, applied: list[AppliedRule]) -> None:
        role = self.profile.role
        answered = [a for a in applied if a.rule.asks(role)]
        applicable = {q.id for a in answered for q in a.questions} | {a.rule.id for a in answered}
        other_phase = {q.id: a.rule for a in answered for q in a.rule.questions if q.id not in applicable}
        owner = {q.id: r.id for r in ruleset.rules for q in r.questions} | {r.id: r.id for r in ruleset.rules}
        known_applicable, known = sorted(applicable), sorted(owner)
        unknown = 0
        for key in self.answers.answers:
            if key in applicable:
                continue
            if key in other_phase:
                rule = other_phase[key]
                q = next(q for q in rule.questions if q.id == key)
                self.general.append(self._finding(key, Severity.info, msg(
                    "question_other_phase", question=key, rule=rule.id, phase=msg(f"phase_{q.phase}"),
                    current=msg(f"phase_{rule.phase_on(self.as_of)}"), as_of=self.as_of, due=rule.due)))
                continue
            if key in owner:
                self.general.append(self._finding(key, Severity.info, msg("question_not_applicable", rule=owner[key], as_of=self.as_of)))
                continue
            unknown += 1
            if unknown > MAX_UNKNOWN_LISTED:
                continue  # counted, not listed (nor matched against every known id: that is the slow part)
            best = closest(key, known_applicable) or closest(key, known)
            suggestion = msg("did_you_mean", suggestion=best) if best else ""
            self.general.append(self._finding(key, Severity.warning, msg("unknown_question", question=key, suggestion=suggestion)))
        if unknown > MAX_UNKNOWN_LISTED:
            self.general.append(self._finding(None, Severity.warning, msg("unknown_questions_more", n=unknown - MAX_UNKNOWN_LISTED)))

    def uncovered_certifications(self) -> None:
        for comp in self.profile.components:
            if comp.id in self.certified_components:
                continue
            _, expired = _split_certs(comp, self.as_of)
            self.general += [self._expired(comp, c) for c in expired]


def _split_certs(comp: Component, as_of: dt.date) -> tuple[list, list]:
    valid = [c for c in comp.certifications if c.valid_on(as_of)]
    expired = [c for c in comp.certifications if not c.valid_on(as_of)]
    return valid, expired


def _evidence_outcome(required: bool, files: list[VerifiedFile]) -> Judged:
    if files:
        return Judged(Outcome.ok)
    if not required:
        return Judged(Outcome.skipped)
    return Judged(Outcome.unanswered, msg("evidence_question_missing"))


def _view(q, ans: Answer | None, outcome: Judged, *, waived: bool) -> AnswerView:
    return AnswerView(
        question=q.id,
        type=q.type,
        value=ans.value if ans else None,
        comment=ans.comment if ans else None,
        evidence=tuple(ans.evidence) if ans else (),
        outcome=outcome.kind,
        waived=waived,
    )
