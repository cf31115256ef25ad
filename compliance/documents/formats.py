"""Output formats as one registry: what each format is, and which documents come in it.

Every format a command can write is listed once in :data:`FORMATS` (name, file suffix, media
type, text or binary). Which formats a kind of output offers is :data:`OFFERED`; the CLI builds
its ``--format`` choices from it and the HTTP service its media types. How a
:class:`~compliance.documents.documents.Document` renders itself in a format is registered with
:func:`renders` (``html``, ``pdf`` and ``docx`` below; a format that needs a library has its
renderer in its own module, imported only when it renders: :mod:`.docx`). The answers
workbook (``xlsx``) is an answers template, written by :mod:`.answers_template`.

Adding a format: one :class:`OutputFormat` line, its name in :data:`OFFERED` for the outputs that
offer it, and a renderer registered with :func:`renders`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .documents import Document


@dataclass(frozen=True)
class OutputFormat:
    name: str
    suffix: str
    media_type: str
    binary: bool
    description: str


FORMATS: dict[str, OutputFormat] = {
    f.name: f
    for f in (
        OutputFormat("pdf", "pdf", "application/pdf", True, "PDF document"),
        OutputFormat("html", "html", "text/html; charset=utf-8", False, "HTML page"),
        OutputFormat("yaml", "yaml", "application/yaml", False, "YAML answers file with comments"),
        OutputFormat("json", "json", "application/json", False, "JSON"),
        OutputFormat("table", "txt", "text/plain; charset=utf-8", False, "terminal table"),
        OutputFormat("docx", "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", True,
                     "Word document"),
        OutputFormat("svg", "svg", "image/svg+xml", False, "SVG picture"),
        OutputFormat("ics", "ics", "text/calendar; charset=utf-8", False, "iCalendar file"),
        OutputFormat("xlsx", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", True,
                     "Excel workbook"),
    )
}

#: The formats each kind of output offers, the default first.
OFFERED: dict[str, tuple[str, ...]] = {
    "document": ("pdf", "html", "docx"),  # checklist, attestation
    "answers-template": ("yaml", "json", "xlsx"),
    "check": ("table", "json", "html", "pdf"),  # html/pdf: the report document
    "timeline": ("svg", "html", "pdf"),  # rules timeline: the picture, alone or in a page
    "due": ("table", "json", "ics"),  # what falls due: terminal, JSON, a calendar file
}

Renderer = Callable[["Document", Any], "str | bytes"]
#: How a Document renders in each format: ``renderer(document, on_warning)``.
RENDERERS: dict[str, Renderer] = {}


def renders(name: str) -> Callable[[Renderer], Renderer]:
    """Register the decorated function as the renderer of documents in format ``name``."""

    def register(fn: Renderer) -> Renderer:
        if name not in FORMATS:
            raise ValueError(f"unknown format {name!r}")
        RENDERERS[name] = fn
        return fn

    return register


def offered(kind: str) -> tuple[str, ...]:
    """The format names ``kind`` offers (``document``, ``answers-template``, ``check``)."""
    return OFFERED[kind]


@renders("html")
def _html(document: Document, on_warning: Any = None) -> str:
    return document.html()


@renders("pdf")
def _pdf(document: Document, on_warning: Any = None) -> bytes:
    return document.pdf(on_warning)


@renders("docx")
def _docx(document: Document, on_warning: Any = None) -> bytes:
    from .docx import render_docx  # python-docx: only when a Word document is rendered

    return render_docx(document)
