"""Word documents (``checklist|attestation --format docx``): the same content, in the same order,
as the PDF, for lawyers who edit and redline in Word or LibreOffice.

The document is built on a base template, ``base.docx`` in the template folders (the bundled
one, or the user's from ``--templates DIR``, which ``templates export`` copies out): its styles,
page set-up, header and footer are kept, its body is replaced. The body uses real paragraph
styles (Title, Heading 1 for laws, Heading 2 for rules, Heading 3 for their parts, List Bullet,
Table Grid), so Word's navigation pane, outline view and tracked changes work; styles a user's
template lacks are added. The contents are a TOC field whose shown result is our own list of
entries, each a link to its heading; Word refreshes it (with page numbers) when the file is
opened, other programs show the list. The footer says "page X of Y" with PAGE and NUMPAGES
fields.

Untrusted text (the vendor's profile; the rule set's wording) only ever goes into text runs,
after characters XML cannot carry are replaced: it is never a field code, so braces, "DDE",
"MERGEFIELD" or markup in it stay literal. The only fields are our own (TOC, PAGE, NUMPAGES); a
user's template is checked like any Office file from outside (no macros, external targets or
DTDs). The bytes are reproducible: the document dates are the as-of date.

python-docx is imported only here, when a Word document is rendered.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputError, Location, display_path
from ..files.office import check_package, reproducible_zip, xml_text
from ..i18n import Labels, long_date
from ..questions import question_type
from .context import ComponentView, DocumentContext, QuestionView, RuleView
from .templating import TemplateError, template_dirs

if TYPE_CHECKING:
    from .documents import Document

#: The base template's file name in a template folder.
BASE_TEMPLATE = "base.docx"
#: Paragraph styles the documents use; a base template without one gets it (based on Normal).
PARAGRAPH_STYLES = (
    "Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "List Bullet", "TOC Heading",
    "TOC 1", "TOC 2", "Header", "Footer", "Compliance Meta", "Compliance Small", "Compliance Notice",
)
TABLE_STYLE = "Table Grid"
_OUTLINE = {"Heading 1": 0, "Heading 2": 1, "Heading 3": 2}
_LANGUAGE_TAGS = {"de": "de-DE", "en": "en-GB"}
_WEB = ("http://", "https://")


def render_docx(document: Document) -> bytes:
    """The Word document of ``document`` (a checklist or an attestation) as bytes."""
    body = BODIES.get(document.kind)
    if body is None:
        raise ValueError(f"{document.kind} documents are not offered as Word documents ({', '.join(BODIES)})")
    writer = _Writer(base_template(document.templates_dir), document.context)
    writer.running_heads()
    body(writer, document.context)
    return writer.save()


def base_template(templates_dir: str | Path | None = None) -> Path:
    """The base template: the user's ``base.docx`` if their folder has one, else the bundled one.
    A user's template is checked before it is opened (it may come from anywhere)."""
    for folder in template_dirs(templates_dir):
        path = folder / BASE_TEMPLATE
        if not path.is_file():
            continue
        if not path.resolve().is_relative_to(folder.resolve()):
            raise TemplateError("the Word template leads outside the template folder (symbolic link)",
                                Location(display_path(path)))
        try:
            check_package(path, what="Word template")
        except InputError as exc:
            raise TemplateError(exc.message, exc.location) from None
        return path
    raise TemplateError(f"{BASE_TEMPLATE} not found in the template folders")


# ---------------------------------------------------------------------------- the writer


