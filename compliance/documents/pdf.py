"""HTML to PDF with WeasyPrint: restricted fetching, fillable forms, reproducible bytes.

* Fetching: a rendered document may load only files inside the ``assets/`` folders of the user
  and bundled template folders (user first, file by file). ``http(s):``, ``data:``, ``file:``
  outside those folders and anything else are refused; nothing at all is fetched once layout is
  done, which is when WeasyPrint would read ``<link rel=attachment>`` / ``<a rel=attachment>``
  files (and those are dropped as well).
* Forms: with ``fillable``, HTML ``input``/``select``/``textarea`` become AcroForm fields. WeasyPrint
  70 names radio buttons' states ``/0``, ``/1`` and gives every button its own ``/T`` (so pypdf and
  pdftk see ``Q1.Q1``); :func:`_fix_radio_groups` renames the states to the buttons' values
  (``/yes``, ``/no``) and makes the group the only field with the name, as
  :mod:`compliance.formfields` requires. WeasyPrint's text and choice fields name a subset
  Identity-H font in their default appearance, which fillers that draw appearances themselves
  (pdftk, iText) cannot encode: the field text comes out invisible. :func:`_standard_form_font`
  gives the form its own Helvetica (WinAnsi) in ``/DR`` and every field a ``/DA`` using it, so
  pdftk-, pypdf- and poppler-filled forms all show their values (Latin-1 plus € and typographic
  quotes and dashes).
* Signature fields: an element marked ``data-sigfield="NAME"`` (see
  ``templates/partials/signature.html.j2``) becomes an empty signature field ``NAME`` over the
  element's box (:func:`_add_signature_fields`), in every PDF, fillable or not: ``compliance sign``
  and any other signing tool sign into it. The field is tagged as a ``/Form`` structure element.
* Tagged PDF: every document carries a structure tree (headings, lists, tables, links, form
  fields), ``/Lang`` from ``<html lang>`` and its ``<title>`` shown as the window title.
  Documents that are not fillable forms are PDF/A-3b (:data:`ARCHIVE_VARIANT`; Document.pdf).
* Determinism: a fixed PDF identifier derived from the HTML, no dates in the metadata, and
  ``SOURCE_DATE_EPOCH`` during rendering so that fontTools (WeasyPrint's fallback subsetter when
  libharfbuzz-subset is missing) writes a fixed font timestamp.

WeasyPrint is imported inside the functions only: commands that do not render stay fast.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import hashlib
import logging
import mimetypes
import os
import re
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from .templating import ASSETS, template_dirs

Warn = Callable[[str], None]
#: The PDF variant of documents that are not fillable forms: PDF/A-3b, as packs (a fillable form
#: cannot be PDF/A: it needs its viewer to draw the filled-in values, and PDF/A forbids that).
ARCHIVE_VARIANT = "pdf/a-3b"
_STATE_NAME = re.compile(r"^[A-Za-z0-9_-]+$")


class FetchRefused(ValueError):
    """A URL that a document may not load (WeasyPrint turns it into a warning and goes on)."""


def resolve_asset(url: str, dirs: list[Path]) -> Path:
    """The file an asset URL stands for, or :class:`FetchRefused`.

    Only ``file:`` URLs pointing into ``<dir>/assets/`` of one of ``dirs`` are served; the same
    relative path is then looked up in ``dirs`` in order (user templates before bundled ones),
    and the file found must still lie inside that folder's ``assets/`` (no symlink escapes).
    """
    parts = urlsplit(url)
    if parts.scheme.lower() != "file":
        raise FetchRefused(f"refused to fetch {url[:120]!r}: only template assets may be loaded")
    if parts.netloc not in ("", "localhost"):
        raise FetchRefused(f"refused to fetch {url[:120]!r}: remote file URL")
    requested = Path(url2pathname(unquote(parts.path)))
    rel = None
    for root in dirs:
        try:
            rel = Path(os.path.normpath(requested)).relative_to(root)
            break
        except ValueError:
            continue
    if rel is None or not rel.parts or rel.parts[0] != ASSETS:
        raise FetchRefused(f"refused to fetch {url[:120]!r}: outside the template asset folders")
    for root in dirs:
        candidate = (root / rel).resolve()
        assets = (root / ASSETS).resolve()
        if candidate.is_file() and candidate.is_relative_to(assets):
            return candidate
    raise FetchRefused(f"asset not found: {rel.as_posix()}")


def _make_fetcher(dirs: list[Path], warn: Warn):
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class AssetFetcher(URLFetcher):
        """Serves template assets only; seals itself once layout is done."""

        sealed = False

        def fetch(self, url, headers=None):  # noqa: ANN001 - WeasyPrint's signature
            try:
                if self.sealed:
                    raise FetchRefused(f"refused to fetch {url[:120]!r}: attachments are not embedded")
                path = resolve_asset(url, dirs)
            except FetchRefused as exc:
                warn(str(exc))
                raise
            mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(path.as_uri(), body=path.read_bytes(), headers={"Content-Type": mime})

    return AssetFetcher(allowed_protocols=("file",), allow_redirects=False)


@contextlib.contextmanager
def _weasyprint_messages(warn: Warn) -> Iterator[None]:
    """Route WeasyPrint's log messages (warnings and errors) to ``warn`` while rendering."""

    class ToWarn(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            message = record.getMessage()
            if "refused to fetch" in message or "attachments are not embedded" in message:
                return  # already reported by the fetcher, once
            warn(message.splitlines()[0] if message else record.levelname)

    logger = logging.getLogger("weasyprint")
    handler = ToWarn(logging.WARNING)
    saved = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.propagate = saved


@contextlib.contextmanager
def _fixed_font_timestamps(epoch: int) -> Iterator[None]:
    """fontTools stamps subset fonts with 'now' unless SOURCE_DATE_EPOCH is set."""
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    if saved is None:
        os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)


