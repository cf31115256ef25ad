"""Rule tests: YAML fixtures beside a rule set ("this profile, on this date, gets these rules").

A fixture file (``rules/<ruleset>/tests/*.yaml``) holds a list of cases under ``tests``. Each case
names a profile (a path relative to the fixture file, or an inline profile mapping), a date and the
exact set of rule ids expected; optionally the components expected per rule, and an answers part
(inline answers with the expected verdict and/or per-rule status) run when checking is available.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal, Union

from pydantic import Field, model_validator

from ..enums import Verdict

from .answers import Answer
from .common import NonEmpty, QuestionId, RuleId, Slug, Strict
from .profile import Profile



class RuleTest(Strict):
    """One case: a profile on a date, and what the selection (and, optionally, checking) gives."""

    name: NonEmpty = Field(description="Short description shown in the test report")
    profile: Union[NonEmpty, Profile] = Field(
        description="Path of a profile file, relative to the fixture file, or an inline profile mapping"
    )
    as_of: dt.date = Field(description="The date the checklist is for")
    include_drafts: bool = Field(default=False, description="Also select draft rules in effect on the date")
    expect_rules: list[RuleId] = Field(description="The exact set of rule ids selected (order does not matter)")
    expect_components: dict[RuleId, list[Slug]] = Field(
        default_factory=dict,
        description="For component-scoped rules: the exact set of component ids that trigger the rule",
    )
    answers: dict[QuestionId, Answer] | None = Field(
        default=None, description="Inline answers (answers-file format); needs expect_verdict and/or expect_status"
    )
    expect_verdict: Verdict | None = Field(default=None, description="Overall verdict of checking the answers")
    expect_status: dict[RuleId, NonEmpty] | None = Field(
        default=None, description="Expected checking status per rule id"
    )

    @model_validator(mode="after")
    def _coherent(self) -> RuleTest:
        if len(set(self.expect_rules)) != len(self.expect_rules):
            dupes = sorted({r for r in self.expect_rules if self.expect_rules.count(r) > 1})
            raise ValueError(f"expect_rules lists {', '.join(dupes)} more than once")
        stray = [r for r in self.expect_components if r not in self.expect_rules]
        if stray:
            raise ValueError(f"expect_components names rules not in expect_rules: {', '.join(stray)}")
        wants_check = self.expect_verdict is not None or self.expect_status is not None
        if self.answers is not None and not wants_check:
            raise ValueError("'answers' needs 'expect_verdict' or 'expect_status'")
        if wants_check and self.answers is None:
            raise ValueError("'expect_verdict'/'expect_status' need 'answers'")
        return self


class RuleTestFile(Strict):
    """A fixture file: one or more cases."""

    description: str | None = None
    tests: list[RuleTest] = Field(min_length=1)


__all__ = ["RuleTest", "RuleTestFile", "Verdict", "Slug"]
