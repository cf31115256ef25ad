"""Checking the signatures of a PDF: intact, what changed after signing, and whom to trust.

For each signature (pyHanko's validator, no network access):

* **intact**: the signed byte ranges hash to what the signature signs, and the CMS signature
  verifies with the certificate's key;
* **coverage**: whether the signature covers the whole file, or later revisions were appended;
  and if so what they changed. Allowed after signing are only *signatures into other signature
  fields* (a countersignature) and validation data (DSS, document timestamps). Anything else —
  a form field's value, an annotation, a page, an embedded file, the document information
  (``/Producer`` and ``/ModDate`` aside, which signing tools touch) — means the signed document
  was changed after signing: the signature no longer vouches for the file as it is;
* **certificate**: valid at the signing time (the signer's claimed time, or the time of a
  timestamp token when there is one), with a key usage for signing (``digitalSignature`` or
  ``nonRepudiation``, as pdfsig and Adobe accept);
* **trust**: a chain from the signer's certificate to one of the given roots (``--trust``), valid
  now, or valid at the time of a trusted timestamp when the certificate has expired since (the
  time a signer claims proves nothing: a signature whose certificate has expired and that has no
  timestamp is not trusted, as pdfsig and the AdES rules have it). Without roots nothing is
  trusted, and the report says so.

``status`` of a signature: ``tampered`` when it is broken or the document was changed after
it; ``untrusted`` when roots were given and no chain leads to them, or the certificate was not
valid for signing at the signing time; ``intact`` otherwise.

pyHanko is imported only when a file has signatures (:func:`has_signatures` asks pypdf).
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..enums import VerifyStatus
from ..errors import InputError, Location, display_path

#: Document-information entries signing tools update themselves (pyHanko, Acrobat).
TOOL_INFO_KEYS = frozenset({"/Producer", "/ModDate"})
#: Key usages that allow signing documents (either suffices).
SIGNING_KEY_USAGES = frozenset({"digital_signature", "non_repudiation"})
_LATER_ALLOWED = ("none", "lta_updates", "form_filling")


@dataclass
class Certificate:
    subject: str
    issuer: str
    serial: str
    not_before: dt.datetime
    not_after: dt.datetime
    key_usage: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {
            "subject": self.subject, "issuer": self.issuer, "serial": self.serial,
            "not_before": self.not_before.isoformat(), "not_after": self.not_after.isoformat(),
            "key_usage": list(self.key_usage),
        }


@dataclass
class LaterChanges:
    """What the revisions appended after a signature changed (``revisions`` may be 0 when only
    bytes that are no PDF update were appended)."""

    revisions: int
    level: str | None = None
    fields: list[str] = field(default_factory=list)
    document_information: dict[str, list[str | None]] = field(default_factory=dict)
    unexplained: str | None = None
    areas: list[str] = field(default_factory=list)
    allowed: bool = True

    def to_dict(self) -> dict[str, Any]:
        return {
            "revisions": self.revisions,
            "level": self.level,
            "fields": list(self.fields),
            "document_information": dict(self.document_information),
            "unexplained": self.unexplained,
            "areas": list(self.areas),
            "allowed": self.allowed,
        }


@dataclass
class SignatureCheck:
    """The verdict on one signature (see the module docstring)."""

    field: str
    signer: str | None = None
    signed_at: dt.datetime | None = None
    signed_at_source: str | None = None  # "signer" (claimed) or "timestamp"
    intact: bool = False
    covers_whole_file: bool = False
    revision: int = 0  # the signed revision, counted from 1
    revisions: int = 0  # revisions in the file
    later: LaterChanges | None = None
    certificate: Certificate | None = None
    valid_at_signing_time: bool | None = None
    expired_unproven: bool = False  # expired now, and only the signer's word dates the signature
    key_usage_ok: bool | None = None
    trusted: bool = False
    trust_problem: str | None = None
    trust_checked: bool = False
    timestamp: dict[str, Any] | None = None
    reason: str | None = None
    location: str | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def modified_after(self) -> bool:
        """The file was changed after this signature in a way a signature does not allow."""
        return self.later is not None and not self.later.allowed

    @property
    def status(self) -> VerifyStatus:
        if not self.intact or self.modified_after:
            return VerifyStatus.tampered
        if ((self.trust_checked and not self.trusted) or self.valid_at_signing_time is False or self.expired_unproven
                or self.key_usage_ok is False):
            return VerifyStatus.untrusted
        return VerifyStatus.intact

    def to_dict(self) -> dict[str, Any]:
        return {
            "field": self.field,
            "status": self.status,
            "signer": self.signer,
            "signed_at": self.signed_at.isoformat() if self.signed_at else None,
            "signed_at_source": self.signed_at_source,
            "intact": self.intact,
            "covers_whole_file": self.covers_whole_file,
            "signed_revision": self.revision,
            "revisions": self.revisions,
            "modified_after": self.modified_after,
            "changes_after": self.later.to_dict() if self.later else None,
            "certificate": self.certificate.to_dict() if self.certificate else None,
            "valid_at_signing_time": self.valid_at_signing_time,
            "expired_unproven": self.expired_unproven,
            "key_usage_ok": self.key_usage_ok,
            "trusted": self.trusted,
            "trust_problem": self.trust_problem,
            "timestamp": self.timestamp,
            "reason": self.reason,
            "location": self.location,
            "problems": list(self.problems),
        }


#: Form fields looked at, at most, when deciding whether a PDF is signed (hostile forms loop).
MAX_FIELDS = 10_000


def has_signatures(reader) -> bool:  # noqa: ANN001 - a pypdf reader
    """Does the PDF hold a filled signature field? (pypdf only: cheap, no pyHanko import.)

    The field tree is walked once per object, at most :data:`MAX_FIELDS` nodes: a hostile form
    whose /Fields or /Kids point back to themselves cannot make it loop."""
    try:
        root = reader.trailer["/Root"]
        acro = root.get("/AcroForm")
        fields = acro.get_object().get("/Fields") if acro is not None else None
        stack = list(fields or [])
        seen: set[int] = set()
        while stack and len(seen) < MAX_FIELDS:
            ref = stack.pop()
            key = getattr(ref, "idnum", None)
            if key is not None:
                if key in seen:
                    continue
                seen.add(key)
            else:
                seen.add(-len(seen) - 1)  # a direct object: counted, cannot repeat
            node = ref.get_object()
            if not hasattr(node, "get"):
                continue
            if node.get("/FT") == "/Sig" and node.get("/V") is not None:
                return True
            kids = node.get("/Kids")
            if kids is not None and hasattr(kids, "__iter__"):
                stack.extend(kids)
    except Exception:  # noqa: BLE001 - a damaged form is looked at by pyHanko, if at all
        return False
    return False


def load_trust_roots(paths: list[str | Path]):  # noqa: ANN201 - asn1crypto certificates
    """The certificates in the PEM or DER files ``paths`` (a PEM file may hold several)."""
    from asn1crypto import pem, x509

    roots = []
    for p in paths:
        where = Location(display_path(p))
        try:
            data = Path(p).read_bytes()
        except FileNotFoundError:
            raise InputError("trust root file not found", where) from None
        except OSError as exc:
            raise InputError(f"cannot read trust root file: {exc.strerror}", where) from None
        try:
            ders = [der for _t, _h, der in pem.unarmor(data, multiple=True)] if pem.detect(data) else [data]
            certs = [x509.Certificate.load(der) for der in ders]
            for cert in certs:
                cert.native  # noqa: B018 - parse now, so that garbage is reported here
        except Exception:  # noqa: BLE001 - asn1crypto raises many types on garbage
            raise InputError("not an X.509 certificate (PEM or DER)", where) from None
        if not certs:
            raise InputError("no certificate in the file", where)
        roots.extend(certs)
    return roots


def check_signatures(data: bytes, trust: list[str | Path] | None = None, *, source: str = "<pdf>") -> list[SignatureCheck]:
    """Check every signature of the PDF ``data`` against the roots in the files ``trust``."""
    import logging

    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)  # tracebacks for untrusted chains
    logging.getLogger("pyhanko_certvalidator").setLevel(logging.CRITICAL)
    roots = load_trust_roots(trust or [])
    reader_class = _reader_class()
    try:
        reader = reader_class(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
    except Exception as exc:  # noqa: BLE001 - pyHanko's reader on a damaged file
        raise InputError(f"cannot read the PDF's signatures ({type(exc).__name__}: {exc})", Location(source)) from None
    signed_in = {emb.field_name: emb.signed_revision for emb in embedded}
    return [_check(reader, emb, roots, bool(trust), signed_in) for emb in embedded]


@functools.cache
def _reader_class():  # noqa: ANN202
    """pyHanko's PDF reader, finding objects in object streams through an index made once per
    stream. pyHanko 0.38 rescans a stream's header for every object it takes from it, which is
    quadratic in the objects of the stream; WeasyPrint puts almost every object of a tagged PDF in
    one stream, and checking what changed after a signature reads them all (1.5 s instead of 0.1 s
    for a countersigned pack). Anything unexpected goes the original way."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.pdf_utils.decode_limits import DecodePurpose

    class Reader(PdfFileReader):
        def _get_object_from_stream(self, idnum, stmnum, idx):  # noqa: ANN001, ANN202
            found = self.__dict__.setdefault("_object_stream_index", {})
            try:
                stream = generic.Reference(stmnum, 0, self).get_object()
                entry = found.get(stmnum)
                if entry is None or entry[0] is not stream:
                    data = stream.read_data(DecodePurpose.OBJECT_STREAM)
                    first = int(stream["/First"])
                    numbers = [int(n) for n in data[:first].split()][: 2 * int(stream["/N"])]
                    entry = found[stmnum] = (stream, data, first, dict(zip(numbers[0::2], numbers[1::2])))
                _stream, data, first, offsets = entry
                if idnum in offsets:
                    obj = generic.read_object(io.BytesIO(data[first + offsets[idnum]:]), generic.Reference(idnum, 0, self))
                    if not isinstance(obj, (generic.StreamObject, generic.IndirectObject)):
                        return obj
            except Exception:  # noqa: BLE001, S110 - the original reports (or tolerates) it
                pass
            return super()._get_object_from_stream(idnum, stmnum, idx)

    return Reader


