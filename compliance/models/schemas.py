"""JSON Schemas of the input files, generated from the models."""

from __future__ import annotations

import json

from .answers import Answers
from .profile import Profile
from .rules import RuleFile, RuleSetHeader
from .ruletests import RuleTestFile

_MODELS = {
    "rules": RuleFile,
    "ruleset": RuleSetHeader,
    "profile": Profile,
    "answers": Answers,
    "ruletests": RuleTestFile,
}
KINDS = tuple(_MODELS)


def schema(kind: str) -> dict:
    model = _MODELS[kind]
    s = model.model_json_schema(by_alias=True)
    s["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    s["$id"] = f"https://compliance.invalid/schemas/{kind}.schema.json"
    return s


def schema_json(kind: str) -> str:
    return json.dumps(schema(kind), indent=2, ensure_ascii=False, sort_keys=True)


def write_schemas(folder) -> list:  # noqa: ANN001 - str | Path
    """Write every schema as ``<kind>.schema.json`` into ``folder`` (atomically); the paths."""
    from pathlib import Path

    from ..files.atomic import write_atomic

    return [write_atomic(Path(folder) / f"{kind}.schema.json", schema_json(kind) + "\n") for kind in KINDS]