_gc_lock = threading.Lock()
_gc_holds = 0  # renders in progress in this process
_gc_was_enabled = True  # the collector's state before the first of them


@contextlib.contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while a document renders.

    A render creates a few million objects (boxes, styles, text runs) that live until it ends;
    Python's collector would walk them over and over as they pile up: 10-15 % of a checklist's
    render time, for almost nothing to free. Reference counting still frees what it can; the
    cycles left wait for the next collection after the render (batch workers collect after every
    pack). Peak memory grows by about 7 %. Nested and concurrent renders (threads) share one
    pause: the collector runs again when the last of them ends, if it was on before the first.
    """
    global _gc_holds, _gc_was_enabled
    with _gc_lock:
        if _gc_holds == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_holds += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_holds -= 1
            if _gc_holds == 0 and _gc_was_enabled:
                gc.enable()


def _fix_radio_groups(document, pdf) -> None:  # noqa: ANN001 - WeasyPrint finisher signature
    """Give radio groups the state names of their buttons' values (see the module docstring)."""
    import pydyf

    acro = pdf.catalog.get("AcroForm")
    if not acro:
        return

    kids = set()
    for ref in list(acro["Fields"]):
        group = _object(pdf, ref)
        if group.get("FT") != "/Btn" or "Kids" not in group or "Opt" not in group:
            continue
        names = [getattr(o, "string", str(o)) for o in group["Opt"]]
        if len(set(names)) != len(names) or not all(_STATE_NAME.match(n) for n in names):
            continue  # keep WeasyPrint's index states rather than write invalid names
        for i, kid_ref in enumerate(group["Kids"]):
            kid = _object(pdf, kid_ref)
            kids.add(kid_ref)
            kid.pop("T", None)
            kid.pop("TU", None)
            (appearance,) = kid["AP"]["N"].values()
            kid["AP"]["N"] = pydyf.Dictionary({names[i]: appearance})
            checked = kid["AS"] != "/Off"
            kid["AS"] = f"/{names[i]}" if checked else "/Off"
            if checked:
                group["V"] = f"/{names[i]}"
        del group["Opt"]
    acro["Fields"] = pydyf.Array(r for r in acro["Fields"] if r not in kids)


#: Standard font of fillable forms' default appearances (one of the 14 standard fonts; WinAnsi
#: covers German and English text, € and typographic punctuation).
FORM_FONT = "Helv"
_DA_SIZE = re.compile(rb"([\d.]+)\s+Tf")
_DA_COLOUR = re.compile(rb"([\d.]+\s+[\d.]+\s+[\d.]+)\s+rg")


def _standard_form_font(pdf) -> None:  # noqa: ANN001 - a pydyf PDF
    """Text and choice fields draw with Helvetica from the form's own ``/DR`` (module docstring).

    Each field keeps WeasyPrint's size and colour; the ``gs`` operator WeasyPrint puts in ``/DA``
    (not a default-appearance operator) is dropped.
    """
    import pydyf

    acro = pdf.catalog.get("AcroForm")
    if not acro:
        return
    helv = pydyf.Dictionary({"Type": "/Font", "Subtype": "/Type1", "BaseFont": "/Helvetica", "Encoding": "/WinAnsiEncoding"})
    pdf.add_object(helv)
    acro["DR"] = pydyf.Dictionary({"Font": pydyf.Dictionary({FORM_FONT: helv.reference})})
    acro["DA"] = pydyf.String(f"/{FORM_FONT} 0 Tf 0 g")

    def restyle(field) -> None:  # noqa: ANN001
        if field.get("FT") not in ("/Tx", "/Ch") or "DA" not in field:
            return
        da = field["DA"].string
        da = da if isinstance(da, bytes) else str(da).encode("latin-1")
        size, colour = _DA_SIZE.search(da), _DA_COLOUR.search(da)
        rg = f"{colour.group(1).decode()} rg" if colour else "0 g"
        field["DA"] = pydyf.String(f"{rg} /{FORM_FONT} {size.group(1).decode() if size else '0'} Tf")

    for ref in acro["Fields"]:
        field = _object(pdf, ref)
        restyle(field)
        for kid in field.get("Kids", ()):
            restyle(_object(pdf, kid))


