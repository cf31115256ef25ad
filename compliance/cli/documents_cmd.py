"""`compliance checklist | attestation | answers-template | templates export`: the documents.

Written files: ``wrote PATH`` on stderr, as for every command; `-o -` writes the document itself
to stdout instead. Warnings (refused fetches in user templates) go to stderr.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Callable, Optional

import typer

from ..enums import Lang
from .common import err, fail, guarded, load_ruleset_or_exit, parse_date, write_output, wrote
from .options import AsOf, IncludeDrafts, LangOption, RulesDir, Templates, format_choice

DocFormat = format_choice("document")
AnswersFormat = format_choice("answers-template")
Output = Annotated[
    Optional[str],
    typer.Option("--output", "-o", help="File or folder to write; '-' for stdout. "
                 "Default: output/<profile-id>/<document>-<lang>-<as-of>.<ext>", show_default=False),
]
ProfileArg = Annotated[Path, typer.Argument(help="Vendor profile (YAML or JSON).")]


def register(root: typer.Typer) -> None:
    for kind, summary in _DOCUMENTS.items():
        command = _document_command(kind)
        command.__doc__ = summary
        root.command(kind)(guarded(command))
    root.command("answers-template")(answers_template_command)
    root.add_typer(templates_app, name="templates")


def _document_command(kind: str) -> Callable[..., None]:
    def command(
        profile: ProfileArg,
        as_of: AsOf = None,
        include_drafts: IncludeDrafts = False,
        lang: LangOption = Lang.de,
        fmt: DocFormat = typer.Option(DocFormat("pdf"), "--format", "-f", help="pdf, html or docx (Word, to edit and redline)."),  # type: ignore[valid-type]
        fillable: bool = typer.Option(False, "--fillable", help="PDF form fields, one per question (named by question id)."),
        templates: Templates = None,
        output: Output = None,
        rules: RulesDir = None,
        timeline: bool = typer.Option(False, "--timeline", help="checklist, PDF or HTML: add the appendix 'How your "
                                      "obligations changed' (the vendor's rules and certifications over time)."),
    ) -> None:
        from ..documents import KINDS
        from ..ruleset import load_profile

        if timeline and kind != "checklist":
            fail("--timeline: the appendix comes with the checklist and the pack, not the attestation form")
        if timeline and fmt.value == "docx":
            fail("--timeline: the appendix is a picture for PDF and HTML; a Word checklist does not carry it")
        day = parse_date(as_of)
        rs = load_ruleset_or_exit(rules)
        prof = load_profile(profile, rs)
        extra = {"timeline": True} if timeline else {}
        doc = KINDS[kind](rs, prof, day, lang=lang, include_drafts=include_drafts, fillable=fillable, templates_dir=templates,
                          **extra)
        data = doc.render(fmt.value, on_warning=lambda m: err(f"warning: {m}"))
        write_output(data, output, doc.filename(fmt.value), profile_id=prof.id, announce=wrote)

    command.__name__ = f"{kind}_command"
    return command


_DOCUMENTS = {
    "checklist": """Render the vendor's checklist (PDF, HTML or Word).

Every rule in effect on the date that applies to the vendor.

Rules are grouped by law with citation, effective dates, level (MUSS/SOLL/KANN), questions with
answer boxes, evidence to attach and the components concerned, then a signature block.

\b
Examples:
  compliance checklist examples/lotus-networks/profile.yaml --as-of 2026-03-01 --lang en
  compliance checklist examples/lotus-networks/profile.yaml --as-of 2026-03-01 --format docx -o checklist.docx
""",
    "attestation": """Render the attestation form to sign (PDF, HTML or Word).

The declarations the vendor gives on the date.

Before 6 Dec 2025 this is the Garantieerklärung (§ 9b BSIG a.F.); add --fillable for a PDF form
whose answers `compliance check` reads back.

\b
Example:
  compliance attestation examples/lotus-networks/profile.yaml --as-of 2022-06-01 --fillable
""",
}


@guarded
def answers_template_command(
    profile: ProfileArg,
    as_of: AsOf = None,
    include_drafts: IncludeDrafts = False,
    fmt: AnswersFormat = typer.Option(AnswersFormat("yaml"), "--format", "-f", help="yaml (with comments), json, or xlsx (a workbook to fill in Excel or LibreOffice)."),  # type: ignore[valid-type]
    lang: LangOption = Lang.en,
    output: Annotated[Optional[str], typer.Option(
        "--output", "-o", help="File or folder to write; '-' for stdout. Default: output/<profile-id>/answers-<as-of>.<ext>",
        show_default=False)] = None,
    rules: RulesDir = None,
) -> None:
    """Write an answers file to fill in (YAML, JSON or an Excel workbook).

    Every applicable question, with its type, choices and what complies.

    Each question comes with its rule, type, choices, what complies, whether it is required and
    the evidence expected (comments in YAML, an `about` field in JSON, columns in the workbook).
    The workbook has drop-down lists, date and number checks, instructions, and only the answer
    cells open; `compliance check` reads it back filled.

    \b
    Examples:
      compliance answers-template examples/lotus-networks/profile.yaml --as-of 2026-03-01 -o answers.yaml
      compliance answers-template examples/lotus-networks/profile.yaml --as-of 2026-03-01 --format xlsx --lang de -o answers.xlsx
    """
    from ..documents.answers_template import answers_template, answers_template_filename
    from ..ruleset import load_profile

    day = parse_date(as_of)
    rs = load_ruleset_or_exit(rules)
    prof = load_profile(profile, rs)
    text = answers_template(rs, prof, day, format=fmt.value, lang=lang, include_drafts=include_drafts)
    write_output(text, output, answers_template_filename(day, fmt.value), profile_id=prof.id, announce=wrote)


templates_app = typer.Typer(help="Export document templates to override.", no_args_is_help=True)


@templates_app.command("export")
@guarded
def templates_export(
    folder: Path = typer.Argument(..., help="Folder to copy the bundled templates into."),
    force: bool = typer.Option(False, "--force", help="Overwrite files that already exist."),
) -> None:
    """Copy the bundled templates to a folder, to override.

    Templates, style sheet and fonts, as a starting point for `--templates DIR`.

    Edit the copies and pass the folder with --templates: files you keep replace the bundled
    ones, files you delete fall back to the bundled ones.

    \b
    Example:
      compliance templates export my-templates && compliance checklist p.yaml --templates my-templates
    """
    from ..documents.templating import export_templates
    from ..errors import display_path
    from ..i18n import text

    written = export_templates(folder, overwrite=force)
    err(text(Lang.en, "cli.templates_written", n=len(written), folder=display_path(folder)))
