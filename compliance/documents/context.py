"""The plain document model that templates render: built from a rule set, a profile and a selection.

Everything here is data in one language (``lang``), so templates need no logic beyond loops and
conditions. Vendor and profile text stays plain text: the templates autoescape it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..answers import formfields
from ..ruleset import RuleSet
from ..models import Component, Profile, Question, Rule
from ..enums import BASIS_MARK, LegalStatus
from ..questions import Control, question_type
from ..ruleset.select import AppliedRule
from ..i18n import Labels, long_date

@dataclass(frozen=True)
class ChoiceView:
    key: str
    label: str
    complies: bool


@dataclass(frozen=True)
class QuestionView:
    id: str
    number: str  # "3.2": rule number and position
    type: str
    text: str
    help: str | None
    required: bool
    complies: str  # what a complying answer is, in words
    choices: tuple[ChoiceView, ...]
    field: str  # form field names (compliance.answers.formfields)
    comment_field: str
    evidence_field: str
    control: Control  # how the answer is entered: options, choices, a short field or a text area


@dataclass(frozen=True)
class EvidenceView:
    id: str
    text: str
    required: bool


@dataclass(frozen=True)
class ComponentView:
    id: str
    name: str
    version: str | None
    domain: str
    critical_functions: tuple[str, ...]  # labels in the document's language
    certifications: tuple[str, ...]  # "NESAS-CCS-GI BSI-DSZ-CC-1234 (valid until 2027-06-30)"


@dataclass(frozen=True)
class RuleView:
    id: str
    number: int  # position in the document, 1-based
    anchor: str  # HTML id
    title: str
    text: str
    context: str | None
    review_note: str | None
    obligation: str  # MUSS | SOLL | KANN
    obligation_label: str
    status: str
    draft: bool
    effective_from: str
    effective_until: str | None
    law: str  # display name of the law
    law_short: str  # Source.law as cited: "BSIG a.F."
    section: str
    source_version: str
    url: str
    questions: tuple[QuestionView, ...]  # those asked on the as-of date, of this profile (empty: for information)
    evidence: tuple[EvidenceView, ...]
    components: tuple[ComponentView, ...]  # empty: the rule concerns the company as a whole
    basis: str = "primary"  # provenance: primary | secondary | unverified
    basis_mark: str = ""  # "†" secondary, "‡" unverified, "" primary
    basis_note: str | None = None  # the footnote of a rule whose basis is not primary
    basis_sources: tuple[str, ...] = ()  # "title (seen 2026-11-26)"
    basis_checked: str | None = None
    due: str | None = None  # ISO date from which the end state is required
    due_note: str | None = None  # which phase applies on the as-of date
    duty_note: str | None = None  # who is bound and who answers, seen from this profile
    answered_here: bool = True  # does this profile answer the rule's questions?
    answered_by: str | None = None  # manufacturer when the operator's duty is fulfilled by the manufacturer


@dataclass(frozen=True)
class LawGroup:
    key: str  # Source.law
    anchor: str
    title: str  # display name in the document's language
    rules: tuple[RuleView, ...]


@dataclass(frozen=True)
class GlossaryView:
    term: str
    other: str  # the term in the other language
    explanation: str | None


@dataclass(frozen=True)
class DocumentContext:
    """Everything a document template sees (as ``doc``), besides the labels ``t``."""

    kind: str  # checklist | attestation | any name a later feature chooses
    lang: str
    authoritative: bool  # False on translations: they must say the German text prevails
    as_of: str
    title: str
    subtitle: str
    vendor: Profile
    role_label: str
    components: tuple[ComponentView, ...]
    ruleset_id: str
    ruleset_title: str
    ruleset_version: str
    ruleset_digest: str
    groups: tuple[LawGroup, ...]
    glossary: tuple[GlossaryView, ...]
    fillable: bool = False
    extra: dict = field(default_factory=dict)  # free slot for later features' own data

    @property
    def rules(self) -> list[RuleView]:
        return [r for g in self.groups for r in g.rules]

    @property
    def has_drafts(self) -> bool:
        return any(r.draft for r in self.rules)

    @property
    def question_count(self) -> int:
        return sum(len(r.questions) for r in self.rules)

    def count(self, obligation: str) -> int:
        return sum(1 for r in self.rules if r.obligation == obligation)

    @property
    def primary_count(self) -> int:
        """Items checked against the official text (provenance basis primary)."""
        return sum(1 for r in self.rules if r.basis == "primary")

    @property
    def basis_count_lines(self) -> tuple[str, ...]:
        """The cover's "N of M items checked against the official text": German first, then, on a
        translation, the English line."""
        n, m = self.primary_count, len(self.rules)
        lines = [Labels("de").basis_count.format(n=n, m=m)]
        if self.lang != "de":
            lines.append(Labels(self.lang).basis_count.format(n=n, m=m))
        return tuple(lines)

    @property
    def has_unchecked(self) -> bool:
        return any(r.basis_mark for r in self.rules)

    @property
    def collect_count(self) -> int:
        """Operator: duties whose answers come from the manufacturer."""
        return sum(1 for r in self.rules if r.answered_by and r.answered_here and self.vendor.role == "operator")

    @property
    def serve_count(self) -> int:
        """Manufacturer: the customers' duties its answers serve."""
        return sum(1 for r in self.rules if r.answered_by and r.answered_here and self.vendor.role == "manufacturer")


