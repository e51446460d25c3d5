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


def test_figures_count_verbatim_quotes_and_answer_length():
    from assistant.evaluate import QARow, evaluate
    from assistant.types import NOT_ANSWERED, Answer, Citation

    stored = {1: "The contract is worth £2.4 million over three years."}

    def cite(n: int, chunk_id: int, quote: str) -> Citation:
        return Citation(n, "p", chunk_id, "Minutes", "m.pdf", None, None, "minutes", None, 1, quote)

    text = "The contract is worth £2.4 million over three years. [1] Extra. [2]"
    quotes = [cite(1, 1, "worth £2.4 million"), cite(2, 1, "not in the chunk")]
    answers = {"a": Answer("a", text, True, quotes), "b": Answer("b", NOT_ANSWERED, False)}
    rows = [QARow(i, i, None, ("£2.4 million",), ("£2.4 million",), "figure") for i in answers]
    figures = evaluate(rows, lambda r: answers[r.id], stored.get).figures()
    assert figures["quotes_verbatim"] == 0.5, figures
    assert figures["median_words"] == 10 and figures["p90_words"] == 10, "markers are no words"
    assert figures["answer_key_hit_all"] == 0.5 and figures["false_refusal_rate"] == 0.5, figures
