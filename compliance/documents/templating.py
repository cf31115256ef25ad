"""The Jinja2 environment of every document: sandboxed, autoescaped, user templates first.

A user template folder (``--templates DIR``) is layered over the bundled templates file by file:
``DIR/checklist.html.j2`` replaces the bundled checklist, while everything it does not contain
(partials, ``assets/style.css``, fonts) still comes from the bundled folder. Templates always run
in Jinja2's :class:`~jinja2.sandbox.SandboxedEnvironment` with autoescaping on for every
template and :class:`~jinja2.StrictUndefined`, so a typo is an error rather than an empty box.
"""

from __future__ import annotations

import contextvars
import functools
import traceback
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from ..errors import InputError, Location, display_path
from ..files.bundled import bundled_templates_dir, export_files
from ..i18n import long_date

#: Folder (inside each template folder) whose files a rendered document may load.
ASSETS = "assets"

class TemplateError(InputError):
    """A template that cannot be found, parsed or rendered (syntax, undefined name, sandbox)."""


def template_dirs(templates_dir: str | Path | None = None) -> list[Path]:
    """The template folders in lookup order: the user's (if any), then the bundled one."""
    dirs = []
    if templates_dir is not None:
        user = Path(templates_dir)
        if not user.is_dir():
            raise TemplateError("template folder not found", Location(display_path(user)))
        dirs.append(user.resolve())
    dirs.append(bundled_templates_dir().resolve())
    return dirs


#: Largest exponent of ``**`` and longest string/list made by ``*`` in a template.
MAX_POWER = 1000
MAX_REPEAT = 1_000_000
#: Work one render may do: loop iterations plus calls (functions, macros, methods), and the
#: characters of HTML it may produce. The bundled templates use a small fraction of each for the
#: largest documents (a checklist of the example vendor: under 1,000 steps and 60,000 characters).
MAX_STEPS = 200_000
MAX_OUTPUT_CHARS = 50_000_000

#: Steps taken by the render in progress (a one-item list; None outside :func:`render_html`).
_steps: contextvars.ContextVar[list[int] | None] = contextvars.ContextVar("template_steps", default=None)


def _step() -> None:
    taken = _steps.get()
    if taken is not None:
        taken[0] += 1
        if taken[0] > MAX_STEPS:
            raise SecurityError(f"the template does more than {MAX_STEPS:,} loop iterations and calls")


def _counted(iterable: Any) -> Any:
    """Every ``{% for %}`` iterates through this (see :meth:`_Sandbox._parse`)."""
    for item in iterable:
        _step()
        yield item


class _FolderLoader(jinja2.FileSystemLoader):
    """A template folder whose files must lie inside it: a symbolic link out of it is refused."""

    def get_source(self, environment, template):  # noqa: ANN001 - Jinja2's signature
        source, filename, uptodate = super().get_source(environment, template)
        root = Path(self.searchpath[0]).resolve()
        if not Path(filename).resolve().is_relative_to(root):
            raise SecurityError(f"template {template!r} leads outside the template folder (symbolic link)")
        return source, filename, uptodate


class _Sandbox(SandboxedEnvironment):
    """Jinja2's sandbox, refusing (not just hiding) unsafe attributes, and bounding ``*``/``**``."""

    intercepted_binops = frozenset({"*", "**"})

    def _parse(self, source, name, filename):  # noqa: ANN001, ANN202 - Jinja2's signature
        """Every for loop counts its iterations against :data:`MAX_STEPS` (nested loops over
        ``range(100000)`` would otherwise run for hours)."""
        tree = super()._parse(source, name, filename)
        for node in tree.find_all(nodes.For):
            node.iter = nodes.Filter(node.iter, "_counted", [], [], None, None, lineno=node.lineno)
        return tree

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 - Jinja2's signature
        _step()
        return super().call(__context, __obj, *args, **kwargs)

    def unsafe_undefined(self, obj: Any, attribute: str) -> Any:
        raise SecurityError(f"access to attribute {attribute!r} of {type(obj).__name__!r} object is unsafe.")

    def call_binop(self, context, operator: str, left: Any, right: Any) -> Any:  # noqa: ANN001
        if operator == "**" and isinstance(right, (int, float)) and abs(right) > MAX_POWER:
            raise SecurityError(f"exponent {right!r} is larger than {MAX_POWER}")
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(times, int) and len(seq) * times > MAX_REPEAT:
                    raise SecurityError(f"'*' would make a sequence longer than {MAX_REPEAT:,}")
        return super().call_binop(context, operator, left, right)


