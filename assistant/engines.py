"""Where an ingest's work runs: in this process, in a pool of local processes, or on Ray.

An ingest (`assistant/ingest.py`) has two kinds of work that parallelise: reading a file, and
chunking and embedding a group of papers, which needs the embedding model. An engine maps a
picklable function over such tasks and yields the results in the order of the tasks, as soon as
each is ready, so that the one writer in this process stores them while later tasks still run.
The tasks are pure (data in, data out), so every engine gives the same papers and chunks.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from typing import Protocol, TypeVar

from index.embedder import Embedder

T = TypeVar("T")
R = TypeVar("R")
ENGINES = ("local", "ray")


class Engine(Protocol):
    """Runs an ingest's tasks; results come back in the order of `items`."""

    def map(self, fn: Callable[[T], R], items: Sequence[T]) -> Iterator[R]:
        """fn(item) for each item (reading files)."""
        ...

    def map_embedding(self, fn: Callable[[T, Embedder], R], items: Sequence[T]) -> Iterator[R]:
        """fn(item, embedder) for each item, with a model loaded once per worker."""
        ...

    def close(self) -> None:
        """Stop the workers this engine started."""
        ...


class EngineUnavailable(Exception):
    """An engine that cannot run here (Ray not installed); the CLI shows it as one line."""


