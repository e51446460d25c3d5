"""Citing: the quotes of the chosen proposals, numbered once each."""

from __future__ import annotations

from assistant.answerers import Proposal
from assistant.cite import cite
from index.types import Hit

TEXT = "3.\nMembers noted the presentation on Japanese knotweed.\n4.\nThe budget was agreed."


def _hit() -> Hit:
    return Hit(chunk_id=1, paper_id="p1", text=TEXT, score=0.0, document="Minutes", file="m.md",
               committee="Castlebrook District Council", meeting_date=None, kind="minutes",
               page=1, item="3")  # fmt: skip


def test_an_item_number_on_its_own_line_is_not_cited():
    hit = _hit()
    quotes = ((hit, "3."), (hit, "Members noted the presentation on Japanese knotweed."))
    p = Proposal("text", "following", quotes, rank=0)
    text, citations = cite("What was said about knotweed?", [p], lambda h: [h])
    assert [c.quote for c in citations] == ["Members noted the presentation on Japanese knotweed."]
    assert text.startswith("Members noted") and "3." not in text.split("[1]")[0]
