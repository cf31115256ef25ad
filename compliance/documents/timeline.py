"""`rules timeline` as a file: the SVG picture alone, or on an HTML page or a PDF
with the legal events and their sources; and the picture for a document's appendix."""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from ..i18n import Labels
from ..timeline import Timeline
from .formats import FORMATS
from .timeline_svg import timeline_svg


def timeline_filename(tl: Timeline, lang: str, fmt: str) -> str:
    """``timeline-de-2026-11-26.svg`` (the vendor's folder holds the vendor's)."""
    return f"timeline-{lang}-{tl.as_of.isoformat()}.{FORMATS[fmt].suffix}"


def timeline_markup(tl: Timeline, lang: str) -> Markup:
    """The picture for an HTML template (it escapes its own text)."""
    return Markup(timeline_svg(tl, lang))  # noqa: S704 - written by timeline_svg, every text escaped


def timeline_html(tl: Timeline, lang: str, templates_dir: str | Path | None = None) -> str:
    from .templating import render_html

    t = Labels(lang)
    title = t.timeline_title_vendor if tl.profile else t.timeline_title
    if tl.profile is not None:
        title = f"{title} – {tl.profile.legal_name}"
    return render_html("timeline.html.j2", {
        "svg": timeline_markup(tl, lang), "title": title, "intro": t.timeline_intro, "events": tl.events,
        "lang": lang, "t": t,
    }, templates_dir)


def render_timeline(tl: Timeline, fmt: str = "svg", lang: str = "de", templates_dir: str | Path | None = None) -> str | bytes:
    """The timeline as SVG text, an HTML page, or PDF/A-3b bytes."""
    if fmt == "svg":
        return timeline_svg(tl, lang)
    html = timeline_html(tl, lang, templates_dir)
    if fmt == "html":
        return html
    if fmt == "pdf":
        from .pdf import ARCHIVE_VARIANT, html_to_pdf

        return html_to_pdf(html, templates_dir=templates_dir, variant=ARCHIVE_VARIANT)
    raise ValueError(f"unknown timeline format {fmt!r}")
