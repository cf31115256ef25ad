"""Benchmark of `compliance serve` on loopback, every ratio and rate from one run.

* ``POST /api/v1/check`` (JSON: a stored profile's id and the answers) from 8 concurrent
  keep-alive clients: requests/s, p50/p95/p99 latency. Target (issue 15): >= 150 requests/s on
  2 cores with p95 <= 100 ms.
* Memory: the server process's resident set after a warm-up and after 2,000 more check
  requests (target: flat, <= 1.1x).
* A checklist PDF rendered by the warm service (a new as-of date each time, so no cache) vs
  one cold `compliance checklist` run (target <= 0.8x), and the same request again, served from
  the cache of rendered documents (target <= 50 ms).

The server is the installed `compliance serve` on 127.0.0.1 with SQLite in a temporary folder
(``--db URL`` for another database), started and stopped here; the load comes from this process
(httpx, asyncio). Bounded: at most ``--requests`` check requests and ``--max-seconds`` of load.
Usage: .venv/bin/python benchmarks/bench_service.py [--requests 2000] [--workers 1] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
COMPLIANCE = str(Path(sys.executable).with_name("compliance"))
LOTUS = ROOT / "examples" / "lotus-networks"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of ``pid`` and its children that ended (from /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(v) for v in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def server_pids(root: int) -> list[int]:
    """``root`` and its descendants (the uvicorn workers of --workers N)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo += children.get(pid, [])
    return out


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


class Service:
    def __init__(self, folder: Path, workers: int, db: str | None):
        self.folder, self.port = folder, free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.db_args = ["--data", str(folder / "data"), *(["--db", db] if db else [])]
        self.workers = workers

    def __enter__(self) -> Service:
        made = subprocess.run([COMPLIANCE, "tokens", "create", f"bench-{self.port}", *self.db_args],
                              capture_output=True, text=True, check=True)
        self.token = made.stdout.strip()
        self.log = open(self.folder / "serve.log", "wb")
        self.proc = subprocess.Popen([COMPLIANCE, "serve", "--port", str(self.port), "--workers", str(self.workers),
                                      "--log-level", "warning", *self.db_args],
                                     stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(self.url + "/healthz", timeout=2).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("compliance serve did not start: " + (self.folder / "serve.log").read_text()[-2000:])
            time.sleep(0.1)

    def __exit__(self, *exc: object) -> None:
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        self.log.close()


async def load(url: str, headers: dict, body: bytes, requests: int, clients: int, max_seconds: float) -> dict:
    """``requests`` POSTs of ``body`` from ``clients`` concurrent connections; latencies in ms."""
    latencies: list[float] = []
    errors = 0
    sent = 0
    deadline = time.monotonic() + max_seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, headers=headers, limits=limits, timeout=30) as client:

        async def worker() -> None:
            nonlocal errors, sent
            while sent < requests and time.monotonic() < deadline:
                sent += 1
                t0 = time.perf_counter()
                r = await client.post("/api/v1/check", content=body)
                latencies.append((time.perf_counter() - t0) * 1000)
                if r.status_code != 200:
                    errors += 1

        cpu0, t0 = time.process_time(), time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(clients)))
        wall = time.perf_counter() - t0
        cpu = time.process_time() - cpu0
    return {"requests": len(latencies), "errors": errors, "seconds": round(wall, 2),
            "requests_per_s": round(len(latencies) / wall, 1),
            "p50_ms": round(percentile(latencies, 50), 1), "p95_ms": round(percentile(latencies, 95), 1),
            "p99_ms": round(percentile(latencies, 99), 1), "client_cpu_share": round(cpu / wall, 2)}


