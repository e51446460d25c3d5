"""What joins the best proposal: a further one close to it in probability, and, under a fitted
limit on its length, only a short one (a vote's count, an outcome), not a second long passage."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from assistant.answerers import Proposal
from assistant.rank import choose, fitted_ranker
from index.types import Hit

MOTION = "Cllr Ryan moved that the Council fund a second footbridge over the river at Ashgrove."
OUTCOME = "The motion was carried, 21 for and 9 against."
DEBATE = " ".join(["Members discussed the cost of the footbridge and its design at length."] * 4)


def _proposal(chunk_id: int, text: str) -> Proposal:
    hit = Hit(chunk_id, "p1", text, 0.0, "Minutes", "m.pdf", "Council", None, "minutes", "5", 1)
    return Proposal("text", "sentence", ((hit, text),), 0, 0.5)


def _rules(extra_words: int):
    return replace(fitted_ranker(), add_ratio=0.5, max_extra=1, max_words=200, same_item=True,
                   widen=False, extra_words=extra_words)  # fmt: skip


def test_a_short_runner_up_joins_the_answer_and_a_long_one_does_not():
    motion, outcome, debate = _proposal(1, MOTION), _proposal(2, OUTCOME), _proposal(3, DEBATE)
    probs = np.array([0.6, 0.4])
    assert choose([motion, outcome], probs, _rules(30)) == [motion, outcome]
    assert choose([motion, debate], probs, _rules(30)) == [motion]
    # without the limit, the long one joins as well
    assert choose([motion, debate], probs, _rules(0)) == [motion, debate]


def test_the_limit_survives_the_rankers_round_trip_through_json():
    from assistant.rank import Ranker

    ranker = _rules(30)
    assert Ranker.from_json(ranker.to_json()).extra_words == 30
