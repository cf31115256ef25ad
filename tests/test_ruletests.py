"""Rule-test fixtures: the bundled ones pass, failures show expected vs actual, bad files exit 2."""

from __future__ import annotations

import json
import types
from pathlib import Path

import pytest

from compliance.errors import InputErrors
from compliance.ruleset.fixtures import CHECKING_NOT_AVAILABLE, run_ruletests

from .conftest import LOTUS, RULES, ROOT, assert_one_line_error, run_cli

FIXTURES = RULES / "tests"


def _bundled_cases():
    from compliance.ruleset import load_ruleset

    from compliance.checking import check

    return run_ruletests(load_ruleset(RULES), check=check).cases


@pytest.mark.parametrize("case", _bundled_cases(), ids=lambda c: f"{Path(c.file).name}:{c.line}")
def test_every_bundled_fixture_case_passes(case):
    assert case.passed, "\n".join(case.diff_lines())


def test_fixture_coverage_laws_and_timeline(ruleset):
    """At least one fixture per law, and one case on each timeline date of the reference."""
    from compliance.checking import check

    report = run_ruletests(ruleset, check=check)
    covered_laws = {ruleset.get(rid).source.law for c in report.cases for rid in c.expected}
    assert covered_laws == set(ruleset.header.laws)
    dates = {c.as_of.isoformat() for c in report.cases}
    for day in ("2019-03-07", "2019-10-15", "2020-01-29", "2020-04-29", "2021-05-28", "2021-10-07",
                "2021-12-01", "2022-07-01", "2024-07-11", "2024-10-18", "2025-11-03", "2025-12-06",
                "2026-01-01", "2026-09-11", "2027-12-11",
                "2019-11-01", "2020-06-01", "2022-06-01", "2025-12-10", "2026-03-01",
                # issue 11: the timeline a lawyer can read (tests/timeline.yaml)
                "2020-09-01", "2021-06-15", "2024-09-01", "2027-01-15"):
        assert day in dates, day


def test_cli_runs_bundled_fixtures():
    r = run_cli("rules", "test")
    assert r.code == 0, r.stdout + r.stderr
    assert "0 failed" in r.stdout and "PASS " in r.stdout
    r = run_cli("rules", "test", FIXTURES / "tkg.yaml", "--format", "json")
    data = json.loads(r.stdout)
    assert r.code == 0 and data["passed"] and data["summary"]["cases"] == 7


def _write(tmp_path: Path, text: str, name: str = "case.yaml") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_failing_case_exits_1_with_diff(tmp_path):
    p = _write(tmp_path, f"""tests:
  - name: wrong on purpose
    profile: {LOTUS}
    as_of: 2026-03-01
    expect_rules: [BSIG-9B-GE-01, BSIG-41-01, BSIG-41-02, BSIG-41-03, BSIG-2-23, BSIG-30-LK, TKG-167-01,
                   TKG-167-01b, TKG-167-02, KAT-20-01, KAT-20-02, KAT-20-06, BSI-TR-01, BSI-NESAS-01, GOV-HW-01,
                   EU-TBX-01, EU-NIS2-21, EU-CRA-02, EU-CRA-01]
    expect_components:
      KAT-20-02: [lx-amf]
""")
    r = run_cli("rules", "test", p, "--rules", RULES)
    assert r.code == 1, r.stdout + r.stderr
    assert "FAIL " in r.stdout and "case.yaml:2" in r.stdout
    assert "expected but not selected: BSIG-9B-GE-01" in r.stdout
    assert "selected but not expected: TKG-165-04" in r.stdout
    assert "components of KAT-20-02: expected [lx-amf], got [lx-amf, lx-oss, lx-udm]" in r.stdout
    r = run_cli("rules", "test", p, "--rules", RULES, "--format", "json")
    case = json.loads(r.stdout)["cases"][0]
    assert r.code == 1 and case["missing"] == ["BSIG-9B-GE-01"] and case["unexpected"] == ["TKG-165-04"]