def complies_text(question: Question, t: Labels) -> str:
    """What a complying answer to ``question`` is, in words (documents and answers templates)."""
    return question_type(question.type).complies_text(question, t.lang)


def _component_view(comp: Component, ruleset: RuleSet, lang: str, t: Labels) -> ComponentView:
    labels = {cf.id: cf.label.get(lang) for cf in ruleset.header.critical_functions}
    certs = tuple(
        f"{c.scheme} {c.id}" + (f" ({t.valid_until} {c.valid_until.isoformat()})" if c.valid_until else "")
        for c in comp.certifications
    )
    return ComponentView(
        comp.id,
        comp.name,
        comp.version,
        comp.domain,
        tuple(labels.get(fn, fn) for fn in comp.critical_functions),
        certs,
    )


def _question_view(q: Question, number: str, t: Labels) -> QuestionView:
    lang = t.lang
    return QuestionView(
        id=q.id,
        number=number,
        type=q.type,
        text=q.text.get(lang),
        help=q.help.get(lang) if q.help else None,
        required=q.required,
        complies=complies_text(q, t),
        choices=tuple(ChoiceView(c.key, c.label.get(lang), c.complies) for c in q.choices or ()),
        field=formfields.value_field(q.id),
        comment_field=formfields.comment_field(q.id),
        evidence_field=formfields.evidence_field(q.id),
        control=question_type(q.type).control(q, lang),
    )


def duty_note(rule: Rule, role: str, t: Labels) -> str | None:
    """Who the duty binds and who answers, as this profile (``role``) reads it."""
    if rule.answered_by is not None and rule.answered_by != rule.obliged:
        if role == rule.answered_by:
            return t.duty_customer if role == "manufacturer" else None
        if role == rule.obliged:
            return t.duty_collect if role == "operator" else None
    if not rule.asks(role) and (rule.questions or rule.evidence):
        return t[f"duty_info_{rule.answerer}"]
    return None


def due_note(applied: AppliedRule, t: Labels) -> str | None:
    """Which phase of a rule with a due date applies on the selection's day, in words."""
    rule = applied.rule
    if rule.due is None:
        return None
    day = long_date(rule.due, t.lang)
    note = t.due_end_state.format(date=day) if applied.phase == "end_state" else t.due_plan.format(date=day)
    if rule.plan_obligation is not None and applied.phase == "plan":
        note += " " + t.plan_level.format(level=t[f"level_{rule.plan_obligation}"])
    return note


