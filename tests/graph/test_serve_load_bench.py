"""bench/load_test.py works: it starts `policy-kg serve`, runs concurrent clients over the named-query
mix, reports figures and finds zero errors. Tiny numbers, no timing asserted."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "load_test.py"


def _load_bench():
    spec = importlib.util.spec_from_file_location("load_test_bench", BENCH)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_serve_load_bench_runs_with_zero_errors(written):
    out = subprocess.run([sys.executable, str(BENCH), "--dir", str(written[0]), "--clients", "2", "--requests", "5",
                          "--duration", "60", "--workers", "1", "--json"],
                         capture_output=True, text=True, timeout=300, check=False)
    assert out.returncode == 0, out.stdout + out.stderr
    figures = json.loads(out.stdout)
    assert figures["requests"] == figures["planned"] == 10
    assert figures["errors"] == 0 and figures["errors_by_status"] == {}
    lat = figures["latency_ms"]
    assert 0 < lat["p50"] <= lat["p95"] <= lat["p99"] <= lat["max"]
    assert figures["throughput_rps"] > 0
    assert set(figures["mix"]["kinds"]) == {"sparql", "named"}  # both the protocol and the named-query URLs


def test_serve_load_bench_counts_errors(written):
    """A server that answers errors makes the bench report them and fail (here: a URL with no server)."""
    bench = _load_bench()
    port = bench.free_port()
    figures = bench.run_load(f"http://127.0.0.1:{port}/", clients=2, requests=2, duration=30, timeout=2)
    assert figures["requests"] == 4 and figures["errors"] == 4
    assert list(figures["errors_by_status"]) == ["ConnectError"]


@pytest.mark.parametrize("values, p, expected", [
    ([1.0], 99, 1.0), ([1.0, 2.0, 3.0, 4.0], 50, 2.0), ([float(i) for i in range(1, 101)], 99, 99.0),
    ([float(i) for i in range(1, 101)], 100, 100.0),
])
def test_serve_load_bench_percentile(values, p, expected):
    assert _load_bench().percentile(values, p) == expected


def test_serve_load_bench_mix_covers_every_named_query():
    from policy_kg.graph.query import named_queries

    mix = _load_bench().request_mix()
    assert {label.split(":", 1)[1] for label, _, _ in mix if label.startswith("sparql:")} == set(named_queries())
    named = {label.split(":", 1)[1] for label, _, _ in mix if label.startswith("named:")}
    assert "exclusions-in-force" in named and "entity-mentions" in named
