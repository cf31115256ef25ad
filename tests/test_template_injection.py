"""User templates (--templates DIR) carrying server-side template injection payloads
(tests/adversarial/templates/<case>/partials/signature.html.j2, payload on line 2): each is
refused with one error line naming the template file and line, exit 2, nothing written, and no
secret in any output. tests/test_documents_safety.py covers the Python API and fetching."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from .conftest import DATA, assert_one_line_error, run_cli
from .test_adversarial_corpus import CORPUS

CASES = sorted(d for d in (CORPUS / "templates").iterdir() if d.is_dir())
PROFILE = DATA / "check" / "profile.yaml"
ANSWERS = CORPUS / "good-answers.yaml"
COMMON = ("--rules", DATA / "check-ruleset", "--as-of", "2026-03-01")
SECRET = "s3cret-value-from-the-environment"
#: What a successful escape would print: /etc/passwd, Python classes, `id` output, the environment.
LEAKS = ("root:x:0:0", "<class '", "uid=", SECRET, "os.environ", "<module ", "<function ")


def assert_refused_template(result, template: str, cwd: Path) -> None:
    assert_one_line_error(result, template)
    lines = [l for l in result.stderr.splitlines() if l.strip()]
    assert len(lines) == 1, result.stderr
    assert "internal error" not in result.stderr
    for leak in LEAKS:
        assert leak not in result.stderr and leak not in result.stdout, (leak, result.stderr)
    assert result.stdout == ""
    assert list(cwd.iterdir()) == [], list(cwd.iterdir())


def test_every_payload_has_a_case():
    assert len(CASES) >= 30


@pytest.mark.parametrize("case", CASES, ids=lambda d: d.name)
def test_payload_is_refused_with_its_location(case, tmp_path, monkeypatch):
    monkeypatch.setenv("COMPLIANCE_TEST_SECRET", SECRET)
    where = f"{case.name}/partials/signature.html.j2:2:"
    for cmd, fmt in (("checklist", "html"), ("attestation", "html")):
        r = run_cli(cmd, PROFILE, *COMMON, "-f", fmt, "-o", tmp_path / "doc.html", "--templates", case, cwd=tmp_path)
        assert_refused_template(r, where, tmp_path)


@pytest.mark.parametrize("case", ["mro-subclasses", "cycler-globals", "self-context", "include-etc-passwd"])
def test_payload_in_cover_refused_by_every_rendering_command(case, tmp_path):
    """The real entry point: the payload in the cover partial, used by every document and the pack."""
    tpl = tmp_path / "tpl" / "partials"
    tpl.mkdir(parents=True)
    shutil.copy(CORPUS / "templates" / case / "partials" / "signature.html.j2", tpl / "cover.html.j2")
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    env = {"COMPLIANCE_TEST_SECRET": SECRET}
    for args in (
        ("checklist", PROFILE, *COMMON, "-o", cwd / "c.pdf"),
        ("attestation", PROFILE, *COMMON, "--fillable", "-o", cwd / "a.pdf"),
        ("check", PROFILE, ANSWERS, *COMMON, "-f", "pdf", "-o", cwd / "r.pdf"),
        ("check", PROFILE, ANSWERS, *COMMON, "-f", "html"),
        ("pack", PROFILE, ANSWERS, *COMMON, "-o", cwd / "p.pdf"),
    ):
        r = run_cli(*args, "--templates", tmp_path / "tpl", cwd=cwd, env=env)
        assert_refused_template(r, "cover.html.j2:2:", cwd)


def test_symbolic_links_out_of_the_template_folder_are_refused(tmp_path):
    """Jinja's file loader follows links; a template or an included file outside the folder is refused."""
    secret = tmp_path / "secret.txt"
    secret.write_text("MARKER-OUTSIDE-TEMPLATE-FOLDER\n")
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    via_include = tmp_path / "t1"
    (via_include / "partials").mkdir(parents=True)
    (via_include / "assets").mkdir()
    os.symlink(secret, via_include / "assets" / "leak.txt")
    (via_include / "partials" / "signature.html.j2").write_text("<p>sig</p>\n{% include 'assets/leak.txt' %}\n")
    via_link = tmp_path / "t2"
    (via_link / "partials").mkdir(parents=True)
    os.symlink(secret, via_link / "partials" / "signature.html.j2")
    for folder, where in ((via_include, "signature.html.j2:2:"), (via_link, "outside the template folder")):
        r = run_cli("checklist", PROFILE, *COMMON, "-f", "html", "-o", cwd / "c.html", "--templates", folder, cwd=cwd)
        assert_refused_template(r, where, cwd)
        assert "MARKER-OUTSIDE" not in r.stderr
        assert "outside the template folder" in r.stderr


def test_harmless_user_template_still_renders(tmp_path):
    """The refusals are targeted: ordinary template code in a user folder works."""
    tpl = tmp_path / "tpl" / "partials"
    tpl.mkdir(parents=True)
    (tpl / "signature.html.j2").write_text(
        "<p>signed {{ 6 * 7 }} {{ 'ab' * 3 }} {{ 2 ** 10 }} {{ range(3)|list|length }}</p>\n"
        "{% include 'assets/style.css' ignore missing %}\n"
    )
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    r = run_cli("checklist", PROFILE, *COMMON, "-f", "html", "-o", cwd / "c.html", "--templates", tmp_path / "tpl", cwd=cwd)
    assert r.code == 0, r.stderr
    assert "<p>signed 42 ababab 1024 3</p>" in (cwd / "c.html").read_text()
