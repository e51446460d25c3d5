"""Search on a real index: latency, the common-term cutoff, and a paper added while a reader runs.

    python benchmarks/search_scale.py --index DIR                  # p50s and the cutoff sweep
    python benchmarks/search_scale.py --index COPY --add           # also add a paper (writes!)
    python benchmarks/search_scale.py --index DIR --shares 1,0.2   # cutoffs to compare
    python benchmarks/search_scale.py --index DIR --scale 500000   # keyword side at 500k chunks

Prints, over the questions of ../shared/eval/dev_qa.jsonl (answerable ones with evidence):

- search p50 / p95 of `Index.search` (hybrid, k=10, the query embedded each time), and of its
  keyword side alone;
- for each common-term cutoff (`Tuning.common_share`; 1 keeps every term): hit@5 and hit@10 of
  the evidence as `benchmarks/retrieval.py` counts them, and keyword search p50, so that
  `index.search.COMMON_SHARE` can be read off (the smallest cutoff whose hit@5 stays within 0.01
  of keeping every term);
- with --scale N: keyword search p50 with and without the cutoff over N chunks, made by
  repeating the index's chunk texts into a scratch FTS5 table (same tokenizer) in a temporary
  folder, so the share of chunks holding each word is the index's own;
- with --add: the time to ingest one small generated paper into the index, and the time a
  reader in another process (started and warmed before the add) takes for its next search,
  and whether that search found the paper. --add writes to the index: point it at a copy.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.answer import understand  # noqa: E402
from assistant.evaluate import holds_evidence, load_rows  # noqa: E402
from assistant.retrieve import retrieve  # noqa: E402
from assistant.runtime import open_index  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from index.schema import FTS_TOKENIZE  # noqa: E402
from index.search import COMMON_SHARE, Tuning, common_terms, lexical, query_terms  # noqa: E402

# A fictional paper: its phrase is in no real council's papers.
PAPER = """MINUTES OF THE MEETING OF THE QUILLBERRY HARBOUR TRUST BOARD HELD ON 3 MARCH 2026

