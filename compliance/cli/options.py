"""The options many commands share, declared once (``Annotated`` types for Typer).

A command writes ``as_of: AsOf = None`` or ``lang: LangOption = Lang.de`` instead of repeating
the option's flags and help. ``--format`` choices are built from the output-format registry
(:mod:`compliance.documents.formats`) with :func:`format_choice`.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..enums import Lang

AsOf = Annotated[
    Optional[str],
    typer.Option("--as-of", help="The date (YYYY-MM-DD) that counts. Default: today.", show_default=False),
]
LangOption = Annotated[Lang, typer.Option("--lang", help="de (German, authoritative) or en (English translation).")]
RulesDir = Annotated[
    Optional[Path],
    typer.Option(
        "--rules",
        envvar="COMPLIANCE_RULES",
        help="Rule-set folder to use instead of the bundled one (env: COMPLIANCE_RULES).",
        show_default=False,
    ),
]
Templates = Annotated[
    Optional[Path],
    typer.Option("--templates", help="Folder of templates that replace the bundled ones file by file (sandboxed).", show_default=False),
]
IncludeDrafts = Annotated[bool, typer.Option("--include-drafts", help="Also include draft rules in effect on the date.")]
EvidenceDir = Annotated[
    Optional[Path],
    typer.Option("--evidence-dir", "-e", help="Folder the answers' evidence paths are relative to; nothing outside it is read.", show_default=False),
]
ProfileOption = Annotated[
    Optional[Path],
    typer.Option("--profile", "-p", help="Vendor profile (YAML/JSON): only the rules that apply to it.", show_default=False),
]


class TableOrJson(str, Enum):
    table = "table"
    json = "json"


class TextOrJson(str, Enum):
    text = "text"
    json = "json"


def format_choice(kind: str) -> type[Enum]:
    """An Enum of the formats ``kind`` offers (``document``, ``answers-template``, ``check``)."""
    from ..documents.formats import offered

    names = offered(kind)
    return Enum(f"{kind.title().replace('-', '')}Format", {n: n for n in names}, type=str)  # type: ignore[return-value]


# --------------------------------------------------------------------------- signing (sign, pack, batch, verify)

PassphraseFile = Annotated[
    Optional[Path],
    typer.Option("--passphrase-file", help="File whose first line is the key file's passphrase or the token's PIN "
                 "(else env COMPLIANCE_KEY_PASSPHRASE, else asked for on a terminal).", show_default=False),
]
SignField = Annotated[
    Optional[str],
    typer.Option("--field", help="Signature field to sign: signatory or countersignatory. Default: the first empty one.",
                 show_default=False),
]
SignReason = Annotated[Optional[str], typer.Option("--reason", help="Reason shown with the signature.", show_default=False)]
SignLocation = Annotated[Optional[str], typer.Option("--location", help="Place of signing shown with the signature.", show_default=False)]
TimestampUrl = Annotated[
    Optional[str],
    typer.Option("--timestamp-url", help="RFC 3161 timestamp authority: a PAdES B-T signature with a trusted time.",
                 show_default=False),
]
Trust = Annotated[
    Optional[list[Path]],
    typer.Option("--trust", help="Certificate (PEM/DER) of a root or CA to trust for signatures; repeatable.",
                 show_default=False, metavar="<path>"),
]
RequireSignature = Annotated[
    bool, typer.Option("--require-signature", help="An unsigned file is not accepted (exit 1).")
]
