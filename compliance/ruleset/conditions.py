"""Applicability conditions as a table of tests, one entry per condition key.

A condition (:class:`compliance.models.Condition`) has exactly one key. The combinators
``all``, ``any`` and ``not`` are evaluated by :func:`compliance.ruleset.select.matches`; every
other key is looked up here:

* :data:`PROFILE_TESTS` — tests of the profile as a whole (``role``, ``country``, …);
* :data:`COMPONENT_TESTS` — tests of one component (``domain``, ``critical_function``, …). Without
  a component, such a test holds for a profile when any of its components passes it.

Adding a condition: a field on :class:`~compliance.models.Condition` (its schema) and one line in
one of the tables. ``tests/test_selection.py`` checks that every field has exactly one test.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from ..models import Component, Profile

ProfileTest = Callable[[Any, Profile], bool]
ComponentTest = Callable[[Any, Component, "dt.date | None"], bool]


def _certified(schemes: list[str], comp: Component, as_of: dt.date | None) -> bool:
    """A certification of one of ``schemes``, valid on ``as_of`` (any date when ``None``)."""
    return any(c.scheme in schemes and (as_of is None or c.valid_on(as_of)) for c in comp.certifications)


#: Tests of the whole profile: ``(condition value, profile) -> bool``.
PROFILE_TESTS: dict[str, ProfileTest] = {
    "role": lambda roles, p: p.role in roles,
    "country": lambda countries, p: p.country in countries,
    "headquarters_country": lambda countries, p: p.headquarters_country in countries,
    "headquarters_in_eu_eea": lambda flag, p: p.headquarters_in_eu_eea == flag,
    "customer": lambda customers, p: any(c in customers for c in p.customers),
    "threat_potential": lambda levels, p: p.operator is not None and p.operator.threat_potential in levels,
    "network_generation": lambda gens, p: p.operator is not None and any(g in gens for g in p.operator.network_generations),
}

#: Tests of one component: ``(condition value, component, as_of) -> bool``.
COMPONENT_TESTS: dict[str, ComponentTest] = {
    "domain": lambda domains, c, as_of: c.domain in domains,
    "critical_function": lambda functions, c, as_of: any(fn in functions for fn in c.critical_functions),
    "has_critical_function": lambda flag, c, as_of: bool(c.critical_functions) == flag,
    "certification_scheme": lambda schemes, c, as_of: _certified(schemes, c, as_of),
}

#: The combinators, evaluated by the selection itself.
COMBINATORS = ("all", "any", "not")