def available_cores() -> int:
    """The cores this process may run on (a container's share, not the host's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


# The model of a worker process of LocalEngine, made by the factory on the first embedding task.
_worker_factory: Callable[[], Embedder] | None = None
_worker_embedder: Embedder | None = None


def _start_worker(factory: Callable[[], Embedder] | None, threads: int) -> None:
    global _worker_factory
    _worker_factory = factory
    # Ctrl-C is for the main process, which cancels the pool: not a traceback from each worker
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Set before torch or onnxruntime are imported, so their thread pools take it: N workers of
    # cores/N threads each, instead of N workers each spreading over every core.
    for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, str(threads))


def _with_worker_embedder(fn: Callable[[T, Embedder], R], item: T) -> R:
    global _worker_embedder
    if _worker_embedder is None:
        _worker_embedder = _worker_factory()
    return fn(item, _worker_embedder)


class LocalEngine:
    """A pool of `jobs` processes on this machine (default: one per core); with one job, every
    task runs in this process, one after another (what `ingest_paths` does unless told).

    Files are read by the pool. Embedding runs in the pool when `embedder_factory` can make the
    model in a worker (one model per worker, loaded on its first task); otherwise in this
    process with `embedder`. The pool starts on the first task list that has more than one
    task, so a one-file ingest starts no process.
    """

    def __init__(
        self,
        embedder: Embedder | None,
        *,
        jobs: int | None = None,
        embedder_factory: Callable[[], Embedder] | None = None,
    ) -> None:
        self.embedder = embedder
        self.jobs = jobs or available_cores()
        self.factory = embedder_factory
        self._pool: ProcessPoolExecutor | None = None

    def _workers(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # forkserver: workers fork from a clean process, never from this one, whose model
            # threads (torch, tokenizers) a plain fork would copy in an unusable state
            methods = multiprocessing.get_all_start_methods()
            if "forkserver" in methods:
                context = multiprocessing.get_context("forkserver")
                # the server imports the ingest code once and every worker forks ready from it
                # (its first use in a process starts it; later pools reuse it)
                context.set_forkserver_preload(["__main__", "assistant.ingest"])
            else:
                context = multiprocessing.get_context("spawn")
            threads = max(1, available_cores() // self.jobs)
            self._pool = ProcessPoolExecutor(
                self.jobs,
                mp_context=context,
                initializer=_start_worker,
                initargs=(self.factory, threads),
            )
        return self._pool

    def map(self, fn: Callable[[T], R], items: Sequence[T]) -> Iterator[R]:
        if self.jobs == 1 or len(items) < 2:
            return map(fn, items)
        # a few tasks per message: reading a text file takes milliseconds, less than a round trip
        chunksize = max(1, min(16, len(items) // (4 * self.jobs)))
        return self._workers().map(fn, items, chunksize=chunksize)

    def map_embedding(self, fn: Callable[[T, Embedder], R], items: Sequence[T]) -> Iterator[R]:
        if self.factory is None or self.jobs == 1 or len(items) < 2:
            return (fn(item, self.embedder) for item in items)
        return self._workers().map(partial(_with_worker_embedder, fn), items)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None


class RayEngine:
    """Tasks on Ray: a local Ray instance, or the cluster at `RAY_ADDRESS`.

    Reading is one Ray task per file; embedding runs on actors that each hold one model, one
    actor per CPU Ray offers (at most `jobs`). Results stream back with `ray.wait`. On a
    cluster, every node needs boardpapers installed and the papers at the same path (a shared
    folder), since a task reads its file where it runs.
    """

    def __init__(self, embedder_factory: Callable[[], Embedder], *, jobs: int | None = None):
        ray = _import_ray()
        self.factory = embedder_factory
        address = os.environ.get("RAY_ADDRESS")
        self._owned = not ray.is_initialized()
        if self._owned:
            # a local instance gets this machine's cores (or `jobs`); a cluster brings its own
            local = {} if address else {"num_cpus": jobs or available_cores()}
            ray.init(
                address=address,
                ignore_reinit_error=True,
                include_dashboard=False,
                log_to_driver=False,
                logging_level="ERROR",
                **local,
            )
        cpus = int(ray.cluster_resources().get("CPU", 1))
        self.jobs = max(1, min(jobs or cpus, cpus))
        self._ray = ray

    def map(self, fn: Callable[[T], R], items: Sequence[T]) -> Iterator[R]:
        task = self._ray.remote(num_cpus=1)(_call)
        return self._stream(lambda item: task.remote(fn, item), items, self.jobs * 4)

    def map_embedding(self, fn: Callable[[T, Embedder], R], items: Sequence[T]) -> Iterator[R]:
        actor = self._ray.remote(num_cpus=1)(_EmbeddingActor)
        actors = [actor.remote(self.factory) for _ in range(min(self.jobs, len(items)) or 1)]
        turn = iter(range(len(items)))

        def submit(item):
            # round robin: tasks on one actor queue in order behind each other
            return actors[next(turn) % len(actors)].run.remote(fn, item)

        try:
            yield from self._stream(submit, items, 2 * len(actors))
        finally:
            for handle in actors:
                self._ray.kill(handle)

    def _stream(self, submit, items: Iterable, in_flight: int) -> Iterator:
        """Results in the order of items, keeping at most `in_flight` tasks submitted at once
        (the object store then holds a few results, not the whole run's)."""
        ray = self._ray
        pending = iter(items)
        refs = [submit(item) for _, item in zip(range(in_flight), pending, strict=False)]
        ready: set = set()
        while refs:
            if refs[0] not in ready:
                done, _ = ray.wait([r for r in refs if r not in ready], num_returns=1)
                ready.update(done)
                continue
            head = refs.pop(0)
            ready.discard(head)
            yield ray.get(head)
            refs.extend(submit(item) for item in _take(pending, 1))

    def close(self) -> None:
        if self._owned:
            self._ray.shutdown()


def _call(fn: Callable[[T], R], item: T) -> R:
    """fn(item) as a Ray task (Ray takes plain functions only; fn may be a partial)."""
    return fn(item)


def _take(iterator: Iterator, n: int) -> list:
    return [item for _, item in zip(range(n), iterator, strict=False)]


class _EmbeddingActor:
    """A Ray actor holding one model, so a worker loads it once for all its tasks."""

    def __init__(self, factory: Callable[[], Embedder]) -> None:
        self.embedder = factory()

    def run(self, fn: Callable[[T, Embedder], R], item: T) -> R:
        return fn(item, self.embedder)


def _import_ray():
    try:
        import ray
    except ImportError:
        raise EngineUnavailable(
            "The ray engine needs Ray: pip install 'boardpapers[ray]' (or pip install ray)."
        ) from None
    return ray


def make_engine(
    name: str,
    embedder: Embedder,
    *,
    jobs: int | None = None,
    embedder_factory: Callable[[], Embedder] | None = None,
) -> Engine:
    """The engine `boardpapers ingest --engine NAME` runs on."""
    if name == "ray":
        if embedder_factory is None:
            raise ValueError("The ray engine makes its models in its workers: pass a factory")
        return RayEngine(embedder_factory, jobs=jobs)
    if name == "local":
        return LocalEngine(embedder, jobs=jobs, embedder_factory=embedder_factory)
    raise ValueError(f"Unknown engine {name!r} (known: {', '.join(ENGINES)})")
