"""Question analysis: answer kind, follow-up detection, ordinal references."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.question import QType, analyse, classify, named_committees, stem


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("How many residents received meals each week?", QType.FIGURE),
        ("How much is the contract worth?", QType.FIGURE),
        ("Who gave evidence on the home care workforce?", QType.WHO),
        ("When is the next meeting?", QType.WHEN),
        ("What did the committee recommend on the meals contract?", QType.DECISION),
        ("What did Cabinet resolve on the budget?", QType.DECISION),
        ("Who is responsible for the survey, and by when?", QType.ACTION),
        ("What actions were agreed on home care?", QType.ACTION),
        ("Who owes us a briefing on secondary attendance?", QType.ACTION),
        ("Who is chasing the damp and mould action?", QType.ACTION),
        ("How much does the council owe the pension fund?", QType.FIGURE),
        ("What was the damp report asking the board to do?", QType.DECISION),
        ("What did the committee hear about travel time?", QType.SUMMARY),
        ("Tell me about the day services review", QType.GENERAL),
    ],
)
def test_classify(text, kind):
    assert classify(text) is kind, f"{text!r} should be {kind}, got {classify(text)}"


def test_followup_uses_context_for_retrieval_and_ordinal():
    q = analyse(
        "Who is taking the third one forward?", context="What did we recommend on Safe Havens?"
    )
    assert q.followup, "a question about 'the third one' refers back"
    assert q.ordinal == 3, f"ordinal was {q.ordinal}"
    assert "Safe Havens" in q.query and "third" in q.query, f"query was {q.query!r}"
    assert "haven" in q.context_terms, f"context terms were {q.context_terms}"


def test_standalone_question_is_not_a_followup():
    q = analyse("How many residents received meals each week in Millbrook?")
    assert not q.followup and q.query == q.text and q.ordinal is None
    assert {"resident", "meal", "week", "millbrook"} <= set(q.terms), f"terms were {q.terms}"


def test_context_as_list_of_turns():
    q = analyse("And when?", context=["What was recommended?", "Who owns it?"])
    assert q.followup and q.query.endswith("And when?")
    assert "Who owns it?" in q.query


def test_colloquial_group_names_are_spelled_out_for_retrieval():
    q = analyse("What did the lib dems say about the Tory budget?")
    assert "Liberal Democrat" in q.query and "Conservative" in q.query
    assert {stem("liberal"), stem("democrat"), stem("conservative")} <= set(q.terms)


def test_bin_lorries_are_asked_for_as_the_papers_call_them():
    q = analyse("What did we decide about the bin lorries?")
    assert "refuse collection vehicles" in q.query and stem("vehicles") in q.terms, q


def test_signing_up_to_something_is_asked_in_the_papers_words():
    q = analyse("What would Seaford be signing up to on the Coastal Pilot?")
    assert "committing to" in q.query and stem("committing") in q.terms, q
    assert stem("signing") not in q.terms, q.terms


@pytest.mark.parametrize(
    "question",
    [
        "What does the Harbour Board actually cover?",
        "What is the remit of the Harbour Board?",
        "What is the Harbour Board's remit?",
    ],
)
def test_a_boards_remit_is_asked_as_what_it_is_responsible_for(question):
    q = analyse(question)
    assert "responsible for" in q.query and stem("responsible") in q.terms, q
    assert "Harbour Board" in q.query, q.query


def test_what_a_report_covers_is_not_a_remit():
    q = analyse("What does the annual report cover?")
    assert "cover" in q.query and "responsible" not in q.query, q.query


def test_scrutiny_recommendations_name_every_scrutiny_committee():
    known = ["Oakhurst Overview and Scrutiny Committee", "Cabinet", "Harbour Board"]
    asked = "Which scrutiny recommendations are still awaiting a response?"
    assert named_committees(asked, known) == ["Oakhurst Overview and Scrutiny Committee"]
    assert named_committees("What cabinet decisions were made in May?", known) == ["Cabinet"]
    assert named_committees("What did the scrutiny review find?", known) == [], "not its output"


def test_a_committee_is_named_without_the_place_that_opens_its_name():
    known = ["Ashmoor Health and Wellbeing Board", "Ashmoor Cabinet"]
    asked = "Which actions on the health and wellbeing board are still open?"
    assert named_committees(asked, known) == ["Ashmoor Health and Wellbeing Board"]
    assert named_committees("What did the cabinet agree?", known) == [], "too short to shorten"


def test_spelled_out_group_names_are_names_the_passage_must_hold():
    q = analyse("what objections did the lib dem leader make")
    assert {stem("Liberal"), stem("Democrat")} <= set(q.names)


def test_summaries_have_their_own_refusal_threshold():
    from assistant.answer import Thresholds

    thresholds = Thresholds(selection=0.3, summary=0.25)
    assert thresholds.for_question(analyse("What concerns did the board raise?")) == 0.25
    assert thresholds.for_question(analyse("How many residents were there?")) == 0.3


def test_named_years():
    assert analyse("How many complaints in 2014-15?").years == ("2014", "2015")
    assert analyse("What was spent in 2019/2020 and in 2023?").years == ("2019", "2020", "2023")
    assert analyse("How many complaints were there?").years == ()


def test_after_or_before_a_date_bounds_the_answer_and_is_no_topic():
    q = analyse("When is the board meeting after 25 January 2016?")
    assert q.bound == ("after", date(2016, 1, 25)), q.bound
    assert not {"25", "january", "2016"} & set(q.terms), f"the bound is not matched: {q.terms}"
    assert analyse("What was agreed before 3rd March 2025?").bound == ("before", date(2025, 3, 3))
    assert analyse("When was the meeting on 25 January 2016?").bound is None
