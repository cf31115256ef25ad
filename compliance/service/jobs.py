"""What runs in the render processes: documents, packs, reports and verification.

Each process loads the rule set once (:func:`initialize`) and keeps one WeasyPrint font
configuration for packs. Every job names the digest of the rule set the server checked the
request against; a process whose rule set differs (the files changed on disk since the server
started) reloads it, and refuses the job if it still differs.

Arguments and results are plain data (dicts, bytes, paths): the server has validated the inputs
already, so models are rebuilt here without a second round of checks. Input errors raised here
travel back to the server as they are (they pickle) and become 422s there.

This module imports nothing heavy at import time: the server process imports it to name the
jobs, the fork server preloads :data:`PRELOAD` for the workers.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

#: Modules the fork server imports once, so that every render process starts with them loaded.
PRELOAD = ("compliance.documents.documents", "compliance.documents.report", "compliance.packs.build",
           "compliance.packs.verify", "compliance.documents.answers_template", "weasyprint")

_state: dict[str, Any] = {}


def initialize(rules: str, templates: str) -> None:
    import signal

    from ..ruleset import load_ruleset

    # Ctrl-C reaches the whole process group: the server stops gracefully and lets running jobs
    # finish, so the render processes must not die of it first (the pool ends them afterwards).
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    _state["rules"] = rules
    _state["templates"] = templates or None
    _state["ruleset"] = load_ruleset(rules)


def ready() -> int:
    """Run once in each process at start: everything is loaded."""
    return os.getpid()


def _ruleset(digest: str):  # noqa: ANN202 - a RuleSet
    rs = _state["ruleset"]
    if rs.digest != digest:
        from ..errors import ComplianceError
        from ..ruleset import load_ruleset

        rs = _state["ruleset"] = load_ruleset(_state["rules"])
        if rs.digest != digest:
            raise ComplianceError("the rule set changed on disk since the server started; restart the server")
    return rs


def _fonts():  # noqa: ANN202 - a FontConfiguration
    if "fonts" not in _state:
        from ..packs.build import pack_font_config

        _state["fonts"] = pack_font_config(_state["templates"])
    return _state["fonts"]


def render(digest: str, kind: str, profile: dict, as_of: str, lang: str, fmt: str, fillable: bool,
           include_drafts: bool) -> tuple[bytes, str, list[str]]:
    """A checklist, attestation (any document format) or answers template (YAML, JSON, workbook):
    (bytes, file name, warnings)."""
    from ..models import Profile

    rs = _ruleset(digest)
    prof = Profile.model_validate(profile)
    day = dt.date.fromisoformat(as_of)
    warnings: list[str] = []
    if kind == "answers-template":
        from ..documents.answers_template import answers_template, answers_template_filename

        out = answers_template(rs, prof, day, format=fmt, lang=lang, include_drafts=include_drafts)
        return (out.encode("utf-8") if isinstance(out, str) else out), answers_template_filename(day, fmt), warnings
    from ..documents import KINDS

    doc = KINDS[kind](rs, prof, day, lang=lang, include_drafts=include_drafts, fillable=fillable,
                      templates_dir=_state["templates"])
    data = doc.render(fmt, on_warning=warnings.append)
    return (data.encode("utf-8") if isinstance(data, str) else data), doc.filename(fmt), warnings


def pack(digest: str, profile: dict, answers_file: str, shown_from: str, as_of: str, lang: str,
         evidence_dir: str | None) -> dict[str, Any]:
    """An attestation pack as ``compliance pack`` builds it (the answers read from their file
    here): the PDF and what it says."""
    from ..answers import read_answers, require_profile
    from ..errors import paths_shown_from
    from ..files.outputs import pack_filename
    from ..models import Profile
    from ..packs.build import build_pack

    rs = _ruleset(digest)
    prof = Profile.model_validate(profile)
    with paths_shown_from(shown_from):
        loaded = read_answers(answers_file, rs, profile_id=prof.id)
        require_profile(loaded, prof)
        result = build_pack(rs, prof, loaded.answers, as_of=dt.date.fromisoformat(as_of), evidence_dir=evidence_dir,
                            lang=lang, templates_dir=_state["templates"], font_config=_fonts())
    return {"pdf": result.pdf, "verdict": str(result.verdict), "manifest_sha256": result.manifest_sha256,
            "pages": result.pages, "filename": pack_filename(lang, as_of)}


def report(digest: str, profile: dict, answers: dict | None, answers_file: str | None, shown_from: str | None,
           as_of: str, lang: str, fmt: str, evidence_dir: str | None, accept_review: bool,
           include_drafts: bool) -> tuple[bytes, str]:
    """The report document of a check (``compliance check --format html|pdf``): (bytes, file name).
    The answers are inline data, or a file checked as the CLI checks it."""
    from ..checking import check
    from ..checking.batch import check_files
    from ..documents.report import render_report
    from ..errors import paths_shown_from
    from ..models import Answers, Profile

    rs = _ruleset(digest)
    prof = Profile.model_validate(profile)
    day = dt.date.fromisoformat(as_of)
    options = {"as_of": day, "evidence_dir": evidence_dir, "accept_review": accept_review,
               "include_drafts": include_drafts, "lang": lang}
    if answers_file is not None:
        with paths_shown_from(shown_from or Path(answers_file).parent):
            result = check_files(rs, [prof], [answers_file], **options).results[0]
    else:
        result = check(rs, prof, Answers.model_validate(answers), **options)
    data = render_report(rs, prof, result, lang=lang, format=fmt, templates_dir=_state["templates"], on_warning=lambda _m: None)
    return (data.encode("utf-8") if isinstance(data, str) else data), f"report-{lang}-{as_of}.{fmt}"


def verify(digest: str, path: str, shown_from: str) -> dict[str, Any]:
    """``compliance verify --format json`` of the pack at ``path``."""
    from ..errors import paths_shown_from
    from ..packs.verify import verify_pack

    with paths_shown_from(shown_from):
        return verify_pack(Path(path), _ruleset(digest)).to_dict()


def request_pack(digest: str, profile: dict, answers: dict, as_of: str, lang: str, evidence_dir: str | None,
                 history: bytes) -> dict[str, Any]:
    """The pack of a vendor portal request: its last submitted answers and uploaded evidence, with
    the request's history embedded as ``history.json``."""
    from ..files.outputs import pack_filename
    from ..models import Answers, Profile
    from ..packs.build import build_pack
    from ..packs.contents import HISTORY

    rs = _ruleset(digest)
    result = build_pack(rs, Profile.model_validate(profile), Answers.model_validate(answers),
                        as_of=dt.date.fromisoformat(as_of), evidence_dir=evidence_dir, lang=lang,
                        templates_dir=_state["templates"], font_config=_fonts(), extra_files={HISTORY: history})
    return {"pdf": result.pdf, "verdict": str(result.verdict), "manifest_sha256": result.manifest_sha256,
            "pages": result.pages, "filename": pack_filename(lang, as_of)}


def verify_upload(digest: str, path: str, shown_from: str) -> dict[str, Any]:
    """``verify`` of an uploaded (signed) pack, with the manifest SHA-256 its document information
    names (``verify`` has checked it against the manifest when the pack is intact)."""
    from ..errors import paths_shown_from
    from ..files.pdf import open_pdf
    from ..packs.contents import INFO_KEY
    from ..packs.verify import verify_pack

    with paths_shown_from(shown_from):
        report = verify_pack(Path(path), _ruleset(digest)).to_dict()
        try:
            value = (open_pdf(path).metadata or {}).get(INFO_KEY)
        except Exception:  # noqa: BLE001 - a damaged information dictionary names no manifest
            value = None
    return {**report, "manifest_sha256": str(value) if value is not None else None}
