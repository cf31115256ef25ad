"""Documents as objects: what to render, with which template, and under which file name.

In the spirit of docassemble's ``ALDocument``: a :class:`Document` knows its kind, template,
context and language, whether it has anything to say (``enabled``), its default file name, and
renders itself to HTML or PDF. :func:`checklist` and :func:`attestation` build the two documents
of this feature; later features build their own :class:`Document` around their own template.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ..answers import formfields
from ..ruleset import RuleSet
from ..models import Profile
from ..ruleset.select import AppliedRule, select
from .context import DocumentContext, build_context
from ..i18n import Labels
from ..files.outputs import document_filename
from .formats import FORMATS, RENDERERS
from .pdf import ARCHIVE_VARIANT, Warn, html_to_pdf
from .templating import render_html

Format = Literal["html", "pdf", "docx"]


@dataclass(frozen=True)
class Document:
    """A document ready to render: ``template`` (a name in the template folders) and its context."""

    template: str
    context: DocumentContext
    templates_dir: Path | None = None

    @property
    def kind(self) -> str:
        return self.context.kind

    @property
    def lang(self) -> str:
        return self.context.lang

    @property
    def enabled(self) -> bool:
        """Does the document have anything to say (any rule)?"""
        return bool(self.context.groups)

    def filename(self, fmt: Format = "pdf") -> str:
        """``checklist-de-2026-03-01.pdf``; fillable PDFs: ``checklist-fillable-de-2026-03-01.pdf``."""
        variant = "fillable" if self.context.fillable and fmt == "pdf" else None
        return document_filename(self.kind, self.lang, self.context.as_of, FORMATS[fmt].suffix, variant=variant)

    def template_context(self) -> dict:
        return {"doc": self.context, "t": Labels(self.lang)}

    def html(self, *, soft_hyphens: bool = False) -> str:
        """The HTML; ``soft_hyphens``: paragraphs hyphenated for the PDF renderer (see
        :mod:`.hyphenation`); without it browsers hyphenate (``hyphens: auto``)."""
        return render_html(self.template, {**self.template_context(), "soft_hyphens": soft_hyphens}, self.templates_dir)

    def pdf(self, on_warning: Warn | None = None) -> bytes:
        """PDF/A-3b (tagged), for the audit file; a fillable form is plain tagged PDF, as PDF/A
        forbids forms whose fillers draw the values (see :mod:`.pdf`)."""
        return html_to_pdf(
            self.html(soft_hyphens=True),
            templates_dir=self.templates_dir,
            fillable=self.context.fillable,
            metadata={formfields.PROFILE_KEY: self.context.vendor.id},
            on_warning=on_warning,
            variant=None if self.context.fillable else ARCHIVE_VARIANT,
        )

    def render(self, fmt: Format = "html", on_warning: Warn | None = None) -> str | bytes:
        """The document in format ``fmt`` (a renderer registered in :mod:`.formats`)."""
        try:
            renderer = RENDERERS[fmt]
        except KeyError:
            raise ValueError(f"unknown format {fmt!r} ({', '.join(RENDERERS)})") from None
        return renderer(self, on_warning)


def vendor_timeline(ruleset: RuleSet, profile: Profile, as_of: dt.date, lang: str):  # noqa: ANN201 - Markup
    """The appendix picture of a vendor's document: its rules and certifications over time."""
    from ..timeline import build_timeline
    from .timeline import timeline_markup

    return timeline_markup(build_timeline(ruleset, as_of, profile), lang)


def declarations(applied: list[AppliedRule], profile: Profile) -> list[AppliedRule]:
    """The rules the profile itself declares on: those it answers (it is the obliged party and
    nobody answers for it, or it is the party that answers for the obliged one) that ask a
    question on the date."""
    return [a for a in applied if a.rule.answered_by_role(profile.role) and a.questions]


