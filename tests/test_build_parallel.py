"""Extraction in N processes and on a Dask cluster gives the graph of the single-process build, byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from rdflib.compare import isomorphic

from policy_kg.build import build
from policy_kg.parallel import ExecutorError, run_extractions

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture(scope="module")
def serial(tmp_path_factory):
    out = tmp_path_factory.mktemp("serial")
    result = build([SEEDS], out, use_cache=False)
    assert result.ok and result.extracted == 5
    return out


def test_build_parallel_two_processes_same_bytes(serial, tmp_path):
    result = build([SEEDS], tmp_path, use_cache=False, jobs=2)
    assert result.ok and result.extracted == 5
    assert _files(tmp_path) == _files(serial)


def test_build_parallel_dask_cluster_same_graph(serial, tmp_path):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as cluster:
        result = build([SEEDS], tmp_path, use_cache=False, executor="dask", scheduler=cluster.scheduler_address)
    assert result.ok and result.extracted == 5
    a = rdflib.Graph().parse(tmp_path / "graph.ttl", format="turtle")
    b = rdflib.Graph().parse(serial / "graph.ttl", format="turtle")
    assert len(a) > 1000 and isomorphic(a, b)
    assert _files(tmp_path) == _files(serial)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"jobs": 0}, "at least 1"),
    ({"executor": "spark"}, "unknown executor"),
    ({"scheduler": "tcp://127.0.0.1:1"}, "for the dask executor"),
])
def test_build_parallel_bad_executor_options(kwargs, message):
    with pytest.raises(ExecutorError, match=message):
        list(run_extractions([str(SEEDS / "000_895f2254901843f9.txt")], **kwargs))
