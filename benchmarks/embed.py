"""Embedding speed and agreement: MiniLM on torch and on ONNX Runtime (fp32, int8), real chunks.

    python benchmarks/embed.py --chunks-from /tmp/idx4/sk [--n 2000] [--options torch,onnx-int8]
    python benchmarks/embed.py --index /tmp/h2/sk8          # retrieval hit@5 with that index

Reads N chunks (breadcrumb and text, as ingest embeds them) from an index read-only, embeds them
with each option and prints chunks a second (wall clock, and per CPU-second, which a busy shared
machine disturbs less), and each option's cosine to torch's vectors (mean and minimum). Options:
`torch` calls sentence-transformers 32 texts at a time as ingest does; `torch-sorted` gives it all
the texts in one call (it sorts them by length); `onnx-fp32` and `onnx-int8` are the default
embedder's variants, with `:B` for a batch size (`onnx-int8:16`). `--index DIR` then measures
retrieval hit@5 on the development questions with the embedder that index was built with
(benchmarks/retrieval.py). The load average is printed: other work on the machine slows all of it.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from index.embedder import MiniLMEmbedder, TorchMiniLMEmbedder  # noqa: E402

DEFAULT_OPTIONS = "torch,torch-sorted,onnx-fp32:16,onnx-fp32:32,onnx-int8:16,onnx-int8:32"


def read_chunks(index: Path, n: int, seed: int = 0) -> list[str]:
    """n chunks spread over the index, embedded text as ingest builds it; opened read-only."""
    uri = f"file:{index / 'index.sqlite'}?mode=ro"
    with sqlite3.connect(uri, uri=True) as conn:
        rows = [
            f"{crumb}\n{text}"
            for crumb, text in conn.execute("SELECT breadcrumb, text FROM chunks ORDER BY chunk_id")
        ]
    # A seeded sample rather than the first n, so every body and kind of paper is in it.
    rng = np.random.default_rng(seed)
    picked = rng.choice(len(rows), size=min(n, len(rows)), replace=False)
    return [rows[i] for i in sorted(picked)]


def make(option: str):
    """The embedder and the way ingest would call it, for one option name."""
    kind, _, batch = option.partition(":")
    size = int(batch or 32)
    if kind == "torch":
        embedder = TorchMiniLMEmbedder(batch_size=size)
        # ingest (index/writer.py) hands the embedder `batch_size` texts per call
        return embedder, lambda texts: np.vstack(
            [embedder.embed(texts[i : i + size]) for i in range(0, len(texts), size)]
        )
    if kind == "torch-sorted":
        embedder = TorchMiniLMEmbedder(batch_size=size)
        return embedder, embedder.embed
    if kind.startswith("onnx-"):
        embedder = MiniLMEmbedder(batch_size=size, variant=kind.removeprefix("onnx-"))
        return embedder, embedder.embed
    raise SystemExit(f"unknown option {option!r}")


def measure(option: str, texts: list[str]) -> tuple[np.ndarray, float, float, float]:
    """Vectors, load seconds, and chunks a second by wall clock and per CPU-second."""
    embedder, run = make(option)
    started = time.perf_counter()
    run(texts[:2])  # load (and export once) outside the timing
    loaded = time.perf_counter() - started
    wall, cpu = time.perf_counter(), time.process_time()
    vectors = run(texts)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return vectors, loaded, len(texts) / wall, len(texts) / cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks-from", type=Path, help="index folder to read chunk texts from")
    parser.add_argument("--n", type=int, default=2000, help="chunks to embed")
    parser.add_argument("--options", default=DEFAULT_OPTIONS, help="comma-separated options")
    parser.add_argument("--index", type=Path, help="also measure retrieval hit@5 on this index")
    args = parser.parse_args()
    if args.chunks_from:
        texts = read_chunks(args.chunks_from, args.n)
        print(f"{len(texts)} chunks from {args.chunks_from}; {os.cpu_count()} cores")
        print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        header = ("option", "load s", "chunks/s", "/cpu-s", "cos mean", "min")
        print("{:16} {:>7} {:>9} {:>7} {:>9} {:>9}".format(*header))
        reference = None
        for option in args.options.split(","):
            vectors, loaded, rate, per_cpu = measure(option, texts)
            if reference is None:
                reference = vectors  # the first option (torch by default) is the reference
            cosine = np.sum(vectors * reference, axis=1)
            print(
                f"{option:16} {loaded:7.2f} {rate:9.1f} {per_cpu:7.1f} "
                f"{cosine.mean():9.6f} {cosine.min():9.6f}",
                flush=True,
            )
        print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if args.index:
        # The index opens with the embedder it was built with (assistant/runtime.py).
        subprocess.run(
            [sys.executable, str(ROOT / "benchmarks/retrieval.py"), "--index", str(args.index)],
            check=True,
        )


if __name__ == "__main__":
    main()
