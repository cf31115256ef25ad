"""Word documents: `checklist|attestation --format docx` open with python-docx, convert to PDF
with LibreOffice headless, use real heading styles and a TOC field, keep vendor text literal
(never a field), and build on a base template that users can override."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pytest
import yaml

from .conftest import LOTUS, assert_one_line_error, run_cli
from .office import NO_LIBREOFFICE, libreoffice

AS_OF = "2026-03-01"
HOSTILE = ('Evil { DDE "c:\\\\windows\\\\system32\\\\cmd.exe" "/c calc" } { MERGEFIELD Name } '
           '<w:fldSimple w:instr="DDEAUTO x"/> {{ 7*7 }} GmbH')
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def render(tmp_path: Path, kind: str, *args: str, profile: Path = LOTUS, as_of: str = AS_OF, name: str | None = None) -> Path:
    out = tmp_path / (name or f"{kind}.docx")
    res = run_cli(kind, profile, "--as-of", as_of, "--format", "docx", "-o", out, *args)
    assert res.code == 0, res.stderr
    return out


@pytest.fixture(scope="module")
def hostile_profile(tmp_path_factory) -> Path:
    data = yaml.safe_load(LOTUS.read_text(encoding="utf-8"))
    data["legal_name"] = HOSTILE + "\x01\x0b"
    data["signatory"]["name"] = "{ INCLUDETEXT \"http://evil.example/x\" }"
    data["components"][0]["name"] = "<script>alert(1)</script>"
    path = tmp_path_factory.mktemp("hostile") / "profile.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def documents(tmp_path_factory, hostile_profile) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("docx")
    return {
        "checklist": render(tmp, "checklist", "--lang", "de", profile=hostile_profile),
        "attestation": render(tmp, "attestation", "--lang", "en", as_of="2022-06-01", profile=hostile_profile),
    }


def fields(path: Path) -> list[str]:
    """Every field code in the package (complex and simple fields, all parts)."""
    found = []
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.endswith(".xml"):
                xml = z.read(name).decode("utf-8")
                found += [m.strip() for m in re.findall(r"<w:instrText[^>]*>([^<]*)</w:instrText>", xml)]
                found += re.findall(r'<w:fldSimple[^>]*w:instr="([^"]*)"', xml)
    return found


def test_checklist_structure(documents):
    import datetime as dt

    import docx

    from compliance.documents import checklist
    from compliance.ruleset import load_profile, load_ruleset

    path = documents["checklist"]
    doc = docx.Document(str(path))
    styles = [p.style.name for p in doc.paragraphs]
    heads = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")]
    rs = load_ruleset(None)
    context = checklist(rs, load_profile(LOTUS, rs), dt.date(2026, 3, 1)).context  # same rules as the hostile twin
    laws = [f"{i}. {g.title}" for i, g in enumerate(context.groups, 1)]
    rules = [f"{r.number} {r.title}" for r in context.rules]
    # Same content and order as the PDF: laws (Heading 1) with their rules (Heading 2), then the appendices.
    assert [t for s, t in heads if s == "Heading 1"] == laws + ["Komponenten des Unternehmens", "Begriffe", "Unterschrift"]
    assert [t for s, t in heads if s == "Heading 2"] == rules
    assert "Title" in styles and "List Bullet" in styles and "TOC 2" in styles and "Heading 3" in styles
    assert doc.paragraphs[1].text == "Checkliste der Sicherheitspflichten"
    section = doc.sections[0]
    assert abs(section.page_width.cm - 21.0) < 0.01 and abs(section.page_height.cm - 29.7) < 0.01
    # Contents: a TOC field (Word refreshes it on opening) showing our entries; page X of Y.
    codes = fields(path)
    assert codes.count('TOC \\o "1-2" \\h \\z \\u') == 1 and codes.count("PAGE") == 2 and codes.count("NUMPAGES") == 2
    toc = [p.text for p in doc.paragraphs if p.style.name in ("TOC 1", "TOC 2")]
    assert toc[0] == laws[0] and toc[-1] == "Unterschrift" and len(toc) == len(laws) + len(rules) + 3
    with zipfile.ZipFile(path) as z:
        assert b'w:updateFields w:val="true"' in z.read("word/settings.xml")
        assert b"2026-03-01T00:00:00Z" in z.read("docProps/core.xml")
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    footer = section.footer.paragraphs[0].text
    assert footer.startswith("de-telecom-security") and "Seite 1 von 1" in footer
    # Questions with answer boxes in tables: the choice lists its options, yes/no its two boxes.
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert any("☐ NESAS CCS-GI" in c and "☐ Keine Zertifizierung" in c for c in cells)
    assert any(c.startswith("☐ Ja     ☐ Nein") for c in cells)


def test_vendor_text_is_never_a_field(documents):
    import docx

    for kind, path in documents.items():
        assert set(fields(path)) <= {'TOC \\o "1-2" \\h \\z \\u', "PAGE", "NUMPAGES"}, (kind, fields(path))
        doc = docx.Document(str(path))
        text = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
            c.text for t in doc.tables for row in t.rows for c in row.cells)
        assert HOSTILE + "\ufffd\ufffd" in text, kind  # literal, control characters replaced
        with zipfile.ZipFile(path) as z:
            body = z.read("word/document.xml").decode("utf-8")
            assert "vbaProject" not in "".join(z.namelist())
        assert "<w:fldSimple" not in body and "&lt;w:fldSimple" in body
    assert '{ INCLUDETEXT "http://evil.example/x" }' in text


def test_bytes_are_reproducible(tmp_path):
    first = render(tmp_path, "attestation", name="a.docx")
    second = render(tmp_path, "attestation", name="b.docx")
    assert first.read_bytes() == second.read_bytes()


@pytest.mark.skipif(NO_LIBREOFFICE is not None, reason=NO_LIBREOFFICE or "")
def test_libreoffice_converts_both_to_pdf(tmp_path, documents):
    """One LibreOffice run for both documents: the PDFs carry the content, the page numbers and the
    hostile text as text."""
    pdfs = dict(zip(documents, libreoffice(list(documents.values()), "pdf", tmp_path)))
    texts = {kind: subprocess.run(["pdftotext", "-layout", str(p), "-"], capture_output=True, text=True, check=True).stdout
             for kind, p in pdfs.items()}
    checklist = texts["checklist"]
    pages = checklist.count("\f")
    assert f"Seite 1 von {pages}" in checklist and f"Seite {pages} von {pages}" in checklist
    for expected in ("Checkliste der Sicherheitspflichten", "Inhalt", "Zertifizierung kritischer Komponenten",
                     "Komponenten des Unternehmens", "Unterschrift", "MUSS"):
        assert expected in checklist, expected
    flat = " ".join(checklist.split())
    assert "{ DDE" in flat and "MERGEFIELD Name }" in flat and "<script>alert(1)</script>" in flat
    attestation = " ".join(texts["attestation"].split())
    assert "Declaration of trustworthiness" in attestation and "Garantieerklärung" in attestation
    assert "Translation. The German text is authoritative" in attestation and "Page 1 of" in attestation


def test_base_template_export_and_override(tmp_path):
    import docx

    folder = tmp_path / "tpl"
    assert run_cli("templates", "export", folder).code == 0
    base = folder / "base.docx"
    assert base.is_file()
    doc = docx.Document(str(base))
    doc.styles["Heading 1"].font.size = docx.shared.Pt(20)
    doc.sections[0].header.paragraphs[0].text = "Kanzlei Beispiel LLP"
    doc.save(str(base))
    out = render(tmp_path, "checklist", "--templates", str(folder))
    got = docx.Document(str(out))
    assert got.styles["Heading 1"].font.size.pt == 20
    header = [p.text for p in got.sections[0].header.paragraphs]
    assert header[0] == "Kanzlei Beispiel LLP" and header[1].startswith("Lotus Networks GmbH\t")

    # A template from outside is checked like any Office file: no macros.
    with zipfile.ZipFile(base, "a") as z:
        z.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0")
    res = run_cli("checklist", LOTUS, "--as-of", AS_OF, "--format", "docx", "--templates", folder, "-o", tmp_path / "x.docx")
    assert_one_line_error(res, "base.docx: the Word template contains macros (a VBA project)")
    assert not (tmp_path / "x.docx").exists()


def test_docx_only_for_documents_that_offer_it():
    res = run_cli("answers-template", LOTUS, "--format", "docx")
    assert res.code == 2 and "docx" in res.stderr


def test_the_attestation_leaves_out_complies_if_and_the_checklist_keeps_it(documents):
    import docx

    def text(path: Path) -> str:
        doc = docx.Document(str(path))
        return "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells) + "\n".join(
            p.text for p in doc.paragraphs)

    assert "Erfüllt bei" in text(documents["checklist"])
    assert "Complies if" not in text(documents["attestation"])
