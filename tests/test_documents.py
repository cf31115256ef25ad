"""Checklists and attestation forms rendered for real and read back from the PDF bytes."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from compliance.documents import (
    Labels,
    attestation,
    checklist,
    render_attestation,
    render_checklist,
)

from .pdfutil import outline_titles, page_texts, pdftotext, qpdf_check, reader

D2022 = dt.date(2022, 6, 1)
D2026 = dt.date(2026, 3, 1)


@pytest.fixture(scope="module")
def checklist_de_2022(ruleset, lotus) -> bytes:
    return render_checklist(ruleset, lotus, D2022, lang="de", format="pdf")


def test_only_translations_carry_the_translation_note():
    assert Labels("en").translation_note and not Labels("de").translation_note


def test_checklist_html_has_rules_grouped_by_law_with_citations(ruleset, lotus):
    html = render_checklist(ruleset, lotus, D2022, lang="de")
    for rule_id in ("BSIG-9B-GE-01", "BSIG-9B-GE-02", "AV-GE-01", "AV-GE-04", "EU-TBX-01"):
        assert f'id="rule-{rule_id}"' in html
    assert 'id="rule-TKG-165-04"' not in html  # certification starts 2026
    # grouped by law in the rule set's order
    laws = re.findall(r'<section class="law" id="law-\d+">\s*<h2>\d+\. ([^<]+)</h2>', html)
    assert laws[0].startswith("BSI-Gesetz in der Fassung des IT-Sicherheitsgesetzes 2.0")
    assert laws[-1] == "EU-Toolbox für die 5G-Sicherheit"
    assert "§ 9b Abs. 3 Satz 1 und 2 BSIG a.F." in html
    assert "ab 28. Mai 2021 bis 5. Dezember 2025" in html
    assert '<span class="level MUSS">MUSS</span>' in html and '<span class="level SOLL">SOLL</span>' in html
    assert "LX5G AMF" in html and "(lx-amf)" in html  # components concerned
    assert "Dr. Jana Beispiel" in html and "Geschäftsführerin" in html  # signatory block
    assert "Unterzeichnete Garantieerklärung" in html  # evidence to attach
    assert "German text is authoritative" not in html and "ENTWURF" not in html


def test_english_documents_say_the_german_text_prevails(ruleset, lotus):
    html = render_checklist(ruleset, lotus, D2026, lang="en")
    assert "The German text is authoritative" in html
    assert "Certification of critical components before first use" in html
    assert "MUSS (must)" in html


def test_drafts_are_marked(ruleset, lotus):
    html = render_checklist(ruleset, lotus, dt.date(2019, 6, 1), include_drafts=True)
    assert 'id="rule-KAT-EP-01"' in html and "badge-draft" in html and "ENTWURF" in html
    assert "KAT-EP-01" not in render_checklist(ruleset, lotus, dt.date(2019, 6, 1))


def test_attestation_is_the_garantieerklaerung_before_dec_2025(ruleset, lotus):
    doc = attestation(ruleset, lotus, D2022)
    assert doc.context.title == "Garantieerklärung"
    ids = [r.id for r in doc.context.rules]
    assert ids[:2] == ["BSIG-9B-GE-01", "BSIG-9B-GE-02"]  # document order: by law
    assert {"AV-GE-01", "AV-GE-04", "EU-TBX-01"} <= set(ids)
    assert not any(i.startswith(("BSIG-9B-ANZ", "TKG-")) for i in ids)  # operator duties are not declarations
    assert all(r.questions for r in doc.context.rules)
    assert [c.id for c in doc.context.extra["covered_components"]] == ["lx-amf", "lx-udm", "lx-oss"]
    later = attestation(ruleset, lotus, D2026, lang="en")
    assert later.context.title == "Manufacturer's declaration"
    assert "BSIG-9B-GE-01" not in [r.id for r in later.context.rules]


def test_document_objects_name_their_files(ruleset, lotus, nord):
    assert checklist(ruleset, lotus, D2026).filename("pdf") == "checklist-de-2026-03-01.pdf"
    assert attestation(ruleset, lotus, D2026, lang="en", fillable=True).filename("pdf") == (
        "attestation-fillable-en-2026-03-01.pdf"
    )
    assert checklist(ruleset, nord, dt.date(2026, 10, 1)).enabled  # CRA reporting from 2026-09-11
    empty = checklist(ruleset, nord, dt.date(2022, 6, 1))  # no critical functions: nothing applies
    assert not empty.enabled
    assert "Für dieses Unternehmen gelten am Stichtag keine Pflichten" in empty.html()


def test_checklist_pdf_reads_back(checklist_de_2022, tmp_path):
    pdf = checklist_de_2022
    assert pdf.startswith(b"%PDF-")
    path = tmp_path / "c.pdf"
    path.write_bytes(pdf)
    qpdf_check(path)
    r = reader(pdf)
    n = len(r.pages)
    assert n >= 5
    texts = page_texts(pdf)
    assert f"Seite 1 von {n}" in texts[0] and f"Seite {n} von {n}" in texts[-1]
    # running header with the vendor from page 2 on, not on the cover
    assert "Lotus Networks GmbH Checkliste der Sicherheitspflichten" in texts[1]
    assert "Lotus Networks GmbH Checkliste der Sicherheitspflichten" not in texts[0]
    text = pdftotext(path)
    for needle in ("Garantieerklärung", "§ 9b Abs. 3", "Geschäftsführerin", "Düsseldorf", "Beispielstraße", "5.12.2025"):
        assert needle in text, needle
    assert r.metadata["/ComplianceProfile"] == "lotus-networks"


def test_pdf_has_bookmarks_and_a_toc_with_page_numbers(checklist_de_2022):
    pdf = checklist_de_2022
    titles = outline_titles(pdf)
    assert any(t.startswith("1. BSI-Gesetz") for t in titles)
    assert any("Garantieerklärung des Herstellers" in t for t in titles)
    texts = page_texts(pdf)
    toc = texts[1]
    assert "Inhalt" in toc
    # the TOC line of rule 2 ends with the page the rule starts on
    m = re.search(r"Keine zur missbräuchlichen Einwirkung geeigneten Eigenschaften[ .]*?(\d+)\s*$", toc, re.M)
    assert m, toc
    page = int(m.group(1))
    assert "Keine zur missbräuchlichen Einwirkung" in texts[page - 1]


def test_fonts_are_bundled_and_fully_embedded(checklist_de_2022):
    r = reader(checklist_de_2022)
    fonts = {}
    for page in r.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            desc = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            fonts[font["/BaseFont"]] = "/FontFile2" in desc
    assert fonts and all(fonts.values()), fonts
    assert all(re.match(r"/[A-Z]{6}\+Doc-(Serif|Sans)", name) for name in fonts), fonts


def test_same_inputs_give_identical_bytes(ruleset, lotus, checklist_de_2022):
    again = render_checklist(ruleset, lotus, D2022, lang="de", format="pdf")
    assert again == checklist_de_2022
    other_day = render_checklist(ruleset, lotus, dt.date(2022, 6, 2), lang="de", format="pdf")
    assert other_day != checklist_de_2022


def test_attestation_pdf_en(ruleset, lotus, tmp_path):
    pdf = render_attestation(ruleset, lotus, D2022, lang="en", format="pdf")
    path = tmp_path / "a.pdf"
    path.write_bytes(pdf)
    qpdf_check(path)
    text = pdftotext(path)
    assert "Declaration of trustworthiness" in text
    assert "The German text is authoritative" in text
    assert "Signature" in text and "Dr. Jana Beispiel" in text
