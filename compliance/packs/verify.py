"""`compliance verify`: do the page and the data of a pack agree, is the data intact, and does a
re-check with the pack's own data give the recorded result?

What is checked, in this order (every disagreement is a problem; any problem makes the pack
``tampered``, exit 1; only a file that is not a pack at all is bad input, exit 2):

1. **The pack as written.** A PDF editor saving in place appends an incremental update after the
   original ``%%EOF``. The cover page is read from the *original* revision (the bytes up to its
   first ``%%EOF``), so an update cannot change what the cover is taken to say. Every update is
   reported with the objects it changed; one that changes what a page shows (its content,
   resources or the number of pages) or adds an annotation other than a signature field is a
   problem. Updates that only add signatures, form data or metadata are reported, not problems.
2. **Page and data.** The manifest checksum printed on the cover must be the SHA-256 of the
   embedded ``manifest.json`` (and equal the one in the document information); the verdict and
   profile id printed on the cover must be the manifest's.
3. **The manifest.** Its fields must have their shapes (``as_of`` a date, ``files`` a mapping of
   name → SHA-256 and size, ``ruleset`` {id, version, digest}, …); every embedded file must be
   listed with its SHA-256 and size, and every listed file embedded; the evidence list must match
   the embedded ``evidence/`` files; the profile id, verdict, as-of date and rule set must be those
   of ``profile.json``, ``answers.json`` and ``findings.json``.
4. **The re-check.** The check is run again with the embedded profile, answers and evidence; its
   result must equal ``findings.json``. With a different installed rule set the status is
   ``rules_changed`` and the re-check verdict with the installed rules is reported.

What only a signature can prove: who made the pack. Whoever re-renders a whole pack (cover
included) from forged data makes a pack that is consistent in every respect above.

5. **Signatures.** A signed PDF's signatures are checked too (:mod:`.signatures`): integrity,
   changes after signing, the certificate at signing time, trust under ``--trust``. A signed PDF
   that is not a pack (a signed attestation form) is verified by its signatures alone.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from ..enums import LANGS, Verdict, VerifyStatus
from ..errors import InputError, InputErrors, Location, display_path, shorten
from ..files.pdf import embedded_files, open_pdf_bytes, pdf_errors, read_pdf_bytes, revisions
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

from .signatures import SignatureCheck

INTACT, TAMPERED, RULES_CHANGED = VerifyStatus.intact, VerifyStatus.tampered, VerifyStatus.rules_changed
#: Worst first: the status of a report is the worst of its contents' and its signatures'.
_SEVERITY = (TAMPERED, VerifyStatus.untrusted, VerifyStatus.unsigned, RULES_CHANGED, INTACT)
_HEX64 = re.compile(r"^[0-9a-f]{64}$")


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
class Update:
    """One incremental update appended after the pack was written."""

    revision: int  # 2 for the first update
    start: int  # byte offset where it begins
    size: int  # bytes
    objects: list[dict[str, Any]] = field(default_factory=list)  # {object, generation?, kind, new}

    def to_dict(self) -> dict[str, Any]:
        return {"revision": self.revision, "start": self.start, "size": self.size, "objects": list(self.objects)}

    def summary(self) -> str:
        listed = ", ".join(f"{o['object']} ({o['kind']}{', new' if o['new'] else ''})" for o in self.objects[:12])
        more = f" and {len(self.objects) - 12} more" if len(self.objects) > 12 else ""
        what = f"changes object(s) {listed}{more}" if self.objects else "changes no object"
        return f"incremental update after the pack was written (revision {self.revision}, {self.size:,} bytes) {what}"


@dataclass
class VerifyReport:
    """Outcome of verifying one pack. ``status``: intact | tampered | rules_changed.

    ``cover``: what the cover page of the pack as written shows (``manifest_sha256``, ``verdict``,
    ``profile``); ``updates``: incremental updates after the pack was written; ``notes``:
    observations that are not problems. Other checks (signatures) add their own fields.
    """

    file: str
    status: str
    problems: list[str] = field(default_factory=list)
    files: list[FileCheck] = field(default_factory=list)
    manifest: dict[str, Any] = field(default_factory=dict)
    installed_ruleset: dict[str, str] = field(default_factory=dict)
    recorded_verdict: str | None = None
    recheck_verdict: str | None = None
    cover: dict[str, Any] = field(default_factory=dict)
    updates: list[Update] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    signatures: list[SignatureCheck] = field(default_factory=list)
    kind: str = "pack"  # or "document": a signed PDF that is not a pack, verified by its signatures

    @property
    def ok(self) -> bool:
        return self.status == INTACT

    def problem(self, text: str) -> None:
        self.problems.append(text)
        self.status = TAMPERED

    def to_dict(self) -> dict[str, Any]:
        m = self.manifest
        return {
            "file": self.file,
            "status": self.status,
            "problems": list(self.problems),
            "files": [
                {"name": f.name, "expected_sha256": f.expected_sha256, "actual_sha256": f.actual_sha256, "ok": f.ok}
                for f in self.files
            ],
            "pack": {"profile": m.get("profile"), "as_of": m.get("as_of"), "tool": m.get("tool"), "ruleset": m.get("ruleset")},
            "installed_ruleset": self.installed_ruleset,
            "recorded_verdict": self.recorded_verdict,
            "recheck_verdict": self.recheck_verdict,
            "cover": dict(self.cover),
            "updates": [u.to_dict() for u in self.updates],
            "notes": list(self.notes),
            "kind": self.kind,
            "signatures": [sig.to_dict() for sig in self.signatures],
        }


def verify_pack(path: str | Path, ruleset=None, *, trust: list[str | Path] | None = None,
                require_signature: bool = False) -> VerifyReport:
    """Verify the pack at ``path`` against ``ruleset`` (default: the bundled rule set), and its
    signatures against the trust roots in the certificate files ``trust``.

    ``require_signature``: a file without a signature is ``unsigned`` (not ok). A signed PDF that
    is not a pack is verified by its signatures alone (``kind`` ``document``).
    Raises :class:`InputError` when the file is not a readable PDF, or neither a pack nor signed;
    everything else that is wrong with a pack is a problem in the report (status ``tampered``).
    """
    from .signatures import check_signatures, has_signatures, load_trust_roots

    if trust:
        load_trust_roots(trust)  # a bad --trust file is bad input, signed file or not
    shown = display_path(path)
    data = read_pdf_bytes(path)
    reader = open_pdf_bytes(data, shown)
    signed = has_signatures(reader)
    try:
        report = _verify_contents(shown, data, reader, ruleset)
    except NotAPack:
        if not signed:
            raise
        report = VerifyReport(file=shown, status=INTACT, kind="document")
    if signed:
        report.signatures = check_signatures(data, trust, source=report.file)
    for sig in report.signatures:
        report.problems.extend(f"signature {sig.field}: {problem}" for problem in sig.problems)
    statuses = [report.status, *(sig.status for sig in report.signatures)]
    if require_signature and not report.signatures:
        statuses.append(VerifyStatus.unsigned)
        report.problems.append("the file carries no signature (--require-signature)")
    report.status = min(statuses, key=_SEVERITY.index)
    return report


def _verify_contents(shown: str, data: bytes, reader, ruleset) -> VerifyReport:  # noqa: ANN001
    """The pack as written, its page and data, its manifest and a re-check with its data."""
    from ..ruleset import load_ruleset

    attached = embedded_files(reader, shown)
    recorded = _info_value(reader, INFO_KEY)
    # A pack is recognised by its manifest or by the manifest checksum in its document
    # information: a pack whose manifest was removed is tampered; a PDF that merely carries an
    # answers.json (a filled form, say) is not a pack at all.
    if MANIFEST not in attached and recorded is None:
        raise NotAPack(
            f"not an attestation pack (no embedded {MANIFEST} and no {INFO_KEY} in the document information)",
            Location(shown),
        )
    report = VerifyReport(file=shown, status=INTACT)
    rs = ruleset if ruleset is not None else load_ruleset()
    report.installed_ruleset = {"id": rs.header.id, "version": rs.header.version, "digest": rs.digest}

    original = _original_revision(data, reader, shown, report)
    for name in sorted(name for name, items in attached.items() if len(items) > 1):
        report.problem(f"{name}: embedded more than once")
    files = {name: items[0] for name, items in attached.items()}

    manifest_bytes = files.get(MANIFEST)
    if manifest_bytes is None:
        report.problem(f"{MANIFEST}: missing")
        return report
    manifest = _json_object(manifest_bytes, MANIFEST, report)
    if manifest is None or manifest.get("format") != PACK_FORMAT:
        if manifest is not None:
            report.problem(f"{MANIFEST}: not a {PACK_FORMAT} manifest (format {shorten(repr(manifest.get('format')))})")
        return report
    shape = _manifest_shape(manifest)
    for p in shape:
        report.problem(f"{MANIFEST}: {p}")
    report.manifest = manifest
    digest = sha256(manifest_bytes)
    _check_page(original, manifest, digest, recorded, shown, report)
    if shape:
        return report

    listed: dict[str, dict[str, Any]] = manifest["files"]
    for name in sorted(set(listed) | (set(files) - {MANIFEST})):
        expected = listed[name]["sha256"] if name in listed else None
        actual = sha256(files[name]) if name in files else None
        check = FileCheck(name, expected, actual)
        report.files.append(check)
        if check.problem:
            report.problem(f"{name}: {check.problem}")
        elif len(files[name]) != listed[name]["size"]:
            report.problem(f"{name}: {len(files[name]):,} bytes, the manifest says {listed[name]['size']:,}")
    for name in (ANSWERS, FINDINGS, PROFILE):
        if name not in files and name not in listed:
            report.problem(f"{name}: missing (a pack always embeds it)")
    report.files.append(FileCheck(MANIFEST, report.cover.get("manifest_sha256"), digest))
    report.files.sort(key=lambda f: f.name)
    _check_evidence(manifest, files, report)
    embedded = {name: _json_object(files[name], name, report) for name in (PROFILE, ANSWERS, FINDINGS) if name in files}
    _check_fields(manifest, embedded, report)
    if report.problems:
        return report

    # Page and data agree and every file is as written: re-run the check with the embedded data.
    findings = embedded[FINDINGS]
    report.recorded_verdict = findings.get("verdict")
    try:
        recheck = _recheck(rs, files, manifest)
    except (InputError, InputErrors) as exc:
        report.problem(f"embedded data no longer loads: {str(exc).splitlines()[0]}")
        return report
    except (OSError, ValueError, TypeError, KeyError, AttributeError) as exc:
        report.problem(f"embedded data cannot be re-checked ({type(exc).__name__}: {shorten(str(exc), 120)})")
        return report
    report.recheck_verdict = recheck.get("verdict")
    rec = manifest["ruleset"]
    if rec["digest"] != rs.digest:
        report.status = RULES_CHANGED
        report.problems.append(
            f"rules changed: the pack was checked with {rec['id']} {rec['version']} "
            f"(digest {rec['digest'][:12]}…), installed is {rs.header.id} {rs.header.version} "
            f"(digest {rs.digest[:12]}…); re-check verdict with installed rules: {report.recheck_verdict}"
        )
    elif _comparable(recheck) != _comparable(findings):
        report.problem(f"{FINDINGS}: does not match a re-check of the embedded answers with the same rules"
                       + (f" (recorded verdict {findings.get('verdict')}, re-check {report.recheck_verdict})"
                          if findings.get("verdict") != report.recheck_verdict else ""))
    return report


# --------------------------------------------------------------------------- the pack as written


def _original_revision(data: bytes, reader, shown: str, report: VerifyReport):
    """The reader of the pack as first written; records every later incremental update."""
    ends = revisions(data)
    if not ends or not data[ends[0]:].strip():
        return reader
    try:
        original = open_pdf_bytes(data[: ends[0]], shown)
    except InputError as exc:
        report.problem(f"the file's first revision is not a readable PDF ({exc.message})")
        return reader
    bounds = ends + ([len(data)] if data[ends[-1]:].strip() else [])
    try:
        with pdf_errors(shown):
            objects = _changed_objects(original, reader)
            page_problems = _page_changes(original, reader, {o["object"] for o in objects})
    except InputError as exc:
        objects, page_problems = [], [f"the incremental update cannot be compared with the pack as written ({exc.message})"]
    previous = original
    for i, (start, end) in enumerate(zip(bounds, bounds[1:]), 2):
        # Each update against the revision before it: what this update itself changed.
        changed: list[dict[str, Any]] = []
        try:
            with pdf_errors(shown):
                current = reader if end == bounds[-1] else open_pdf_bytes(data[:end], shown)
                changed = _changed_objects(previous, current)
            previous = current
        except InputError:
            pass  # a revision that does not open alone: its changes show in the next one
        report.updates.append(Update(i, start, end - start, changed))
    for u in report.updates:
        report.notes.append(u.summary())
    for p in page_problems:
        report.problem(p)
    return original


def _xref_locations(reader) -> dict[int, tuple]:
    out: dict[int, tuple] = {}
    for gen, table in reader.xref.items():
        for num, offset in table.items():
            out[num] = ("at", gen, offset)
    for num, where in reader.xref_objStm.items():
        out[num] = ("in", *where)
    return out


def _changed_objects(original, current) -> list[dict[str, Any]]:
    before, after = _xref_locations(original), _xref_locations(current)
    changed = sorted(n for n in set(before) | set(after) if before.get(n) != after.get(n))
    out = []
    for num in changed:
        kind = "freed"
        if num in after:
            try:
                obj = current.get_object(num)
                kind = str(obj.get("/Type") or obj.get("/Subtype") or "dictionary") if hasattr(obj, "get") else type(obj).__name__
            except Exception:  # noqa: BLE001 - a damaged object is still a changed object
                kind = "unreadable"
        out.append({"object": num, "kind": kind, "new": num not in before})
    return out


_WALK_LIMIT = 50_000


def _refs(obj, seen: set[int], skip=("/Parent", "/Annots")) -> None:
    """Object numbers reachable from ``obj`` (not through ``skip`` keys), into ``seen``."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

    stack = [obj]
    while stack and len(seen) < _WALK_LIMIT:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            if item.idnum in seen:
                continue
            seen.add(item.idnum)
            item = item.get_object()
        if isinstance(item, (DictionaryObject, StreamObject)):
            stack.extend(v for k, v in item.items() if k not in skip)
        elif isinstance(item, ArrayObject):
            stack.extend(item)


