"""Questions about the register's state: what is still open, and what became of a commitment."""

from __future__ import annotations

import pytest

import assistant.from_progress as progress
from assistant.answer import ask
from assistant.from_progress import open_answer, progress_answer
from assistant.question import analyse
from tests.assistant.test_decisions_query import index  # noqa: F401  (the Harbourside fixture)


def flat(text: str) -> str:
    return " ".join(text.split())


def _quotes(found) -> list[str]:
    assert found is not None, "the register should answer"
    return [flat(quote) for _, quote in found[0]]


def test_open_actions_are_tracker_rows_and_next_steps_without_a_response(index):  # noqa: F811
    found = open_answer(analyse("Which actions are still open, and who owns them?"), index=index)
    quotes = _quotes(found)
    joined = " | ".join(quotes)
    assert "Finance Lead" in joined and "monitors the scheme's costs" in joined, joined
    assert "Consult service users" in joined, "an open next step is listed"
    assert not any("circulate" in q for q in quotes), "the housing action was answered"
    review = [q for q in quotes if "review the allocation" in q]
    assert len(review) == 1, f"a recommendation and its tracker row are one commitment: {review}"
    assert "Head of Commissioning" in review[0], "the tracker row (owner, check date) is quoted"
    assert not any(q.startswith("Supports the new day") for q in quotes), "not an action"
    assert found[2] is None, "all open actions fit: no note"


def test_open_recommendations_are_only_recommendations(index):  # noqa: F811
    quotes = _quotes(open_answer(analyse("What recommendations are outstanding?"), index=index))
    joined = " | ".join(quotes)
    assert "Commissioning Services to report occupancy figures" in joined, joined
    assert "Supports the new day opportunities framework." in joined, joined
    assert "Publish the framework" not in joined, "a next step is not a recommendation"


def test_open_records_on_a_topic(index):  # noqa: F811
    quotes = _quotes(open_answer(analyse("Which actions on respite beds are open?"), index=index))
    assert quotes and all("respite" in q.lower() for q in quotes), quotes
    assert not any("scheme's costs" in q for q in quotes), "another item's row is off the topic"


def test_a_long_list_is_cut_with_a_count_of_the_rest(index, monkeypatch):  # noqa: F811
    monkeypatch.setattr(progress, "MAX_OPEN", 2)
    found = open_answer(analyse("Which actions are still open?"), index=index)
    assert len(found[0]) == 2
    assert found[2] and "open in all" in found[2] and "/decisions?open=1" in found[2], found[2]


def test_what_happened_quotes_the_recommendation_and_its_tracker_row_newest_first(index):  # noqa: F811
    question = "What happened to our recommendation on the allocation of respite beds?"
    quotes = _quotes(progress_answer(analyse(question), index=index))
    assert "A review group has been set up" in quotes[0], f"the tracker's response first: {quotes}"
    minuted = "That officers review the allocation of respite beds across the three localities."
    assert any(q.startswith(minuted) for q in quotes[1:]), f"then as minuted: {quotes}"
    found = progress_answer(
        analyse("What became of the recommendation on carers' breaks?"), index=index
    )
    assert "carers' breaks" in _quotes(found)[0]
    assert found[2] == progress.NO_RESPONSE, "its tracker row has no response yet"


def test_what_happened_says_when_nothing_answers_it(index):  # noqa: F811
    question = "What happened to the recommendation on occupancy figures?"
    found = progress_answer(analyse(question), index=index)
    quotes = _quotes(found)
    assert "Commissioning Services to report occupancy figures" in quotes[0], quotes
    assert found[2] == progress.NO_RESPONSE, found[2]


@pytest.mark.parametrize(
    "question",
    [
        "What did we recommend on respite beds?",
        "How many respite beds were open in 2024?",
        "What happened at the meeting on 14 October?",
    ],
)
def test_other_questions_are_left_to_the_other_paths(index, question):  # noqa: F811
    q = analyse(question)
    assert open_answer(q, index=index) is None and progress_answer(q, index=index) is None


def test_ask_gives_the_registers_open_list_with_its_note(
    index,  # noqa: F811
    monkeypatch,
    structured_answers_only,
):
    """How `ask` gives the register's open actions: quoted verbatim, with the note of how
    many there are. Whether they beat a tracker row quoted as text is the fitted ranker's to
    decide (on these few fixture papers it may not)."""
    monkeypatch.setattr(progress, "MAX_OPEN", 1)
    answer = ask("Which actions are still open?", index=index)
    assert answer.answered and answer.answered_by == "register", answer.answered_by
    assert len(answer.citations) == 1
    assert answer.answer.splitlines()[-1].endswith("(/decisions?open=1)."), answer.answer
    stored = index.chunk(answer.citations[0].chunk_id)
    assert answer.citations[0].quote in stored.text, "quotes stay verbatim"
