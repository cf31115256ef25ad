"""Strict loading of rule sets, profiles and answers into models, with located errors."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .errors import InputError, InputErrors, Location, display_path
from .models import Answers, Profile, Rule, RuleFile, RuleSetHeader
from .yamlio import Document, load_document

M = TypeVar("M", bound=BaseModel)

RULESET_FILE = "ruleset.yaml"


# --------------------------------------------------------------------------- errors


def _data_path(data: Any, loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """The longest prefix of a pydantic ``loc`` that addresses real data."""
    out: list[Any] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            break
        out.append(part)
    return tuple(out)


def _dotted(path: Iterable[Any]) -> str:
    """``rules[0].questions[1].type``; odd keys (spaces, control characters) are quoted."""
    s = ""
    for part in path:
        if isinstance(part, int):
            s += f"[{part}]"
            continue
        text = str(part)
        if not text or not text.isprintable() or " " in text:
            text = repr(text)
        s += f".{text}" if s else text
    return s


def validation_errors(exc: ValidationError, doc: Document) -> list[InputError]:
    """Turn a pydantic error into one located :class:`InputError` per offending place."""
    grouped: dict[tuple[Any, ...], list[str]] = {}
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        path = _data_path(doc.data, loc)
        kind = err["type"]
        if kind == "extra_forbidden":
            msg = f"unknown key {loc[-1]!r}"
        elif kind == "string_pattern_mismatch" and err.get("ctx", {}).get("pattern") == r"\S":
            msg = "must not be empty"
        elif kind == "missing":
            msg = f"missing required key {loc[-1]!r}"
            path = _data_path(doc.data, loc[:-1])
        else:
            msg = err["msg"]
            if msg.startswith("Value error, "):
                msg = msg[len("Value error, ") :]
            if "input" in err and not isinstance(err["input"], (dict, list)) and kind not in (
                "value_error",
                "assertion_error",
            ):
                shown = repr(err["input"])
                msg += f" (got {shown if len(shown) <= 60 else shown[:57] + '...'})"
                if isinstance(err["input"], bool) and kind.startswith("string"):
                    msg += "; YAML reads yes/no/on/off/true/false as booleans: quote the value"
        where = _dotted(loc if kind in ("extra_forbidden", "missing") else path)
        text = f"{where}: {msg}" if where else msg
        if "[key]" in loc:  # a dict key failed validation: point at the key itself
            at_key = True
            path = _data_path(doc.data, loc[: loc.index("[key]")])
            where = _dotted(path)
            text = f"{where}: {msg}"
        else:
            at_key = kind == "extra_forbidden"
        distinct = loc if kind in ("extra_forbidden", "missing") else None
        grouped.setdefault((path, at_key, distinct), []).append(text)
    out = []
    for (path, at_key, _), msgs in grouped.items():
        unique = list(dict.fromkeys(msgs))
        message = unique[0] if len(unique) == 1 else unique[0] + " (or: " + "; ".join(
            m.split(": ", 1)[-1] for m in unique[1:]
        ) + ")"
        out.append(InputError(message, doc.locate(path, key=at_key)))
    # Errors come out in file order.
    out.sort(key=lambda e: (e.location.line or 0, e.location.column or 0) if e.location else (0, 0))
    return out


def validate_document(model: type[M], doc: Document) -> M:
    """Validate a parsed document against ``model``; raise :class:`InputErrors` if invalid."""
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        raise InputErrors(validation_errors(exc, doc)) from None


def _load(model: type[M], path: str | Path) -> M:
    try:
        doc = load_document(path)
    except InputError as err:
        raise InputErrors([err]) from None
    return validate_document(model, doc)


# --------------------------------------------------------------------------- profiles, answers


def load_profile(path: str | Path, ruleset: RuleSet | None = None) -> Profile:
    """Load and validate a vendor profile (YAML or JSON). Raises :class:`InputErrors`.

    With ``ruleset``, the components' critical functions must be in its vocabulary.
    """
    try:
        doc = load_document(path)
    except InputError as err:
        raise InputErrors([err]) from None
    profile = validate_document(Profile, doc)
    if ruleset is not None:
        from .validation import check_profile

        errors = check_profile(profile, ruleset, doc)
        if errors:
            raise InputErrors(errors)
    return profile


def load_answers(path: str | Path) -> Answers:
    """Load and validate an answers file (YAML or JSON). Raises :class:`InputErrors`."""
    return _load(Answers, path)


# --------------------------------------------------------------------------- rule sets


@dataclass
class RuleOrigin:
    """Where a rule was read from, for located cross-rule errors."""

    doc: Document
    path: tuple[Any, ...]

    def locate(self, *sub: Any) -> Location:
        return self.doc.locate(self.path + sub)


@dataclass
class RuleSet:
    """A loaded rule set: its header, its rules (in file order) and where each came from."""

    header: RuleSetHeader
    rules: list[Rule]
    root: Path
    origins: list[RuleOrigin] = field(default_factory=list)  # parallel to ``rules``
    header_doc: Document | None = None
    digest: str = ""

    def get(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    def origin(self, rule_id: str) -> RuleOrigin | None:
        for rule, origin in zip(self.rules, self.origins):
            if rule.id == rule_id:
                return origin
        return None

    @property
    def critical_function_ids(self) -> set[str]:
        return {cf.id for cf in self.header.critical_functions}


def rule_files(root: Path) -> list[Path]:
    """Rule files of a rule-set folder: every *.yaml except ruleset.yaml and tests/."""
    return sorted(
        p
        for p in root.rglob("*.yaml")
        if p.name != RULESET_FILE and "tests" not in p.relative_to(root).parts[:-1]
    )


def load_ruleset(root: str | Path | None = None, *, check: bool = True) -> RuleSet:
    """Load a rule-set folder, collecting every error of every file before raising.

    ``root`` defaults to the bundled rule set. With ``check`` the cross-rule checks of
    :mod:`compliance.validation` run too. Raises :class:`InputErrors` listing all problems.
    """
    from .paths import default_ruleset_dir

    base = Path(root) if root is not None else default_ruleset_dir()
    errors: list[InputError] = []
    if not base.is_dir():
        raise InputErrors([InputError("rule-set folder not found", Location(display_path(base)))])
    header: RuleSetHeader | None = None
    header_doc = None
    hasher = hashlib.sha256()
    header_path = base / RULESET_FILE
    if not header_path.is_file():
        errors.append(InputError(f"missing {RULESET_FILE} (rule-set header)", Location(display_path(base))))
    else:
        try:
            header_doc = load_document(header_path)
            header = validate_document(RuleSetHeader, header_doc)
        except InputError as err:
            errors.append(err)
        except InputErrors as errs:
            errors.extend(errs.errors)
        hasher.update(b"ruleset.yaml\0" + header_path.read_bytes())
    rules: list[Rule] = []
    origins: list[RuleOrigin] = []
    files = rule_files(base)
    if not files:
        errors.append(InputError("no rule files (*.yaml) found", Location(display_path(base))))
    for path in files:
        hasher.update(str(path.relative_to(base)).encode() + b"\0" + path.read_bytes())
        try:
            doc = load_document(path)
            parsed = validate_document(RuleFile, doc)
        except InputError as err:
            errors.append(err)
            continue
        except InputErrors as errs:
            errors.extend(errs.errors)
            continue
        for i, rule in enumerate(parsed.rules):
            rules.append(rule)
            origins.append(RuleOrigin(doc, ("rules", i)))
    if header is None and not errors:
        errors.append(InputError("rule-set header could not be read", Location(display_path(base))))
    ruleset = None
    if header is not None:
        # Document order: by law as listed in ruleset.yaml, then by position in the files.
        law_rank = {law: i for i, law in enumerate(header.laws)}
        order = sorted(range(len(rules)), key=lambda i: (law_rank.get(rules[i].source.law, len(law_rank)), i))
        rules = [rules[i] for i in order]
        origins = [origins[i] for i in order]
        ruleset = RuleSet(header, rules, base, origins, header_doc, hasher.hexdigest())
        if check:
            from .validation import check_ruleset

            errors.extend(check_ruleset(ruleset))
    if errors:
        raise InputErrors(errors)
    assert ruleset is not None
    return ruleset
