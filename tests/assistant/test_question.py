"""Question analysis: answer kind, follow-up detection, ordinal references."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from assistant.question import (
    ANSWER_TYPES,
    QType,
    TypeModel,
    analyse,
    named_committees,
    stem,
)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("How many residents received meals each week?", QType.FIGURE),
        ("How much is the contract worth?", QType.FIGURE),
        ("Who is the chair of the board?", QType.WHO),
        ("When is the next meeting?", QType.WHEN),
        ("What did the committee recommend on the meals contract?", QType.DECISION),
        ("What did Cabinet resolve on the budget?", QType.DECISION),
        ("What did the committee hear about travel time?", QType.SUMMARY),
    ],
)
def test_the_fitted_model_predicts_the_answer_type(embedder, text, kind):
    """The asked type is one of the two the model finds likeliest. The ranker weighs every
    type by its probability, not only the likeliest one, and a model fitted on a few hundred
    questions reads the type of about 0.6 of unseen meetings' questions first: "what did the
    committee hear" stands close to "what did the committee decide"."""
    q = analyse(text, embed=embedder.embed)
    ranked = [
        ANSWER_TYPES[i] for i in sorted(range(len(ANSWER_TYPES)), key=lambda i: -q.type_probs[i])
    ]
    assert kind in ranked[:2], f"{text!r} should be {kind}, got {ranked[:2]} ({q.type_probs})"
    assert abs(sum(q.type_probs) - 1) < 1e-6 and len(q.type_probs) == len(ANSWER_TYPES)


def test_without_an_embedder_every_type_is_equally_likely():
    q = analyse("How many residents received meals each week?")
    assert q.qtype is QType.GENERAL and len(set(q.type_probs)) == 1, q.type_probs


def test_a_question_model_fitted_for_other_types_is_refused():
    data = TypeModel(np.zeros((len(ANSWER_TYPES), 4)), np.zeros(len(ANSWER_TYPES))).to_json()
    assert TypeModel.from_json(data).probabilities(np.ones(4)).shape == (len(ANSWER_TYPES),)
    with pytest.raises(ValueError, match="refit"):
        TypeModel.from_json({**data, "types": ["figure", "who"]})


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
    expected = {stem(w) for w in ("residents", "meals", "week", "Millbrook")}
    assert expected <= set(q.terms), f"terms were {q.terms}"


def test_context_as_list_of_turns():
    q = analyse("And when?", context=["What was recommended?", "Who owns it?"])
    assert q.followup and q.query.endswith("And when?")
    assert "Who owns it?" in q.query


def test_no_colloquial_aliases_rewrite_the_question():
    q = analyse("What did we decide about the bin lorries?")
    assert q.query == q.text, "vocabulary gaps are bridged by retrieval, not by hand-listed aliases"


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
    assert named_committees("What did the cabinet agree?", known) == ["Ashmoor Cabinet"]
    assert named_committees("What did Ashmoor agree?", known) == [], "the place names neither"


def test_committees_are_named_by_the_words_that_tell_them_apart():
    known = [
        "Municipal District of Fernbridge-Kilcarra",
        "Municipal District of Fernbridge Kilcarra",  # a variant spelling of the same body
        "Municipal District of Glenmore",
        "Metropolitan District of Ravensford",
        "Ravensford City and County Council",
        "Roads and Transport Strategic Policy Committee",
        "Housing Strategic Policy Committee",
    ]
    asked = "What did the Fernbridge-Kilcarra councillors decide in March?"
    assert named_committees(asked, known) == known[:2]
    asked = "At the Roads and Transport SPC, what was proposed?"
    assert named_committees(asked, known) == ["Roads and Transport Strategic Policy Committee"]
    asked = "What did the Metropolitan District agree about Ravensford's parks?"
    assert named_committees(asked, known) == ["Metropolitan District of Ravensford"]
    asked = "What did the full council decide?"
    assert named_committees(asked, known) == ["Ravensford City and County Council"]
    assert named_committees("What was decided about housing grants?", known) == []


def test_a_body_named_in_part_is_told_from_a_stray_name_by_its_papers():
    # a few misfiled papers carry a shorter name; the question's words fit it as well
    sizes = {
        "Ravensford City and County Council": 400,
        "Ravensford County Council": 3,
        "Ravensford City and County Council: Municipal District of Glenmore": 300,
        "Municipal District of Glenmore Joint Policing Sub-Committee": 12,
        "Cabinet": 40,
        "Growth Cabinet Committee": 90,
    }
    known = list(sizes)
    asked = "What did Ravensford council decide about the budget?"
    assert named_committees(asked, known) == ["Ravensford County Council"], "by words alone"
    named = named_committees(asked, known, sizes)
    assert "Ravensford City and County Council" in named
    asked = "What did the Glenmore district agree?"
    assert named_committees(asked, known, sizes) == [
        "Ravensford City and County Council: Municipal District of Glenmore"
    ], "the sub-committee has fewer papers"
    assert named_committees("What did the Cabinet agree?", known, sizes) == ["Cabinet"]


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


def test_a_year_or_month_alone_bounds_at_its_start_or_end():
    """ "since 2018" takes in all of 2018; "after March 2019" starts in April."""
    assert analyse("What has happened since 2018?").bound == ("after", date(2017, 12, 31))
    assert analyse("What was agreed after March 2019?").bound == ("after", date(2019, 3, 31))
    assert analyse("What was agreed following December 2019?").bound == (
        "after",
        date(2019, 12, 31),
    )
    assert analyse("What was built before 2019?").bound == ("before", date(2019, 1, 1))
    assert analyse("What happened in 2018?").bound is None
