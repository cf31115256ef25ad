"""Schema validation of rule sets, profiles and answers, with YAML locations; cross-rule checks."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from compliance.errors import InputErrors
from compliance.answers import load_answers
from compliance.ruleset import load_profile, load_ruleset

from .conftest import DATA, LOTUS


def ruleset_copy(tmp_path: Path) -> Path:
    """A rule-set folder with the mini header and one valid rule (TKG-1, question TKG-1-Q1)."""
    dst = tmp_path / "rs"
    shutil.copytree(DATA / "mini-ruleset", dst)
    add_file(dst, "base.yaml", RULE.format(id="TKG-1", qid="TKG-1-Q1"))
    return dst


def add_file(folder: Path, name: str, text: str) -> Path:
    p = folder / name
    p.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return p


RULE = """
rules:
  - id: {id}
    title: {{de: Titel, en: Title}}
    text: {{de: Text, en: Text}}
    obliged: manufacturer
    obligation: MUSS
    status: in_force
    effective_from: 2022-01-01
    source: {{law: TKG, section: § 1, version: v, url: "https://example.org/x"}}
    questions:
      - id: {qid}
        text: {{de: Frage?, en: Question?}}
        type: boolean
        expected: true
"""


def errors_of(fn, *args) -> list[str]:
    with pytest.raises(InputErrors) as info:
        fn(*args)
    return [str(e) for e in info.value.errors]


def test_bundled_ruleset_loads(ruleset):
    assert ruleset.header.id == "de-telecom-security"
    assert len(ruleset.rules) >= 8
    assert {"authentication", "session-management"} <= ruleset.critical_function_ids
    assert len(ruleset.digest) == 64


def test_unknown_key_is_located_at_the_key(tmp_path):
    rs = ruleset_copy(tmp_path)
    add_file(rs, "zz.yaml", RULE.format(id="X-1", qid="X-1-Q1").replace("    obliged:", "    colour: red\n    obliged:"))
    errs = errors_of(load_ruleset, rs)
    assert any(e.endswith("zz.yaml:5:5: rules[0].colour: unknown key 'colour'") for e in errs), errs


def test_missing_and_wrong_type_are_located(tmp_path):
    rs = ruleset_copy(tmp_path)
    bad = RULE.format(id="X-1", qid="X-1-Q1").replace("    obligation: MUSS\n", "").replace("type: boolean", "type: yesno")
    add_file(rs, "zz.yaml", bad)
    errs = errors_of(load_ruleset, rs)
    assert any("zz.yaml:2:5: rules[0].obligation: missing required key 'obligation'" in e for e in errs), errs
    assert any("zz.yaml:12:15: rules[0].questions[0].type: Input should be" in e and "'yesno'" in e for e in errs), errs


def test_all_errors_of_all_files_are_collected(tmp_path):
    rs = ruleset_copy(tmp_path)
    add_file(rs, "a.yaml", RULE.format(id="X-1", qid="bad.id"))
    add_file(rs, "b.yaml", RULE.format(id="X-2", qid="X-2-Q1").replace("2022-01-01", "2022-13-01"))
    add_file(rs, "c.yaml", "rules: [\n")
    errs = errors_of(load_ruleset, rs)
    assert any("a.yaml:11:13" in e and "should match pattern" in e for e in errs), errs
    assert any("b.yaml:8:21: invalid date '2022-13-01'" in e for e in errs), errs
    assert any("c.yaml:2:1: YAML syntax error" in e for e in errs), errs


def test_cross_rule_checks(tmp_path):
    rs = ruleset_copy(tmp_path)
    add_file(rs, "a.yaml", RULE.format(id="TKG-1", qid="TKG-1-Q1"))
    bad_vocab = RULE.format(id="X-3", qid="X-3-Q1").replace(
        "    questions:", "    applies:\n      when: {critical_function: [teleportation]}\n    questions:"
    )
    add_file(rs, "b.yaml", bad_vocab)
    until = RULE.format(id="X-4", qid="X-4-Q1").replace(
        "effective_from: 2022-01-01", "effective_from: 2022-01-01\n    effective_until: 2021-12-31"
    )
    add_file(rs, "c.yaml", until)
    errs = errors_of(load_ruleset, rs)
    joined = "\n".join(errs)
    assert "base.yaml:2:9: rule id 'TKG-1' already used at" in joined
    assert "base.yaml:11:13: question id 'TKG-1-Q1' already used at" in joined
    assert joined.count("a.yaml:2:9") == 1 and joined.count("a.yaml:11:13") == 1
    assert "b.yaml:11:34: critical function 'teleportation' is not in the rule set's vocabulary" in joined
    assert "c.yaml:2:5: rules[0]: effective_until 2021-12-31 is before effective_from 2022-01-01" in joined


def test_missing_language_text(tmp_path):
    rs = ruleset_copy(tmp_path)
    add_file(rs, "a.yaml", RULE.format(id="X-1", qid="X-1-Q1").replace("{de: Titel, en: Title}", "{de: Titel}"))
    add_file(rs, "b.yaml", RULE.format(id="X-2", qid="X-2-Q1").replace("{de: Frage?, en: Question?}", "{de: Frage?, en: '  '}"))
    errs = "\n".join(errors_of(load_ruleset, rs))
    assert "a.yaml:3:12: rules[0].title.en: missing required key 'en'" in errs
    assert "b.yaml:12:32: rules[0].questions[0].text.en: must not be empty" in errs


def test_question_type_coherence(tmp_path):
    rs = ruleset_copy(tmp_path)
    add_file(rs, "a.yaml", RULE.format(id="X-1", qid="X-1-Q1").replace("        expected: true\n", ""))
    errs = "\n".join(errors_of(load_ruleset, rs))
    assert "a.yaml:11:9: rules[0].questions[0]: a boolean question needs 'expected'" in errs


def test_profile_errors(tmp_path, ruleset):
    p = tmp_path / "p.yaml"
    p.write_text(LOTUS.read_text().replace("role: manufacturer", "role: vendor").replace("[nfv-management]", "[mind-control]"))
    errs = "\n".join(errors_of(load_profile, p))
    assert "p.yaml:5:7: role: Input should be 'manufacturer' or 'operator' (got 'vendor')" in errs
    p.write_text(LOTUS.read_text().replace("[nfv-management]", "[mind-control]"))
    errs = "\n".join(errors_of(load_profile, p, ruleset))
    assert "p.yaml:28:26: component 'lx-oss': critical function 'mind-control' is not in the vocabulary" in errs


def test_answers_json_and_yaml(tmp_path):
    y = tmp_path / "a.yaml"
    y.write_text("profile: lotus-networks\nanswers:\n  Q-1: {value: true, evidence: [x.pdf]}\n  'bad.id': {value: 1}\n")
    errs = "\n".join(errors_of(load_answers, y))
    assert "a.yaml:4:3: answers.bad.id" in errs and "should match pattern" in errs
    j = tmp_path / "a.json"
    j.write_text('{"profile": "lotus-networks",\n "answers": {"Q-1": {"value": true, "colour": 1}}}')
    errs = "\n".join(errors_of(load_answers, j))
    assert "a.json:2:37: answers.Q-1.colour: unknown key 'colour'" in errs
    j.write_text('{"profile": "lotus-networks", "answers": {"Q-1": {"value": true}}}')
    assert load_answers(j).answers["Q-1"].value is True