def timed_post(client: httpx.Client, path: str, payload: dict) -> tuple[float, httpx.Response]:
    t0 = time.perf_counter()
    r = client.post(path, json=payload)
    return time.perf_counter() - t0, r


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--requests", type=int, default=2000, help="check requests measured (after a warm-up of 300)")
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--workers", type=int, default=1, help="server processes (compliance serve --workers)")
    ap.add_argument("--renders", type=int, default=3, help="uncached renders (and cold CLI runs) timed")
    ap.add_argument("--max-seconds", type=float, default=60, help="upper bound of the load phase")
    ap.add_argument("--db", help="database URL (default: SQLite in a temporary data folder)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)

    import yaml

    answers = json.loads(json.dumps(yaml.safe_load((LOTUS / "answers.yaml").read_text()), default=str))
    body = json.dumps({"profile": "lotus-networks", "answers": answers, "as_of": "2026-03-01"}).encode()
    result: dict = {"benchmark": "service", "workers": args.workers, "clients": args.clients,
                    "database": "postgresql" if args.db else "sqlite"}
    with tempfile.TemporaryDirectory(prefix="bench-service-") as tmp, Service(Path(tmp), args.workers, args.db) as svc:
        headers = {"Authorization": f"Bearer {svc.token}", "Content-Type": "application/json"}
        with httpx.Client(base_url=svc.url, headers={"Authorization": f"Bearer {svc.token}"}, timeout=120) as client:
            put = client.put("/api/v1/profiles/lotus-networks", content=(LOTUS / "profile.yaml").read_bytes())
            assert put.status_code in (200, 201), put.text
            # check: warm-up, then the measured load, memory before and after
            asyncio.run(load(svc.url, headers, body, 300, args.clients, args.max_seconds))
            pids = server_pids(svc.proc.pid)
            rss_before = sum(rss_mb(p) for p in pids)
            cpu_before = sum(cpu_seconds(p) for p in pids)
            result["check"] = asyncio.run(load(svc.url, headers, body, args.requests, args.clients, args.max_seconds))
            cpu = sum(cpu_seconds(p) for p in pids) - cpu_before
            result["check"]["server_cpu_ms_per_request"] = round(cpu / result["check"]["requests"] * 1000, 2)
            result["check"]["cores"] = os.cpu_count()
            result["check"]["load_average_1m"] = round(os.getloadavg()[0], 2)
            rss_after = sum(rss_mb(p) for p in pids)
            result["memory"] = {"rss_before_mb": round(rss_before, 1), "rss_after_mb": round(rss_after, 1),
                                "growth": round(rss_after / rss_before, 3) if rss_before else None,
                                "requests": result["check"]["requests"]}

            # rendering: warm service (no cache: a new date each time) vs a cold CLI process
            warm, cold = [], []
            for i in range(args.renders):
                day = f"2026-03-{i + 2:02d}"
                seconds, r = timed_post(client, "/api/v1/documents/checklist", {"profile": "lotus-networks", "as_of": day})
                assert r.status_code == 200 and r.headers["x-compliance-cache"] == "miss", r.text[:200]
                warm.append(seconds)
                out = Path(tmp) / f"cli-{i}.pdf"
                t0 = time.perf_counter()
                subprocess.run([COMPLIANCE, "checklist", str(LOTUS / "profile.yaml"), "--as-of", day, "-o", str(out)],
                               check=True, capture_output=True, cwd=tmp)
                cold.append(time.perf_counter() - t0)
                assert out.read_bytes() == r.content, "the service and the CLI made different bytes"
            cached = []
            for _ in range(20):
                seconds, r = timed_post(client, "/api/v1/documents/checklist", {"profile": "lotus-networks", "as_of": "2026-03-02"})
                assert r.headers["x-compliance-cache"] == "hit"
                cached.append(seconds)
            result["render"] = {
                "service_uncached_s": round(statistics.median(warm), 3), "cli_cold_s": round(statistics.median(cold), 3),
                "ratio": round(statistics.median(warm) / statistics.median(cold), 2),
                "cached_ms": round(statistics.median(cached) * 1000, 1), "bytes": len(r.content), "runs": args.renders,
            }
    result["targets"] = {"check_requests_per_s": ">= 150", "check_p95_ms": "<= 100", "memory_growth": "<= 1.1",
                         "render_ratio": "<= 0.8", "cached_ms": "<= 50"}
    if args.json:
        print(json.dumps(result))
    else:
        c, m, r = result["check"], result["memory"], result["render"]
        print(f"check: {c['requests_per_s']} req/s, p50 {c['p50_ms']} ms, p95 {c['p95_ms']} ms, p99 {c['p99_ms']} ms, "
              f"{c['errors']} errors ({c['requests']} requests, {args.clients} clients; targets >= 150 req/s, p95 <= 100 ms)")
        print(f"       server CPU {c['server_cpu_ms_per_request']} ms per request, client {c['client_cpu_share']} cores, "
              f"load average {c['load_average_1m']} on {c['cores']} cores")
        print(f"memory: {m['rss_before_mb']} MB -> {m['rss_after_mb']} MB over {m['requests']} requests ({m['growth']}x)")
        print(f"render: service {r['service_uncached_s']} s vs cold CLI {r['cli_cold_s']} s = {r['ratio']}x (target <= 0.8); "
              f"cached {r['cached_ms']} ms (target <= 50)")
    return result


if __name__ == "__main__":
    main()
