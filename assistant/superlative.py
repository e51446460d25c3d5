""" "Which had the most?": the largest (or smallest) entry of a counted list in the papers.

Reports list counts one line an entry ("a. Highdown (43)", "Send: 14"). A question asking for the
most or the fewest is answered by comparing the entries of such a list, which no single sentence
does: the entry with the extreme figure is quoted, after the line that introduces the list.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from assistant.question import Question
from index.types import Hit

_MOST = re.compile(r"\b(?:most|highest|largest|biggest|greatest)\b", re.I)
_LEAST = re.compile(r"\b(?:least|fewest|lowest|smallest)\b", re.I)
# "- a. Highdown (43)", "Send: 14", "• Coldingley – 12"
_ENTRY = re.compile(
    r"^[ \t]*(?:[-•*·▪][ \t]*)?(?:\(?(?:[a-z]|\d{1,2}|[ivx]{1,4})[.)][ \t]+)?"
    r"(?P<label>[A-Z][^\n():–]{0,60}?)[ \t]*"
    r"(?:\([ \t]*(?P<n1>\d[\d,]*)[ \t]*\)|[:–-][ \t]*(?P<n2>\d[\d,]*(?:\.\d+)?)%?)[ \t]*$",
    re.M,
)
MIN_ENTRIES = 3  # fewer is not a list to rank
SEEDS = 3  # top passages whose items are searched for a list


@dataclass(frozen=True)
class _Entry:
    hit: Hit
    start: int
    end: int
    value: float


def _lists(hit: Hit) -> list[list[_Entry]]:
    """Runs of consecutive counted entries in a passage (blank lines between are allowed)."""
    runs: list[list[_Entry]] = []
    previous_end = None
    for m in _ENTRY.finditer(hit.text):
        value = float((m["n1"] or m["n2"]).replace(",", ""))
        entry = _Entry(hit, m.start(), m.end(), value)
        between = hit.text[previous_end : m.start()] if previous_end is not None else "x"
        if runs and not between.strip():
            runs[-1].append(entry)
        else:
            runs.append([entry])
        previous_end = m.end()
    return [r for r in runs if len(r) >= MIN_ENTRIES]


def _lead_in(entry: _Entry) -> str | None:
    """The sentence that introduces the list ("The number per prison is :"), when it ends in ':'."""
    before = entry.hit.text[: entry.start].rstrip()
    if not before.endswith(":"):
        return None
    line = before[before.rfind("\n") + 1 :]
    sentence = line[line.rfind(". ") + 2 :] if ". " in line else line
    return sentence.strip(" -•*") or None


def extreme_answer(
    question: Question,
    *,
    hits: Sequence[Hit],
    focus: Hit | None,
    item_passages: Callable[[Hit], list[Hit]],
) -> list[tuple[Hit, str]] | None:
    """The lead-in and the entry with the largest (or smallest) figure of the first counted list
    in the item of the focus or of a top passage; None when the question asks no such thing."""
    most, least = _MOST.search(question.text), _LEAST.search(question.text)
    if not (most or least) or (most and least):
        return None
    seeds = [*([focus] if focus else []), *hits[:SEEDS]]
    seen: set[tuple[str, str | None]] = set()
    for seed in seeds:
        if (seed.paper_id, seed.item) in seen:
            continue
        seen.add((seed.paper_id, seed.item))
        passages = (item_passages(seed) if seed.item else []) or [seed]
        lists = [run for p in passages for run in _lists(p)]
        if not lists:
            continue
        # the list in the seed's own passage, else the item's first
        run = next((r for r in lists if r[0].hit.chunk_id == seed.chunk_id), lists[0])
        pick = max(run, key=lambda e: e.value) if most else min(run, key=lambda e: e.value)
        quote = pick.hit.text[pick.start : pick.end].strip(" \t-•*·▪")
        lead = _lead_in(run[0])
        return [*([(run[0].hit, lead)] if lead else []), (pick.hit, quote)]
    return None
