"""Write templates/base.docx: the Word base of the checklist and attestation (``--format docx``).

    .venv/bin/python scripts/make_word_template.py [--out templates/base.docx]

The base carries what a lawyer or a firm restyles in Word: page set-up (A4), fonts, colours and
spacing of the paragraph styles the documents use (Title, Subtitle, Heading 1-3, List Bullet,
TOC Heading, TOC 1-2, Table Grid, and the Compliance Meta / Notice / Small styles), and an empty
header and footer (anything put there, such as a logo, stays; the documents add their own line).
The body is replaced when a document is rendered. Built from python-docx's default template;
the bytes are reproducible. Rerun after changing this script and commit the result.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

ACCENT = "1F3A5F"
MUTED = "5A5A5A"
SERIF, SANS = "Times New Roman", "Arial"


def build() -> bytes:
    from docx import Document
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt, RGBColor

    from compliance.files.office import reproducible_zip

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2.4), Cm(2.2)
    section.left_margin, section.right_margin = Cm(2.4), Cm(2.0)
    section.header_distance = section.footer_distance = Cm(1.1)
    styles = doc.styles

    def font(style, name: str, size: float, *, bold: bool | None = None, italic: bool | None = None,
             color: str | None = None) -> None:
        style.font.name = name
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attr), name)
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
            fonts.attrib.pop(qn(attr), None)
        style.font.size = Pt(size)
        if bold is not None:
            style.font.bold = bold
        if italic is not None:
            style.font.italic = italic
        if color is not None:
            style.font.color.rgb = RGBColor.from_string(color)

    def spacing(style, before: float, after: float, *, keep: bool = False) -> None:
        fmt = style.paragraph_format
        fmt.space_before, fmt.space_after = Pt(before), Pt(after)
        if keep:
            fmt.keep_with_next = True

    def paragraph_style(name: str, base: str = "Normal"):
        if name in [s.name for s in styles]:
            return styles[name]
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles[base]
        style.quick_style = True
        return style

    normal = styles["Normal"]
    font(normal, SERIF, 10.5)
    spacing(normal, 0, 4)
    normal.paragraph_format.line_spacing = 1.15
    font(styles["Title"], SANS, 22, bold=True, color=ACCENT)
    spacing(styles["Title"], 0, 6)
    font(styles["Subtitle"], SERIF, 12.5, italic=True, color=MUTED)
    spacing(styles["Subtitle"], 0, 18)
    for level, size, before in ((1, 14, 18), (2, 11.5, 12), (3, 9.5, 6)):
        style = styles[f"Heading {level}"]
        font(style, SANS, size, bold=True, color=ACCENT if level < 3 else MUTED, italic=False)
        spacing(style, before, 4, keep=True)
    font(styles["TOC Heading"], SANS, 14, bold=True, color=ACCENT)
    for level in (1, 2):
        style = paragraph_style(f"TOC {level}")
        font(style, SANS if level == 1 else SERIF, 10, bold=level == 1)
        spacing(style, 4 if level == 1 else 0, 1)
        style.paragraph_format.left_indent = Cm(0.6 * (level - 1))
        style.paragraph_format.tab_stops.add_tab_stop(Cm(16.5), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
    font(styles["List Bullet"], SERIF, 10.5)
    for name, size, color in (("Compliance Meta", 8.5, MUTED), ("Compliance Small", 8.5, None),
                              ("Compliance Notice", 9.5, None)):
        style = paragraph_style(name)
        font(style, SANS, size, color=color)
        spacing(style, 0, 3)
    notice = styles["Compliance Notice"]
    ppr = notice.element.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    for side in ("top", "left", "bottom", "right"):
        edge = OxmlElement(f"w:{side}")
        for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "4"), ("w:color", ACCENT)):
            edge.set(qn(key), value)
        borders.append(edge)
    ppr.append(borders)
    for name in ("Header", "Footer"):
        font(styles[name], SANS, 8, color=MUTED)
        styles[name].paragraph_format.tab_stops.clear_all()  # the default's stops are for Letter paper
        styles[name].paragraph_format.tab_stops.add_tab_stop(Cm(16.6), WD_TAB_ALIGNMENT.RIGHT)
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    props = doc.core_properties
    props.title = "compliance base template"
    props.author = props.last_modified_by = "compliance"
    props.comments = "Base of the Word documents of compliance: styles, page set-up, header and footer."
    props.created = props.modified = dt.datetime(2026, 1, 1)
    props.revision = 1
    buffer = io.BytesIO()
    doc.save(buffer)
    return reproducible_zip(buffer.getvalue())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "templates" / "base.docx")
    args = ap.parse_args()
    args.out.write_bytes(build())
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
