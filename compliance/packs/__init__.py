"""Attestation packs: one PDF/A-3b that a person reads and signs and that carries, as embedded
(associated) files, everything needed to check it again by machine.

Embedded files: ``answers.json``, ``findings.json``, ``profile.json``, ``manifest.json`` and
``evidence/<path>`` for each evidence file. ``manifest.json`` records the tool version, the rule
set (id, version, digest of its files), the as-of date and the SHA-256 of every other embedded file;
its own SHA-256 is printed on the cover page and stored in the PDF's document information.
"""
