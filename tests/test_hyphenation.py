"""Soft hyphens from compliance.documents.hyphenation break lines where `hyphens: auto` did.

PDFs are rendered with pre-hyphenated paragraphs and `hyphens: manual` (no dictionary load at
render time). These tests compare the line breaks of the longest German and English rule texts,
justified at several column widths, against WeasyPrint's own `hyphens: auto`, and check that a
real German checklist still hyphenates (and only at word-internal points a dictionary allows).
"""

from __future__ import annotations

import html
import json

import pytest

from compliance.documents.hyphenation import KIND, SHY, Hyphenator, hyphenate
from compliance.files import cache
from compliance.ruleset import load_ruleset

from .conftest import ROOT, run_cli
from .pdfutil import pdftotext

FONT = "assets/fonts/LiberationSerif-Regular.ttf"
HYPHEN = "\u2010"  # what WeasyPrint draws at a hyphenated line end


def _lines(paragraphs: list[str], lang: str, hyphens: str, width_mm: int) -> list[str]:
    from compliance.documents import html_to_pdf

    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    doc = (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><style>'
        f'@font-face {{ font-family: S; src: url("{FONT}"); }} @page {{ size: A3; margin: 10mm; }}'
        f"p {{ font: 10.5pt/1.38 S; width: {width_mm}mm; text-align: justify; hyphens: {hyphens}; margin: 0 0 4mm; }}"
        f"</style></head><body>{body}</body></html>"
    )
    text = pdftotext(html_to_pdf(doc))
    return [line.strip() for line in text.splitlines() if line.strip()]


@pytest.mark.parametrize("lang", ["de", "en"])
def test_soft_hyphens_break_lines_like_hyphens_auto(lang):
    ruleset = load_ruleset(None)
    texts = sorted({r.text.get(lang) for r in ruleset.rules}, key=len, reverse=True)[:12]
    hyphenated_lines = 0
    for width in (45, 70, 110):
        auto = _lines(texts, lang, "auto", width)
        manual = _lines([hyphenate(t, lang) for t in texts], lang, "manual", width)
        assert manual == auto, f"{lang}, {width} mm"
        hyphenated_lines += sum(line.endswith(HYPHEN) for line in auto)
    assert hyphenated_lines > 20  # the comparison did exercise hyphenation


def test_hyphenate_keeps_text_and_markup():
    from markupsafe import Markup

    word = "Sicherheitsanforderungen"
    assert hyphenate(word, "de").replace(SHY, "") == word
    assert hyphenate(word, "de").count(SHY) >= 4
    assert hyphenate("BSI 2026 Netz", "de") == "BSI 2026 Netz"  # short words and numbers untouched
    marked = hyphenate(Markup('<a href="#Sicherheitsanforderungen">Sicherheitsanforderungen &amp; mehr</a>'), "de")
    assert isinstance(marked, Markup)
    assert '<a href="#Sicherheitsanforderungen">' in marked and "&amp;" in marked
    assert SHY in str(marked).split(">", 1)[1]


def test_cache_is_used_only_where_it_gives_back_the_word():
    first = Hyphenator("de")
    first.text("Telekommunikationsnetze Sicherheitskatalog")
    first.save()
    key = first.key
    stored = json.loads(cache.read(KIND, key))
    assert stored["Sicherheitskatalog"] == hyphenate("Sicherheitskatalog", "de")
    # A cache entry that is not the word (tampered, or another version's) is ignored.
    stored["Sicherheitskatalog"] = f"Fremd{SHY}text"
    cache.write(KIND, key, json.dumps(stored).encode())
    again = Hyphenator("de")
    assert again._dictionary is None
    assert again.word("Telekommunikationsnetze") == stored["Telekommunikationsnetze"]
    assert again._dictionary is None  # a known word: no dictionary parsed
    assert again.word("Sicherheitskatalog").replace(SHY, "") == "Sicherheitskatalog"
    assert again._dictionary is not None


def test_german_checklist_pdf_still_hyphenates(tmp_path):
    """A long German checklist: lines end in hyphens in the PDF, every hyphenated line end is a
    dictionary break point of its word, the HTML for browsers keeps `hyphens: auto`."""
    profile = ROOT / "examples" / "beispiel-mobilfunk" / "profile.yaml"
    pdf, page = tmp_path / "c.pdf", tmp_path / "c.html"
    for out, fmt in ((pdf, "pdf"), (page, "html")):
        result = run_cli("checklist", profile, "--as-of", "2026-03-01", "--format", fmt, "-o", out)
        assert result.code == 0, result.stderr
    lines = [line.strip() for line in pdftotext(pdf).splitlines() if line.strip()]
    broken = [(a, b) for a, b in zip(lines, lines[1:]) if a.endswith(HYPHEN) and a[-2:-1].isalpha()]
    assert len(broken) >= 10
    for a, b in broken:
        head, tail = a.rsplit(" ", 1)[-1][:-1], b.split(" ", 1)[0]
        word = "".join(ch for ch in head + tail if ch.isalnum())
        split_at = len("".join(ch for ch in head if ch.isalnum()))
        pieces = hyphenate(word, "de").split(SHY)
        points = {sum(len(p) for p in pieces[:i]) for i in range(1, len(pieces))}
        assert split_at in points, (a, b)
    text = page.read_text("utf-8")
    assert SHY not in text and "hyphens: auto" in text and "hyphens: manual" not in text
