"""Benchmark: `compliance checklist --format pdf` against WeasyPrint's own CLI on the same HTML.

Both are timed as fresh processes (interpreter start included), best of N runs. The ratio
compliance / weasyprint is the overhead of loading the rules, selecting, templating and our
PDF post-processing; the target is <= 1.2. WeasyPrint is asked for what compliance makes (a
tagged PDF/A-3b); it also runs without tags and variant, which shows what tagging costs.
Not a test: run it with
`.venv/bin/python benchmarks/bench_render.py [--runs N] [--as-of DATE] [--profile FILE]`.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def timed(cmd: list[str], runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def cpu_timed(cmd: list[str], runs: int) -> float:
    """Median CPU time (user + system) of ``cmd`` as a child process: steadier than wall-clock
    time on a machine that other work is loading."""
    import resource

    times = []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(cmd, check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        times.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--as-of", default="2026-03-01")
    ap.add_argument("--profile", default=str(ROOT / "examples/lotus-networks/profile.yaml"))
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    from compliance.files.bundled import bundled_templates_dir

    with tempfile.TemporaryDirectory() as tmp:
        html, ours, theirs = Path(tmp, "c.html"), Path(tmp, "ours.pdf"), Path(tmp, "theirs.pdf")
        common = [str(BIN / "compliance"), "checklist", args.profile, "--as-of", args.as_of, "--include-drafts"]
        subprocess.run([*common, "--format", "html", "-o", str(html)], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
        ours_cmd = [*common, "--format", "pdf", "-o", str(ours)]
        plain_cmd = [str(BIN / "weasyprint"), "-q", "-u", bundled_templates_dir().as_uri() + "/", str(html), str(theirs)]
        theirs_cmd = [*plain_cmd[:-2], "--pdf-tags", "--pdf-variant", "pdf/a-3b", *plain_cmd[-2:]]
        timed(ours_cmd, 1), timed(theirs_cmd, 1)  # warm the file cache
        o_best, o_med = timed(ours_cmd, args.runs)
        w_best, w_med = timed(theirs_cmd, args.runs)
        tagged_size = theirs.stat().st_size
        p_best, p_med = timed(plain_cmd, args.runs)
        plain_size = theirs.stat().st_size
        tagged_cpu, plain_cpu = cpu_timed(theirs_cmd, args.runs), cpu_timed(plain_cmd, args.runs)
        pages = subprocess.run(["pdfinfo", str(ours)], capture_output=True, text=True).stdout
        n_pages = next((l.split()[-1] for l in pages.splitlines() if l.startswith("Pages:")), "?")
    if args.json:
        import json

        print(json.dumps({
            "benchmark": "render", "pages": n_pages, "runs": args.runs,
            "compliance_median_s": round(o_med, 3), "weasyprint_median_s": round(w_med, 3),
            "ratio": round(o_med / w_med, 2), "target": "<= 1.2",
            "weasyprint_untagged_median_s": round(p_med, 3), "tagging_cpu_ratio": round(tagged_cpu / plain_cpu, 2),
            "tagging_size_ratio": round(tagged_size / plain_size, 2),
        }))
        return
    print(f"checklist {Path(args.profile).parent.name} as of {args.as_of} (drafts included): {n_pages} pages, {args.runs} runs")
    print(f"  compliance checklist --format pdf : best {o_best:.3f}s  median {o_med:.3f}s")
    print(f"  weasyprint CLI on the same HTML   : best {w_best:.3f}s  median {w_med:.3f}s")
    print(f"  ratio (median)                    : {o_med / w_med:.2f}  (target <= 1.2)")
    print(f"  weasyprint, untagged, not PDF/A   : best {p_best:.3f}s  median {p_med:.3f}s")
    print(f"  tagged PDF/A-3b / untagged        : CPU time {tagged_cpu / plain_cpu:.2f}  size {tagged_size / plain_size:.2f}")


if __name__ == "__main__":
    main()