class _Writer:
    """A Word document being written: paragraphs in styles (ids resolved once), tables, fields,
    bookmarks and links."""

    def __init__(self, base: Path, context: DocumentContext):
        import docx

        try:
            self.doc = docx.Document(str(base))
        except Exception as exc:  # python-docx: not a Word document, or a broken one  # noqa: BLE001
            raise TemplateError(f"cannot read the Word template: {type(exc).__name__}: {exc}",
                                Location(display_path(base))) from None
        self.context, self.t, self.lang = context, Labels(context.lang), context.lang
        self.bookmarks = 0
        self._ids: dict[str, str] = {}
        body = self.doc.element.body
        for child in list(body):
            if not child.tag.endswith("}sectPr"):
                body.remove(child)
        self._ensure_styles()

    # ------------------------------------------------------------------ styles

    def _ensure_styles(self) -> None:
        from docx.enum.style import WD_STYLE_TYPE
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        styles = self.doc.styles
        have = {s.name for s in styles}
        for name in PARAGRAPH_STYLES:
            if name in have:
                continue
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = styles["Normal"]
            if name in _OUTLINE:  # so that the navigation pane and the TOC find it
                style.font.bold = True
                outline = OxmlElement("w:outlineLvl")
                outline.set(qn("w:val"), str(_OUTLINE[name]))
                style.element.get_or_add_pPr().append(outline)
        if TABLE_STYLE not in have:
            styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.TABLE)
        # The document's language, for spelling and hyphenation.
        rpr = styles["Normal"].element.get_or_add_rPr()
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            rpr.append(lang)
        lang.set(qn("w:val"), _LANGUAGE_TAGS.get(self.lang, self.lang))

    def style_id(self, name: str) -> str:
        """The id of the style ``name`` (looking a style up by name is slow in python-docx)."""
        if name not in self._ids:
            self._ids[name] = self.doc.styles[name].style_id
        return self._ids[name]

    # ------------------------------------------------------------------ paragraphs and runs

    def par(self, style: str | None = None, text: str | None = None, container: Any = None, **run: Any):
        paragraph = (container if container is not None else self.doc).add_paragraph()
        if style:
            paragraph._p.style = self.style_id(style)
        if text:
            self.run(paragraph, text, **run)
        return paragraph

    def run(self, paragraph, text: str, *, bold: bool = False, italic: bool = False):
        """Literal text (line breaks and tabs as such); never a field, whatever it says."""
        run = paragraph.add_run(xml_text(text))
        if bold:
            run.bold = True
        if italic:
            run.italic = True
        return run

    def heading(self, level: int, text: str, bookmark: str | None = None):
        paragraph = self.par(f"Heading {level}", text)
        if bookmark:
            self.bookmark(paragraph, bookmark)
        return paragraph

    def bookmark(self, paragraph, name: str) -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        self.bookmarks += 1
        start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
        start.set(qn("w:id"), str(self.bookmarks))
        start.set(qn("w:name"), name)
        end.set(qn("w:id"), str(self.bookmarks))
        paragraph._p.insert(0, start)
        paragraph._p.append(end)

    def link(self, paragraph, text: str, *, anchor: str | None = None, url: str | None = None) -> None:
        """A link to a bookmark (``anchor``) or a web address (``url``, http(s) only)."""
        from docx.opc.constants import RELATIONSHIP_TYPE
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        if url is not None and not url.lower().startswith(_WEB):
            self.run(paragraph, text)
            return
        link = OxmlElement("w:hyperlink")
        if anchor is not None:
            link.set(qn("w:anchor"), anchor)
        else:
            link.set(qn("r:id"), paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True))
        link.set(qn("w:history"), "1")
        run = OxmlElement("w:r")
        piece = OxmlElement("w:t")
        piece.set(qn("xml:space"), "preserve")
        piece.text = xml_text(text)
        run.append(piece)
        link.append(run)
        paragraph._p.append(link)

    def field(self, paragraph, code: str, shown: str = "", *, dirty: bool = False) -> None:
        """A field with our own ``code`` (never text from outside) and its shown result."""
        self._field_char(paragraph, "begin", dirty)
        self._instruction(paragraph, code)
        self._field_char(paragraph, "separate")
        if shown:
            self.run(paragraph, shown)
        self._field_char(paragraph, "end")

    def _field_char(self, paragraph, kind: str, dirty: bool = False) -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        if dirty:
            char.set(qn("w:dirty"), "true")
        paragraph.add_run()._r.append(char)

    def _instruction(self, paragraph, code: str) -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        instruction = OxmlElement("w:instrText")
        instruction.set(qn("xml:space"), "preserve")
        instruction.text = f" {code} "
        paragraph.add_run()._r.append(instruction)

    def page_break(self) -> None:
        from docx.enum.text import WD_BREAK

        self.par().add_run().add_break(WD_BREAK.PAGE)

    # ------------------------------------------------------------------ tables

    def table(self, rows: int, columns: int, widths_cm: tuple[float, ...], *, header: bool = False):
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Cm

        table = self.doc.add_table(rows=rows, cols=columns)
        table._tbl.tblPr.style = self.style_id(TABLE_STYLE)
        table.autofit = False
        # LibreOffice takes column widths from the grid; Word from the cells.
        for grid, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths_cm):
            grid.set(qn("w:w"), str(int(Cm(width).twips)))
        for row in table.rows:
            for cell, width in zip(row.cells, widths_cm):
                cell.width = Cm(width)
        if header and rows:
            head = OxmlElement("w:tblHeader")  # repeated on every page
            table.rows[0]._tr.get_or_add_trPr().append(head)
        return table

    def keep_rows_whole(self, table) -> None:
        from docx.oxml import OxmlElement

        for row in table.rows:
            row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))

    def cell(self, table, row: int, column: int, text: str = "", style: str | None = None, **run: Any):
        """The first paragraph of a cell, with ``text`` in ``style``."""
        paragraph = table.cell(row, column).paragraphs[0]
        if style:
            paragraph._p.style = self.style_id(style)
        if text:
            self.run(paragraph, text, **run)
        return paragraph

    # ------------------------------------------------------------------ running heads, properties, bytes

    def running_heads(self) -> None:
        """Header: vendor and document (not on the cover); footer: rule set, date, page X of Y."""
        ctx, t = self.context, self.t
        section = self.doc.sections[0]
        section.different_first_page_header_footer = True
        draft = f" · {t.status_draft}" if ctx.has_drafts else ""
        self.run(self._free_paragraph(section.header), f"{ctx.vendor.legal_name}\t{ctx.title}{draft}")
        for footer in (section.footer, section.first_page_footer):
            paragraph = self._free_paragraph(footer)
            language = "" if ctx.authoritative else f" · {t.lang_name}"
            self.run(paragraph, f"{ctx.ruleset_id} {ctx.ruleset_version} · {t.as_of} "
                                f"{long_date(ctx.as_of, self.lang)}{language}\t{t.page} ")
            self.field(paragraph, "PAGE", "1")
            self.run(paragraph, f" {t.of} ")
            self.field(paragraph, "NUMPAGES", "1")

    def _free_paragraph(self, part):
        """The header's or footer's empty first paragraph, else a new one after what the template
        put there (a logo stays)."""
        part.is_linked_to_previous = False
        paragraphs = part.paragraphs
        first = paragraphs[0] if paragraphs else None
        if first is not None and not first.text and not first._p.xpath(".//w:drawing | .//w:pict"):
            paragraph = first
        else:
            paragraph = part.add_paragraph()
        style = "Header" if "header" in part.part.partname.lower() else "Footer"
        paragraph._p.style = self.style_id(style)
        return paragraph

    def save(self) -> bytes:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        ctx = self.context
        props = self.doc.core_properties
        day = dt.datetime.combine(dt.date.fromisoformat(ctx.as_of), dt.time(0))
        props.title = xml_text(f"{ctx.title} – {ctx.vendor.legal_name}")
        props.subject = xml_text(f"{ctx.ruleset_id} {ctx.ruleset_version}; {self.t.as_of} {ctx.as_of}")
        props.author = xml_text(ctx.vendor.legal_name)
        props.last_modified_by = "compliance"
        props.keywords = xml_text(f"{ctx.kind}, {ctx.ruleset_id}, {ctx.vendor.id}")
        props.comments = ""
        props.language = _LANGUAGE_TAGS.get(self.lang, self.lang)
        props.created = props.modified = day
        props.revision = 1
        settings = self.doc.settings.element
        update = settings.find(qn("w:updateFields"))
        if update is None:
            update = OxmlElement("w:updateFields")
            settings.append(update)
        update.set(qn("w:val"), "true")  # Word refreshes the contents and page numbers on opening
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return reproducible_zip(buffer.getvalue())


