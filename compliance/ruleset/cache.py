"""A cache of parsed, validated rule sets, keyed by the digest of their files.

Loading a rule set means parsing a dozen YAML files and validating every rule; a command that
only lists rules would spend most of its start-up there. After a successful load the rule set
is kept in the user's cache folder (:mod:`compliance.files.cache`) under a key made of the digest
of its files and the versions of this tool, pydantic and Python; the next load of identical
files takes it from there. A cached rule set has no source locations (they only serve to report
errors, and a cached rule set had none): ``rules validate`` always reads the files.
"""

from __future__ import annotations

import hashlib
import pickle
import sys
from pathlib import Path

from ..files import cache
from .model import RuleSet

KIND = "rulesets"
#: Bumped whenever the pickled shape of RuleSet or the models changes in a way the tool's version
#: number alone would not show (during development, between releases).
FORMAT = 2


def _key(digest: str) -> str:
    import pydantic

    from .. import __version__

    text = f"{digest}|format {FORMAT}|compliance {__version__}|pydantic {pydantic.VERSION}|python {sys.version}"
    return hashlib.sha256(text.encode()).hexdigest()[:32] + ".pickle"


def load(digest: str, root: Path) -> RuleSet | None:
    """The cached rule set whose files have ``digest``, re-rooted at ``root``; else ``None``."""
    data = cache.read(KIND, _key(digest))
    if data is None:
        return None
    try:
        ruleset = pickle.loads(data)  # noqa: S301 - our own file; files.cache checks owner and mode
    except Exception:  # noqa: BLE001 - a damaged or incompatible entry is rebuilt
        return None
    if not isinstance(ruleset, RuleSet) or ruleset.digest != digest:
        return None
    ruleset.root = root
    return ruleset


def store(ruleset: RuleSet) -> None:
    """Keep ``ruleset`` for the next load of the same files (best effort)."""
    light = RuleSet(ruleset.header, ruleset.rules, ruleset.root, [], None, ruleset.digest, list(ruleset.notes))
    cache.write(KIND, _key(ruleset.digest), pickle.dumps(light, protocol=pickle.HIGHEST_PROTOCOL))
