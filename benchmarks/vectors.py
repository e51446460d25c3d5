"""Dense search at scale: exact search cost by size, and the IVF index's recall and latency.

    python benchmarks/vectors.py                      # one million synthetic 384-dim vectors
    python benchmarks/vectors.py --n 200000 --queries 100
    python benchmarks/vectors.py --n 0 --index DIR    # only the real chunk vectors of an index

Synthetic vectors are clustered like the chunk embeddings (see `Clusters`), and queries are
drawn the same way (not stored). Prints, all searches one query at a time on one thread as
`Index.search` runs them:

- exact search p50 at growing sizes, and the size at which it reaches --budget ms (the basis of
  `index.vectors.EXACT_LIMIT`);
- the build time of the index `Vectors.build` chooses for --n vectors, then recall@10 against
  exact search and p50 for several shares of IVF lists probed (`NPROBE_SHARE`), and for a
  search filtered to 1% of the vectors;
- with --index, the same recall on the real chunk vectors stored in that index (200 of them
  held out as queries), with the IVF layout forced whatever their number;
- peak RSS.
"""

from __future__ import annotations

import argparse
import resource
import sqlite3
import statistics
import sys
import time
from pathlib import Path

import faiss
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from index import vectors as vectors_module  # noqa: E402
from index.vectors import Vectors  # noqa: E402

DIM = 384


def unit(rows: np.ndarray) -> np.ndarray:
    return rows / np.linalg.norm(rows, axis=-1, keepdims=True)


class Clusters:
    """Unit vectors built like chunk embeddings: a direction every chunk shares, one of 2,000
    topics, one of 20 subtopics of it, and noise, weighted so that random pairs meet at cosine
    ~0.45, a subtopic's members at ~0.85 (the real chunk vectors of the Surrey and Kent index:
    random pairs 0.51, tenth nearest neighbour 0.79)."""

    SHARES = (0.45, 0.2, 0.2, 0.15)  # common, topic, subtopic, noise (of the squared norm)

    def __init__(self, rng: np.random.Generator, topics: int = 2000, subtopics: int = 20):
        self.rng = rng
        self.common = unit(rng.normal(size=DIM)).astype(np.float32)
        self.topics = unit(rng.normal(size=(topics, DIM))).astype(np.float32)
        self.subtopics = unit(rng.normal(size=(topics, subtopics, DIM))).astype(np.float32)

    def draw(self, n: int) -> np.ndarray:
        out = np.empty((n, DIM), dtype=np.float32)
        a, b, c, d = (np.float32(np.sqrt(s)) for s in self.SHARES)
        for start in range(0, n, 100_000):  # in slices, so temporaries stay small
            m = min(100_000, n - start)
            t = self.rng.integers(0, len(self.topics), m)
            s = self.rng.integers(0, self.subtopics.shape[1], m)
            noise = unit(self.rng.normal(size=(m, DIM)).astype(np.float32))
            block = a * self.common + b * self.topics[t] + c * self.subtopics[t, s] + d * noise
            out[start : start + m] = unit(block)
        return out


