"""Benchmark: attestation packs in batch (`compliance batch`) against one `compliance pack`.

Generates N vendors (default 100) from examples/lotus-networks with varied ids, names,
components and answers (seeded, so every run builds the same inputs), then in ONE run measures:

* a fresh `compliance pack` process for one vendor (median of a few runs, interpreter start
  included): the cost a user pays per pack without batch;
* `compliance batch --jobs 1` and `--jobs 2` over all N vendors (fresh processes, wall clock):
  packs per second, the speed-up of 2 workers (target >= 1.7) and the per-pack time in batch
  against the single invocation (target <= 0.6: batch amortises start-up);
* peak memory per worker (ru_maxrss, as batch reports it in VendorOutcome.worker_peak_rss_kb)
  for a batch of 20 and one of N vendors with 2 workers (target: no growth; ratio <= 1.1 as in
  run_all.py).

Because a speed-up can only be as good as the cores actually available, it also measures the
machine's ceiling the same way (a pure-Python CPU loop in 1 and in 2 processes) and how much CPU
other processes used during each phase (from /proc/stat, minus our own processes' CPU time).

Not a test (no timing is asserted anywhere): run it with
`.venv/bin/python benchmarks/bench_pack.py [--vendors N] [--json] [--quick]`.
About 4-5 minutes for 100 vendors on a 2-core machine; --quick (2 vendors) takes ~20 s.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
EXAMPLE = ROOT / "examples" / "lotus-networks"
RULESET = ROOT / "rules" / "de-telecom-security" / "ruleset.yaml"

TARGET_SPEEDUP = 1.7
TARGET_BATCH_RATIO = 0.6
TARGET_MEM_GROWTH = 1.1  # peak at N / peak at 20 vendors; the same bound as run_all.py

_WORDS = (
    "Lotus Nord Alpen Rhein Elbe Weser Brücke Welle Funk Kern Netz Signal Gipfel Bernstein Falke "
    "Möwe Eiche Linde Quarz Kobalt Orion Vega Delta Aurora Polar Sonne Spree Isar Main Mosel"
).split()
_FORMS = ("GmbH", "AG", "SE", "GmbH & Co. KG", "B.V.", "S.A.", "Ltd.")
_COUNTRIES = ("CN", "US", "DE", "FI", "SE", "KR", "JP", "FR", "NL", "IL")
_NAMES = ("Dr. Jana Beispiel", "Max Mustermann", "Erika Musterfrau", "Jürgen Öztürk", "Anna Łukasz")
_COMMENTS = (
    "Siehe beigefügte Unterlagen.",
    "Nachweis folgt bis Quartalsende.",
    "Confirmed by the board on 2026-01-15.",
    "Prüfung durch externen Auditor (ISO/IEC 27001) abgeschlossen.",
    "Lieferkette überprüft; keine Einwände.",
)


# --------------------------------------------------------------------------- vendors


def _vocabulary() -> dict[str, list[str]]:
    """Critical functions by network domain, from the bundled rule set."""
    by_domain: dict[str, list[str]] = {}
    for cf in yaml.safe_load(RULESET.read_text(encoding="utf-8"))["critical_functions"]:
        by_domain.setdefault(cf["domain"], []).append(cf["id"])
    return by_domain


def generate_vendors(root: Path, n: int, seed: int = 6) -> list[str]:
    """``n`` vendor folders under ``root`` (profile.yaml, answers.yaml, evidence/), deterministic."""
    rng = random.Random(seed)
    vocab = _vocabulary()
    base_profile = yaml.safe_load((EXAMPLE / "profile.yaml").read_text(encoding="utf-8"))
    base_answers = yaml.safe_load((EXAMPLE / "answers.yaml").read_text(encoding="utf-8"))
    names = []
    for i in range(n):
        word = rng.choice(_WORDS)
        vid = f"v{i:03d}-{word.lower().replace('ü', 'ue').replace('ö', 'oe')}"
        folder = root / vid
        shutil.copytree(EXAMPLE / "evidence", folder / "evidence")
        components = []
        for c in range(rng.randint(1, 5)):
            domain = rng.choice(sorted(vocab))
            comp = {
                "id": f"{word.lower()[:3]}-c{c}".replace("ü", "u").replace("ö", "o"),
                "name": f"{word} {rng.choice(['AMF', 'UDM', 'SMF', 'gNB', 'OSS', 'UPF', 'MANO'])} {c + 1}",
                "version": f"{rng.randint(1, 9)}.{rng.randint(0, 12)}",
                "domain": domain,
                "critical_functions": rng.sample(vocab[domain], rng.randint(1, len(vocab[domain]))),
            }
            if rng.random() < 0.5:
                comp["certifications"] = [{
                    "scheme": "NESAS-CCS-GI",
                    "id": f"BSI-DSZ-CC-{rng.randint(1000, 9999)}",
                    "valid_until": f"{rng.randint(2025, 2029)}-{rng.randint(1, 12):02d}-28",
                }]
            components.append(comp)
        profile = dict(base_profile)
        profile.update(
            id=vid,
            legal_name=f"{word} {rng.choice(['Networks', 'Telekom', 'Systems', 'Funktechnik'])} {rng.choice(_FORMS)}",
            headquarters_country=rng.choice(_COUNTRIES),
            signatory={"name": rng.choice(_NAMES), "title": "Geschäftsführung", "email": f"legal@{vid}.example"},
            components=components,
        )
        answers = {}
        for qid, ans in base_answers["answers"].items():
            if rng.random() < 0.15:
                continue  # unanswered
            ans = dict(ans)
            if isinstance(ans.get("value"), bool) and rng.random() < 0.3:
                ans["value"] = not ans["value"]
            if rng.random() < 0.3:
                ans["comment"] = rng.choice(_COMMENTS)
            answers[qid] = ans
        dump = lambda data: yaml.safe_dump(data, allow_unicode=True, sort_keys=False)  # noqa: E731
        (folder / "profile.yaml").write_text(dump(profile), encoding="utf-8")
        (folder / "answers.yaml").write_text(dump({"profile": vid, "answers": answers}), encoding="utf-8")
        names.append(vid)
    return names


# --------------------------------------------------------------------------- measuring


class CpuMeter:
    """Wall time of a block, and the mean number of CPUs that *other* processes used meanwhile.

    Machine-wide busy time comes from /proc/stat; our share is summed from /proc/<pid>/stat of
    this process and every descendant (batch workers are grandchildren, under the forkserver),
    sampled every 0.1 s by a thread, so a process of ours that exits loses at most one interval.
    """

    INTERVAL = 0.1

    def __init__(self) -> None:
        import threading

        self.tick = os.sysconf("SC_CLK_TCK")
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._ours: set[int] = {os.getpid()}
        self._first: dict[int, int] = {}
        self._last: dict[int, int] = {}

    def _busy(self) -> float:
        with open("/proc/stat") as fh:
            f = [int(x) for x in fh.readline().split()[1:]]
        return (sum(f[:8]) - f[3] - f[4]) / self.tick  # all but idle and iowait

    @staticmethod
    def _procs() -> dict[int, tuple[int, int]]:
        """pid -> (ppid, utime + stime in ticks) of every process."""
        out = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            out[int(entry)] = (int(fields[1]), int(fields[11]) + int(fields[12]))
        return out

    def _sample(self, baseline: bool = False) -> None:
        procs = self._procs()
        if baseline:
            self._first = {pid: cpu for pid, (_, cpu) in procs.items()}
        grew = True
        while grew:  # descendants of this process (the set only ever grows: orphans stay ours)
            before = len(self._ours)
            self._ours |= {pid for pid, (ppid, _) in procs.items() if ppid in self._ours}
            grew = len(self._ours) > before
        for pid in self._ours & procs.keys():
            self._last[pid] = procs[pid][1]

    def _loop(self) -> None:
        while not self._stop.wait(self.INTERVAL):
            self._sample()

    def __enter__(self) -> CpuMeter:
        self._sample(baseline=True)
        self.t0, self.b0 = time.perf_counter(), self._busy()
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.wall = time.perf_counter() - self.t0
        busy = self._busy() - self.b0
        self._stop.set()
        self._thread.join()
        self._sample()
        ours = sum(cpu - self._first.get(pid, 0) for pid, cpu in self._last.items()) / self.tick
        self.other_cpus = max(0.0, (busy - ours) / self.wall)


def _spin(n: int) -> float:
    s = 0
    for i in range(n):
        s += i * i
    return s


def cpu_ceiling(seconds: float) -> dict:
    """Speed-up of 2 processes over 1 on a pure-Python CPU loop: what this machine allows now."""
    n = 1_000_000
    t = time.perf_counter()
    _spin(n)
    n = max(n, int(n * seconds / max(time.perf_counter() - t, 1e-3)))
    with ProcessPoolExecutor(2) as pool:
        list(pool.map(_spin, [1000, 1000]))  # start the workers
        with CpuMeter() as one:
            list(pool.map(_spin, [n, n], chunksize=2))  # both on one worker: serial
        t1 = one.wall
        with CpuMeter() as two:
            futs = [pool.submit(_spin, n), pool.submit(_spin, n)]
            [f.result() for f in futs]
        t2 = two.wall
    return {"speedup": round(t1 / t2, 2), "other_cpus": round((one.other_cpus + two.other_cpus) / 2, 2)}


def run(cmd: list, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([str(c) for c in cmd], cwd=ROOT, capture_output=True, text=True, **kw)


def single_pack(vendor: Path, out: Path, as_of: str, runs: int) -> dict:
    cmd = [BIN / "compliance", "pack", vendor / "profile.yaml", vendor / "answers.yaml",
           "-e", vendor / "evidence", "--as-of", as_of, "-o", out]
    run(cmd)  # warm the file cache
    times, others = [], []
    for _ in range(runs):
        with CpuMeter() as m:
            r = run(cmd)
        if r.returncode not in (0, 1):
            sys.exit(f"bench_pack: compliance pack failed: {r.stderr.strip().splitlines()[-1]}")
        times.append(m.wall)
        others.append(m.other_cpus)
    return {"runs": runs, "median_s": round(statistics.median(times), 3), "best_s": round(min(times), 3),
            "other_cpus": round(statistics.mean(others), 2)}


def batch(folder: Path, out: Path, as_of: str, jobs: int) -> dict:
    shutil.rmtree(out, ignore_errors=True)
    with CpuMeter() as m:
        r = run([BIN / "compliance", "batch", folder, "-o", out, "--jobs", jobs, "--as-of", as_of, "--format", "json"])
    if r.returncode not in (0, 1):
        sys.exit(f"bench_pack: compliance batch failed: {(r.stderr.strip().splitlines() or ['?'])[-1]}")
    rows = json.loads(r.stdout)
    failed = [row for row in rows if row["status"] == "failed"]
    if failed:
        sys.exit(f"bench_pack: {len(failed)} generated vendor(s) failed, e.g. {failed[0]['vendor']}: {failed[0]['error']}")
    peaks: dict[int, int] = {}
    for row in rows:
        peaks[row["worker_pid"]] = max(peaks.get(row["worker_pid"], 0), row["worker_peak_rss_kb"])
    statuses: dict[str, int] = {}
    for row in rows:
        statuses[row["status"]] = statuses.get(row["status"], 0) + 1
    n = len(rows)
    return {
        "jobs": jobs,
        "vendors": n,
        "wall_s": round(m.wall, 2),
        "packs_per_s": round(n / m.wall, 3),
        "per_pack_s": round(m.wall / n, 3),
        "median_vendor_s": round(statistics.median(row["seconds"] for row in rows), 3),
        # in vendor order, which is about the order they ran in: does a pack get slower over time?
        "first_10_median_s": round(statistics.median(row["seconds"] for row in rows[:10]), 3),
        "last_10_median_s": round(statistics.median(row["seconds"] for row in rows[-10:]), 3),
        "workers": len(peaks),
        "peak_rss_kb": max(peaks.values()),
        "statuses": statuses,
        "other_cpus": round(m.other_cpus, 2),
    }


def subset(src: Path, dst: Path, names: list[str]) -> Path:
    dst.mkdir()
    for name in names:
        (dst / name).symlink_to(src / name, target_is_directory=True)
    return dst


def machine() -> dict:
    from importlib.metadata import version

    from compliance import __version__

    try:
        cpu = next(l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name"))
    except (OSError, StopIteration):
        cpu = platform.processor() or "?"
    return {
        "cpus": os.cpu_count(),
        "cpus_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "cpu_model": cpu,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "weasyprint": version("weasyprint"),
        "compliance": __version__,
        "loadavg_at_start": list(os.getloadavg()),
    }


# --------------------------------------------------------------------------- report


def verdicts(res: dict) -> dict:
    sp, ratio, growth = res["speedup"], res["batch_vs_single"], res["memory_growth"]
    return {
        "speedup": {"target": f">= {TARGET_SPEEDUP}", "value": sp, "met": sp >= TARGET_SPEEDUP},
        "batch_vs_single": {"target": f"<= {TARGET_BATCH_RATIO}", "value": ratio, "met": ratio <= TARGET_BATCH_RATIO},
        "memory_growth": {"target": f"<= {TARGET_MEM_GROWTH}", "value": growth, "met": growth <= TARGET_MEM_GROWTH},
    }


def print_table(res: dict) -> None:
    m, s, j1, j2, mem = res["machine"], res["single_pack"], res["batch_jobs1"], res["batch_jobs2"], res["memory"]
    ok = lambda t: "met" if t["met"] else "MISSED"  # noqa: E731
    tg = res["targets"]
    print(f"bench_pack: {res['vendors']} generated vendors, as of {res['as_of']}, total run {res['run_s']:.0f} s")
    print(f"machine: {m['cpus']} CPUs ({m['cpus_usable']} usable), {m['cpu_model']}; Python {m['python']}, "
          f"WeasyPrint {m['weasyprint']}, compliance {m['compliance']}; {m['platform']}")
    c = res["cpu_ceiling"]
    print(f"machine ceiling: pure-Python loop, 2 processes vs 1 = {c['speedup']:.2f}x "
          f"(other processes used {c['other_cpus']:.2f} CPUs meanwhile)")
    print()
    print(f"{'':34}{'wall s':>9}{'packs/s':>9}{'s/pack':>9}{'peak RSS':>11}{'others':>8}")
    print(f"{'compliance pack (1 vendor, median)':34}{s['median_s']:>9.2f}{1 / s['median_s']:>9.2f}"
          f"{s['median_s']:>9.2f}{'':>11}{s['other_cpus']:>8.2f}")
    for row in (j1, j2):
        label = f"batch --jobs {row['jobs']} ({row['vendors']} vendors)"
        print(f"{label:34}{row['wall_s']:>9.1f}{row['packs_per_s']:>9.2f}{row['per_pack_s']:>9.2f}"
              f"{row['peak_rss_kb'] / 1024:>8.0f} MB{row['other_cpus']:>8.2f}")
    print("  ('others': mean CPUs used by other processes on the machine during that measurement)")
    print()
    print(f"speed-up --jobs 2 / --jobs 1 : {res['speedup']:.2f}   (target >= {TARGET_SPEEDUP}: {ok(tg['speedup'])};"
          f" this machine's ceiling now {c['speedup']:.2f})")
    print(f"batch s/pack / single pack   : {res['batch_vs_single']:.2f}   (--jobs 1; target <= {TARGET_BATCH_RATIO}:"
          f" {ok(tg['batch_vs_single'])}); with --jobs 2: {res['batch2_vs_single']:.2f}")
    print(f"peak RSS per worker, --jobs 2: {mem['small_vendors']} vendors {mem['small_kb'] / 1024:.1f} MB, "
          f"{mem['large_vendors']} vendors {mem['large_kb'] / 1024:.1f} MB, ratio {res['memory_growth']:.3f}"
          f"   (target <= {TARGET_MEM_GROWTH}: {ok(tg['memory_growth'])})")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--vendors", type=int, help="vendors to generate (default 100; 2 with --quick)")
    ap.add_argument("--mem-small", type=int, help="vendors in the small memory run (default 20)")
    ap.add_argument("--quick", action="store_true", help="smoke run: 2 vendors, one single-pack run")
    ap.add_argument("--json", action="store_true", help="print the results as one line of JSON on stdout")
    ap.add_argument("--as-of", default="2026-03-01")
    ap.add_argument("--seed", type=int, default=6)
    args = ap.parse_args(argv)
    n = args.vendors or (2 if args.quick else 100)
    small = args.mem_small or (max(1, n // 2) if args.quick else min(20, n))
    if n < 1 or not 1 <= small <= n:
        print("bench_pack: need --vendors >= 1 and 1 <= --mem-small <= --vendors", file=sys.stderr)
        return 2
    started = time.perf_counter()
    res: dict = {"vendors": n, "as_of": args.as_of, "seed": args.seed, "quick": args.quick, "machine": machine()}
    log = (lambda msg: print(msg, file=sys.stderr, flush=True))
    with tempfile.TemporaryDirectory(prefix="bench-pack-") as tmp:
        folder = Path(tmp, "vendors")
        log(f"generating {n} vendors ...")
        names = generate_vendors(folder, n, args.seed)
        log("measuring the machine's ceiling ...")
        res["cpu_ceiling"] = cpu_ceiling(0.5 if args.quick else 2.0)
        log("one `compliance pack` ...")
        res["single_pack"] = single_pack(folder / names[0], Path(tmp, "single.pdf"), args.as_of, 1 if args.quick else 5)
        for jobs in (1, 2):
            log(f"batch --jobs {jobs}, {n} vendors ...")
            res[f"batch_jobs{jobs}"] = batch(folder, Path(tmp, f"out{jobs}"), args.as_of, jobs)
        log(f"batch --jobs 2, {small} vendors (memory) ...")
        res["batch_jobs2_small"] = batch(subset(folder, Path(tmp, "small"), names[:small]), Path(tmp, "out-small"), args.as_of, 2)
    j1, j2 = res["batch_jobs1"], res["batch_jobs2"]
    res["speedup"] = round(j2["packs_per_s"] / j1["packs_per_s"], 2)
    res["batch_vs_single"] = round(j1["per_pack_s"] / res["single_pack"]["median_s"], 2)
    res["batch2_vs_single"] = round(j2["per_pack_s"] / res["single_pack"]["median_s"], 2)
    small_kb, large_kb = res["batch_jobs2_small"]["peak_rss_kb"], j2["peak_rss_kb"]
    res["memory"] = {"small_vendors": small, "small_kb": small_kb, "large_vendors": n, "large_kb": large_kb}
    res["memory_growth"] = round(large_kb / small_kb, 3)
    res["targets"] = verdicts(res)
    res["run_s"] = round(time.perf_counter() - started, 1)
    if args.json:
        print(json.dumps(res, ensure_ascii=False))  # one line: run_all.py reads the last line
    else:
        print_table(res)
    return 0


if __name__ == "__main__":
    sys.exit(main())
