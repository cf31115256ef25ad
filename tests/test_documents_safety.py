"""Untrusted vendor text and user templates: escaped, sandboxed, and nothing fetched."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from compliance.documents import (
    FetchRefused,
    TemplateError,
    html_to_pdf,
    render_checklist,
    render_html,
    resolve_asset,
)
from compliance.ruleset import load_profile
from compliance.files.bundled import bundled_templates_dir

from .conftest import LOTUS, assert_one_line_error, run_cli
from .pdfutil import pdftotext, spy_server

D2026 = dt.date(2026, 3, 1)


def hostile_profile(tmp_path: Path, base: str) -> Path:
    text = LOTUS.read_text(encoding="utf-8")
    text = text.replace(
        "legal_name: Lotus Networks GmbH",
        f"legal_name: '<img src=\"file:///etc/hostname\"><script>alert(1)</script>Lotus „Böse“ GmbH'",
    ).replace(
        "address: Beispielstraße 1, 40210 Düsseldorf",
        f"address: '<img src=\"{base}/address.png\"><link rel=\"stylesheet\" href=\"{base}/x.css\">'",
    )
    path = tmp_path / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_vendor_text_is_escaped_and_fetches_nothing(tmp_path, ruleset):
    with spy_server() as (base, hits):
        profile = load_profile(hostile_profile(tmp_path, base), ruleset)
        html = render_checklist(ruleset, profile, D2026)
        assert "<script>" not in html and '<img src="file:' not in html and f'<img src="{base}' not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "&lt;img src=&#34;file:///etc/hostname&#34;&gt;" in html
        warnings: list[str] = []
        pdf = render_checklist(ruleset, profile, D2026, format="pdf", on_warning=warnings.append)
        assert hits == []
    text = pdftotext(pdf)
    assert '<img src="file:///etc/hostname"><script>alert(1)</script>Lotus „Böse“ GmbH' in text
    assert warnings == []  # escaped text is text: there was nothing to refuse


def user_templates(tmp_path: Path, base: str) -> Path:
    """A user template folder whose checklist tries every way out."""
    folder = tmp_path / "tpl"
    (folder / "assets").mkdir(parents=True)
    (folder / "assets" / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'
    )
    (folder / "checklist.html.j2").write_text(
        '{% extends "base.html.j2" %}\n'
        "{% block head %}\n"
        f'<link rel="stylesheet" href="{base}/style.css">\n'
        '<link rel="attachment" href="file:///etc/hostname" title="stolen">\n'
        '<link rel="attachment" href="assets/logo.svg">\n'
        f"<style>body {{ background: url({base}/bg.png); }} @import url({base}/import.css);</style>\n"
        "{% endblock %}\n"
        "{% block body %}\n"
        '<p>USER TEMPLATE</p><img src="assets/logo.svg" alt="logo">\n'
        '<img src="file:///etc/hostname"><img src="../../../../etc/hostname">\n'
        f'<img src="{base}/img.png"><iframe src="{base}/frame"></iframe>\n'
        '<img src="data:image/svg+xml;base64,PHN2Zy8+">\n'
        f'<a rel="attachment" href="file:///etc/passwd">passwd</a><script src="{base}/s.js"></script>\n'
        "{% endblock %}\n",
        encoding="utf-8",
    )
    return folder


def test_user_templates_fetch_only_their_assets(tmp_path, ruleset, lotus):
    from pypdf import PdfReader
    import io

    with spy_server() as (base, hits):
        folder = user_templates(tmp_path, base)
        warnings: list[str] = []
        pdf = render_checklist(ruleset, lotus, D2026, format="pdf", templates_dir=folder, on_warning=warnings.append)
        assert hits == [], hits
    joined = "\n".join(warnings)
    assert "refused to fetch 'file:///etc/hostname'" in joined
    assert f"refused to fetch '{base}/img.png'" in joined and f"refused to fetch '{base}/style.css'" in joined
    assert "refused to fetch 'data:" in joined
    assert "USER TEMPLATE" in pdftotext(pdf)
    r = PdfReader(io.BytesIO(pdf))
    assert "/Names" not in r.trailer["/Root"] or "/EmbeddedFiles" not in r.trailer["/Root"]["/Names"]
    assert r.attachments == {}
    for page in r.pages:
        for annot in page.get("/Annots", []):
            assert annot.get_object().get("/Subtype") != "/FileAttachment"
    assert b"stolen" not in pdf


def test_resolve_asset_serves_only_asset_folders(tmp_path):
    bundled = bundled_templates_dir().resolve()
    user = tmp_path / "tpl"
    (user / "assets").mkdir(parents=True)
    (user / "assets" / "style.css").write_text("p{}")
    (tmp_path / "secret.txt").write_text("secret")
    os.symlink(tmp_path / "secret.txt", user / "assets" / "link.txt")
    dirs = [user.resolve(), bundled]
    # user assets shadow bundled ones file by file, bundled ones fill in the rest
    assert resolve_asset((bundled / "assets" / "style.css").as_uri(), dirs) == (user / "assets" / "style.css").resolve()
    font = resolve_asset((bundled / "assets/fonts/LiberationSerif-Regular.ttf").as_uri(), dirs)
    assert font == bundled / "assets/fonts/LiberationSerif-Regular.ttf"
    for url in (
        (bundled / "base.html.j2").as_uri(),  # a template, not an asset
        (bundled / "assets" / ".." / ".." / "README.md").as_uri(),
        (user / "assets" / "link.txt").as_uri(),  # symlink out of the folder
        (tmp_path / "secret.txt").as_uri(),
        "file:///etc/hostname",
        "file://evil.example/share/x.css",
        "http://127.0.0.1:1/x.css",
        "https://example.org/font.ttf",
        "data:text/css,p{}",
        "ftp://example.org/x",
    ):
        with pytest.raises(FetchRefused):
            resolve_asset(url, dirs)


@pytest.mark.parametrize(
    "source, fragments",
    [
        ("{{ ''.__class__.__mro__ }}", ["evil.html.j2:2", "sandbox"]),
        ("{{ doc.vendor.__class__.__init__.__globals__ }}", ["evil.html.j2:2", "sandbox"]),
        ("{% for x in range(3) %}\n{{ x.__class__.__subclasses__() }}{% endfor %}", ["evil.html.j2:3", "sandbox"]),
        ("{{ nope.missing }}", ["evil.html.j2:2", "'nope' is undefined"]),
        ("{% if %}", ["evil.html.j2:2", "template syntax error"]),
    ],
)
def test_template_errors_are_located(tmp_path, source, fragments):
    folder = tmp_path / "tpl"
    folder.mkdir()
    (folder / "evil.html.j2").write_text("<p>hello</p>\n" + source + "\n", encoding="utf-8")
    with pytest.raises(TemplateError) as info:
        render_html("evil.html.j2", {"doc": object()}, templates_dir=folder)
    message = str(info.value)
    for frag in fragments:
        assert frag in message, message


def test_unknown_template_and_missing_folder(tmp_path):
    with pytest.raises(TemplateError, match="template 'no-such-document.html.j2' not found"):
        render_html("no-such-document.html.j2", {})
    with pytest.raises(TemplateError, match="template folder not found"):
        render_html("checklist.html.j2", {}, templates_dir=tmp_path / "nope")


def test_cli_refuses_ssti_in_user_template(tmp_path):
    folder = tmp_path / "tpl"
    (folder / "partials").mkdir(parents=True)
    (folder / "partials" / "signature.html.j2").write_text("<p>sig</p>\n{{ ''.__class__.__mro__[1].__subclasses__() }}\n")
    out = tmp_path / "out.pdf"
    r = run_cli("checklist", LOTUS, "--as-of", "2026-03-01", "--templates", folder, "-o", out)
    assert_one_line_error(r, "signature.html.j2:2:", "sandbox")
    assert len(r.stderr.strip().splitlines()) == 1
    assert not out.exists() and list(tmp_path.glob("*.part")) == []


def test_html_to_pdf_is_reusable_for_other_templates(tmp_path):
    """Later features render their own template with the same machinery."""
    folder = tmp_path / "tpl"
    folder.mkdir()
    (folder / "memo.html.j2").write_text(
        '<html><head><style>{% include "assets/style.css" %}</style></head>'
        "<body><h1>{{ title }}</h1><p>{{ body }}</p></body></html>",
        encoding="utf-8",
    )
    html = render_html("memo.html.j2", {"title": "Prüfbericht", "body": "<b>x</b> ß § „ok“"}, templates_dir=folder)
    assert "&lt;b&gt;x&lt;/b&gt;" in html
    pdf = html_to_pdf(html, templates_dir=folder)
    assert "Prüfbericht" in pdftotext(pdf) and "ß § „ok“" in pdftotext(pdf)
