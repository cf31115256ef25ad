"""`compliance sign`: a PAdES signature into the signature field a document lays out.

Also the one place the signing options become a :class:`~compliance.packs.signing.SignRequest`
(:func:`sign_request`), for `pack --sign` and `batch --sign` as well.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..enums import Lang
from .common import err, fail, guarded
from .options import PassphraseFile, SignField, SignLocation, SignReason, TimestampUrl

#: Environment variable holding the key's passphrase or the token's PIN (for unattended runs).
PASSPHRASE_ENV = "COMPLIANCE_KEY_PASSPHRASE"


def register(root: typer.Typer) -> None:
    root.command("sign")(sign)


@guarded
def sign(
    file: Path = typer.Argument(..., help="The PDF to sign: an attestation pack, attestation or checklist made by compliance."),
    key: Annotated[Optional[Path], typer.Option("--key", "-k", help="PKCS#12 key file (.p12/.pfx) with the signer's certificate.",
                                                show_default=False)] = None,
    pkcs11_lib: Annotated[Optional[str], typer.Option(
        "--pkcs11-lib", envvar="COMPLIANCE_PKCS11_LIB",
        help="PKCS#11 module of a signature card, token or HSM (env: COMPLIANCE_PKCS11_LIB), instead of --key.",
        show_default=False)] = None,
    token_label: Annotated[Optional[str], typer.Option("--token-label", help="Label of the token (card) holding the key.",
                                                       show_default=False)] = None,
    key_label: Annotated[Optional[str], typer.Option("--key-label", help="Label of the key (and its certificate) on the token.",
                                                     show_default=False)] = None,
    passphrase_file: PassphraseFile = None,
    field: SignField = None,
    reason: SignReason = None,
    location: SignLocation = None,
    timestamp_url: TimestampUrl = None,
    output: Annotated[Optional[str], typer.Option("--output", "-o", help="Signed PDF to write (a file, a folder, or '-' "
                                                  "for stdout). Default: FILE itself (signing only appends to it).",
                                                  show_default=False)] = None,
) -> None:
    """Sign a PDF: a PAdES signature in its signature field, as an incremental update.

    The vendor's signatory signs the field 'signatory'; the operator countersigns into
    'countersignatory' (the first empty field is taken unless --field says otherwise), and the
    first signature stays valid. The field shows the signer's name and title, "digitally signed"
    and the time. With --timestamp-url the signature carries a timestamp (PAdES B-T).

    The key is a PKCS#12 file (--key) or a key on a PKCS#11 token such as a qualified signature
    card (--pkcs11-lib, --token-label, --key-label). Exit 0 signed, 2 bad input (wrong passphrase
    or PIN, no empty signature field, unreachable timestamp authority).

    \b
    Examples:
      compliance sign pack.pdf --key vendor.p12 --passphrase-file vendor.pass --location Stockholm
      compliance sign pack.pdf --key operator.p12 --reason "Countersigned" -o pack-signed.pdf
      compliance sign pack.pdf --pkcs11-lib /usr/lib/x86_64-linux-gnu/opensc-pkcs11.so \\
        --token-label "Signature card" --key-label "Signature key"
    """
    from ..errors import display_path
    from ..files.outputs import output_target
    from ..files.pdf import read_pdf_bytes as read_pdf
    from ..packs.signing import sign_file, sign_pdf
    from .common import emit

    request = sign_request(p12=key, pkcs11_lib=pkcs11_lib, token_label=token_label, key_label=key_label,
                           passphrase_file=passphrase_file, field=field, reason=reason, location=location,
                           timestamp_url=timestamp_url, required=True)
    assert request is not None
    target = file if output is None else output_target(output, file.name)
    if target is None:  # -o -: the signed PDF on stdout
        result = sign_pdf(read_pdf(file), request, source=display_path(file))
        emit(result.pdf, None)
        shown = "-"
    else:
        result = sign_file(file, request, target)
        shown = display_path(result.path)
    announce_signature(result, shown)


def announce_signature(result, shown: str | None = None) -> None:  # noqa: ANN001 - a SignResult
    """One line on stderr: which file, field, signer, time and PAdES level."""
    from ..errors import display_path
    from ..i18n import text

    path = shown if shown is not None else display_path(result.path)
    err(text(Lang.en, "cli.signed", path=path, field=result.field, signer=result.signer,
             time=result.signed_at.strftime("%Y-%m-%d %H:%M %Z").strip(), level="B-T" if result.timestamped else "B-B"))


def sign_request(*, p12: Path | None, pkcs11_lib: str | None = None, token_label: str | None = None,
                 key_label: str | None = None, passphrase_file: Path | None = None, field: str | None = None,
                 reason: str | None = None, location: str | None = None, timestamp_url: str | None = None,
                 required: bool = False):
    """The :class:`SignRequest` the options describe (``None`` when no key is given and not
    ``required``), signing at the current time. A key file is opened once here, so that a wrong
    passphrase is reported before any work (a token is opened once, when signing: a PIN pad
    would ask twice)."""
    from ..packs.signing import SigningKey, SignRequest, check_key

    if p12 is None and not any((pkcs11_lib, token_label, key_label)):
        if required:
            fail("give a key: --key KEY.p12, or --pkcs11-lib LIB --token-label L --key-label K")
        for name, value in (("--passphrase-file", passphrase_file), ("--field", field), ("--reason", reason),
                            ("--location", location), ("--timestamp-url", timestamp_url)):
            if value is not None:
                fail(f"{name} needs a key to sign with (--sign KEY.p12)")
        return None
    if timestamp_url is not None and not timestamp_url.lower().startswith(("http://", "https://")):
        fail(f"--timestamp-url: {timestamp_url!r} is not an http(s) URL")
    what = f"the passphrase of {p12}" if p12 is not None else f"the PIN of token {token_label!r}"
    key = SigningKey(p12=p12, pkcs11_lib=pkcs11_lib, token_label=token_label, key_label=key_label,
                     secret=_secret(passphrase_file, what))
    now = dt.datetime.now().astimezone()
    if p12 is not None:
        check_key(key, at=now)
    return SignRequest(key=key, signing_time=now, field=field, reason=reason, location=location, timestamp_url=timestamp_url)


def _secret(passphrase_file: Path | None, what: str) -> bytes | None:
    """The passphrase (PIN): first line of the file, else the environment, else asked for on a
    terminal; ``None`` when there is none (an unprotected key file)."""
    if passphrase_file is not None:
        from ..errors import InputError, Location, display_path

        try:
            raw = passphrase_file.read_bytes()
        except OSError as exc:
            raise InputError(f"cannot read passphrase file: {exc.strerror}", Location(display_path(passphrase_file))) from None
        return raw.splitlines()[0] or None if raw.strip() else None
    if os.environ.get(PASSPHRASE_ENV):
        return os.environ[PASSPHRASE_ENV].encode("utf-8")
    if sys.stdin.isatty() and sys.stderr.isatty():
        return typer.prompt(f"Enter {what}", hide_input=True, default="", show_default=False, err=True).encode("utf-8") or None
    return None
