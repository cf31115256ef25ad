"""`compliance checklist | attestation | answers-template | templates export`: the documents.

Thin: each command parses options and calls one function of :mod:`compliance.documents`.
Written files: the path is printed on stdout (one line); `-o -` writes the document itself to
stdout instead. Warnings (refused fetches in user templates) go to stderr.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Callable, Optional

import typer

from .common import Lang, emit, err, guarded, load_ruleset_or_exit, parse_date, rules_option

DEFAULT_OUTPUT = Path("output")


class DocFormat(str, Enum):
    html = "html"
    pdf = "pdf"


class AnswersFormat(str, Enum):
    yaml = "yaml"
    json = "json"


def _target(output: Optional[str], profile_id: str, filename: str) -> Optional[Path]:
    """Where to write: ``None`` for stdout (``-o -``), a folder gets the default file name."""
    if output == "-":
        return None
    if output is None:
        return DEFAULT_OUTPUT / profile_id / filename
    path = Path(output)
    if path.is_dir() or output.endswith(("/", "\\")):
        return path / filename
    return path


def _document_command(kind: str) -> Callable[..., None]:
    def command(
        profile: Path = typer.Argument(..., help="Vendor profile (YAML or JSON)."),
        as_of: Optional[str] = typer.Option(None, "--as-of", help="Date (YYYY-MM-DD) the document is for. Default: today."),
        include_drafts: bool = typer.Option(False, "--include-drafts", help="Include draft rules (marked DRAFT)."),
        lang: Lang = typer.Option(Lang.de, "--lang", help="de (authoritative) or en (translation)."),
        fmt: DocFormat = typer.Option(DocFormat.pdf, "--format", "-f", help="pdf or html."),
        fillable: bool = typer.Option(False, "--fillable", help="PDF form fields, one per question (named by question id)."),
        templates: Optional[Path] = typer.Option(
            None, "--templates", help="Folder of templates that replace the bundled ones file by file (sandboxed)."
        ),
        output: Optional[str] = typer.Option(
            None, "--output", "-o",
            help="File or folder to write; '-' for stdout. Default: output/<profile-id>/<document>-<lang>-<as-of>.<ext>",
        ),
        rules: Optional[Path] = rules_option(),
    ) -> None:
        from .. import documents
        from ..loading import load_profile

        day = parse_date(as_of)
        rs = load_ruleset_or_exit(rules)
        prof = load_profile(profile, rs)
        build = documents.checklist if kind == "checklist" else documents.attestation
        doc = build(
            rs, prof, day, lang=lang.value, include_drafts=include_drafts, fillable=fillable, templates_dir=templates
        )
        data = doc.render(fmt.value, on_warning=lambda m: err(f"warning: {m}"))
        emit(data, _target(output, prof.id, doc.filename(fmt.value)), typer.echo)

    command.__name__ = f"{kind}_command"
    return command


checklist_command = _document_command("checklist")
checklist_command.__doc__ = """Render the vendor's checklist (PDF or HTML).

Every rule in effect on the date that applies to the vendor.

Rules are grouped by law with citation, effective dates, level (MUSS/SOLL/KANN), questions with
answer boxes, evidence to attach and the components concerned, then a signature block.

\b
Example:
  compliance checklist examples/lotus-networks/profile.yaml --as-of 2026-03-01 --lang en
"""

attestation_command = _document_command("attestation")
attestation_command.__doc__ = """Render the attestation form to sign (PDF or HTML).

The declarations the vendor gives on the date.

Before 6 Dec 2025 this is the Garantieerklärung (§ 9b BSIG a.F.); add --fillable for a PDF form
whose answers `compliance check` reads back.

\b
Example:
  compliance attestation examples/lotus-networks/profile.yaml --as-of 2022-06-01 --fillable
"""


@guarded
def answers_template_command(
    profile: Path = typer.Argument(..., help="Vendor profile (YAML or JSON)."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Date (YYYY-MM-DD). Default: today."),
    include_drafts: bool = typer.Option(False, "--include-drafts", help="Include questions of draft rules."),
    fmt: AnswersFormat = typer.Option(AnswersFormat.yaml, "--format", "-f", help="yaml (with comments) or json."),
    lang: Lang = typer.Option(Lang.en, "--lang", help="Language of the descriptions."),
    output: Optional[str] = typer.Option(
        None, "--output", "-o", help="File or folder to write; '-' for stdout. Default: output/<profile-id>/answers-<as-of>.<ext>"
    ),
    rules: Optional[Path] = rules_option(),
) -> None:
    """Write an answers file to fill in (YAML or JSON).

    Every applicable question, with its type, choices and what complies.

    Each question comes with its rule, type, choices, what complies, whether it is required and
    the evidence expected (comments in YAML, an `about` field in JSON).

    \b
    Example:
      compliance answers-template examples/lotus-networks/profile.yaml --as-of 2026-03-01 -o answers.yaml
    """
    from ..documents import answers_template
    from ..loading import load_profile

    day = parse_date(as_of)
    rs = load_ruleset_or_exit(rules)
    prof = load_profile(profile, rs)
    text = answers_template(rs, prof, day, format=fmt.value, lang=lang.value, include_drafts=include_drafts)
    emit(text, _target(output, prof.id, f"answers-{day.isoformat()}.{fmt.value}"), typer.echo)


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
    from ..documents import export_templates
    from ..errors import display_path

    written = export_templates(folder, overwrite=force)
    typer.echo(f"{len(written)} file(s) written to {display_path(folder)}")


def register(app: typer.Typer) -> None:
    """Add the document commands to the main app."""
    app.command("checklist")(guarded(checklist_command))
    app.command("attestation")(guarded(attestation_command))
    app.command("answers-template")(answers_template_command)
    app.add_typer(templates_app, name="templates")