def _check(reader, emb, roots, trust_given: bool, signed_in: dict[str, int]) -> SignatureCheck:  # noqa: ANN001
    from pyhanko.sign.diff_analysis import SuspiciousModification
    from pyhanko.sign.validation import validate_pdf_signature

    check = SignatureCheck(field=str(emb.field_name), trust_checked=trust_given)  # plain str: reports cross processes
    sig = emb.sig_object
    check.reason = _text(sig.get("/Reason"))
    check.location = _text(sig.get("/Location"))
    check.revisions = reader.xrefs.total_revisions
    check.revision = emb.signed_revision + 1
    try:
        status = validate_pdf_signature(emb, _context(roots), key_usage_settings=_key_usage())
    except Exception as exc:  # noqa: BLE001 - malformed CMS, unsupported algorithms...
        check.problems.append(f"the signature cannot be validated ({type(exc).__name__}: {exc})")
        return check

    cert = status.signing_cert
    check.certificate = _certificate(cert)
    check.signer = str(cert.subject.native.get("common_name") or cert.subject.human_friendly)
    tst = status.timestamp_validity
    if tst is not None:
        check.signed_at, check.signed_at_source = tst.timestamp, "timestamp"
        check.timestamp = {
            "time": tst.timestamp.isoformat(),
            "authority": tst.signing_cert.subject.human_friendly,
            "intact": bool(tst.intact and tst.valid),
            "trusted": bool(tst.trusted),
        }
        if not (tst.intact and tst.valid):
            check.problems.append("the timestamp token is broken")
    else:
        check.signed_at, check.signed_at_source = status.signer_reported_dt, "signer"

    check.intact = bool(status.intact and status.valid)
    if not check.intact:
        check.problems.append("the signature does not match the signed bytes: the signed content was changed")
    coverage = status.coverage.name if status.coverage is not None else "UNCLEAR"
    check.covers_whole_file = coverage == "ENTIRE_FILE"
    if coverage not in ("ENTIRE_FILE", "ENTIRE_REVISION"):
        check.intact = False
        check.problems.append("the signature does not cover its whole revision")
    if coverage == "ENTIRE_REVISION":
        check.later = _later_changes(reader, emb, status, signed_in, SuspiciousModification)
        if not check.later.allowed:
            check.problems.append(f"changed after signing: {_describe(check.later)}")

    if check.signed_at is not None:
        check.valid_at_signing_time = check.certificate.not_before <= check.signed_at <= check.certificate.not_after
        if not check.valid_at_signing_time:
            check.problems.append(
                f"the certificate was not valid at the signing time {check.signed_at.isoformat()} "
                f"(valid {check.certificate.not_before.date()} to {check.certificate.not_after.date()})")
    checked_at = getattr(status, "validation_time", None)
    proven = check.signed_at_source == "timestamp" and bool(check.timestamp and check.timestamp["intact"] and check.timestamp["trusted"])
    if checked_at is not None and check.certificate.not_after < checked_at and check.valid_at_signing_time and not proven:
        check.expired_unproven = True
        check.problems.append(
            f"the certificate expired on {check.certificate.not_after.date().isoformat()}; it was valid at the claimed "
            "signing time, but without a (trusted) timestamp nothing proves the signature was made then")
    usages = set(check.certificate.key_usage)
    check.key_usage_ok = not usages or bool(usages & SIGNING_KEY_USAGES)
    if not check.key_usage_ok:
        check.problems.append(f"the certificate's key usage ({', '.join(sorted(usages))}) does not allow signing")
    _judge_trust(check, emb, status, roots, trust_given)
    return check


