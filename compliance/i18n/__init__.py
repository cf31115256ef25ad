"""One home for wording: every user-facing string of documents, findings and CLI tables.

The catalogues are ``i18n/de.yaml`` (German, authoritative) and ``i18n/en.yaml``: nested
key → text mappings in the layout translation tools know as "YAML (Ruby on Rails style)", with
sections

* ``documents`` — labels of checklists, attestations, reports and packs; templates see them as
  ``t.<key>`` (:class:`Labels`), so user templates keep working when wording changes;
* ``findings`` — check messages by stable code (:class:`Msg` / :func:`render`), placeholders in
  ``str.format`` style;
* ``cli`` — table headers and lines of the terminal output;
* ``portal`` — the web pages of ``compliance serve`` (questionnaire, dashboard), ``p.<key>``;
* ``months`` — month names for long dates.

``tests/test_i18n.py`` checks that every key exists in every language with the same placeholders.
"""

from __future__ import annotations

import datetime as dt
import functools
import string
from pathlib import Path
from typing import Any, NamedTuple

from ..enums import LANGS, Lang

_DIR = Path(__file__).resolve().parent


@functools.cache
def catalogue(lang: Lang | str) -> dict[str, Any]:
    """The parsed catalogue of ``lang`` (read once per process; kept as JSON in the user's cache
    folder, keyed by the YAML's content, so that start-up need not import the YAML parser)."""
    import hashlib
    import json

    from ..files import cache

    path = _DIR / f"{Lang(lang).value}.yaml"
    raw = path.read_bytes()
    key = hashlib.sha256(raw).hexdigest()[:32] + ".json"
    cached = cache.read("catalogues", key)
    if cached is not None:
        try:
            return json.loads(cached)
        except ValueError:
            pass
    from ..files.reader import parse_yaml_text

    data = parse_yaml_text(raw.decode("utf-8"), str(path)).data
    cache.write("catalogues", key, json.dumps(data, ensure_ascii=False).encode("utf-8"))
    return data


def text(lang: Lang | str, key: str, /, **params: Any) -> str:
    """The text at ``section.name`` in ``lang``, formatted with ``params`` when given."""
    section, _, name = key.partition(".")
    template = catalogue(lang)[section][name]
    return template.format(**params) if params else template


def placeholders(template: str) -> set[str]:
    """The ``{name}`` fields of a catalogue text."""
    return {field for _, field, _, _ in string.Formatter().parse(template) if field}


# --------------------------------------------------------------------------- documents


class Labels:
    """Attribute access to one language's document labels (``t.yes``), for templates; another
    ``section`` of the catalogue (``portal``: the web pages of ``compliance serve``) alike."""

    def __init__(self, lang: Lang | str, section: str = "documents"):
        self.lang = Lang(lang)
        self._words: dict[str, str] = catalogue(self.lang)[section]

    def __getattr__(self, key: str) -> str:
        try:
            return self._words[key]
        except KeyError:
            raise AttributeError(key) from None

    def __getitem__(self, key: str) -> str:
        return self._words[key]

    def get(self, key: str, default: str = "") -> str:
        return self._words.get(key, default)


def long_date(value: str | dt.date | None, lang: Lang | str = Lang.de) -> str:
    """``2026-03-01`` as ``1. März 2026`` (de) or ``1 March 2026`` (en)."""
    if value is None or value == "":
        return ""
    day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    month = catalogue(lang)["months"][day.month - 1]
    return f"{day.day}. {month} {day.year}" if Lang(lang) == Lang.de else f"{day.day} {month} {day.year}"


# --------------------------------------------------------------------------- findings


class Msg(NamedTuple):
    """A message code with its parameters, rendered lazily in a language."""

    code: str
    params: dict[str, Any]


def msg(code: str, **params: Any) -> Msg:
    return Msg(code, params)


def _fmt(value: Any, lang: Lang | str) -> str:
    if isinstance(value, Msg):
        return render(value, lang)
    if isinstance(value, bool):
        return render(msg("yes" if value else "no"), lang)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "get") and hasattr(value, "de") and hasattr(value, "en"):
        return value.get(lang)
    if isinstance(value, (list, tuple)):
        return ", ".join(_fmt(v, lang) for v in value)
    return str(value)


def render(message: Msg, lang: Lang | str) -> str:
    """The text of ``message`` in ``lang``."""
    template = catalogue(lang)["findings"][message.code]
    return template.format(**{k: _fmt(v, lang) for k, v in message.params.items()})


__all__ = ["LANGS", "Labels", "Lang", "Msg", "catalogue", "long_date", "msg", "placeholders", "render", "text"]
