"""Batch runs: no per-document state piles up in a long-lived worker."""

from __future__ import annotations

from compliance import yamlio

def test_yaml_reader_keeps_nothing_per_document():
    for _ in range(3):
        yamlio.parse_yaml_text("a: 1\nb: [x, 2026-03-01, 2.5]\n", "t.yaml")
    assert yamlio._constructor.constructed_objects == {}
