"""Answerers propose the units the papers' layout makes; they never decide alone what answers."""

from __future__ import annotations

from assistant.answerers import Context, Proposal
from assistant.answerers.structured import ordinal
from assistant.answerers.text import text_units
from assistant.question import analyse
from index.types import Hit

REPORT = (
    "4.2 The Government will choose a few councils such as Seaford for the Coastal Pilot. To "
    "join the Coastal Pilot, councils must be willing to commit to the following:\n"
    "• Harbour plans: Councils on the Coastal Pilot will be committing to publish a harbour\n"
    "plan by June 2026.\n"
    "• Ferry subsidy: Councils on the Coastal Pilot will be committing to keep the ferry subsidy\n"
    "until 2028. They will also be expected to report ferry use by March 2027.\n"
)
# A board's terms of reference, its list broken by a page break with a footer line atop page 2.
REMIT_1 = (
    "TERMS OF REFERENCE\n\n"
    "The Harbour Board is responsible for overseeing the harbour and its services, including:\n\n"
    "- Moorings and berthing fees\n"
    "- Services for visitors:\n"
    " - Ferries\n"
)
REMIT_2 = (
    "Harbour Master Jane Rowe\n\n"
    "- Pilotage\n"
    "- Dredging and the harbour wall\n"
    "- Safety of swimmers\n\n"
    "AGENDA\n\n"
    "1 APOLOGIES FOR ABSENCE\n"
)
MINUTES = (
    "The Board discussed the accommodation strategy for older people.\n\n"
    "Recommendations:\n"
    "1. The Board supports the accommodation strategy.\n"
    "2. The Director reports on its funding by March 2025.\n"
    "3. The Chair writes to the Minister about extra care housing.\n"
)


def _hit(chunk_id: int, text: str, kind: str = "report", item: str | None = None, page=1) -> Hit:
    return Hit(
        chunk_id, "p", text, 0.0, "Paper", "p.pdf", "Harbour Board", None, kind, item, page,
        ordinal=chunk_id,
    )  # fmt: skip


def _proposals(question: str, hits: list[Hit], focus=None, context=None) -> list[Proposal]:
    q = analyse(question, context)
    ctx = Context(None, hits, None, lambda h: [x for x in hits if x.item == h.item], focus)
    return text_units(q, ctx) + ordinal(q, ctx)


def _units(proposals: list[Proposal], unit: str) -> list[str]:
    return [" ".join(p.text.split()) for p in proposals if p.unit == unit]


def test_a_list_is_proposed_whole_with_its_lead_in():
    lists = _units(_proposals("What would Seaford commit to on the Coastal Pilot?", [
        _hit(1, REPORT)]), "list")  # fmt: skip
    assert lists, "an item of a list proposes the list"
    assert any(
        "must be willing to commit to the following:" in t and "report ferry use by March 2027" in t
        for t in lists
    ), lists


def test_a_list_is_followed_over_a_page_break_without_the_page_furniture():
    pages = [_hit(7, REMIT_1, "agenda"), _hit(8, REMIT_2, "agenda", page=2)]
    lists = _units(_proposals("What is the Harbour Board responsible for?", pages), "list")
    whole = [t for t in lists if t.startswith("The Harbour Board is responsible")]
    assert whole and whole[0].endswith("Safety of swimmers"), lists
    assert "Jane Rowe" not in whole[0] and "APOLOGIES" not in whole[0], whole[0]


def test_every_recommendation_of_an_item_is_one_decision_unit_in_order():
    hits = [_hit(3, MINUTES, "minutes", "52 ACCOMMODATION WITH CARE")]
    blocks = _units(_proposals("What did the board recommend on the accommodation strategy?",
                               hits), "decision")  # fmt: skip
    assert blocks, "the recommendations block is proposed"
    text = blocks[0]
    assert (
        text.index("supports the")
        < text.index("reports on its funding")
        < text.index("writes to the Minister")
    ), text


def test_the_nth_one_of_the_previous_answer_is_proposed_for_an_ordinal_follow_up():
    hits = [_hit(3, MINUTES, "minutes", "52 ACCOMMODATION WITH CARE")]
    found = _units(
        _proposals(
            "Who is doing the second one?",
            hits,
            focus=hits[0],
            context="What did the board recommend on accommodation?",
        ),  # fmt: skip
        "ordinal",
    )
    assert found == ["The Director reports on its funding by March 2025."], found


def test_a_heading_alone_is_never_proposed():
    heading = _hit(4, "7. CABINET REVIEW OF THE LIBRARY DECISION\n", "agenda", "7. Library")
    assert _proposals("What did Cabinet decide about the library review?", [heading]) == []


def test_every_quote_is_an_exact_substring_of_its_chunk():
    hits = [_hit(1, REPORT), _hit(3, MINUTES, "minutes", "52 ACCOMMODATION WITH CARE")]
    proposals = _proposals("What did the board recommend on the Coastal Pilot ferry?", hits)
    assert len(proposals) >= 4, proposals
    for p in proposals:
        for hit, quote in p.quotes:
            assert quote in hit.text, (p.unit, quote)


VOTE = (
    "Councillor Breen proposed that the speed limit outside Glenmore school be reduced to 30 km/h "
    "during school hours. The Motion was seconded by Councillor Coady.\n\n"
    "**For**\n\nCouncillors Breen, Coady, Devane. **(3)**\n\n"
    "**Against**\n\nCouncillors Egan, Fallon. **(2)**\n\n"
    "The Cathaoirleach declared the Motion carried.\n\n"
    "The Chief Executive then gave a long update on the new library building, its costs, the "
    "contractor's programme, the works to the car park, the hours it would open, the staff it "
    "would need, and the grants the council had applied for to fit out its children's room.\n"
)


def test_a_motion_is_proposed_with_the_vote_that_follows_it_and_no_further():
    hits = [_hit(5, VOTE, "minutes", "7 NOTICE OF MOTION")]
    following = _units(_proposals("How did the vote on the Glenmore school speed limit go?", hits),
                       "following")  # fmt: skip
    whole = [t for t in following if t.startswith("Councillor Breen proposed")]
    assert whole, following
    assert "(3)" in whole[0] and "(2)" in whole[0] and "declared the Motion carried" in whole[0]
    assert "library" not in whole[0], "a window stops within its word budget"


def test_a_window_stops_at_a_title_in_capitals():
    text = (
        "The Board agreed to extend the ferry timetable into October.\n\n"
        "8 DATE OF NEXT MEETING\n\nThe next meeting will be held on 4 March 2026.\n"
    )
    hits = [_hit(9, text, "minutes", "7 FERRIES")]
    following = _units(_proposals("What did the Board agree on the ferry timetable?", hits),
                       "following")  # fmt: skip
    assert not any("DATE OF NEXT MEETING" in t for t in following), following