# ---------------------------------------------------------------------------- parts of documents


def _cover(w: _Writer, ctx: DocumentContext) -> None:
    t, vendor = w.t, ctx.vendor
    w.par("Compliance Meta", ctx.ruleset_title.upper())
    w.par("Title", ctx.title)
    if ctx.subtitle:
        w.par("Subtitle", ctx.subtitle)
    facts = [(t.legal_name, vendor.legal_name)]
    if vendor.address:
        facts.append((t.address, vendor.address))
    facts += [
        (t.role, ctx.role_label),
        (t.country, f"{vendor.country} / {vendor.headquarters_country}"),
        (t.signatory, f"{vendor.signatory.name}, {vendor.signatory.title}"),
        (t.ruleset, f"{ctx.ruleset_id}, {t.ruleset_version} {ctx.ruleset_version}"),
        (t.as_of, f"{long_date(ctx.as_of, ctx.lang)} ({ctx.as_of})"),
        (t.language, t.lang_name),
        (t.profile_id, vendor.id),
    ]
    table = w.table(len(facts), 2, (4.6, 12.0))
    for i, (label, value) in enumerate(facts):
        w.cell(table, i, 0, label, "Compliance Meta")
        w.cell(table, i, 1, value, bold=i == 0)
    w.par()
    if not ctx.authoritative and t.translation_note:
        w.par("Compliance Notice", t.translation_note, bold=True)
    if ctx.has_drafts:
        paragraph = w.par("Compliance Notice", f"{t.status_draft}. ", bold=True)
        w.run(paragraph, t.draft_note)