def _shape(page) -> str:
    """A page dictionary without /Annots and /Parent, references by number (what a page shows)."""
    from pypdf.generic import IndirectObject

    def canon(v, depth=0):
        if isinstance(v, IndirectObject):
            return f"{v.idnum} R"
        if depth > 20:
            return "…"
        if hasattr(v, "items"):
            return {str(k): canon(x, depth + 1) for k, x in sorted(v.items()) if k not in ("/Annots", "/Parent")}
        if isinstance(v, list):
            return [canon(x, depth + 1) for x in v]
        return repr(v)

    return json.dumps(canon(page), sort_keys=True)


def _annotations(page) -> dict[int, Any]:
    annots = page.get("/Annots")
    annots = annots.get_object() if annots is not None else []
    return {ref.idnum: ref.get_object() for ref in (annots if isinstance(annots, list) else []) if hasattr(ref, "idnum")}


def _is_signature_widget(annot) -> bool:
    if annot.get("/Subtype") != "/Widget":
        return False
    parent = annot.get("/Parent")
    field_type = annot.get("/FT") or (parent.get_object().get("/FT") if parent is not None else None)
    return field_type == "/Sig"


def _page_changes(original, current, changed: set[int]) -> list[str]:
    """What an update changes that a reader of the pages would see."""
    problems = []
    old, new = list(original.pages), list(current.pages)
    if len(old) != len(new):
        problems.append(f"an incremental update changes the number of pages ({len(old)} → {len(new)})")
    for number, (a, b) in enumerate(zip(old, new), 1):
        reachable: set[int] = set()
        _refs(b, reachable)
        if _shape(a) != _shape(b) or reachable & changed:
            problems.append(f"an incremental update changes what page {number} shows")
        before = _annotations(a)
        for num, annot in _annotations(b).items():
            if (num not in before or num in changed) and not _is_signature_widget(annot):
                kind = str(annot.get("/Subtype", "unknown"))
                problems.append(f"an incremental update adds or changes a {kind} annotation on page {number}")
    return problems


