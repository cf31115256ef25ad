"""The rows of the timeline picture: rules as bars from effective-from to effective-until, grouped
by law, with their due dates; a vendor's certifications with their validity; the legal events."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..enums import LegalStatus
from ..models import LegalEvent, Profile, Rule
from ..ruleset import RuleSet
from ..ruleset.select import applies_to


@dataclass(frozen=True)
class Bar:
    """One rule: in effect from ``start`` to ``until`` (``None``: open end)."""

    rule: Rule

    @property
    def id(self) -> str:
        return self.rule.id

    @property
    def start(self) -> dt.date:
        return self.rule.effective_from

    @property
    def until(self) -> dt.date | None:
        return self.rule.effective_until

    @property
    def due(self) -> dt.date | None:
        return self.rule.due

    @property
    def draft(self) -> bool:
        return self.rule.status == LegalStatus.draft

    def to_dict(self) -> dict:
        return {
            "id": self.id, "law": self.rule.source.law, "status": str(self.rule.status),
            "effective_from": self.start.isoformat(),
            "effective_until": self.until.isoformat() if self.until else None,
            "due": self.due.isoformat() if self.due else None,
        }


@dataclass(frozen=True)
class LawGroup:
    """The bars of one law (``law``: the ``Source.law`` key), in document order."""

    law: str
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class CertificateRow:
    """One certification of a vendor's component, valid until ``valid_until`` (``None``: open)."""

    component: str
    component_name: str
    scheme: str
    id: str
    valid_until: dt.date | None

    def to_dict(self) -> dict:
        return {"component": self.component, "scheme": self.scheme, "id": self.id,
                "valid_until": self.valid_until.isoformat() if self.valid_until else None}


@dataclass(frozen=True)
class Timeline:
    """What the picture shows, between ``start`` and ``end`` (both included)."""

    start: dt.date
    end: dt.date
    as_of: dt.date
    groups: tuple[LawGroup, ...]
    certificates: tuple[CertificateRow, ...] = ()
    events: tuple[LegalEvent, ...] = ()
    profile: Profile | None = None
    laws: dict = field(default_factory=dict)  # law key -> Text (display names of ruleset.yaml)

    @property
    def bars(self) -> list[Bar]:
        return [b for g in self.groups for b in g.bars]

    def law_title(self, law: str, lang: str) -> str:
        text = self.laws.get(law)
        return text.get(lang) if text is not None else law

    def to_dict(self) -> dict:
        return {
            "from": self.start.isoformat(), "to": self.end.isoformat(), "as_of": self.as_of.isoformat(),
            "profile": self.profile.id if self.profile else None,
            "laws": [{"law": g.law, "rules": [b.to_dict() for b in g.bars]} for g in self.groups],
            "certificates": [c.to_dict() for c in self.certificates],
            "legal_events": [{"date": e.date.isoformat(), "kind": e.kind, "label": e.label.to_dict(), "url": e.url}
                             for e in self.events],
        }


def concerns(rule: Rule, profile: Profile) -> bool:
    """Does ``rule`` concern ``profile`` at any time (its role, its applicability on any day)?"""
    return applies_to(rule, profile, None) is not None


def default_window(ruleset: RuleSet, as_of: dt.date) -> tuple[dt.date, dt.date]:
    """From the first of January of the earliest legal event's year (else of ``as_of``'s year) to
    the last of December of the year after the latest event, due date or ``as_of``."""
    events = [e.date for e in ruleset.header.legal_events]
    first = min(events, default=as_of)
    lasts = events + [r.due for r in ruleset.rules if r.due] + [as_of]
    return dt.date(first.year, 1, 1), dt.date(max(lasts).year + 1, 12, 31)


def build_timeline(
    ruleset: RuleSet,
    as_of: dt.date,
    profile: Profile | None = None,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> Timeline:
    """The timeline of ``ruleset`` (drafts included, they are drawn hatched) between ``start`` and
    ``end`` (default: :func:`default_window`): every rule in effect on some day of it; with
    ``profile``, only the rules that concern the vendor, and one row per certification."""
    d_start, d_end = default_window(ruleset, as_of)
    start, end = start or d_start, end or d_end
    if end < start:
        from ..errors import InputError

        raise InputError(f"the timeline's end {end} is before its start {start}")
    groups: dict[str, list[Bar]] = {}
    for rule in ruleset.rules:
        if rule.effective_from > end or (rule.effective_until is not None and rule.effective_until < start):
            continue
        if profile is not None and not concerns(rule, profile):
            continue
        groups.setdefault(rule.source.law, []).append(Bar(rule))
    certificates = tuple(
        CertificateRow(comp.id, comp.name, cert.scheme, cert.id, cert.valid_until)
        for comp in (profile.components if profile else [])
        for cert in comp.certifications
    )
    events = tuple(sorted((e for e in ruleset.header.legal_events if start <= e.date <= end), key=lambda e: e.date))
    return Timeline(
        start, end, as_of, tuple(LawGroup(law, tuple(bars)) for law, bars in groups.items()),
        certificates, events, profile, dict(ruleset.header.laws),
    )
