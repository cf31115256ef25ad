"""Soft hyphens (U+00AD) where WeasyPrint's ``hyphens: auto`` would break, without its dictionary.

WeasyPrint hyphenates ``hyphens: auto`` text with pyphen, whose German dictionary takes 0.7-1 s
to parse in every process that renders a paragraph needing it (a third of a checklist's render
time). For PDF output the templates pass paragraph text through ``| hyphenate`` (a no-op unless
the template context has ``soft_hyphens``: HTML output keeps ``hyphens: auto`` for browsers) and
base.html.j2 then sets ``p { hyphens: manual }``: WeasyPrint breaks only at the soft hyphens,
drawing its hyphenate character, which gives the line breaks ``hyphens: auto`` gave (the same
dictionary WeasyPrint picks, ``pyphen.language_fallback``; the same limits as CSS
``hyphenate-limit-chars: auto``: words of 5+ letters, at least 2 letters on either side of a
break). tests/test_hyphenation.py compares the lines of the longest German and English rule
texts at several widths.

Words are memoised in the user's cache folder (:mod:`compliance.files.cache`, kind
``hyphenation``, one JSON file per dictionary and pyphen version): the rule texts of a rule set
are hyphenated once per language, and a render whose words are all known never parses a
dictionary. Only a word missing from the cache makes this process load pyphen's dictionary
(once); :func:`save` merges the new words into the cache file (after each render). The text
never depends on the cache: an entry is used only if removing its soft hyphens gives back the
word, and the cache file is read only when the user owns it and no one else may write it
(:func:`compliance.files.cache.read`); the words in it are what pyphen computed.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from markupsafe import Markup

from ..files import cache

SHY = "\u00ad"
MIN_WORD, LEFT, RIGHT = 5, 2, 2  # CSS hyphenate-limit-chars: auto, as WeasyPrint computes it
_WORD = re.compile(r"[^\W_]{%d,}" % MIN_WORD)  # words as Pango delimits them (letters, digits)
_MARKUP = re.compile(r"(<[^>]*>|&[#\w]+;)")  # tags and character references stay as they are
KIND = "hyphenation"


class Hyphenator:
    """Soft-hyphenates text in one language; see the module docstring."""

    def __init__(self, lang: str):
        import pyphen  # the module is small; its dictionaries are parsed only on a cache miss

        self.lang = pyphen.language_fallback(lang)
        self.key: str | None = None
        self.words: dict[str, str] = {}
        self.new: dict[str, str] = {}
        self._dictionary = None
        if self.lang:
            name = Path(pyphen.LANGUAGES[self.lang]).stem
            self.key = f"{name}-pyphen{pyphen.__version__}-{MIN_WORD}{LEFT}{RIGHT}.json"
            self.words = _parse(cache.read(KIND, self.key))

    def word(self, word: str) -> str:
        found = self.words.get(word)
        if isinstance(found, str) and found.replace(SHY, "") == word:
            return found
        if self._dictionary is None:
            import pyphen

            self._dictionary = pyphen.Pyphen(lang=self.lang, left=LEFT, right=RIGHT)
        positions = self._dictionary.positions(word)
        # Breaks that change letters (pyphen "data" positions; none in the de/en dictionaries)
        # cannot be written as soft hyphens: such a word is left whole.
        points = [] if any(p.data for p in positions) else [int(p) for p in positions]
        found = SHY.join(word[i:j] for i, j in zip([0, *points], [*points, len(word)]))
        self.words[word] = self.new[word] = found
        return found

    def text(self, text: str) -> str:
        return _WORD.sub(lambda m: self.word(m.group(0)), text) if self.key else text

    def markup(self, markup: str) -> str:
        return "".join(p if _MARKUP.fullmatch(p) else self.text(p) for p in _MARKUP.split(markup))

    def save(self) -> None:
        """Merge the words this process looked up in pyphen into the cache file (best effort)."""
        if not self.new or self.key is None:
            return
        words = _parse(cache.read(KIND, self.key))
        words.update(self.new)
        cache.write(KIND, self.key, json.dumps(words, ensure_ascii=False, sort_keys=True).encode("utf-8"))
        self.new = {}


def _parse(data: bytes | None) -> dict[str, str]:
    try:
        words = json.loads(data) if data else {}
    except ValueError:
        return {}
    return words if isinstance(words, dict) else {}


#: One hyphenator per language asked for in this process.
_HYPHENATORS: dict[str, Hyphenator] = {}


def hyphenator(lang: str) -> Hyphenator:
    found = _HYPHENATORS.get(lang)
    if found is None:
        found = _HYPHENATORS[lang] = Hyphenator(lang)
    return found


def hyphenate(value, lang: str):  # noqa: ANN001, ANN201 - text or Markup in, the same kind out
    """``value`` (text or Markup) with soft hyphens in every word that can be hyphenated."""
    if value is None:
        return value
    h = hyphenator(lang)
    if isinstance(value, Markup):
        return Markup(h.markup(str(value)))
    return h.text(str(value))


def save() -> None:
    """Keep the words hyphenated since the last call in the cache (called after each render)."""
    for h in list(_HYPHENATORS.values()):
        h.save()