# --------------------------------------------------------------------------- page and data


#: A long vendor name or address may push the end of the cover to the next page.
COVER_PAGES = 3


def _cover_text(reader, shown: str, label: str | None) -> str:
    """The text of the cover: its first page, and following pages up to the one that prints the
    manifest checksum (``label``), at most :data:`COVER_PAGES`."""
    texts = []
    with pdf_errors(shown):
        for page in list(reader.pages)[:COVER_PAGES]:
            texts.append(page.extract_text() or "")
            if label is None or label.casefold() in texts[-1].casefold():
                break
    return "\n".join(texts)


def _check_page(original, manifest: dict[str, Any], digest: str, recorded: str | None, shown: str,
                report: VerifyReport) -> None:
    """The cover of the pack as written against the manifest; the document information too."""
    from ..i18n import catalogue

    lang = manifest.get("lang") if manifest.get("lang") in LANGS else None
    words = catalogue(lang)["documents"] if lang else {}
    try:
        text = _cover_text(original, shown, words.get("manifest_digest"))
    except InputError as exc:
        report.problem(f"cover page: cannot be read ({exc.message})")
        return
    found = [re.sub(r"\s", "", h) for h in re.findall(r"(?<![0-9A-Za-z])((?:[0-9a-f]\s?){63}[0-9a-f])(?![0-9A-Za-z])", text)]
    printed = digest if digest in found else (found[0] if found else None)
    report.cover["manifest_sha256"] = printed
    if printed is None:
        report.problem(f"{MANIFEST}: the cover page shows no manifest checksum, so page and data cannot be tied together")
    elif printed != digest:
        report.problem(f"{MANIFEST}: content changed (its SHA-256 {digest[:16]}… differs from the one printed on the "
                       f"cover, {printed[:16]}…)")
    if recorded is None:
        report.problem(f"{MANIFEST}: the document information lacks {INFO_KEY}")
    elif recorded != digest:
        report.problem(f"{MANIFEST}: content changed (its SHA-256 differs from {INFO_KEY} in the document information)")
    shown_verdict = _labelled(text, words.get("verdict"))
    if shown_verdict is not None:
        by_text = {words.get(f"status_{v.value}", "").casefold(): v.value for v in Verdict}
        verdict = by_text.get(shown_verdict.casefold(), shown_verdict)
        report.cover["verdict"] = verdict
        if verdict != manifest.get("verdict"):
            report.problem(f"{MANIFEST}: verdict {shorten(repr(manifest.get('verdict')))}, but the cover shows "
                           f"{shown_verdict!r} ({verdict})")
    shown_profile = _labelled(text, words.get("profile_id"))
    if shown_profile is not None:
        report.cover["profile"] = shown_profile
        if shown_profile != manifest.get("profile"):
            report.problem(f"{MANIFEST}: profile {shorten(repr(manifest.get('profile')))}, but the cover shows {shown_profile!r}")


