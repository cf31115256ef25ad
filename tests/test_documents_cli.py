"""The document commands through the real entry point: files, stdout, errors, determinism."""

from __future__ import annotations

import json
import re
import subprocess
import sys

from compliance.answers import load_answers

from .conftest import LOTUS, NORD, ROOT, assert_one_line_error, run_cli
from .pdfutil import pdftotext


def test_checklist_default_path_and_stdout(tmp_path):
    r = run_cli("checklist", ROOT / LOTUS, "--as-of", "2026-03-01", "--lang", "en", "--format", "html", cwd=tmp_path)
    assert r.code == 0, r.stderr
    assert r.stdout == "" and r.stderr.strip() == "wrote output/lotus-networks/checklist-en-2026-03-01.html"
    assert (tmp_path / "output/lotus-networks/checklist-en-2026-03-01.html").read_text().startswith("<!DOCTYPE html>")
    r = run_cli("attestation", LOTUS, "--as-of", "2022-06-01", "--format", "html", "-o", "-")
    assert r.code == 0 and r.stdout.startswith("<!DOCTYPE html>") and "Garantieerklärung" in r.stdout
    r = run_cli("checklist", NORD, "--as-of", "2026-03-01", "-o", tmp_path)  # a folder: default name inside
    assert r.code == 0 and r.stderr.strip().endswith("checklist-de-2026-03-01.pdf") and r.stderr.startswith("wrote ")


def test_two_processes_give_identical_pdfs(tmp_path):
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    for out in (a, b):
        r = run_cli("attestation", LOTUS, "--as-of", "2022-06-01", "--fillable", "-o", out)
        assert r.code == 0, r.stderr
        assert r.stderr.strip().endswith(out.name)
    assert a.read_bytes() == b.read_bytes()
    assert "Garantieerklärung" in pdftotext(a)


