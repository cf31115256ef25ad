"""CLI start-up cost as a ratio to `python -c "import typer"`, measured in one run.

Target (issue 7): `compliance --help` and `compliance rules list` at most 2.5x the bare Typer import.
Usage: .venv/bin/python benchmarks/bench_startup.py [--runs N] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COMPLIANCE = str(Path(sys.executable).with_name("compliance"))


def timed(cmd: list[str], runs: int) -> float:
    """Median wall time of ``cmd`` over ``runs`` runs (after one warm-up), in seconds."""
    subprocess.run(cmd, capture_output=True, cwd=ROOT, check=True)
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, capture_output=True, cwd=ROOT, check=True)
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples)


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = ap.parse_args(argv)
    base = timed([sys.executable, "-c", "import typer"], args.runs)
    cases = {
        "compliance --help": [COMPLIANCE, "--help"],
        "compliance rules list": [COMPLIANCE, "rules", "list", "--as-of", "2026-03-01"],
        "compliance rules validate": [COMPLIANCE, "rules", "validate"],
    }
    rows = []
    for name, cmd in cases.items():
        t = timed(cmd, args.runs)
        rows.append({"case": name, "seconds": round(t, 4), "ratio_to_import_typer": round(t / base, 2), "target": 2.5})
    result = {"baseline": {"case": 'python -c "import typer"', "seconds": round(base, 4)}, "cases": rows}
    if args.json:
        print(json.dumps(result))
    else:
        print(f"baseline python -c 'import typer': {base * 1000:.1f} ms (median of {args.runs})")
        for r in rows:
            print(f"{r['case']:<28} {r['seconds'] * 1000:7.1f} ms  ratio {r['ratio_to_import_typer']:.2f} (target <= 2.5)")
    return result


if __name__ == "__main__":
    main()