def _labelled(text: str, label: str | None) -> str | None:
    """The value printed after ``label`` at the start of a line of the cover (labels may be
    upper-cased by the style sheet), or None."""
    if not label:
        return None
    for line in text.splitlines():
        if line.casefold().startswith(label.casefold() + " "):
            return line[len(label) + 1:].strip()
    return None


# --------------------------------------------------------------------------- the manifest


def _json_object(data: bytes, name: str, report: VerifyReport) -> dict[str, Any] | None:
    try:
        value = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        report.problem(f"{name}: not UTF-8 text")
        return None
    except ValueError as exc:
        report.problem(f"{name}: not JSON ({shorten(str(exc), 80)})")
        return None
    if not isinstance(value, dict):
        report.problem(f"{name}: not a JSON object (a {type(value).__name__})")
        return None
    return value


def _is_date(value: Any) -> bool:
    try:
        return isinstance(value, str) and dt.date.fromisoformat(value).isoformat() == value
    except ValueError:
        return False


def _manifest_shape(m: dict[str, Any]) -> list[str]:
    """Fields of the manifest that do not have their shape (each named)."""
    bad = []

    def field_(key: str, ok: bool, want: str) -> None:
        if not ok:
            bad.append(f"{key} {shorten(repr(m.get(key)))} is not {want}")

    def strings(value: Any, keys: tuple[str, ...]) -> bool:
        return isinstance(value, dict) and all(isinstance(value.get(k), str) for k in keys)

    field_("as_of", _is_date(m.get("as_of")), "a date (YYYY-MM-DD)")
    field_("lang", m.get("lang") in LANGS, f"a language ({', '.join(LANGS)})")
    field_("profile", isinstance(m.get("profile"), str), "a profile id")
    field_("verdict", m.get("verdict") in {v.value for v in Verdict}, "a verdict")
    field_("tool", strings(m.get("tool"), ("name", "version")), "{name, version}")
    field_("ruleset", strings(m.get("ruleset"), ("id", "version", "digest")), "{id, version, digest}")
    files = m.get("files")
    field_("files", isinstance(files, dict) and all(
        isinstance(meta, dict) and isinstance(meta.get("sha256"), str) and bool(_HEX64.match(meta["sha256"]))
        and type(meta.get("size")) is int and meta["size"] >= 0 for meta in files.values()
    ), "a mapping of file name to {sha256, size}")
    if isinstance(files, dict) and MANIFEST in files:
        bad.append(f"files lists {MANIFEST} itself")
    evidence = m.get("evidence")
    field_("evidence", isinstance(evidence, list) and all(
        isinstance(e, dict) and isinstance(e.get("path"), str) and isinstance(e.get("sha256"), str)
        and type(e.get("size")) is int and isinstance(e.get("rules"), list) for e in evidence
    ), "a list of {path, sha256, size, rules}")
    return bad


