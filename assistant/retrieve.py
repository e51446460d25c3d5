"""Retrieval for a question: hybrid search, the passages of an item, and a follow-up's focus."""

from __future__ import annotations

import calendar
from dataclasses import replace
from datetime import date
from typing import Protocol

from assistant.answerers import ItemPassages
from assistant.question import Question
from index.types import Filters, Hit


class SearchableIndex(Protocol):
    """What answering needs from index.store.Index."""

    def search(self, query: str, *, k: int = 10, filters: Filters | None = None) -> list[Hit]: ...

    def chunks(self, paper_id: str, *, page: int | None = None) -> list[Hit]: ...


def retrieve(q: Question, index: SearchableIndex, *, k: int, filters: Filters | None) -> list[Hit]:
    """The k best passages for the question (earlier turns included for follow-ups).

    A question that names a committee or a period is also searched within them, and the two
    lists are interleaved: across years of meetings the passage of the meeting asked about is
    often outranked by like passages of other meetings, while a named date may be a topic
    ("the plan due in 2022") rather than the meeting's, so the unrestricted list is kept too.

    Measured on the 396 answerable questions about one meeting's papers (the three indexes of
    `benchmarks/fit_answering.py`, December 2026), as the share whose passages hold every key
    string within one item: 0.833 as here; 0.785 without the period's search, 0.821 without the
    committees', 0.765 without either. A named date that is the topic rather than the meeting
    ("the rates set for 2018", decided in November 2017) suggested widening the period; widened
    by one to six months before or after, the share fell to 0.808-0.823, the meetings around the
    one asked about crowding it out more often than they held the answer.
    """
    hits = index.search(q.query, k=k, filters=filters)
    narrowed = narrowed_filters(q, filters)
    if narrowed is None:
        return hits
    within = index.search(q.query, k=k, filters=narrowed)
    merged: dict[int, Hit] = {}
    for pair in zip(within + [None] * k, hits + [None] * k, strict=False):
        for hit in pair:
            if hit is not None and len(merged) < k + k // 2:
                merged.setdefault(hit.chunk_id, hit)
    return list(merged.values())


def narrowed_filters(q: Question, filters: Filters | None) -> Filters | None:
    """`filters` narrowed to the committees and the period the question names, if it names any."""
    base = filters or Filters()
    since, until = period(q)
    committees = base.committees or q.committees
    if not committees and since is None:
        return None
    return replace(
        base,
        committees=tuple(committees),
        since=max(d for d in (base.since, since) if d) if since or base.since else None,
        until=min(d for d in (base.until, until) if d) if until or base.until else None,
    )


def period(q: Question) -> tuple[date | None, date | None]:
    """The days a question's dates and years span: "9 March 2020" that day, "February 2020" that
    month, "in 2016" that year; (None, None) when it names none."""
    spans: list[tuple[date, date]] = []
    years = [int(y) for y in q.years]
    for day, month, year in q.dates:
        if year is None and len(set(years)) == 1:
            year = years[0]
        if year is None:
            continue
        last = calendar.monthrange(year, month)[1]
        if day and day <= last:
            spans.append((date(year, month, day), date(year, month, day)))
        else:
            spans.append((date(year, month, 1), date(year, month, last)))
    if not spans and years:
        spans = [(date(y, 1, 1), date(y, 12, 31)) for y in years]
    if not spans:
        return None, None
    return min(a for a, _ in spans), max(b for _, b in spans)


def item_passages(index: SearchableIndex) -> ItemPassages:
    """Chunks of a hit's item in reading order, each paper fetched once per question."""
    cache: dict[str, list[Hit]] = {}

    def passages(hit: Hit) -> list[Hit]:
        if hit.paper_id not in cache:
            cache[hit.paper_id] = index.chunks(hit.paper_id)
        return [h for h in cache[hit.paper_id] if h.item == hit.item]

    return passages
