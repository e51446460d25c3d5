"""Topic-free questions about a period or meeting, answered with the register's records of it."""

from __future__ import annotations

from dataclasses import replace

import pytest

import assistant.from_period as period
import assistant.from_progress as progress
from assistant.answer import ask
from assistant.from_period import period_answer
from assistant.question import QType, analyse
from tests.assistant.register_papers import CABINET_EXPECTED
from tests.assistant.test_decisions_query import (  # noqa: F401  (the Harbourside fixtures)
    index,
    model_index,
)


def _cited(answer) -> list[str]:
    assert answer.answered and answer.answered_by == "register", (answer.answered_by, answer)
    return [" ".join(c.quote.split()) for c in answer.citations]


def _listed(tmp_path, question: str) -> list:
    """The quotes a decision question about a period gets from the papers in tmp_path/papers,
    ingested into a fresh index."""
    from assistant.ingest import ingest_paths
    from index.embedder import HashEmbedder
    from index.store import Index

    fresh = Index.open(tmp_path / "index", embedder=HashEmbedder())
    try:
        assert not ingest_paths([tmp_path / "papers"], index=fresh).failed
        found = period_answer(replace(analyse(question), qtype=QType.DECISION), index=fresh)
        assert found is not None, question
        return found[0]
    finally:
        fresh.close()


def test_what_a_committee_decided_at_a_meeting_is_every_resolution_in_order(model_index):  # noqa: F811
    quotes = _cited(ask("What did Cabinet decide on 6 February 2025?", index=model_index))
    expected = [start for _, _, start in CABINET_EXPECTED]
    expected.insert(1, "3. RESOLVED that Cabinet agree to:")  # the words (a) to (c) complete
    assert len(quotes) == len(expected), f"each resolution once (the copy is left out): {quotes}"
    assert all(q.startswith(e) for q, e in zip(quotes, expected, strict=True)), quotes


def test_what_was_recommended_in_a_month_comes_from_that_meetings_minutes(model_index):  # noqa: F811
    quotes = _cited(ask("What did the board recommend in October 2024?", index=model_index))
    assert [q[:30] for q in quotes] == [
        "That officers review the alloc",
        "Commissioning Services to repo",
        "That the Board receives an upd",
    ], quotes


def test_the_last_meeting_is_the_latest_indexed(model_index):  # noqa: F811
    quotes = _cited(ask("What was decided at the last meeting?", index=model_index))
    assert quotes[0].startswith("RESOLVED that the minutes of the meeting on 9 January"), quotes
    assert not any("respite" in q for q in quotes), "October's recommendations are not the latest"


def test_a_long_list_is_cut_with_a_count(index, monkeypatch):  # noqa: F811
    monkeypatch.setattr(period, "MAX_LISTED", 2)
    asked = replace(analyse("What did Cabinet decide on 6 February 2025?"), qtype=QType.DECISION)
    quotes, _, note = period_answer(asked, index=index)
    quotes = [" ".join(q.split()) for _, q in quotes]
    assert len(quotes) == 3 and quotes[1].endswith("agree to:"), f"2 records, 1 lead-in: {quotes}"
    assert note == "6 in all; the Decisions page lists every one (/decisions).", note


def test_a_list_stops_before_it_runs_past_the_words_an_answer_may_take(index, monkeypatch):  # noqa: F811
    asked = replace(analyse("What did Cabinet decide on 6 February 2025?"), qtype=QType.DECISION)
    whole, _, _ = period_answer(asked, index=index)
    words = [len(q.split()) for _, q in whole]
    monkeypatch.setattr(progress, "LIST_WORDS", sum(words[:2]))
    cut, _, note = period_answer(asked, index=index)
    assert cut == whole[:2], "the quotes within the budget, in order"
    assert note == "6 in all; the Decisions page lists every one (/decisions).", note