def _judge_trust(check: SignatureCheck, emb, status, roots, trust_given: bool) -> None:  # noqa: ANN001
    from pyhanko.sign.validation import validate_pdf_signature

    if not trust_given:
        check.trust_problem = "not checked: no trust roots given (--trust)"
        return
    if not check.intact:
        check.trust_problem = "not checked: the signature is broken"
        return
    check.trusted = bool(status.trusted)
    indication = status.trust_problem_indic.name if status.trust_problem_indic is not None else None
    if not check.trusted and indication == "OUT_OF_BOUNDS_NO_POE" and check.valid_at_signing_time:
        if check.expired_unproven:
            check.trust_problem = "the certificate has expired, and no timestamp proves the signature was made before"
            return  # the problem is listed once, by _check
        # Expired since, and a trusted timestamp proves the signature existed before: the chain
        # counts as it was at that time.
        again = validate_pdf_signature(emb, _context(roots, at=check.signed_at), key_usage_settings=_key_usage(),
                                       skip_diff=True)
        check.trusted = bool(again.trusted)
        if check.trusted:
            return
    if not check.trusted:
        check.trust_problem = _TRUST_PROBLEMS.get(indication or "", indication or "no chain to a trust root")
        check.problems.append(f"not trusted: {check.trust_problem}")


