"""Property-based tests: loaders never crash on arbitrary input; selection follows effective dates."""

from __future__ import annotations

import datetime as dt
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compliance.errors import InputError, InputErrors
from compliance.models.loading import validate_document
from compliance.models import Answers, Profile
from compliance.ruleset.select import select
from compliance.files.reader import parse_json_text, parse_yaml_text

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=20),
    st.dates().map(dt.date.isoformat),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=20,
)


@SETTINGS
@given(st.text(max_size=300))
def test_yaml_reader_never_crashes_on_text(text):
    try:
        parse_yaml_text(text, "x.yaml")
    except InputError as exc:
        assert str(exc).startswith("x.yaml")


@SETTINGS
@given(values)
def test_json_values_validate_or_fail_cleanly(value):
    text = json.dumps({"profile": "v", "answers": value})
    doc = parse_json_text(text, "a.json")
    for model in (Answers, Profile):
        try:
            validate_document(model, doc)
        except InputErrors as exc:
            assert exc.errors and all(str(e).startswith("a.json") for e in exc.errors)


@SETTINGS
@given(st.dictionaries(st.text(min_size=1, max_size=10), values, max_size=6))
def test_profile_loader_never_crashes_on_mappings(mapping):
    doc = parse_json_text(json.dumps(mapping), "p.json")
    try:
        validate_document(Profile, doc)
    except InputErrors as exc:
        assert all("\n" not in str(e) for e in exc.errors)  # one line per error


@SETTINGS
@given(st.dates(min_value=dt.date(2018, 1, 1), max_value=dt.date(2030, 12, 31)))
def test_selection_matches_effective_dates(ruleset, lotus, day):
    chosen = {a.id for a in select(ruleset, day, None, include_drafts=True)}
    for rule in ruleset.rules:
        in_window = rule.effective_from <= day and (rule.effective_until is None or day <= rule.effective_until)
        assert (rule.id in chosen) == in_window, (rule.id, day)
    # a profile only narrows the selection; drafts only add to it
    with_profile = {a.id for a in select(ruleset, day, lotus)}
    assert with_profile <= {a.id for a in select(ruleset, day, lotus, include_drafts=True)} <= chosen


@SETTINGS
@given(st.dates(min_value=dt.date(2018, 1, 1), max_value=dt.date(2030, 12, 31)))
def test_selection_is_deterministic(ruleset, lotus, day):
    assert select(ruleset, day, lotus) == select(ruleset, day, lotus)
