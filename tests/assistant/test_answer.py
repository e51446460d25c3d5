"""`ask` on fictional minutes: each question kind, follow-ups, refusal, and verifiable quotes."""

from __future__ import annotations

import re

import pytest

from assistant.answer import ask
from assistant.types import Answer


def check_quotes(answer: Answer, index) -> None:
    """Every quote is an exact substring of its stored chunk; every answer line carries a marker."""
    for c in answer.citations:
        stored = index.chunk(c.chunk_id)
        assert stored is not None, f"citation [{c.n}] names a missing chunk {c.chunk_id}"
        assert c.quote and c.quote in stored.text, f"quote [{c.n}] {c.quote!r} not in chunk text"
        assert c.url == f"/papers/{c.paper_id}?chunk={c.chunk_id}&page={c.page}", c.url
    for line in answer.answer.splitlines():
        assert re.search(r"\[\d+\]$", line.strip()), f"answer line without a marker: {line!r}"
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", answer.answer)}
    assert markers == {c.n for c in answer.citations}, "markers and citations must match"


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("How many residents received meals each week?", ["1,240"]),
        ("How much is the Hearth Foods contract worth?", ["£2.4 million"]),
        ("What was the vacancy rate among home care workers?", ["14%"]),
        ("When will the committee next meet?", ["11 June 2024"]),
        ("Who apologised for absence?", ["Mr David Okafor"]),
        (
            "Who has to share the retention survey results, and by when?",
            ["Head of Commissioning", "30 April 2024"],
        ),
    ],
)
def test_answers_quote_the_sentence_with_the_answer(minutes_index, question, expected):
    answer = ask(question, index=minutes_index)
    assert answer.answered, f"{question!r} should be answered; passages: {answer.passages[:2]}"
    for needle in expected:
        assert needle in flat(answer.answer), f"{question!r}: {needle!r} not in {answer.answer!r}"
    check_quotes(answer, minutes_index)


def test_recommendations_come_whole_and_in_order(minutes_index):
    answer = ask(
        "What did the committee recommend on the meals on wheels contract?", index=minutes_index
    )
    text = flat(answer.answer)
    first = text.find("extension of the meals on wheels contract to 31 March 2026")
    second = text.find("report delivery performance to the Committee every six months")
    assert answer.answered and first >= 0 and second > first, f"both, in order: {text!r}"
    assert "Real Living Wage" not in text, "recommendations of another item must not leak in"
    check_quotes(answer, minutes_index)


def test_summary_gives_several_sentences(minutes_index):
    answer = ask("What did the committee hear about the home care workforce?", index=minutes_index)
    assert answer.answered and len(answer.citations) >= 2, f"a few sentences: {answer.answer!r}"
    assert "14%" in answer.answer or "£85,000" in answer.answer, answer.answer
    check_quotes(answer, minutes_index)


def test_followup_resolves_ordinal_to_the_previous_item(minutes_index):
    previous = "What did the committee recommend on the home care workforce?"
    answer = ask("Who is taking the first one forward?", index=minutes_index, context=previous)
    assert answer.answered, "the follow-up should be answered from the previous item"
    assert "Director of Adult Social Care reports back" in flat(answer.answer), answer.answer
    assert "meals on wheels" not in answer.answer.lower(), "must stay on the previous item"
    check_quotes(answer, minutes_index)


def test_unanswerable_question_is_refused_with_passages(minutes_index):
    answer = ask("What is the budget for the new swimming pool in Millbrook?", index=minutes_index)
    assert not answer.answered, f"should refuse, answered {answer.answer!r}"
    assert "do not say" in answer.answer and not answer.citations
    assert answer.passages, "the closest passages are still shown"
    assert answer.refused_by in ("retrieval", "selection")


def test_response_object_shape(minutes_index):
    data = ask(
        "How many applicants did the recruitment campaign attract?", index=minutes_index
    ).to_json()
    assert set(data) == {"question", "answer", "answered", "citations", "passages"}
    assert data["answered"] and "62" in data["answer"], data["answer"]
    citation = data["citations"][0]
    assert set(citation) == {
        "n", "paper_id", "chunk_id", "document", "file", "committee", "meeting_date", "kind",
        "item", "page", "quote", "url",
    }  # fmt: skip
    assert citation["meeting_date"] == "2024-03-12" and citation["page"] in (1, 2, 3)
    assert citation["committee"] == "Adult Services Select Committee"
    assert {"chunk_id", "text", "score"} <= set(data["passages"][0])