def test_a_question_without_a_period_or_body_is_left_alone(index):  # noqa: F811
    for qtype in (QType.DECISION, QType.ACTION):
        asked = replace(analyse("What did we recommend?"), qtype=qtype)
        assert period_answer(asked, index=index) is None, qtype


@pytest.mark.parametrize(
    "question",
    [
        "What did we recommend on respite beds in October 2024?",  # a topic: the item's records
        "How many respite beds were open in October 2024?",
    ],
)
def test_a_question_with_a_subject_of_its_own_gets_the_period_with_less_weight(index, question):  # noqa: F811
    """The meeting's whole list is proposed, but as less likely the answer than for a question
    that names only the period: the ranker weighs it against answers about the subject."""
    bare = period_answer(
        replace(analyse("What did we recommend in October 2024?"), qtype=QType.DECISION),
        index=index,
    )
    found = period_answer(replace(analyse(question), qtype=QType.DECISION), index=index)
    assert bare is not None and found is not None
    assert bare[1] == 1.0 and found[1] < 0.5, (bare[1], found[1])


def test_the_motions_a_meeting_carried_are_what_it_decided(tmp_path):
    from assistant.ingest import ingest_paths
    from index.embedder import HashEmbedder
    from index.store import Index
    from tests.papers import RESOLUTIONS, make_txt

    text = RESOLUTIONS + (
        "\n8. Notice of Motion\n\nIt was proposed by Councillor Lyons, seconded by the "
        "Cathaoirleach, Councillor Kerr and unanimously agreed that the Council write to the "
        "Minister about rural bus routes.\n\nProposed by Councillor Fahy; Seconded by Councillor "
        "Nolan;\n“That the library close on Mondays.”\n\nThe Cathaoirleach declared the Motion "
        "defeated.\n"
    )
    make_txt(tmp_path / "papers" / "minutes-14-may-2026.md", text)
    knockbeg = Index.open(tmp_path / "index", embedder=HashEmbedder())
    assert not ingest_paths([tmp_path / "papers"], index=knockbeg).failed
    asked = replace(
        analyse("What did Knockbeg County Council decide on 14 May 2026?"), qtype=QType.DECISION
    )
    quotes, _, _ = period_answer(asked, index=knockbeg)
    listed = " ".join(" ".join(q.split()) for _, q in quotes)
    assert "disposal of land at 8, Mill Lane" in listed, "resolved"
    assert "write to the Minister about rural bus routes" in listed, "unanimously agreed"
    assert "library close on Mondays" not in listed, "a motion defeated is no decision"
    knockbeg.close()


def test_of_a_periods_meetings_the_one_on_the_questions_subject_comes_first(tmp_path):
    from tests.papers import make_txt

    # two meetings of a made-up council in one month: a special meeting on a quarry's licence,
    # then the ordinary meeting, whose decisions come first when the question names no subject
    make_txt(
        tmp_path / "papers" / "minutes-special-4-may-2026.md",
        "MINUTES of a Special Meeting of Knockbeg County Council held on 4 May 2026.\n\n"
        "1. Quarry Licence at Ardmore\n\nIt was proposed by Councillor Lyons, seconded by "
        "Councillor Kerr and agreed that the Council object to the licence for the quarry at "
        "Ardmore.\n",
    )
    make_txt(
        tmp_path / "papers" / "minutes-25-may-2026.md",
        "MINUTES of a meeting of Knockbeg County Council held on 25 May 2026.\n\n"
        "4. Library Hours\n\nIt was proposed by Councillor Fahy, seconded by Councillor Nolan "
        "and agreed that the library open on Saturdays.\n",
    )

    def first(question: str) -> str:
        quotes = _listed(tmp_path, question)
        assert len(quotes) == 2, quotes
        return " ".join(quotes[0][1].split())

    assert "open on Saturdays" in first("What did Knockbeg County Council decide in May 2026?")
    assert "licence for the quarry" in first(
        "What did Knockbeg County Council decide about the quarry licence in May 2026?"
    )