def _rule_view(
    applied: AppliedRule, number: int, components: dict[str, ComponentView], ruleset: RuleSet, t: Labels,
    role: str | None = None,
) -> RuleView:
    rule: Rule = applied.rule
    lang = t.lang
    law = ruleset.header.laws.get(rule.source.law)
    answered_here = role is None or rule.asks(role)
    questions = applied.questions if answered_here else []
    evidence = applied.evidence if answered_here else []
    prov = rule.provenance
    level = applied.obligation
    return RuleView(
        id=rule.id,
        number=number,
        anchor=f"rule-{rule.id}",
        title=rule.title.get(lang),
        text=rule.text.get(lang),
        context=rule.context.get(lang) if rule.context else None,
        review_note=rule.review_note,
        obligation=level,
        obligation_label=t[f"level_{level}"],
        status=rule.status,
        draft=rule.status == LegalStatus.draft,
        effective_from=rule.effective_from.isoformat(),
        effective_until=rule.effective_until.isoformat() if rule.effective_until else None,
        law=law.get(lang) if law else rule.source.law,
        law_short=rule.source.law,
        section=rule.source.section,
        source_version=rule.source.version,
        url=rule.source.url,
        questions=tuple(_question_view(q, f"{number}.{i}", t) for i, q in enumerate(questions, 1)),
        evidence=tuple(EvidenceView(e.id, e.text.get(lang), e.required) for e in evidence),
        components=tuple(components[c] for c in applied.components if c in components),
        basis=prov.basis.value,
        basis_mark=BASIS_MARK.get(prov.basis, ""),
        basis_note=t[f"basis_note_{prov.basis}"] if prov.basis in BASIS_MARK else None,
        basis_sources=tuple(f"{s.title} ({s.seen.isoformat()})" for s in prov.sources),
        basis_checked=prov.checked.isoformat() if prov.checked else None,
        due=rule.due.isoformat() if rule.due else None,
        due_note=due_note(applied, t),
        duty_note=duty_note(rule, role, t) if role else None,
        answered_here=answered_here,
        answered_by=rule.answered_by,
    )


def build_context(
    kind: str,
    ruleset: RuleSet,
    profile: Profile,
    as_of: dt.date,
    applied: list[AppliedRule],
    lang: str = "de",
    *,
    title: str,
    subtitle: str = "",
    fillable: bool = False,
    extra: dict | None = None,
) -> DocumentContext:
    """The document model of ``applied`` (in document order) for ``profile`` on ``as_of``.

    Rules are grouped by law in the order of the rule set's ``laws``; consecutive rules of one
    law form one group. ``kind`` and ``title`` name the document; ``extra`` carries data of
    documents defined by later features (reports, packs) to their templates.
    """
    if lang not in ("de", "en"):
        raise ValueError(f"unsupported language {lang!r}")
    t = Labels(lang)
    header = ruleset.header
    components = {c.id: _component_view(c, ruleset, lang, t) for c in profile.components}
    groups: list[LawGroup] = []
    current: list[RuleView] = []
    current_law: str | None = None

    def close() -> None:
        if current_law is not None and current:
            law = header.laws.get(current_law)
            groups.append(
                LawGroup(current_law, f"law-{len(groups) + 1}", law.get(lang) if law else current_law, tuple(current))
            )

    for number, item in enumerate(applied, 1):
        law_key = item.rule.source.law
        if law_key != current_law:
            close()
            current, current_law = [], law_key
        current.append(_rule_view(item, number, components, ruleset, t, profile.role))
    close()
    glossary = tuple(
        GlossaryView(
            g.de if lang == "de" else g.en,
            g.en if lang == "de" else g.de,
            g.explanation.get(lang) if g.explanation else None,
        )
        for g in sorted(header.glossary, key=lambda g: (g.de if lang == "de" else g.en).casefold())
    )
    return DocumentContext(
        kind=kind,
        lang=lang,
        authoritative=lang == header.authoritative_language,
        as_of=as_of.isoformat(),
        title=title,
        subtitle=subtitle,
        vendor=profile,
        role_label=t[f"role_{profile.role}"],
        components=tuple(components.values()),
        ruleset_id=header.id,
        ruleset_title=header.title.get(lang),
        ruleset_version=header.version,
        ruleset_digest=ruleset.digest,
        groups=tuple(groups),
        glossary=glossary,
        fillable=fillable,
        extra=dict(extra or {}),
    )