def _check_evidence(manifest: dict[str, Any], files: dict[str, bytes], report: VerifyReport) -> None:
    """The evidence list against the embedded evidence files; paths that cannot be laid out."""
    names = {n for n in set(files) | set(manifest["files"]) if n.startswith(EVIDENCE_PREFIX)}
    listed = {}
    for e in manifest["evidence"]:
        name = EVIDENCE_PREFIX + e["path"]
        listed[name] = e
        meta = manifest["files"].get(name)
        if meta is None:
            report.problem(f"{MANIFEST}: evidence {shorten(repr(e['path']))} is not among its files")
        elif (meta["sha256"], meta["size"]) != (e["sha256"], e["size"]):
            report.problem(f"{MANIFEST}: evidence {shorten(repr(e['path']))}: SHA-256 or size differ between 'files' and 'evidence'")
    for name in sorted(names - set(listed)):
        report.problem(f"{name}: not in the manifest's evidence list")
    for name in sorted(names):
        parts = PurePosixPath(name[len(EVIDENCE_PREFIX):]).parts
        if not parts or name.endswith("/") or PurePosixPath(name).is_absolute() or ".." in parts or "\\" in name:
            report.problem(f"{name}: evidence path escapes the pack")
            continue
        for i in range(1, len(parts)):
            folder = EVIDENCE_PREFIX + "/".join(parts[:i])
            if folder in names:
                report.problem(f"{name}: {folder} is a file, not a folder")


