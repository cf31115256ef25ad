"""Invariants of the bundled rule library: citations, languages, drafts, the timeline of the reference."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from .conftest import RULES

D = dt.date


def test_size_and_laws(ruleset):
    assert len(ruleset.rules) >= 45
    per_law = Counter(r.source.law for r in ruleset.rules)
    assert set(per_law) == set(ruleset.header.laws)  # every law has rules, no stray law names


def test_every_rule_is_cited_bilingual_and_coherent(ruleset):
    for r in ruleset.rules:
        s = r.source
        assert s.url.startswith("https://") and s.law and s.section and s.version, r.id
        for text in (r.title, r.text, *(q.text for q in r.questions), *(e.text for e in r.evidence)):
            assert text.de.strip() and text.en.strip(), r.id
        assert r.title.de != r.title.en and r.text.de != r.text.en, f"{r.id}: not translated"
        if r.provenance.basis != "primary":
            assert r.review_note, f"{r.id}: a rule not checked against the official text says what is open"
        if r.status == "repealed":
            assert r.effective_until is not None, r.id
        if r.obligation == "KANN" and "authority-power" in r.tags:
            assert not r.questions and r.context is not None, f"{r.id}: powers are context, not questions"


def test_every_rule_file_has_the_schema_header():
    for path in sorted(RULES.glob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        kind = "ruleset" if path.name == "ruleset.yaml" else "rules"
        assert first == f"# yaml-language-server: $schema=../../schemas/{kind}.schema.json", path.name
    for path in sorted((RULES / "tests").glob("*.yaml")):
        assert path.read_text(encoding="utf-8").startswith(
            "# yaml-language-server: $schema=../../../schemas/ruletests.schema.json"
        ), path.name


def _window(ruleset, rid):
    r = ruleset.get(rid)
    return r.status, r.effective_from, r.effective_until


@pytest.mark.parametrize(
    "prefix, status, start, until",
    [
        ("KAT-EP-", "draft", D(2019, 3, 7), D(2020, 4, 28)),  # key points 2019 (draft)
        ("KAT-E19-", "draft", D(2019, 10, 15), D(2020, 4, 28)),  # draft catalogue Oct 2019
        ("KAT-20-", "in_force", D(2020, 4, 29), None),  # catalogue 2.0 (in force 2020-04-29)
        ("BSIG-9B-", "repealed", D(2021, 5, 28), D(2025, 12, 5)),  # § 9b BSIG
        ("AV-GE-", "repealed", D(2021, 11, 1), D(2025, 12, 5)),  # BMI ruling: announced November 2021
        ("BSIG-41-0", "in_force", D(2025, 12, 6), None),  # § 41 BSIG (the draft criteria: below)
        ("KAT-25-", "draft", D(2025, 11, 3), None),  # draft catalogue 2025-10, not adopted
        ("GOV-HW-", "in_force", D(2024, 7, 11), None),  # 2024 contracts
    ],
)
def test_timeline_of_the_reference(ruleset, prefix, status, start, until):
    rules = [r for r in ruleset.rules if r.id.startswith(prefix) and r.id != "BSIG-41-04"]
    assert rules, prefix
    for r in rules:
        if status:
            assert r.status == status, r.id
        if start:
            assert r.effective_from == start, r.id
        assert r.effective_until == until, r.id


def test_single_dates_of_the_reference(ruleset):
    """Each date as the sources give it (see the rules' provenance and docs/legal-basis.md)."""
    windows = {
        # § 109 TKG a.F., version by version (2004, 2009, 2012, 2017, IT-SiG 2.0 2021), repealed 2021-11-30
        "TKG-109-01-2004": (D(2004, 6, 26), D(2012, 5, 9)), "TKG-109-01": (D(2012, 5, 10), D(2021, 11, 30)),
        "TKG-109-02-2004": (D(2004, 6, 26), D(2012, 5, 9)), "TKG-109-02": (D(2012, 5, 10), D(2021, 11, 30)),
        "TKG-109-04-2004": (D(2004, 6, 26), D(2012, 5, 9)), "TKG-109-04": (D(2012, 5, 10), D(2021, 11, 30)),
        "TKG-109-05": (D(2012, 5, 10), D(2017, 6, 29)), "TKG-109-05b": (D(2017, 6, 30), D(2021, 11, 30)),
        "TKG-109-06-2009": (D(2009, 8, 20), D(2012, 5, 9)), "TKG-109-06": (D(2012, 5, 10), D(2021, 5, 27)),
        "TKG-109-06b": (D(2021, 5, 28), D(2021, 11, 30)), "TKG-109-2-S4": (D(2021, 5, 28), D(2021, 11, 30)),
        # TKG 2021; the NIS2UmsuCG changes from 2025-12-06
        "TKG-165-01": (D(2021, 12, 1), None), "TKG-165-02": (D(2021, 12, 1), D(2025, 12, 5)),
        "TKG-165-02b": (D(2025, 12, 6), None), "TKG-165-2A": (D(2025, 12, 6), None),
        "TKG-165-03b": (D(2021, 12, 1), None), "TKG-165-04a": (D(2021, 12, 1), D(2025, 12, 31)),
        "TKG-165-04": (D(2026, 1, 1), None), "TKG-166-01": (D(2021, 12, 1), None),
        "TKG-167-01": (D(2021, 12, 1), None), "TKG-167-01b": (D(2021, 12, 1), None),
        "TKG-167-02": (D(2025, 12, 6), None),  # inserted by the NIS2UmsuCG; § 167(2) a.F. was the deadline
        "TKG-168-01": (D(2021, 12, 1), D(2025, 12, 5)),
        "TKG-168-02": (D(2025, 12, 6), None),
        # drafts not enacted end on the day the final act was promulgated (2025-12-05)
        "BSIG-41-04": (D(2025, 7, 30), D(2025, 12, 5)), "BSIG-2-23": (D(2025, 12, 6), None),
        "BSIG-30-LK": (D(2025, 12, 6), None),
        "BSI-TR-01": (D(2026, 1, 1), None), "BSI-NESAS-01": (D(2022, 7, 1), None),
        "EU-TBX-01": (D(2020, 1, 29), None), "EU-NIS2-21": (D(2024, 10, 18), None),
        # CRA: in force 2024-12-10; Art. 14 due 2026-09-11, Annex I due 2027-12-11 (Art. 71)
        "EU-CRA-02": (D(2024, 12, 10), None), "EU-CRA-01": (D(2024, 12, 10), None),
    }
    for rid, (start, until) in windows.items():
        r = ruleset.get(rid)
        assert (r.effective_from, r.effective_until) == (start, until), rid
    dues = {"GOV-HW-01": D(2026, 12, 31), "GOV-HW-02": D(2029, 12, 31), "EU-CRA-02": D(2026, 9, 11),
            "EU-CRA-01": D(2027, 12, 11)}
    assert {r.id: r.due for r in ruleset.rules if r.due} == dues
    assert ruleset.get("BSIG-41-04").status == "draft"
    # wording changed on 2025-12-06: successor rules, so `rules diff` reports the new wording
    assert ruleset.get("TKG-165-02b").replaces == ["TKG-165-02"]
    assert ruleset.get("TKG-168-02").replaces == ["TKG-168-01"]
    assert ruleset.get("TKG-168-01").replaces == ["TKG-109-05b"]
    assert ruleset.get("TKG-109-05b").replaces == ["TKG-109-05"]


def test_provenance_is_honest(ruleset):
    """Every rule and critical function says what it was checked against; only rules whose
    sources include the official text (or the authority's own publication) are primary."""
    official = ("gesetze-im-internet.de", "eur-lex.europa.eu", "ec.europa.eu")
    for item in [*ruleset.rules, *ruleset.header.critical_functions]:
        p = item.provenance
        assert p.checked is not None, item.id
        if p.basis != "unverified":
            assert p.sources, item.id
        if p.basis == "primary":
            assert any(any(host in s.url for host in official) for s in p.sources), item.id
    primary = sorted(r.id for r in ruleset.rules if r.provenance.basis == "primary")
    assert primary == ["BSIG-41-01", "BSIG-41-02", "EU-TBX-01", "TKG-166-01", "TKG-166-02"]
    unverified_in_force = sorted(r.id for r in ruleset.rules
                                 if r.provenance.basis == "unverified" and r.status == "in_force")
    assert unverified_in_force == []  # `rules audit --strict` passes
    for r in ruleset.rules:  # (drafts and repealed rules may be unverified and ask)
        if r.provenance.basis == "unverified" and r.status == "in_force":
            assert not r.questions, f"{r.id}: an unverified provision in force asks nothing"
    # § 165(2a) TKG, once read, is a duty with a question; § 167 holds powers of the BNetzA (KANN)
    assert ruleset.get("TKG-165-2A").obligation == "MUSS" and ruleset.get("TKG-165-2A").questions
    for rid in ("TKG-167-01b", "TKG-167-02"):
        assert ruleset.get(rid).obligation == "KANN" and not ruleset.get(rid).questions, rid


def test_who_is_bound_and_who_answers(ruleset):
    """A duty of the operator that the manufacturer's answer fulfils keeps obliged: operator."""
    answered = {r.id for r in ruleset.rules if r.answered_by == "manufacturer"}
    for rid in ("BSIG-9B-GE-01", "BSIG-9B-GE-02", "AV-GE-DE", "AV-GE-01", "TKG-165-04", "TKG-109-2-S4",
                "BSI-TR-01", "KAT-20-01", "KAT-20-02", "GOV-HW-01", "BSIG-30-LK"):
        assert rid in answered and ruleset.get(rid).obliged == "operator", rid
    for r in ruleset.rules:
        if r.id.startswith("BSIG-9B-VW-"):  # § 9b(5): grounds of the BMI's assessment, not duties
            assert r.obligation == "KANN" and not r.questions and r.context, r.id


def test_the_first_twelve_rules_and_their_questions_are_kept(ruleset):
    kept = {
        "BSIG-9B-ANZ-01": ["BSIG-9B-ANZ-01-Q1", "BSIG-9B-ANZ-01-Q2"],
        "BSIG-9B-GE-01": ["BSIG-9B-GE-01-Q1"],  # Q2 ("whole supply chain") was in no source
        "BSIG-9B-GE-02": ["BSIG-9B-GE-02-Q1", "BSIG-9B-GE-02-Q2"],
        "AV-GE-01": ["AV-GE-01-Q1", "AV-GE-01-Q2"],
        "AV-GE-04": ["AV-GE-04-Q1", "AV-GE-04-Q2"],
        "KAT-EP-01": ["KAT-EP-01-Q1"],
        "KAT-20-01": ["KAT-20-01-Q1", "KAT-20-01-Q2"],
        "TKG-165-04": ["TKG-165-04-Q1", "TKG-165-04-Q2"],
        "GOV-HW-01": ["GOV-HW-01-P1", "GOV-HW-01-P2", "GOV-HW-01-Q1"],  # plan before 2026-12-31
        "EU-TBX-01": ["EU-TBX-01-Q1", "EU-TBX-01-Q2"],
        "EU-CRA-02": ["EU-CRA-02-P1", "EU-CRA-02-Q1"],  # plan before 2026-09-11
        "BSIG-41-01": [],
    }
    for rid, qids in kept.items():
        assert [q.id for q in ruleset.get(rid).questions] == qids, rid


def test_replaced_rules_end_before_their_successors_start(ruleset):
    for r in ruleset.rules:
        for old_id in r.replaces:
            old = ruleset.get(old_id)
            assert old.effective_until is not None and old.effective_until < r.effective_from, (old_id, r.id)
