"""Benchmark of the vendor portal: N vendors (default 20) submitting their questionnaires at once.

The server is the installed `compliance serve` on 127.0.0.1 (SQLite in a temporary folder, or
``--db URL``), started and stopped here (:class:`bench_service.Service`). The operator makes one
request per vendor through the API; each vendor, in its own thread with its own session, opens
its link and saves its evidence files; then all of them press "Check and submit" at the same
moment (a barrier). Measured:

* submit-to-verdict: from sending the form to having the page that shows the verdict (the POST,
  its redirect and the GET), per vendor: p50, p95, max;
* submit-to-pack: until the API shows the vendor's pack built (the packs are built in the
  background by the render pool, while the vendors already see their verdicts);
* errors: any answer other than the expected ones; every pack downloaded and verified
  (`verify_pack`, as `compliance verify`) must be intact and compliant, with its history.

Bounded: at most ``--max-seconds`` for the packs. Target (issue 16): no errors, every pack
verifies; the p95 submit-to-verdict time is reported.
Usage: .venv/bin/python benchmarks/bench_portal.py [--vendors 20] [--workers 1] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]
from bench_service import Service, cpu_seconds, percentile  # noqa: E402 - the server, started as in the service benchmark

from tests.portal_flow import PROFILE, Vendor, complying_form  # noqa: E402 - the client, as the tests use it


def vendor_run(url: str, values: dict, files: list, barrier: threading.Barrier, out: dict) -> None:
    vendor = Vendor(url)
    try:
        opened = vendor.open()
        saved = vendor.post("save", {}, files)
        if opened.status_code != 200 or saved.status_code != 200:
            out["error"] = f"open {opened.status_code}, save {saved.status_code}"
            return
        barrier.wait(timeout=120)
        t0 = time.perf_counter()
        page = vendor.post("submit", values)
        out["submitted"] = time.monotonic()
        out["verdict_s"] = time.perf_counter() - t0
        found = re.search(r'data-verdict="(\w+)"', page.text)
        out["verdict"] = found.group(1) if found else None
        if page.status_code != 200 or out["verdict"] != "compliant":
            out["error"] = f"submit {page.status_code}, verdict {out['verdict']}"
    except Exception as exc:  # noqa: BLE001 - counted as an error of this vendor
        out["error"] = f"{type(exc).__name__}: {exc}"
    finally:
        vendor.close()


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--vendors", type=int, default=20)
    ap.add_argument("--workers", type=int, default=1, help="server processes (compliance serve --workers)")
    ap.add_argument("--max-seconds", type=float, default=600, help="upper bound of the wait for the packs")
    ap.add_argument("--db", help="database URL (default: SQLite in a temporary data folder)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)

    import yaml

    from compliance.packs.verify import verify_pack
    from compliance.ruleset import load_ruleset

    base = json.loads(json.dumps(yaml.safe_load(PROFILE.read_text()), default=str))
    values, needs_files = complying_form()
    files = [(f"evidence__{rid}", (f"{rid.lower()}.pdf", f"%PDF-1.4 evidence for {rid}".encode() * 200)) for rid in needs_files]
    result: dict = {"benchmark": "portal", "vendors": args.vendors, "workers": args.workers,
                    "database": "postgresql" if args.db else "sqlite", "questions": len(values), "files_per_vendor": len(files),
                    "cores": os.cpu_count()}
    with tempfile.TemporaryDirectory(prefix="bench-portal-") as tmp, Service(Path(tmp), args.workers, args.db) as svc:
        with httpx.Client(base_url=svc.url, headers={"Authorization": f"Bearer {svc.token}"}, timeout=120) as api:
            made = []
            for i in range(args.vendors):
                profile = {**base, "id": f"vendor-{i + 1:02d}", "legal_name": f"Vendor {i + 1:02d} GmbH"}
                r = api.post("/api/v1/requests", json={"profile": profile, "as_of": "2026-03-01", "lang": "en"})
                assert r.status_code == 201, r.text
                made.append(r.json())
            outcomes = [{} for _ in made]
            barrier = threading.Barrier(len(made) + 1)  # the vendors and this thread, which reads the server's CPU time
            with ThreadPoolExecutor(len(made)) as pool:
                for req, out in zip(made, outcomes):
                    pool.submit(vendor_run, req["vendor_url"], values, files, barrier, out)
                barrier.wait(timeout=300)
                cpu0 = cpu_seconds(svc.proc.pid)
            # the server process's own CPU (the packs are built by its render processes): what a submit
            # costs it, the POST, its redirect and the page with the verdict
            server_cpu = (cpu_seconds(svc.proc.pid) - cpu0) / len(made) if args.workers == 1 else None
            errors = [o["error"] for o in outcomes if "error" in o]
            verdict_times = [o["verdict_s"] for o in outcomes if "verdict_s" in o]

            # the packs: built in the background; wait for all, bounded
            deadline = time.monotonic() + args.max_seconds
            pack_times: list[float] = []
            waiting = {req["id"]: out for req, out in zip(made, outcomes) if "submitted" in out and "error" not in out}
            while waiting and time.monotonic() < deadline:
                for rid, out in list(waiting.items()):
                    info = api.get(f"/api/v1/requests/{rid}").json()
                    if info["pack"] and info["pack_state"] is None:
                        pack_times.append(time.monotonic() - out["submitted"])
                        del waiting[rid]
                    elif info["pack_state"] == "failed":
                        errors.append(f"request {rid}: pack failed")
                        del waiting[rid]
                time.sleep(0.25)
            errors += [f"request {rid}: no pack after {args.max_seconds:.0f} s" for rid in waiting]

            ruleset = load_ruleset()
            verified = 0
            for req in made:
                pdf = api.get(f"/api/v1/requests/{req['id']}/pack")
                if pdf.status_code != 200:
                    continue
                path = Path(tmp) / f"pack-{req['id']}.pdf"
                path.write_bytes(pdf.content)
                report = verify_pack(path, ruleset)
                history = json.loads(report_history(path))
                if report.status == "intact" and report.recorded_verdict == "compliant" and history["events"]:
                    verified += 1
                else:
                    errors.append(f"request {req['id']}: pack {report.status}, {report.problems[:2]}")
    result.update({
        "errors": len(errors), "error_samples": errors[:5], "packs_verified": verified,
        "submit_to_verdict": {"p50_ms": round(percentile(verdict_times, 50) * 1000, 1),
                              "p95_ms": round(percentile(verdict_times, 95) * 1000, 1),
                              "max_ms": round(max(verdict_times) * 1000, 1)} if verdict_times else None,
        "submit_to_pack": {"p50_s": round(percentile(pack_times, 50), 2), "p95_s": round(percentile(pack_times, 95), 2),
                           "max_s": round(max(pack_times), 2)} if pack_times else None,
        "server_cpu_ms_per_submit": round(server_cpu * 1000, 1) if server_cpu is not None else None,
        "load_average_1m": round(os.getloadavg()[0], 2),
        "targets": {"errors": "0", "packs_verified": f"{args.vendors} of {args.vendors}"},
    })
    if args.json:
        print(json.dumps(result))
    else:
        v, p = result["submit_to_verdict"] or {}, result["submit_to_pack"] or {}
        print(f"{args.vendors} vendors submitting at once ({len(values)} questions, {len(files)} files each): "
              f"{result['errors']} errors, {verified}/{args.vendors} packs verified")
        print(f"submit-to-verdict: p50 {v.get('p50_ms')} ms, p95 {v.get('p95_ms')} ms, max {v.get('max_ms')} ms; "
              f"server CPU {result['server_cpu_ms_per_submit']} ms per submit")
        print(f"submit-to-pack: p50 {p.get('p50_s')} s, p95 {p.get('p95_s')} s, max {p.get('max_s')} s "
              f"(load average {result['load_average_1m']} on {result['cores']} cores)")
        for e in result["error_samples"]:
            print(f"  error: {e}")
    return result


def report_history(path: Path) -> bytes:
    from pypdf import PdfReader

    return PdfReader(path).attachments["history.json"][0]


if __name__ == "__main__":
    main()
