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
        if not r.verified:
            assert r.status == "draft" and r.review_note, r.id
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
        ("KAT-20-", "in_force", D(2020, 4, 29), None),  # catalogue 2.0
        ("TKG-109-", "repealed", None, D(2021, 11, 30)),  # old § 109 TKG
        ("BSIG-9B-", "repealed", D(2021, 5, 28), D(2025, 12, 5)),  # § 9b BSIG
        ("AV-GE-", "repealed", D(2021, 10, 7), D(2025, 12, 5)),  # BMI ruling
        ("BSIG-41-0", None, D(2025, 12, 6), None),  # § 41 BSIG
        ("KAT-25-", "draft", D(2025, 11, 3), None),  # draft catalogue 2025-10
        ("GOV-HW-", "in_force", D(2024, 7, 11), None),  # 2024 contracts
    ],
)
def test_timeline_of_the_reference(ruleset, prefix, status, start, until):
    rules = [r for r in ruleset.rules if r.id.startswith(prefix)]
    assert rules, prefix
    for r in rules:
        if status:
            assert r.status == status, r.id
        if start:
            assert r.effective_from == start, r.id
        assert r.effective_until == until, r.id


def test_single_dates_of_the_reference(ruleset):
    expect = {
        "TKG-165-01": D(2021, 12, 1), "TKG-166-01": D(2021, 12, 1), "TKG-167-01": D(2021, 12, 1),
        "TKG-168-01": D(2021, 12, 1), "TKG-165-04": D(2026, 1, 1), "BSI-TR-01": D(2026, 1, 1),
        "BSI-NESAS-01": D(2022, 7, 1), "EU-TBX-01": D(2020, 1, 29), "EU-NIS2-21": D(2024, 10, 18),
        "EU-CRA-02": D(2026, 9, 11), "EU-CRA-01": D(2027, 12, 11), "BSIG-2-23": D(2025, 12, 6),
    }
    for rid, start in expect.items():
        assert ruleset.get(rid).effective_from == start, rid
    assert ruleset.get("TKG-165-04a").effective_until == D(2025, 12, 31)
    assert ruleset.get("BSIG-41-04").status == "draft" and not ruleset.get("BSIG-41-04").verified


def test_the_first_twelve_rules_and_their_questions_are_kept(ruleset):
    kept = {
        "BSIG-9B-ANZ-01": ["BSIG-9B-ANZ-01-Q1", "BSIG-9B-ANZ-01-Q2"],
        "BSIG-9B-GE-01": ["BSIG-9B-GE-01-Q1", "BSIG-9B-GE-01-Q2"],
        "BSIG-9B-GE-02": ["BSIG-9B-GE-02-Q1", "BSIG-9B-GE-02-Q2"],
        "AV-GE-01": ["AV-GE-01-Q1", "AV-GE-01-Q2"],
        "AV-GE-04": ["AV-GE-04-Q1", "AV-GE-04-Q2"],
        "KAT-EP-01": ["KAT-EP-01-Q1"],
        "KAT-20-01": ["KAT-20-01-Q1", "KAT-20-01-Q2"],
        "TKG-165-04": ["TKG-165-04-Q1", "TKG-165-04-Q2"],
        "GOV-HW-01": ["GOV-HW-01-Q1", "GOV-HW-01-Q2"],
        "EU-TBX-01": ["EU-TBX-01-Q1", "EU-TBX-01-Q2"],
        "EU-CRA-02": ["EU-CRA-02-Q1"],
        "BSIG-41-01": [],
    }
    for rid, qids in kept.items():
        assert [q.id for q in ruleset.get(rid).questions] == qids, rid


def test_replaced_rules_end_before_their_successors_start(ruleset):
    for r in ruleset.rules:
        for old_id in r.replaces:
            old = ruleset.get(old_id)
            assert old.effective_until is not None and old.effective_until < r.effective_from, (old_id, r.id)