def test_font_subsetting_fallback_is_reproducible_too(tmp_path):
    """Without libharfbuzz-subset WeasyPrint subsets with fontTools, which stamps 'now'."""
    code = (
        "import sys, time, datetime as dt, logging\n"
        "logging.disable(logging.WARNING)\n"
        "import weasyprint.pdf.fonts as f\n"
        "f.harfbuzz_subset = None\n"
        "from compliance import load_ruleset, load_profile\n"
        "from compliance.documents import render_attestation\n"
        "rs = load_ruleset(); p = load_profile(sys.argv[1], rs)\n"
        "a = render_attestation(rs, p, dt.date(2022, 6, 1), format='pdf')\n"
        "time.sleep(1.1)\n"
        "b = render_attestation(rs, p, dt.date(2022, 6, 1), format='pdf')\n"
        "print(a == b, len(a))\n"
    )
    env = {k: v for k, v in __import__("os").environ.items() if k != "SOURCE_DATE_EPOCH"}
    proc = subprocess.run([sys.executable, "-c", code, str(LOTUS)], capture_output=True, text=True, env=env, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("True"), proc.stdout


def test_document_errors_exit_2(tmp_path):
    assert_one_line_error(run_cli("checklist", tmp_path / "nope.yaml"), "nope.yaml: file not found")
    assert_one_line_error(run_cli("checklist", LOTUS, "--templates", tmp_path / "none"), "template folder not found")
    assert_one_line_error(run_cli("attestation", LOTUS, "--as-of", "2026-02-30"), "is not a date")
    bad = tmp_path / "tpl"
    bad.mkdir()
    (bad / "checklist.html.j2").write_text("{% extends 'base.html.j2' %}\n{% block body %}\n{{ doc.nothing_here }}\n{% endblock %}\n")
    assert_one_line_error(run_cli("checklist", LOTUS, "--templates", bad, "-o", tmp_path / "x.pdf"), "checklist.html.j2:3:")
    assert not (tmp_path / "x.pdf").exists()


def test_answers_template_yaml_and_json_load_back(tmp_path):
    y = tmp_path / "a.yaml"
    r = run_cli("answers-template", LOTUS, "--as-of", "2026-03-01", "-o", y)
    assert r.code == 0, r.stderr
    text = y.read_text()
    assert "TKG-165-04-Q1:" in text and "#   + nesas-ccs-gi: NESAS CCS-GI" in text and "#   - none:" in text
    assert "  #   Evidence to attach: Certificate from the certification body" in text
    answers = load_answers(y)
    assert answers.profile == "lotus-networks" and "TKG-165-04-Q2" in answers.answers
    assert answers.answers["TKG-165-04-Q1"].value is None
    filled, n = re.subn(r"(TKG-165-04-Q1:\n(?:    #.*\n)*)    value: null", r"\1    value: nesas-ccs-gi", text)
    assert n == 1
    y.write_text(filled)
    assert load_answers(y).answers["TKG-165-04-Q1"].value == "nesas-ccs-gi"
    r = run_cli("answers-template", LOTUS, "--as-of", "2022-06-01", "--format", "json", "-o", "-")
    assert r.code == 0
    data = json.loads(r.stdout)
    q = data["answers"]["AV-GE-04-Q2"]
    assert q["value"] is None and q["about"]["rule"] == "AV-GE-04" and q["about"]["type"] == "number"
    j = tmp_path / "a.json"
    q["value"] = 24
    j.write_text(json.dumps(data))
    assert load_answers(j).answers["AV-GE-04-Q2"].value == 24


def test_templates_export_and_override(tmp_path):
    folder = tmp_path / "mine"
    r = run_cli("templates", "export", folder)
    assert r.code == 0 and r.stderr.startswith("wrote ") and "file(s) to" in r.stderr and r.stdout == ""
    for name in ("base.html.j2", "checklist.html.j2", "attestation.html.j2", "assets/style.css", "assets/fonts/LICENSE-OFL.txt"):
        assert (folder / name).is_file(), name
    assert_one_line_error(run_cli("templates", "export", folder), "already exist", "--force")
    assert run_cli("templates", "export", folder, "--force").code == 0
    # override one partial only: the rest still comes from the bundled folder
    only = tmp_path / "only"
    (only / "partials").mkdir(parents=True)
    sig = (folder / "partials" / "signature.html.j2").read_text().replace("<h2>", "<h2>ACME ")
    (only / "partials" / "signature.html.j2").write_text(sig)
    r = run_cli("checklist", LOTUS, "--as-of", "2026-03-01", "--templates", only, "--format", "html", "-o", "-")
    assert r.code == 0 and "<h2>ACME Unterschrift</h2>" in r.stdout and "Checkliste der Sicherheitspflichten" in r.stdout


def test_answers_template_asks_the_phase_of_the_day_and_says_who_answers():
    r = run_cli("answers-template", LOTUS, "--as-of", "2026-03-01", "--format", "json", "-o", "-")
    answers = json.loads(r.stdout)["answers"]
    assert "GOV-HW-01-P1" in answers and "GOV-HW-01-Q1" not in answers  # plan until 2026-12-31
    about = answers["GOV-HW-01-P1"]["about"]
    assert about["due"] == "2026-12-31" and about["phase"] == "plan" and about["basis"] == "secondary"
    assert about["obliged"] == "operator" and about["answered_by"] == "manufacturer"
    assert answers["EU-CRA-01-P1"]["about"]["obligation"] == "SOLL"  # the plan phase's own level
    after = json.loads(run_cli("answers-template", LOTUS, "--as-of", "2027-01-15", "--format", "json", "-o", "-").stdout)
    assert "GOV-HW-01-Q1" in after["answers"] and "GOV-HW-01-P1" not in after["answers"]
    text = run_cli("answers-template", LOTUS, "--as-of", "2026-03-01", "-o", "-", "--lang", "de").stdout
    assert "# GOV-HW-01 (MUSS) †:" in text and "Frist: 2026-12-31" in text
    assert "Pflicht Ihres Kunden (des Betreibers)" in text
    # an operator is asked what it collects; a manufacturer is not asked the operator's own duties
    op = json.loads(run_cli("answers-template", ROOT / "examples" / "beispiel-mobilfunk" / "profile.yaml",
                            "--as-of", "2026-03-01", "--format", "json", "-o", "-").stdout)["answers"]
    assert "TKG-165-04-Q1" in op and "TKG-166-01-Q1" in op and "TKG-165-03b-Q1" in op
    assert "TKG-166-01-Q1" not in answers
