"""Office formats against their YAML counterparts, measured in one run.

    .venv/bin/python benchmarks/bench_office.py [--runs 7] [--json]

For the largest bundled example (the vendor with the most applicable questions), as a user runs
them, each a fresh process (start-up, rule set, profile, the task), cases interleaved round-robin:

* ``answers-template --format xlsx`` / ``answers-template --format yaml``;
* ``check PROFILE answers.xlsx`` / ``check PROFILE answers.yaml`` (the same answers: the
  example's YAML entered in the workbook).

Target (issue 14): each ratio at most 2.0. For information, the same steps in-process without
start-up (writing the template, reading the answers), whose ratios are larger: there the Office
libraries' work is not diluted by start-up. Not a timed test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
COMPLIANCE = str(Path(sys.executable).with_name("compliance"))
AS_OF = "2026-03-01"
TARGET = 2.0


def largest_example():
    """(profile path, answers path, question count) of the example with the most questions."""
    from compliance.ruleset import load_profile, load_ruleset, select

    rs = load_ruleset()
    day = dt.date.fromisoformat(AS_OF)
    best = None
    for profile in sorted((ROOT / "examples").glob("*/profile.yaml")):
        n = sum(len(a.rule.questions) for a in select(rs, day, load_profile(profile, rs)))
        if best is None or n > best[2]:
            best = (profile, profile.parent / "answers.yaml", n)
    return rs, best


def timed_round_robin(cases: dict[str, list[str]], runs: int) -> dict[str, float]:
    """Median wall time of each command (fresh processes, interleaved, after one warm-up each)."""
    samples: dict[str, list[float]] = {name: [] for name in cases}
    for cmd in cases.values():
        subprocess.run(cmd, capture_output=True, cwd=ROOT, check=False)
    for _ in range(runs):
        for name, cmd in cases.items():
            t0 = time.perf_counter()
            proc = subprocess.run(cmd, capture_output=True, cwd=ROOT)
            samples[name].append(time.perf_counter() - t0)
            if proc.returncode not in (0, 1):
                raise SystemExit(f"{name} failed: {proc.stderr.decode()[-500:]}")
    return {name: statistics.median(v) for name, v in samples.items()}


def in_process(fn, runs: int) -> float:
    fn()  # warm-up (imports)
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples)


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = ap.parse_args(argv)

    import yaml

    from compliance.answers import read_answers
    from compliance.documents.answers_template import answers_template
    from compliance.ruleset import load_profile
    from tests.office import fill

    rs, (profile_path, answers_yaml, questions) = largest_example()
    profile = load_profile(profile_path, rs)
    day = dt.date.fromisoformat(AS_OF)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        template = folder / "template.xlsx"
        template.write_bytes(answers_template(rs, profile, day, format="xlsx", lang="de"))
        answers = yaml.safe_load(answers_yaml.read_text(encoding="utf-8"))["answers"]
        workbook = fill(template, answers, rs, "de", out=folder / "answers.xlsx")
        base = [COMPLIANCE, "answers-template", str(profile_path), "--as-of", AS_OF, "--lang", "de"]
        check = [COMPLIANCE, "check", str(profile_path), "--as-of", AS_OF, "--format", "json",
                 "-e", str(profile_path.parent / "evidence")]
        medians = timed_round_robin({
            "template_yaml": [*base, "--format", "yaml", "-o", str(folder / "t.yaml")],
            "template_xlsx": [*base, "--format", "xlsx", "-o", str(folder / "t.xlsx")],
            "check_yaml": [*check[:3], str(answers_yaml), *check[3:]],
            "check_xlsx": [*check[:3], str(workbook), *check[3:]],
        }, args.runs)
        steps = {
            "template_yaml": in_process(lambda: answers_template(rs, profile, day, format="yaml", lang="de"), args.runs * 3),
            "template_xlsx": in_process(lambda: answers_template(rs, profile, day, format="xlsx", lang="de"), args.runs * 3),
            "read_yaml": in_process(lambda: read_answers(answers_yaml, rs), args.runs * 3),
            "read_xlsx": in_process(lambda: read_answers(workbook, rs), args.runs * 3),
        }
    result = {
        "example": profile_path.parent.name,
        "questions": questions,
        "cli_seconds": {k: round(v, 4) for k, v in medians.items()},
        "template_ratio": round(medians["template_xlsx"] / medians["template_yaml"], 2),
        "check_ratio": round(medians["check_xlsx"] / medians["check_yaml"], 2),
        "in_process_seconds": {k: round(v, 4) for k, v in steps.items()},
        "in_process_template_ratio": round(steps["template_xlsx"] / steps["template_yaml"], 1),
        "in_process_read_ratio": round(steps["read_xlsx"] / steps["read_yaml"], 1),
        "target": TARGET,
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(f"largest example: {result['example']} ({questions} questions); medians of {args.runs} fresh processes")
        for name, seconds in medians.items():
            print(f"  {name:<14} {seconds * 1000:7.0f} ms")
        print(f"answers-template xlsx / yaml: {result['template_ratio']:.2f}x (target <= {TARGET})")
        print(f"check answers.xlsx / .yaml:   {result['check_ratio']:.2f}x (target <= {TARGET})")
        print(f"in-process steps (info): template {result['in_process_template_ratio']}x, "
              f"reading answers {result['in_process_read_ratio']}x")
    return result


if __name__ == "__main__":
    main()
