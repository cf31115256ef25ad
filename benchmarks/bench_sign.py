"""Benchmark: what signing and signature checks cost (CPU time, medians of N runs).

In ONE run, with a throwaway test PKI (tests/sigutil.py) and the Nordantenna pack:

* (CPU time of fresh processes) `compliance pack` against `compliance pack --sign` (signing in one step, pyHanko import
  included) and a `compliance sign` countersignature;
* `compliance verify` of the unsigned pack against the countersigned one with `--trust`;
* in-process, checking the two signatures with pyHanko's stock reader against ours, which indexes
  object streams once (pyHanko 0.38 rescans a stream's header for every object: quadratic).

Not a test: `.venv/bin/python benchmarks/bench_sign.py [--runs N] [--json]`. About a minute.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
NORD = ROOT / "examples" / "nordantenna"


def median_time(cmd: list, runs: int) -> float:
    """Median CPU time of ``cmd`` as a child process (see bench_render.cpu_timed)."""
    from bench_render import cpu_timed

    return cpu_timed([str(c) for c in cmd], runs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    from tests.sigutil import make_pki

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        pki = make_pki(tmp / "pki")
        cli = BIN / "compliance"
        pack = [cli, "pack", NORD / "profile.yaml", NORD / "answers.yaml", "-e", NORD / "evidence", "--as-of", "2026-10-01",
                "--lang", "en"]
        key = ["--passphrase-file", pki["passphrase"]]
        unsigned, vendor, both = tmp / "unsigned.pdf", tmp / "vendor.pdf", tmp / "both.pdf"
        t_pack = median_time([*pack, "-o", unsigned], args.runs)
        t_pack_sign = median_time([*pack, "-o", vendor, "--sign", pki["vendor"], *key], args.runs)
        t_sign = median_time([cli, "sign", vendor, "--key", pki["operator"], *key, "-o", both], args.runs)
        t_verify = median_time([cli, "verify", unsigned], args.runs)
        t_verify_signed = median_time([cli, "verify", both, "--trust", pki["ca"]], args.runs)

        from pyhanko.pdf_utils.reader import PdfFileReader

        from compliance.packs import signatures

        data = both.read_bytes()
        signatures.check_signatures(data, [pki["ca"]])  # imports
        start = time.process_time()
        ours = signatures.check_signatures(data, [pki["ca"]])
        t_ours = time.process_time() - start
        saved = signatures._reader_class
        signatures._reader_class = lambda: PdfFileReader
        try:
            start = time.process_time()
            stock = signatures.check_signatures(data, [pki["ca"]])
            t_stock = time.process_time() - start
        finally:
            signatures._reader_class = saved
        assert [s.to_dict() for s in ours] == [s.to_dict() for s in stock]
        sizes = {"unsigned": unsigned.stat().st_size, "vendor": vendor.stat().st_size, "both": both.stat().st_size}
        shutil.rmtree(tmp / "pki")

    result = {
        "benchmark": "sign", "runs": args.runs,
        "pack_s": round(t_pack, 3), "pack_sign_s": round(t_pack_sign, 3), "pack_sign_ratio": round(t_pack_sign / t_pack, 2),
        "countersign_s": round(t_sign, 3),
        "verify_unsigned_s": round(t_verify, 3), "verify_two_signatures_s": round(t_verify_signed, 3),
        "verify_ratio": round(t_verify_signed / t_verify, 2),
        "check_signatures_cpu_s": round(t_ours, 3), "check_signatures_stock_reader_cpu_s": round(t_stock, 3),
        "reader_speedup": round(t_stock / t_ours, 1),
        "bytes": sizes,
    }
    if args.json:
        print(json.dumps(result))
        return
    print(f"pack: {t_pack:.2f}s; pack --sign: {t_pack_sign:.2f}s ({t_pack_sign / t_pack:.2f}x); countersign: {t_sign:.2f}s")
    print(f"verify unsigned: {t_verify:.2f}s; verify two signatures with --trust: {t_verify_signed:.2f}s "
          f"({t_verify_signed / t_verify:.2f}x)")
    print(f"checking two signatures (CPU): {t_ours:.3f}s; with pyHanko's stock reader: {t_stock:.3f}s "
          f"({t_stock / t_ours:.1f}x)")
    print(f"sizes: {sizes}")


if __name__ == "__main__":
    main()
