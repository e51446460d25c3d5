"""Decision answers follow the item most of the top passages come from, not one lucky sentence."""

from __future__ import annotations

from assistant.evidence import Candidate
from assistant.question import analyse
from assistant.selection import select
from assistant.sentences import split
from index.types import Hit

HOUSING = "52 ACCOMMODATION WITH CARE AND SUPPORT"
DIRECTOR = "40 DIRECTOR'S UPDATE"
CHUNKS = {
    1: (HOUSING, None, "The Board discussed the accommodation strategy for older people."),
    2: (HOUSING, None, "Members asked how the accommodation strategy would be funded."),
    3: (HOUSING, "Recommendations:", "Recommendations:\n1. The Board supports the strategy."),
    4: (DIRECTOR, None, "The accommodation strategy for older people was mentioned in passing."),
    5: (DIRECTOR, "Recommendations:", "Recommendations:\n1. A private meeting is arranged."),
}


def hit(chunk_id: int) -> Hit:
    item, heading, text = CHUNKS[chunk_id]
    return Hit(
        chunk_id=chunk_id,
        paper_id="p",
        text=text,
        score=0.0,
        document="Minutes",
        file="m.pdf",
        committee="Board",
        meeting_date=None,
        kind="minutes",
        item=item,
        page=None,
        heading=heading,
        ordinal=chunk_id,
    )


def item_passages(h: Hit) -> list[Hit]:
    return [hit(n) for n in sorted(CHUNKS) if CHUNKS[n][0] == h.item]


def candidate(chunk_id: int, score: float) -> Candidate:
    h = hit(chunk_id)
    return Candidate(h, split(h.text)[0], 0, score, 0.0, 0.0, score=score)


def test_the_item_filling_the_top_wins_over_one_high_sentence_elsewhere():
    question = analyse("What stance did the board take on the accommodation strategy?")
    ranked = [candidate(4, 0.7), candidate(1, 0.6), candidate(2, 0.55), candidate(3, 0.5)]
    picked = select(question, ranked, item_passages=item_passages)
    assert [c.quote for c in picked] == ["The Board supports the strategy."], [
        (c.hit.item, c.quote) for c in picked
    ]
