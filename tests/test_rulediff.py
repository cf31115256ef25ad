"""`rules diff`: added / removed / changed between dates and between rule-set versions."""

from __future__ import annotations

import datetime as dt
import json
import shutil

from compliance.ruleset import load_ruleset
from compliance.ruleset.diff import diff_rules

from .conftest import LOTUS, NORD, RULES, assert_one_line_error, run_cli

D = dt.date


def test_2022_to_2026_for_core_vendor(ruleset, lotus):
    rep = diff_rules(ruleset, D(2022, 6, 1), D(2026, 3, 1), lotus)
    added = {e.id: e for e in rep.added}
    removed = {e.id: e for e in rep.removed}
    assert removed["BSIG-9B-GE-01"].reason == "repealed"
    assert removed["BSIG-9B-GE-01"].related == ["BSIG-41-03"]
    assert removed["BSIG-9B-UNT-01"].related == ["BSIG-41-01"]
    assert removed["BSIG-9B-UNT-00"].related == ["BSIG-41-01"]
    assert added["TKG-165-04"].reason == "entered_into_force"
    assert added["TKG-165-04"].related == ["TKG-165-04a"]
    assert list(added["TKG-165-04"].components) == ["lx-amf", "lx-udm", "lx-oss"]
    assert added["TKG-167-02"].reason == "entered_into_force"  # § 167(2) TKG inserted on 2025-12-06
    assert set(rep.unchanged) == {"TKG-167-01", "TKG-167-01b", "KAT-20-01", "KAT-20-02", "KAT-20-06", "EU-TBX-01"}
    assert not rep.changed
    # the 2024 contracts: added in their plan phase (the removal plan is asked for, not the end state)
    assert added["GOV-HW-01"].as_of == D(2026, 3, 1) and [q["id"] for q in rep.to_dict()["added"]
                                                            if q["id"] == "GOV-HW-01"] == ["GOV-HW-01"]
    gov = next(a for a in rep.to_dict()["added"] if a["id"] == "GOV-HW-01")
    assert gov["questions"] == ["GOV-HW-01-P1", "GOV-HW-01-P2"] and gov["due"] == "2026-12-31"
    data = rep.to_dict()
    assert data["from"]["date"] == "2022-06-01" and data["profile"] == "lotus-networks"
    assert data["summary"]["added"] == len(rep.added) and data["summary"]["reattest"] == 7


def test_backwards_and_without_profile(ruleset):
    rep = diff_rules(ruleset, D(2026, 3, 1), D(2022, 6, 1))
    reasons = {e.id: e.reason for e in rep.removed}
    assert reasons["TKG-165-04"] == "not_yet_in_force"
    assert {e.id for e in rep.added} >= {"BSIG-9B-GE-01", "BSIG-9B-ANZ-01"}


def test_component_change_between_versions(tmp_path, lotus):
    """The same rule triggered by other components is 'changed' and needs re-attestation."""
    old = tmp_path / "old"
    shutil.copytree(RULES, old, ignore=shutil.ignore_patterns("tests"))
    f = old / "bsi-certification.yaml"
    text = f.read_text(encoding="utf-8")
    f.write_text(text.replace("      when: {has_critical_function: true}\n", "      when: {domain: [core]}\n", 1), encoding="utf-8")
    rep = diff_rules(load_ruleset(old), D(2026, 3, 1), D(2026, 3, 1), lotus, new=load_ruleset(RULES))
    (entry,) = rep.changed
    assert entry.id == "BSI-NESAS-01" and entry.reattest
    (change,) = entry.changes
    assert change.field == "components"
    assert change.old == ["lx-amf", "lx-udm"] and change.new == ["lx-amf", "lx-oss", "lx-udm"]


def _older_copy(tmp_path):
    """A copy of the bundled rule set, edited the way an older release might differ."""
    old = tmp_path / "old-rules"
    shutil.copytree(RULES, old, ignore=shutil.ignore_patterns("tests"))
    tkg = old / "tkg.yaml"
    text = tkg.read_text(encoding="utf-8")
    # older wording, an older question text, one question fewer, different level
    text = text.replace("first\n        used from 1 January 2026, for now in 5G mobile networks.", "first\n        used from 1 January 2026.")
    text = text.replace("          en: Valid until\n", "          en: Expiry date\n")
    eu = old / "eu.yaml"
    e = eu.read_text(encoding="utf-8")
    e = e.replace("    obligation: KANN\n", "    obligation: SOLL\n", 1)
    start = e.index("      - id: EU-TBX-01-Q2\n")
    end = e.index("    evidence:", start)
    e = e[:start] + e[end:]
    tkg.write_text(text, encoding="utf-8")
    eu.write_text(e, encoding="utf-8")
    gov = old / "gov-contracts.yaml"
    g = gov.read_text(encoding="utf-8")
    gov.write_text(g[: g.index("\n  - id: GOV-HW-02")] + "\n", encoding="utf-8")
    return old


