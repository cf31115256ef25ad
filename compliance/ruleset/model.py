"""A loaded rule set: its header, its rules in document order, and where each came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import Location
from ..models import Rule, RuleSetHeader

if TYPE_CHECKING:
    from ..files.reader import Document


@dataclass
class RuleOrigin:
    """Where a rule was read from, for located cross-rule errors."""

    doc: Document
    path: tuple[Any, ...]

    def locate(self, *sub: Any) -> Location:
        return self.doc.locate(self.path + sub)


@dataclass
class RuleSet:
    """A loaded rule set: its header, its rules (in file order) and where each came from."""

    header: RuleSetHeader
    rules: list[Rule]
    root: Path
    origins: list[RuleOrigin] = field(default_factory=list)  # parallel to ``rules``
    header_doc: Document | None = None
    digest: str = ""
    notes: list[str] = field(default_factory=list)  # warnings for the user (deprecated keys), one line each

    def get(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    def origin(self, rule_id: str) -> RuleOrigin | None:
        for rule, origin in zip(self.rules, self.origins):
            if rule.id == rule_id:
                return origin
        return None

    @property
    def critical_function_ids(self) -> set[str]:
        return {cf.id for cf in self.header.critical_functions}
