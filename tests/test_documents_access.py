"""Accessible, archivable PDFs, and forms that every filler fills visibly.

* Every document kind (checklist, attestation, fillable forms, report, pack) reads back as tagged
  PDF: a structure tree with headings, lists and tables, the document language, the title shown
  as the window title, every widget in the tree.
* What can be checked of PDF/A without a validator (tests/pdfa.py) holds for every kind; the
  documents that are not fillable forms claim PDF/A-3b. The helper is shown to find what it
  looks for.
* Forms filled with pdftk (fill_form, no need_appearances), pypdf and poppler-glib (what Evince
  and Okular use) show the values when rendered with pdftoppm, and after flattening; the
  values read back.
* The attestation a vendor signs has no "Complies if" line; the checklist keeps it.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
from pathlib import Path

import pytest

from .conftest import EXAMPLES, LOTUS
from .pdfa import claims_pdfa, pdf_problems, structure_roles
from .pdfutil import pdftotext, reader

D2022 = dt.date(2022, 6, 1)  # Garantieerklärung era: boolean, text, number questions
D2026 = dt.date(2026, 3, 1)
VALUES = {  # German text with characters outside ASCII, and a date
    "signatory__place": "Köln-Süd",
    "signatory__date": "2022-06-01",
}
COMMENT = "Prüfbericht Nr. 42 – Übergabe €"


@pytest.fixture(scope="module")
def documents(ruleset, lotus, nord, tmp_path_factory) -> dict[str, Path]:
    """One PDF of every kind, rendered once."""
    from compliance.checking import check
    from compliance.documents import render_attestation, render_checklist
    from compliance.documents.report import render_report
    from compliance.answers import read_answers
    from compliance.packs.build import build_pack

    out = tmp_path_factory.mktemp("kinds")
    answers = read_answers(EXAMPLES / "lotus-networks" / "answers.yaml", ruleset, profile_id=lotus.id).answers
    evidence = EXAMPLES / "lotus-networks" / "evidence"
    result = check(ruleset, lotus, answers, as_of=D2026, evidence_dir=evidence, lang="de")
    made = {
        "checklist": render_checklist(ruleset, lotus, D2026, lang="de", format="pdf"),
        "checklist-fillable": render_checklist(ruleset, nord, dt.date(2026, 10, 1), lang="en", format="pdf", fillable=True),
        "attestation": render_attestation(ruleset, lotus, D2022, lang="de", format="pdf"),
        "attestation-fillable": render_attestation(ruleset, lotus, D2022, lang="de", format="pdf", fillable=True),
        "report": render_report(ruleset, lotus, result, lang="en", format="pdf"),
        "pack": build_pack(ruleset, lotus, answers, as_of=D2026, evidence_dir=evidence, lang="de").pdf,
    }
    paths = {}
    for name, data in made.items():
        paths[name] = out / f"{name}.pdf"
        paths[name].write_bytes(data)
    return paths


KINDS = ("checklist", "checklist-fillable", "attestation", "attestation-fillable", "report", "pack")


@pytest.mark.parametrize("kind", KINDS)
def test_every_document_kind_reads_back_as_tagged(documents, kind):
    r = reader(documents[kind])
    root = r.trailer["/Root"]
    roles = structure_roles(r)
    assert roles.get("/Document") == 1 and roles.get("/H1", 0) >= 1, roles
    assert roles.get("/H2", 0) >= 1 and roles.get("/P", 0) >= 1, roles
    assert roles.get("/Table", 0) >= 1 and roles.get("/TR", 0) >= 1 and roles.get("/TD", 0) >= 1, roles
    if kind != "report":  # the report has no lists
        assert roles.get("/L", 0) >= 1 and roles.get("/LI", 0) >= 1, roles
    lang = "en" if kind in ("checklist-fillable", "report") else "de"
    assert str(root["/Lang"]) == lang
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712 - a PDF boolean
    assert ("Nordantenna AB" if kind == "checklist-fillable" else "Lotus Networks GmbH") in str(r.metadata["/Title"])
    # every widget (the form's fields, the two signature fields) is in the structure tree
    widgets = [a.get_object() for p in r.pages for a in p.get("/Annots") or [] if a.get_object()["/Subtype"] == "/Widget"]
    assert widgets or kind == "report"  # the report has no signature block
    assert all("/StructParent" in w for w in widgets)
    assert roles.get("/Form", 0) >= (2 if widgets else 0)


@pytest.mark.parametrize("kind", KINDS)
def test_pdfa_checks_hold_for_every_document_kind(documents, kind):
    assert pdf_problems(documents[kind]) == []
    # a fillable form cannot be PDF/A (its viewer draws the filled values); the others claim 3b
    assert claims_pdfa(documents[kind]) == (None if "fillable" in kind else ("3", "B"))


def test_the_pdfa_helper_finds_what_it_checks(documents, tmp_path):
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import BooleanObject, DictionaryObject, NameObject, TextStringObject

    writer = PdfWriter(PdfReader(documents["pack"]), incremental=True)
    writer.add_metadata({"/Producer": "Something Else 1.0"})
    root = writer._root_object
    root[NameObject("/OpenAction")] = DictionaryObject({NameObject("/S"): NameObject("/JavaScript"),
                                                        NameObject("/JS"): TextStringObject("app.alert(1)")})
    root[NameObject("/MarkInfo")] = DictionaryObject({NameObject("/Marked"): BooleanObject(False)})
    del root["/OutputIntents"]
    out = io.BytesIO()
    writer.write(out)
    problems = pdf_problems(out.getvalue())
    assert any(p.startswith("document information /Producer 'Something Else 1.0' differs from XMP") for p in problems)
    assert "JavaScript action" in problems
    assert "not marked as tagged (MarkInfo /Marked true)" in problems
    assert "no PDF/A output intent (GTS_PDFA1 with DestOutputProfile)" in problems
    # and a font that is not embedded (a standard font drawn on a page) is found by pdffonts
    from pypdf.generic import ArrayObject, DecodedStreamObject

    w2 = PdfWriter(clone_from=str(documents["checklist"]))
    page = w2.pages[0]
    page["/Resources"].get_object()["/Font"].get_object()[NameObject("/Fx")] = w2._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica")}))
    text = DecodedStreamObject()
    text.set_data(b"BT /Fx 12 Tf 10 10 Td (x) Tj ET")
    contents = page["/Contents"]
    page[NameObject("/Contents")] = ArrayObject([*(contents if isinstance(contents, ArrayObject) else [contents]),
                                                 w2._add_object(text)])
    out = io.BytesIO()
    w2.write(out)
    assert "font not embedded: Helvetica" in pdf_problems(out.getvalue())


def test_attestation_leaves_out_complies_if_and_the_checklist_keeps_it(documents):
    assert "Erfüllt bei" not in pdftotext(documents["attestation"])
    assert "Erfüllt bei" not in pdftotext(documents["attestation-fillable"])
    assert "Erfüllt bei" in pdftotext(documents["checklist"])
    assert "Complies if" in pdftotext(documents["checklist-fillable"])


# --------------------------------------------------------------------------- fillers


def _fdf(values: dict[str, str]) -> bytes:
    def text(v: str) -> bytes:  # UTF-16BE with a byte-order mark: what pdftk reads for non-ASCII
        return b"<" + ("\ufeff" + v).encode("utf-16-be").hex().encode() + b">"

    body = b"".join(b"<< /T " + text(k) + b" /V " + text(v) + b" >>\n" for k, v in values.items())
    return b"%FDF-1.2\n1 0 obj\n<< /FDF << /Fields [\n" + body + b"] >> >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def fill_pdftk(src: Path, dst: Path, values: dict[str, str]) -> None:
    fdf = dst.with_suffix(".fdf")
    fdf.write_bytes(_fdf(values))
    subprocess.run(["pdftk", str(src), "fill_form", str(fdf), "output", str(dst)], check=True, capture_output=True, timeout=120)


def fill_pypdf(src: Path, dst: Path, values: dict[str, str]) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=str(src))
    for page in writer.pages:
        writer.update_page_form_field_values(page, values, auto_regenerate=False)
    writer.write(dst)


_POPPLER_FILL = """
import json, sys
from pathlib import Path
import gi
gi.require_version("Poppler", "0.18")
from gi.repository import Poppler
src, dst, values = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
doc = Poppler.Document.new_from_file(Path(src).resolve().as_uri(), None)
for i in range(doc.get_n_pages()):
    for mapping in doc.get_page(i).get_form_field_mapping():
        field = mapping.field
        if field.get_name() in values and field.get_field_type() == Poppler.FormFieldType.TEXT:
            field.text_set_text(values[field.get_name()])
