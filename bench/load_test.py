"""Load test of `policy-kg serve`: concurrent clients on loopback, bounded in count and time.

Starts ``policy-kg serve DIR`` on a free loopback port (or uses ``--url`` of a running server),
runs CLIENTS threads that each send REQUESTS requests (stopping early at --duration seconds),
a fixed mix of the named queries: their SPARQL text by ``GET /sparql?query=...`` and, where
the parameters can be filled in, ``GET /query/<name>?param=...``. Prints throughput (requests
per second), latency percentiles (p50, p95, p99, max) and the errors (any status but 200, or
a failed connection); exits 1 when there was any error. It asserts no timings: figures only.

    python bench/load_test.py [--dir exports] [--clients 8] [--requests 200] [--duration 120]
                              [--workers 2] [--url http://127.0.0.1:7878/] [--json]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import httpx
from policy_kg.graph.query import named_queries

ROOT = Path(__file__).resolve().parent.parent

#: values for the named queries' parameters (a licence, a country and an entity of the seed documents)
SAMPLE_PARAMS = {
    "exclusions-in-force": {"date": "2025-05-01"},
    "entity-mentions": {"entity": "COUNTRY:IL"},
    "export-decisions": {"country": "IL"},
    "licence-exclusions": {"licence": "NL007"},
    "questions-about": {"about": "LICENCE:NL007"},
    "spending": {"country": "US"},
    "statements": {"predicate": "excludesDestination"},
}


def request_mix() -> list[tuple[str, str, dict]]:
    """(label, path, params) of every request of the mix, in a fixed order."""
    mix = []
    for name, nq in named_queries().items():
        mix.append((f"sparql:{name}", "/sparql", {"query": nq.text}))
        required = [p.name for p in nq.params if p.required]
        values = SAMPLE_PARAMS.get(name, {})
        if all(r in values for r in required):
            mix.append((f"named:{name}", f"/query/{name}", dict(values)))
    return mix


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(folder: Path, workers: int, timeout: float) -> tuple[subprocess.Popen, str]:
    port = free_port()
    cmd = [sys.executable, "-m", "policy_kg.cli", "serve", str(folder), "--host", "127.0.0.1", "--port", str(port),
           "--workers", str(workers), "--timeout", str(timeout), "--quiet"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"error: the server stopped at start: {proc.stderr.read().strip()}")
        try:
            if httpx.get(url + "queries/people.rq", timeout=2).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    stop_server(proc)
    raise SystemExit("error: the server did not answer within 120 s")


def stop_server(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)  # serve stops its workers and removes its temporary store
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


def percentile(sorted_values: list[float], p: float) -> float:
    """Nearest-rank percentile of an ascending list (p in 0..100)."""
    if not sorted_values:
        return float("nan")
    k = max(1, math.ceil(p / 100 * len(sorted_values)))
    return sorted_values[k - 1]


def run_load(url: str, clients: int, requests: int, duration: float, timeout: float = 60.0) -> dict:
    mix = request_mix()
    latencies: list[float] = []
    errors: Counter = Counter()
    error_examples: list[str] = []
    by_kind: Counter = Counter()
    lock = threading.Lock()
    start_gate = threading.Barrier(clients)
    t_end = time.monotonic() + duration if duration else None

    def client(cid: int) -> None:
        mine, errs, kinds, examples = [], Counter(), Counter(), []
        with httpx.Client(base_url=url, timeout=timeout) as c:
            start_gate.wait()
            for i in range(requests):
                if t_end is not None and time.monotonic() > t_end:
                    break
                label, path, params = mix[(cid * 7 + i) % len(mix)]
                t0 = time.perf_counter()
                try:
                    r = c.get(path, params=params)
                    status = r.status_code
                    body = r.text[:200] if status != 200 else ""
                except httpx.HTTPError as exc:
                    status, body = type(exc).__name__, str(exc)
                mine.append(time.perf_counter() - t0)
                kinds[label.split(":")[0]] += 1
                if status != 200:
                    errs[str(status)] += 1
                    if len(examples) < 3:
                        examples.append(f"{label}: {status} {body}")
        with lock:
            latencies.extend(mine)
            errors.update(errs)
            by_kind.update(kinds)
            error_examples.extend(examples)

    threads = [threading.Thread(target=client, args=(i,), name=f"client-{i}") for i in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    lat = sorted(latencies)
    n = len(lat)
    return {
        "clients": clients, "requests": n, "planned": clients * requests, "seconds": round(wall, 3),
        "throughput_rps": round(n / wall, 1) if wall else None,
        "latency_ms": {k: round(percentile(lat, p) * 1000, 1) for k, p in
                       (("p50", 50), ("p95", 95), ("p99", 99), ("max", 100))},
        "errors": sum(errors.values()), "errors_by_status": dict(errors), "error_examples": error_examples[:5],
        "mix": {"kinds": dict(by_kind), "distinct_requests": len(mix)},
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dir", type=Path, default=ROOT / "exports", help="build output folder to serve (default exports/)")
    ap.add_argument("--url", help="load an already running server at this URL instead of starting one")
    ap.add_argument("--clients", type=int, default=8, help="concurrent clients (threads); default 8")
    ap.add_argument("--requests", type=int, default=200, help="requests per client; default 200")
    ap.add_argument("--duration", type=float, default=120.0, help="stop sending after this many seconds; default 120")
    ap.add_argument("--workers", type=int, default=2, help="query workers of the started server; default 2")
    ap.add_argument("--timeout", type=float, default=10.0, help="the started server's --timeout; default 10")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args(argv)
    if not (1 <= args.clients <= 256) or not (1 <= args.requests <= 100_000) or not (0 < args.duration <= 3600):
        ap.error("bounds: 1-256 clients, 1-100000 requests per client, 0-3600 s")
    proc = None
    if args.url:
        url = args.url if args.url.endswith("/") else args.url + "/"
        if not url.startswith(("http://127.", "http://localhost", "http://[::1]")):
            ap.error("--url must be a loopback address (this is a load test)")
    else:
        if not args.dir.is_dir():
            ap.error(f"{args.dir}: no such folder (run policy-kg build first)")
        proc, url = start_server(args.dir, args.workers, args.timeout)
    try:
        figures = run_load(url, args.clients, args.requests, args.duration)
    finally:
        if proc is not None:
            stop_server(proc)
    figures["server"] = {"url": url, "workers": args.workers if proc else None,
                         "cpus": os.cpu_count(), "folder": str(args.dir) if proc else None}
    if args.json:
        print(json.dumps(figures, indent=1))
    else:
        lat = figures["latency_ms"]
        print(f"{figures['requests']} requests ({figures['clients']} clients, mix of {figures['mix']['distinct_requests']} "
              f"named-query requests) in {figures['seconds']:.2f} s")
        print(f"throughput: {figures['throughput_rps']:.1f} req/s")
        print(f"latency: p50 {lat['p50']:.1f} ms, p95 {lat['p95']:.1f} ms, p99 {lat['p99']:.1f} ms, max {lat['max']:.1f} ms")
        print(f"errors: {figures['errors']}" + (f" {figures['errors_by_status']}" if figures["errors"] else ""))
        for e in figures["error_examples"]:
            print(f"  {e}")
    return 1 if figures["errors"] or figures["requests"] == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
