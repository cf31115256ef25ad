"""Request inputs to core objects: inline JSON, stored profiles and uploaded files.

Uploaded files go into a private folder per request, under the names the client gave them
(made safe: a base name for the profile and the answers, a relative path inside ``evidence/``
for evidence, never anything that leads out of the folder). The core then reads them exactly
as the CLI reads files, and its messages name them as the client sent them
(:func:`compliance.errors.paths_shown_from`): ``answers.yaml:7:5: ...``.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request

from ..errors import InputError, InputErrors, Location
from ..files.reader import MAX_INPUT_BYTES, Document, parse_json_text
from ..models import Answers, Profile
from ..ruleset import RuleSet
from ..ruleset.profiles import profile_from_document

#: Limits of one multipart request (besides the body limit): files, other fields, bytes of a field.
MAX_FILES = 1000
MAX_FIELDS = 20
MAX_FIELD_BYTES = MAX_INPUT_BYTES
#: Where evidence files go inside a request's folder (the answers' paths are relative to it).
EVIDENCE = "evidence"
_CHUNK = 1 << 20
_UNSAFE = re.compile(r"[\x00-\x1f\x7f]")


def _form_error(exc: HTTPException) -> Exception:
    """Starlette's multipart limit errors (400) as ours: too large a field is 413, the rest 422."""
    message = str(exc.detail)
    if "maximum size" in message:
        return HTTPException(413, message)
    return InputError(message, Location("request body"))


@dataclass
class Submission:
    """A multipart request, received: text fields, and files saved into ``folder``."""

    folder: Path
    fields: dict[str, str] = field(default_factory=dict)
    files: dict[str, Path] = field(default_factory=dict)  # profile, answers, file
    evidence: list[str] = field(default_factory=list)
    parts: list[tuple[str, str, str]] = field(default_factory=list)  # (field, name, sha256) in order

    @property
    def evidence_dir(self) -> Path | None:
        return self.folder / EVIDENCE if self.evidence else None

    @property
    def digest(self) -> str:
        """SHA-256 over every part (field name, file name, content digest), as received."""
        h = hashlib.sha256()
        for part in self.parts:
            h.update("\0".join(part).encode("utf-8") + b"\n")
        return h.hexdigest()

    def text(self, name: str) -> str | None:
        return self.fields.get(name)


def safe_base_name(name: str | None, default: str) -> str:
    """The last component of a client's file name, or ``default`` when nothing usable is left."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    if not base or base in (".", "..") or _UNSAFE.search(base) or len(base.encode()) > 200 or base == EVIDENCE:
        return default
    return base


def safe_relative_path(name: str | None) -> PurePosixPath:
    """An evidence file's name as a path relative to the evidence folder (as the answers list
    it); absolute paths, drive letters and ``..`` are refused."""
    text = (name or "").replace("\\", "/")
    where = Location(name or EVIDENCE)
    if not text.strip():
        raise InputError("an evidence file without a file name", where)
    if _UNSAFE.search(text) or len(text.encode()) > 1000:
        raise InputError("file name with control characters or too long", where)
    path = PurePosixPath(text)
    if path.is_absolute() or re.match(r"^[A-Za-z]:", text):
        raise InputError("absolute file name; send the path relative to the evidence folder", where)
    parts = [p for p in path.parts if p not in ("", ".")]
    if not parts or ".." in parts or len(parts) > 20:
        raise InputError("file name must be a path inside the evidence folder (no '..')", where)
    return PurePosixPath(*parts)


@contextlib.contextmanager
def request_folder() -> Iterator[Path]:
    """A private temporary folder for one request's files, removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="compliance-request-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _copy(upload: UploadFile, target: Path) -> str:
    """Copy an upload to ``target`` (a new file); its SHA-256."""
    h = hashlib.sha256()
    upload.file.seek(0)
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "xb") as out:
        while chunk := upload.file.read(_CHUNK):
            h.update(chunk)
            out.write(chunk)
    return h.hexdigest()


