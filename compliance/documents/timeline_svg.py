"""The timeline picture as SVG, written here (no library, no JavaScript, text as text).

One row per rule, grouped by law: a bar from effective-from to effective-until (an open end
reaches the right edge, with an arrow head), filled dark while in force, light once ended,
hatched for drafts; due dates as diamonds; one row per certification (an open bar up to its
expiry, marked by a triangle); thin numbered vertical lines for the legal events (listed under
the picture) and a dashed line for the as-of date. Readable in black and white: the kinds differ
by fill pattern and shape, not by colour. Every text is XML-escaped; the root carries
``<title>`` and ``<desc>`` (``role="img"``) for screen readers.
"""

from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import escape, quoteattr

from ..enums import LegalStatus
from ..i18n import text
from ..timeline import Bar, Timeline

WIDTH = 1120
LABEL_W = 360  # the rule id and title column
PLOT_X0 = LABEL_W + 10
PLOT_X1 = WIDTH - 24
TOP = 86  # first row
ROW = 15
GROUP = 22
FONT = "Doc Sans, Liberation Sans, DejaVu Sans, Arial, sans-serif"
TITLE_CHARS = 52


def _attrs(**attrs: object) -> str:
    return "".join(f" {k.rstrip('_').replace('_', '-')}={quoteattr(str(v))}" for k, v in attrs.items() if v is not None)


def _short(value: str, limit: int = TITLE_CHARS) -> str:
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


class _Scale:
    """Days to x coordinates: ``start`` at the plot's left edge, the day after ``end`` at its right."""

    def __init__(self, start: dt.date, end: dt.date) -> None:
        self.start, self.end = start, end
        self.days = (end - start).days + 1

    def x(self, day: dt.date) -> float:
        days = min(max((day - self.start).days, 0), self.days)
        return round(PLOT_X0 + (PLOT_X1 - PLOT_X0) * days / self.days, 2)

    def after(self, day: dt.date | None) -> float:
        """The x of the end of ``day`` (the start of the next day); the right edge for ``None``."""
        return PLOT_X1 if day is None else self.x(day + dt.timedelta(days=1))


def _bar_class(bar: Bar) -> str:
    if bar.draft:
        return "draft"
    return "repealed" if bar.rule.status == LegalStatus.repealed else "in-force"


_STYLE = {
    "in-force": {"fill": "#3a3a3a", "stroke": "#000000"},
    "repealed": {"fill": "#d0d0d0", "stroke": "#3a3a3a"},
    "draft": {"fill": "url(#tl-hatch)", "stroke": "#000000", "stroke_dasharray": "3 2"},
    "certificate": {"fill": "#ffffff", "stroke": "#000000"},
}


def _diamond(x: float, y: float, r: float = 5.0) -> str:
    return f"{x},{y - r} {x + r},{y} {x},{y + r} {x - r},{y}"


def _triangle(x: float, y: float, r: float = 5.0) -> str:
    return f"{x - r},{y - r} {x + r},{y - r} {x},{y + r}"


def _arrow(x: float, y: float, h: float) -> str:
    return f"{x},{y} {x + 6},{y + h / 2} {x},{y + h}"


