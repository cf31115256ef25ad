"""How sure the rule set is of itself: provenance in the JSON views, `rules audit`, the legacy
`verified` key, and the generated docs/legal-basis.md."""

from __future__ import annotations

import json
import re
import shutil

from compliance.ruleset import load_ruleset
from compliance.ruleset.audit import audit_ruleset
from compliance.ruleset.legalbasis import legal_basis_markdown

from .conftest import LOTUS, ROOT, RULES, run_cli

import datetime as dt

D = dt.date
LEGAL_BASIS = ROOT / "docs" / "legal-basis.md"


def test_committed_legal_basis_is_what_the_rules_give(ruleset):
    """docs/legal-basis.md cannot drift: regenerate with `make legal-basis`."""
    assert LEGAL_BASIS.read_text(encoding="utf-8") == legal_basis_markdown(ruleset), "run `make legal-basis`"


def test_legal_basis_lists_every_law_version_and_rule(ruleset):
    text = legal_basis_markdown(ruleset)
    for law in ruleset.header.laws.values():
        assert f". {law.de}\n" in text
    for r in ruleset.rules:
        assert f"**{r.id}**" in text, r.id
    # versions with their in-force dates, e.g. the TKG 2004 as amended in 2012 and the NIS2 change
    assert "| TKG 2004 in der Fassung der TKG-Novelle vom 3. Mai 2012 (BGBl. I S. 958), bis 30.11.2021 | 2012-05-10 – 2021-11-30 |" in text
    assert "2025-12-06 – open" in text
    assert "**TKG-168-02** (replaces TKG-168-01)" in text
    assert "| operator (answered by manufacturer) |" in text and "| 2026-12-31 |" in text
    assert "**5 of 80 rules** checked against the official text" in text
    assert "<https://www.gesetze-im-internet.de/tkg_2021/__166.html> (seen 2026-11-26; cited by TKG-166-01, TKG-166-02)" in text
    assert "**unverified**" in text and "## Critical functions" in text


def test_cli_writes_the_legal_basis(tmp_path, ruleset):
    r = run_cli("rules", "legal-basis")
    assert r.code == 0 and r.stdout == legal_basis_markdown(ruleset)
    out = tmp_path / "lb.md"
    r = run_cli("rules", "legal-basis", "-o", out)
    assert r.code == 0 and out.read_text(encoding="utf-8") == legal_basis_markdown(ruleset)
    assert "wrote" in r.stderr


def test_rules_list_and_show_json_carry_provenance_parties_and_due():
    r = run_cli("rules", "list", "--as-of", "2026-03-01", "--profile", LOTUS, "--format", "json")
    rules = {x["id"]: x for x in json.loads(r.stdout)}
    cert = rules["TKG-165-04"]
    assert cert["obliged"] == "operator" and cert["answered_by"] == "manufacturer"
    assert cert["provenance"]["basis"] == "secondary" and cert["provenance"]["checked"] == "2026-11-26"
    assert cert["provenance"]["sources"][0]["url"].startswith("https://www.pinsentmasons.com/")
    assert cert["verified"] is False  # kept, derived: basis == primary
    assert rules["BSIG-41-01"]["verified"] is True and rules["BSIG-41-01"]["provenance"]["basis"] == "primary"
    assert rules["GOV-HW-01"]["due"] == "2026-12-31" and cert["due"] is None
    show = json.loads(run_cli("rules", "show", "GOV-HW-01", "--format", "json").stdout)
    phases = {q["id"]: q["phase"] for q in show["questions"]}
    assert phases == {"GOV-HW-01-P1": "plan", "GOV-HW-01-P2": "plan", "GOV-HW-01-Q1": "end_state"}
    text = run_cli("rules", "show", "EU-CRA-01").stdout
    assert "due 2027-12-11 (until then SOLL" in text and "Basis: secondary (checked 2026-11-26)" in text
    table = run_cli("rules", "list", "--as-of", "2026-03-01", "--profile", LOTUS).stdout
    assert "due 2026-12-31" in table and "MUSS †" in table and "† secondary sources only" in table


def test_audit_counts_by_basis_and_finds_stale_and_unverified(ruleset):
    rep = audit_ruleset(ruleset, D(2026, 11, 26))
    data = rep.to_dict()
    assert data["summary"]["by_basis"] == {"primary": 5, "secondary": 69, "unverified": 6}
    # § 165(2a) and § 167(1) s. 2, (2) TKG were read (secondary): nothing unverified is in force
    assert data["in_force_unverified"] == []
    assert data["stale"] == [] and data["strict_passed"]
    later = audit_ruleset(ruleset, D(2028, 1, 1), stale_days=365).to_dict()
    assert len(later["stale"]) == len(ruleset.rules) + len(ruleset.header.critical_functions)
    # a draft or a repealed rule may be unverified: --strict is about law in force
    assert "KAT-EP-02" not in data["in_force_unverified"]


