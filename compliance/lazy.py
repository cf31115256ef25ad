"""Lazy package attributes: a package names what it offers, and imports it on first use.

Used by the public facade (``compliance``) and ``compliance.documents`` so that importing them,
as every command does, costs nothing until a name is used (``compliance --help`` stays fast and
commands that do not render never import WeasyPrint).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_getattr(package: str, names: Mapping[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` for ``package``: ``names`` maps an attribute to the submodule
    (relative to ``package``) that defines it."""

    def __getattr__(name: str) -> Any:
        if name in names:
            return getattr(importlib.import_module(f".{names[name]}", package), name)
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return __getattr__
