"""The pack benchmark runs end to end on a tiny input and prints its JSON; no timing assertions."""

from __future__ import annotations

import json
import subprocess
import sys

from .conftest import ROOT


def test_bench_pack_quick_json_shape():
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_pack.py"), "--quick", "--vendors", "2", "--json"],
        capture_output=True, text=True, cwd=ROOT, timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout.strip().splitlines()[-1])  # one line, as run_all.py reads it
    assert data["vendors"] == 2 and data["quick"] is True
    assert {"cpus", "python", "weasyprint"} <= data["machine"].keys()
    assert data["single_pack"]["median_s"] > 0
    for key, jobs in (("batch_jobs1", 1), ("batch_jobs2", 2)):
        run = data[key]
        assert run["jobs"] == jobs and run["vendors"] == 2 and run["packs_per_s"] > 0
        assert sum(run["statuses"].values()) == 2 and "failed" not in run["statuses"]
        assert run["peak_rss_kb"] > 0 and 1 <= run["workers"] <= jobs
    assert data["memory"]["small_vendors"] == 1 and data["memory"]["large_vendors"] == 2
    for key in ("speedup", "batch_vs_single", "memory_growth"):  # the keys run_all.py summarises
        assert isinstance(data[key], (int, float)) and data[key] > 0
        assert isinstance(data["targets"][key]["met"], bool)
    assert data["cpu_ceiling"]["speedup"] > 0


def test_bench_pack_refuses_bad_sizes():
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_pack.py"), "--vendors", "3", "--mem-small", "5"],
        capture_output=True, text=True, cwd=ROOT, timeout=60,
    )
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1