def _object(pdf, ref):  # noqa: ANN001, ANN202
    """The pydyf object behind a reference (``b"12 0 R"`` or ``"12 0 R"``)."""
    return pdf.objects[int(ref.split()[0])]


#: The HTML attribute that marks where a signature goes: ``data-sigfield="NAME"``.
SIGFIELD_ATTRIBUTE = "data-sigfield"


def signature_boxes(document) -> list[tuple[int, str, str, tuple[float, float, float, float], object]]:  # noqa: ANN001
    """``(page index, field name, tooltip, (llx, lly, urx, ury) in PDF points, layout box)`` of every
    element marked with :data:`SIGFIELD_ATTRIBUTE` in a rendered WeasyPrint document (first
    fragment of each element; a name used twice keeps its first place)."""
    found, names = [], set()
    for index, page in enumerate(document.pages):
        for box in page._page_box.descendants():
            element = getattr(box, "element", None)
            name = element.get(SIGFIELD_ATTRIBUTE) if element is not None else None
            if not name or name in names:
                continue
            names.add(name)
            x, y, w, h = box.border_box_x(), box.border_box_y(), box.border_width(), box.border_height()
            # CSS px -> PDF points (0.75), y axis flipped
            rect = (x * 0.75, (page.height - y - h) * 0.75, (x + w) * 0.75, (page.height - y) * 0.75)
            found.append((index, name, element.get("title") or name, rect, box))
    return found


def _add_signature_fields(document, pdf) -> None:  # noqa: ANN001 - WeasyPrint finisher signature
    """Empty signature fields where the template marked them (module docstring).

    Each is one widget (``/FT /Sig``, print flag, an empty appearance as PDF/A wants on every
    widget) listed in the page's ``/Annots`` and the form's ``/Fields``; in a tagged PDF it gets a
    ``/Form`` structure element in the table cell that holds it (or the document) and its
    ``/StructParent`` entry.
    """
    import pydyf

    marked = signature_boxes(document)
    if not marked:
        return
    if "AcroForm" not in pdf.catalog:
        pdf.catalog["AcroForm"] = pydyf.Dictionary({"Fields": pydyf.Array()})
    acro = pdf.catalog["AcroForm"]
    pages = pdf.pages["Kids"][::3]  # pydyf keeps the kids as flattened "n 0 R" triples
    for index, name, tooltip, (llx, lly, urx, ury), box in marked:
        page = pdf.objects[pages[index]]
        appearance = pydyf.Stream([], extra={
            "Type": "/XObject", "Subtype": "/Form", "BBox": pydyf.Array((0, 0, urx - llx, ury - lly)),
            "Resources": pydyf.Dictionary({}),
        })
        pdf.add_object(appearance)
        widget = pydyf.Dictionary({
            "Type": "/Annot", "Subtype": "/Widget", "FT": "/Sig",
            "T": pydyf.String(name), "TU": pydyf.String(tooltip),
            "Rect": pydyf.Array((llx, lly, urx, ury)),
            "F": 1 << 2,  # Print
            "P": page.reference,
            "AP": pydyf.Dictionary({"N": appearance.reference}),
        })
        pdf.add_object(widget)
        page.setdefault("Annots", pydyf.Array()).append(widget.reference)
        acro["Fields"].append(widget.reference)
        _tag_widget(document, pdf, index, box, widget)


