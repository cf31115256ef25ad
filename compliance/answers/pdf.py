"""Answers from a PDF: a filled fillable form, or a PDF carrying ``answers.json``.

The form-field contract is :mod:`compliance.formfields`: one field per question, named by the
question id, plus ``<id>__comment`` and ``<id>__evidence``. Radio groups are read from the
group's value or, when a tool only set the widget, from the widget's appearance state; on-state
names that index the group's ``/Opt`` array (as WeasyPrint writes them) are mapped to their
export values (``yes`` / ``no``).

The profile id comes from the document-information key :data:`formfields.PROFILE_KEY`; when the
PDF has none, the caller's profile id is used and a note says so.

A PDF with an embedded file :data:`formfields.ANSWERS_ATTACHMENT` (an attestation pack, or any
PDF it was attached to) is read from that JSON instead, in the answers-file shape.

pypdf is imported lazily, so commands that read no PDF do not pay for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError, InputErrors, Location, display_path
from .formfields import (
    ANSWERS_ATTACHMENT,
    PROFILE_KEY,
    clean,
    comment_field,
    evidence_field,
    parse_evidence,
    parse_value,
    value_field,
)
from ..models import Answer, Answers

@dataclass
class PdfAnswers:
    answers: Answers
    source: str  # "form" or "attachment"
    notes: list[str] = field(default_factory=list)


def read_pdf_answers(path: str | Path, ruleset, *, profile_id: str | None = None) -> PdfAnswers:
    """Read answers from the PDF at ``path`` for the questions of ``ruleset``.

    ``profile_id`` is used when the PDF does not name its profile. Raises :class:`InputErrors`.
    """
    shown = display_path(path)
    reader = _open(Path(path), shown)
    attached = _attachment(reader, shown)
    if attached is not None:
        from ..models.loading import validate_document
        from ..files.reader import parse_json_text

        where = f"{shown}#{ANSWERS_ATTACHMENT}"
        try:
            text = attached.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InputErrors([InputError("embedded answers are not UTF-8 text", Location(where))]) from None
        try:
            doc = parse_json_text(text, where)
        except InputError as exc:
            raise InputErrors([exc]) from None
        if not isinstance(doc.data, dict):
            raise InputErrors([InputError("embedded answers: top level must be a mapping", Location(where, 1, 1))])
        return PdfAnswers(validate_document(Answers, doc), "attachment")
    try:
        fields = _fields(reader, shown)
        pid = _profile_id(reader, shown) if fields else None
    except InputError as exc:
        raise InputErrors([exc]) from None
    if not fields:
        raise InputErrors([InputError(
            f"PDF has no form fields and no embedded {ANSWERS_ATTACHMENT}; expected a filled attestation form",
            Location(shown))])
    notes: list[str] = []
    if pid is None:
        if profile_id is None:
            raise InputErrors([InputError(f"PDF does not name its profile ({PROFILE_KEY})", Location(shown))])
        pid = profile_id
        notes.append(f"{shown}: the PDF does not name its profile ({PROFILE_KEY}); assuming {profile_id!r}")
    answers: dict[str, Answer] = {}
    for rule in ruleset.rules:
        for q in rule.questions:
            value = parse_value(q, fields.get(value_field(q.id)))
            comment = clean(fields.get(comment_field(q.id)))
            evidence = parse_evidence(fields.get(evidence_field(q.id)))
            if value is None and comment is None and not evidence:
                continue
            answers[q.id] = Answer(value=value, comment=comment, evidence=evidence)
    try:
        result = Answers(profile=pid, answers=answers)
    except Exception as exc:  # pydantic: an invalid profile id in the metadata
        raise InputErrors([InputError(f"{PROFILE_KEY} {pid!r} is not a valid profile id", Location(shown))]) from exc
    return PdfAnswers(result, "form", notes)


def _open(path: Path, shown: str):
    from ..files.pdf import open_pdf

    try:
        return open_pdf(path)
    except InputError as exc:
        raise InputErrors([exc]) from None


def _attachment(reader, shown: str) -> bytes | None:
    from ..files.pdf import embedded_files

    try:
        found = embedded_files(reader, shown).get(ANSWERS_ATTACHMENT)
    except InputError as exc:
        raise InputErrors([exc]) from None
    return found[0] if found else None


def _profile_id(reader, shown: str) -> str | None:
    from ..files.pdf import pdf_errors

    with pdf_errors(shown):
        meta = reader.metadata or {}
        raw = meta.get(PROFILE_KEY) if hasattr(meta, "get") else None
        return clean(str(raw)) if raw is not None else None


#: Most form fields read from one PDF (a form has one per question, plus comment and evidence).
MAX_FIELDS = 10_000


def _fields(reader, shown: str) -> dict[str, Any]:
    """Top-level AcroForm fields by name, with their raw values (radio groups resolved).

    Hostile forms are bounded: a /Fields that is not an array (or is the form itself), entries
    that are not dictionaries and fields met twice are skipped; at most :data:`MAX_FIELDS`.
    """
    from pypdf.generic import ArrayObject, DictionaryObject

    from ..files.pdf import pdf_errors

    out: dict[str, Any] = {}
    with pdf_errors(shown):
        acro = reader.trailer["/Root"].get("/AcroForm")
        acro = acro.get_object() if acro is not None else None
        if not isinstance(acro, DictionaryObject):
            return {}
        fields = acro.get("/Fields")
        fields = fields.get_object() if fields is not None else None
        if not isinstance(fields, ArrayObject):
            return {}
        for ref in fields[:MAX_FIELDS]:
            node = ref.get_object()
            if not isinstance(node, DictionaryObject):
                continue
            name = node.get("/T")
            # Some tools also list a group's widgets in /Fields; they are read through their parent.
            if name is None or "/Parent" in node or str(name) in out:
                continue
            out[str(name)] = _value(node)
    return out


def _value(node) -> Any:
    from pypdf.generic import ArrayObject, DictionaryObject

    raw_kids = node.get("/Kids")
    raw_kids = raw_kids.get_object() if raw_kids is not None else None
    kids = [k.get_object() for k in raw_kids[:MAX_FIELDS]] if isinstance(raw_kids, ArrayObject) else []
    kids = [k for k in kids if isinstance(k, DictionaryObject) and k is not node]
    ftype = node.get("/FT") or next((k.get("/FT") for k in kids if k.get("/FT")), None)
    if ftype != "/Btn":
        value = node.get("/V")
        if value is None:
            value = next((k.get("/V") for k in kids if k.get("/V") is not None), None)
        if isinstance(value, list):  # pdftk writes a choice field's value as a one-item array
            value = value[0] if value else None
        return None if value is None else str(value)
    # Button (radio group or check box): the group's value, else a kid's value or state.
    candidates = [node.get("/V"), node.get("/AS")]
    for k in kids:
        candidates += [k.get("/V"), k.get("/AS")]
    state = next((clean(c) for c in candidates if c is not None and clean(c) is not None), None)
    if state is None:
        return None
    opts = node.get("/Opt")
    opts = opts.get_object() if opts is not None else None
    if isinstance(opts, ArrayObject) and state.isdigit() and int(state) < len(opts):
        return clean(str(opts[int(state)].get_object()))
    return state
