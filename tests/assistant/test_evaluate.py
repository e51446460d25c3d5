"""The measures behind `boardpapers eval`."""

from __future__ import annotations

from assistant.evaluate import contains_all, holds_evidence


def test_holds_evidence_by_long_window_ignoring_case_and_space():
    passage = (
        "Recommendations:\n1. That the  Board reviews the ROLL OUT of the Safe Havens in Surrey."
    )
    evidence = "the Board reviews the roll out of the Safe Havens across the five areas"
    assert holds_evidence(passage, evidence), "a 50-character run is enough"
    assert not holds_evidence(
        passage, "the Board reviews the budget of the libraries in each district"
    )
    assert holds_evidence(passage, "safe havens"), "short evidence must appear whole"


def test_contains_all():
    assert contains_all("Cost was £6.5\nmillion.", ["£6.5 million", "COST"])
    assert not contains_all("Cost was £6.5 million.", ["£7 million"])
