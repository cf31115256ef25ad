"""Loading a vendor profile, checked against a rule set's vocabulary."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError, InputErrors
from ..models import Profile
from .model import RuleSet


def load_profile(path: str | Path, ruleset: RuleSet | None = None) -> Profile:
    """Load and validate a vendor profile (YAML or JSON). Raises :class:`InputErrors`.

    With ``ruleset``, the components' critical functions must be in its vocabulary.
    """
    from ..files.reader import load_document
    from ..models.loading import validate_document

    try:
        doc = load_document(path)
    except InputError as err:
        raise InputErrors([err]) from None
    profile = validate_document(Profile, doc)
    if ruleset is not None:
        from .validate import check_profile

        errors = check_profile(profile, ruleset, doc)
        if errors:
            raise InputErrors(errors)
    return profile