def checklist(
    ruleset: RuleSet,
    profile: Profile,
    as_of: dt.date,
    *,
    lang: str = "de",
    include_drafts: bool = False,
    fillable: bool = False,
    templates_dir: str | Path | None = None,
    timeline: bool = False,
) -> Document:
    """The vendor's checklist: every rule that applies to ``profile`` on ``as_of``; with
    ``timeline``, an appendix with the picture of how the vendor's obligations changed."""
    t = Labels(lang)
    applied = select(ruleset, as_of, profile, include_drafts=include_drafts)
    ctx = build_context(
        "checklist", ruleset, profile, as_of, applied, lang,
        title=t.checklist_title, subtitle=t.checklist_subtitle, fillable=fillable,
    )
    if timeline:
        ctx.extra["timeline"] = vendor_timeline(ruleset, profile, as_of, lang)
    return Document("checklist.html.j2", ctx, Path(templates_dir) if templates_dir else None)


def attestation(
    ruleset: RuleSet,
    profile: Profile,
    as_of: dt.date,
    *,
    lang: str = "de",
    include_drafts: bool = False,
    fillable: bool = False,
    templates_dir: str | Path | None = None,
) -> Document:
    """The attestation form: the declarations ``profile`` gives on ``as_of`` (see :func:`declarations`).

    Titled by the rule set's ``attestation_titles`` when a declared rule carries one of their
    tags (the *Garantieerklärung* of § 9b BSIG a.F. in the bundled rule set), otherwise the
    manufacturer's (operator's) declaration.
    """
    t = Labels(lang)
    items = declarations(select(ruleset, as_of, profile, include_drafts=include_drafts), profile)
    tags = {tag for a in items for tag in a.rule.tags}
    special = next((x for x in ruleset.header.attestation_titles if x.tag in tags), None)
    if special is not None:
        title, subtitle = special.title.get(lang), special.subtitle.get(lang)
    else:
        title, subtitle = t[f"attestation_title_{profile.role}"], t.attestation_subtitle
    ctx = build_context("attestation", ruleset, profile, as_of, items, lang, title=title, subtitle=subtitle, fillable=fillable)
    covered = {c for a in items for c in a.components}
    ctx.extra["covered_components"] = [c for c in ctx.components if c.id in covered]
    return Document("attestation.html.j2", ctx, Path(templates_dir) if templates_dir else None)


def questionnaire(
    ruleset: RuleSet,
    profile: Profile,
    as_of: dt.date,
    *,
    lang: str = "de",
    templates_dir: str | Path | None = None,
    extra: dict | None = None,
) -> Document:
    """The questionnaire of the vendor portal (``compliance serve``): the checklist's rules and
    questions, as a web form (``portal/questionnaire.html.j2``). ``extra``: what the page adds
    (the answers as typed, findings, uploads), seen by the template as ``doc.extra``."""
    base = checklist(ruleset, profile, as_of, lang=lang, templates_dir=templates_dir)
    ctx = dataclasses.replace(base.context, kind="questionnaire", extra=dict(extra or {}))
    return Document("portal/questionnaire.html.j2", ctx, base.templates_dir)


#: The documents built by name (``compliance checklist|attestation``, the HTTP service).
KINDS = {"checklist": checklist, "attestation": attestation}


def render_document(
    kind: str,
    ruleset: RuleSet,
    profile: Profile,
    as_of: dt.date,
    *,
    lang: str = "de",
    format: Format = "html",
    include_drafts: bool = False,
    fillable: bool = False,
    templates_dir: str | Path | None = None,
    on_warning: Warn | None = None,
    timeline: bool = False,
) -> str | bytes:
    """The document ``kind`` (``checklist`` or ``attestation``) as HTML text or PDF bytes;
    ``timeline`` (checklist only): the appendix picture."""
    extra = {"timeline": True} if timeline else {}
    doc = KINDS[kind](
        ruleset, profile, as_of, lang=lang, include_drafts=include_drafts, fillable=fillable, templates_dir=templates_dir,
        **extra,
    )
    return doc.render(format, on_warning)


def render_checklist(ruleset: RuleSet, profile: Profile, as_of: dt.date, **options) -> str | bytes:
    """The checklist as HTML text (``format="html"``) or PDF bytes (``format="pdf"``); the options
    of :func:`render_document`."""
    return render_document("checklist", ruleset, profile, as_of, **options)


def render_attestation(ruleset: RuleSet, profile: Profile, as_of: dt.date, **options) -> str | bytes:
    """The attestation form as HTML text or PDF bytes; the options of :func:`render_document`."""
    return render_document("attestation", ruleset, profile, as_of, **options)
