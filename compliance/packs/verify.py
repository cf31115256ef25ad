"""`compliance verify`: is a pack intact, and does a re-check with its own data agree?

A signed PDF's signatures are checked too (:mod:`.signatures`); a signed PDF that is not a pack
(a signed attestation form) is verified by its signatures alone.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError, InputErrors, Location, display_path
from ..enums import VerifyStatus
from .contents import (
    ANSWERS,
    EVIDENCE_PREFIX,
    FINDINGS,
    INFO_KEY,
    MANIFEST,
    PACK_FORMAT,
    PROFILE,
    load_embedded,
    sha256,
    write_evidence_tree,
)
from ..files.pdf import embedded_files, open_pdf
from .signatures import SignatureCheck

INTACT, TAMPERED, RULES_CHANGED = VerifyStatus.intact, VerifyStatus.tampered, VerifyStatus.rules_changed
#: Worst first: the status of a report is the worst of its contents' and its signatures'.
_SEVERITY = (TAMPERED, VerifyStatus.untrusted, VerifyStatus.unsigned, RULES_CHANGED, INTACT)


class NotAPack(InputError):
    """The PDF carries no pack (no manifest, no manifest checksum)."""


@dataclass
class FileCheck:
    name: str
    expected_sha256: str | None
    actual_sha256: str | None

    @property
    def ok(self) -> bool:
        return self.expected_sha256 is not None and self.expected_sha256 == self.actual_sha256

    @property
    def problem(self) -> str | None:
        if self.ok:
            return None
        if self.actual_sha256 is None:
            return "missing"
        if self.expected_sha256 is None:
            return "not listed in the manifest"
        return "content changed"


@dataclass
class VerifyReport:
    """Outcome of verifying one pack. ``status``: intact | tampered | rules_changed."""

    file: str
    status: str
    problems: list[str] = field(default_factory=list)
    files: list[FileCheck] = field(default_factory=list)
    manifest: dict[str, Any] = field(default_factory=dict)
    installed_ruleset: dict[str, str] = field(default_factory=dict)
    recorded_verdict: str | None = None
    recheck_verdict: str | None = None
    signatures: list[SignatureCheck] = field(default_factory=list)
    kind: str = "pack"  # or "document": a signed PDF that is not a pack, verified by its signatures

    @property
    def ok(self) -> bool:
        return self.status == INTACT

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "status": self.status,
            "problems": list(self.problems),
            "files": [
                {"name": f.name, "expected_sha256": f.expected_sha256, "actual_sha256": f.actual_sha256, "ok": f.ok}
                for f in self.files
            ],
            "pack": {
                "profile": self.manifest.get("profile"),
                "as_of": self.manifest.get("as_of"),
                "tool": self.manifest.get("tool"),
                "ruleset": self.manifest.get("ruleset"),
            },
            "installed_ruleset": self.installed_ruleset,
            "recorded_verdict": self.recorded_verdict,
            "recheck_verdict": self.recheck_verdict,
            "kind": self.kind,
            "signatures": [sig.to_dict() for sig in self.signatures],
        }


def verify_pack(path: str | Path, ruleset=None, *, trust: list[str | Path] | None = None,
                require_signature: bool = False) -> VerifyReport:
    """Verify the pack at ``path`` against ``ruleset`` (default: the bundled rule set), and its
    signatures against the trust roots in the certificate files ``trust``.

    ``require_signature``: a file without a signature is ``unsigned`` (not ok). A signed PDF that
    is not a pack is verified by its signatures alone (``kind`` ``document``).
    Raises :class:`InputError` when the file is not a PDF, or neither a pack nor signed.
    """
    from .signatures import check_signatures, has_signatures, load_trust_roots

    if trust:
        load_trust_roots(trust)  # a bad --trust file is bad input, signed file or not
    reader = open_pdf(path)
    signed = has_signatures(reader)
    try:
        report = _verify_contents(path, ruleset, reader)
    except NotAPack:
        if not signed:
            raise
        report = VerifyReport(file=display_path(path), status=INTACT, kind="document")
    if signed:
        report.signatures = check_signatures(Path(path).read_bytes(), trust, source=report.file)
    for sig in report.signatures:
        report.problems.extend(f"signature {sig.field}: {problem}" for problem in sig.problems)
    statuses = [report.status, *(sig.status for sig in report.signatures)]
    if require_signature and not report.signatures:
        statuses.append(VerifyStatus.unsigned)
        report.problems.append("the file carries no signature (--require-signature)")
    report.status = min(statuses, key=_SEVERITY.index)
    return report


def _verify_contents(path: str | Path, ruleset, reader) -> VerifyReport:  # noqa: ANN001
    """The pack's embedded files against its manifest, and a re-check with them."""
    from ..ruleset import load_ruleset

    shown = display_path(path)
    attached = embedded_files(reader, path)
    # A pack is recognised by its manifest or by the manifest checksum in its document
    # information: a pack whose manifest was removed is tampered; a PDF that merely carries an
    # answers.json (a filled form, say) is not a pack at all.
    if MANIFEST not in attached and _info_value(reader, INFO_KEY) is None:
        raise NotAPack(
            f"not an attestation pack (no embedded {MANIFEST} and no {INFO_KEY} in the document information)",
            Location(shown),
        )
    report = VerifyReport(file=shown, status=INTACT)
    rs = ruleset if ruleset is not None else load_ruleset()
    report.installed_ruleset = {"id": rs.header.id, "version": rs.header.version, "digest": rs.digest}

    duplicates = sorted(name for name, items in attached.items() if len(items) > 1)
    for name in duplicates:
        report.problems.append(f"{name}: embedded more than once")
    files = {name: items[0] for name, items in attached.items()}

    manifest_bytes = files.get(MANIFEST)
    if manifest_bytes is None:
        report.status = TAMPERED
        report.problems.append(f"{MANIFEST}: missing")
        return report
    try:
        manifest = json.loads(manifest_bytes)
        if not isinstance(manifest, dict) or manifest.get("format") != PACK_FORMAT:
            raise ValueError("unknown format")
        listed: dict[str, dict[str, Any]] = manifest["files"]
    except (ValueError, KeyError, TypeError):
        report.status = TAMPERED
        report.problems.append(f"{MANIFEST}: not a readable {PACK_FORMAT} manifest")
        return report
    report.manifest = manifest

    recorded = _info_value(reader, INFO_KEY)
    if recorded is not None and recorded != sha256(manifest_bytes):
        report.problems.append(f"{MANIFEST}: content changed (its SHA-256 differs from the one printed on the cover)")
    elif recorded is None:
        report.problems.append(f"{MANIFEST}: the document information lacks {INFO_KEY}")
    for name in sorted(set(listed) | (set(files) - {MANIFEST})):
        expected = listed.get(name, {}).get("sha256") if isinstance(listed.get(name), dict) else None
        actual = sha256(files[name]) if name in files else None
        check = FileCheck(name, expected, actual)
        report.files.append(check)
        if check.problem:
            report.problems.append(f"{name}: {check.problem}")
    if report.problems:
        report.status = TAMPERED
        return report

    # Intact as stored: re-run the check with the embedded data.
    findings = json.loads(files[FINDINGS])
    report.recorded_verdict = findings.get("verdict")
    try:
        recheck = _recheck(rs, files, manifest)
    except (InputError, InputErrors) as exc:
        report.status = TAMPERED
        report.problems.append(f"embedded data no longer loads: {str(exc).splitlines()[0]}")
        return report
    report.recheck_verdict = recheck.get("verdict")
    same_rules = manifest.get("ruleset", {}).get("digest") == rs.digest
    if not same_rules:
        report.status = RULES_CHANGED
        rec = manifest.get("ruleset", {})
        report.problems.append(
            f"rules changed: the pack was checked with {rec.get('id')} {rec.get('version')} "
            f"(digest {str(rec.get('digest'))[:12]}…), installed is {rs.header.id} {rs.header.version} "
            f"(digest {rs.digest[:12]}…); re-check verdict with installed rules: {report.recheck_verdict}"
        )
    elif _comparable(recheck) != _comparable(findings):
        report.status = TAMPERED
        report.problems.append(f"{FINDINGS}: does not match a re-check of the embedded answers with the same rules")
    return report


