"""Command-line values of the plain kinds, coerced without building a pydantic schema per option.

Why: Typer 0.29 coerces every parameter through a pydantic ``TypeAdapter`` that it builds while
the command line is parsed (``typer._coercion.build_runtime_param``): a core schema, a validator
and a serialiser per option, about 3 ms each, and the import of pydantic's adapter machinery.
For ``compliance rules list`` that was about 40 ms, a third of what the command costs above a
bare ``import typer`` (benchmarks/bench_startup.py).

What: our options are ``str``, ``bool``, ``Path``, ``StrEnum`` choices and lists of them. For
these, :class:`PlainValue` takes the common case directly and calls the very checks Typer's
adapters call (``coerce_cli_choice`` for choices, ``coerce_cli_path`` for paths, which also
applies ``exists=``, ``dir_okay=``, ``-``...). Anything else -- a value of another type, a choice
that does not match, a number, a ``parser=``, a file -- goes to the runtime parameter Typer would
have built, so results and error messages stay Typer's own. tests/test_cli_coercion.py compares
both paths on every option of the app.

The hook is Typer's module-level ``typer.core.build_runtime_param`` (a private name; pyproject
pins Typer to the minor version it was written against). :func:`install` does nothing when that
name or the classes it uses are missing, and the CLI keeps working the ordinary way.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, get_args, get_origin

#: Returned by a leaf coercion that leaves the value to Typer.
_TYPER = object()

try:  # Typer's internals this module relies on (see the module docstring)
    import typer.core as _typer_core
    from typer._coercion import RuntimeParam
    from typer._param_types import coerce_cli_choice, coerce_cli_path
except ImportError:  # pragma: no cover - another Typer: the ordinary path
    _typer_core = None

_typer_build: Callable[[Any], Any] | None = getattr(_typer_core, "build_runtime_param", None)


def _leaf(annotation: Any, info: Any) -> Callable[[Any, Any, Any], Any] | None:
    """The direct coercion of one value of ``annotation``, or ``None`` (Typer's path)."""
    if info.parser is not None:
        return None
    if annotation is str:
        return lambda value, param, ctx: value if type(value) is str else _TYPER
    if annotation is bool:
        return lambda value, param, ctx: value if type(value) is bool else _TYPER
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        members = tuple(annotation)

        def choice(value: Any, param: Any, ctx: Any) -> Any:
            if not isinstance(value, str):
                return value if any(value is m for m in members) else _TYPER
            try:
                return coerce_cli_choice(value, choices=members, case_sensitive=info.case_sensitive, ctx=ctx)
            except ValueError:
                return _TYPER  # Typer words the error

        return choice
    if isinstance(annotation, type) and issubclass(annotation, Path) and info.path_type is None:

        def path(value: Any, param: Any, ctx: Any) -> Any:
            if type(value) is not str:
                return _TYPER
            return coerce_cli_path(annotation(value), info, path_type=annotation, param=param, ctx=ctx)

        return path
    return None


if _typer_build is not None:

    @dataclass(frozen=True)
    class PlainValue(RuntimeParam):
        """A parameter of a plain kind: direct coercion first, Typer's own for the rest."""

        descriptor: Any = None
        leaf: Callable[[Any, Any, Any], Any] | None = None
        many: bool = False

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            try:
                if self.many:
                    if isinstance(value, (list, tuple)):
                        items = [self.leaf(v, param, ctx) for v in value]
                        if not any(v is _TYPER for v in items):
                            return items
                else:
                    result = self.leaf(value, param, ctx)
                    if result is not _TYPER:
                        return result
            except (TypeError, AttributeError):
                pass  # Typer's helpers changed under us (another patch release): its own path decides
            return self.typer(value, param, ctx)

        def typer(self, value: Any, param: Any, ctx: Any) -> Any:
            """The value coerced the way Typer does it (its runtime parameter, built once)."""
            built = self.__dict__.get("_typer")
            if built is None:
                built = _typer_build(self.descriptor)
                object.__setattr__(self, "_typer", built)
            return built._coerce_value(value, param=param, ctx=ctx)


def build_runtime_param(descriptor: Any) -> Any:
    """Typer's hook: a :class:`PlainValue` for the plain kinds, Typer's own runtime parameter else."""
    assert _typer_build is not None
    annotation, info = descriptor.annotation, descriptor.parameter_info
    args = get_args(annotation)
    many = get_origin(annotation) is list and len(args) == 1
    leaf = None if descriptor.file_annotation is not None else _leaf(args[0] if many else annotation, info)
    if leaf is None:
        return _typer_build(descriptor)
    return PlainValue(parameter_info=info, annotation=annotation, descriptor=descriptor, leaf=leaf, many=many)


def install() -> bool:
    """Route Typer's parameter coercion through :func:`build_runtime_param`; ``False`` when this
    Typer does not have the hook (nothing changes then). Idempotent."""
    if _typer_build is None:
        return False
    _typer_core.build_runtime_param = build_runtime_param
    return True


def installed() -> bool:
    """Whether Typer currently coerces through this module."""
    return _typer_core is not None and getattr(_typer_core, "build_runtime_param", None) is build_runtime_param
