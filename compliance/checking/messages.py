"""Finding messages in German and English, kept apart from the checking logic.

A finding carries a message *code* and its parameters; :func:`render` turns them into text in
the chosen language. Parameters may be nested messages (:class:`Msg`), bilingual texts (objects
with ``.get(lang)``, e.g. :class:`compliance.models.Text`), lists, dates or plain values.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from ..models import Lang


class Msg(NamedTuple):
    """A message code with its parameters, rendered lazily in a language."""

    code: str
    params: dict[str, Any]


def msg(code: str, **params: Any) -> Msg:
    return Msg(code, params)


#: code -> (German, English). Placeholders are ``str.format`` fields.
CATALOGUE: dict[str, tuple[str, str]] = {
    # answers to questions
    "unanswered": ("Pflichtfrage nicht beantwortet", "required question not answered"),
    "wrong_type": (
        "falscher Typ: erwartet {expected}, erhalten {got}",
        "wrong type: expected {expected}, got {got}",
    ),
    "boolean_mismatch": (
        "Antwort {value}; konform ist {expected}",
        "answered {value}; the complying answer is {expected}",
    ),
    "choice_mismatch": (
        "gewählt „{key}“ ({label}), das ist nicht konform; konform: {complying}",
        "chose '{key}' ({label}), which does not comply; complying: {complying}",
    ),
    "number_below": ("{value} liegt unter dem Minimum {min}", "{value} is below the minimum {min}"),
    "number_above": ("{value} liegt über dem Maximum {max}", "{value} is above the maximum {max}"),
    "text_short": (
        "Antwort hat {length} Zeichen, mindestens {min_length} nötig",
        "answer has {length} characters, at least {min_length} needed",
    ),
    "text_empty": ("Antwort ist leer", "answer is empty"),
    "date_expired": (
        "gültig bis {value}, also vor dem Stichtag {as_of} abgelaufen",
        "valid until {value}, which is before the as-of date {as_of}",
    ),
    "evidence_question_missing": (
        "kein gültiger Nachweis angegeben",
        "no valid evidence file given",
    ),
    # obligation levels and waivers
    "soll_justified": (
        "{detail} — SOLL-Abweichung begründet, Prüfung nötig: „{comment}“",
        "{detail} — SOLL deviation justified, needs review: '{comment}'",
    ),
    "soll_unjustified": (
        "{detail} — SOLL-Abweichung ohne Begründung (Kommentar mit mindestens {min_length} Zeichen nötig)",
        "{detail} — SOLL deviation without justification (a comment of at least {min_length} characters is needed)",
    ),
    "kann_info": ("{detail} (KANN: nur zur Information)", "{detail} (KANN/may: for information only)"),
    "waived": (
        "{detail} — Ausnahme bis {expires} genehmigt von {approver}: {reason}; Prüfung nötig",
        "{detail} — waived until {expires}, approved by {approver}: {reason}; needs review",
    ),
    "waiver_muss": (
        "Ausnahme ignoriert: MUSS-Pflichten können nicht ausgenommen werden",
        "waiver ignored: MUSS (must) obligations cannot be waived",
    ),
    "waiver_expired": (
        "Ausnahme von {approver} ist am {expires} abgelaufen (Stichtag {as_of}) und zählt nicht mehr",
        "waiver approved by {approver} expired on {expires} (as of {as_of}) and no longer counts",
    ),
    # evidence
    "evidence_required": (
        "kein Nachweis angegeben; die Regel verlangt: {items}",
        "no evidence given; the rule requires: {items}",
    ),
    "evidence_recorded": ("Nachweis {path} (SHA-256 {sha256})", "evidence {path} (SHA-256 {sha256})"),
    "evidence_not_found": (
        "Nachweis {path} nicht im Nachweisordner gefunden",
        "evidence file {path} not found in the evidence folder",
    ),
    "evidence_not_file": ("Nachweis {path} ist keine Datei", "evidence {path} is not a regular file"),
    "evidence_unreadable": (
        "Nachweis {path} nicht lesbar: {reason}",
        "evidence file {path} cannot be read: {reason}",
    ),
    "evidence_absolute": (
        "Nachweis {path} abgelehnt: absolute Pfade sind nicht erlaubt",
        "evidence path {path} refused: absolute paths are not allowed",
    ),
    "evidence_parent": (
        "Nachweis {path} abgelehnt: „..“ ist nicht erlaubt",
        "evidence path {path} refused: '..' is not allowed",
    ),
    "evidence_outside": (
        "Nachweis {path} abgelehnt: zeigt (über einen symbolischen Link) aus dem Nachweisordner heraus",
        "evidence path {path} refused: it leads (through a symbolic link) outside the evidence folder",
    ),
    "evidence_no_dir": (
        "Nachweis {path} nicht prüfbar: kein Nachweisordner (--evidence-dir) angegeben",
        "evidence {path} cannot be verified: no evidence folder (--evidence-dir) given",
    ),
    # certification of components
    "cert_missing": (
        "Komponente {component} hat keine am {as_of} gültige Zertifizierung{expired}",
        "component {component} has no certification valid on {as_of}{expired}",
    ),
    "cert_expired": (
        "Zertifizierung {scheme} {cert} der Komponente {component} ist am {valid_until} abgelaufen",
        "certification {scheme} {cert} of component {component} expired on {valid_until}",
    ),
    "cert_expired_list": (" (abgelaufen: {items})", " (expired: {items})"),
    # answers that match no applicable question
    "unknown_question": (
        "Antwort auf unbekannte Frage {question}{suggestion}",
        "answer to unknown question {question}{suggestion}",
    ),
    "did_you_mean": ("; meinten Sie {suggestion}?", "; did you mean {suggestion}?"),
    "question_not_applicable": (
        "Antwort auf eine Frage der Regel {rule}, die am {as_of} für diesen Anbieter nicht gilt; ignoriert",
        "answer to a question of rule {rule}, which does not apply to this vendor on {as_of}; ignored",
    ),
    "informational": (
        "Regel ohne Fragen (z. B. Befugnis einer Behörde): nichts zu beantworten",
        "rule without questions (e.g. a power of an authority): nothing to answer",
    ),
    # expected types
    "type_boolean": ("ja/nein (true/false)", "yes/no (true/false)"),
    "type_number": ("eine Zahl", "a number"),
    "type_date": ("ein Datum JJJJ-MM-TT", "a date YYYY-MM-DD"),
    "type_text": ("einen Text", "text"),
    "type_choice": ("einen der Schlüssel {keys}", "one of the keys {keys}"),
    "yes": ("ja", "yes"),
    "no": ("nein", "no"),
}


def _fmt(value: Any, lang: Lang) -> str:
    if isinstance(value, Msg):
        return render(value, lang)
    if isinstance(value, bool):
        return render(msg("yes" if value else "no"), lang)
    if isinstance(value, (dt.date,)):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "get") and hasattr(value, "de") and hasattr(value, "en"):
        return value.get(lang)
    if isinstance(value, (list, tuple)):
        return ", ".join(_fmt(v, lang) for v in value)
    return str(value)


def render(message: Msg, lang: Lang) -> str:
    """The text of ``message`` in ``lang`` (``de`` or ``en``)."""
    de, en = CATALOGUE[message.code]
    template = de if lang == "de" else en
    return template.format(**{k: _fmt(v, lang) for k, v in message.params.items()})
