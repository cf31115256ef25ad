"""Hostile but valid content (tests/adversarial/hostile/: HTML, script, file:// and http:// URLs,
CSS url(), <link rel=attachment>, Jinja and Rich markup in every free-text field of a profile and
of answers) through every command that reads it, with the real entry point.

Each command succeeds (check/pack: exit 1, the answers are not compliant), HTML shows the text
escaped, PDFs carry it literally, a spy HTTP server hears nothing, and a marker file named in
file:// URLs is never read into any output."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import DATA, run_cli
from .pdfutil import pdftotext, reader, spy_server
from .test_adversarial_corpus import CORPUS

COMMON = ("--rules", DATA / "check-ruleset", "--as-of", "2026-03-01")
PROFILE_TAGS = ("legalname", "address", "signame", "sigtitle", "compname", "compversion", "certscheme", "certid", "certissuer")
ANSWER_TAGS = ("comment1", "comment2", "evidencename", "textvalue", "choicevalue", "waiverreason", "waiverapprover")
MARKER = "MARKER-CONTENT-7f3a9c-MUST-NOT-APPEAR"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """The hostile profile and answers with a live spy server and marker file filled in."""
    root = tmp_path_factory.mktemp("hostile")
    marker = root / "marker-file.txt"
    marker.write_text(MARKER)
    evidence = root / "evidence"
    shutil.copytree(DATA / "check" / "evidence", evidence)
    with spy_server() as (base, hits):
        paths = {}
        for name in ("hostile-profile.yaml", "hostile-answers.yaml"):
            text = (CORPUS / "hostile" / name).read_text(encoding="utf-8")
            text = text.replace("__SPY__", base).replace("__MARKER__", str(marker))
            paths[name] = root / name
            paths[name].write_text(text, encoding="utf-8")
        cwd = root / "cwd"
        cwd.mkdir()
        yield {"profile": paths["hostile-profile.yaml"], "answers": paths["hostile-answers.yaml"],
               "evidence": evidence, "base": base, "hits": hits, "cwd": cwd}
        assert hits == [], hits  # nothing was fetched by any command of this module


def ok(result, code: int = 0):
    assert result.code == code, (result.code, result.stdout[-2000:], result.stderr)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    assert "warning" not in result.stderr, result.stderr  # escaped text is text: nothing refused
    return result


def assert_escaped_html(html: str, base: str, tags: tuple[str, ...]) -> None:
    assert "<script" not in html.lower()
    assert "<img src=\"file:" not in html and f'src="{base}' not in html  # url(...) stays as escaped text
    assert '<link rel="attachment"' not in html and "<style>body{background" not in html
    for tag in tags:
        assert f'&lt;script&gt;alert(&#34;{tag}&#34;)&lt;/script&gt;' in html, tag
        assert f"ZZ{tag}ZZ" in html
    assert "{{ 7*7 }}" in html and "{% raw %}" in html  # printed, not evaluated


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def assert_literal_pdf(pdf: Path, tags: tuple[str, ...]) -> None:
    text = squeeze(pdftotext(pdf))
    for tag in tags:
        assert f'<script>alert("{tag}")</script>' in text, tag
    assert "{{7*7}}" in text
    plain = pdf.with_suffix(".qdf")
    subprocess.run(["qpdf", "--qdf", "--object-streams=disable", "--stream-data=uncompress", str(pdf), str(plain)],
                   check=False, capture_output=True)
    assert MARKER.encode() not in plain.read_bytes()
    plain.unlink()


def test_profile_commands_print_text_literally(hostile):
    p, cwd = hostile["profile"], hostile["cwd"]
    r = ok(run_cli("profile", "validate", p, *COMMON[:2], cwd=cwd))
    assert "[bold]legalname[/] [/legalname]" in r.stdout
    r = ok(run_cli("rules", "list", *COMMON, "--profile", p, cwd=cwd))
    assert "ZZlegalnameZZ" in r.stdout and "[/legalname]" in r.stdout
    ok(run_cli("rules", "diff", "--from", "2020-06-01", "--to", "2026-03-01", "--rules", COMMON[1], "--profile", p, cwd=cwd))
    r = ok(run_cli("rules", "list", *COMMON, "--profile", p, "-f", "json", cwd=cwd))
    json.loads(r.stdout)


def test_checklist_and_attestation(hostile):
    p, cwd, base = hostile["profile"], hostile["cwd"], hostile["base"]
    ok(run_cli("checklist", p, *COMMON, "-f", "html", "-o", cwd / "c.html", cwd=cwd))
    html = (cwd / "c.html").read_text(encoding="utf-8")
    assert_escaped_html(html, base, ("legalname", "signame", "compname"))
    ok(run_cli("checklist", p, *COMMON, "--lang", "en", "-o", cwd / "c.pdf", cwd=cwd))
    assert_literal_pdf(cwd / "c.pdf", ("legalname", "compname"))
    ok(run_cli("attestation", p, *COMMON, "--fillable", "-o", cwd / "a.pdf", cwd=cwd))
    assert_literal_pdf(cwd / "a.pdf", ("legalname",))
    assert reader(cwd / "a.pdf").attachments == {}


def test_answers_template_stays_valid(hostile):
    """Vendor text lands in YAML comments: a line break in it must not inject keys."""
    from compliance.ruleset import load_ruleset
    from compliance.files.reader import load_document

    p, cwd = hostile["profile"], hostile["cwd"]
    for fmt in ("yaml", "json"):
        out = cwd / f"t.{fmt}"
        ok(run_cli("answers-template", p, *COMMON, "-f", fmt, "-o", out, cwd=cwd))
        doc = load_document(out)
        assert set(doc.data) == {"profile", "answers"} and doc.data["profile"] == "test-vendor"
        qids = {q.id for r in load_ruleset(DATA / "check-ruleset").rules for q in r.questions}
        assert set(doc.data["answers"]) <= qids


def test_check_outputs(hostile):
    p, a, cwd, base = hostile["profile"], hostile["answers"], hostile["cwd"], hostile["base"]
    args = ("check", p, a, *COMMON, "-e", hostile["evidence"])
    r = ok(run_cli(*args, cwd=cwd), 1)
    assert "[/comment1]" in r.stdout or "[/waiverreason]" in r.stdout  # Rich markup printed as text
    r = ok(run_cli(*args, "-f", "json", cwd=cwd), 1)
    data = json.loads(r.stdout)
    assert data["vendor"]["legal_name"].startswith('<script>alert("legalname")')
    r = ok(run_cli(*args, "-f", "html", cwd=cwd), 1)
    assert_escaped_html(r.stdout, base, ("legalname", "waiverreason", "evidencename"))
    ok(run_cli(*args, "-f", "pdf", "-o", cwd / "r.pdf", cwd=cwd), 1)
    assert_literal_pdf(cwd / "r.pdf", ("legalname",))


def test_pack_and_verify(hostile):
    p, a, cwd = hostile["profile"], hostile["answers"], hostile["cwd"]
    pack = cwd / "pack.pdf"
    ok(run_cli("pack", p, a, *COMMON, "-e", hostile["evidence"], "-o", pack, cwd=cwd), 1)
    assert_literal_pdf(pack, ("legalname",))
    names = sorted(reader(pack).attachments)
    assert names == ["answers.json", "evidence/certs/nesas.txt", "evidence/declaration.txt",
                     "evidence/security-concept.txt", "findings.json", "manifest.json", "profile.json"], names
    r = ok(run_cli("verify", pack, "--rules", COMMON[1], cwd=cwd))
    assert "INTACT" in r.stdout
    r = ok(run_cli("check", p, pack, *COMMON, "-e", hostile["evidence"], "-f", "json", cwd=cwd), 1)
    assert json.loads(r.stdout)["answers_file"].endswith("pack.pdf")