def _summary(w: _Writer, ctx: DocumentContext) -> None:
    t = w.t
    w.par("TOC Heading", t.summary)
    counts = [(t.rules_count, len(ctx.rules)), (t.level_MUSS, ctx.count("MUSS")), (t.level_SOLL, ctx.count("SOLL")),
              (t.level_KANN, ctx.count("KANN")), (t.questions_count, ctx.question_count)]
    table = w.table(len(counts), 2, (8.0, 2.5))
    for i, (label, n) in enumerate(counts):
        w.cell(table, i, 0, label)
        w.cell(table, i, 1, str(n))
    w.par("Compliance Small", t.level_note)


def _contents(w: _Writer, ctx: DocumentContext, extra: list[tuple[str, str]]) -> None:
    """A TOC field over Heading 1-2 whose shown result is our list of entries (links to the
    headings); Word rebuilds it with page numbers when the document is opened."""
    entries = []
    for i, group in enumerate(ctx.groups, start=1):
        entries.append((1, f"{i}. {group.title}", _law_mark(i)))
        entries += [(2, f"{r.number} · {r.id}  {r.title}", _rule_mark(r)) for r in group.rules]
    entries += [(1, title, mark) for title, mark in extra]
    w.par("TOC Heading", w.t.contents)
    first = w.par("TOC 1")
    w._field_char(first, "begin", dirty=True)
    w._instruction(first, 'TOC \\o "1-2" \\h \\z \\u')
    w._field_char(first, "separate")
    paragraph = first
    for n, (level, text, mark) in enumerate(entries):
        if n:
            paragraph = w.par(f"TOC {level}")
        else:
            paragraph._p.style = w.style_id(f"TOC {level}")
        w.link(paragraph, text, anchor=mark)
    w._field_char(w.par() if entries else first, "end")


def _law_mark(number: int) -> str:
    return f"_TocLaw{number}"


def _rule_mark(rule: RuleView) -> str:
    return f"_TocRule{rule.number}"


def _laws(w: _Writer, ctx: DocumentContext, empty: str) -> None:
    for i, group in enumerate(ctx.groups, start=1):
        w.heading(1, f"{i}. {group.title}", _law_mark(i))
        for rule in group.rules:
            _rule(w, ctx, rule)
    if not ctx.groups:
        w.par(None, empty)


def _rule(w: _Writer, ctx: DocumentContext, r: RuleView) -> None:
    t, lang = w.t, ctx.lang
    w.heading(2, f"{r.number} {r.title}", _rule_mark(r))
    meta = w.par("Compliance Meta", f"{r.id} · ")
    if r.draft:
        w.run(meta, f"{t.status_draft} · ", bold=True)
    w.run(meta, r.obligation_label, bold=True)
    w.run(meta, f" · {t.source}: {r.section} {r.law_short} · {r.source_version}\n")
    until = (f" {t.effective_until} {long_date(r.effective_until, lang)}" if r.effective_until
             else f" ({t.open_ended})")
    w.run(meta, f"{t.effective} {t.effective_from} {long_date(r.effective_from, lang)}{until} · ")
    w.link(meta, r.url, url=r.url)
    w.par(None, r.text)
    if r.context:
        paragraph = w.par(None, f"{t.context}: ", bold=True)
        w.run(paragraph, r.context)
    w.heading(3, t.components)
    if r.components:
        for c in r.components:
            w.par("List Bullet", f"{c.name}{f' {c.version}' if c.version else ''} ({c.id})")
    else:
        w.par("Compliance Small", t.components_all)
    if r.questions:
        w.heading(3, t.questions)
        _questions(w, ctx, r.questions)
    if r.evidence:
        w.heading(3, t.evidence)
        for e in r.evidence:
            w.par("List Bullet", e.text + ("" if e.required else f" ({t.optional})"))