def timeline_svg(tl: Timeline, lang: str = "de") -> str:
    """The SVG text of the timeline ``tl`` with labels in ``lang``."""
    t = lambda key, **kw: text(lang, f"documents.{key}", **kw)  # noqa: E731 - a short local alias
    scale = _Scale(tl.start, tl.end)
    title = t("timeline_title_vendor") if tl.profile else t("timeline_title")
    if tl.profile is not None:
        title = f"{title} – {tl.profile.legal_name}"
    desc = t("timeline_desc", start=tl.start.isoformat(), end=tl.end.isoformat(), rules=len(tl.bars),
             laws=len(tl.groups), certificates=len(tl.certificates), events=len(tl.events), as_of=tl.as_of.isoformat())
    body: list[str] = []
    y = TOP
    # rules, grouped by law
    for group in tl.groups:
        body.append(f'<g class="law"{_attrs(data_law=group.law)}>')
        law_title = _short(tl.law_title(group.law, lang), 90)
        body.append(f'<rect x="2" y="{y + 3}" width="{min(round(len(law_title) * 6.4 + 6), PLOT_X1)}" height="15" fill="#ffffff"/>')
        body.append(f'<text class="law-title" x="4" y="{y + 14}" font-weight="bold" font-size="11">'
                    f"{escape(law_title)}</text>")
        y += GROUP
        for bar in group.bars:
            kind = _bar_class(bar)
            x0, x1 = scale.x(bar.start), scale.after(bar.until)
            until = bar.until.isoformat() if bar.until else t("timeline_open")
            tip = t("timeline_rule_span", id=bar.id, title=bar.rule.title.get(lang), start=bar.start.isoformat(), until=until)
            if bar.due:
                tip += "; " + t("timeline_due_on", date=bar.due.isoformat())
            body.append(f'<g class="rule"{_attrs(data_rule=bar.id, data_status=str(bar.rule.status))}>')
            body.append(f"<title>{escape(tip)}</title>")
            body.append(f'<text x="12" y="{y + 10}" font-size="9"><tspan font-weight="bold">{escape(bar.id)}</tspan> '
                        f"{escape(_short(bar.rule.title.get(lang)))}</text>")
            body.append(f'<rect class="bar {kind}"{_attrs(x=x0, y=y + 2, width=round(max(x1 - x0, 1.5), 2), height=ROW - 4, data_from=bar.start.isoformat(), data_until=bar.until.isoformat() if bar.until else None, **_STYLE[kind])} stroke-width="0.8"/>')
            if bar.until is None or bar.until > tl.end:
                body.append(f'<polygon class="open-end"{_attrs(points=_arrow(PLOT_X1 + 1, y + 2, ROW - 4))} fill="#000000"/>')
            if bar.due and tl.start <= bar.due <= tl.end:
                body.append(f'<polygon class="due"{_attrs(points=_diamond(scale.x(bar.due), y + ROW / 2), data_date=bar.due.isoformat())} '
                            'fill="#ffffff" stroke="#000000" stroke-width="1.5"/>')
            body.append("</g>")
            y += ROW
        body.append("</g>")
    # certifications
    if tl.certificates:
        body.append('<g class="certificates">')
        body.append(f'<text x="4" y="{y + 14}" font-weight="bold" font-size="11">{escape(t("timeline_certificates"))}</text>')
        y += GROUP
        for cert in tl.certificates:
            until = t("timeline_valid_until", date=cert.valid_until.isoformat()) if cert.valid_until else t("timeline_no_expiry")
            label = f"{cert.scheme} {cert.id} · {cert.component_name}"
            x1 = scale.after(cert.valid_until)
            body.append(f'<g class="certificate"{_attrs(data_certificate=cert.id, data_component=cert.component)}>')
            body.append(f"<title>{escape(label + ' (' + until + ')')}</title>")
            body.append(f'<text x="12" y="{y + 10}" font-size="9">{escape(_short(label, 60))}</text>')
            body.append(f'<rect class="bar certificate"{_attrs(x=PLOT_X0, y=y + 3, width=round(max(x1 - PLOT_X0, 1.5), 2), height=ROW - 6, data_until=cert.valid_until.isoformat() if cert.valid_until else None, **_STYLE["certificate"])} stroke-width="1"/>')
            if cert.valid_until is not None and tl.start <= cert.valid_until <= tl.end:
                body.append(f'<polygon class="expiry"{_attrs(points=_triangle(x1, y + ROW / 2), data_date=cert.valid_until.isoformat())} fill="#000000"/>')
            elif cert.valid_until is None or cert.valid_until > tl.end:
                body.append(f'<polygon class="open-end"{_attrs(points=_arrow(PLOT_X1 + 1, y + 3, ROW - 6))} fill="#000000"/>')
            body.append("</g>")
            y += ROW
        body.append("</g>")
    bottom = y + 6
    # the frame: year grid and labels, legal events, as-of line (drawn over the bars' area)
    grid: list[str] = ['<g class="years" font-size="9" text-anchor="middle">']
    for year in range(tl.start.year, tl.end.year + 2):
        day = dt.date(year, 1, 1)
        if not (tl.start <= day <= tl.end + dt.timedelta(days=1)):
            continue
        x = scale.x(day) if day <= tl.end else PLOT_X1
        grid.append(f'<line x1="{x}" y1="{TOP - 8}" x2="{x}" y2="{bottom}" stroke="#c8c8c8" stroke-width="0.5"/>')
        if day <= tl.end:
            mid = scale.x(min(dt.date(year, 7, 1), tl.end))
            grid.append(f'<text x="{mid}" y="{TOP - 12}">{year}</text>')
    grid.append("</g>")
    events: list[str] = ['<g class="legal-events" font-size="8" text-anchor="middle">']
    marks: list[str] = []  # the numbered circles, drawn over every line
    placed: list[tuple[float, int]] = []
    for n, event in enumerate(tl.events, 1):
        x = scale.x(event.date)
        level = 0
        while any(abs(px - x) < 15 and pl == level for px, pl in placed):
            level += 1
        placed.append((x, level))
        cy = TOP - 30 - level * 15
        events.append(f'<g class="legal-event"{_attrs(data_date=event.date.isoformat(), data_kind=event.kind)}>')
        events.append(f"<title>{escape(event.date.isoformat() + ' ' + event.label.get(lang))}</title>")
        events.append(f'<line x1="{x}" y1="{cy + 6}" x2="{x}" y2="{bottom}" stroke="#000000" stroke-width="0.7"/>')
        events.append("</g>")
        marks.append(f'<circle cx="{x}" cy="{cy}" r="6.5" fill="#ffffff" stroke="#000000" stroke-width="0.8"/>')
        marks.append(f'<text x="{x}" y="{cy + 3}">{n}</text>')
    events.append("</g>")
    marks = ['<g class="legal-event-marks" font-size="8" text-anchor="middle">', *marks, "</g>"]
    as_of = []
    if tl.start <= tl.as_of <= tl.end:
        x = scale.x(tl.as_of)
        as_of = [f'<g class="as-of"{_attrs(data_date=tl.as_of.isoformat())}>',
                 f'<line x1="{x}" y1="{TOP - 8}" x2="{x}" y2="{bottom}" stroke="#000000" stroke-width="1.6" stroke-dasharray="6 3"/>',
                 f'<text x="{x + 3}" y="{bottom + 11}" font-size="9" font-weight="bold">'
                 f'{escape(t("timeline_legend_as_of", date=tl.as_of.isoformat()))}</text></g>']
    # legend and the list of legal events under the picture
    y = bottom + 28
    legend = ['<g class="legend" font-size="9">']
    x = 12
    for kind, key in (("in-force", "timeline_legend_in_force"), ("repealed", "timeline_legend_repealed"),
                      ("draft", "timeline_legend_draft")):
        legend.append(f'<rect{_attrs(x=x, y=y - 8, width=22, height=9, **_STYLE[kind])} stroke-width="0.8"/>')
        legend.append(f'<text x="{x + 28}" y="{y}">{escape(t(key))}</text>')
        x += 150
    legend.append(f'<polygon{_attrs(points=_diamond(x + 8, y - 3.5))} fill="#ffffff" stroke="#000000" stroke-width="1.5"/>')
    legend.append(f'<text x="{x + 20}" y="{y}">{escape(t("timeline_legend_due"))}</text>')
    x += 150
    legend.append(f'<rect{_attrs(x=x, y=y - 7, width=22, height=7, **_STYLE["certificate"])} stroke-width="1"/>')
    legend.append(f'<polygon{_attrs(points=_triangle(x + 22, y - 3.5, 4))} fill="#000000"/>')
    legend.append(f'<text x="{x + 32}" y="{y}">{escape(t("timeline_legend_certificate"))} / {escape(t("timeline_legend_expiry"))}</text>')
    x += 260
    legend.append(f'<line x1="{x}" y1="{y - 9}" x2="{x}" y2="{y + 2}" stroke="#000000" stroke-width="1.6" stroke-dasharray="3 2"/>')
    legend.append(f'<text x="{x + 6}" y="{y}">{escape(t("timeline_legend_as_of", date=tl.as_of.isoformat()))}</text>')
    legend.append("</g>")
    y += 22
    if tl.events:
        legend.append(f'<text x="12" y="{y}" font-size="10" font-weight="bold">{escape(t("timeline_events"))}</text>')
        y += 14
        half = (len(tl.events) + 1) // 2
        for n, event in enumerate(tl.events, 1):
            col, row = divmod(n - 1, half)
            ex, ey = 12 + col * (WIDTH // 2), y + row * 13
            legend.append(f'<text class="legal-event-label" x="{ex}" y="{ey}" font-size="9"><tspan font-weight="bold">{n}</tspan> '
                          f"{event.date.isoformat()} {escape(event.label.get(lang))}</text>")
        y += half * 13
    height = y + 6
    defs = ('<defs><pattern id="tl-hatch" patternUnits="userSpaceOnUse" width="5" height="5" patternTransform="rotate(45)">'
            '<rect width="5" height="5" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="5" stroke="#000000" stroke-width="1.6"/>'
            "</pattern></defs>")
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" role="img" aria-labelledby="tl-title tl-desc"'
            f' width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" font-family={quoteattr(FONT)}'
            f' xml:lang="{escape(lang)}">')
    caption = f'<text x="4" y="18" font-size="14" font-weight="bold">{escape(title)}</text>'
    return "\n".join([head, f'<title id="tl-title">{escape(title)}</title>', f'<desc id="tl-desc">{escape(desc)}</desc>',
                      defs, '<rect width="100%" height="100%" fill="#ffffff"/>', caption, *grid, *events, *body, *marks,
                      *as_of, *legend, "</svg>"]) + "\n"