def _info_value(reader, key: str) -> str | None:
    try:
        info = reader.metadata
        value = info.get(key) if info else None
    except Exception:  # noqa: BLE001 - a damaged info dictionary counts as missing
        return None
    return str(value) if value is not None else None


def _comparable(findings: dict[str, Any]) -> str:
    return json.dumps(findings, sort_keys=True, ensure_ascii=False, default=str)


def _recheck(rs, files: dict[str, bytes], manifest: dict[str, Any]) -> dict[str, Any]:
    from ..checking import check
    from ..models import Answers, Profile

    profile = load_embedded(Profile, files[PROFILE], PROFILE)
    answers = load_embedded(Answers, files[ANSWERS], ANSWERS)
    as_of = dt.date.fromisoformat(manifest["as_of"])
    with tempfile.TemporaryDirectory(prefix="compliance-verify-") as tmp:
        root = Path(tmp)
        write_evidence_tree(
            root, ((n[len(EVIDENCE_PREFIX):], d) for n, d in files.items() if n.startswith(EVIDENCE_PREFIX))
        )
        result = check(
            rs, profile, answers, as_of=as_of, evidence_dir=root, lang=manifest.get("lang", "de"), source=ANSWERS
        )
        return json.loads(json.dumps(result.to_dict(), default=str))
