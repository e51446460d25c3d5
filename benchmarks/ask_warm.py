"""Warm `ask` and search in one process: the time a question takes once the model is loaded.

    python benchmarks/ask_warm.py --index /tmp/idx/lim ../shared/eval/limerick_dev.jsonl [--n 40]

Asks the first --n questions of a QA file (JSON Lines with "question") after one warm-up
question, then searches each question alone, and prints p50 and p90 of each with the load
average (on a shared 2-core machine other work slows every question).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.answer import ask  # noqa: E402
from assistant.runtime import open_index  # noqa: E402
from assistant.settings import Settings  # noqa: E402


def _p(seconds: list[float], share: float) -> float:
    ordered = sorted(seconds)
    return ordered[int(share * (len(ordered) - 1))] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("questions", type=Path)
    parser.add_argument("--n", type=int, default=40, help="questions timed")
    args = parser.parse_args()
    index = open_index(Settings(index=args.index), read_only=True)
    lines = args.questions.read_text().splitlines()
    questions = [json.loads(line)["question"] for line in lines if line.strip()][: args.n]
    ask("What was agreed about the budget?", index=index)  # loads the model and warms caches
    asked, searched = [], []
    for q in questions:
        started = time.perf_counter()
        ask(q, index=index)
        asked.append(time.perf_counter() - started)
    for q in questions:
        started = time.perf_counter()
        index.search(q, k=10)
        searched.append(time.perf_counter() - started)
    index.close()
    print(f"{len(questions)} questions, load average {os.getloadavg()[0]:.2f}")
    for name, seconds in (("ask", asked), ("search", searched)):
        print(f"  {name:7s} p50 {_p(seconds, 0.5):.1f} ms, p90 {_p(seconds, 0.9):.1f} ms")


if __name__ == "__main__":
    main()