def _questions(w: _Writer, ctx: DocumentContext, questions: tuple[QuestionView, ...]) -> None:
    t = w.t
    table = w.table(len(questions) + 1, 3, (1.3, 8.6, 6.7), header=True)
    for column, label in enumerate((t.number_short, t.question, t.answer)):
        w.cell(table, 0, column, label, bold=True)
    for row, q in enumerate(questions, start=1):
        w.cell(table, row, 0, q.number)
        text = w.cell(table, row, 1, q.text)
        if not q.required:
            w.run(text, f" ({t.optional})", italic=True)
        cell = table.cell(row, 1)
        if q.help:
            w.par("Compliance Small", q.help, container=cell)
        if q.complies and ctx.kind != "attestation":  # the attestation a vendor signs: no "Complies if"
            w.par("Compliance Small", f"{t.complies}: {q.complies}", container=cell)
        w.par("Compliance Meta", q.id, container=cell)
        answer = table.cell(row, 2)
        lines = question_type(q.type).answer_lines(q.control, ctx.lang)
        w.cell(table, row, 2, lines[0] if lines else "")
        for line in lines[1:]:
            w.par(None, line, container=answer)
        w.par("Compliance Small", f"{t.comment}: ____________________", container=answer)
        w.par("Compliance Small", f"{t.evidence_paths}: ____________", container=answer)
    w.keep_rows_whole(table)
    w.par()


def _components(w: _Writer, components: list[ComponentView] | tuple[ComponentView, ...]) -> None:
    t = w.t
    table = w.table(len(components) + 1, 5, (4.4, 1.8, 2.2, 4.2, 4.0), header=True)
    for column, label in enumerate((t.component, t.version, t.domain, t.critical_functions, t.certifications)):
        w.cell(table, 0, column, label, bold=True)
    for row, c in enumerate(components, start=1):
        w.cell(table, row, 0, c.name)
        w.par("Compliance Meta", c.id, container=table.cell(row, 0))
        w.cell(table, row, 1, c.version or "–")
        w.cell(table, row, 2, c.domain)
        w.cell(table, row, 3, ", ".join(c.critical_functions) or t.none)
        w.cell(table, row, 4, "; ".join(c.certifications) or t.none)
    w.par()


def _glossary(w: _Writer, ctx: DocumentContext) -> None:
    for g in ctx.glossary:
        paragraph = w.par(None, g.term, bold=True)
        w.run(paragraph, f" ({g.other})")
        if g.explanation:
            w.run(paragraph, f"\n{g.explanation}")


def _signature(w: _Writer, ctx: DocumentContext) -> None:
    t, signatory = w.t, ctx.vendor.signatory
    w.heading(1, t.signature_heading, "_TocSignature")
    w.par(None, t.signature_intro)
    table = w.table(3, 2, (8.3, 8.3))
    cells = [("", t.place), ("", t.date), (signatory.name, t.name), (signatory.title, t.title),
             ("\n\n", t.signature), ("\n\n", t.company_stamp)]
    for i, (filled, caption) in enumerate(cells):
        row, column = divmod(i, 2)
        w.cell(table, row, column, filled or "\n")
        w.par("Compliance Meta", caption, container=table.cell(row, column))
    w.par()
    w.par("Compliance Small", f"{t.generated} {ctx.ruleset_id} {ctx.ruleset_version} (sha256 {ctx.ruleset_digest[:16]}).")


def _checklist(w: _Writer, ctx: DocumentContext) -> None:
    t = w.t
    _cover(w, ctx)
    _summary(w, ctx)
    extra = [(t.component_list, "_TocComponents")]
    if ctx.glossary:
        extra.append((t.glossary, "_TocGlossary"))
    extra.append((t.signature_heading, "_TocSignature"))
    _contents(w, ctx, extra)
    w.page_break()
    _laws(w, ctx, t.no_rules)
    w.page_break()
    w.heading(1, t.component_list, "_TocComponents")
    _components(w, ctx.components)
    if ctx.glossary:
        w.heading(1, t.glossary, "_TocGlossary")
        _glossary(w, ctx)
    _signature(w, ctx)


def _attestation(w: _Writer, ctx: DocumentContext) -> None:
    t = w.t
    _cover(w, ctx)
    w.heading(1, t.declaration)
    w.par(None, t.attestation_intro.format(name=ctx.vendor.legal_name, legal=ctx.vendor.id,
                                           as_of=long_date(ctx.as_of, ctx.lang)))
    covered = ctx.extra.get("covered_components")
    if covered:
        w.heading(3, t.declared_components)
        _components(w, covered)
    _laws(w, ctx, t.no_declarations)
    _signature(w, ctx)


#: The body of each kind of document offered as a Word document.
BODIES: dict[str, Callable[[_Writer, DocumentContext], None]] = {"checklist": _checklist, "attestation": _attestation}
