"""End to end on the bundled rule set: the demo vendor's answers (examples/lotus-networks)."""

from __future__ import annotations

import json

from .conftest import EXAMPLES, LOTUS, run_cli

ANSWERS = EXAMPLES / "lotus-networks" / "answers.yaml"
EVIDENCE = EXAMPLES / "lotus-networks" / "evidence"


def test_lotus_demo_answers_show_every_kind_of_finding():
    r = run_cli("check", LOTUS, ANSWERS, "--as-of", "2026-03-01", "--evidence-dir", EVIDENCE, "--format", "json")
    assert r.code == 1, r.stderr
    data = json.loads(r.stdout)
    assert data["verdict"] == "non_compliant" and data["ruleset"]["id"] == "de-telecom-security"
    rules = {x["id"]: x for x in data["rules"]}
    assert rules["TKG-165-04"]["status"] == "non_compliant"
    assert {f["component"] for f in rules["TKG-165-04"]["findings"] if f["code"] == "cert_missing"} == {"lx-udm", "lx-oss"}  # lx-oss: expired
    assert rules["GOV-HW-01"]["status"] == "non_compliant"
    assert rules["KAT-20-01"]["status"] == "incomplete"
    assert rules["BSIG-41-01"]["status"] == "not_applicable"
    found = {f["code"] for x in data["rules"] for f in x["findings"]} | {f["code"] for f in data["findings"]}
    assert found >= {
        "boolean_mismatch", "unanswered", "wrong_type", "soll_justified", "waived", "waiver_muss",
        "waiver_expired", "evidence_not_found", "evidence_parent", "cert_missing", "unknown_question",
        "question_not_applicable", "informational", "question_other_phase", "choice_mismatch",
    }
    # the 2024 contracts before their deadline: the plan is judged, not the end state
    assert {f["question"] for f in rules["GOV-HW-01"]["findings"]} >= {"GOV-HW-01-P1", "GOV-HW-01-P2"}
    assert rules["GOV-HW-01"]["phase"] == "plan" and rules["GOV-HW-01"]["due"] == "2026-12-31"
    # the CRA's plan phase is SOLL: justified or waived deviations need review
    assert rules["EU-CRA-01"]["status"] == "needs_review" and rules["EU-CRA-01"]["obligation"] == "SOLL"
    assert rules["TKG-165-04"]["obliged"] == "operator" and rules["TKG-165-04"]["answered_by"] == "manufacturer"
    assert rules["TKG-165-04"]["provenance"]["basis"] == "secondary" and rules["BSIG-41-01"]["verified"]
    expired = next(f for f in rules["TKG-165-04"]["findings"] if f["component"] == "lx-oss")
    assert "expired: NESAS-CCS-GI BSI-DSZ-CC-0999 2025-12-31" in expired["message"]
    assert {e["path"] for e in data["evidence"]} >= {"certificates/lx-amf-nesas.pdf", "trust-declaration.txt", "ownership-chart.pdf"}
    assert all(len(e["sha256"]) == 64 and e["size"] > 0 for e in data["evidence"])


def test_lotus_table_in_german():
    r = run_cli("check", LOTUS, ANSWERS, "--as-of", "2026-03-01", "--evidence-dir", EVIDENCE, "--lang", "de")
    assert r.code == 1
    assert "Ergebnis: non_compliant" in r.stdout and "Telekommunikationsgesetz 2021" in r.stdout
    assert "GOV-HW-01" in r.stdout and "Weitere Feststellungen" in r.stdout
    r = run_cli("check", LOTUS, ANSWERS, "--as-of", "2026-03-01", "--evidence-dir", EVIDENCE, "--lang", "de", "--format", "json")
    messages = [f["message"] for x in json.loads(r.stdout)["rules"] for f in x["findings"]]
    assert "Ausnahme ignoriert: MUSS-Pflichten können nicht ausgenommen werden" in messages
