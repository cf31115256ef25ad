"""Loading a vendor profile, checked against a rule set's vocabulary."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError, InputErrors
from ..models import Profile
from .model import RuleSet


def load_profile(path: str | Path, ruleset: RuleSet | None = None) -> Profile:
    """Load and validate a vendor profile (YAML or JSON). Raises :class:`InputErrors`.

    With ``ruleset``, the components' critical functions must be in its vocabulary. Every problem
    of the file (dates, schema, vocabulary) is reported at once.
    """
    from ..files.reader import load_document
    from ..models.loading import validate_document

    from .validate import profile_vocabulary

    try:
        doc = load_document(path, collect=True)
    except InputError as err:
        raise InputErrors([err]) from None
    # Schema, date and vocabulary errors together, in file order: all of them in one run.
    vocabulary = profile_vocabulary(doc.data, ruleset, doc) if ruleset is not None else []
    return validate_document(Profile, doc, extra=vocabulary)