def _tag_widget(document, pdf, page_index: int, box, widget) -> None:  # noqa: ANN001
    """Give a widget added after tagging a ``/Form`` structure element and a parent-tree entry."""
    import pydyf

    root_ref = pdf.catalog.get("StructTreeRoot")
    if root_ref is None:
        return
    root = _object(pdf, root_ref)
    parent_tree = _object(pdf, root["ParentTree"])
    page_ref = pdf.page_references[page_index]
    # WeasyPrint remembers a table cell's structure element on its box (``mark``): use the
    # cell holding the field, so the field sits where a reader meets it.
    parent = next(
        (cell.mark for cell in document.pages[page_index]._page_box.descendants()
         if isinstance(getattr(cell, "mark", None), pydyf.Dictionary) and box in cell.descendants()),
        _object(pdf, root["K"][0]),
    )
    # K is the object reference itself, not an array holding it: pyHanko's check of later
    # revisions recognises a signature widget in the structure tree only as ``…K.Obj``.
    objr = pydyf.Dictionary({"Type": "/OBJR", "Obj": widget.reference, "Pg": page_ref})
    pdf.add_object(objr)
    element = pydyf.Dictionary({
        "Type": "/StructElem", "S": "/Form", "K": objr.reference, "Pg": page_ref, "P": parent.reference,
    })
    pdf.add_object(element)
    parent["K"].append(element.reference)
    nums = parent_tree["Nums"]
    key = max(nums[0::2], default=-1) + 1
    nums.extend((key, element.reference))
    widget["StructParent"] = key


def _finisher(fillable: bool, metadata: dict[str, str] | None):
    """WeasyPrint finisher: form fixes, signature fields, extra document-information entries."""
    import pydyf

    def finish(document, pdf) -> None:  # noqa: ANN001
        if fillable:
            _fix_radio_groups(document, pdf)
            _standard_form_font(pdf)
        _add_signature_fields(document, pdf)
        for key, value in (metadata or {}).items():
            pdf.info[key.lstrip("/")] = pydyf.String(value)
        if "AF" in pdf.catalog:  # WeasyPrint 70 lists each PDF/A-3 associated file twice
            pdf.catalog["AF"] = pydyf.Array(dict.fromkeys(pdf.catalog["AF"]))

    return finish


def pdf_identifier(html: str, fillable: bool) -> bytes:
    """A PDF /ID that depends only on the content: same HTML, same bytes."""
    return hashlib.sha256(html.encode("utf-8") + (b"\0fillable" if fillable else b"")).hexdigest()[:32].encode()


def html_to_pdf(
    html: str,
    *,
    templates_dir: str | Path | None = None,
    fillable: bool = False,
    identifier: bytes | None = None,
    source_date_epoch: int = 0,
    metadata: dict[str, str] | None = None,
    on_warning: Warn | None = None,
    attachments: list[tuple[str, bytes, str]] | None = None,
    attachment_date: dt.datetime | None = None,
    variant: str | None = None,
    font_config=None,  # noqa: ANN001 - weasyprint.text.fonts.FontConfiguration
    page_count: list[int] | None = None,
) -> bytes:
    """Render ``html`` (from :func:`~compliance.documents.templating.render_html`) to PDF bytes.

    Relative URLs (``assets/fonts/…``) resolve against the template folders, user folder first.
    ``fillable`` turns form controls into PDF form fields. ``identifier`` defaults to a hash of
    the HTML. ``metadata`` adds document-information entries (``{"/ComplianceProfile": "x"}``).
    ``on_warning`` receives one line per refused fetch or WeasyPrint warning.
    ``attachments`` are embedded files ``(name, data, description)`` given by the caller (never
    fetched), dated ``attachment_date`` (fixed, for reproducible bytes), related to the document
    as ``Data`` (PDF/A-3 associated files); ``variant`` is a WeasyPrint PDF variant (``pdf/a-3b``).
    ``font_config``: a WeasyPrint ``FontConfiguration`` to reuse across documents rendered with the
    same template folders (a long-lived process such as a batch worker; see
    :func:`compliance.packs.build.pack_font_config`); by default each document gets its own.
    ``page_count``: a list that receives the number of pages (no need to parse the PDF again).
    """
    import weasyprint

    warnings: list[str] = []
    warn = on_warning or warnings.append
    dirs = template_dirs(templates_dir)
    fetcher = _make_fetcher(dirs, warn)
    base_url = dirs[-1].as_uri() + "/"
    with _weasyprint_messages(warn), _fixed_font_timestamps(source_date_epoch), _cyclic_gc_paused():
        document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(
            pdf_forms=fillable or None, font_config=font_config
        )
        fetcher.sealed = True
        document.metadata.attachments = []
        for page in document.pages:
            page.links = [link for link in page.links if link[0] != "attachment"]
        embedded = [
            weasyprint.Attachment(
                string=data,
                name=name,
                description=description,
                created=attachment_date,
                modified=attachment_date,
                relationship="Data",
            )
            for name, data, description in (attachments or [])
        ]
        if page_count is not None:
            page_count.append(len(document.pages))
        return document.write_pdf(
            pdf_identifier=identifier or pdf_identifier(html, fillable),
            finisher=_finisher(fillable, metadata),
            attachments=embedded or None,
            pdf_variant=variant,
            pdf_tags=True,
        )
