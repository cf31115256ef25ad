"""The rule-set wing: what the law asks of whom on a date.

* :mod:`.model` — :class:`RuleSet` (header, rules in document order, their origins);
* :mod:`.load` — :func:`load_ruleset`, strict and located; :mod:`.cache` keeps parsed rule sets;
* :mod:`.profiles` — :func:`load_profile`, checked against the rule set's vocabulary;
* :mod:`.validate` — cross-rule checks (unique ids, vocabulary, laws, successors);
* :mod:`.conditions` — the applicability conditions, a table of tests;
* :mod:`.select` — :func:`select`: the rules in effect on a date for a profile;
* :mod:`.diff` — :func:`diff_rules`: what changed between two dates or versions;
* :mod:`.views` — the stable JSON shapes and the text of ``rules show``;
* :mod:`.fixtures` — the rule-test runner (``rules test``).
"""

from .load import RULESET_FILE, load_ruleset, rule_files
from .model import RuleOrigin, RuleSet
from .profiles import load_profile
from .select import AppliedRule, select

__all__ = ["RULESET_FILE", "AppliedRule", "RuleOrigin", "RuleSet", "load_profile", "load_ruleset", "rule_files", "select"]
