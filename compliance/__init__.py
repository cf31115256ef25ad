"""compliance: German telecom-security obligations as effective-dated, cited rules, turned into
vendor checklists, attestation forms, checks and attestation packs.

The Python API (everything the CLI does is a function here first)::

    from compliance import load_ruleset, load_profile, select
    rs = load_ruleset()                      # the bundled rule set
    vendor = load_profile("profile.yaml", rs)
    for applied in select(rs, datetime.date(2026, 3, 1), vendor):
        print(applied.id, applied.components)

Names are imported lazily so that ``compliance --help`` stays fast.
"""

from __future__ import annotations

from .lazy import lazy_getattr

__version__ = "0.2.0"

_API = {
    "load_ruleset": "ruleset",
    "load_profile": "ruleset",
    "RuleSet": "ruleset",
    "select": "ruleset",
    "AppliedRule": "ruleset",
    "load_answers": "answers",
    "read_answers": "answers",
    "InputError": "errors",
    "InputErrors": "errors",
    "rule_dict": "ruleset.views",
    "check": "checking",
    "build_timeline": "timeline",
    "due_items": "timeline",
    "due_for_target": "timeline",
}

__all__ = ["__version__", *_API]

__getattr__ = lazy_getattr(__name__, _API)
