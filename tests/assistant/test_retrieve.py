"""Retrieval within the committee and period a question names, beside the unrestricted search."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from assistant.question import analyse
from assistant.retrieve import narrowed_filters, period, retrieve
from index.types import Filters, Hit


def _hit(chunk_id: int, committee: str, day: date) -> Hit:
    return Hit(
        chunk_id, f"p{chunk_id}", f"text {chunk_id}", 0.0, "Paper", "p.pdf", committee, day,
        "minutes", None, 1, ordinal=chunk_id,
    )  # fmt: skip


class _Index:
    """Passages of two districts over two years; `search` honours committee and date filters."""

    def __init__(self) -> None:
        self.hits = [
            _hit(n, c, d)
            for n, (c, d) in enumerate(
                [("Glenmore District", date(2019, 2, 4))] * 6
                + [("Fernbridge District", date(2020, 2, 3))] * 2
                + [("Glenmore District", date(2020, 2, 10))] * 2,
                start=1,
            )
        ]
        self.calls: list[Filters | None] = []

    def search(self, query: str, *, k: int = 10, filters: Filters | None = None) -> list[Hit]:
        self.calls.append(filters)
        f = filters or Filters()
        return [
            h
            for h in self.hits
            if (not f.committees or h.committee in f.committees)
            and (f.since is None or h.meeting_date >= f.since)
            and (f.until is None or h.meeting_date <= f.until)
        ][:k]


def test_a_period_is_the_days_the_question_names():
    assert period(analyse("What was agreed in February 2020?")) == (
        date(2020, 2, 1),
        date(2020, 2, 29),
    )
    assert period(analyse("What was agreed on 9 March 2020?")) == (date(2020, 3, 9),) * 2
    assert period(analyse("What was agreed from 2016 to 2018?")) == (
        date(2016, 1, 1),
        date(2018, 12, 31),
    )
    assert period(analyse("What was agreed in May?")) == (None, None), "no year, no period"


def test_the_named_meeting_is_retrieved_though_others_outrank_it():
    q = analyse("What did the Glenmore district agree in February 2020?")
    q = replace(q, committees=("Glenmore District",))  # as `understand` names it from the index
    index = _Index()
    hits = retrieve(q, index, k=4, filters=None)
    assert index.calls[1] == Filters(
        committees=("Glenmore District",), since=date(2020, 2, 1), until=date(2020, 2, 29)
    )
    assert {9, 10} <= {h.chunk_id for h in hits}, "the passages of the period asked about"
    assert 1 in {h.chunk_id for h in hits}, "the unrestricted list is kept beside them"
    assert len({h.chunk_id for h in hits}) == len(hits), "each passage once"


def test_a_question_naming_nothing_is_searched_once():
    index = _Index()
    retrieve(analyse("What did the council agree about parking?"), index, k=4, filters=None)
    assert len(index.calls) == 1


def test_the_user_s_filters_are_kept_and_narrowed():
    q = analyse("What was agreed in February 2020?")
    user = Filters(committees=("Fernbridge District",), since=date(2020, 2, 15))
    narrowed = narrowed_filters(q, user)
    assert narrowed == Filters(
        committees=("Fernbridge District",), since=date(2020, 2, 15), until=date(2020, 2, 29)
    )
