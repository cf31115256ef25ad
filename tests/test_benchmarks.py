"""The benchmark runner's report logic and one real (tiny) benchmark run; no timing assertions."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys

from .conftest import ROOT


def load(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_summary_rows_compare_against_targets():
    run_all = load("run_all")
    rows = run_all.summarise({
        "startup": {"cases": [{"case": "compliance --help", "ratio_to_import_typer": 2.0, "target": 2.5},
                              {"case": "compliance rules list", "ratio_to_import_typer": 3.6, "target": 3.5},
                              {"case": "compliance due examples", "ratio_to_import_typer": 5.0, "target": None}]},
        "render": {"ratio": 1.3, "pages": 9},
        "check": {"files": 1000, "files_per_s": 1100},
        "pack": {"speedup": 1.8, "batch_vs_single": 0.7, "memory_growth": 1.0},
        "broken": {"error": "boom"},
    })
    met = {label.split(":")[0]: verdict for label, _, _, verdict in rows}
    assert [r[3] for r in rows] == ["yes", "no", "—", "no", "yes", "yes", "no", "yes", "—"]
    assert [r[2] for r in rows[:3]] == ["≤ 2.5×", "≤ 3.5×", "reported"]  # each case's own target
    assert "start-up" in met and "broken" in met
    md = run_all.table(rows)
    assert md.startswith("| benchmark | measured | target | met |") and md.count("\n") == len(rows) + 1


def test_startup_benchmark_prints_json():
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_startup.py"), "--runs", "1", "--json"],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["baseline"]["seconds"] > 0
    assert {c["case"] for c in data["cases"]} >= {"compliance --help", "compliance rules list"}
    assert all(c["ratio_to_import_typer"] > 0 for c in data["cases"])


def test_office_ratios_are_reported_against_2x():
    run_all = load("run_all")
    rows = run_all.summarise({"office": {"example": "lotus-networks", "template_ratio": 1.4, "check_ratio": 2.3}})
    assert [(r[1], r[2], r[3]) for r in rows] == [("1.40×", "≤ 2×", "yes"), ("2.30×", "≤ 2×", "no")]
    assert "lotus-networks" in rows[0][0]


def test_service_rows_compare_against_the_issue_targets():
    run_all = load("run_all")
    rows = run_all.summarise({"service": {
        "clients": 8,
        "check": {"requests_per_s": 180.0, "p95_ms": 120.0, "server_cpu_ms_per_request": 3.4},
        "memory": {"requests": 2000, "growth": 1.01},
        "render": {"ratio": 0.7, "cached_ms": 9.0},
    }})
    assert [(label.split(",")[0], verdict) for label, _, _, verdict in rows] == [
        ("service: `POST /api/v1/check`", "yes"), ("service: check latency p95", "no"),
        ("service: memory after / before 2000 requests", "yes"),
        ("service: warm checklist render / one cold `compliance checklist`", "yes"), ("service: cached re-render", "yes"),
    ]


def test_portal_rows_report_errors_packs_and_times():
    run_all = load("run_all")
    good = {"vendors": 20, "errors": 0, "packs_verified": 20, "server_cpu_ms_per_submit": 30.0,
            "submit_to_verdict": {"p50_ms": 400.0, "p95_ms": 700.0}, "submit_to_pack": {"p95_s": 30.0}}
    rows = run_all.summarise({"portal": good})
    assert rows[0][3] == "yes" and "20/20" in rows[0][1] and "700.0 ms" in rows[1][1] and "30.0 s" in rows[2][1]
    assert run_all.summarise({"portal": {**good, "packs_verified": 19}})[0][3] == "no"


def test_speed_rows_compare_against_the_issue_18_targets():
    run_all = load("run_all")
    quality = {"pages": {"checklist": 23, "weasyprint_before": 23, "pack": 23},
               "outside_content_box": {"checklist": 0, "pack": 0, "weasyprint_before": 0},
               "hyphenated_line_ends": {"checklist": 40, "weasyprint_before": 41}, "met": True}
    rows = run_all.summarise({"speed": {"vendor": "beispiel-mobilfunk", "checklist_ratio": 0.8, "batch_ratio": 0.9,
                                        "quality": quality}})
    assert [(r[1], r[2], r[3]) for r in rows] == [
        ("0.80×", "≤ 0.85×", "yes"), ("0.90×", "≤ 0.5×", "no"),
        ("pages 23/23, overflow 0, hyphenated lines 40/41", "unchanged", "yes"),
    ]
    # Without chromium there is no batch ratio, and no row claims one.
    rows = run_all.summarise({"speed": {"vendor": "x", "checklist_ratio": 0.9, "batch_ratio": None, "quality": quality}})
    assert [r[3] for r in rows] == ["no", "yes"]


def test_speed_benchmark_runs_once_and_prints_json():
    """One tiny round of bench_speed.py end to end (a batch of one vendor): the JSON run_all reads."""
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_speed.py"), "--runs", "1", "--vendors", "1", "--json"],
        capture_output=True, text=True, cwd=ROOT, timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    assert data["checklist_ratio"] > 0 and data["checklist"]["cold_cache_s"] > 0
    q = data["quality"]
    assert abs(q["pages"]["checklist"] - q["pages"]["weasyprint_before"]) <= 1
    assert q["outside_content_box"]["checklist"] == 0 and q["outside_content_box"]["pack"] == 0
    assert q["hyphenated_line_ends"]["checklist"] > 0 and q["met"] is True
    if data["batch_ratio"] is not None:  # chromium installed (scripts/setup.sh)
        assert data["batch_ratio"] > 0 and data["quality"]["pages"]["chromium"] > 0


def test_run_all_keeps_the_notes_of_results_md(tmp_path, monkeypatch):
    run_all = load("run_all")
    out = tmp_path / "RESULTS.md"
    out.write_text(f"# old table\n\n{run_all.NOTES_MARK}\n## Profile pass\nbefore/after\n", encoding="utf-8")
    monkeypatch.setattr(run_all, "run", lambda script, *args: {"benchmark": script, "error": "skipped"})
    monkeypatch.setattr(sys, "argv", ["run_all.py", "--out", str(out)])
    run_all.main()
    text = out.read_text(encoding="utf-8")
    assert "# old table" not in text and text.count(run_all.NOTES_MARK) == 1
    assert text.rstrip().endswith("## Profile pass\nbefore/after")
