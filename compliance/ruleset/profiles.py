"""Loading a vendor profile, checked against a rule set's vocabulary."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError, InputErrors
from ..models import Profile
from .model import RuleSet

if TYPE_CHECKING:
    from ..files.reader import Document


def load_profile(path: str | Path, ruleset: RuleSet | None = None) -> Profile:
    """Load and validate a vendor profile (YAML or JSON). Raises :class:`InputErrors`.

    With ``ruleset``, the components' critical functions must be in its vocabulary. Every problem
    of the file (dates, schema, vocabulary) is reported at once.
    """
    from ..files.reader import load_document

    try:
        doc = load_document(path, collect=True)
    except InputError as err:
        raise InputErrors([err]) from None
    return profile_from_document(doc, ruleset)


def profile_from_document(doc: Document, ruleset: RuleSet | None = None) -> Profile:
    """Validate a parsed profile (from a file, a request body, a database row) exactly as
    :func:`load_profile` does. Raises :class:`InputErrors`, located in ``doc``."""
    from ..models.loading import validate_document
    from .validate import profile_vocabulary

    if not isinstance(doc.data, dict):
        kind = "empty" if doc.data is None else f"a {type(doc.data).__name__}"
        raise InputErrors([InputError(f"a profile must be a mapping of keys, found {kind}", doc.locate(()))])
    # Schema, date and vocabulary errors together, in file order: all of them in one run.
    vocabulary = profile_vocabulary(doc.data, ruleset, doc) if ruleset is not None else []
    return validate_document(Profile, doc, extra=vocabulary)
