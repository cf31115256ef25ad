"""Building an attestation pack: check, assemble the embedded files, render one PDF/A-3b.

The findings recorded in a pack are computed from exactly what the pack embeds (the answers and
profile as re-read from their JSON, the evidence files copied to a private folder), so that
`compliance verify` repeating the check with the embedded data gets the same result.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass, field
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__
from ..files.atomic import write_atomic
from ..files.outputs import output_target, pack_filename
from ..errors import InputError
from ..ruleset import RuleSet, load_profile
from ..models import Answers, Profile
from .contents import (
    ANSWERS,
    EVIDENCE_PREFIX,
    HISTORY,
    INFO_KEY,
    PROFILE,
    EvidenceFile,
    PackContents,
    assemble,
    canonical_json,
    load_embedded,
    write_evidence_tree,
)

PACK_VARIANT = "pdf/a-3b"

if TYPE_CHECKING:
    from .signing import SignRequest, SignResult


@dataclass
class PackResult:
    verdict: str
    pdf: bytes
    contents: PackContents
    pages: int = 0
    path: Path | None = None
    embedded: list[str] = field(default_factory=list)
    signature: SignResult | None = None

    @property
    def manifest_sha256(self) -> str:
        return self.contents.manifest_sha256


def build_pack(
    ruleset: RuleSet,
    profile: Profile,
    answers: Answers,
    *,
    as_of: dt.date,
    evidence_dir: str | Path | None = None,
    lang: str = "de",
    templates_dir: str | Path | None = None,
    on_warning=None,
    font_config=None,
    extra_files: Mapping[str, bytes] | None = None,
    timeline: bool = False,
) -> PackResult:
    """Check ``answers`` and render the pack PDF (bytes, not written anywhere); with ``timeline``,
    the appendix picture of how the vendor's obligations changed.

    ``font_config``: reuse one WeasyPrint font configuration across packs (see
    :func:`pack_font_config`); the bytes are the same either way. ``extra_files``: more files
    to embed by name, hashed in the manifest like the others (the vendor portal embeds
    ``history.json``, the request's history).
    """
    from ..checking import check
    from ..documents import Labels, build_context, html_to_pdf, render_html
    from ..documents.documents import declarations
    from ..documents.report import checked_rules, report_extra

    profile, answers = _as_embedded(profile, answers)

    # First pass: which evidence files are acceptable (inside the folder, present)?
    first = check(ruleset, profile, answers, as_of=as_of, evidence_dir=evidence_dir, lang=lang, source=ANSWERS)
    base = Path(evidence_dir).resolve() if evidence_dir else None
    evidence: dict[str, EvidenceFile] = {}
    for rec in first.evidence:
        rules = tuple(sorted(set(evidence[rec.path].rules) | {rec.rule})) if rec.path in evidence else (rec.rule,)
        assert base is not None  # verified evidence implies a folder
        evidence[rec.path] = EvidenceFile(rec.path, _evidence_bytes(base, rec.path, evidence_dir), rules)

    with tempfile.TemporaryDirectory(prefix="compliance-pack-") as tmp:
        write_evidence_tree(tmp, ((ev.path, ev.data) for ev in evidence.values()))
        # Second pass: exactly what `compliance verify` will repeat from the embedded files.
        result = check(ruleset, profile, answers, as_of=as_of, evidence_dir=tmp, lang=lang, source=ANSWERS)

    findings = result.to_dict(lang)
    contents = assemble(
        tool_version=__version__,
        ruleset={"id": ruleset.header.id, "version": ruleset.header.version, "digest": ruleset.digest},
        as_of=as_of.isoformat(),
        lang=lang,
        profile=profile.model_dump(mode="json"),
        answers=answers.model_dump(mode="json", exclude_none=True, exclude_defaults=True),
        findings=findings,
        evidence=list(evidence.values()),
        extra=extra_files,
    )

    t = Labels(lang)
    extra = report_extra(result, lang)
    extra.update(
        link_rules=True,
        manifest_sha256=contents.manifest_sha256,
        embedded=contents.manifest["files"],
        declarations=[a.id for a in declarations(checked_rules(result), profile)],
    )
    if timeline:
        from ..documents.documents import vendor_timeline

        extra["timeline"] = vendor_timeline(ruleset, profile, as_of, lang)
    ctx = build_context(
        "pack", ruleset, profile, as_of, checked_rules(result), lang,
        title=t.pack_title, subtitle=t.pack_subtitle, extra=extra,
    )
    html = render_html("pack.html.j2", {"doc": ctx, "t": t, "soft_hyphens": True}, templates_dir)
    descriptions = {
        "answers.json": "Answers as loaded",
        "findings.json": "Check result (compliance check --format json)",
        "profile.json": "Vendor profile",
        "manifest.json": "Manifest: tool, rule set, as-of date, SHA-256 of every embedded file",
        HISTORY: "History of the request: who did what, when (vendor portal)",
    }
    attachments = [
        (name, data, descriptions.get(name, "Evidence file" if name.startswith(EVIDENCE_PREFIX) else "Embedded file"))
        for name, data in contents.files.items()
    ]
    stamp = dt.datetime(as_of.year, as_of.month, as_of.day, tzinfo=dt.timezone.utc)
    pages: list[int] = []
    pdf = html_to_pdf(
        html,
        templates_dir=templates_dir,
        metadata={INFO_KEY: contents.manifest_sha256, "/ComplianceProfile": profile.id},
        attachments=attachments,
        attachment_date=stamp,
        variant=PACK_VARIANT,
        on_warning=on_warning,
        font_config=font_config,
        page_count=pages,
    )
    return PackResult(result.verdict, pdf, contents, pages=pages[0], embedded=list(contents.files))


def _dump(profile: Profile, answers: Answers) -> tuple[bytes, bytes]:
    return (canonical_json(profile.model_dump(mode="json")),
            canonical_json(answers.model_dump(mode="json", exclude_none=True, exclude_defaults=True)))


def _as_embedded(profile: Profile, answers: Answers) -> tuple[Profile, Answers]:
    """The profile and answers as a pack embeds them (canonical JSON, read back)."""
    profile_bytes, answers_bytes = _dump(profile, answers)
    return load_embedded(Profile, profile_bytes, PROFILE), load_embedded(Answers, answers_bytes, ANSWERS)


def embedded_inputs(profile: Profile, answers: Answers) -> tuple[bytes, bytes]:
    """The bytes of ``profile.json`` and ``answers.json`` a pack of these inputs embeds."""
    return _dump(*_as_embedded(profile, answers))


def _evidence_bytes(base: Path, rel: str, evidence_dir: str | Path) -> bytes:
    """An evidence file's bytes; one too large for a pack is refused by name before it is read."""
    from ..errors import Location, display_path
    from .contents import MAX_EVIDENCE_FILE_BYTES

    path = base / rel
    size = path.stat().st_size
    if size > MAX_EVIDENCE_FILE_BYTES:
        raise InputError(
            f"evidence file is {size:,} bytes; a pack embeds at most {MAX_EVIDENCE_FILE_BYTES:,} bytes per file"
            " (link large files instead and attach a summary)", Location(display_path(Path(evidence_dir) / rel)))
    return path.read_bytes()


def write_pack(
    ruleset: RuleSet,
    profile_path: str | Path,
    answers_path: str | Path,
    output: str | Path | None = None,
    *,
    as_of: dt.date,
    evidence_dir: str | Path | None = None,
    lang: str = "de",
    templates_dir: str | Path | None = None,
    on_warning=None,
    font_config=None,
    sign: SignRequest | None = None,
    timeline: bool = False,
) -> PackResult:
    """Load the inputs, build the pack and write it atomically; ``result.path`` says where.

    ``output``: a file, or a folder for the default name; default
    ``output/<profile-id>/pack-<lang>-<as-of>.pdf`` (see :mod:`compliance.files.outputs`).
    ``sign``: sign the pack before it is written (:mod:`.signing`; ``result.signature``).
    """
    from ..answers import read_answers, require_profile

    profile = load_profile(profile_path, ruleset)
    loaded = read_answers(answers_path, ruleset, profile_id=profile.id)
    require_profile(loaded, profile)
    target = output_target(output, pack_filename(lang, as_of.isoformat()), profile_id=profile.id)
    if target is None:
        raise InputError("a pack is a PDF file: give -o FILE.pdf or a folder, not '-'")
    result = build_pack(
        ruleset, profile, loaded.answers, as_of=as_of, evidence_dir=evidence_dir, lang=lang,
        templates_dir=templates_dir, on_warning=on_warning, font_config=font_config, timeline=timeline,
    )
    if sign is not None:
        from .signing import sign_pdf

        result.signature = sign_pdf(result.pdf, sign, source=str(target))
        result.pdf = result.signature.pdf
    result.path = write_atomic(target, result.pdf)
    if result.signature is not None:
        result.signature.path = result.path
    return result


_WARM_UP = (
    '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">'
    '<style>{% include "assets/style.css" %}</style></head>'
    "<body><h1>Prüfung</h1><p>Warm-up <b>fett</b> <i>kursiv</i> <b><i>beides</i></b></p></body></html>"
)


def pack_font_config(templates_dir: str | Path | None = None):
    """A WeasyPrint ``FontConfiguration`` for building many packs in one process (batch workers).

    By default every rendered document creates its own font configuration: it copies the
    stylesheet's ``@font-face`` fonts to a new temporary folder, registers them with fontconfig
    and builds fresh Pango font caches, and the native part of that is not all given back, so a
    long-lived process grows with every pack. Passing this one object to :func:`build_pack` /
    :func:`write_pack` does that once. It is warmed up here (pack templates compiled, fonts of the
    stylesheet loaded by rendering a one-line page with it) so that the first pack is not slower
    than the others; the warm-up is best effort: a broken template is reported by each pack.
    Use it only with the same ``templates_dir``. Its temporary folder goes when it is collected.
    """
    from weasyprint.text.fonts import FontConfiguration

    from ..documents import html_to_pdf
    from ..documents.templating import environment

    fonts = FontConfiguration()
    try:
        env = environment(templates_dir)
        env.get_template("pack.html.j2")
        html_to_pdf(env.from_string(_WARM_UP).render(), templates_dir=templates_dir, font_config=fonts, on_warning=lambda _m: None)
    except Exception:  # noqa: BLE001 - best effort; the real packs report template problems
        pass
    return fonts


__all__ = ["PackResult", "build_pack", "embedded_inputs", "pack_font_config", "write_pack"]