doc.save(Path(dst).resolve().as_uri())
"""
SYSTEM_PYTHON = "/usr/bin/python3"


def _poppler_glib() -> bool:
    code = "import gi; gi.require_version('Poppler', '0.18'); from gi.repository import Poppler"
    return Path(SYSTEM_PYTHON).exists() and subprocess.run([SYSTEM_PYTHON, "-c", code], capture_output=True).returncode == 0


def fill_poppler(src: Path, dst: Path, values: dict[str, str]) -> None:
    subprocess.run([SYSTEM_PYTHON, "-c", _POPPLER_FILL, str(src), str(dst), json.dumps(values)],
                   check=True, capture_output=True, timeout=120)


FILLERS = {"pdftk": fill_pdftk, "pypdf": fill_pypdf, "poppler": fill_poppler}


def _widgets(path: Path) -> dict[str, tuple[int, list[float], float]]:
    """Field name -> (page number, rectangle, page height) of its widget."""
    r = reader(path)
    found = {}
    for number, page in enumerate(r.pages, 1):
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if "/T" in annot:
                found[str(annot["/T"])] = (number, [float(x) for x in annot["/Rect"]], float(page.mediabox.height))
    return found


def dark_pixels(pdf: Path, where: tuple[int, list[float], float], dpi: int = 150) -> int:
    """Pixels darker than mid-grey that pdftoppm draws inside a field's rectangle."""
    page, rect, height = where
    (x1, x2), (y1, y2) = sorted(rect[0::2]), sorted(rect[1::2])  # WeasyPrint writes the corners top first
    scale = dpi / 72
    box = [round(x1 * scale), round((height - y2) * scale), round((x2 - x1) * scale), round((y2 - y1) * scale)]
    proc = subprocess.run(["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), "-x", str(box[0]), "-y", str(box[1]),
                           "-W", str(box[2]), "-H", str(box[3]), "-gray", str(pdf)], capture_output=True, check=True, timeout=120)
    data = proc.stdout
    # binary PGM: "P5\n<w> <h>\n<max>\n" then one byte per pixel
    header_end = 0
    for _ in range(3):
        header_end = data.index(b"\n", header_end) + 1
    return sum(1 for b in data[header_end:] if b < 128)


