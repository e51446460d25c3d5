"""Ingest throughput, warm search latency and peak memory on a folder of papers.

    python benchmarks/ingest_search.py                     # ../shared/corpus into a fresh index
    python benchmarks/ingest_search.py --corpus DIR --index DIR --queries 200

Prints pages/s and chunks/s for the ingest, p50/p95 search latency over the queries (the
questions of ../shared/eval/dev_qa.jsonl when present, else phrases drawn from the indexed
chunks), and peak RSS.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.ingest import ingest_paths  # noqa: E402
from assistant.runtime import open_index  # noqa: E402
from assistant.settings import Settings  # noqa: E402

SHARED = ROOT.parent / "shared"


def queries_for(index, n: int) -> list[str]:
    qa = SHARED / "eval" / "dev_qa.jsonl"
    if qa.is_file():
        questions = [json.loads(line)["question"] for line in qa.open() if line.strip()]
    else:
        rng = random.Random(0)
        hits = [h for p in index.papers() for h in index.chunks(p.paper_id)]
        questions = [" ".join(rng.choice(hits).text.split()[:8]) for _ in range(n)]
    return [
        questions[i % len(questions)] + ("" if i < len(questions) else f" {i}") for i in range(n)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=SHARED / "corpus")
    parser.add_argument("--index", type=Path, help="index folder (default: a fresh temporary one)")
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    if not args.corpus.exists():
        sys.exit(f"No corpus at {args.corpus}: pass --corpus DIR")

    index_dir = args.index or Path(tempfile.mkdtemp(prefix="bp-bench-")) / "index"
    settings = Settings(index=index_dir)
    index = open_index(settings)
    index.embedder.embed(["warm up"])  # model load is not ingest throughput

    started = time.perf_counter()
    report = ingest_paths([args.corpus], index=index)
    elapsed = time.perf_counter() - started
    print(f"ingest: {report.summary()}")
    print(
        f"ingest: {elapsed:.1f}s, {report.pages / elapsed:.1f} pages/s, "
        f"{report.chunks / elapsed:.1f} chunks/s"
    )
    for failure in report.failed:
        print(f"  failed: {failure.error}")
    index.close()

    reader = open_index(settings, read_only=True)
    queries = queries_for(reader, args.queries)
    for q in queries[:5]:
        reader.search(q, k=10)  # warm caches
    timings = []
    for q in queries:
        t = time.perf_counter()
        reader.search(q, k=10)
        timings.append((time.perf_counter() - t) * 1000)
    timings.sort()
    p95 = timings[int(0.95 * (len(timings) - 1))]
    print(
        f"search: {len(timings)} queries, p50 {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms"
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"memory: peak RSS {peak:.0f} MiB")


if __name__ == "__main__":
    main()