def p50_ms(run, queries: np.ndarray) -> tuple[float, float]:
    """Median wall time and median CPU time of this thread, in ms (on a shared machine the CPU
    time is what an idle machine would take, the wall time what this one took)."""
    wall, cpu = [], []
    for q in queries:
        t, c = time.perf_counter(), time.thread_time()
        run(q)
        wall.append((time.perf_counter() - t) * 1000)
        cpu.append((time.thread_time() - c) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def exact_top(base: np.ndarray, queries: np.ndarray, k: int) -> np.ndarray:
    faiss.omp_set_num_threads(2)
    _, ids = faiss.knn(queries, base, k, faiss.METRIC_INNER_PRODUCT)
    faiss.omp_set_num_threads(1)
    return ids


def recall(vectors: Vectors, queries: np.ndarray, truth: np.ndarray, ids: np.ndarray, k=10):
    """Mean share of the exact top k (rows of `ids`) found in the index's top k, and p50."""
    found = []
    times = []
    for q, true in zip(queries, truth, strict=True):
        t = time.perf_counter()
        got = vectors.search(q, k)
        times.append((time.perf_counter() - t) * 1000)
        found.append(len({c for c, _ in got} & set(ids[true].tolist())) / k)
    return float(np.mean(found)), statistics.median(times)


def sweep(vectors: Vectors, queries, truth, ids, label: str) -> None:
    lists = vectors.lists
    for share in (1 / 128, 1 / 64, 1 / 32, 1 / 16, 1 / 8):
        vectors.index.nprobe = max(1, round(lists * share))
        r, p50 = recall(vectors, queries, truth, ids)
        print(
            f"{label}: nprobe {vectors.index.nprobe:4d}/{lists} (share 1/{round(1 / share)}): "
            f"recall@10 {r:.3f}, p50 {p50:.2f} ms"
        )


def synthetic(args) -> None:
    rng = np.random.default_rng(0)
    clusters = Clusters(rng)
    t = time.perf_counter()
    base = clusters.draw(args.n)
    queries = clusters.draw(args.queries)
    print(f"data: {args.n:,} vectors, {DIM} dims, made in {time.perf_counter() - t:.1f}s")

    faiss.omp_set_num_threads(1)
    per_thousand = []
    sizes = [s for s in (25_000, 50_000, 100_000, 200_000, 400_000, 1_000_000) if s <= args.n]
    for size in sizes:
        part = base[:size]
        p50, cpu = p50_ms(
            lambda q, part=part: faiss.knn(q[None], part, 10, faiss.METRIC_INNER_PRODUCT),
            queries[:50],
        )
        per_thousand.append(cpu / size * 1000)
        print(f"exact: {size:>9,} vectors, p50 {p50:.2f} ms (CPU time {cpu:.2f} ms)")
    if per_thousand:
        cost = statistics.median(per_thousand)
        print(
            f"exact: {cost:.3f} ms CPU per 1,000 vectors; {args.budget:.0f} ms reached at "
            f"~{args.budget / cost * 1000:,.0f} vectors (EXACT_LIMIT is "
            f"{vectors_module.EXACT_LIMIT:,})"
        )

    t = time.perf_counter()
    truth = exact_top(base, queries, 10)
    print(f"exact: top 10 of {args.queries} queries in {time.perf_counter() - t:.1f}s")
    ids = np.arange(args.n, dtype=np.int64) + 1  # chunk ids start at 1
    t = time.perf_counter()
    vectors = Vectors.build(ids, base, DIM, 1)
    print(
        f"build: {vectors.kind} index ({vectors.lists} lists) over {len(vectors):,} vectors "
        f"in {time.perf_counter() - t:.1f}s"
    )
    if vectors.lists:
        default = vectors.index.nprobe
        sweep(vectors, queries, truth, ids, "ivf")
        vectors.index.nprobe = default
    r, p50 = recall(vectors, queries, truth, ids)
    print(f"chosen: {vectors.kind}, recall@10 {r:.3f}, p50 {p50:.2f} ms  <- as Index.search runs")

    allowed = np.sort(rng.choice(ids, max(10, args.n // 100), replace=False))
    _, true_pos = faiss.knn(queries, base[allowed - 1], 10, faiss.METRIC_INNER_PRODUCT)
    found, times = [], []
    for q, true in zip(queries, true_pos, strict=True):
        t = time.perf_counter()
        got = vectors.search(q, 10, allowed)
        times.append((time.perf_counter() - t) * 1000)
        found.append(len({c for c, _ in got} & set(allowed[true].tolist())) / 10)
    print(
        f"filtered to {len(allowed):,} ids: recall@10 {np.mean(found):.3f}, "
        f"p50 {statistics.median(times):.2f} ms"
    )
    # Removing 1% in place and adding it back: the incremental path at this size.
    gone = allowed[: min(len(allowed), 10_000)]
    t = time.perf_counter()
    vectors.apply(np.empty(0, np.int64), np.empty((0, DIM), np.float32), gone, 2)
    removed_s = time.perf_counter() - t
    t = time.perf_counter()
    vectors.apply(gone, base[gone - 1], np.empty(0, np.int64), 3)
    print(
        f"in place: removed {len(gone):,} in {removed_s:.2f}s, "
        f"added them back in {time.perf_counter() - t:.2f}s"
    )
    del vectors, base


def real(index_dir: Path, queries: int) -> None:
    conn = sqlite3.connect(f"{(index_dir / 'index.sqlite').resolve().as_uri()}?mode=ro", uri=True)
    rows = conn.execute("SELECT chunk_id, embedding FROM chunks ORDER BY chunk_id").fetchall()
    conn.close()
    ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
    matrix = np.frombuffer(b"".join(r[1] for r in rows), dtype=np.float32).reshape(len(rows), -1)
    held = np.random.default_rng(0).choice(len(rows), queries, replace=False)
    keep = np.setdiff1d(np.arange(len(rows)), held)
    base, base_ids, query = matrix[keep], ids[keep], matrix[held]
    truth = exact_top(np.ascontiguousarray(base), np.ascontiguousarray(query), 10)
    vectors = Vectors.build(base_ids, base, matrix.shape[1], 1, exact_limit=0)
    print(f"real: {len(base):,} chunk vectors of {index_dir}, {vectors.lists} lists")
    default = vectors.index.nprobe
    sweep(vectors, query, truth, base_ids, "real ivf")
    vectors.index.nprobe = default
    r, p50 = recall(vectors, query, truth, base_ids)
    print(f"real chosen: nprobe {default}, recall@10 {r:.3f}, p50 {p50:.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="synthetic vectors (0: none)")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--budget", type=float, default=10.0, help="ms for exact search")
    parser.add_argument("--index", type=Path, help="also measure the chunk vectors of an index")
    args = parser.parse_args()
    if args.n:
        synthetic(args)
    if args.index:
        real(args.index, args.queries)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"memory: peak RSS {peak:.0f} MiB")


if __name__ == "__main__":
    main()
