"""Documents: vendor checklists and attestation forms in HTML and PDF (fillable, de/en).

The public API::

    from compliance.documents import render_checklist, render_attestation
    pdf = render_checklist(ruleset, profile, date(2026, 3, 1), lang="en", format="pdf", fillable=True)

Building blocks for other documents (reports, packs) that reuse the same machinery::

    from compliance.documents import render_html, html_to_pdf
    html = render_html("report.html.j2", {"doc": ..., "t": Labels("de")}, templates_dir=None)
    pdf = html_to_pdf(html, templates_dir=None)

Modules: :mod:`.context` (plain document model), :mod:`.formats` (the output formats and their renderers),
:mod:`.templating` (sandboxed, autoescaped Jinja2 with user templates layered over the bundled
ones), :mod:`.pdf` (WeasyPrint with a restricted URL fetcher, form fixes, reproducible output),
:mod:`.documents` (documents as objects), :mod:`.answers` (answers-file templates).
WeasyPrint is imported only when a PDF is rendered.
"""

from __future__ import annotations

from ..lazy import lazy_getattr

_API = {
    "answers_template": "answers_template",
    "DocumentContext": "context",
    "build_context": "context",
    "complies_text": "context",
    "Document": "documents",
    "KINDS": "documents",
    "attestation": "documents",
    "checklist": "documents",
    "declarations": "documents",
    "questionnaire": "documents",
    "render_attestation": "documents",
    "render_checklist": "documents",
    "render_document": "documents",
    "FORMATS": "formats",
    "offered": "formats",
    "FetchRefused": "pdf",
    "html_to_pdf": "pdf",
    "resolve_asset": "pdf",
    "TemplateError": "templating",
    "environment": "templating",
    "export_templates": "templating",
    "render_html": "templating",
    "template_dirs": "templating",
    "Labels": "context",  # compliance.i18n.Labels, re-exported
}

__all__ = list(_API)

# Lazy: the CLI asks for the format registry at start-up without paying for Jinja2 and
# WeasyPrint; everything else is imported on first use.
__getattr__ = lazy_getattr(__name__, _API)
