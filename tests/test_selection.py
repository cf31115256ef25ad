"""Selection by date and applicability: edges of effective windows, drafts, combinators, components."""

from __future__ import annotations

import datetime as dt

import pytest

from compliance.models import Condition, Profile, Rule
from compliance.ruleset.select import applies_to, matches, select

D = dt.date


def ids(selected):
    return [a.id for a in selected]


def make_rule(**over) -> Rule:
    base = dict(
        id="R-1",
        title={"de": "T", "en": "T"},
        text={"de": "T", "en": "T"},
        obliged="manufacturer",
        obligation="MUSS",
        status="in_force",
        effective_from=D(2021, 5, 28),
        source={"law": "L", "section": "S", "version": "V", "url": "https://example.org"},
    )
    base.update(over)
    return Rule.model_validate(base)


def make_profile(**over) -> Profile:
    base = dict(
        id="v",
        legal_name="V GmbH",
        role="manufacturer",
        country="DE",
        headquarters_country="CN",
        signatory={"name": "A", "title": "B"},
        components=[
            {"id": "core-1", "name": "C1", "domain": "core", "critical_functions": ["authentication"],
             "certifications": [{"scheme": "NESAS-CCS-GI", "id": "X", "valid_until": "2026-06-30"}]},
            {"id": "ran-1", "name": "R1", "domain": "ran"},
        ],
    )
    base.update(over)
    return Profile.model_validate(base)


@pytest.mark.parametrize(
    "day, expected",
    [
        (D(2021, 5, 27), False),  # the day before the first day
        (D(2021, 5, 28), True),  # first day
        (D(2025, 12, 5), True),  # last day (effective_until is inclusive)
        (D(2025, 12, 6), False),  # the day after
    ],
)
def test_effective_window_edges(day, expected):
    rule = make_rule(status="repealed", effective_until=D(2025, 12, 5))
    assert rule.in_effect(day) is expected


def test_open_ended_and_status():
    assert make_rule().in_effect(D(2099, 1, 1))
    with pytest.raises(ValueError, match="repealed rule needs effective_until"):
        make_rule(status="repealed")
    # provenance is allowed whatever the status; an unverified basis must say what is open
    in_force = make_rule(provenance={"basis": "unverified", "checked": "2026-11-26"}, review_note="not seen")
    assert in_force.provenance.basis == "unverified" and in_force.status == "in_force"
    with pytest.raises(ValueError, match="basis unverified needs a review_note"):
        make_rule(provenance={"basis": "unverified"})
    with pytest.raises(ValueError, match="primary basis names the official source"):
        make_rule(provenance={"basis": "primary", "checked": "2026-11-26"})


def test_legacy_verified_is_read_honestly_never_as_primary():
    assert make_rule(verified=True).provenance.basis == "secondary"
    assert make_rule().provenance.basis == "secondary"  # the old default was verified: true
    legacy = make_rule(verified=False, review_note="x")
    assert legacy.provenance.basis == "unverified" and not legacy.verified
    with pytest.raises(ValueError, match="either provenance or the deprecated verified"):
        make_rule(verified=True, provenance={"basis": "secondary"})


def test_answered_by_binds_one_party_and_asks_both():
    r = make_rule(obliged="operator", answered_by="manufacturer")
    assert r.roles == ["operator", "manufacturer"] and r.answerer == "manufacturer"
    assert r.asks("operator") and r.asks("manufacturer")  # the operator collects, the manufacturer answers
    assert r.answered_by_role("manufacturer") and not r.answered_by_role("operator")
    assert applies_to(r, make_profile(role="manufacturer")) is not None
    with pytest.raises(ValueError, match="answered_by is the obliged party"):
        make_rule(obliged="operator", answered_by="operator")


def test_due_date_splits_questions_into_plan_and_end_state():
    q = lambda qid, phase=None: {"id": qid, "text": {"de": "F", "en": "Q"}, "type": "boolean", "expected": True,
                                 **({"phase": phase} if phase else {})}
    r = make_rule(due=D(2026, 12, 31), plan_obligation="SOLL",
                  questions=[q("P", "plan"), q("E", "end_state"), q("A")])
    assert [x.id for x in r.questions_on(D(2026, 12, 30))] == ["P", "A"]
    assert [x.id for x in r.questions_on(D(2026, 12, 31))] == ["E", "A"]  # from the due date on
    assert [x.id for x in r.questions_on(None)] == ["P", "E", "A"]
    assert r.obligation_on(D(2026, 12, 30)) == "SOLL" and r.obligation_on(D(2027, 1, 1)) == "MUSS"
    applied = select_one(r, D(2025, 1, 1))
    assert applied.phase == "plan" and [x.id for x in applied.questions] == ["P", "A"]
    with pytest.raises(ValueError, match="need a due date"):
        make_rule(questions=[q("P", "plan")])
    with pytest.raises(ValueError, match="plan_obligation needs a due date"):
        make_rule(plan_obligation="SOLL")
    with pytest.raises(ValueError, match="due 2020-01-01 is before effective_from"):
        make_rule(due=D(2020, 1, 1))