def test_two_rule_set_versions(tmp_path, lotus):
    old = load_ruleset(_older_copy(tmp_path))
    new = load_ruleset(RULES)
    rep = diff_rules(old, D(2026, 3, 1), D(2026, 3, 1), lotus, new=new)
    changed = {e.id: e for e in rep.changed}
    assert set(changed) == {"TKG-165-04", "EU-TBX-01"}
    tkg = {c.field: c for c in changed["TKG-165-04"].changes}
    assert set(tkg) == {"text", "questions"}
    assert tkg["questions"].detail == {"added": [], "removed": [], "changed": [{"id": "TKG-165-04-Q2", "fields": ["text"]}]}
    eu = {c.field: c for c in changed["EU-TBX-01"].changes}
    assert eu["obligation"].old == "SOLL" and eu["obligation"].new == "KANN"
    assert eu["questions"].detail["added"] == ["EU-TBX-01-Q2"]
    assert all(e.reattest for e in rep.changed)
    # a rule that did not exist in the older version is 'new_rule'
    ran = run_cli("rules", "diff", "--from", "2026-03-01", "--to", "2026-03-01", "--from-rules", old.root,
                  "--profile", RULES / "tests" / "profiles" / "ran-vendor-cn.yaml", "--format", "json")
    data = json.loads(ran.stdout)
    assert ran.code == 0 and [a["id"] for a in data["added"]] == ["GOV-HW-02"]
    assert data["added"][0]["reason"] == "new_rule"


def test_cli_table_json_and_errors(tmp_path):
    r = run_cli("rules", "diff", "--from", "2025-12-05", "--to", "2025-12-06", "--profile", LOTUS)
    assert r.code == 0, r.stderr
    assert "repealed (last day 2025-12-05); replaced by BSIG-41-03" in r.stdout
    r = run_cli("rules", "diff", "--from", "2026-09-10", "--to", "2027-12-11", "--profile", NORD, "--format", "json")
    data = json.loads(r.stdout)
    # the CRA rules pass their due dates: from the plan (SOLL) to the end state (MUSS), re-attest
    assert [c["id"] for c in data["changed"]] == ["EU-CRA-02", "EU-CRA-01"] and all(c["reattest"] for c in data["changed"])
    fields = {c["field"]: c for c in data["changed"][0]["changes"]}
    assert fields["phase"] == {"field": "phase", "from": "plan", "to": "end_state"}
    assert fields["obligation"] == {"field": "obligation", "from": "SOLL", "to": "MUSS"}
    assert fields["questions"]["added"] == ["EU-CRA-02-Q1"] and fields["questions"]["removed"] == ["EU-CRA-02-P1"]
    r = run_cli("rules", "diff", "--from", "2026-09-10", "--to", "2026-09-11", "--profile", NORD)
    assert "phase: plan → end_state" in r.stdout
    r = run_cli("rules", "diff", "--from", "2020-09-01", "--to", "2027-12-11", "--profile", NORD, "--format", "json")
    data = json.loads(r.stdout)
    assert [a["id"] for a in data["added"]] == ["BSIG-30-LK", "EU-NIS2-21", "EU-CRA-02", "EU-CRA-01"]
    assert set(data) >= {"from", "to", "profile", "include_drafts", "summary", "added", "removed", "changed"}
    assert set(data["added"][0]) >= {"id", "title", "obligation", "status", "reason", "replaces", "questions", "components",
                                     "due", "basis", "changes"}

    assert_one_line_error(run_cli("rules", "diff", "--from", "2026-13-01", "--to", "2026-01-01"), "--from: '2026-13-01' is not a date")
    r = run_cli("rules", "diff", "--from", "2026-01-01")
    assert r.code == 2 and "Traceback" not in r.stderr
    bad = tmp_path / "bad"
    bad.mkdir()
    assert_one_line_error(run_cli("rules", "diff", "--from", "2026-01-01", "--to", "2026-01-02", "--from-rules", bad), "missing ruleset.yaml")

def test_a_change_of_wording_shows_the_new_text(ruleset):
    """§ 168 TKG from 2025-12-06: the successor rule lists its changes against the old wording."""
    from compliance import load_profile

    operator = load_profile(RULES / "tests" / "profiles" / "operator.yaml", ruleset)
    data = diff_rules(ruleset, D(2025, 12, 5), D(2025, 12, 6), operator).to_dict()
    added = {a["id"]: a for a in data["added"]}
    assert added["TKG-168-02"]["replaces"] == ["TKG-168-01"]
    text = next(c for c in added["TKG-168-02"]["changes"] if c["field"] == "text")
    assert "unverzüglich mit" in text["from"]["de"] and "24 Stunden" in text["to"]["de"]
    assert "72 Stunden" in text["to"]["de"] and "einen Monat" in text["to"]["de"]
    assert {c["field"] for c in added["TKG-165-02b"]["changes"]} >= {"text", "questions"}
    removed = {r["id"]: r for r in data["removed"]}
    assert removed["TKG-168-01"]["replaced_by"] == ["TKG-168-02"]
    r = run_cli("rules", "diff", "--from", "2025-12-05", "--to", "2025-12-06", "--profile",
                RULES / "tests" / "profiles" / "operator.yaml")
    assert "replaces TKG-168-01; wording changed: title; text; questions:" in " ".join(r.stdout.split())
