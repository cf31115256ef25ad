"""The message catalogues: every key in every language, with the same placeholders."""

from __future__ import annotations

import datetime as dt

import pytest

from compliance.enums import LANGS
from compliance.i18n import Labels, catalogue, long_date, msg, placeholders, render, text


def _flat(data, prefix=""):
    for key, value in data.items():
        if isinstance(value, dict):
            yield from _flat(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", value


def test_every_key_exists_in_every_language_with_the_same_placeholders():
    flat = {lang: dict(_flat(catalogue(lang))) for lang in LANGS}
    reference = flat[LANGS[0]]
    for lang in LANGS[1:]:
        assert set(flat[lang]) == set(reference), sorted(set(flat[lang]) ^ set(reference))
    for key, value in reference.items():
        for lang in LANGS:
            other = flat[lang][key]
            if isinstance(value, str):
                assert isinstance(other, str) and other.strip() or key.endswith(".translation_note"), (lang, key)
                assert placeholders(other) == placeholders(value), (lang, key)
            else:
                assert isinstance(other, list) and len(other) == len(value), (lang, key)


def test_the_code_asks_only_for_keys_that_exist():
    """Every finding code and label the package names literally is in the catalogue."""
    import re
    from pathlib import Path

    import compliance

    root = Path(compliance.__file__).parent
    source = "\n".join(p.read_text(encoding="utf-8") for p in root.rglob("*.py"))
    codes = set(re.findall(r"\bmsg\(\s*\"([a-z_]+)\"", source))
    keys = set(re.findall(r"\btext\(\s*[\w.]+,\s*\"([a-z_]+\.[a-z_]+)\"", source))
    assert codes and keys
    for lang in LANGS:
        cat = catalogue(lang)
        assert codes <= set(cat["findings"]), codes - set(cat["findings"])
        for key in keys:
            section, name = key.split(".")
            assert name in cat[section], (lang, key)


def test_rendering_in_both_languages():
    m = msg("boolean_mismatch", value=False, expected=True)
    assert render(m, "de") == "Antwort nein; konform ist ja"
    assert render(m, "en") == "answered no; the complying answer is yes"
    assert long_date(dt.date(2026, 3, 1), "de") == "1. März 2026"
    assert long_date("2026-03-01", "en") == "1 March 2026"
    assert Labels("de").yes == "Ja" and Labels("en")["yes"] == "Yes"
    assert text("en", "cli.verdict") == "Verdict"
    with pytest.raises(AttributeError):
        Labels("de").no_such_label
