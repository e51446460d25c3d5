"""The ranker's meaning feature reads the stored vectors of the passages a proposal quotes: the
question alone is embedded, and a follow-up is embedded with its conversation."""

from __future__ import annotations

import numpy as np

from assistant.answerers import Proposal
from assistant.question import analyse
from assistant.rank import base_features
from index.types import Hit


def _hit(chunk_id: int, text: str) -> Hit:
    return Hit(chunk_id, "p1", text, 0.0, "Minutes", "m.pdf", "Board", None, "minutes", None, 1)


def _proposal(hit: Hit) -> Proposal:
    return Proposal("text", "sentence", ((hit, hit.text),), 0, 0.5)


AXES = {"dredging": np.array([1.0, 0.0, 0.0]), "ferry": np.array([0.0, 1.0, 0.0])}


def _embed(texts: list[str]) -> np.ndarray:
    """A stand-in model: each text points along the first subject it names."""
    rows = [next((v for k, v in AXES.items() if k in t.lower()), np.array([0, 0, 1.0]))
            for t in texts]  # fmt: skip
    return np.stack(rows)


def test_the_meaning_feature_is_the_stored_vector_of_the_quoted_passage():
    dredging, ferry = _hit(1, "The dredging contract was let."), _hit(2, "Fares went up.")
    stored = {1: AXES["dredging"], 2: AXES["ferry"]}  # as embedded at ingest, not re-embedded
    asked: list[list[int]] = []

    def vectors(ids: list[int]) -> dict[int, np.ndarray]:
        asked.append(ids)
        return {i: stored[i] for i in ids if i in stored}

    q = analyse("What was decided about dredging?")
    f = base_features(q, [_proposal(dredging), _proposal(ferry)], [dredging, ferry],
                      embed=_embed, vectors=vectors)  # fmt: skip
    assert [x["dense"] for x in f] == [1.0, 0.0]
    assert asked == [[1, 2]], "each passage's vector is read once, for every proposal"


def test_a_follow_up_is_compared_with_its_conversation():
    ferry = _hit(2, "Fares went up.")
    q = analyse("And who proposed it?", context="What happened to the ferry fares?")
    f = base_features(q, [_proposal(ferry)], [ferry], embed=_embed,
                      vectors=lambda ids: {2: AXES["ferry"]})  # fmt: skip
    assert q.followup and f[0]["dense"] == 1.0, "the earlier turn names the subject"


def test_without_stored_vectors_the_meaning_feature_is_zero():
    ferry = _hit(2, "Fares went up.")
    q = analyse("What happened to the ferry fares?")
    f = base_features(q, [_proposal(ferry)], [ferry], embed=_embed, vectors=None)
    assert f[0]["dense"] == 0.0
