"""Benchmark: check 1,000 answer files for the bundled example vendors in ONE invocation.

    .venv/bin/python benchmarks/bench_check.py [--files 1000] [--profile]

Generates answer files (YAML, varied: compliant, non-compliant, missing, wrong types, typos,
waivers, evidence) for every vendor in examples/ against the bundled rules as of 2026-03-01 into
a temporary folder, runs `compliance check examples/ FILE... --format json -o OUT` once and
prints files per second (target: >= 300 files/s). With --profile, the same batch also runs
in-process under cProfile and the top functions by cumulative and internal time are printed.
Not a timed test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
AS_OF = "2026-03-01"
EXAMPLES = ROOT / "examples"
COMPLIANCE = Path(sys.executable).with_name("compliance")


def answer_value(q, rnd: random.Random):
    roll = rnd.random()
    if roll < 0.05:
        return "not-a-valid-answer"  # wrong type (or wrong key)
    if q.type == "boolean":
        return q.expected if roll < 0.8 else (not q.expected)
    if q.type == "choice":
        good = [c.key for c in q.choices if c.complies]
        return rnd.choice(good) if roll < 0.8 else rnd.choice([c.key for c in q.choices])
    if q.type == "number":
        lo = q.min if q.min is not None else 0
        return int(lo) + rnd.randint(0, 10)
    if q.type == "date":
        return (dt.date(2026, 1, 1) + dt.timedelta(days=rnd.randint(-400, 700))).isoformat()
    if q.type == "text":
        return "Described in our security concept, section 4, reviewed yearly by the CISO."
    return None


def generate(folder: Path, n: int, seed: int = 7) -> list[Path]:
    sys.path.insert(0, str(ROOT))
    import yaml

    from compliance.ruleset import load_profile, load_ruleset
    from compliance.ruleset.select import select

    rs = load_ruleset()
    vendors = [load_profile(p, rs) for p in sorted(EXAMPLES.glob("*/profile.yaml"))]
    questions = {v.id: [q for a in select(rs, dt.date.fromisoformat(AS_OF), v) for q in a.rule.questions] for v in vendors}
    evidence = folder / "evidence"
    evidence.mkdir()
    for i in range(5):
        (evidence / f"doc-{i}.txt").write_text(f"evidence document {i}\n" * 50)
    rnd = random.Random(seed)
    paths = []
    for i in range(n):
        vendor = vendors[i % len(vendors)]
        answers = {}
        for q in questions[vendor.id]:
            if rnd.random() < 0.05:
                continue  # unanswered
            a = {"value": answer_value(q, rnd)}
            if rnd.random() < 0.7:
                a["evidence"] = [f"doc-{rnd.randint(0, 5)}.txt"]  # doc-5 does not exist
            if rnd.random() < 0.2:
                a["comment"] = "Deviation agreed with the operator's security officer in 2025."
            if rnd.random() < 0.05:
                a["waiver"] = {"reason": "Pending review", "approver": "CISO", "expires": "2026-12-31"}
            answers[q.id] = a
        if rnd.random() < 0.1:
            answers["TKG-165-04-Q9"] = {"value": True}  # typo
        path = folder / f"answers-{i:04d}.yaml"
        path.write_text(yaml.safe_dump({"profile": vendor.id, "answers": answers}, sort_keys=False, allow_unicode=True))
        paths.append(path)
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--profile", action="store_true", help="also profile the batch in-process (cProfile)")
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-check-") as tmp:
        folder = Path(tmp)
        paths = generate(folder, args.files)
        out = folder / "results.json"
        cmd = [str(COMPLIANCE), "check", str(EXAMPLES), *map(str, paths), "--as-of", AS_OF,
               "--evidence-dir", str(folder / "evidence"), "--format", "json", "-o", str(out)]
        start = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        if proc.returncode not in (0, 1):
            sys.exit(f"check failed ({proc.returncode}): {proc.stderr[:2000]}")
        results = json.loads(out.read_text())
        assert len(results) == args.files
        verdicts: dict[str, int] = {}
        for r in results:
            verdicts[r["verdict"]] = verdicts.get(r["verdict"], 0) + 1
        if args.json:
            print(json.dumps({"benchmark": "check", "files": args.files, "seconds": round(elapsed, 3),
                              "files_per_s": round(args.files / elapsed), "target": ">= 300", "verdicts": verdicts}))
            return
        print(f"{args.files} files in one invocation: {elapsed:.2f} s wall, {args.files / elapsed:.0f} files/s "
              f"(target >= 300); verdicts {verdicts}")
        if args.profile:
            import cProfile
            import io
            import pstats

            sys.path.insert(0, str(ROOT))
            from compliance.cli.main import app

            prof = cProfile.Profile()
            prof.enable()
            try:
                app(cmd[1:], standalone_mode=False)
            except SystemExit:
                pass
            prof.disable()
            for key in ("cumulative", "tottime"):
                s = io.StringIO()
                pstats.Stats(prof, stream=s).sort_stats(key).print_stats(18)
                print(f"\n--- top functions by {key} ---")
                print("\n".join(s.getvalue().splitlines()[4:30]))


if __name__ == "__main__":
    main()
