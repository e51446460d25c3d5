"""The decisions register as data: upgrade, link time per paper, full relink, query latency.

    python benchmarks/register.py INDEX                  # a copy of INDEX, never INDEX itself
    python benchmarks/register.py INDEX --scale 7        # grown to 7x its records first

Works on a copy of INDEX's SQLite file in --work (default: a temporary folder) and prints:
records and papers; the upgrade of an index made before the register's columns (fill the
columns, index the words, link every record); with --scale N, the index grown to N times its
records by storing altered copies of its papers' records under later years (each copy stored
and linked as an ingest stores a paper, 30% of each text's words swapped for others of the
register, so copies are alike but not the same); the time to link one paper's records as it
is added and to mend the chains as it is removed (p50/p95 over --papers papers, each rolled
back); a full relink of all records (`linking.link_groups`, what each new index state cost
before) and whether it equals the stored chains; and `decisions --topic` latency (p50/p95 over
--queries topics drawn from the records' item titles).
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.register import query_register, table  # noqa: E402
from assistant.register.linking import link_groups  # noqa: E402
from index.store import Index  # noqa: E402

TOPICS = ["safe havens", "housing allocations", "budget", "road safety", "library opening hours"]


def copy_index(source: Path, work: Path) -> Path:
    """A consistent copy of the index's SQLite file (the source is opened read only)."""
    work.mkdir(parents=True, exist_ok=True)
    target = work / "index.sqlite"
    target.unlink(missing_ok=True)
    src = sqlite3.connect(f"{(source / 'index.sqlite').resolve().as_uri()}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    src.backup(dst)
    src.close()
    dst.close()
    return work


def write(conn: sqlite3.Connection, step) -> float:
    """Seconds for one write transaction, committed."""
    start = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    step()
    conn.execute("COMMIT")
    return time.perf_counter() - start


def grow(conn: sqlite3.Connection, scale: int, rng: random.Random) -> list[float]:
    """Store altered copies of every paper's records under later years; seconds per paper."""
    rows = conn.execute(
        "SELECT paper_id, chunk_id, data FROM records ORDER BY paper_id, record_id"
    ).fetchall()
    papers: dict[str, list[tuple]] = {}
    for pid, cid, data in rows:
        papers.setdefault(pid, []).append((cid, json.loads(data)))
    pool = [w for _, _, data in rows for w in json.loads(data).get("text", "").split()]
    times = []
    for k in range(1, scale):
        for pid, records in papers.items():
            altered = [(cid, json.dumps(alter(r, k, pool, rng))) for cid, r in records]
            times.append(
                write(conn, lambda p=f"{pid}-{k}", a=altered: table.store_records(conn, p, a))
            )
    return times


def alter(record: dict, years: int, pool: list[str], rng: random.Random) -> dict:
    """The record as a later year might print it: dates moved on, some words changed."""
    out = dict(record)
    for key in ("meeting_date", "paper_date"):
        if isinstance(out.get(key), str) and out[key][:4].isdigit():
            out[key] = f"{int(out[key][:4]) + years}{out[key][4:]}"
    for key in ("text", "continuation"):
        if out.get(key):
            out[key] = " ".join(
                rng.choice(pool) if rng.random() < 0.3 else w for w in out[key].split()
            )
    return out


def per_paper(conn: sqlite3.Connection, n: int) -> tuple[list[float], list[float], int]:
    """Seconds to remove, then add back, the records of n papers (rolled back each time)."""
    papers = [p for (p,) in conn.execute("SELECT DISTINCT paper_id FROM records ORDER BY 1")]
    sample = random.Random(1).sample(papers, min(n, len(papers)))
    removing, adding, records = [], [], 0
    for pid in sample:
        rows = conn.execute(
            "SELECT chunk_id, data FROM records WHERE paper_id = ? ORDER BY record_id", (pid,)
        ).fetchall()
        records += len(rows)
        conn.execute("BEGIN IMMEDIATE")
        start = time.perf_counter()
        table.drop_records(conn, pid)
        removing.append(time.perf_counter() - start)
        start = time.perf_counter()
        table.store_records(conn, pid, rows)
        adding.append(time.perf_counter() - start)
        conn.execute("ROLLBACK")
    return removing, adding, records


def stored_chains(conn: sqlite3.Connection) -> dict[int, list[int]]:
    found = {rid: [] for (rid,) in conn.execute("SELECT record_id FROM records")}
    for a, b in conn.execute("SELECT a, b FROM record_links ORDER BY a, b"):
        found[a].append(b)
    return found


def topics(conn: sqlite3.Connection, n: int) -> list[str]:
    """Fixed topics, then the first words of records' item titles."""
    items = [i for (i,) in conn.execute("SELECT DISTINCT item FROM records WHERE item IS NOT NULL")]
    rng = random.Random(2)
    drawn = [" ".join(i.split()[1:4]) for i in rng.sample(items, min(n, len(items)))]
    return (TOPICS + [d for d in drawn if d])[:n]


def ms(values: list[float]) -> str:
    if not values:
        return "none"
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return f"p50 {1000 * statistics.median(ordered):.1f} ms, p95 {1000 * p95:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("index", type=Path, help="index folder to copy (it is never written)")
    parser.add_argument("--work", type=Path, help="folder for the copy (default: temporary)")
    parser.add_argument("--scale", type=int, default=1, help="grow to N times the records")
    parser.add_argument("--papers", type=int, default=25, help="papers timed added / removed")
    parser.add_argument("--queries", type=int, default=20, help="topics timed")
    args = parser.parse_args()
    work = copy_index(args.index, args.work or Path(tempfile.mkdtemp(prefix="register-")))
    conn = sqlite3.connect(work / "index.sqlite", isolation_level=None)
    count = conn.execute("SELECT count(*) FROM records").fetchone()[0]
    papers = conn.execute("SELECT count(DISTINCT paper_id) FROM records").fetchone()[0]
    print(f"copy of {args.index} in {work}: {count} records in {papers} papers")
    if not table.ready(conn):
        seconds = write(conn, lambda: table.ensure(conn))
        print(f"upgrade of an index without the register's columns: {seconds:.2f} s")
    if args.scale > 1:
        times = grow(conn, args.scale, random.Random(0))
        count = conn.execute("SELECT count(*) FROM records").fetchone()[0]
        print(
            f"grown to {count} records: {len(times)} papers stored and linked in "
            f"{sum(times):.1f} s ({ms(times)} per paper)"
        )
    removing, adding, records = per_paper(conn, args.papers)
    mean = records / (len(adding) or 1)
    print(f"link one paper's records as it is added ({mean:.1f} records): {ms(adding)}")
    print(f"mend the chains as a paper is removed: {ms(removing)}")
    rows = Index.open(work, read_only=True).records()
    start = time.perf_counter()
    relinked = link_groups(rows)
    print(f"full relink of {len(rows)} records (link_groups): {time.perf_counter() - start:.2f} s")
    print(f"stored chains equal the full relink: {relinked == stored_chains(conn)}")
    links = conn.execute("SELECT count(*) FROM record_links").fetchone()[0] // 2
    copies = conn.execute("SELECT sum(copy) FROM records").fetchone()[0]
    print(f"chain links: {links}; copies: {copies}")
    index = Index.open(work, read_only=True)
    wanted = topics(conn, args.queries)
    for name, options in (("decisions --topic", {}), ("register answer", {"whole_items": True})):
        latencies, found = [], 0
        for topic in wanted:
            start = time.perf_counter()
            found += len(query_register(index, topic=topic, **options))
            latencies.append(time.perf_counter() - start)
        print(
            f"{name} over {len(wanted)} topics: {ms(latencies)} ({found / len(wanted):.0f} found)"
        )
    for name, options in (("decisions (all)", {}), ("decisions --open", {"open_only": True})):
        start = time.perf_counter()
        found = len(query_register(index, **options))
        print(f"{name}: {found} records in {1000 * (time.perf_counter() - start):.0f} ms")


if __name__ == "__main__":
    main()