async def receive(request: Request, folder: Path, *, files: dict[str, str], texts: tuple[str, ...]) -> Submission:
    """Read a multipart body into ``folder``.

    ``files``: the fields that may carry one file, with the default file name of each (a text
    value there is saved under that name); ``evidence`` parts may come any number of times.
    ``texts``: the plain fields allowed. Anything else is a 422.
    """
    from starlette.concurrency import run_in_threadpool

    sub = Submission(folder)
    errors: list[InputError] = []
    try:
        async with request.form(max_files=MAX_FILES, max_fields=MAX_FIELDS, max_part_size=MAX_FIELD_BYTES) as form:
            for key, value in form.multi_items():
                if isinstance(value, UploadFile):
                    if key == EVIDENCE:
                        rel = safe_relative_path(value.filename)
                        if str(rel) in sub.evidence:
                            errors.append(InputError("evidence file sent twice", Location(str(rel))))
                            continue
                        sha = await run_in_threadpool(_copy, value, folder / EVIDENCE / rel)
                        sub.evidence.append(str(rel))
                        sub.parts.append((key, str(rel), sha))
                    elif key in files:
                        if key in sub.files or key in sub.fields:
                            errors.append(InputError(f"field {key!r} sent twice", Location("request body")))
                            continue
                        name = safe_base_name(value.filename, files[key])
                        if any(p.name == name for p in sub.files.values()):
                            name = f"{key}-{name}"
                        sub.files[key] = folder / name
                        sha = await run_in_threadpool(_copy, value, folder / name)
                        sub.parts.append((key, name, sha))
                    else:
                        errors.append(InputError(f"unexpected file field {key!r} (expected: {', '.join([*files, EVIDENCE])})",
                                                 Location("request body")))
                elif key in files and key not in sub.files:
                    sub.fields[key] = value
                    sub.parts.append((key, "", hashlib.sha256(value.encode("utf-8")).hexdigest()))
                elif key in texts and key not in sub.fields:
                    sub.fields[key] = value
                    sub.parts.append((key, "", hashlib.sha256(value.encode("utf-8")).hexdigest()))
                else:
                    known = ", ".join([*files, EVIDENCE, *texts])
                    errors.append(InputError(f"unexpected or repeated field {key!r} (expected: {known})", Location("request body")))
    except HTTPException as exc:
        if exc.status_code != 400:
            raise
        raise _form_error(exc) from None
    if errors:
        raise InputErrors(errors)
    return sub


def text_file(sub: Submission, key: str, text: str) -> Path:
    """A text field sent in place of a file: saved as ``<key>.json`` (when it is a JSON object)
    or ``<key>.yaml``, so that it is read like a file of that kind."""
    suffix = ".json" if text.lstrip().startswith("{") else ".yaml"
    path = sub.folder / f"{key}{suffix}"
    if path.exists():  # an uploaded file has that name already
        path = sub.folder / f"{key}-field{suffix}"
    path.write_text(text, encoding="utf-8")
    return path


# -- profiles ------------------------------------------------------------------------------------

#: The file name shown in messages about an inline profile or answers (JSON request bodies).
INLINE_PROFILE, INLINE_ANSWERS = "profile", "answers"


def profile_from_data(data: Any, ruleset: RuleSet, file: str = INLINE_PROFILE) -> Profile:
    """A profile given as JSON data (a request body's member, a stored row), validated as the
    CLI validates a profile file."""
    return profile_from_document(Document(data, file), ruleset)


def profile_from_text(text: str, file: str, ruleset: RuleSet, *, json: bool) -> Profile:
    """A profile sent as text (a request body), with line and column in messages."""
    from ..files.reader import parse_yaml_text

    if len(text.encode("utf-8")) > MAX_INPUT_BYTES:
        raise InputError(f"larger than the limit of {MAX_INPUT_BYTES:,} bytes", Location(file))
    try:
        doc = parse_json_text(text, file) if json else parse_yaml_text(text, file)
    except InputError as exc:
        raise InputErrors([exc]) from None
    return profile_from_document(doc, ruleset)


def answers_from_data(data: Any) -> Answers:
    from ..models.loading import validate_document

    if not isinstance(data, dict):
        raise InputErrors([InputError("answers must be a mapping of keys", Location(INLINE_ANSWERS))])
    return validate_document(Answers, Document(data, INLINE_ANSWERS))