def test_a_resolution_worded_on_the_page_after_its_movers_is_quoted_from_there(tmp_path):
    from tests.papers import make_pdf

    pages = [
        "MINUTES of a meeting of the Municipal District of Carrig held on 9 October 2025.\n"
        "1. General Municipal Allocation\n"
        "Members agreed that the allocation was a step in the right direction.\n"
        "Proposed by Councillor Keane;\nSeconded by Councillor Roche;",
        'And Resolved:\n"That, the Budgetary Plan for the Carrig Municipal District, in the total '
        'sum of EUR 275,000, be adopted."\nThis concluded the Meeting.',
    ]
    make_pdf(tmp_path / "papers" / "Minutes 9 October 2025.pdf", pages)
    quotes = _listed(
        tmp_path, "What did the Municipal District of Carrig decide on 9 October 2025?"
    )
    said = [" ".join(q.split()) for _, q in quotes]
    assert said[0] == "Proposed by Councillor Keane; Seconded by Councillor Roche;", said
    assert said[1].startswith('And Resolved: "That, the Budgetary Plan for the Carrig'), said
    assert [h.page for h, _ in quotes] == [1, 2], "each quote cited on its own page"
    assert all(q in h.text for h, q in quotes), "exact quotes of their chunks"


def test_a_notice_of_motion_debated_at_length_is_quoted_before_the_sentence_moving_it(tmp_path):
    from tests.papers import make_txt

    debate = " ".join(
        f"Councillor {name} said that the walkway at Ballyduff was used by {n} walkers a day."
        for n, name in enumerate(["Quaid", "Nagle", "Roche", "Keane", "Lyons", "Fahy"], 20)
    )
    make_txt(
        tmp_path / "papers" / "minutes-9-june-2025.md",
        "MINUTES of a meeting of the Municipal District of Carrig held on 9 June 2025.\n\n"
        "8. NOTICE OF MOTION SUBMITTED BY COUNCILLOR BREEN\n\n"
        "I will move at the next Meeting that the Council install public lighting along the Mill "
        f"Lane walkway at Ballyduff.\n\n{debate}\n\nThe Motion was proposed by Councillor Breen, "
        "seconded by Councillor Quaid and agreed.\n",
    )
    quotes = _listed(tmp_path, "What did the Municipal District of Carrig decide on 9 June 2025?")
    assert [" ".join(q.split()) for _, q in quotes] == [
        "I will move at the next Meeting that the Council install public lighting along the Mill "
        "Lane walkway at Ballyduff.",
        "The Motion was proposed by Councillor Breen, seconded by Councillor Quaid and agreed.",
    ], quotes


def test_what_every_meeting_minutes_comes_after_what_only_this_meeting_decided(tmp_path):
    from tests.papers import make_txt

    decided = {
        "3 March": "the Council repair the footbridge at Carrig",
        "7 April": "the Council seek funding for a playground at Ballyduff",
        "5 May": "the Council install public lighting along the Mill Lane walkway",
    }
    for day, decision in decided.items():
        make_txt(
            tmp_path / "papers" / f"minutes-{day.replace(' ', '-').lower()}-2025.md",
            f"MINUTES of a meeting of the Municipal District of Carrig held on {day} 2025.\n\n"
            "1. Minutes\n\nProposed by Councillor Keane;\nSeconded by Councillor Roche;\n"
            "And Resolved:\n“That, the draft Minutes, as circulated, be taken as read and adopted "
            "and signed.”\n\n2. Notice of Motion\n\nIt was proposed by Councillor Breen, seconded "
            f"by Councillor Quaid and agreed that {decision}.\n",
        )
    quotes = _listed(tmp_path, "What did the Municipal District of Carrig decide on 7 April 2025?")
    said = [" ".join(q.split()) for _, q in quotes]
    assert "playground at Ballyduff" in said[0], said
    assert "draft Minutes" in said[-1], "minuted at every meeting: listed last"
