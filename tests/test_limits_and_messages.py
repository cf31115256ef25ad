"""Issue #12, cases 10 and 12-14: terminal escapes never reach the terminal raw; every problem
of a file in one run; messages that locate and stay short; bounded work for hostile templates
and answers."""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

import pytest

from .conftest import DATA, assert_one_line_error, run_cli, run_script

CORPUS = Path(__file__).resolve().parent / "adversarial"
sys.path.insert(0, str(CORPUS))
import make_corpus as corpus  # noqa: E402

CHECK_RULES = DATA / "check-ruleset"
CHECK_PROFILE = DATA / "check" / "profile.yaml"
EVIDENCE = DATA / "check" / "evidence"
AS_OF = ("--as-of", "2026-03-01")
RAW = ("\x1b", "\x9b", "\x07", "\r", "\u202e")


# --------------------------------------------------------------------------- case 10: terminal escapes


@pytest.mark.parametrize("args", [
    ("rules", "list", *AS_OF, "--profile", "{p}"),
    ("rules", "diff", "--from", "2020-01-01", "--to", "2026-03-01", "--profile", "{p}"),
    ("profile", "validate", "{p}"),
    ("check", "{p}", CORPUS / "good-answers.yaml", *AS_OF, "-e", EVIDENCE),
    ("checklist", "{p}", *AS_OF, "-f", "html", "-o", "{p}.missing-folder/x.html"),
], ids=lambda a: " ".join(map(str, a[:2])))
def test_terminal_escapes_in_vendor_text_are_shown_escaped(args, tmp_path):
    profile = CORPUS / "hostile" / "terminal-escapes-profile.yaml"
    argv = [str(a).replace("{p}", str(profile)) for a in args]
    if argv[0] == "checklist":
        argv[-1] = str(tmp_path / "c.html")
    r = run_script(*argv, "--rules", CHECK_RULES, cwd=tmp_path)
    assert r.code in (0, 1), r.stderr
    out = r.stdout + r.stderr
    for raw in RAW:
        assert raw not in out, (raw, out)
    if argv[0] != "checklist":
        assert "\\x1b[31mRED" in out  # shown, escaped
    else:
        assert "<" in (tmp_path / "c.html").read_text()  # documents keep the text (escaped as HTML)


@pytest.mark.parametrize("args", [
    ("rules", "list", *AS_OF, "--profile", "{p}"),
    ("rules", "diff", "--from", "2020-01-01", "--to", "2026-03-01", "--profile", "{p}"),
    ("check", "{p}", CORPUS / "good-answers.yaml", *AS_OF, "-e", EVIDENCE),
], ids=lambda a: " ".join(map(str, a[:2])))
@pytest.mark.parametrize("columns", ["200", "60"])
def test_emoji_codes_in_vendor_text_are_printed_as_written(args, columns, tmp_path):
    """Rich turns ``:smile:`` into an emoji by default; vendor text is data and is printed as written
    (on the plain path and on Rich's alike)."""
    hostile = (CORPUS / "hostile" / "terminal-escapes-profile.yaml").read_text()
    profile = tmp_path / "profile.yaml"
    profile.write_text(hostile.replace('legal_name: "Escapes', 'legal_name: "Smiley :smile: :skull: :+1:').replace(
        'name: "Core', 'name: "Core :fire:'))
    argv = [str(a).replace("{p}", str(profile)) for a in args]
    r = run_script(*argv, "--rules", CHECK_RULES, cwd=tmp_path, env={"COLUMNS": columns})
    assert r.code in (0, 1), r.stderr
    out = r.stdout + r.stderr
    assert ":smile: :skull: :+1:" in out, out
    assert not {"\U0001f604", "\U0001f480", "\U0001f44d", "\U0001f525"} & set(out), out


def test_batch_summary_and_errors_are_sanitised(tmp_path):
    root = tmp_path / "vendors"
    folder = root / "v\x1b[31mred"
    folder.mkdir(parents=True)
    shutil.copy(CORPUS / "hostile" / "terminal-escapes-profile.yaml", folder / "profile.yaml")
    r = run_script("batch", root, "-o", tmp_path / "out", "--jobs", "1", "--rules", CHECK_RULES, *AS_OF, cwd=tmp_path)
    assert r.code == 1
    assert "\x1b" not in r.stdout + r.stderr.replace("\x1b[?25l", "").replace("\x1b[?25h", "")
    assert "v\\x1b[31mred" in r.stdout and "no answers file" in r.stderr


# --------------------------------------------------------------------------- case 12: all at once


def test_every_problem_of_a_profile_in_one_run():
    path = CORPUS / "profile" / "all-errors-at-once.yaml"
    r = run_script("profile", "validate", path)
    assert_one_line_error(r, "all-errors-at-once.yaml:13:41: invalid date '2027-02-30'",
                          "11:26: component 'box': critical function 'mind-control' is not in the vocabulary",
                          "1:5: id:", "3:7: role:", "10:13: components[0].domain:", "14:10: components[1].id:")
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 10, r.stderr
    assert [int(l.split(":")[1]) for l in lines] == sorted(int(l.split(":")[1]) for l in lines)  # file order


