"""Benchmark (issue 18): our renders against the raw renderer and a browser, in ONE run.

On the largest example vendor (examples/beispiel-mobilfunk, 23 pages as of 2026-03-01, German):

(a) ``compliance checklist`` (PDF) against the raw WeasyPrint CLI rendering
    ``benchmarks/data/checklist-before-issue18.html``: the HTML this project rendered for that
    checklist before issue 18, asked for what compliance writes (tagged PDF/A-3b). Target <= 0.85.
    The rendering code is that of main just before issue 18 was merged (35ef7e2^1); the content
    follows the rules, so when the rule set changes, regenerate it from a worktree of that commit
    with the current rules/ copied in: ``compliance checklist examples/beispiel-mobilfunk/profile.yaml
    --as-of 2026-03-01 --format html -o benchmarks/data/checklist-before-issue18.html``.
(b) ``compliance batch --jobs 2`` over N copies of the vendor (wall time per pack) against a
    cold Chromium ``--headless --print-to-pdf`` of the same checklist HTML (a fresh profile each
    time). Target <= 0.5. Skipped, and said so, when chromium is not installed.
(c) quality: page counts (ours within 1 of the raw render), no text outside the page's content
    box (pdftotext -bbox), German hyphenation in place (hyphenated line ends, ours / before).

Every round runs each contender once, in turn (interleaved, so that load from other work on the
machine hits all of them alike); the figures are medians over the rounds of wall-clock time, the
ratios the medians of each round's ratios. CPU time (user + system of the process and its
children) is reported too, except for the batch (its workers are children of multiprocessing's
fork server, which the batch process does not wait for). Each contender runs once untimed first (file cache; our hyphenation
cache, kept in a private folder, is filled then: ``cold_cache_s`` is that first run).
Not a test: `.venv/bin/python benchmarks/bench_speed.py [--runs N] [--vendors N] [--json]`.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
BEFORE_HTML = ROOT / "benchmarks" / "data" / "checklist-before-issue18.html"
VENDOR = ROOT / "examples" / "beispiel-mobilfunk"
AS_OF = "2026-03-01"
TEMPLATES = ROOT / "templates"
TARGET_CHECKLIST, TARGET_BATCH = 0.85, 0.5
#: The page's content box (templates/assets/style.css: @page margin 24mm 20mm 22mm 24mm), in pt.
MM = 72 / 25.4
LEFT, RIGHT = 24 * MM, 20 * MM
SLACK = 3  # pt: glyphs (a line-end hyphen, justified text) may reach a point or two past the box
HYPHEN = "\u2010"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync",
                  "--disable-background-networking", "--disable-component-update", "--no-pdf-header-footer"]


def measure(cmd: list[str], env: dict | None = None) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the process and its children) of one run of ``cmd``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, check=True, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def outside_content_box(pdf: Path) -> int:
    """Words whose box leaves the page's content area sideways by more than SLACK (overflow)."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    bad, width = 0, 0.0
    for line in out.splitlines():
        page = re.search(r'<page width="([\d.]+)"', line)
        if page:
            width = float(page.group(1))
            continue
        word = re.search(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"', line)
        if word and (float(word.group(1)) < LEFT - SLACK or float(word.group(2)) > width - RIGHT + SLACK):
            bad += 1
    return bad


def text_lines(pdf: Path) -> list[str]:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [line.strip() for line in out.splitlines() if line.strip()]


def hyphenated(lines: list[str]) -> int:
    """Lines ending in a hyphen WeasyPrint drew (a word broken by hyphenation)."""
    return sum(1 for line in lines if line.endswith(HYPHEN) and line[-2:-1].isalpha())


def median_ratio(ours: list[float], theirs: list[float]) -> float:
    return round(statistics.median(a / b for a, b in zip(ours, theirs)), 3)


def summary(times: list[tuple[float, float]]) -> dict:
    return {"median_s": round(statistics.median(w for w, _ in times), 3),
            "cpu_median_s": round(statistics.median(c for _, c in times), 3),
            "runs_s": [round(w, 3) for w, _ in times]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5, help="rounds (default 5)")
    ap.add_argument("--vendors", type=int, default=6, help="copies of the vendor in the batch (default 6)")
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    args = ap.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")

    with tempfile.TemporaryDirectory(prefix="bench-speed-") as tmp:
        tmp = Path(tmp)
        env = dict(os.environ, COMPLIANCE_CACHE_DIR=str(tmp / "cache"))
        env.pop("COMPLIANCE_NO_CACHE", None)
        # The HTML next to the template assets, so that a browser finds the fonts as WeasyPrint does.
        site = tmp / "site"
        site.mkdir()
        (site / "assets").symlink_to(TEMPLATES / "assets")
        page = site / "checklist.html"
        shutil.copy(BEFORE_HTML, page)
        vendors = tmp / "vendors"
        for i in range(args.vendors):
            shutil.copytree(VENDOR, vendors / f"{VENDOR.name}-{i + 1:02d}")
        ours_pdf, raw_pdf, chrome_pdf = tmp / "ours.pdf", tmp / "raw.pdf", tmp / "chromium.pdf"
        ours = [str(BIN / "compliance"), "checklist", str(VENDOR / "profile.yaml"), "--as-of", AS_OF, "-o", str(ours_pdf)]
        raw = [str(BIN / "weasyprint"), "-q", "-u", TEMPLATES.as_uri() + "/", "--pdf-tags", "--pdf-variant", "pdf/a-3b",
               str(page), str(raw_pdf)]
        batch_out = tmp / "batch"

        def batch() -> list[str]:
            shutil.rmtree(batch_out, ignore_errors=True)
            return [str(BIN / "compliance"), "batch", str(vendors), "-o", str(batch_out), "--jobs", "2",
                    "--as-of", AS_OF, "--format", "json"]

        def browser() -> list[str]:
            profile = Path(tempfile.mkdtemp(prefix="chromium-", dir=tmp))  # cold: a new profile each time
            return [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={chrome_pdf}", page.as_uri()]

        contenders = {"checklist": lambda: ours, "weasyprint": lambda: raw, "batch": batch}
        if chromium:
            contenders["chromium"] = browser
        cold_cache = measure(ours, env)[0]
        for make in contenders.values():
            measure(make(), env)
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in contenders}
        for _ in range(args.runs):
            for name, make in contenders.items():
                times[name].append(measure(make(), env))
        per_pack = [(w / args.vendors, c / args.vendors) for w, c in times["batch"]]

        ours_lines, raw_lines = text_lines(ours_pdf), text_lines(raw_pdf)
        packs = sorted(batch_out.glob("*.pdf"))
        quality = {
            "pages": {"checklist": pages(ours_pdf), "weasyprint_before": pages(raw_pdf), "pack": pages(packs[0]),
                      "chromium": pages(chrome_pdf) if chromium else None},
            "outside_content_box": {"checklist": outside_content_box(ours_pdf), "pack": outside_content_box(packs[0]),
                                    "weasyprint_before": outside_content_box(raw_pdf)},
            "hyphenated_line_ends": {"checklist": hyphenated(ours_lines), "weasyprint_before": hyphenated(raw_lines)},
            "same_lines_as_before": round(len(set(ours_lines) & set(raw_lines)) / len(set(raw_lines)), 3),
        }
    q = quality
    quality["met"] = (abs(q["pages"]["checklist"] - q["pages"]["weasyprint_before"]) <= 1
                      and not q["outside_content_box"]["checklist"] and not q["outside_content_box"]["pack"]
                      and q["hyphenated_line_ends"]["checklist"] >= 0.8 * q["hyphenated_line_ends"]["weasyprint_before"] > 0)
    checklist_ratio = median_ratio([w for w, _ in times["checklist"]], [w for w, _ in times["weasyprint"]])
    result = {
        "benchmark": "speed", "vendor": VENDOR.name, "as_of": AS_OF, "runs": args.runs, "vendors": args.vendors,
        "checklist": {**summary(times["checklist"]), "cold_cache_s": round(cold_cache, 3)},
        "weasyprint_before": summary(times["weasyprint"]),
        "batch_per_pack": {k: v for k, v in summary(per_pack).items() if k != "cpu_median_s"},  # see the docstring
        "checklist_ratio": checklist_ratio,
        "checklist_cpu_ratio": median_ratio([c for _, c in times["checklist"]], [c for _, c in times["weasyprint"]]),
        "targets": {"checklist_ratio": TARGET_CHECKLIST, "batch_ratio": TARGET_BATCH},
        "quality": quality,
    }
    if chromium:
        result["chromium"] = summary(times["chromium"])
        result["batch_ratio"] = median_ratio([w for w, _ in per_pack], [w for w, _ in times["chromium"]])
    else:
        result["batch_ratio"] = None
        result["chromium"] = "not installed (scripts/setup.sh installs it)"
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return
    print(f"{VENDOR.name} as of {AS_OF}: checklist {q['pages']['checklist']} pages, pack {q['pages']['pack']} pages; "
          f"{args.runs} rounds, batch of {args.vendors}")
    print(f"  compliance checklist (PDF)           : median {result['checklist']['median_s']:.3f}s "
          f"(CPU {result['checklist']['cpu_median_s']:.3f}s; first run, empty cache {cold_cache:.3f}s)")
    print(f"  weasyprint CLI, HTML before issue 18 : median {result['weasyprint_before']['median_s']:.3f}s "
          f"(CPU {result['weasyprint_before']['cpu_median_s']:.3f}s)")
    print(f"  (a) ratio                            : {checklist_ratio:.2f}  (target <= {TARGET_CHECKLIST}; "
          f"CPU time {result['checklist_cpu_ratio']:.2f})")
    print(f"  compliance batch --jobs 2, per pack  : median {result['batch_per_pack']['median_s']:.3f}s")
    if chromium:
        print(f"  chromium cold print-to-pdf           : median {result['chromium']['median_s']:.3f}s "
              f"(CPU {result['chromium']['cpu_median_s']:.3f}s)")
        print(f"  (b) ratio                            : {result['batch_ratio']:.2f}  (target <= {TARGET_BATCH})")
    else:
        print("  (b) chromium not installed: no ratio")
    print(f"  (c) quality                          : pages {q['pages']}, words outside the content box "
          f"{q['outside_content_box']}, hyphenated line ends {q['hyphenated_line_ends']}, "
          f"lines as before {q['same_lines_as_before']:.0%}: {'met' if q['met'] else 'NOT met'}")


if __name__ == "__main__":
    main()
