"""A list whose items each answer part of the question is quoted whole, with its lead-in."""

from __future__ import annotations

from assistant.evidence import candidates, score
from assistant.question import analyse
from assistant.selection import select
from index.types import Hit

MINUTES = (
    "(2) Note that joining the Coastal Pilot will commit Seaford to a harbour plan by June 2026.\n"
    "(3) Note that joining the Coastal Pilot may delay the Seaford ferry review.\n"
)
REPORT = (
    "4.2 The Government will choose a few councils such as Seaford for the Coastal Pilot. To "
    "join the Coastal Pilot, councils must be willing to commit to the following:\n"
    "• Harbour plans: Councils on the Coastal Pilot will be committing to publish a harbour\n"
    "plan by June 2026.\n"
    "• Ferry subsidy: Councils on the Coastal Pilot will be committing to keep the ferry subsidy\n"
    "until 2028. They will also be expected to report ferry use by March 2027.\n"
)


def _hits() -> list[Hit]:
    return [
        Hit(1, "m", MINUTES, 0.0, "Minutes", "m.pdf", "Council", None, "minutes", "12. Pilot", 3),
        Hit(2, "r", REPORT, 0.0, "Coastal Pilot", "r.pdf", "Council", None, "report", None, 5),
    ]


def _quotes(question: str, embedder) -> list[str]:
    q = analyse(question)
    return [c.quote for c in select(q, score(q, candidates(q, _hits()), embed=embedder.embed))]


def test_two_items_of_one_list_near_the_best_bring_the_whole_list(embedder):
    quotes = _quotes(
        "What would Seaford be signing up to if it joined the Coastal Pilot?", embedder
    )
    text = " ".join(" ".join(quotes).split())
    assert "commit Seaford to a harbour plan" in text, quotes
    assert "must be willing to commit to the following:" in text, "the list's lead-in"
    assert "report ferry use by March 2027" in text, "every item of the list, to its end"


def test_one_matching_item_does_not_bring_its_list(embedder):
    quotes = _quotes("What will the ferry review look at?", embedder)
    assert not any("following:" in q for q in quotes), quotes


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


def test_a_list_that_is_the_best_answer_is_quoted_whole_over_a_page_break(embedder):
    board = ("Agenda", "a.pdf", "Harbour Board", None, "agenda", None)
    pages = [
        Hit(7, "a", REMIT_1, 0.0, *board, 1, ordinal=2),
        Hit(8, "a", REMIT_2, 0.0, *board, 2, ordinal=3),
    ]
    q = analyse("What does the Harbour Board actually cover?")
    assert "responsible for" in q.query, q.query
    ranked = score(q, candidates(q, pages[:1]), embed=embedder.embed)
    quotes = [c.quote for c in select(q, ranked, item_passages=lambda hit: pages)]
    assert quotes[0].startswith("The Harbour Board is responsible"), quotes
    assert quotes[-3:] == ["Pilotage", "Dredging and the harbour wall", "Safety of swimmers"], (
        quotes
    )
    assert not any("Jane Rowe" in q or "APOLOGIES" in q for q in quotes), "nor page furniture"