_TRUST_PROBLEMS = {
    "NO_CERTIFICATE_CHAIN_FOUND": "no chain to the given trust roots",
    "OUT_OF_BOUNDS_NO_POE": "the certificate was not valid at the time it was checked",
    "CHAIN_CONSTRAINTS_FAILURE": "the certificate chain's constraints are not met",
    "REVOKED_NO_POE": "the certificate is revoked",
    "REVOKED_CA_NO_POE": "a certificate of the chain is revoked",
    "CRYPTO_CONSTRAINTS_FAILURE_NO_POE": "an algorithm of the chain is no longer accepted",
}


def _context(roots, at: dt.datetime | None = None):  # noqa: ANN001, ANN202
    from pyhanko_certvalidator import ValidationContext

    # trust_roots=[] trusts nothing (None would mean the system's store); never fetch anything.
    return ValidationContext(trust_roots=list(roots), allow_fetching=False, revocation_mode="soft-fail", moment=at)


def _key_usage():  # noqa: ANN202
    from pyhanko.sign.validation.settings import KeyUsageConstraints

    return KeyUsageConstraints(key_usage=set(SIGNING_KEY_USAGES), match_all_key_usages=False)


def _certificate(cert) -> Certificate:  # noqa: ANN001 - asn1crypto certificate
    validity = cert["tbs_certificate"]["validity"]
    usage = cert.key_usage_value.native if cert.key_usage_value is not None else set()
    return Certificate(
        subject=cert.subject.human_friendly,
        issuer=cert.issuer.human_friendly,
        serial=format(cert.serial_number, "x"),
        not_before=validity["not_before"].native,
        not_after=validity["not_after"].native,
        key_usage=sorted(usage),
    )


def _later_changes(reader, emb, status, signed_in: dict[str, int], suspicious_type) -> LaterChanges:  # noqa: ANN001
    later = LaterChanges(revisions=reader.xrefs.total_revisions - 1 - emb.signed_revision)
    level = status.modification_level.name.lower() if status.modification_level is not None else None
    later.level = level
    diff = status.diff_result
    if isinstance(diff, suspicious_type):
        later.unexplained = str(diff)
        later.fields, later.areas = _explain(reader, later.unexplained)
    else:
        later.fields = sorted(getattr(diff, "changed_form_fields", None) or [])
    later.document_information = _info_changes(reader, emb.signed_revision)
    signed_later = {name for name, rev in signed_in.items() if rev > emb.signed_revision}
    later.allowed = (
        later.unexplained is None
        and status.docmdp_ok is not False
        and (level is None or level in _LATER_ALLOWED)
        and set(later.fields) <= signed_later
        and set(later.document_information) <= TOOL_INFO_KEYS
    )
    return later


