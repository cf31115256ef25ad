"""Strict, located YAML (and JSON) reading.

A single pass over the parser's events builds plain Python values and a *source map*
(path of keys and indexes -> line/column), so schema errors found later can point at the
YAML location of the offending key. The reader is stricter than ``yaml.safe_load``:

* only safe scalar types (no Python tags, no custom tags);
* duplicate mapping keys are errors (PyYAML silently keeps the last one);
* anchors and aliases are errors (no billion-laughs expansion, no hidden sharing);
* a size cap is enforced before parsing;
* timestamps must be valid calendar dates (``2021-02-30`` is an error, not a crash);
* the top level must be a mapping.
"""

from __future__ import annotations

import json
import math
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml import events as ev
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from ..errors import InputError, Location, display_path, shorten

try:  # libyaml's C parser when present: same events, much faster
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

#: Largest input file accepted, in bytes. Rule files, profiles and answers are small.
MAX_INPUT_BYTES = 5 * 1024 * 1024

Path_ = tuple[Any, ...]


class _Invalid:
    """Stands for a value the reader refused (an impossible date, say) when errors are collected:
    validation then fails there too, and that second error is dropped in favour of the reader's."""

    def __repr__(self) -> str:
        return "<invalid>"


INVALID = _Invalid()


@dataclass
class Document:
    """A parsed input file: its data and where every key and value was found.

    ``problems``: values the reader refused while collecting errors (``collect=True``), each
    replaced by :data:`INVALID` at a path listed in ``invalid``.
    """

    data: Any
    file: str
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)  # keys
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)  # values of keys
    problems: list[InputError] = field(default_factory=list)
    invalid: set[Path_] = field(default_factory=set)

    def locate(self, path: Path_, *, key: bool = False) -> Location:
        """Location of the value at ``path`` (of its key with ``key=True``), or of the
        nearest ancestor that has one."""
        p = tuple(path)
        while True:
            found = (None if key else self.values.get(p)) or self.positions.get(p)
            if found:
                return Location(self.file, *found)
            if not p:
                return Location(self.file)
            p = p[:-1]


_resolver = Resolver()
_constructor = SafeConstructor()
_STR = "tag:yaml.org,2002:str"
_SAFE_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}


def _mark(event: ev.Event) -> tuple[int, int]:
    m = event.start_mark
    return (m.line + 1, m.column + 1)


def _scalar(event: ev.ScalarEvent, file: str) -> Any:
    tag = event.tag
    if tag is None or tag == "!":
        tag = _resolver.resolve(ScalarNode, event.value, event.implicit)
    if tag == _STR:
        return event.value  # what the constructor would return, without building a node
    if tag not in _SAFE_TAGS:
        raise InputError(f"YAML tag {tag!r} is not allowed", Location(file, *_mark(event)))
    node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
    try:
        value = _constructor.construct_object(node)
    except (ValueError, ConstructorError) as exc:
        what = "date" if tag.endswith("timestamp") else tag.rsplit(":", 1)[-1]
        reason = str(exc)
        if "Exceeds the limit" in reason:  # int("9" * 100_000)
            reason = f"{len(event.value):,} digits; at most {sys.get_int_max_str_digits():,} are accepted"
        raise InputError(
            f"invalid {what} {shorten(repr(event.value))}: {shorten(reason, 200)}".rstrip(), Location(file, *_mark(event))
        ) from None
    finally:
        # SafeConstructor memoises every node it builds; ours are never reused, so drop it
        # (otherwise a long-lived process, e.g. a batch worker, keeps every scalar it parsed).
        _constructor.constructed_objects.pop(node, None)
    if isinstance(value, float) and not math.isfinite(value):
        raise InputError(f"{shorten(repr(event.value))} is not a finite number", Location(file, *_mark(event)))
    return value


def _hashable_key(key: Any, event: ev.Event, file: str) -> Any:
    if isinstance(key, (dict, list)):
        raise InputError("mapping keys must be plain scalars", Location(file, *_mark(event)))
    return key


_SCALAR, _ALIAS, _DOCUMENT_START = ev.ScalarEvent, ev.AliasEvent, ev.DocumentStartEvent
_MAPPING_START, _MAPPING_END = ev.MappingStartEvent, ev.MappingEndEvent
_SEQUENCE_START, _SEQUENCE_END = ev.SequenceStartEvent, ev.SequenceEndEvent


