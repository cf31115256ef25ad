"""What falls due for a vendor, and when: certificates and waivers expiring, rules' due dates,
rules entering into force or reaching their last day. Sorted by date, overdue first.

Overdue are the things the vendor has to renew: a certificate whose ``valid_until`` or a waiver
whose ``expires`` lies before the as-of date. The dates of the law (in force, last day, due)
are listed while they lie ahead, within ``within`` days; once passed they are what ``check``
judges, not a reminder.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..enums import DueKind, LegalStatus
from ..errors import InputError, InputErrors, Location, display_path
from ..models import Answers, Profile, Rule
from ..ruleset import RuleSet
from .picture import concerns


@dataclass(frozen=True)
class DueItem:
    """One dated thing for one vendor. ``ref``: the certificate number, question id or rule id;
    ``rule``: the rule it belongs to (if any); ``source``: where the rule's text is."""

    date: dt.date
    kind: DueKind
    vendor: str
    vendor_name: str
    ref: str
    title: dict[str, str]
    rule: str | None
    source: str | None
    as_of: dt.date

    @property
    def days(self) -> int:
        """Days from the as-of date (negative: in the past)."""
        return (self.date - self.as_of).days

    @property
    def overdue(self) -> bool:
        return self.days < 0

    def sort_key(self) -> tuple:
        return (not self.overdue, self.date, self.vendor, self.kind, self.ref)

    def to_dict(self) -> dict:
        return {
            "date": self.date.isoformat(), "days": self.days, "overdue": self.overdue, "kind": str(self.kind),
            "vendor": self.vendor, "vendor_name": self.vendor_name, "ref": self.ref, "title": dict(self.title),
            "rule": self.rule, "source": self.source,
        }


@dataclass(frozen=True)
class DueReport:
    """What falls due for the vendors on ``as_of`` within ``within`` days (items sorted)."""

    as_of: dt.date
    within: int
    vendors: tuple[str, ...]
    items: tuple[DueItem, ...]

    @property
    def overdue(self) -> list[DueItem]:
        return [i for i in self.items if i.overdue]

    def to_dict(self) -> dict:
        return {
            "as_of": self.as_of.isoformat(), "within": self.within, "vendors": list(self.vendors),
            "overdue": len(self.overdue), "items": [i.to_dict() for i in self.items],
        }


def _certification_rule(ruleset: RuleSet, profile: Profile, day: dt.date) -> Rule | None:
    """The rule that asks ``profile`` for certificates (one of the rule set's
    ``certification_tags``), in effect on ``day`` if one is, else any."""
    tags = set(ruleset.header.certification_tags)
    rules = [r for r in ruleset.rules
             if tags & set(r.tags) and r.status != LegalStatus.draft and concerns(r, profile)]
    return next((r for r in rules if r.in_effect(day)), rules[0] if rules else None)


def due_items(
    ruleset: RuleSet,
    profile: Profile,
    answers: list[Answers] | tuple[Answers, ...] = (),
    *,
    as_of: dt.date,
    within: int = 365,
) -> list[DueItem]:
    """What falls due for ``profile`` (and its ``answers``' waivers) from ``as_of`` to ``within``
    days later, plus what is overdue; sorted: overdue first, then by date."""
    horizon = as_of + dt.timedelta(days=within)
    items: list[DueItem] = []

    def add(date: dt.date, kind: DueKind, ref: str, title: dict[str, str], rule: Rule | None) -> None:
        items.append(DueItem(date, kind, profile.id, profile.legal_name, ref, title,
                             rule.id if rule else None, rule.source.url if rule else None, as_of))

    def ahead(date: dt.date | None) -> bool:
        return date is not None and as_of <= date <= horizon

    for comp in profile.components:
        for cert in comp.certifications:
            if cert.valid_until is not None and cert.valid_until <= horizon:
                name = f"{cert.scheme} {cert.id} · {comp.name}"
                add(cert.valid_until, DueKind.certificate_expires, cert.id, {"de": name, "en": name},
                    _certification_rule(ruleset, profile, cert.valid_until))
    by_question = {q.id: r for r in ruleset.rules for q in r.questions}
    for answer_set in answers:
        for qid, answer in answer_set.answers.items():
            if answer.waiver is not None and answer.waiver.expires <= horizon:
                rule = by_question.get(qid)
                title = {lang: answer.waiver.reason for lang in ("de", "en")}
                add(answer.waiver.expires, DueKind.waiver_expires, qid, title, rule)
    for rule in ruleset.rules:
        if rule.status == LegalStatus.draft or not concerns(rule, profile):
            continue
        title = rule.title.to_dict()
        if ahead(rule.effective_from):
            add(rule.effective_from, DueKind.rule_in_force, rule.id, title, rule)
        if ahead(rule.due):
            add(rule.due, DueKind.rule_due, rule.id, title, rule)
        if ahead(rule.effective_until):
            add(rule.effective_until, DueKind.rule_ends, rule.id, title, rule)
    return sorted(items, key=DueItem.sort_key)


def due_for_target(
    ruleset: RuleSet,
    target: str | Path,
    answers: list[Path] | tuple[Path, ...] = (),
    *,
    as_of: dt.date,
    within: int = 365,
) -> DueReport:
    """:func:`due_items` for one profile file (with its answers files) or for every vendor folder
    (``DIR/<vendor>/profile.yaml`` and its answers file) of a folder. Raises :class:`InputErrors`."""
    from ..answers import read as answers_read
    from ..answers.vendors import vendor_folders
    from ..ruleset import load_profile

    path = Path(target)
    if path.is_dir():
        if answers:
            raise InputErrors([InputError(
                "answers files go with one profile; in a folder each vendor's answers file is found in its folder",
                Location(display_path(answers[0])))])
        folders = vendor_folders(path)
        if not folders:
            raise InputErrors([InputError("no vendor folders (*/profile.yaml) in this folder", Location(display_path(path)))])
        pairs = [(f.profile, [f.answers] if f.answers else []) for f in folders]
    else:
        pairs = [(path, list(answers))]
    items: list[DueItem] = []
    vendors: list[str] = []
    errors: list[InputError] = []
    for profile_path, answer_paths in pairs:
        try:
            profile = load_profile(profile_path, ruleset)
            loaded = []
            for a in answer_paths:
                read = answers_read.read_answers(a, ruleset, profile_id=profile.id)
                answers_read.require_profile(read, profile)
                loaded.append(read.answers)
        except InputErrors as exc:
            errors.extend(exc.errors)
            continue
        except InputError as exc:
            errors.append(exc)
            continue
        vendors.append(profile.id)
        items.extend(due_items(ruleset, profile, loaded, as_of=as_of, within=within))
    if errors:
        raise InputErrors(errors)
    return DueReport(as_of, within, tuple(vendors), tuple(sorted(items, key=DueItem.sort_key)))
