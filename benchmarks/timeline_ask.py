"""How `ask` answers questions over time (issue 15, item 4): each labelled question asked as a
user would, its answer checked against the meetings a reader found.

    python benchmarks/timeline_ask.py --index /tmp/idx/lim \\
        benchmarks/questions/timeline_limerick.jsonl [more.jsonl ...] [--verbose]

Each question of type "timeline" (JSON Lines, as in benchmarks/questions/README.md) gives
`meetings`: the dates of every meeting that dealt with its subject within the question's scope;
other questions are skipped, except unanswerable ones that list `meetings` (written as questions
over time). Printed, over the answerable questions:

- routed: the share the question model reads as over time (answer type "timeline"). The model
  was fitted on these questions too, so this is an in-sample figure; the held-out one is the
  `to_timeline` of `benchmarks/fit_answering.py`'s folds;
- timeline: the share answered meeting by meeting, with the link to the full timeline;
- cited: the share of the labelled meetings that the answer's quotes come from;
- linked: the share of the labelled meetings that the linked full timeline has an entry for;
- keys: the share of the key strings the answer holds (each from one meeting's minutes);
- and, over the unanswerable ones, the share refused; and the median and slowest `ask` time.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.answer import ask  # noqa: E402
from assistant.runtime import open_index  # noqa: E402
from assistant.sentences import normalise  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from assistant.timeline import build  # noqa: E402

_LINK = re.compile(r"\((/timeline\?[^)\s]+)\)")


def _norm(text: str) -> str:
    return normalise(text).lower()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("questions", type=Path, nargs="+")
    parser.add_argument("--verbose", action="store_true", help="a line per question")
    args = parser.parse_args()
    index = open_index(Settings(index=args.index), read_only=True)
    rows = [json.loads(line) for f in args.questions for line in f.read_text().splitlines() if line]
    # the questions over time, and the unanswerable ones written as such (they list `meetings`)
    rows = [r for r in rows if r["type"] == "timeline" or "meetings" in r]
    ask("warm-up question about the budget", index=index)
    seconds, answerable, unanswerable = [], [], []
    for row in rows:
        started = time.perf_counter()
        answer = ask(row["question"], index=index)
        seconds.append(time.perf_counter() - started)
        if row["type"] == "unanswerable":
            unanswerable.append(not answer.answered)
            continue
        labelled = {date.fromisoformat(d) for d in row.get("meetings") or []}
        cited = {c.meeting_date for c in answer.citations if c.meeting_date}
        link = _LINK.search(answer.answer)
        linked: set[date] = set()
        if link:
            topic = parse_qs(urlparse(link.group(1)).query).get("topic", [""])[0]
            linked = {e.meeting_date for e in build(topic, index).entries}
        text = _norm(answer.answer + "\n" + "\n".join(c.quote for c in answer.citations))
        keys = row.get("must_contain") or []
        result = {
            "routed": answer.question_type == "timeline",
            "timeline": link is not None,
            "cited": len(labelled & cited) / len(labelled) if labelled else 0.0,
            "linked": len(labelled & linked) / len(labelled) if labelled else 0.0,
            "keys": sum(_norm(k) in text for k in keys) / len(keys) if keys else 0.0,
        }
        answerable.append(result)
        if args.verbose:
            shown = " ".join(f"{k}={float(v):.2f}" for k, v in result.items())
            print(f"{row['id']} {shown} | {row['question'][:80]}")
    index.close()
    print(f"{len(answerable)} questions over time, {len(unanswerable)} unanswerable")
    for name in ("routed", "timeline", "cited", "linked", "keys"):
        print(f"  {name:9s} {statistics.mean(float(r[name]) for r in answerable):.3f}")
    if unanswerable:
        print(f"  refused   {sum(unanswerable) / len(unanswerable):.3f} of the unanswerable")
    print(f"  ask       median {statistics.median(seconds):.2f} s, slowest {max(seconds):.2f} s")


if __name__ == "__main__":
    main()