def test_bad_fixture_files_exit_2_with_location(tmp_path):
    p = _write(tmp_path, """tests:
  - name: typo
    profile: nowhere/profile.yaml
    as_of: 2026-03-01
    expect_rules: [TKG-165-4]
    colour: red
""")
    r = run_cli("rules", "test", p, "--rules", RULES)
    assert_one_line_error(
        r,
        "case.yaml:6:5: tests[0].colour: unknown key 'colour'",
    )
    p.write_text(p.read_text().replace("    colour: red\n", ""))
    r = run_cli("rules", "test", p, "--rules", RULES)
    assert_one_line_error(r, "case.yaml:5:20: unknown rule id 'TKG-165-4' in expect_rules", "profile.yaml: file not found")
    assert_one_line_error(run_cli("rules", "test", tmp_path / "missing.yaml", "--rules", RULES), "missing.yaml: fixture file or folder not found")
    q = _write(tmp_path, "tests:\n  - name: x\n    profile: {}\n    as_of: 2026-02-30\n    expect_rules: []\n", "b.yaml")
    assert_one_line_error(run_cli("rules", "test", q, "--rules", RULES), "b.yaml:4:12: invalid date")


def test_inline_profile_and_answers_without_checking(tmp_path, ruleset):
    p = _write(tmp_path, """tests:
  - name: inline EU vendor with answers
    profile:
      id: inline-vendor
      legal_name: Inline AB
      role: manufacturer
      country: SE
      headquarters_country: SE
      signatory: {name: A, title: B}
    as_of: 2026-09-11
    expect_rules: [BSIG-30-LK, EU-NIS2-21, EU-CRA-02, EU-CRA-01]
    answers:
      EU-CRA-02-Q1: {value: true}
    expect_verdict: compliant
""")
    report = run_ruletests(ruleset, [p])  # no checker given
    (case,) = report.cases
    assert case.passed and case.checking.status == "not_run"
    assert case.checking.message == CHECKING_NOT_AVAILABLE


def test_answers_are_checked_when_checking_exists(tmp_path, ruleset):
    """With a checker given, verdict and per-rule status are compared."""
    calls = []

    def check(rs, profile, answers, *, as_of, evidence_dir=None):
        calls.append((profile.id, answers.answers["EU-CRA-02-Q1"].value, as_of))
        rule = types.SimpleNamespace(id="EU-CRA-02", status="compliant")
        return types.SimpleNamespace(verdict="incomplete", rules=[rule])

    p = _write(tmp_path, f"""tests:
  - name: answers
    profile: {ROOT / 'examples' / 'nordantenna' / 'profile.yaml'}
    as_of: 2026-09-11
    expect_rules: [BSIG-30-LK, EU-NIS2-21, EU-CRA-02, EU-CRA-01]
    answers:
      EU-CRA-02-Q1: {{value: true, comment: PSIRT in place}}
    expect_verdict: compliant
    expect_status: {{EU-CRA-02: compliant, EU-NIS2-21: non_compliant}}
""")
    (case,) = run_ruletests(ruleset, [p], check=check).cases
    assert calls and calls[0][0] == "nordantenna" and calls[0][1] is True
    assert not case.passed and case.selection_passed
    assert case.checking.status == "failed"
    assert "verdict: expected compliant, got incomplete" in case.checking.message
    assert "EU-NIS2-21: expected non_compliant, got not checked" in case.checking.message


def test_fixture_model_rules(tmp_path, ruleset):
    p = _write(tmp_path, f"""tests:
  - name: duplicate ids
    profile: {LOTUS}
    as_of: 2026-03-01
    expect_rules: [EU-TBX-01, EU-TBX-01]
  - name: answers without expectations
    profile: {LOTUS}
    as_of: 2026-03-01
    expect_rules: [EU-TBX-01]
    answers: {{}}
""")
    with pytest.raises(InputErrors) as exc:
        run_ruletests(ruleset, [p])
    text = str(exc.value)
    assert "EU-TBX-01 more than once" in text and "'answers' needs 'expect_verdict' or 'expect_status'" in text


def test_ruletests_schema_is_committed():
    r = run_cli("schema", "ruletests")
    assert r.code == 0
    assert json.loads(r.stdout) == json.loads((ROOT / "schemas" / "ruletests.schema.json").read_text())