@jinja2.pass_context
def _soft_hyphens(ctx, value, lang: str | None = None):  # noqa: ANN001, ANN202 - Jinja2 filter
    """Filter ``| hyphenate``: soft hyphens in paragraph text when rendering for PDF (context
    ``soft_hyphens``; base.html.j2 then says ``p { hyphens: manual }``); otherwise unchanged.
    See :mod:`.hyphenation`."""
    if not ctx.get("soft_hyphens"):
        return value
    from .hyphenation import hyphenate

    return hyphenate(value, lang or ctx["doc"].lang)


@functools.lru_cache(maxsize=16)
def _environment(dirs: tuple[Path, ...]) -> SandboxedEnvironment:
    loader = jinja2.ChoiceLoader([_FolderLoader(str(d), encoding="utf-8") for d in dirs])
    env = _Sandbox(
        loader=loader,
        autoescape=True,  # every template, whatever its name: vendor text is untrusted
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["long_date"] = long_date
    env.filters["hyphenate"] = _soft_hyphens
    env.filters["_counted"] = _counted
    return env


def environment(templates_dir: str | Path | None = None) -> SandboxedEnvironment:
    """The (cached) sandboxed environment for ``templates_dir`` layered over the bundled templates."""
    return _environment(tuple(template_dirs(templates_dir)))


def _template_location(exc: BaseException, dirs: list[Path]) -> Location | None:
    """Where in a template file ``exc`` happened: Jinja2 rewrites tracebacks to template lines."""
    roots = [str(d) for d in dirs]
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if any(frame.filename.startswith(r) for r in roots) or frame.filename.endswith(".j2"):
            return Location(display_path(frame.filename), frame.lineno)
    return None


def render_html(
    template_name: str,
    context: Mapping[str, Any],
    templates_dir: str | Path | None = None,
) -> str:
    """Render the template ``template_name`` with ``context``; the generic entry of every document.

    ``templates_dir`` is layered over the bundled templates file by file. Errors (template not
    found, syntax error, undefined name, sandbox violation) raise :class:`TemplateError` located
    at the template file and line.
    """
    dirs = template_dirs(templates_dir)
    env = _environment(tuple(dirs))
    steps = _steps.set([0])
    template = None
    try:
        template = env.get_template(template_name)
        html = _bounded(template, context)
        if context.get("soft_hyphens"):
            from .hyphenation import save

            save()  # words new to the hyphenation cache, for the next render
        return html
    except _TooLong as exc:
        raise TemplateError(f"template refused by the sandbox: {exc}",
                            Location(display_path(template.filename)) if template and template.filename else None) from None
    except jinja2.TemplateNotFound as exc:
        where = ", ".join(display_path(d) for d in dirs)
        raise TemplateError(
            f"template {exc.name!r} not found (looked in {where})", _template_location(exc, dirs)
        ) from None
    except jinja2.TemplateSyntaxError as exc:
        loc = Location(display_path(exc.filename), exc.lineno) if exc.filename else None
        raise TemplateError(f"template syntax error: {exc.message}", loc) from None
    except SecurityError as exc:
        raise TemplateError(f"template refused by the sandbox: {exc}", _template_location(exc, dirs)) from None
    except jinja2.UndefinedError as exc:
        raise TemplateError(f"template error: {exc.message}", _template_location(exc, dirs)) from None
    except jinja2.TemplateError as exc:
        raise TemplateError(f"template error: {exc}", _template_location(exc, dirs)) from None
    except RecursionError as exc:
        raise TemplateError("template error: recursion too deep", _template_location(exc, dirs)) from None
    except (TypeError, ValueError, AttributeError, KeyError, IndexError, ArithmeticError) as exc:
        loc = _template_location(exc, dirs)
        if loc is None:
            raise
        raise TemplateError(f"template error: {type(exc).__name__}: {exc}", loc) from None
    finally:
        _steps.reset(steps)


class _TooLong(Exception):
    pass


def _bounded(template: jinja2.Template, context: Mapping[str, Any]) -> str:
    """The rendered text, refused once it grows past :data:`MAX_OUTPUT_CHARS`."""
    parts, size = [], 0
    for chunk in template.generate(**context):
        size += len(chunk)
        if size > MAX_OUTPUT_CHARS:
            raise _TooLong(f"the template writes more than {MAX_OUTPUT_CHARS:,} characters")
        parts.append(chunk)
    return "".join(parts)


def export_templates(target: str | Path, *, overwrite: bool = False) -> list[Path]:
    """Copy the bundled templates (with assets and fonts) to ``target`` as a starting point.

    Refuses to overwrite existing files unless ``overwrite``. Returns the files written.
    """
    source = bundled_templates_dir()
    dest = Path(target)
    files = sorted(p for p in source.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return export_files({dest / p.relative_to(source): p.read_bytes() for p in files}, dest, overwrite=overwrite)
