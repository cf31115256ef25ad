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
    assert '<span class="level MUSS">MUSS</span>' in html and '<span class="level KANN">KANN</span>' in html
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
    # duties the operator answers itself are not the manufacturer's declarations; those it answers
    # for the operator are (the § 9b declaration, the § 165(4) notice)
    assert not any(i.startswith(("BSIG-9B-ANZ", "BSIG-9B-VW", "TKG-166", "TKG-168")) for i in ids)
    assert "TKG-165-04a" in ids
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
    m = re.search(r"Einsatz nur mit Garantieerklärung des Herstellers[ †.]*?(\d+)\s*$", toc, re.M)
    assert m, toc
    page = int(m.group(1))
    assert "Einsatz nur mit Garantieerklärung des Herstellers" in texts[page - 1]


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


def test_items_not_checked_against_the_official_text_are_marked(ruleset, lotus, nord):
    """A marker and a footnote on every rule whose basis is not primary; the cover counts them."""
    html = render_checklist(ruleset, lotus, D2026, lang="de")
    doc = checklist(ruleset, lotus, D2026).context
    primary = doc.primary_count
    assert f"{primary} von {len(doc.rules)} Punkten am amtlichen Text geprüft" in html
    assert "† nur Sekundärquellen · ‡ nicht geprüft" in html
    # § 41 BSIG was read on gesetze-im-internet.de: no marker; § 165(4) TKG rests on law-firm notes
    article = lambda rid: html[html.index(f'id="rule-{rid}"'):].split("</article>", 1)[0]
    assert "basis-mark" not in article("BSIG-41-01")
    cert = article("TKG-165-04")
    assert '<sup class="basis-mark"' in cert and "Nicht am amtlichen Text geprüft" in cert
    assert "Pinsent Masons" in cert and "zuletzt geprüft am 26. November 2026" in cert
    power = article("TKG-167-02")  # read in a private mirror of the official text: secondary
    assert "†" in power and "‡" not in power and "Nicht am amtlichen Text geprüft" in power
    en = render_checklist(ruleset, lotus, D2026, lang="en")
    german, english = (f"{primary} von {len(doc.rules)} Punkten am amtlichen Text geprüft",
                       f"{primary} of {len(doc.rules)} items checked against the official text")
    assert german in en and english in en and en.index(german) < en.index(english)  # German first


def test_who_is_bound_and_who_answers_is_said_on_each_item(ruleset, lotus):
    from compliance import load_profile
    from .conftest import RULES

    import html as markup

    html = render_checklist(ruleset, lotus, D2026, lang="en")
    article = lambda h, rid: markup.unescape(h[h.index(f'id="rule-{rid}"'):].split("</article>", 1)[0])
    assert "Your customer's duty (the operator's), which your answer serves." in article(html, "TKG-165-04")
    assert "serves" not in article(html, "EU-CRA-01")  # the manufacturer's own duty
    operator = load_profile(RULES / "tests" / "profiles" / "operator.yaml", ruleset)
    op = render_checklist(ruleset, operator, D2026, lang="en")
    assert "collect the answers from the manufacturer" in article(op, "TKG-165-04")
    assert 'id="q-TKG-165-04-Q1"' in op  # the operator is asked what it collected
    ctx = checklist(ruleset, operator, D2026).context
    assert ctx.collect_count >= 3 and ctx.serve_count == 0
    # the attestation the operator signs holds only what it answers itself
    att = [r.id for r in attestation(ruleset, operator, D2026).context.rules]
    assert "TKG-166-01" in att and "TKG-165-04" not in att and "BSIG-30-LK" not in att


def test_due_dates_show_the_phase_of_the_day(ruleset, lotus):
    before = render_checklist(ruleset, lotus, D2026, lang="de")
    art = before[before.index('id="rule-GOV-HW-01"'):].split("</article>", 1)[0]
    assert "Frist 31. Dezember 2026" in art and "wird der Plan abgefragt" in art
    assert 'id="q-GOV-HW-01-P1"' in art and 'id="q-GOV-HW-01-Q1"' not in art
    after = render_checklist(ruleset, lotus, dt.date(2027, 1, 15), lang="de")
    art = after[after.index('id="rule-GOV-HW-01"'):].split("</article>", 1)[0]
    assert "abgefragt und bewertet wird der Zielzustand" in art
    assert 'id="q-GOV-HW-01-Q1"' in art and 'id="q-GOV-HW-01-P1"' not in art
    cra = before[before.index('id="rule-EU-CRA-01"'):].split("</article>", 1)[0]
    assert "Stufe bis zur Frist: SOLL" in cra and '<span class="level SOLL">SOLL</span>' in cra
