"""What the rendering speed-ups (issue 18) must not change: bytes, page counts, the collector.

No timing here: benchmarks/bench_speed.py measures.
"""

from __future__ import annotations

import gc
import threading

import pytest

from compliance.documents import html_to_pdf
from compliance.documents.pdf import _cyclic_gc_paused

from .conftest import ROOT, run_script
from .pdfutil import reader

PAGE = '<!DOCTYPE html><html lang="de"><body>{}</body></html>'


def test_the_collector_is_paused_while_rendering_and_restored_after():
    seen = []
    with _cyclic_gc_paused():
        seen.append(gc.isenabled())
        with _cyclic_gc_paused():  # nested (a render inside a render's process)
            pass
        seen.append(gc.isenabled())
    assert seen == [False, False] and gc.isenabled()
    with pytest.raises(RuntimeError), _cyclic_gc_paused():
        raise RuntimeError("a render that fails")
    assert gc.isenabled()
    gc.disable()  # a caller that had turned it off keeps it off
    try:
        html_to_pdf(PAGE.format("<p>x</p>"))
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_concurrent_renders_leave_the_collector_on():
    errors = []

    def render() -> None:
        try:
            html_to_pdf(PAGE.format("<p>Sicherheitsanforderungen</p>" * 50))
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=render) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and gc.isenabled()


def test_page_count_is_the_pdfs(tmp_path):
    pages: list[int] = []
    pdf = html_to_pdf(PAGE.format('<p style="break-after: page">a</p>' * 3), page_count=pages)
    assert pages == [len(reader(pdf).pages)] == [3]


def test_same_bytes_with_an_empty_and_a_filled_hyphenation_cache(tmp_path):
    """The cache only saves work: the first render (cache empty, dictionary parsed) and the next
    (every word from the cache) write the same bytes; so does a run without any cache. Separate
    processes: a process keeps the words it hyphenated."""
    profile = ROOT / "examples" / "lotus-networks" / "profile.yaml"
    outputs = []
    for i, env in enumerate(({"COMPLIANCE_CACHE_DIR": str(tmp_path / "cache")},
                             {"COMPLIANCE_CACHE_DIR": str(tmp_path / "cache")},
                             {"COMPLIANCE_NO_CACHE": "1"})):
        out = tmp_path / f"c{i}.pdf"
        result = run_script("checklist", profile, "--as-of", "2026-03-01", "-o", out, env=env)
        assert result.code == 0, result.stderr
        outputs.append(out.read_bytes())
    assert list((tmp_path / "cache" / "hyphenation").iterdir())
    assert outputs[0] == outputs[1] == outputs[2]