def select_one(rule, day):
    return applies_to(rule, make_profile(), day)


def test_operator_attributes_and_their_conditions():
    op = make_profile(role="operator", headquarters_country="DE", operator={
        "public_network": True, "network_generations": ["4g", "5g"], "threat_potential": "elevated"})
    assert matches(cond({"threat_potential": ["elevated", "high"]}), op)
    assert not matches(cond({"threat_potential": ["normal"]}), op)
    assert matches(cond({"network_generation": ["5g"]}), op)
    assert not matches(cond({"network_generation": ["2g", "3g"]}), op)
    # attributes not declared (or a manufacturer): the conditions do not hold
    bare = make_profile(role="operator")
    assert not matches(cond({"threat_potential": ["normal", "elevated", "high"]}), bare)
    assert not matches(cond({"network_generation": ["5g"]}), make_profile())
    with pytest.raises(ValueError, match="'operator' describes network operators"):
        make_profile(operator={"threat_potential": "normal"})
    with pytest.raises(ValueError):
        make_profile(role="operator", operator={"threat_potential": "increased"})


def cond(data) -> Condition:
    return Condition.model_validate(data)


def test_condition_needs_exactly_one_key():
    with pytest.raises(ValueError, match="exactly one key, found role, domain"):
        cond({"role": ["operator"], "domain": ["core"]})
    with pytest.raises(ValueError, match="found none"):
        cond({})


def test_profile_level_tests():
    p = make_profile()
    assert matches(cond({"role": ["manufacturer"]}), p)
    assert not matches(cond({"role": ["operator"]}), p)
    assert matches(cond({"headquarters_in_eu_eea": False}), p)
    assert not matches(cond({"headquarters_in_eu_eea": False}), make_profile(headquarters_country="NO"))
    assert matches(cond({"headquarters_country": ["CN", "RU"]}), p)
    assert matches(cond({"country": ["DE"]}), p)
    assert matches(cond({"not": {"country": ["FR"]}}), p)
    assert matches(cond({"any": [{"country": ["FR"]}, {"role": ["manufacturer"]}]}), p)
    assert not matches(cond({"all": [{"country": ["FR"]}, {"role": ["manufacturer"]}]}), p)


def test_component_tests_and_certification_dates():
    p = make_profile()
    core, ran = p.components
    c = cond({"critical_function": ["authentication"]})
    assert matches(c, p, core) and not matches(c, p, ran)
    assert matches(c, p)  # profile level: any component
    assert matches(cond({"has_critical_function": False}), p, ran)
    cert = cond({"certification_scheme": ["NESAS-CCS-GI"]})
    assert matches(cert, p, core, D(2026, 6, 30))  # last valid day
    assert not matches(cert, p, core, D(2026, 7, 1))  # expired


def test_component_scope_names_the_triggering_components():
    rule = make_rule(applies={"scope": "component", "when": {"all": [{"domain": ["core"]}, {"has_critical_function": True}]}})
    applied = applies_to(rule, make_profile())
    assert applied is not None and applied.components == ("core-1",)
    assert applies_to(rule, make_profile(components=[])) is None


def test_roles_default_to_obliged_party():
    op_rule = make_rule(obliged="operator")
    assert applies_to(op_rule, make_profile()) is None
    shown = make_rule(obliged="operator", applies={"roles": ["operator", "manufacturer"]})
    assert applies_to(shown, make_profile()) is not None


def test_bundled_timeline_for_core_vendor(ruleset, lotus):
    y2022 = ids(select(ruleset, D(2022, 6, 1), lotus))
    y2026 = ids(select(ruleset, D(2026, 3, 1), lotus))
    assert "BSIG-9B-GE-01" in y2022 and "BSIG-9B-GE-01" not in y2026
    assert "TKG-165-04" in y2026 and "TKG-165-04" not in y2022
    assert "BSIG-41-01" in y2026
    # drafts only on request
    assert "KAT-EP-01" not in ids(select(ruleset, D(2019, 11, 1), lotus))
    assert "KAT-EP-01" in ids(select(ruleset, D(2019, 11, 1), lotus, include_drafts=True))


def test_bundled_eu_antenna_vendor_gets_no_critical_component_rules(ruleset, nord):
    got = ids(select(ruleset, D(2026, 10, 1), nord))
    assert not any(i.startswith(("BSIG-9B", "BSIG-41", "TKG-165-04", "AV-GE")) for i in got)
    assert "BSIG-30-LK" in got  # supply-chain answers for its customers (§ 30 BSIG), no critical function needed
    assert "EU-TBX-01" not in got  # headquartered in the EU
