"""Documents: vendor checklists and attestation forms in HTML and PDF (fillable, de/en).

The public API::

    from compliance.documents import render_checklist, render_attestation
    pdf = render_checklist(ruleset, profile, date(2026, 3, 1), lang="en", format="pdf", fillable=True)

Building blocks for other documents (reports, packs) that reuse the same machinery::

    from compliance.documents import render_html, html_to_pdf
    html = render_html("report.html.j2", {"doc": ..., "t": Labels("de")}, templates_dir=None)
    pdf = html_to_pdf(html, templates_dir=None)

Modules: :mod:`.context` (plain document model), :mod:`.labels` (fixed wording de/en),
:mod:`.templating` (sandboxed, autoescaped Jinja2 with user templates layered over the bundled
ones), :mod:`.pdf` (WeasyPrint with a restricted URL fetcher, form fixes, reproducible output),
:mod:`.documents` (documents as objects), :mod:`.answers` (answers-file templates).
WeasyPrint is imported only when a PDF is rendered.
"""

from .answers import answers_template
from .context import DocumentContext, build_context, complies_text
from .documents import (
    Document,
    attestation,
    checklist,
    declarations,
    render_attestation,
    render_checklist,
)
from .labels import Labels
from .pdf import FetchRefused, html_to_pdf, resolve_asset
from .templating import TemplateError, environment, export_templates, render_html, template_dirs

__all__ = [
    "Document", "DocumentContext", "FetchRefused", "Labels", "TemplateError", "answers_template",
    "attestation", "build_context", "checklist", "complies_text", "declarations", "environment",
    "export_templates", "html_to_pdf", "render_attestation", "render_checklist", "render_html",
    "resolve_asset", "template_dirs",
]
