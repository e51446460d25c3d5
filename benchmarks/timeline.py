"""How topic timelines do on subjects labelled by reading the minutes (issue 15's figures).

    python benchmarks/timeline.py --index /tmp/idx/lim \\
        [--topics benchmarks/questions/timeline_topics.jsonl] [--corpus ../shared/corpus/limerick]

The topics file (JSON Lines) gives per subject the spellings a reader found and every minutes
paper naming it, each labelled "dealt" (the meeting dealt with the subject) or "passing" (its name
only appears in passing). Printed per topic and overall:

- recall: the share of "dealt" meetings that have a timeline entry (a meeting is its body and
  date, as the index files the labelled minutes);
- passing: the share of "passing"-only meetings that got an entry anyway;
- names it: the share of entries whose quote holds one of the reader's spellings;
- ordered / verbatim: entries in date order; every quote an exact slice of its chunk;
- widen: the core-name widening (assistant.timeline.CORE_WIDEN) each topic is built with, the one
  that does best on the other topics (leave one topic out);
- warm time: the median of three builds.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.timeline import build  # noqa: E402
from index.store import Index  # noqa: E402


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).lower().split())


def _score(topic: dict, result, filed: dict, corpus: Path, index) -> dict:
    """One topic's figures for one timeline."""
    have = {(e.meeting_date, (e.committee or "").lower()) for e in result.entries}
    labels: dict[tuple, set[str]] = {}
    unfiled = 0
    for m in topic["meetings"]:
        where = filed.get((corpus / m["file"]).resolve())
        if where is None:
            unfiled += 1
            continue
        labels.setdefault(where, set()).add(m["label"])
    dealt = [k for k, v in labels.items() if "dealt" in v]
    passing = [k for k, v in labels.items() if v == {"passing"}]
    variants = [_plain(v) for v in [topic["topic"], *topic.get("variants", [])]]
    dates = [e.meeting_date for e in result.entries]
    verbatim = True
    for e in result.entries:
        chunk = index.chunk(e.chunk_id)
        verbatim &= chunk is not None and chunk.text[e.start : e.end] == e.quote
    return {
        "dealt": len(dealt),
        "found": sum(k in have for k in dealt),
        "passing": len(passing),
        "passing_found": sum(k in have for k in passing),
        "entries": len(result.entries),
        "named": sum(any(v in _plain(e.quote) for v in variants) for e in result.entries),
        "ordered": dates == sorted(dates),
        "verbatim": verbatim,
        "unfiled": unfiled,
        "names": list(result.names),
    }


def _worth(figures: list[dict]) -> float:
    """What a widening is chosen by: meetings found plus entries that quote the subject, as shares
    (the issue's two targets, weighed alike)."""
    dealt = sum(f["dealt"] for f in figures) or 1
    entries = sum(f["entries"] for f in figures) or 1
    return sum(f["found"] for f in figures) / dealt + sum(f["named"] for f in figures) / entries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument(
        "--topics", type=Path, default=ROOT / "benchmarks/questions/timeline_topics.jsonl"
    )
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared/corpus/limerick")
    parser.add_argument(
        "--widen",
        type=float,
        action="append",
        help="core-name widenings to try (default 1 to 8); each topic is scored with the value "
        "that does best on the other topics",
    )
    args = parser.parse_args()
    values = args.widen or [1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0]
    # a timeline reads text and records only: no model, so an index of any embedder will do
    index = Index.open(args.index, embedder=None, read_only=True)
    # where the index filed each labelled file: (meeting date, body) of its paper
    filed = {}
    for paper in index.papers():
        if paper.meeting_date:
            body = (paper.committee or "").lower()
            filed[Path(paper.file).resolve()] = (paper.meeting_date, body)
    topics = [json.loads(line) for line in args.topics.read_text().splitlines() if line.strip()]
    grid = {share: [] for share in values}
    for share in values:
        for topic in topics:
            result = build(topic["topic"], index, widen=share)
            grid[share].append(_score(topic, result, filed, args.corpus, index))
    for share in values:
        figures = grid[share]
        found, dealt = sum(f["found"] for f in figures), sum(f["dealt"] for f in figures)
        named, entries = sum(f["named"] for f in figures), sum(f["entries"] for f in figures)
        print(f"widen {share:.1f}: recall {found}/{dealt}, entries naming it {named}/{entries}")
    print(f"\n{'topic (held out; widen fitted on the others)':46s} {'widen':>5s} {'recall':>12s} "
          f"{'passing':>8s} {'names it':>12s} ms")  # fmt: skip
    held = []
    times = []
    for n, topic in enumerate(topics):
        others = [i for i in range(len(topics)) if i != n]
        share = max(values, key=lambda s: (_worth([grid[s][i] for i in others]), -abs(s - 2.0)))
        f = grid[share][n]
        held.append(f)
        runs = []
        for _ in range(3):
            start = time.perf_counter()
            build(topic["topic"], index, widen=share)
            runs.append(time.perf_counter() - start)
        times.append(statistics.median(runs))
        recall = f["found"] / max(1, f["dealt"])
        named = f["named"] / max(1, f["entries"])
        print(
            f"{topic['topic'][:46]:46s} {share:5.2f} {f['found']:>4d}/{f['dealt']:<4d}{recall:.2f}"
            f" {f['passing_found']:>3d}/{f['passing']:<4d} {f['named']:>4d}/{f['entries']:<4d}"
            f"{named:.2f} {1000 * times[-1]:.0f}"
        )
        unfiled = f"  ({f['unfiled']} labelled files not indexed)" if f["unfiled"] else ""
        print(f"    names: {', '.join(f['names'])}{unfiled}")
    found, dealt = sum(f["found"] for f in held), sum(f["dealt"] for f in held)
    named, entries = sum(f["named"] for f in held), sum(f["entries"] for f in held)
    print(
        f"ALL held out: recall {found}/{dealt} = {found / max(1, dealt):.3f}; passing-only "
        f"meetings given an entry {sum(f['passing_found'] for f in held)}/"
        f"{sum(f['passing'] for f in held)}; entries naming the subject {named}/{entries} = "
        f"{named / max(1, entries):.3f}; date order "
        f"{'yes' if all(f['ordered'] for f in held) else 'NO'}; verbatim "
        f"{'yes' if all(f['verbatim'] for f in held) else 'NO'}; warm build p50 "
        f"{1000 * statistics.median(times):.0f} ms, max {1000 * max(times):.0f} ms"
    )
    index.close()


if __name__ == "__main__":
    main()
