"""Run every benchmark in one go and write benchmarks/RESULTS.md (markdown), with the machine.

    .venv/bin/python benchmarks/run_all.py [--quick] [--out benchmarks/RESULTS.md]

Each benchmark is a script in this folder printing one JSON object with --json; ratios inside a
benchmark are measured in the same run. Targets come from the issues; nothing here is a test.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
#: RESULTS.md keeps what follows this line from one run to the next (notes written by hand).
NOTES_MARK = "<!-- notes below are kept by run_all.py -->"
ROOT = HERE.parent


def run(script: str, *args: str) -> dict:
    path = HERE / script
    if not path.is_file():
        return {"benchmark": script, "error": "script not found"}
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, str(path), "--json", *args], capture_output=True, text=True, cwd=ROOT)
    if proc.returncode != 0:
        return {"benchmark": script, "error": (proc.stderr.strip().splitlines() or ["failed"])[-1]}
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    data["wall_s"] = round(time.perf_counter() - t0, 1)
    return data


def machine() -> dict:
    import importlib.metadata as md

    cpu = ""
    try:
        cpu = next(l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines() if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    versions = {}
    for pkg in ("weasyprint", "pydantic", "typer", "pypdf", "fastapi", "uvicorn", "sqlalchemy"):
        try:
            versions[pkg] = md.version(pkg)
        except md.PackageNotFoundError:
            versions[pkg] = "-"
    return {
        "cpu": cpu or platform.processor(), "cores": os.cpu_count(), "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}", **versions,
    }


def table(rows: list[tuple[str, str, str, str]]) -> str:
    out = ["| benchmark | measured | target | met |", "|---|---|---|---|"]
    out += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    return "\n".join(out)


def summarise(results: dict[str, dict]) -> list[tuple[str, str, str, str]]:
    rows = []

    def ok(cond) -> str:
        return "yes" if cond else "no"

    s = results.get("startup", {})
    for case in s.get("cases", []):  # each case carries its own target (None: reported only)
        target = case.get("target")
        rows.append((f"start-up: `{case['case']}` / `python -c 'import typer'`", f"{case['ratio_to_import_typer']:.2f}×",
                     f"≤ {target}×" if target else "reported", ok(case["ratio_to_import_typer"] <= target) if target else "—"))
    r = results.get("render", {})
    if "ratio" in r:
        rows.append(("render: `compliance checklist --format pdf` / WeasyPrint CLI", f"{r['ratio']:.2f}× ({r['pages']} pages)", "≤ 1.2×", ok(r["ratio"] <= 1.2)))
    if "tagging_cpu_ratio" in r:
        rows.append(("render: tagged PDF/A-3b / untagged (WeasyPrint CLI, CPU time; size)",
                     f"{r['tagging_cpu_ratio']:.2f}× ({r['tagging_size_ratio']:.2f}× bytes)", "—", "—"))
    sg = results.get("sign", {})
    if "pack_sign_ratio" in sg:
        rows.append(("sign: `compliance pack --sign` / `compliance pack` (CPU time)", f"{sg['pack_sign_ratio']:.2f}×", "—", "—"))
        rows.append(("verify: pack with two signatures, `--trust` / unsigned pack (CPU time)", f"{sg['verify_ratio']:.2f}×", "—", "—"))
        rows.append(("verify: checking two signatures, pyHanko's reader / ours", f"{sg['reader_speedup']:.1f}×", "—", "—"))
    c = results.get("check", {})
    if "files_per_s" in c:
        rows.append((f"check: {c['files']} answer files, one invocation", f"{c['files_per_s']} files/s", "≥ 300 files/s", ok(c["files_per_s"] >= 300)))
    p = results.get("pack", {})
    for key, label, target, test in (
        ("speedup", "pack batch: packs/s `--jobs 2` / `--jobs 1`", "≥ 1.7×", lambda v: v >= 1.7),
        ("batch_vs_single", "pack: per-pack time in batch / one `compliance pack`", "≤ 0.6×", lambda v: v <= 0.6),
        ("memory_growth", "pack batch: peak worker memory at 100 / at 20 vendors", "≈ 1.0× (no growth)", lambda v: v <= 1.1),
    ):
        if isinstance(p.get(key), (int, float)):
            rows.append((label, f"{p[key]:.2f}×", target, ok(test(p[key]))))
    o = results.get("office", {})
    for key, label in (("template_ratio", "office: `answers-template --format xlsx` / `--format yaml`"),
                       ("check_ratio", "office: `check answers.xlsx` / `check answers.yaml`")):
        if isinstance(o.get(key), (int, float)):
            rows.append((f"{label} ({o.get('example')})", f"{o[key]:.2f}×", "≤ 2×", ok(o[key] <= 2.0)))
    sv = results.get("service", {})
    if "check" in sv:
        c, m, r = sv["check"], sv["memory"], sv["render"]
        rows.append((f"service: `POST /api/v1/check`, {sv['clients']} clients", f"{c['requests_per_s']} req/s "
                     f"({c['server_cpu_ms_per_request']} ms server CPU each)", "≥ 150 req/s", ok(c["requests_per_s"] >= 150)))
        rows.append(("service: check latency p95", f"{c['p95_ms']} ms", "≤ 100 ms", ok(c["p95_ms"] <= 100)))
        rows.append((f"service: memory after / before {m['requests']} requests", f"{m['growth']:.3f}×", "≈ 1.0× (flat)",
                     ok(m["growth"] <= 1.1)))
        rows.append(("service: warm checklist render / one cold `compliance checklist`", f"{r['ratio']:.2f}×", "≤ 0.8×",
                     ok(r["ratio"] <= 0.8)))
        rows.append(("service: cached re-render", f"{r['cached_ms']} ms", "≤ 50 ms", ok(r["cached_ms"] <= 50)))
    pt = results.get("portal", {})
    if "submit_to_verdict" in pt:
        rows.append((f"portal: {pt['vendors']} vendors submitting at once: errors, packs verified",
                     f"{pt['errors']} errors, {pt['packs_verified']}/{pt['vendors']} packs intact",
                     "0 errors, every pack verifies", ok(pt["errors"] == 0 and pt["packs_verified"] == pt["vendors"])))
        v, pk = pt["submit_to_verdict"] or {}, pt["submit_to_pack"] or {}
        rows.append(("portal: submit-to-verdict p95 (and p50)", f"{v.get('p95_ms')} ms ({v.get('p50_ms')} ms); "
                     f"{pt.get('server_cpu_ms_per_submit')} ms server CPU each", "reported", "—"))
        rows.append(("portal: submit-to-pack p95 (packs built in the background)", f"{pk.get('p95_s')} s", "reported", "—"))
    sp = results.get("speed", {})
    pages = sp.get("quality", {}).get("pages", {})
    if isinstance(sp.get("checklist_ratio"), (int, float)):
        rows.append((f"speed: `compliance checklist` PDF / WeasyPrint CLI on the HTML before issue 18 ({sp['vendor']}, "
                     f"{pages.get('checklist')} pages)", f"{sp['checklist_ratio']:.2f}×", "≤ 0.85×",
                     ok(sp["checklist_ratio"] <= 0.85)))
    if isinstance(sp.get("batch_ratio"), (int, float)):
        rows.append((f"speed: batch `--jobs 2` per pack ({pages.get('pack')} pages) / cold Chromium print-to-PDF",
                     f"{sp['batch_ratio']:.2f}×", "≤ 0.5×", ok(sp["batch_ratio"] <= 0.5)))
    if isinstance(sp.get("quality"), dict) and "met" in sp["quality"]:
        q = sp["quality"]
        overflow = q["outside_content_box"]["checklist"] + q["outside_content_box"]["pack"]
        hyphens = q["hyphenated_line_ends"]
        rows.append(("speed: quality (pages ±1, no overflow, German hyphenation)",
                     f"pages {q['pages']['checklist']}/{q['pages']['weasyprint_before']}, overflow {overflow}, "
                     f"hyphenated lines {hyphens['checklist']}/{hyphens['weasyprint_before']}", "unchanged", ok(q["met"])))
    for name, data in results.items():
        if "error" in data:
            rows.append((name, f"error: {data['error']}", "", "—"))
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    ap.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    args = ap.parse_args()
    q = args.quick
    results = {
        "startup": run("bench_startup.py", "--runs", "3" if q else "15"),
        "render": run("bench_render.py", "--runs", "1" if q else "5"),
        "check": run("bench_check.py", "--files", "50" if q else "1000"),
        "pack": run("bench_pack.py", *(["--quick"] if q else [])),
        "office": run("bench_office.py", "--runs", "3" if q else "7"),
        "service": run("bench_service.py", *(["--requests", "300", "--renders", "1"] if q else [])),
        "sign": run("bench_sign.py", "--runs", "1" if q else "5"),
        "portal": run("bench_portal.py", *(["--vendors", "5"] if q else [])),
        "speed": run("bench_speed.py", *(["--runs", "1", "--vendors", "2"] if q else [])),
    }
    m = machine()
    lines = [
        "# Benchmark results",
        "",
        f"Written by `benchmarks/run_all.py{' --quick' if q else ''}`. Ratios are measured within one run;",
        "throughputs depend on the machine:",
        "",
        "- " + "; ".join(f"{k}: {v}" for k, v in m.items()),
        "",
        table(summarise(results)),
        "",
        "<details><summary>Raw results (JSON)</summary>",
        "",
        "```json",
        json.dumps(results, indent=2, ensure_ascii=False),
        "```",
        "",
        "</details>",
        "",
    ]
    # Notes written by hand (profiles, before/after of changes) follow NOTES_MARK and are kept.
    old = args.out.read_text(encoding="utf-8") if args.out.is_file() else ""
    if NOTES_MARK in old:
        lines += [NOTES_MARK + old.split(NOTES_MARK, 1)[1].rstrip("\n"), ""]
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines[:9]))
    print(f"\nwrote {args.out}")


if __name__ == "__main__":
    main()
