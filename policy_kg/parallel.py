"""Running the extraction of many documents: in this process, in N processes, or on Dask.

Every way runs the same function, :func:`extract_entry`, on a file path and gets back either
a cache entry with the document's extraction and its part of the outputs (:func:`policy_kg.cache.dumps`: bytes, so it travels between processes and
machines) or a one-line failure. A worker loads the spaCy pipeline once (:func:`warm_up`; the
pipeline is a cached module-level object), never per document. At most a few documents per
worker are in flight at any time, so memory stays flat however many documents there are.
Results come back in the order they finish; the build puts them in order afterwards.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .errors import PolicyKGError

log = logging.getLogger(__name__)

EXECUTORS = ("local", "dask")
IN_FLIGHT_PER_WORKER = 4


@dataclass(frozen=True, slots=True)
class Outcome:
    """What came back for one input file: ``entry`` (a cache entry) or ``error`` (one line)."""

    path: str
    entry: bytes | None = None
    error: str | None = None


class ExecutorError(PolicyKGError):
    """The executor for the extraction could not be started (bad --jobs, no Dask, unreachable scheduler)."""


def warm_up() -> None:
    """Load the spaCy pipeline and the knowledge files once in this process (a worker's initializer)."""
    from .ner import pipeline

    pipeline.default_nlp()


def extract_entry(path: str) -> Outcome:
    """Read and extract one file; never raises (a failure is the outcome's ``error``, one line)."""
    from .build import doc_products
    from .cache import dumps
    from .extract import extract
    from .readers import read_document

    try:
        x = extract(read_document(path))
        try:
            products = doc_products(x)
        except ValueError as exc:  # cannot become a graph (a document named like graph/knowledge)
            return Outcome(path, error=f"{path}: {' '.join(str(exc).split())}")
        return Outcome(path, entry=dumps(x, products))
    except PolicyKGError as exc:
        return Outcome(path, error=exc.one_line())
    except Exception as exc:  # a bug must not sink the batch; report it as this file's failure
        log.exception("unexpected error on %s", path)
        return Outcome(path, error=f"{path}: internal error {type(exc).__name__}: {exc}".replace("\n", " "))


def _extract_batch(paths: list[str]) -> list[Outcome]:
    return [extract_entry(p) for p in paths]


def _serial(paths: Iterable[str]) -> Iterator[Outcome]:
    for p in paths:
        yield extract_entry(p)


def _processes(paths: Iterable[str], jobs: int) -> Iterator[Outcome]:
    import multiprocessing as mp
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    # spawn: a fresh interpreter per worker (forking a process that runs threads, such as the
    # progress bar's, can deadlock); each worker loads the pipeline once in its initializer
    with ProcessPoolExecutor(max_workers=jobs, mp_context=mp.get_context("spawn"), initializer=warm_up) as pool:
        pending = set()
        it = iter(paths)
        limit = jobs * IN_FLIGHT_PER_WORKER
        exhausted = False
        while True:
            while not exhausted and len(pending) < limit:
                try:
                    pending.add(pool.submit(extract_entry, next(it)))
                except StopIteration:
                    exhausted = True
            if not pending:
                return
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                try:
                    yield fut.result()
                except BrokenProcessPool as exc:
                    raise ExecutorError(
                        "a worker process of --jobs died", hint="out of memory? try fewer --jobs; a script that calls "
                        "build(jobs=N) must guard its main code with `if __name__ == '__main__':`") from exc


def _dask_warm_up(dask_worker=None) -> None:  # run on every worker through Client.run
    warm_up()


def _dask(paths: Iterable[str], jobs: int, scheduler: str | None, batch: int) -> Iterator[Outcome]:
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError as exc:
        raise ExecutorError("the dask executor needs dask and distributed",
                            hint='pip install "dask[distributed]"') from exc
    cluster = None
    try:
        if scheduler:
            client = Client(scheduler, timeout="20s")
        else:
            cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None)
            client = Client(cluster)
    except (OSError, TimeoutError) as exc:
        if cluster is not None:
            cluster.close()
        raise ExecutorError(f"cannot reach the Dask scheduler {scheduler or '(local cluster)'}: {exc}",
                            hint="start one with `dask scheduler` and `dask worker ADDRESS`, or leave --scheduler out") from exc
    try:
        client.run(_dask_warm_up)
        workers = max(1, len(client.scheduler_info().get("workers", {})) or jobs)
        limit = workers * IN_FLIGHT_PER_WORKER
        it = iter(paths)

        def next_batch() -> list[str]:
            out = []
            for p in it:
                out.append(p)
                if len(out) >= batch:
                    break
            return out

        pending = as_completed()
        in_flight = 0
        while in_flight < limit:
            chunk = next_batch()
            if not chunk:
                break
            pending.add(client.submit(_extract_batch, chunk, pure=False))
            in_flight += 1
        for fut in pending:
            outcomes = fut.result()
            fut.release()
            in_flight -= 1
            yield from outcomes
            chunk = next_batch()
            if chunk:
                pending.add(client.submit(_extract_batch, chunk, pure=False))
                in_flight += 1
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def run_extractions(paths: Iterable[str], *, jobs: int = 1, executor: str = "local", scheduler: str | None = None,
                    batch: int = 4) -> Iterator[Outcome]:
    """The outcome of every path, in the order they finish.

    ``executor="local"``: in this process (``jobs=1``) or ``jobs`` spawned processes;
    ``executor="dask"``: on the Dask cluster at ``scheduler`` (``tcp://host:8786``), or on a local
    cluster of ``jobs`` worker processes when no scheduler is given; documents go in batches of
    ``batch``, a few batches per worker in flight at a time."""
    if executor not in EXECUTORS:
        raise ExecutorError(f"unknown executor {executor!r}", hint=f"use one of {', '.join(EXECUTORS)}")
    if jobs < 1:
        raise ExecutorError(f"--jobs must be at least 1, not {jobs}", hint=f"this machine has {os.cpu_count()} cores")
    if executor == "dask":
        return _dask(paths, jobs, scheduler, max(1, batch))
    if scheduler:
        raise ExecutorError("--scheduler is for the dask executor", hint="add --executor dask")
    if jobs == 1:
        return _serial(paths)
    return _processes(paths, jobs)


__all__ = ["EXECUTORS", "ExecutorError", "Outcome", "extract_entry", "run_extractions", "warm_up"]
