"""Cross-rule checks of a loaded rule set, and checks of a profile against a rule set.

The models check each file on its own; these checks need the whole rule set: unique ids,
unique question ids, the critical-function vocabulary, the laws named in the header.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..errors import InputError, Location
from .model import RuleSet
from ..models import Condition, Profile
from ..files.reader import Document


def _walk(cond: Condition | None, path: tuple[Any, ...]) -> Iterator[tuple[Condition, tuple[Any, ...]]]:
    if cond is None:
        return
    yield cond, path
    for key in ("all", "any"):
        for i, sub in enumerate(getattr(cond, key) or []):
            yield from _walk(sub, path + (key, i))
    if cond.not_ is not None:
        yield from _walk(cond.not_, path + ("not",))


def check_ruleset(rs: RuleSet) -> list[InputError]:
    """All cross-rule problems of ``rs``, each located in its file."""
    errors: list[InputError] = []
    vocab = rs.critical_function_ids
    first_rule: dict[str, Location] = {}
    first_question: dict[str, Location] = {}
    ids = {r.id for r in rs.rules}
    hdr = rs.header
    for lang in ("de", "en"):
        if lang not in hdr.languages:
            loc = rs.header_doc.locate(("languages",)) if rs.header_doc else Location(str(rs.root))
            errors.append(InputError(f"rule set must list language {lang!r}", loc))
    cf_seen: set[str] = set()
    for i, cf in enumerate(hdr.critical_functions):
        if cf.id in cf_seen and rs.header_doc:
            errors.append(
                InputError(f"critical function {cf.id!r} defined twice", rs.header_doc.locate(("critical_functions", i)))
            )
        cf_seen.add(cf.id)
    for i, event in enumerate(hdr.legal_events):
        if event.law is not None and hdr.laws and event.law not in hdr.laws:
            loc = rs.header_doc.locate(("legal_events", i, "law")) if rs.header_doc else Location(str(rs.root))
            errors.append(InputError(f"legal event law {event.law!r} is not listed under 'laws' in ruleset.yaml", loc))
    for rule, origin in zip(rs.rules, rs.origins):
        loc = origin.locate("id")
        if rule.id in first_rule:
            errors.append(InputError(f"rule id {rule.id!r} already used at {first_rule[rule.id]}", loc))
        else:
            first_rule[rule.id] = loc
        for qi, q in enumerate(rule.questions):
            qloc = origin.locate("questions", qi, "id")
            if q.id in first_question:
                errors.append(
                    InputError(f"question id {q.id!r} already used at {first_question[q.id]}", qloc)
                )
            else:
                first_question[q.id] = qloc
        ev_seen: set[str] = set()
        for ei, ev in enumerate(rule.evidence):
            if ev.id in ev_seen:
                errors.append(
                    InputError(f"evidence id {ev.id!r} used twice in {rule.id}", origin.locate("evidence", ei, "id"))
                )
            ev_seen.add(ev.id)
        for cond, path in _walk(rule.applies.when, ("applies", "when")):
            for fi, fn in enumerate(cond.critical_function or []):
                if fn not in vocab:
                    errors.append(InputError(_unknown_function(fn, vocab), origin.locate(*path, "critical_function", fi)))
        if rule.answered_by and rule.applies.roles and rule.answered_by not in rule.applies.roles:
            errors.append(InputError(
                f"answered_by {rule.answered_by!r} is not among applies.roles: the party that answers must see the rule",
                origin.locate("applies", "roles")))
        for ri, other in enumerate(rule.replaces):
            if other not in ids:
                errors.append(
                    InputError(f"replaces unknown rule {other!r}", origin.locate("replaces", ri))
                )
        if hdr.laws and rule.source.law not in hdr.laws:
            errors.append(
                InputError(
                    f"source.law {rule.source.law!r} is not listed under 'laws' in ruleset.yaml",
                    origin.locate("source", "law"),
                )
            )
    return errors


def _unknown_function(fn: str, vocab: set[str]) -> str:
    return f"critical function {fn!r} is not in the rule set's vocabulary ({', '.join(sorted(vocab)) or 'empty'})"


def _items(value: Any) -> list[tuple[int, Any]]:
    return list(enumerate(value)) if isinstance(value, list) else []


def check_profile(profile: Profile, rs: RuleSet, doc: Document | None = None) -> list[InputError]:
    """Problems of ``profile`` that only the rule set can tell (critical-function vocabulary)."""
    return profile_vocabulary(profile.model_dump(mode="json", by_alias=True), rs, doc)


def profile_vocabulary(data: Any, rs: RuleSet, doc: Document | None = None) -> list[InputError]:
    """The vocabulary check of :func:`check_profile` on a profile's raw data, so that it can run
    (and be reported together with them) when the profile also has schema errors."""
    vocab = rs.critical_function_ids
    errors: list[InputError] = []
    for ci, comp in _items(data.get("components") if isinstance(data, dict) else None):
        comp = comp if isinstance(comp, dict) else {}
        for fi, fn in _items(comp.get("critical_functions")):
            if isinstance(fn, str) and fn not in vocab:
                loc = doc.locate(("components", ci, "critical_functions", fi)) if doc else None
                errors.append(InputError(
                    f"component {comp.get('id')!r}: critical function {fn!r} is not in the vocabulary of "
                    f"rule set {rs.header.id!r} (known: {', '.join(sorted(vocab))})", loc))
    return errors


def rule_file_vocabulary(doc: Document, rs_vocab: set[str]) -> list[InputError]:
    """Critical functions of a rule file's raw conditions outside the vocabulary (for a file
    whose schema errors keep it out of the rule set, so that all its problems come at once)."""
    errors: list[InputError] = []
    data = doc.data if isinstance(doc.data, dict) else {}

    def walk(cond: Any, path: tuple[Any, ...]) -> None:
        if not isinstance(cond, dict):
            return
        for fi, fn in _items(cond.get("critical_function")):
            if isinstance(fn, str) and fn not in rs_vocab:
                errors.append(InputError(_unknown_function(fn, rs_vocab), doc.locate(path + ("critical_function", fi))))
        for key in ("all", "any"):
            for i, sub in _items(cond.get(key)):
                walk(sub, path + (key, i))
        walk(cond.get("not"), path + ("not",))

    for ri, rule in _items(data.get("rules")):
        applies = rule.get("applies") if isinstance(rule, dict) else None
        if isinstance(applies, dict):
            walk(applies.get("when"), ("rules", ri, "applies", "when"))
    return errors
