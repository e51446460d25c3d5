"""Retrieval quality of `search` on a QA file: hit@5, hit@10 and MRR of the evidence.

    python benchmarks/retrieval.py --index DIR [--qa ../shared/eval/dev_qa.jsonl] [--misses]

A result counts when its text holds a 50-character run of an evidence quote (whitespace- and
case-blind), the same rule `boardpapers eval` uses. Questions are retrieved as `ask` retrieves them
(with the committees and period they name; follow-ups with their context); `--plain` measures the
bare search of the question's words. Unanswerable questions are left out.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.answer import understand  # noqa: E402
from assistant.evaluate import holds_evidence, load_rows  # noqa: E402
from assistant.retrieve import retrieve  # noqa: E402
from assistant.runtime import open_index  # noqa: E402
from assistant.settings import Settings  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--qa", type=Path, default=ROOT.parent / "shared/eval/dev_qa.jsonl")
    parser.add_argument("--misses", action="store_true", help="print the questions missed at 5")
    parser.add_argument("--plain", action="store_true", help="bare search, no committee or period")
    args = parser.parse_args()

    index = open_index(Settings(index=args.index), read_only=True)
    rows = [r for r in load_rows(args.qa) if r.answerable and r.evidence]
    ranks = []
    for row in rows:
        if args.plain:
            context = row.context if isinstance(row.context, list) else [row.context or ""]
            hits = index.search(" ".join([*context, row.question]).strip(), k=10)
        else:
            q = understand(row.question, index, row.context or None, None)
            hits = retrieve(q, index, k=10, filters=None)
        rank = next(
            (
                n
                for n, h in enumerate(hits, 1)
                if any(holds_evidence(h.text, e) for e in row.evidence)
            ),
            None,
        )
        ranks.append(rank)
        if args.misses and (rank is None or rank > 5):
            print(f"miss {row.id} (rank {rank}): {row.question}")
    n = len(ranks)
    hit5 = sum(r is not None and r <= 5 for r in ranks) / n
    hit10 = sum(r is not None for r in ranks) / n
    mrr = sum(1 / r for r in ranks if r) / n
    print(
        f"retrieval: {n} answerable questions, hit@5 {hit5:.3f}, hit@10 {hit10:.3f}, MRR {mrr:.3f}"
    )


if __name__ == "__main__":
    main()