def flatten_qpdf(src: Path, dst: Path) -> None:
    proc = subprocess.run(["qpdf", "--generate-appearances", "--flatten-annotations=all", str(src), str(dst)],
                          capture_output=True, timeout=120)
    assert proc.returncode in (0, 3), proc.stderr  # 3: warnings


def flatten_pdftk(src: Path, dst: Path) -> None:
    subprocess.run(["pdftk", str(src), "output", str(dst), "flatten"], check=True, capture_output=True, timeout=120)


@pytest.mark.parametrize("filler", list(FILLERS))
def test_filled_forms_show_their_values_rendered_and_flattened(documents, filler, tmp_path):
    if filler == "poppler" and not _poppler_glib():
        pytest.skip("poppler-glib for Python (gir1.2-poppler-0.18, python3-gi) not installed; scripts/setup.sh installs it")
    form = documents["attestation-fillable"]
    widgets = _widgets(form)
    comment = next(name for name in widgets if name.endswith("__comment"))
    values = {**VALUES, comment: COMMENT}
    filled = tmp_path / f"{filler}.pdf"
    FILLERS[filler](form, filled, values)

    from pypdf import PdfReader

    read = {k: (v or {}).get("/V") for k, v in (PdfReader(filled).get_fields() or {}).items()}
    assert {k: read[k] for k in values} == values
    empty = {name: dark_pixels(form, widgets[name]) for name in values}
    shown = {name: dark_pixels(filled, widgets[name]) for name in values}
    for name in values:
        assert shown[name] > empty[name] + 40, (filler, name, empty[name], shown[name])

    # flattened: the values become page content. pdftk flattens what pdftk and pypdf filled;
    # poppler writes no appearances (it relies on the viewer), so only a flattener that draws
    # them (qpdf --generate-appearances) keeps its values, and it needs the form's simple font.
    flatteners = {"qpdf": flatten_qpdf} | ({"pdftk": flatten_pdftk} if filler != "poppler" else {})
    for how, flatten in flatteners.items():
        flat = tmp_path / f"{filler}-flat-{how}.pdf"
        flatten(filled, flat)
        assert not (PdfReader(flat).get_fields() or {}).get("signatory__place"), how
        for name in values:
            assert dark_pixels(flat, widgets[name]) > empty[name] + 40, (filler, how, name)
        text = pdftotext(flat, first=widgets["signatory__place"][0], last=widgets["signatory__place"][0])
        assert "Köln-Süd" in text and "2022-06-01" in text, (filler, how)


def test_form_fields_use_a_standard_font_from_the_forms_own_resources(documents):
    r = reader(documents["attestation-fillable"])
    acro = r.trailer["/Root"]["/AcroForm"]
    font = acro["/DR"]["/Font"]["/Helv"].get_object()
    assert font["/BaseFont"] == "/Helvetica" and font["/Encoding"] == "/WinAnsiEncoding"
    text_fields = [f.get_object() for f in acro["/Fields"] if f.get_object().get("/FT") in ("/Tx", "/Ch")]
    assert len(text_fields) > 10
    for field in text_fields:
        da = str(field["/DA"])
        assert "/Helv " in da and " gs" not in da, (field["/T"], da)

