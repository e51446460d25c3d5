"""Topic-free questions about a period or meeting, answered with the register's records of it."""

from __future__ import annotations

from dataclasses import replace

import pytest

import assistant.from_period as period
from assistant.answer import ask
from assistant.from_period import period_answer
from assistant.question import QType, analyse
from tests.assistant.register_papers import CABINET_EXPECTED
from tests.assistant.test_decisions_query import index  # noqa: F401  (the Harbourside fixture)


def _cited(answer) -> list[str]:
    assert answer.answered and answer.answered_by == "register", (answer.answered_by, answer)
    return [" ".join(c.quote.split()) for c in answer.citations]


def test_what_a_committee_decided_at_a_meeting_is_every_resolution_in_order(index):  # noqa: F811
    quotes = _cited(ask("What did Cabinet decide on 6 February 2025?", index=index))
    expected = [start for _, _, start in CABINET_EXPECTED]
    expected.insert(1, "3. RESOLVED that Cabinet agree to:")  # the words (a) to (c) complete
    assert len(quotes) == len(expected), f"each resolution once (the copy is left out): {quotes}"
    assert all(q.startswith(e) for q, e in zip(quotes, expected, strict=True)), quotes


def test_what_was_recommended_in_a_month_comes_from_that_meetings_minutes(index):  # noqa: F811
    quotes = _cited(ask("What did the board recommend in October 2024?", index=index))
    assert [q[:30] for q in quotes] == [
        "That officers review the alloc",
        "Commissioning Services to repo",
        "That the Board receives an upd",
    ], quotes


def test_the_last_meeting_is_the_latest_indexed(index):  # noqa: F811
    quotes = _cited(ask("What was decided at the last meeting?", index=index))
    assert quotes[0].startswith("RESOLVED that the minutes of the meeting on 9 January"), quotes
    assert not any("respite" in q for q in quotes), "October's recommendations are not the latest"


def test_a_long_list_is_cut_with_a_count(index, monkeypatch):  # noqa: F811
    monkeypatch.setattr(period, "MAX_LISTED", 2)
    answer = ask("What did Cabinet decide on 6 February 2025?", index=index)
    quotes = [c.quote for c in answer.citations]
    assert len(quotes) == 3 and quotes[1].endswith("agree to:"), f"2 records, 1 lead-in: {quotes}"
    assert (
        answer.answer.splitlines()[-1]
        == "6 in all; the Decisions page lists every one (/decisions)."
    ), answer.answer


@pytest.mark.parametrize(
    "question",
    [
        "What did we recommend on respite beds in October 2024?",  # a topic: the item's records
        "What did we recommend?",  # no period, no committee
        "How many respite beds were open in October 2024?",
    ],
)
def test_questions_with_a_topic_or_without_a_period_are_left_alone(index, question):  # noqa: F811
    for qtype in (QType.DECISION, QType.ACTION):
        asked = replace(analyse(question), qtype=qtype)
        assert period_answer(asked, index=index) is None, (question, qtype)
