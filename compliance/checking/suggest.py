"""Typo protection: the closest known id to an unknown one."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(name: str, known: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The known id most similar to ``name`` (case-insensitive), or ``None``."""
    by_upper: dict[str, str] = {}
    for k in known:
        by_upper.setdefault(k.upper(), k)
    hits = difflib.get_close_matches(name.upper(), list(by_upper), n=1, cutoff=cutoff)
    return by_upper[hits[0]] if hits else None
