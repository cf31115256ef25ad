"""Signing attestations and packs: PAdES signatures (pyHanko) in the fields the documents lay out.

Every PDF this tool renders with the signature block has two empty signature fields,
``signatory`` (the vendor's signatory) and ``countersignatory`` (the operator countersigning); see
``templates/partials/signature.html.j2``. :func:`sign_pdf` signs into one of them:

* PAdES baseline B-B (``ETSI.CAdES.detached``, SHA-256), B-T when a timestamp authority is given;
* as an incremental update: whatever was signed before stays byte for byte as it was, so a
  countersignature keeps the first signature valid;
* with a visible appearance in the field: the signer's name and title (from the certificate),
  "digitally signed" (in the document's language) and the signing time;
* keeping a PDF/A-3 pack's claims consistent: the document information's ``/Producer`` is set to
  what pyHanko writes into the XMP metadata (PDF/A wants the two to agree), and ECDSA keys do not
  lift the file to PDF 2.0 (pyHanko declares ISO/TS 32002 for them, which sets ``/Version 2.0``;
  a PAdES signature needs only the ESIC extension of PDF 1.7);
* the appearance font is embedded (a Latin subset of the bundled Liberation Sans, rescaled to
  1000 units per em because pyHanko 0.38 writes glyph widths in font units, which spreads the
  letters of 2048-unit fonts apart; made once and kept in the user's cache folder).

Keys: a PKCS#12 file with its passphrase, or a PKCS#11 token (a smart card, a qualified signature
card, an HSM; SoftHSM2 in the tests) named by its module, token label and key label.

pyHanko is imported inside the functions: it costs more than a second to import.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import io
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError, Location, display_path
from ..files.atomic import write_atomic

#: The signature fields the templates lay out, in signing order.
SIGNATORY, COUNTERSIGNATORY = "signatory", "countersignatory"
_STAMP_FONT = "LiberationSans-Regular.ttf"
#: Characters the appearance font keeps: Latin-1, Latin Extended-A, typographic punctuation, €.
_STAMP_CHARS = [*range(0x20, 0x7F), *range(0xA0, 0x180), 0x2013, 0x2014, 0x2018, 0x2019, 0x201A, 0x201C,
                0x201D, 0x201E, 0x2022, 0x2026, 0x20AC]
_STAMP_SIZE = 8
_FONT_CACHE = "stamp-fonts"


@dataclass(frozen=True)
class SigningKey:
    """Where the signing key is: a PKCS#12 file, or a key on a PKCS#11 token.

    ``secret`` is the PKCS#12 passphrase or the token's user PIN (``None``: none; for a token,
    a PIN pad or the module asks for it). Plain data, so that batch workers can receive it.
    """

    p12: Path | None = None
    pkcs11_lib: str | None = None
    token_label: str | None = None
    key_label: str | None = None
    secret: bytes | None = field(default=None, repr=False)

    @property
    def shown(self) -> str:
        if self.p12 is not None:
            return display_path(self.p12)
        return f"{self.pkcs11_lib} token {self.token_label!r} key {self.key_label!r}"

    def check(self) -> None:
        """Refuse a description that names no key, or two (before anything is rendered)."""
        token = (self.pkcs11_lib, self.token_label, self.key_label)
        if self.p12 is not None and any(token):
            raise InputError("give either a PKCS#12 key file or a PKCS#11 token, not both")
        if self.p12 is None and not all(token):
            raise InputError("a PKCS#11 key needs the module (--pkcs11-lib), --token-label and --key-label")


@dataclass
class SignResult:
    """What :func:`sign_pdf` did: the signed PDF and which field it signed, by whom."""

    pdf: bytes
    field: str
    signer: str
    signed_at: dt.datetime
    timestamped: bool
    path: Path | None = None

    def to_dict(self) -> dict:
        return {
            "file": display_path(self.path) if self.path else None,
            "field": self.field,
            "signer": self.signer,
            "signed_at": self.signed_at.isoformat(),
            "timestamped": self.timestamped,
        }


def _quiet_pyhanko() -> None:
    # pyHanko logs whole tracebacks for conditions reported to the user as one line anyway.
    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
    logging.getLogger("pyhanko_certvalidator").setLevel(logging.CRITICAL)


@contextlib.contextmanager
def open_signer(key: SigningKey) -> Iterator[object]:
    """A pyHanko ``Signer`` for ``key`` (a PKCS#11 session stays open inside the ``with``).

    Raises :class:`InputError` for a missing file, a wrong passphrase or PIN, an unknown token or
    key label, or a module that does not load.
    """
    _quiet_pyhanko()
    key.check()
    if key.p12 is not None:
        from pyhanko.sign.signers import SimpleSigner

        where = Location(display_path(key.p12))
        try:
            data = key.p12.read_bytes()
        except FileNotFoundError:
            raise InputError("key file not found", where) from None
        except OSError as exc:
            raise InputError(f"cannot read key file: {exc.strerror}", where) from None
        try:
            # load_pkcs12_data raises on a bad passphrase (load_pkcs12 would only log and return None)
            signer = SimpleSigner.load_pkcs12_data(data, other_certs=[], passphrase=key.secret)
        except (ValueError, TypeError):
            if key.secret is None:
                raise InputError("cannot open the key: no passphrase given (--passphrase-file, or the environment "
                                 "variable COMPLIANCE_KEY_PASSPHRASE), or not a PKCS#12 (.p12/.pfx) file", where) from None
            raise InputError("cannot open the key: wrong passphrase, or not a PKCS#12 (.p12/.pfx) file", where) from None
        if signer is None or signer.signing_cert is None:
            raise InputError("the PKCS#12 file holds no certificate for its key", where)
        yield signer
        return
    with _pkcs11_session(key) as session:
        from pyhanko.sign.pkcs11 import PKCS11Signer

        # other_certs_to_pull=None: embed every certificate on the token (the card's chain)
        signer = PKCS11Signer(session, key_label=key.key_label, other_certs_to_pull=None)
        try:
            signer.signing_cert  # noqa: B018 - loads key and certificate now, to report a bad label here
        except Exception as exc:  # noqa: BLE001 - python-pkcs11 raises many types
            hint = "" if key.secret is not None else "; a key is found only after logging in: give the PIN"
            raise InputError(f"no key and certificate labelled {key.key_label!r} on the token ({_why(exc)}){hint}",
                             Location(key.shown)) from None
        yield signer


@contextlib.contextmanager
def _pkcs11_session(key: SigningKey) -> Iterator[object]:
    """A logged-in session on the token: with the PIN given, else through the reader's PIN pad
    when the token has one (a protected authentication path), else not logged in."""
    from pkcs11 import PROTECTED_AUTH, TokenFlag
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign import pkcs11 as ph11

    where = Location(key.shown)
    try:
        slots = ph11.p11_lib(key.pkcs11_lib).get_slots()
    except Exception:  # noqa: BLE001 - OSError, RuntimeError, pkcs11 errors
        raise InputError("cannot load the PKCS#11 module", where) from None
    token = ph11.find_token(slots, token_criteria=TokenCriteria(label=key.token_label))
    if token is None:
        raise InputError(f"no token labelled {key.token_label!r} (is the card inserted?)", where)
    if key.secret is not None:
        pin: object = key.secret.decode("utf-8")
    elif token.flags & TokenFlag.PROTECTED_AUTHENTICATION_PATH:
        pin = PROTECTED_AUTH
    else:
        pin = None
    try:
        session = token.open(user_pin=pin) if pin is not None else token.open()
    except Exception as exc:  # noqa: BLE001 - pkcs11.PKCS11Error subclasses
        name = type(exc).__name__
        if name == "PinIncorrect":
            message = "wrong PIN for the token"
        elif name in ("PinLocked", "PinExpired"):
            message = f"the token's PIN is {name[3:].lower()}"
        else:
            message = f"cannot open the token ({_why(exc)})"
        raise InputError(message, where) from None
    try:
        yield session
    finally:
        with contextlib.suppress(Exception):
            session.close()


def _why(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text and text != "()" else type(exc).__name__


def check_key(key: SigningKey, at: dt.datetime | None = None) -> str:
    """Open the key once (wrong passphrase, missing token...) and return the signer's name;
    with ``at``, refuse a certificate that is not valid then (its signature would not be).

    For commands that render before they sign (``pack --sign``, ``batch --sign``): bad input is
    reported before the work, not after it.
    """
    with open_signer(key) as signer:
        if at is not None:
            _require_valid(signer.signing_cert, at, key)
        return _subject(signer.signing_cert)["name"]


def _require_valid(cert, at: dt.datetime, key: SigningKey) -> None:  # noqa: ANN001 - asn1crypto certificate
    validity = cert["tbs_certificate"]["validity"]
    start, end = validity["not_before"].native, validity["not_after"].native
    if not start <= at <= end:
        state, day = ("expired on", end) if at > end else ("is valid only from", start)
        raise InputError(f"the signing certificate {state} {day.date().isoformat()}: a signature made with it "
                         "would not be valid", Location(key.shown))


def _subject(cert) -> dict[str, str]:  # noqa: ANN001 - asn1crypto certificate
    native = cert.subject.native
    return {
        "name": str(native.get("common_name") or cert.subject.human_friendly),
        "title": str(native.get("title") or ""),
        "organization": str(native.get("organization_name") or ""),
    }


@dataclass(frozen=True)
class SignRequest:
    """What to sign with and how: the key, the field (default: the first empty one), the
    reason and location shown by PDF readers, an RFC 3161 timestamp authority (PAdES B-T), and
    the time the signature claims (aware; the caller's clock: library code does not read it)."""

    key: SigningKey
    signing_time: dt.datetime
    field: str | None = None
    reason: str | None = None
    location: str | None = None
    timestamp_url: str | None = None
    #: Refuse a certificate that is not valid at ``signing_time`` (off only to make such
    #: signatures on purpose, as the tests do).
    check_validity: bool = True


def sign_pdf(data: bytes, request: SignRequest, *, source: str = "<pdf>") -> SignResult:
    """Sign the PDF ``data`` as ``request`` says (module docstring).

    Raises :class:`InputError` when the PDF cannot be read, has no such (empty) field, the key
    cannot be opened, or the timestamp authority does not answer.
    """
    _quiet_pyhanko()
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    where = Location(source)
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    except Exception as exc:  # noqa: BLE001 - pyHanko's reader raises many types on damaged input
        raise InputError(f"cannot read the PDF for signing ({_why(exc)})", where) from None
    if writer.prev.encrypted:
        raise InputError("PDF is encrypted; signing encrypted files is not supported", where)
    name = _choose_field(writer, request.field, where)
    with open_signer(request.key) as signer:
        if request.check_validity:
            _require_valid(signer.signing_cert, request.signing_time, request.key)
        signed = _sign(writer, signer, name, request, where)
        who = _subject(signer.signing_cert)["name"]
    return SignResult(signed, name, who, request.signing_time, request.timestamp_url is not None)


def sign_file(path: str | Path, request: SignRequest, output: str | Path | None = None) -> SignResult:
    """Sign the PDF at ``path`` and write the result atomically to ``output`` (default: ``path``
    itself; signing only appends to the file, so nothing of the original is lost)."""
    from ..files.pdf import read_pdf_bytes as read_pdf

    result = sign_pdf(read_pdf(path), request, source=display_path(path))
    result.path = write_atomic(Path(output) if output is not None else Path(path), result.pdf)
    return result


def _choose_field(writer, wanted: str | None, where: Location) -> str:  # noqa: ANN001
    from pyhanko.sign.fields import enumerate_sig_fields

    fields = [(name, value is not None) for name, value, _ref in enumerate_sig_fields(writer.prev, filled_status=None)]
    empty = [name for name, filled in fields if not filled]
    if not fields:
        raise InputError(
            "the PDF has no signature field (documents made by compliance have "
            f"{SIGNATORY!r} and {COUNTERSIGNATORY!r})", where)
    if wanted is None:
        if not empty:
            raise InputError(f"every signature field is signed already ({', '.join(n for n, _ in fields)})", where)
        return empty[0]
    if wanted not in {n for n, _ in fields}:
        raise InputError(f"no signature field {wanted!r} (fields: {', '.join(n for n, _ in fields)})", where)
    if wanted not in empty:
        raise InputError(f"signature field {wanted!r} is signed already", where)
    return wanted


def _document_lang(writer) -> str:  # noqa: ANN001
    from ..enums import Lang

    lang = str(writer.root.get("/Lang") or "").split("-")[0].lower()
    return lang if lang in set(Lang) else Lang.en.value


def _sign(writer, signer, name: str, request: SignRequest, where: Location) -> bytes:  # noqa: ANN001
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.metadata.model import VENDOR
    from pyhanko.sign import signers
    from pyhanko.sign.fields import SigSeedSubFilter
    from pyhanko.sign.general import SigningError
    from pyhanko.sign.timestamps import HTTPTimeStamper, TimestampRequestError

    from ..i18n import text

    if signer.signing_cert.public_key.algorithm in ("ed25519", "ed448"):
        raise InputError("EdDSA keys need PDF 2.0, which a PDF/A-3 document may not become; use an RSA or ECDSA key",
                         Location(where.file))
    # PDF/A: pyHanko writes XMP pdf:Producer = VENDOR and keeps Info /Producer when it already
    # names VENDOR; so make it exactly that. (No /ModDate is added: pyHanko updates it only when
    # present, and XMP alone may carry the modification date.)
    if writer._info is not None:  # noqa: SLF001 - pyHanko has no public handle on /Info
        writer._info.get_object()["/Producer"] = generic.TextStringObject(VENDOR)  # noqa: SLF001
        writer.mark_update(writer._info)  # noqa: SLF001
    _pin_modification_date(writer, request.signing_time)
    subject = _subject(signer.signing_cert)
    meta = signers.PdfSignatureMetadata(
        field_name=name,
        md_algorithm="sha256",
        subfilter=SigSeedSubFilter.PADES,
        reason=request.reason,
        location=request.location,
    )
    lines = ["%(signer)s", *(["%(title)s"] if subject["title"] else []), f"{text(_document_lang(writer), 'documents.digitally_signed')} %(ts)s"]
    url = request.timestamp_url
    timestamper = HTTPTimeStamper(url) if url else None
    out = io.BytesIO()
    try:
        with _stamp_font() as font:
            pdf_signer = _pdf_a3_signer()(meta, signer=signer, timestamper=timestamper,
                                          stamp_style=_stamp_style("\n".join(lines), font))
            pdf_signer.signing_time = request.signing_time
            pdf_signer.sign_pdf(
                writer, output=out, existing_fields_only=True,
                appearance_text_params={"signer": subject["name"], "title": subject["title"]},
            )
    except TimestampRequestError as exc:
        raise InputError(f"timestamp authority did not answer ({_why(exc.__cause__ or exc)})", Location(url or "")) from None
    except SigningError as exc:
        raise InputError(f"cannot sign: {exc}", where) from None
    return out.getvalue()


def _stamp_style(template: str, font: Path):  # noqa: ANN202
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.stamp import TextStampStyle

    # the font size goes to both (pyHanko issue #733: multi-line stamps drift otherwise)
    return TextStampStyle(
        stamp_text=template,
        timestamp_format="%Y-%m-%d %H:%M %Z",
        text_box_style=TextBoxStyle(font=GlyphAccumulatorFactory(str(font), font_size=_STAMP_SIZE), font_size=_STAMP_SIZE),
        border_width=0,
    )


@functools.cache
def _pdf_a3_signer():  # noqa: ANN202
    """pyHanko's PdfSigner, keeping PDF 1.7 and signing at a given time (module docstring)."""
    from pyhanko.sign import signers
    from pyhanko.sign.fields import SigSeedSubFilter
    from pyhanko.sign.signers.pdf_signer import _ensure_esic_ext

    class PdfA3Signer(signers.PdfSigner):
        signing_time: dt.datetime | None = None

        def register_extensions(self, pdf_out, *, md_algorithm):  # noqa: ANN001, ANN202
            # only ESIC (PDF 1.7); pyHanko would add ISO/TS 32002 for ECDSA keys and so PDF 2.0
            if self.signature_meta.subfilter == SigSeedSubFilter.PADES:
                _ensure_esic_ext(pdf_out)

        def init_signing_session(self, pdf_out, existing_fields_only=False):  # noqa: ANN001, ANN202
            session = super().init_signing_session(pdf_out, existing_fields_only=existing_fields_only)
            if self.signing_time is not None:
                session.system_time = self.signing_time  # the CMS signingTime, /M and the appearance
            return session

    return PdfA3Signer


def _pin_modification_date(writer, when: dt.datetime) -> None:  # noqa: ANN001
    """pyHanko stamps the XMP modification date with its own 'now' just before writing; make it
    the signing time instead."""
    import dataclasses

    meta = writer._meta  # noqa: SLF001

    class Pinned(type(meta)):
        def __setattr__(self, key, value):  # noqa: ANN001, ANN204
            super().__setattr__(key, when if key == "last_modified" and value == "now" else value)

    pinned = Pinned(**{f.name: getattr(meta, f.name) for f in dataclasses.fields(meta)})
    writer._meta = pinned  # noqa: SLF001


@contextlib.contextmanager
def _stamp_font() -> Iterator[Path]:
    """The appearance font file: kept in the user's cache folder, else made into a temporary one."""
    import tempfile

    import fontTools

    from ..files import cache
    from ..files.bundled import bundled_templates_dir

    original = (bundled_templates_dir() / "assets" / "fonts" / _STAMP_FONT).read_bytes()
    key = hashlib.sha256(original + fontTools.version.encode() + repr(_STAMP_CHARS).encode()).hexdigest()[:24] + ".ttf"
    if cache.read(_FONT_CACHE, key) is None:
        cache.write(_FONT_CACHE, key, _make_stamp_font(original))
    root = cache.cache_dir()
    if root is not None and cache.read(_FONT_CACHE, key) is not None:  # present, and ours only
        yield root / _FONT_CACHE / key
        return
    with tempfile.TemporaryDirectory(prefix="compliance-font-") as tmp:
        path = Path(tmp) / key
        path.write_bytes(_make_stamp_font(original))
        yield path


def _make_stamp_font(original: bytes) -> bytes:
    """A Latin subset of ``original`` at 1000 units per em (module docstring)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.scaleUpem import scale_upem

    logging.getLogger("fontTools").setLevel(logging.ERROR)  # "FFTM NOT subset ... dropped" is fine
    font = TTFont(io.BytesIO(original))
    options = subset.Options()
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.layout_features = ["*"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=_STAMP_CHARS)
    subsetter.subset(font)
    if font["head"].unitsPerEm != 1000:
        scale_upem(font, 1000)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


__all__ = ["COUNTERSIGNATORY", "SIGNATORY", "SignRequest", "SignResult", "SigningKey", "check_key", "open_signer",
           "sign_file", "sign_pdf"]
