"""JSON Schemas of the input files, generated from the models."""

from __future__ import annotations

import json

from .models import Answers, Profile, RuleFile, RuleSetHeader
from .models.ruletests import RuleTestFile

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