def test_audit_cli_table_json_and_strict(tmp_path):
    r = run_cli("rules", "audit", "--as-of", "2026-11-26")
    assert r.code == 0, r.stderr
    assert "No rule in force is unverified." in r.stdout
    assert "No check older than 365 days." in r.stdout
    # the bundled rule set has nothing unverified in force: --strict passes
    r = run_cli("rules", "audit", "--as-of", "2026-11-26", "--strict", "--format", "json")
    data = json.loads(r.stdout)
    assert r.code == 0 and data["passed"] is True and data["strict_passed"] is True
    r = run_cli("rules", "audit", "--as-of", "2026-11-26", "--strict")
    assert r.code == 0 and "--strict: passed" in r.stdout
    r = run_cli("rules", "audit", "--as-of", "2027-12-01", "--stale-days", "90", "--lang", "de")
    assert r.code == 0 and "veraltete Prüfung" in r.stdout and "vor 370 Tagen" in r.stdout
    # an in-force rule whose wording nobody has read fails --strict (exit 1), as a rule author
    # would encode a provision known only by name
    unread = tmp_path / "unread"
    shutil.copytree(RULES, unread, ignore=shutil.ignore_patterns("tests"))
    tkg = unread / "tkg.yaml"
    text = tkg.read_text(encoding="utf-8")
    start = text.index("  - id: TKG-167-01b\n")
    text = text[:start] + re.sub(r"    provenance:\n      basis: secondary\n      checked: 2026-11-26\n      sources:\n(?:        .*\n)+",
                                 "    provenance:\n      basis: unverified\n      checked: 2026-11-26\n", text[start:], count=1)
    tkg.write_text(text, encoding="utf-8")
    r = run_cli("rules", "audit", "--as-of", "2026-11-26", "--rules", unread)
    assert r.code == 0 and "1 rule(s) in force with basis unverified:" in r.stdout and "‡ TKG-167-01b" in r.stdout
    r = run_cli("rules", "audit", "--as-of", "2026-11-26", "--strict", "--format", "json", "--rules", unread)
    data = json.loads(r.stdout)
    assert r.code == 1 and data["passed"] is False and data["strict_passed"] is False
    assert data["in_force_unverified"] == ["TKG-167-01b"]
    r = run_cli("rules", "audit", "--as-of", "2026-11-26", "--strict", "--rules", unread)
    assert r.code == 1 and "--strict: failed" in r.stdout
    assert run_cli("rules", "audit", "--stale-days", "-1").code == 2


def test_legacy_verified_key_loads_with_one_deprecation_warning(tmp_path):
    """Old rule files with `verified` (or no provenance) still load: never as primary, one warning."""
    old = tmp_path / "old"
    shutil.copytree(RULES, old, ignore=shutil.ignore_patterns("tests"))
    for path in old.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"    provenance:\n      basis: (?:primary|secondary)\n(?:      .*\n|        .*\n)*", "    verified: true\n", text)
        text = re.sub(r"    provenance:\n      basis: unverified\n(?:      .*\n)*", "    verified: false\n", text)
        text = re.sub(r"    provenance:\n(?:      .*\n)+", "", text)  # critical functions: nothing given
        path.write_text(text, encoding="utf-8")
    rs = load_ruleset(old, cache=False)
    assert "provenance:" not in (old / "tkg.yaml").read_text(encoding="utf-8")
    assert {r.provenance.basis for r in rs.rules} == {"secondary", "unverified"}  # never primary
    assert rs.get("TKG-166-01").provenance.basis == "secondary" and not rs.get("TKG-166-01").verified
    assert rs.get("KAT-EP-02").provenance.basis == "unverified"
    (note,) = rs.notes
    assert "deprecated" in note and "never 'primary'" in note and "89 rule(s) or critical function(s)" in note
    r = run_cli("rules", "list", "--as-of", "2026-03-01", "--rules", old, "--format", "json")
    assert r.code == 0 and r.stderr.count("deprecated") == 1
    r = run_cli("rules", "validate", old)
    assert r.code == 0 and r.stderr.count("deprecated") == 1 and "ok: de-telecom-security" in r.stdout
    # the bundled rule set itself is fully migrated: no warning
    assert load_ruleset(RULES, cache=False).notes == []


def test_timeline_fixtures_name_their_sources():
    """Every case of the issue's timeline has a comment saying which sources make it so."""
    lines = (RULES / "tests" / "timeline.yaml").read_text(encoding="utf-8").splitlines()
    cases = [i for i, line in enumerate(lines) if line.startswith("  - name:")]
    assert len(cases) == 32  # eight dates, four profiles
    for i in cases:
        assert lines[i - 1].startswith("  # "), lines[i]
    dates = {re.search(r"\d{4}-\d{2}-\d{2}", lines[i]).group() for i in cases}
    assert dates == {"2019-11-01", "2020-09-01", "2021-06-15", "2022-06-01", "2024-09-01", "2025-12-10",
                     "2026-03-01", "2027-01-15"}


def test_the_answering_party_must_see_the_rule(tmp_path):
    bad = tmp_path / "bad"
    shutil.copytree(RULES, bad, ignore=shutil.ignore_patterns("tests"))
    gov = bad / "gov-contracts.yaml"
    gov.write_text(gov.read_text(encoding="utf-8").replace("      roles: [manufacturer]\n", "      roles: [operator]\n", 1),
                   encoding="utf-8")
    r = run_cli("rules", "validate", bad)
    assert r.code == 2 and "gov-contracts.yaml:" in r.stderr
    assert "answered_by 'manufacturer' is not among applies.roles" in r.stderr