def test_every_problem_of_a_rule_file_in_one_run(tmp_path):
    folder = tmp_path / "rs"
    shutil.copytree(DATA / "mini-ruleset", folder)
    shutil.copy(CORPUS / "rules" / "all-errors-at-once.yaml", folder)
    r = run_cli("rules", "validate", folder)
    assert r.code == 2
    for fragment in ("invalid date '2021-02-30'", "invalid date '2020-13-01'", "unknown key 'penalty'",
                     "(got 'MUST')", "critical function 'mind-control' is not in the rule set's vocabulary"):
        assert fragment in r.stderr, (fragment, r.stderr)
    assert "5 problem(s) found" in r.stderr


# --------------------------------------------------------------------------- case 13: messages


@pytest.mark.parametrize("name, where", [("duplicate-key.json", ":1:28: duplicate key 'profile'"),
                                         ("duplicate-key-nested.json", ":5:5: duplicate key 'CHK-MUSS-02-Q1'")])
def test_json_duplicate_keys_are_located(name, where):
    r = run_cli("check", CHECK_PROFILE, CORPUS / "answers" / name, "--rules", CHECK_RULES, *AS_OF)
    assert_one_line_error(r, name + where)


@pytest.mark.parametrize("name", ["huge-number.yaml", "huge-number.json"])
def test_a_100000_digit_number_is_not_echoed(name):
    r = run_cli("check", CHECK_PROFILE, CORPUS / "answers" / name, "--rules", CHECK_RULES, *AS_OF)
    assert_one_line_error(r, "invalid int '9999", "(99,942 more characters): 100,000 digits; at most 4,300 are accepted")
    assert re.search(re.escape(name) + r":\d+:\d+: ", r.stderr) and len(r.stderr) < 400, r.stderr


def test_evidence_too_large_for_a_pack_is_named(tmp_path, monkeypatch):
    import compliance.packs.contents as contents

    monkeypatch.setattr(contents, "MAX_EVIDENCE_FILE_BYTES", 30)
    r = run_cli("pack", CHECK_PROFILE, CORPUS / "good-answers.yaml", "--rules", CHECK_RULES, *AS_OF, "-e", EVIDENCE,
                "-o", tmp_path / "p.pdf")
    assert_one_line_error(r, "evidence/", ".txt: evidence file is", "bytes; a pack embeds at most 30 bytes per file")
    assert list(tmp_path.iterdir()) == []


def test_long_messages_are_capped():
    from compliance.errors import InputError, Location, shorten

    assert shorten("x" * 100, 10) == "xxxxxxxxxx… (90 more characters)"
    assert len(str(InputError("y" * 100_000, Location("f.yaml", 1, 1)))) < 1100


# --------------------------------------------------------------------------- case 14: bounded work


def test_a_template_writing_without_end_is_stopped(tmp_path):
    tpl = tmp_path / "tpl" / "partials"
    tpl.mkdir(parents=True)
    (tpl / "signature.html.j2").write_text("{% for i in range(100) %}{{ 'x' * 999999 }}{% endfor %}\n")
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    r = run_cli("checklist", CHECK_PROFILE, "--rules", CHECK_RULES, *AS_OF, "-f", "html", "-o", cwd / "c.html",
                "--templates", tmp_path / "tpl", cwd=cwd)
    assert_one_line_error(r, "checklist.html.j2: template refused by the sandbox: the template writes more than")
    assert list(cwd.iterdir()) == []


def test_bundled_templates_stay_far_below_the_limits():
    import datetime as dt

    import compliance.documents.templating as templating
    from compliance import load_profile, load_ruleset
    from compliance.documents import render_checklist

    rs = load_ruleset()
    vendor = load_profile(Path(__file__).resolve().parents[1] / "examples" / "lotus-networks" / "profile.yaml", rs)
    seen = []
    original = templating._bounded

    def spy(template, context):
        out = original(template, context)
        seen.append((templating._steps.get()[0], len(out)))
        return out

    templating._bounded = spy
    try:
        render_checklist(rs, vendor, dt.date(2026, 3, 1), format="html")
    finally:
        templating._bounded = original
    [(steps, chars)] = seen
    assert steps * 50 < templating.MAX_STEPS and chars * 50 < templating.MAX_OUTPUT_CHARS, seen


def test_100000_unknown_answer_ids_give_a_bounded_report(tmp_path):
    answers = tmp_path / "many.yaml"
    answers.write_text(corpus.many_unknown_answers(100_000))
    r = run_cli("check", CHECK_PROFILE, answers, "--rules", CHECK_RULES, *AS_OF, "-f", "json")
    assert r.code == 1, r.stderr
    data = json.loads(r.stdout)
    unknown = [f for f in data["findings"] if f["code"] in ("unknown_question", "unknown_questions_more")]
    assert len(unknown) == 21 and unknown[-1]["message"] == "answers to 99980 more unknown questions (not listed one by one)"
    assert len(r.stdout) < 50_000
    answers.write_text(corpus.many_unknown_answers(2_000))  # the table: same cap, a smaller file
    t = run_cli("check", CHECK_PROFILE, answers, "--rules", CHECK_RULES, *AS_OF)
    assert t.code == 1 and len(t.stdout) < 20_000 and "1980 more unknown questions" in t.stdout