def _check_fields(manifest: dict[str, Any], embedded: dict[str, dict | None], report: VerifyReport) -> None:
    """Profile id, verdict, as-of date, language and rule set of the manifest against the files."""
    profile, answers, findings = (embedded.get(n) for n in (PROFILE, ANSWERS, FINDINGS))

    def same(name: str, what: str, value: Any, expected: Any) -> None:
        if value != expected:
            report.problem(f"{name}: {what} {shorten(repr(value))}, the manifest says {shorten(repr(expected))}")

    if profile is not None:
        same(PROFILE, "profile id", profile.get("id"), manifest["profile"])
    if answers is not None:
        same(ANSWERS, "profile", answers.get("profile"), manifest["profile"])
    if findings is not None:
        same(FINDINGS, "verdict", findings.get("verdict"), manifest["verdict"])
        same(FINDINGS, "profile", findings.get("profile"), manifest["profile"])
        same(FINDINGS, "as_of", findings.get("as_of"), manifest["as_of"])
        same(FINDINGS, "lang", findings.get("lang"), manifest["lang"])
        same(FINDINGS, "ruleset", findings.get("ruleset"), manifest["ruleset"])


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
        result = check(rs, profile, answers, as_of=as_of, evidence_dir=root, lang=manifest["lang"], source=ANSWERS)
        return json.loads(json.dumps(result.to_dict(), default=str))
