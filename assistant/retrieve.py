"""Retrieval for a question: hybrid search, the passages of an item, and a follow-up's focus."""

from __future__ import annotations

from typing import Protocol

from assistant.answerers import ItemPassages
from assistant.question import Question
from index.types import Filters, Hit


class SearchableIndex(Protocol):
    """What answering needs from index.store.Index."""

    def search(self, query: str, *, k: int = 10, filters: Filters | None = None) -> list[Hit]: ...

    def chunks(self, paper_id: str, *, page: int | None = None) -> list[Hit]: ...


def retrieve(q: Question, index: SearchableIndex, *, k: int, filters: Filters | None) -> list[Hit]:
    """The k best passages for the question (earlier turns included for follow-ups)."""
    return index.search(q.query, k=k, filters=filters)


def item_passages(index: SearchableIndex) -> ItemPassages:
    """Chunks of a hit's item in reading order, each paper fetched once per question."""
    cache: dict[str, list[Hit]] = {}

    def passages(hit: Hit) -> list[Hit]:
        if hit.paper_id not in cache:
            cache[hit.paper_id] = index.chunks(hit.paper_id)
        return [h for h in cache[hit.paper_id] if h.item == hit.item]

    return passages
