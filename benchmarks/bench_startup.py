"""CLI start-up cost as a ratio to `python -c "import typer"`, measured in one run.

Targets: `compliance --help` at most 2.5x the bare Typer import (issue 7); `compliance rules list`
at most 3.5x (issue 10; the parsed rule set comes from the user's cache folder, as it does for
every run after the first). `rules validate` reads and checks every rule file by design and
`rules list` with COMPLIANCE_NO_CACHE=1 shows what a first run costs: both are reported without
a target, as are `due` over the example vendors and the SVG `rules timeline` (issue 17). The package is byte-compiled first (as an installed wheel is), and the commands are
timed round-robin, so that a change in machine load hits every case alike.

Usage: .venv/bin/python benchmarks/bench_startup.py [--runs N] [--json]
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COMPLIANCE = str(Path(sys.executable).with_name("compliance"))


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = ap.parse_args(argv)
    compileall.compile_dir(ROOT / "compliance", quiet=1)
    env = {k: v for k, v in os.environ.items() if k not in ("COMPLIANCE_RULES", "PYTHONDONTWRITEBYTECODE")}
    cache = tempfile.mkdtemp(prefix="bench-startup-cache-")
    env["COMPLIANCE_CACHE_DIR"] = cache
    no_cache = {**env, "COMPLIANCE_NO_CACHE": "1"}
    cases = {
        'python -c "import typer"': ([sys.executable, "-c", "import typer"], env, None),
        "compliance --help": ([COMPLIANCE, "--help"], env, 2.5),
        "compliance rules list": ([COMPLIANCE, "rules", "list", "--as-of", "2026-03-01"], env, 3.5),
        "compliance rules list (no cache)": ([COMPLIANCE, "rules", "list", "--as-of", "2026-03-01"], no_cache, None),
        "compliance rules validate": ([COMPLIANCE, "rules", "validate"], env, None),
        "compliance due examples": ([COMPLIANCE, "due", "examples", "--as-of", "2025-06-01"], env, None),
        "compliance rules timeline (svg)": ([COMPLIANCE, "rules", "timeline", "--as-of", "2026-03-01", "-o", "-"], env, None),
    }
    samples: dict[str, list[float]] = {name: [] for name in cases}
    for cmd, case_env, _ in cases.values():  # warm-up: disk cache, byte code, rule-set cache
        subprocess.run(cmd, capture_output=True, cwd=ROOT, env=case_env, check=True)
    for _ in range(args.runs):
        for name, (cmd, case_env, _) in cases.items():
            t0 = time.perf_counter()
            subprocess.run(cmd, capture_output=True, cwd=ROOT, env=case_env, check=True)
            samples[name].append(time.perf_counter() - t0)
    base_name = 'python -c "import typer"'
    base = statistics.median(samples[base_name])
    rows = []
    for name, (_, _, target) in cases.items():
        if name == base_name:
            continue
        t = statistics.median(samples[name])
        rows.append({"case": name, "seconds": round(t, 4), "ratio_to_import_typer": round(t / base, 2), "target": target,
                     "met": None if target is None else t / base <= target})
    result = {"baseline": {"case": base_name, "seconds": round(base, 4)}, "runs": args.runs, "cases": rows}
    if args.json:
        print(json.dumps(result))
    else:
        print(f"baseline python -c 'import typer': {base * 1000:.1f} ms (median of {args.runs}, round-robin)")
        for r in rows:
            goal = f"(target <= {r['target']})" if r["target"] else "(no target)"
            print(f"{r['case']:<34} {r['seconds'] * 1000:7.1f} ms  ratio {r['ratio_to_import_typer']:.2f} {goal}")
    return result


if __name__ == "__main__":
    main()
