"""What a pack embeds, and its manifest. Pure data: no PDF code here."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from ..errors import InputError, Location

PACK_FORMAT = "compliance-pack/1"
MANIFEST = "manifest.json"
ANSWERS = "answers.json"
FINDINGS = "findings.json"
PROFILE = "profile.json"
#: What a request of the vendor portal went through (``compliance serve``), when a pack embeds it.
HISTORY = "history.json"
EVIDENCE_PREFIX = "evidence/"
#: Key in the PDF document information holding the SHA-256 of manifest.json.
INFO_KEY = "/ComplianceManifestSHA256"
#: Largest single evidence file and largest total evidence embedded in one pack.
MAX_EVIDENCE_FILE_BYTES = 20 * 1024 * 1024
MAX_EVIDENCE_TOTAL_BYTES = 100 * 1024 * 1024
_EXTRA_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")


def canonical_json(data: Any) -> bytes:
    """Stable JSON bytes: sorted keys, UTF-8, two-space indent, trailing newline."""
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True, default=str) + "\n").encode("utf-8")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class EvidenceFile:
    path: str  # relative to the evidence folder, with forward slashes
    data: bytes
    rules: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return EVIDENCE_PREFIX + self.path


@dataclass
class PackContents:
    """The embedded files of a pack, in a fixed order, and the manifest describing them."""

    files: dict[str, bytes] = field(default_factory=dict)
    manifest: dict[str, Any] = field(default_factory=dict)

    @property
    def manifest_bytes(self) -> bytes:
        return self.files[MANIFEST]

    @property
    def manifest_sha256(self) -> str:
        return sha256(self.manifest_bytes)


def assemble(
    *,
    tool_version: str,
    ruleset: dict[str, str],
    as_of: str,
    lang: str,
    profile: dict[str, Any],
    answers: dict[str, Any],
    findings: dict[str, Any],
    evidence: list[EvidenceFile],
    extra: Mapping[str, bytes] | None = None,
) -> PackContents:
    """Build the embedded files and the manifest. ``ruleset`` is {id, version, digest}.

    ``extra``: further files to embed by name (``history.json``), listed in the manifest like
    every other file, so that verify checks their hashes too."""
    extra = dict(extra or {})
    for name in extra:
        if name in (ANSWERS, FINDINGS, PROFILE, MANIFEST) or not _EXTRA_NAME.fullmatch(name):
            raise ValueError(f"{name!r} cannot be embedded as an extra file (reserved, or not a plain file name)")
    total = 0
    for ev in evidence:
        size = len(ev.data)
        total += size
        if size > MAX_EVIDENCE_FILE_BYTES:
            raise InputError(
                f"evidence file is {size:,} bytes; a pack embeds at most {MAX_EVIDENCE_FILE_BYTES:,} bytes per file"
                " (link large files instead and attach a summary)", Location(ev.name),
            )
        if total > MAX_EVIDENCE_TOTAL_BYTES:
            raise InputError(f"evidence totals more than {MAX_EVIDENCE_TOTAL_BYTES:,} bytes with this file; too large "
                             "for one pack", Location(ev.name))
    files: dict[str, bytes] = {
        ANSWERS: canonical_json(answers),
        FINDINGS: canonical_json(findings),
        PROFILE: canonical_json(profile),
    }
    files.update(sorted(extra.items()))
    for ev in sorted(evidence, key=lambda e: e.path):
        files[ev.name] = ev.data
    manifest = {
        "format": PACK_FORMAT,
        "tool": {"name": "compliance", "version": tool_version},
        "ruleset": dict(ruleset),
        "as_of": as_of,
        "lang": lang,
        "profile": profile.get("id"),
        "verdict": findings.get("verdict"),
        "files": {name: {"sha256": sha256(data), "size": len(data)} for name, data in files.items()},
        "evidence": [
            {"path": ev.path, "sha256": sha256(ev.data), "size": len(ev.data), "rules": list(ev.rules)}
            for ev in sorted(evidence, key=lambda e: e.path)
        ],
    }
    files[MANIFEST] = canonical_json(manifest)
    return PackContents(files, manifest)


def write_evidence_tree(root: str | Path, files: Iterable[tuple[str, bytes]]) -> None:
    """Lay out evidence files (paths relative to the evidence folder, ``/``-separated) under
    ``root``, so the checker can read them as it read the originals. Paths that would leave
    ``root`` are :class:`InputError`."""
    for rel, data in files:
        parts = PurePosixPath(rel).parts
        if not parts or PurePosixPath(rel).is_absolute() or ".." in parts:
            raise InputError(f"{EVIDENCE_PREFIX}{rel}: evidence path escapes the pack")
        target = Path(root, *parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def load_embedded(model, data: bytes, name: str):
    """An embedded JSON file (``profile.json``, ``answers.json``) validated as ``model``."""
    from ..models.loading import validate_document
    from ..files.reader import parse_json_text

    return validate_document(model, parse_json_text(data.decode("utf-8"), name))
