"""Run rule-test fixtures: does each profile, on each date, get exactly the expected rules?

Fixture files live beside a rule set in ``rules/<ruleset>/tests/*.yaml`` (the loader skips that
folder) and follow :class:`compliance.models.ruletests.RuleTestFile`. :func:`run_ruletests` loads
them all, reports every bad fixture at once as :class:`~compliance.errors.InputErrors` (file:line),
and otherwise returns a :class:`RuleTestReport` with one :class:`CaseResult` per case.

The optional checking part of a case (``answers`` with ``expect_verdict``/``expect_status``) runs
through the ``check`` function the caller passes (``compliance.checking.check``: the checker sits
on a higher floor than the rule set); without one it is reported as "not run (checking not
available)" and does not fail the case.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Callable
from typing import Any

from ..errors import InputError, InputErrors, Location, display_path
from ..models.loading import validate_document
from .load import RULESET_FILE
from .model import RuleSet
from .profiles import load_profile
from ..models import Answers, Profile
from ..models.ruletests import RuleTest, RuleTestFile
from .select import select
from ..files.reader import Document, load_document

CHECKING_NOT_AVAILABLE = "not run (checking not available)"
#: ``check(ruleset, profile, answers, *, as_of, evidence_dir)`` -> a result with ``verdict`` and ``rules``.
Checker = Callable[..., Any]


@dataclass
class CheckingResult:
    """Outcome of a case's checking part: ``passed`` | ``failed`` | ``not_run``."""

    status: str
    message: str = ""
    expected_verdict: str | None = None
    actual_verdict: str | None = None
    status_diffs: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"status": self.status, "message": self.message}
        if self.expected_verdict is not None:
            d["verdict"] = {"expected": self.expected_verdict, "actual": self.actual_verdict}
        if self.status_diffs:
            d["rules"] = {k: {"expected": e, "actual": a} for k, (e, a) in self.status_diffs.items()}
        return d


@dataclass
class CaseResult:
    """Result of one fixture case."""

    file: str
    line: int | None
    name: str
    as_of: dt.date
    expected: list[str]
    actual: list[str]
    missing: list[str] = field(default_factory=list)  # expected, not selected
    unexpected: list[str] = field(default_factory=list)  # selected, not expected
    component_diffs: dict[str, tuple[list[str], list[str]]] = field(default_factory=dict)
    checking: CheckingResult | None = None

    @property
    def selection_passed(self) -> bool:
        return not self.missing and not self.unexpected and not self.component_diffs

    @property
    def passed(self) -> bool:
        return self.selection_passed and (self.checking is None or self.checking.status != "failed")

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "name": self.name,
            "as_of": self.as_of.isoformat(),
            "passed": self.passed,
            "missing": self.missing,
            "unexpected": self.unexpected,
            "components": {
                rid: {"expected": exp, "actual": act} for rid, (exp, act) in self.component_diffs.items()
            },
            "checking": self.checking.to_dict() if self.checking else None,
        }

    def diff_lines(self) -> list[str]:
        """Human-readable expected-vs-actual lines (empty when the case passed)."""
        out: list[str] = []
        if self.missing:
            out.append("expected but not selected: " + ", ".join(self.missing))
        if self.unexpected:
            out.append("selected but not expected: " + ", ".join(self.unexpected))
        for rid, (exp, act) in self.component_diffs.items():
            out.append(f"components of {rid}: expected [{', '.join(exp)}], got [{', '.join(act)}]")
        if self.checking is not None and self.checking.status == "failed":
            out.append("checking: " + self.checking.message)
        return out


@dataclass
class RuleTestReport:
    """All case results of a run."""

    cases: list[CaseResult]
    files: list[str]

    @property
    def passed(self) -> bool:
        return all(c.passed for c in self.cases)

    @property
    def failed(self) -> list[CaseResult]:
        return [c for c in self.cases if not c.passed]

    @property
    def checking_not_run(self) -> int:
        return sum(1 for c in self.cases if c.checking is not None and c.checking.status == "not_run")

    def to_dict(self) -> dict[str, Any]:
        return {
            "passed": self.passed,
            "summary": {
                "files": len(self.files),
                "cases": len(self.cases),
                "passed": len(self.cases) - len(self.failed),
                "failed": len(self.failed),
                "checking_not_run": self.checking_not_run,
            },
            "cases": [c.to_dict() for c in self.cases],
        }


# --------------------------------------------------------------------------- discovery