1. Zephyrine Dredging Programme
The Board approved the zephyrine dredging programme for the Quillberry outer basin at a cost
of 412,000 pounds, to be completed before the autumn regatta.
"""
QUERY = "zephyrine dredging programme Quillberry"

# The reader process: warm up, wait for a line on stdin, then time one search and report.
READER = """
import sys, time
sys.path.insert(0, {root!r})
from assistant.runtime import open_index
from assistant.settings import Settings
index = open_index(Settings(index={index!r}), read_only=True)
index.search("warm up the model and the vectors", k=10)
print("ready", flush=True)
sys.stdin.readline()
t = time.perf_counter()
hits = index.search({query!r}, k=5)
ms = (time.perf_counter() - t) * 1000
found = any("Quillberry" in h.text for h in hits)
print(f"{{ms:.0f}} {{found}} {{dict(index.vector_updates)}}", flush=True)
"""


def percentile(values: list[float], share: float) -> float:
    values = sorted(values)
    return values[int(share * (len(values) - 1))]


def timed(run, queries: list[str], cpu: list[float] | None = None) -> list[float]:
    """Wall times in ms; with `cpu`, also fills it with this process's CPU times (what an idle
    machine would take, as long as the work is CPU-bound: on a shared one the wall time is
    stretched by the other jobs)."""
    out = []
    for q in queries:
        t, c = time.perf_counter(), time.process_time()
        run(q)
        out.append((time.perf_counter() - t) * 1000)
        if cpu is not None:
            cpu.append((time.process_time() - c) * 1000)
    return out


def hits_at(index, rows) -> tuple[float, float]:
    ranks = []
    for row in rows:
        q = understand(row.question, index, row.context or None, None)
        hits = retrieve(q, index, k=10, filters=None)
        ranks.append(
            next(
                (
                    n
                    for n, h in enumerate(hits, 1)
                    if any(holds_evidence(h.text, e) for e in row.evidence)
                ),
                None,
            )
        )
    n = len(ranks)
    return sum(r is not None and r <= 5 for r in ranks) / n, sum(r is not None for r in ranks) / n


def keyword_at_scale(index_dir: Path, n: int, questions: list[str]) -> None:
    source = sqlite3.connect(f"{(index_dir / 'index.sqlite').resolve().as_uri()}?mode=ro", uri=True)
    texts = source.execute("SELECT text, breadcrumb FROM chunks").fetchall()
    source.close()
    scratch = Path(tempfile.mkdtemp(prefix="bp-scale-")) / "fts.sqlite"
    conn = sqlite3.connect(scratch, isolation_level=None)
    conn.execute(
        f"CREATE VIRTUAL TABLE chunks_fts USING fts5(text, breadcrumb, tokenize='{FTS_TOKENIZE}')"
    )
    t = time.perf_counter()
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO chunks_fts (text, breadcrumb) VALUES (?, ?)",
        (texts[i % len(texts)] for i in range(n)),
    )
    conn.execute("COMMIT")
    print(f"scale: {n:,} chunks ({len(texts):,} texts repeated) in {time.perf_counter() - t:.0f}s")
    tuning = Tuning()
    for share in (1.0, COMMON_SHARE):
        times = timed(
            lambda q, share=share: lexical(
                conn, common_terms(conn, query_terms(q), n, share), None, tuning, tuning.depth * 2
            ),
            questions,
        )
        print(
            f"scale: cutoff {share}: keyword query p50 {statistics.median(times):.1f} ms, "
            f"p95 {percentile(times, 0.95):.1f} ms"
        )
    conn.close()
    scratch.unlink()


def add_while_reading(index_dir: Path) -> None:
    script = READER.format(root=str(ROOT), index=str(index_dir), query=QUERY)
    reader = subprocess.Popen(
        [sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert reader.stdout.readline().strip() == "ready", "the reader process did not start"
    from assistant.ingest import ingest_paths

    folder = Path(tempfile.mkdtemp(prefix="bp-add-"))
    paper = folder / "Quillberry Harbour Trust Board minutes 3 March 2026.txt"
    # A reference line makes each run's paper new to the index (an unchanged file costs nothing).
    paper.write_text(f"{PAPER}\nReference {time.time_ns()}\n")
    writer = open_index(Settings(index=index_dir))
    writer.embedder.embed(["warm up"])  # the model load is not the add
    t = time.perf_counter()
    report = ingest_paths([paper], index=writer)
    added = time.perf_counter() - t
    writer.close()
    print(f"add: {report.summary()} in {added:.2f}s")
    reader.stdin.write("go\n")
    reader.stdin.flush()
    ms, found, how = reader.stdout.readline().strip().split(" ", 2)
    reader.wait()
    print(f"add: next search in the other process {ms} ms, found the paper: {found} ({how})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--qa", type=Path, default=ROOT.parent / "shared/eval/dev_qa.jsonl")
    parser.add_argument("--shares", default="1,0.5,0.3,0.2,0.1,0.05", help="cutoffs to compare")
    parser.add_argument("--add", action="store_true", help="add a paper (writes to the index)")
    parser.add_argument("--scale", type=int, help="also time the keyword side over N chunks")
    parser.add_argument("--no-sweep", action="store_true", help="skip the cutoff sweep")
    args = parser.parse_args()

    index = open_index(Settings(index=args.index), read_only=True)
    rows = [r for r in load_rows(args.qa) if r.answerable and r.evidence]
    questions = [r.question for r in rows]
    stats = index.stats()
    print(f"index: {stats['papers']:,} papers, {stats['chunks']:,} chunks, {args.index}")
    for q in questions[:5]:
        index.search(q, k=10)  # warm: model, vectors, caches
    print(f"vectors: {index.vectors().kind}, {dict(index.vector_updates)}")
    cpu: list[float] = []
    hybrid = timed(lambda q: index.search(q, k=10), questions, cpu)
    print(
        f"search: {len(hybrid)} questions, p50 {statistics.median(hybrid):.1f} ms, "
        f"p95 {percentile(hybrid, 0.95):.1f} ms (hybrid, k=10; CPU time p50 "
        f"{statistics.median(cpu):.1f} ms; load average {os.getloadavg()[0]:.1f})"
    )
    default = index.tuning
    shares = [] if args.no_sweep else [float(s) for s in args.shares.split(",")]
    for share in shares:
        index.tuning = dataclasses.replace(default, common_share=share)
        lexical = timed(lambda q: index.search(q, k=10, mode="lexical"), questions)
        hit5, hit10 = hits_at(index, rows)
        print(
            f"cutoff {share:<5}: hit@5 {hit5:.3f}, hit@10 {hit10:.3f}, keyword p50 "
            f"{statistics.median(lexical):.1f} ms, p95 {percentile(lexical, 0.95):.1f} ms"
        )
    index.tuning = default
    index.close()
    if args.scale:
        keyword_at_scale(args.index, args.scale, questions)
    if args.add:
        add_while_reading(args.index)


if __name__ == "__main__":
    main()