def parse_yaml_text(text: str, file: str, *, collect: bool = False) -> Document:
    """Parse YAML ``text`` strictly; ``file`` is only used in error locations.

    ``collect``: a refused value (an impossible date, a number too long or not finite) does not
    stop the parse; it is recorded in ``Document.problems`` so that every problem of a file can
    be reported in one run (:func:`compliance.models.loading.validate_document` does).
    """
    problems: list[InputError] = []
    invalid: set[Path_] = set()
    positions: dict[Path_, tuple[int, int]] = {}
    values: dict[Path_, tuple[int, int]] = {}
    # Stack entries: [container, path, pending_key (mappings), key_seen (mappings)]
    stack: list[list[Any]] = []
    root: Any = None
    have_root = False
    try:
        for event in yaml.parse(text, Loader=_Loader):
            kind = type(event)  # one type test per event: 100,000 answers are 500,000 events
            if kind is _SCALAR:
                if event.anchor is not None:
                    raise InputError("YAML anchors (&name) are not allowed; write the value out",
                                     Location(file, *_mark(event)))
                try:
                    value = _scalar(event, file)
                except InputError as exc:
                    if not collect or exc.message.startswith("YAML tag"):
                        raise
                    problems.append(exc)
                    value = INVALID
                at = _add(stack, value, event, file, positions, values)
                if value is INVALID:
                    invalid.add(at)
                if not stack:
                    root, have_root = value, True
            elif kind is _MAPPING_START or kind is _SEQUENCE_START:
                if event.anchor is not None:
                    raise InputError("YAML anchors (&name) are not allowed; write the value out",
                                     Location(file, *_mark(event)))
                if event.tag not in (None, "!") and not (
                    event.tag.startswith("tag:yaml.org,2002:") and event.tag.rsplit(":", 1)[-1] in ("map", "seq")
                ):
                    raise InputError(f"YAML tag {event.tag!r} is not allowed", Location(file, *_mark(event)))
                container: Any = {} if kind is _MAPPING_START else []
                path = _add(stack, container, event, file, positions, values)
                if not stack:
                    root, have_root = container, True
                    positions[()] = _mark(event)
                stack.append([container, path, None, False])
            elif kind is _MAPPING_END or kind is _SEQUENCE_END:
                stack.pop()
            elif kind is _ALIAS:
                raise InputError("YAML aliases (*name) are not allowed; write the value out",
                                 Location(file, *_mark(event)))
            elif kind is _DOCUMENT_START and have_root:
                raise InputError("only one YAML document per file is allowed", Location(file, *_mark(event)))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.problem:
            problem = f"{exc.problem} ({exc.context})"
        loc = Location(file, mark.line + 1, mark.column + 1) if mark else Location(file)
        raise InputError(f"YAML syntax error: {problem}", loc) from None
    except yaml.YAMLError as exc:
        raise InputError(f"YAML error: {exc}", Location(file)) from None
    return Document(root, file, positions, values, problems, invalid)


def _add(stack, value, event, file, positions, values) -> Path_:
    """Attach ``value`` to the innermost open container; return the value's path."""
    if not stack:
        return ()
    top = stack[-1]
    container, path = top[0], top[1]
    if isinstance(container, list):
        child = path + (len(container),)
        container.append(value)
        positions[child] = _mark(event)
        return child
    if not top[3]:  # this scalar/collection is a key
        key = _hashable_key(value, event, file)
        if key in container:
            raise InputError(f"duplicate key {key!r}", Location(file, *_mark(event)))
        top[2], top[3] = key, True
        positions[path + (key,)] = _mark(event)
        return path + (key,)
    key = top[2]
    container[key] = value
    top[2], top[3] = None, False
    values[path + (key,)] = _mark(event)
    return path + (key,)