def fixture_files(paths: list[Path]) -> list[Path]:
    """The fixture files named by ``paths``: files as given; for a folder, the ``*.yaml`` directly
    in it, sorted (subfolders such as ``profiles/`` hold profiles used by the fixtures)."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(q for q in p.glob("*.yaml") if q.is_file()))
        else:
            out.append(p)
    return out


def find_ruleset_root(path: Path) -> Path | None:
    """The nearest folder at or above ``path`` that holds a ``ruleset.yaml``."""
    start = path if path.is_dir() else path.parent
    for folder in (start, *start.parents):
        if (folder / RULESET_FILE).is_file():
            return folder
    return None


# --------------------------------------------------------------------------- loading


@dataclass
class _LoadedCase:
    case: RuleTest
    profile: Profile
    doc: Document
    index: int


def _load_file(path: Path, ruleset: RuleSet) -> tuple[list[_LoadedCase], list[InputError]]:
    try:
        doc = load_document(path)
    except InputError as err:
        return [], [err]
    try:
        parsed = validate_document(RuleTestFile, doc)
    except InputErrors as errs:
        return [], list(errs.errors)
    known = {r.id for r in ruleset.rules}
    loaded: list[_LoadedCase] = []
    errors: list[InputError] = []
    for i, case in enumerate(parsed.tests):
        base = ("tests", i)
        for j, rid in enumerate(case.expect_rules):
            if rid not in known:
                errors.append(InputError(f"unknown rule id {rid!r} in expect_rules", doc.locate(base + ("expect_rules", j))))
        for section, mapping in (("expect_components", case.expect_components), ("expect_status", case.expect_status or {})):
            for rid in mapping:
                if rid not in known:
                    errors.append(InputError(f"unknown rule id {rid!r} in {section}", doc.locate(base + (section, rid), key=True)))
        profile = _case_profile(case, path, doc, base, ruleset, errors)
        if profile is None:
            continue
        for rid, comps in case.expect_components.items():
            ids = {c.id for c in profile.components}
            for k, cid in enumerate(comps):
                if cid not in ids:
                    errors.append(
                        InputError(
                            f"component {cid!r} is not in profile {profile.id!r}",
                            doc.locate(base + ("expect_components", rid, k)),
                        )
                    )
        loaded.append(_LoadedCase(case, profile, doc, i))
    return loaded, errors


def _case_profile(
    case: RuleTest, path: Path, doc: Document, base: tuple, ruleset: RuleSet, errors: list[InputError]
) -> Profile | None:
    if isinstance(case.profile, Profile):
        from .validate import check_profile

        problems = check_profile(case.profile, ruleset)
        for p in problems:  # re-locate at the inline profile
            errors.append(InputError(p.message, doc.locate(base + ("profile",))))
        return None if problems else case.profile
    target = (path.parent / case.profile).resolve()
    try:
        return load_profile(target, ruleset)
    except InputErrors as errs:
        where = doc.locate(base + ("profile",))
        errors.append(InputError(f"profile {case.profile!r} is not valid (see below)", where))
        errors.extend(errs.errors)
        return None


# --------------------------------------------------------------------------- running


def _run_checking(item: _LoadedCase, ruleset: RuleSet, check: Checker | None) -> CheckingResult | None:
    case = item.case
    if case.answers is None:
        return None
    if check is None:
        return CheckingResult("not_run", CHECKING_NOT_AVAILABLE)
    answers = Answers(profile=item.profile.id, answers=case.answers)
    try:
        result = check(ruleset, item.profile, answers, as_of=case.as_of, evidence_dir=None)
    except Exception as exc:  # noqa: BLE001 - a failing check is a failing case, not a crash
        return CheckingResult("failed", f"checking raised {type(exc).__name__}: {exc}")
    messages: list[str] = []
    out = CheckingResult("passed")
    if case.expect_verdict is not None:
        out.expected_verdict, out.actual_verdict = case.expect_verdict, str(result.verdict)
        if out.actual_verdict != case.expect_verdict:
            messages.append(f"verdict: expected {case.expect_verdict}, got {out.actual_verdict}")
    if case.expect_status:
        actual = {r.id: str(r.status) for r in result.rules}
        for rid, exp in case.expect_status.items():
            got = actual.get(rid)
            if got != exp:
                out.status_diffs[rid] = (exp, got)
                messages.append(f"{rid}: expected {exp}, got {got or 'not checked'}")
    if messages:
        out.status, out.message = "failed", "; ".join(messages)
    return out


def run_case(item: _LoadedCase, ruleset: RuleSet, check: Checker | None = None) -> CaseResult:
    """Select the rules for one loaded case and compare them with its expectations."""
    case = item.case
    selected = select(ruleset, case.as_of, item.profile, include_drafts=case.include_drafts)
    actual = [a.id for a in selected]
    loc = item.doc.locate(("tests", item.index))
    result = CaseResult(
        file=item.doc.file,
        line=loc.line,
        name=case.name,
        as_of=case.as_of,
        expected=list(case.expect_rules),
        actual=actual,
        missing=[r for r in case.expect_rules if r not in actual],
        unexpected=[r for r in actual if r not in case.expect_rules],
    )
    by_id = {a.id: a for a in selected}
    for rid, exp in case.expect_components.items():
        got = list(by_id[rid].components) if rid in by_id else []
        if rid in by_id and sorted(got) != sorted(exp):
            result.component_diffs[rid] = (sorted(exp), sorted(got))
    result.checking = _run_checking(item, ruleset, check)
    return result


def run_ruletests(ruleset: RuleSet, paths: list[Path] | None = None, *, check: Checker | None = None) -> RuleTestReport:
    """Run the fixtures in ``paths`` (default: ``<ruleset>/tests``) against ``ruleset``.

    Raises :class:`InputErrors` listing every problem of every bad fixture file (nothing runs
    then); otherwise returns the report. A case fails when the selected rule ids (or components,
    or the checking outcome, when checking is available) differ from the expected ones.
    """
    targets = paths if paths else [ruleset.root / "tests"]
    errors: list[InputError] = []
    for t in targets:
        if not t.exists():
            errors.append(InputError("fixture file or folder not found", Location(display_path(t))))
    files = fixture_files([t for t in targets if t.exists()])
    if not files and not errors:
        errors.append(InputError("no fixture files (*.yaml) found", Location(display_path(targets[0]))))
    loaded: list[_LoadedCase] = []
    for f in files:
        cases, errs = _load_file(f, ruleset)
        loaded.extend(cases)
        errors.extend(errs)
    if errors:
        raise InputErrors(errors)
    return RuleTestReport([run_case(item, ruleset, check) for item in loaded], [display_path(f) for f in files])
