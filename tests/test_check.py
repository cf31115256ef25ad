"""Checking answers against a small, self-contained rule set (tests/data/check-ruleset):
the Python API on real files, then the real `compliance check` command."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest

from .conftest import DATA, assert_one_line_error, run_cli

RULESET = DATA / "check-ruleset"
CHECK = DATA / "check"
PROFILE = CHECK / "profile.yaml"
EVIDENCE = CHECK / "evidence"
AS_OF = dt.date(2026, 3, 1)


@pytest.fixture(scope="module")
def rs():
    from compliance.ruleset import load_ruleset

    return load_ruleset(RULESET)


@pytest.fixture(scope="module")
def vendor(rs):
    from compliance.ruleset import load_profile

    return load_profile(PROFILE, rs)


def run_check(rs, vendor, name, *, as_of=AS_OF, evidence_dir=EVIDENCE, lang="en", **kw):
    from compliance.checking import check
    from compliance.answers import load_answers

    return check(rs, vendor, load_answers(CHECK / name), as_of=as_of, evidence_dir=evidence_dir, lang=lang, **kw)


def by_id(result):
    return {r.id: r for r in result.rules}


def codes(rule_result):
    return [f.code for f in rule_result.findings]


# --------------------------------------------------------------------------- API


def test_fully_compliant_yaml_and_json(rs, vendor):
    for name in ("compliant.yaml", "compliant.json"):
        result = run_check(rs, vendor, name)
        assert result.verdict == "compliant", [(r.id, r.status, [f.message for f in r.findings]) for r in result.rules]
        assert result.passed
        rules = by_id(result)
        assert set(rules) == {"CHK-CERT-01", "CHK-MUSS-01", "CHK-MUSS-02", "CHK-INFO-01", "CHK-SOLL-01", "CHK-KANN-01"}
        assert "CHK-OLD-01" not in rules  # repealed before the as-of date
        assert rules["CHK-INFO-01"].status == "not_applicable"  # no questions: nothing to answer
        assert rules["CHK-CERT-01"].components == ("tv-core", "tv-ran")
        assert result.summary == {"non_compliant": 0, "incomplete": 0, "needs_review": 0, "compliant": 5, "not_applicable": 1}


def test_json_strings_are_accepted_for_typed_questions(rs, vendor):
    # compliant.json answers "yes" for a boolean and ISO strings for dates
    result = run_check(rs, vendor, "compliant.json")
    muss = by_id(result)["CHK-MUSS-02"]
    assert muss.status == "compliant" and muss.answers[1].value == "2025-11-03"
    kann = by_id(result)["CHK-KANN-01"]  # KANN answered "no": informational only
    assert kann.status == "compliant" and [f.severity for f in kann.findings] == ["info"]


def test_muss_non_compliant_names_the_rule(rs, vendor):
    result = run_check(rs, vendor, "muss-violated.yaml")
    assert result.verdict == "non_compliant" and not result.passed
    rule = by_id(result)["CHK-MUSS-01"]
    assert rule.status == "non_compliant"
    (f,) = rule.findings
    assert (f.question, f.severity, f.code) == ("CHK-MUSS-01-Q1", "error", "boolean_mismatch")
    assert f.message == "answered no; the complying answer is yes"
    assert f.message_in("de") == "Antwort nein; konform ist ja"


def test_missing_required_answer_and_missing_evidence_are_incomplete(rs, vendor):
    result = run_check(rs, vendor, "incomplete.yaml")
    assert result.verdict == "incomplete"
    rules = by_id(result)
    assert rules["CHK-MUSS-02"].status == "incomplete"
    assert [(f.question, f.code) for f in rules["CHK-MUSS-02"].findings] == [("CHK-MUSS-02-Q1", "unanswered")]
    # the optional CHK-MUSS-02-Q3 is not a finding
    # CHK-MUSS-01 is answered "yes" but has no evidence: never compliant
    assert rules["CHK-MUSS-01"].status == "incomplete"
    assert codes(rules["CHK-MUSS-01"]) == ["evidence_required"]
    assert "Signed declaration" in rules["CHK-MUSS-01"].findings[0].message


def test_evidence_is_hashed(rs, vendor):
    result = run_check(rs, vendor, "compliant.yaml")
    rec = {e.path: e for e in result.evidence}
    assert set(rec) == {"declaration.txt", "certs/nesas.txt", "security-concept.txt"}
    data = (EVIDENCE / "declaration.txt").read_bytes()
    assert rec["declaration.txt"].sha256 == hashlib.sha256(data).hexdigest()
    assert rec["declaration.txt"].size == len(data) and rec["declaration.txt"].rule == "CHK-MUSS-01"


def test_evidence_outside_the_folder_is_refused(rs, vendor):
    result = run_check(rs, vendor, "evidence-problems.yaml")
    rule = by_id(result)["CHK-MUSS-01"]
    assert rule.status == "incomplete"
    assert codes(rule) == ["evidence_not_found", "evidence_parent", "evidence_absolute", "evidence_required"]
    assert {e.path for e in result.evidence} == {"certs/nesas.txt", "security-concept.txt"}


def test_symlink_escaping_the_folder_is_refused(rs, vendor, tmp_path):
    ev = tmp_path / "evidence"
    shutil.copytree(EVIDENCE, ev)
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the checker\n")
    os.symlink(secret, ev / "declaration.txt.link")
    os.symlink(tmp_path, ev / "up")
    os.symlink(ev / "declaration.txt", ev / "inside-link.txt")  # stays inside: accepted
    answers = tmp_path / "answers.yaml"
    text = (CHECK / "compliant.yaml").read_text()
    answers.write_text(text.replace("evidence: [declaration.txt]", "evidence: [declaration.txt.link, up/secret.txt, inside-link.txt]"))
    from compliance.checking import check
    from compliance.answers import load_answers

    result = check(rs, vendor, load_answers(answers), as_of=AS_OF, evidence_dir=ev)
    rule = by_id(result)["CHK-MUSS-01"]
    assert codes(rule) == ["evidence_outside", "evidence_outside"]
    assert rule.status == "incomplete"  # the refused paths are findings that need fixing
    assert "inside-link.txt" in {e.path for e in result.evidence}


def test_no_evidence_dir_means_unverifiable(rs, vendor):
    result = run_check(rs, vendor, "compliant.yaml", evidence_dir=None)
    assert result.verdict == "incomplete"
    assert "evidence_no_dir" in codes(by_id(result)["CHK-MUSS-01"])
    assert result.evidence == []


def test_expired_certificate(rs, vendor):
    # tv-ran's only certificate ends 2026-06-30; so does the answered validity date
    result = run_check(rs, vendor, "compliant.yaml", as_of=dt.date(2026, 9, 1))
    cert = by_id(result)["CHK-CERT-01"]
    assert cert.status == "non_compliant"
    missing = [f for f in cert.findings if f.code == "cert_missing"]
    assert [(f.component, f.severity) for f in missing] == [("tv-ran", "error")]
    assert "CERT-2" in missing[0].message and "2026-06-30" in missing[0].message
    assert [f.question for f in cert.findings if f.code == "date_expired"] == ["CHK-CERT-01-Q2"]
    # tv-core has a valid and an expired certificate: a warning, not an error
    assert [(f.component, f.severity) for f in cert.findings if f.code == "cert_expired"] == [("tv-core", "warning")]
    # a component no certification rule covers: its expired CE mark is a general warning
    assert [(f.component, f.code) for f in result.findings] == [("tv-antenna", "cert_expired")]


def test_soll_with_and_without_justification(rs, vendor):
    from compliance.checking import JUSTIFICATION_MIN_LENGTH

    ok = by_id(run_check(rs, vendor, "soll.yaml"))["CHK-SOLL-01"]
    assert ok.status == "needs_review" and codes(ok) == ["soll_justified"]
    bad_result = run_check(rs, vendor, "soll-unjustified.yaml")
    bad = by_id(bad_result)["CHK-SOLL-01"]
    assert bad.status == "non_compliant" and codes(bad) == ["soll_unjustified"]
    assert f"at least {JUSTIFICATION_MIN_LENGTH} characters" in bad.findings[0].message
    assert bad_result.verdict == "non_compliant"


def test_needs_review_passes_only_when_accepted(rs, vendor):
    result = run_check(rs, vendor, "soll.yaml")
    assert result.verdict == "needs_review" and not result.passed
    assert run_check(rs, vendor, "soll.yaml", accept_review=True).passed


def test_waivers(rs, vendor):
    result = run_check(rs, vendor, "waivers.yaml")
    rules = by_id(result)
    soll = rules["CHK-SOLL-01"]
    assert soll.status == "needs_review" and codes(soll) == ["waived"]
    assert "Compliance board" in soll.findings[0].message and soll.answers[0].waived
    muss = rules["CHK-MUSS-01"]  # MUSS cannot be waived: the "no" counts
    assert muss.status == "non_compliant" and codes(muss) == ["waiver_muss", "boolean_mismatch"]
    kann = rules["CHK-KANN-01"]  # expired waiver reported; KANN stays informational
    assert kann.status == "compliant" and codes(kann) == ["waiver_expired", "kann_info"]
    # after the SOLL waiver expires, the unjustified deviation is non-compliant
    later = by_id(run_check(rs, vendor, "waivers.yaml", as_of=dt.date(2026, 10, 1)))["CHK-SOLL-01"]
    assert later.status == "non_compliant" and codes(later) == ["waiver_expired", "soll_unjustified"]


def test_typo_suggestion_and_wrong_types(rs, vendor):
    result = run_check(rs, vendor, "typos-and-types.yaml")
    general = {f.question: f for f in result.findings}
    typo = general["CHK-MUSS-01-Q01"]
    assert typo.severity == "warning" and typo.message.endswith("did you mean CHK-MUSS-01-Q1?")
    assert general["CHK-OLD-01-Q1"].severity == "info"  # a question of a repealed rule
    rules = by_id(result)
    wrong = {f.question: f.message for f in rules["CHK-MUSS-01"].findings + rules["CHK-MUSS-02"].findings}
    assert wrong["CHK-MUSS-01-Q1"] == "wrong type: expected yes/no (true/false), got 1"
    assert wrong["CHK-MUSS-02-Q1"] == "wrong type: expected a number, got 'twelve'"
    assert wrong["CHK-MUSS-02-Q2"] == "wrong type: expected a date YYYY-MM-DD, got '03.11.2025'"
    cert = rules["CHK-CERT-01"].findings
    assert [f.message for f in cert if f.code == "wrong_type"] == ["wrong type: expected one of the keys nesas, none, got 'NESAS'"]
    assert rules["CHK-MUSS-02"].status == "incomplete"  # an unusable answer is no answer


def test_to_dict_shape(rs, vendor):
    data = run_check(rs, vendor, "muss-violated.yaml", lang="de").to_dict()
    json.dumps(data)  # JSON-ready
    assert {"verdict", "as_of", "profile", "ruleset", "summary", "rules", "findings", "evidence"} <= set(data)
    assert data["profile"] == "test-vendor" and data["ruleset"] == {"id": "check-mini", "version": "test-1", "digest": rs.digest}
    rule = next(r for r in data["rules"] if r["id"] == "CHK-MUSS-01")
    assert rule["title"]["de"] == "Erklärung zur Lieferkette" and rule["law"]["title"]["en"] == "BSI Act"
    assert rule["source"]["section"] == "§ 1" and rule["status"] == "non_compliant"
    assert rule["findings"][0] == {"question": "CHK-MUSS-01-Q1", "severity": "error", "code": "boolean_mismatch",
                                   "message": "Antwort nein; konform ist ja", "component": None, "location": None}
    assert data["evidence"][0].keys() >= {"path", "sha256", "size", "rule"}


def test_answers_for_another_profile_are_refused(rs, vendor):
    from compliance.checking import check
    from compliance.errors import InputError
    from compliance.answers import load_answers

    with pytest.raises(InputError):
        check(rs, vendor, load_answers(CHECK / "other-profile.yaml"), as_of=AS_OF)


# --------------------------------------------------------------------------- CLI


def cli(*args):
    return run_cli("check", "--rules", RULESET, "--as-of", "2026-03-01", "--evidence-dir", EVIDENCE, *args)


def test_cli_compliant_exit_0_and_table():
    r = cli(PROFILE, CHECK / "compliant.yaml")
    assert r.code == 0, r.stderr
    assert "Verdict: compliant" in r.stdout and "Telecommunications Act" in r.stdout
    assert r.stdout.index("Telecommunications Act") < r.stdout.index("BSI Act") < r.stdout.index("EU law")  # laws in header order
    assert "6 rules: 5 compliant, 1 not_applicable" in r.stdout


def test_cli_non_compliant_exit_1_names_rule_json():
    r = cli(PROFILE, CHECK / "muss-violated.yaml", "--format", "json")
    assert r.code == 1, r.stderr
    data = json.loads(r.stdout)
    assert data["verdict"] == "non_compliant"
    assert [x["id"] for x in data["rules"] if x["status"] == "non_compliant"] == ["CHK-MUSS-01"]
    assert data["answers_file"].endswith("muss-violated.yaml")


def test_cli_table_names_rule_in_german():
    r = cli(PROFILE, CHECK / "muss-violated.yaml", "--lang", "de")
    assert r.code == 1
    assert "CHK-MUSS-01" in r.stdout and "non_compliant" in r.stdout and "Antwort nein; konform ist ja" in r.stdout


def test_cli_accept_review():
    assert cli(PROFILE, CHECK / "soll.yaml").code == 1
    assert cli(PROFILE, CHECK / "soll.yaml", "--accept-review").code == 0
    assert cli(PROFILE, CHECK / "soll-unjustified.yaml", "--accept-review").code == 1


def test_cli_batch(tmp_path):
    out = tmp_path / "out" / "batch.json"
    r = cli(PROFILE, CHECK / "compliant.yaml", CHECK / "compliant.json", CHECK / "incomplete.yaml", "--format", "json", "-o", out)
    assert r.code == 1 and r.stdout == ""
    data = json.loads(out.read_text())
    assert [d["verdict"] for d in data] == ["compliant", "compliant", "incomplete"]
    r = cli(PROFILE, CHECK / "compliant.yaml", CHECK / "compliant.json")
    assert r.code == 0 and "2 file(s): 2 compliant" in r.stdout


def test_cli_malformed_answers_exit_2_with_location():
    r = cli(PROFILE, CHECK / "malformed.yaml")
    assert_one_line_error(r, "malformed.yaml:5:5:", "unknown key 'evidense'")


def test_cli_profile_mismatch_exit_2_with_location():
    r = cli(PROFILE, CHECK / "other-profile.yaml")
    assert_one_line_error(r, "other-profile.yaml:2:10:", "'someone-else'", "'test-vendor'")


def test_cli_bad_inputs(tmp_path):
    r = cli(PROFILE, tmp_path / "nope.yaml")
    assert_one_line_error(r, "nope.yaml: file not found")
    (tmp_path / "a.txt").write_text("x")
    assert_one_line_error(cli(PROFILE, tmp_path / "a.txt"), "unsupported answers file type '.txt'")
    r = run_cli("check", "--rules", RULESET, "--evidence-dir", tmp_path / "none", PROFILE, CHECK / "compliant.yaml")
    assert_one_line_error(r, "--evidence-dir: not a folder")
    (tmp_path / "bad.json").write_text('{"profile": "test-vendor", "answers": {"X": {"value": [1, 2]}}}')
    assert_one_line_error(cli(PROFILE, tmp_path / "bad.json"), "bad.json:1:")


def test_cli_profile_folder_picks_profile_by_id(tmp_path):
    profiles = tmp_path / "profiles"
    (profiles / "test-vendor").mkdir(parents=True)
    shutil.copy(PROFILE, profiles / "test-vendor" / "profile.yaml")
    (profiles / "other.yaml").write_text(PROFILE.read_text().replace("id: test-vendor", "id: other-vendor"))
    r = cli(profiles, CHECK / "compliant.yaml")
    assert r.code == 0, r.stderr
    assert_one_line_error(cli(profiles, CHECK / "other-profile.yaml"), "no profile 'someone-else'")


def test_evidence_folder_refuses_every_way_out(tmp_path):
    from compliance.checking import EvidenceFolder
    from compliance.i18n import Msg

    root = tmp_path / "ev"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "ok.txt").write_text("fine")
    (tmp_path / "outside.txt").write_text("secret")
    os.symlink(root / "loop", root / "loop")
    os.symlink(tmp_path / "gone.txt", root / "dangling-out")
    folder = EvidenceFolder(root)

    def code(path):
        got = folder.verify(path)
        return got.code if isinstance(got, Msg) else "ok"

    assert code("sub/ok.txt") == "ok" and code("sub\\ok.txt") == "ok"
    assert code("sub/../../outside.txt") == "evidence_parent"
    assert code("..\\outside.txt") == "evidence_parent"
    assert code(str(tmp_path / "outside.txt")) == "evidence_absolute"
    assert code("C:\\Windows\\win.ini") == "evidence_absolute"
    assert code("sub") == "evidence_not_file"
    assert code(".") == "evidence_not_file"
    assert code("loop") == "evidence_unreadable"
    assert code("dangling-out") == "evidence_outside"
    assert code("bad\x00name") == "evidence_unreadable"
    assert code("missing.txt") == "evidence_not_found"
