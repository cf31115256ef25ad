"""Loading a rule-set folder strictly: every error of every file, located, in one run."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..errors import InputError, InputErrors, Location, display_path
from ..models import Rule, RuleFile, RuleSetHeader
from .model import RuleOrigin, RuleSet

RULESET_FILE = "ruleset.yaml"


def rule_files(root: Path) -> list[Path]:
    """Rule files of a rule-set folder: every *.yaml except ruleset.yaml and tests/."""
    return sorted(
        p
        for p in root.rglob("*.yaml")
        if p.name != RULESET_FILE and "tests" not in p.relative_to(root).parts[:-1]
    )


def ruleset_digest(base: Path, files: list[Path] | None = None) -> str:
    """SHA-256 over ``ruleset.yaml`` and every rule file (relative name and bytes): the identity
    of a rule set's content, recorded in check results and packs."""
    hasher = hashlib.sha256()
    header_path = base / RULESET_FILE
    if header_path.is_file():
        hasher.update(b"ruleset.yaml\0" + header_path.read_bytes())
    for path in rule_files(base) if files is None else files:
        hasher.update(str(path.relative_to(base)).encode() + b"\0" + path.read_bytes())
    return hasher.hexdigest()


class _Legacy:
    """Rules and critical functions still written the old way (``verified``, or no
    ``provenance``): counted while loading, reported once as a deprecation warning."""

    def __init__(self) -> None:
        self.first: Location | None = None
        self.items = 0
        self.files: set[str] = set()

    def scan(self, doc, key: str) -> None:  # noqa: ANN001 - a files.reader.Document
        entries = doc.data.get(key) if isinstance(doc.data, dict) else None
        for i, entry in enumerate(entries if isinstance(entries, list) else []):
            if isinstance(entry, dict) and ("verified" in entry or "provenance" not in entry):
                self.items += 1
                self.files.add(doc.file)
                if self.first is None:
                    self.first = doc.locate((key, i, "verified") if "verified" in entry else (key, i), key="verified" in entry)

    def note(self) -> str | None:
        if not self.items:
            return None
        return (
            f"warning: {self.first}: deprecated: {self.items} rule(s) or critical function(s) in "
            f"{len(self.files)} file(s) give 'verified' or no 'provenance'; read as provenance basis "
            "'secondary' (verified: true, or nothing given) or 'unverified' (verified: false), never "
            "'primary'. Write provenance: {basis, sources, checked} instead (docs/rules-authoring.md)."
        )


def load_ruleset(root: str | Path | None = None, *, check: bool = True, cache: bool = True) -> RuleSet:
    """Load a rule-set folder, collecting every error of every file before raising.

    ``root`` defaults to the bundled rule set. With ``check`` the cross-rule checks of
    :mod:`compliance.ruleset.validate` run too. Raises :class:`InputErrors` listing all problems.
    With ``cache`` (and ``check``), a rule set whose files are unchanged since a previous load
    comes from the cache (:mod:`.cache`) and carries no source locations.
    """
    from ..files.bundled import default_ruleset_dir
    from . import cache as ruleset_cache

    base = Path(root) if root is not None else default_ruleset_dir()
    if not base.is_dir():
        raise InputErrors([InputError("rule-set folder not found", Location(display_path(base)))])
    files = rule_files(base)
    digest = ruleset_digest(base, files)
    use_cache = cache and check
    if use_cache and (cached := ruleset_cache.load(digest, base)) is not None:
        return cached
    from ..files.reader import load_document  # the YAML parser: only when reading the files
    from ..models.loading import in_file_order, validate_document

    errors: list[InputError] = []
    legacy = _Legacy()
    header: RuleSetHeader | None = None
    header_doc = None
    header_path = base / RULESET_FILE
    if not header_path.is_file():
        errors.append(InputError(f"missing {RULESET_FILE} (rule-set header)", Location(display_path(base))))
    else:
        try:
            header_doc = load_document(header_path, collect=True)
            legacy.scan(header_doc, "critical_functions")
            header = validate_document(RuleSetHeader, header_doc)
        except InputError as err:
            errors.append(err)
        except InputErrors as errs:
            errors.extend(errs.errors)
    rules: list[Rule] = []
    origins: list[RuleOrigin] = []
    if not files:
        errors.append(InputError("no rule files (*.yaml) found", Location(display_path(base))))
    for path in files:
        try:
            doc = load_document(path, collect=True)
            legacy.scan(doc, "rules")
        except InputError as err:
            errors.append(err)
            continue
        try:
            parsed = validate_document(RuleFile, doc)
        except InputErrors as errs:
            # This file stays out of the rule set, so the cross-rule checks will not see it: its
            # vocabulary errors come now, with its schema and date errors.
            from .validate import rule_file_vocabulary

            extra = rule_file_vocabulary(doc, {cf.id for cf in header.critical_functions}) if header else []
            errors.extend(in_file_order(errs.errors + extra))
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
        ruleset = RuleSet(header, rules, base, origins, header_doc, digest)
        note = legacy.note()
        if note:
            ruleset.notes.append(note)
        if check:
            from .validate import check_ruleset

            errors.extend(check_ruleset(ruleset))
    if errors:
        raise InputErrors(errors)
    assert ruleset is not None
    if use_cache:
        ruleset_cache.store(ruleset)
    return ruleset
