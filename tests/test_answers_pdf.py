"""Answers read back from real PDFs: a WeasyPrint fillable form filled with pdftk (XFDF) and
with pypdf, and a PDF carrying an embedded answers.json."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from html import escape
from pathlib import Path

import pytest

from .conftest import DATA, ROOT, assert_one_line_error, run_cli

RULESET = DATA / "check-ruleset"
CHECK = DATA / "check"
PROFILE = CHECK / "profile.yaml"
EVIDENCE = CHECK / "evidence"

needs_pdftk = pytest.mark.skipif(shutil.which("pdftk") is None, reason="pdftk not installed")


def form_html() -> str:
    """A fillable form for every question of the test rule set, following compliance.formfields."""
    from compliance.ruleset import load_ruleset

    rows = []
    for rule in load_ruleset(RULESET).rules:
        for q in rule.questions:
            name = escape(q.id)
            if q.type == "boolean":
                field = (f'<input type="radio" name="{name}" value="yes"> ja/yes '
                         f'<input type="radio" name="{name}" value="no"> nein/no')
            elif q.type == "choice":
                opts = "".join(f'<option value="{c.key}">{escape(c.label.de)}</option>' for c in q.choices)
                field = f'<select name="{name}"><option value=""></option>{opts}</select>'
            elif q.type == "evidence":
                field = ""
            else:
                field = f'<input type="text" name="{name}">'
            rows.append(
                f"<p>{escape(q.text.de)} {field}<br>"
                f'<input type="text" name="{name}__comment"> <input type="text" name="{name}__evidence"></p>'
            )
    return f"<html><body><form>{''.join(rows)}</form></body></html>"


@pytest.fixture(scope="module")
def blank_form(tmp_path_factory) -> Path:
    from weasyprint import HTML

    path = tmp_path_factory.mktemp("form") / "form.pdf"
    HTML(string=form_html()).write_pdf(path, pdf_forms=True)
    return path


def with_profile_key(src: Path, dst: Path, profile_id: str) -> Path:
    import pypdf

    from compliance.answers.formfields import PROFILE_KEY

    w = pypdf.PdfWriter(clone_from=str(src))
    w.add_metadata({PROFILE_KEY: profile_id})
    w.write(str(dst))
    return dst


COMPLIANT_FIELDS = {
    # radio groups from WeasyPrint: on-states index /Opt ["yes", "no"]; pdftk addresses the widgets
    "CHK-MUSS-01-Q1.CHK-MUSS-01-Q1": "0",
    "CHK-MUSS-01-Q1__evidence": "declaration.txt",
    "CHK-MUSS-01-Q2": "Audited suppliers, signed contracts and yearly on-site reviews.",
    "CHK-MUSS-02-Q1": "24",
    "CHK-MUSS-02-Q2": "2025-11-03",
    "CHK-CERT-01-Q1": "nesas",
    "CHK-CERT-01-Q1__evidence": "certs/nesas.txt",
    "CHK-CERT-01-Q2": "2026-06-30",
    "CHK-SOLL-01-Q1": "full",
    "CHK-SOLL-01-Q2__evidence": "security-concept.txt",
    "CHK-KANN-01-Q1.CHK-KANN-01-Q1": "0",
}


def fill_with_pdftk(src: Path, dst: Path, fields: dict[str, str]) -> Path:
    xml = "".join(f'<field name="{escape(k)}"><value>{escape(v)}</value></field>' for k, v in fields.items())
    xfdf = dst.with_suffix(".xfdf")
    xfdf.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<xfdf xmlns="http://ns.adobe.com/xfdf/" xml:space="preserve"><fields>{xml}</fields></xfdf>'
    )
    subprocess.run(["pdftk", str(src), "fill_form", str(xfdf), "output", str(dst)], check=True, capture_output=True)
    return dst


def check_json(*args):
    return run_cli("check", "--rules", RULESET, "--as-of", "2026-03-01", "--evidence-dir", EVIDENCE,
                   "--format", "json", PROFILE, *args)


@needs_pdftk
def test_form_filled_with_pdftk_reads_back_compliant(blank_form, tmp_path):
    form = with_profile_key(blank_form, tmp_path / "form.pdf", "test-vendor")
    filled = fill_with_pdftk(form, tmp_path / "filled.pdf", COMPLIANT_FIELDS)
    r = check_json(filled)
    assert r.code == 0, (r.stdout, r.stderr)
    data = json.loads(r.stdout)
    assert data["verdict"] == "compliant" and data["profile"] == "test-vendor"
    answers = {a["question"]: a for rule in data["rules"] for a in rule["answers"]}
    assert answers["CHK-MUSS-01-Q1"]["value"] is True
    assert answers["CHK-MUSS-02-Q1"]["value"] == 24
    assert answers["CHK-MUSS-02-Q2"]["value"] == "2025-11-03"
    assert answers["CHK-CERT-01-Q1"]["evidence"] == ["certs/nesas.txt"]
    assert {e["path"] for e in data["evidence"]} == {"declaration.txt", "certs/nesas.txt", "security-concept.txt"}
    assert "note:" not in r.stderr


@needs_pdftk
def test_form_filled_with_pdftk_non_compliant_and_wrong_type(blank_form, tmp_path):
    fields = {**COMPLIANT_FIELDS, "CHK-MUSS-01-Q1.CHK-MUSS-01-Q1": "1", "CHK-MUSS-02-Q1": "zwölf",
              "CHK-SOLL-01-Q1": "partial", "CHK-SOLL-01-Q1__comment": "Minority shareholders are covered by an NDA."}
    filled = fill_with_pdftk(with_profile_key(blank_form, tmp_path / "f.pdf", "test-vendor"), tmp_path / "filled.pdf", fields)
    data = json.loads(check_json(filled).stdout)
    status = {r["id"]: r for r in data["rules"]}
    assert status["CHK-MUSS-01"]["status"] == "non_compliant"
    assert status["CHK-MUSS-02"]["findings"][0]["message"] == "wrong type: expected a number, got 'zwölf'"
    assert status["CHK-SOLL-01"]["status"] == "needs_review"
    assert "NDA" in status["CHK-SOLL-01"]["findings"][0]["message"]


def test_form_filled_with_pypdf_without_profile_key(blank_form, tmp_path):
    import pypdf

    w = pypdf.PdfWriter(clone_from=str(blank_form))
    values = {k.split(".")[0]: v for k, v in COMPLIANT_FIELDS.items()}
    values["CHK-MUSS-01-Q1"] = "/1"  # the "no" widget's on-state
    values["CHK-KANN-01-Q1"] = "/0"
    w.update_page_form_field_values(w.pages[0], values, auto_regenerate=False)
    filled = tmp_path / "pypdf-filled.pdf"
    w.write(str(filled))
    r = check_json(filled)
    assert r.code == 1
    assert "does not name its profile (/ComplianceProfile); assuming 'test-vendor'" in r.stderr
    data = json.loads(r.stdout)
    muss = next(x for x in data["rules"] if x["id"] == "CHK-MUSS-01")
    assert muss["status"] == "non_compliant" and muss["answers"][0]["value"] is False
    assert next(x for x in data["rules"] if x["id"] == "CHK-KANN-01")["status"] == "compliant"


def test_pdf_with_embedded_answers_json(blank_form, tmp_path):
    import pypdf

    answers = json.loads((CHECK / "compliant.json").read_text())
    w = pypdf.PdfWriter(clone_from=str(blank_form))
    w.add_attachment("answers.json", json.dumps(answers).encode())
    pack = tmp_path / "pack.pdf"
    w.write(str(pack))
    r = check_json(pack)
    assert r.code == 0, r.stderr
    assert json.loads(r.stdout)["verdict"] == "compliant"
    # embedded answers for another vendor: refused, located in the attachment
    answers["profile"] = "someone-else"
    w = pypdf.PdfWriter(clone_from=str(blank_form))
    w.add_attachment("answers.json", json.dumps(answers).encode())
    w.write(str(pack))
    assert_one_line_error(check_json(pack), "pack.pdf#answers.json", "'someone-else'")


def test_broken_pdfs(tmp_path, blank_form):
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"%PDF-1.7\nthis is not a pdf")
    assert_one_line_error(check_json(junk), "junk.pdf: damaged or unreadable PDF")
    from weasyprint import HTML

    plain = tmp_path / "plain.pdf"
    HTML(string="<p>no form</p>").write_pdf(plain)
    assert_one_line_error(check_json(plain), "plain.pdf: PDF has no form fields")


def test_check_does_not_import_weasyprint(tmp_path):
    code = (
        "import sys\n"
        "from compliance.cli.main import app\n"
        "try:\n"
        f"    app(['check', '--rules', {str(RULESET)!r}, '--as-of', '2026-03-01', {str(PROFILE)!r}, {str(CHECK / 'compliant.yaml')!r}])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('weasyprint' in sys.modules, 'pypdf' in sys.modules, file=sys.stderr)\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert r.stderr.strip().splitlines()[-1] == "False False", r.stderr