def read_text(path: str | Path, *, max_bytes: int = MAX_INPUT_BYTES) -> str:
    """Read a UTF-8 text file with a size cap; errors are :class:`InputError`."""
    p = Path(path)
    shown = display_path(p)
    try:
        size = p.stat().st_size
        if size > max_bytes:
            raise InputError(
                f"file is {size:,} bytes, larger than the limit of {max_bytes:,} bytes",
                Location(shown),
            )
        raw = p.read_bytes()
    except FileNotFoundError:
        raise InputError("file not found", Location(shown)) from None
    except IsADirectoryError:
        raise InputError("is a directory, expected a file", Location(shown)) from None
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", Location(shown)) from None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError("UTF-16 encoded; save the file as UTF-8", Location(shown))
    if b"\x00" in raw:
        raise InputError("binary file (NUL bytes), expected UTF-8 text", Location(shown))
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8",
            Location(shown, line),
        ) from None


def _reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in pairs:
        if k in out:
            raise _DuplicateJSONKey(k)
        out[k] = v
    return out


class _DuplicateJSONKey(ValueError):
    pass


class _NonStandardNumber(ValueError):
    pass


def _reject_constant(name: str) -> Any:
    raise _NonStandardNumber(name)


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):  # 1e400
        raise _NonStandardNumber(text)
    return value


def _constant_location(text: str, name: str, file: str) -> Location:
    """Where the bare ``NaN`` / ``Infinity`` token is (the JSON parser does not say)."""
    import re

    m = re.search(r"[:\[,]\s*(" + re.escape(name) + r")(?![\w.])", text)
    if m is None:
        return Location(file)
    start = m.start(1)
    line = text.count("\n", 0, start) + 1
    return Location(file, line, start - (text.rfind("\n", 0, start) + 1) + 1)


def _located_by_yaml(text: str, file: str, fallback: InputError) -> InputError:
    """The error the located YAML pass finds in JSON ``text`` (JSON's parser gives no position
    for a duplicate key or an over-long number), else ``fallback``."""
    try:
        parse_yaml_text(text, file)
    except InputError as exc:
        if exc.location is not None and exc.location.line is not None:
            return exc
    except RecursionError:
        pass
    return fallback


def parse_json_text(text: str, file: str) -> Document:
    """Parse JSON strictly (duplicate keys rejected); locations come from a YAML pass."""
    try:
        data = json.loads(text, object_pairs_hook=_reject_duplicates, parse_constant=_reject_constant, parse_float=_finite_float)
    except _NonStandardNumber as exc:
        raise InputError(
            f"JSON: {shorten(exc.args[0])} is not a finite number", _constant_location(text, exc.args[0], file)
        ) from None
    except _DuplicateJSONKey as exc:
        raise _located_by_yaml(text, file, InputError(f"duplicate key {shorten(repr(exc.args[0]))}", Location(file))) from None
    except json.JSONDecodeError as exc:
        raise InputError(f"JSON syntax error: {exc.msg}", Location(file, exc.lineno, exc.colno)) from None
    except RecursionError:
        raise InputError("JSON nested too deeply", Location(file)) from None
    except ValueError as exc:  # int("9" * 100_000): over Python's digit limit
        reason = f"a number with more than {sys.get_int_max_str_digits():,} digits" if "Exceeds the limit" in str(exc) else shorten(str(exc))
        raise _located_by_yaml(text, file, InputError(f"JSON: {reason}", Location(file))) from None
    try:  # JSON is (nearly) YAML: reuse the YAML pass for locations, best effort
        located = parse_yaml_text(text, file)
        return Document(data, file, located.positions, located.values)
    except InputError:
        return Document(data, file)


def load_document(path: str | Path, *, max_bytes: int = MAX_INPUT_BYTES, collect: bool = False) -> Document:
    """Read and parse a YAML or JSON (by suffix) file into a located :class:`Document`
    (``collect``: see :func:`parse_yaml_text`)."""
    p = Path(path)
    text = read_text(p, max_bytes=max_bytes)
    shown = display_path(p)
    if p.suffix.lower() == ".json":
        doc = parse_json_text(text, shown)
    else:
        doc = parse_yaml_text(text, shown, collect=collect)
    if not isinstance(doc.data, dict):
        kind = "empty" if doc.data is None else f"a {type(doc.data).__name__}"
        raise InputError(f"top level must be a mapping of keys, found {kind}", Location(shown, 1, 1))
    return doc
