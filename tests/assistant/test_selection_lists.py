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