def _info_changes(reader, revision: int) -> dict[str, list[str | None]]:  # noqa: ANN001
    """Document-information entries that differ between ``revision`` and the file as it is."""

    def info_at(rev: int) -> dict[str, str]:
        # through the historical resolver: IndirectObject.get_object() reads the newest copy
        resolver = reader.get_historical_resolver(rev)
        try:
            info = resolver(resolver.trailer_view.raw_get("/Info"))
            return {str(k): str(v) for k, v in info.items()}
        except Exception:  # noqa: BLE001 - no or a damaged /Info
            return {}

    old, new = info_at(revision), info_at(reader.xrefs.total_revisions - 1)
    return {k: [old.get(k), new.get(k)] for k in sorted(set(old) | set(new)) if old.get(k) != new.get(k)}


def _describe(later: LaterChanges) -> str:
    parts = []
    if later.fields:
        parts.append(f"form fields {', '.join(later.fields)}")
    other_info = sorted(set(later.document_information) - TOOL_INFO_KEYS)
    if other_info:
        parts.append(f"document information {', '.join(k.lstrip('/') for k in other_info)}")
    parts.extend(later.areas)
    if not parts and later.unexplained:
        parts.append(later.unexplained.splitlines()[0][:200])
    elif not parts and later.level and later.level not in _LATER_ALLOWED:
        parts.append(f"{later.level.replace('_', ' ')} changes")
    return "; ".join(parts) or "changes no signature allows"


#: Where an object lives (its path from the trailer, as pyHanko names it) → what a reader calls it.
_AREAS = (
    ("EmbeddedFiles", "embedded files"), (".Root.AF", "embedded files"), (".Root.Pages", "pages"),
    (".Info", "document information"), (".Root.AcroForm", "form fields"), (".Root.StructTreeRoot", "structure tree"),
    (".Root.Names", "document names"), (".Root.Outlines", "bookmarks"), (".Root.Metadata", "metadata"),
)
_PATH = re.compile(r"PathInRevision\('([^']*)'\)")


_REFERENCE = re.compile(r"Reference\(idnum=(\d+), generation=(\d+)\)")
_KINDS = {"/Annot": "annotations", "/Page": "pages", "/Pages": "pages", "/EmbeddedFile": "embedded files",
          "/Filespec": "embedded files", "/Font": "fonts", "/XObject": "page content"}


def _explain(reader, message: str) -> tuple[list[str], list[str]]:  # noqa: ANN001
    """What pyHanko's 'unexplained change' message points at: the form fields among the changed
    objects, and the other parts of the document (by object type, else by where it is used)."""
    from pyhanko.pdf_utils import generic

    fields: list[str] = []
    areas: list[str] = []
    for idnum, generation in dict.fromkeys(_REFERENCE.findall(message)):
        try:
            obj = reader.get_object(generic.Reference(int(idnum), int(generation), reader))
        except Exception:  # noqa: BLE001 - an object that no longer resolves
            obj = None
        if isinstance(obj, generic.DictionaryObject) and ("/T" in obj or "/FT" in obj or "/Parent" in obj and obj.get("/Subtype") == "/Widget"):
            name = _field_name(obj)
            if name and name not in fields:
                fields.append(name)
                continue
        kind = _KINDS.get(str(obj.get("/Type"))) if isinstance(obj, generic.DictionaryObject) else None
        if kind and kind not in areas:
            areas.append(kind)
    if not fields and not areas:
        areas = _areas(message)
    return sorted(fields), areas


def _field_name(obj) -> str | None:  # noqa: ANN001
    """The fully qualified name of a form field (or of the field a widget belongs to)."""
    parts = []
    node, hops = obj, 0
    while node is not None and hops < 32:
        if "/T" in node:
            parts.append(str(node["/T"]))
        parent = node.get("/Parent")
        node = parent.get_object() if parent is not None else None
        hops += 1
    return ".".join(reversed(parts)) or None


def _areas(message: str) -> list[str]:
    """The parts of the document pyHanko's message names by where changed objects are used."""
    found: list[str] = []
    for path in _PATH.findall(message):
        area = next((name for marker, name in _AREAS if marker in path), f"other objects ({path})")
        if area not in found:
            found.append(area)
    return found


def _text(value) -> str | None:  # noqa: ANN001
    return str(value) if value is not None else None


__all__ = ["Certificate", "LaterChanges", "SignatureCheck", "check_signatures", "has_signatures", "load_trust_roots"]
