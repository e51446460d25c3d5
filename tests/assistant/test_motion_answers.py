"""Questions about motions, amendments and votes, answered from fictional council minutes."""

from __future__ import annotations

import pytest

from assistant.answer import ask
from assistant.ingest import ingest_paths
from index.store import Index
from tests.assistant.checks import check_quotes, flat
from tests.papers import RESOLUTIONS, make_council_minutes_pdf, make_txt


@pytest.fixture(scope="module")
def council_index(tmp_path_factory, embedder) -> Index:
    root = tmp_path_factory.mktemp("council")
    make_council_minutes_pdf(root / "papers" / "council.pdf")
    index = Index.open(root / "index", embedder=embedder)
    assert not ingest_paths([root / "papers"], index=index).failed
    yield index
    index.close()


def _ask(index, question):
    answer = ask(question, index=index)
    check_quotes(answer, index)
    return answer, flat(answer.answer)


def test_an_amendment_is_answered_with_its_words_votes_and_outcome(council_index):
    answer, text = _ask(council_index, "Was the amendment about the mobile library service agreed?")
    assert answer.answered and answer.answered_by == "motions"
    assert text.startswith("Mr Varga proposed and Mrs Osei seconded the following amendment")
    assert "mobile library service" in text
    for expected in ("For (12)", "Against (20)", "Abstain (2)", "Amendment lost."):
        assert expected in text
    assert "Brennan proposed" not in text, "only the amendment asked about"
    # the amendment's words cross the sheet break: each sheet's part is quoted from its own chunk
    assert {c.page for c in answer.citations} == {1, 2}


def test_a_group_name_finds_the_amendment_its_leader_moved(council_index):
    _, text = _ask(council_index, "Did the Independents' amendment on branch libraries pass?")
    assert "Mr Varga proposed" in text and "Amendment lost." in text


def test_which_amendment_was_carried(council_index):
    _, text = _ask(council_index, "Which amendment was carried on the library services review?")
    assert "Mr Brennan proposed and Mrs Osei seconded" in text
    assert "library opening hours" in text and "Amendment carried." in text
    assert "Mr Varga" not in text


def test_the_final_vote_is_the_substantive_motion(council_index):
    _, text = _ask(council_index, "What was the final vote on the library motion?")
    assert "The Mayor put the substantive motion to the vote" in text
    assert "For (25)" in text and "Against (8)" in text and "Substantive Motion carried." in text


def test_a_quoted_proposal_carries_its_outcome(council_index):
    answer, text = _ask(council_index, "Who was elected Vice-Chair?")
    assert "seconded that Mrs K Osei be elected Vice-Chair" in text
    assert text.index("Vice-Chair for the year.") < text.index("Agreed unanimously.")


def test_who_voted_against_names_that_side(council_index):
    _, text = _ask(council_index, "Who voted against the amendment on the mobile library service?")
    assert "Against (20) Mrs Holloway, Mr Quinn, Ms Patel" in text, text
    assert "Amendment lost." in text, "with the outcome of the vote"


def test_who_moved_a_motion(council_index, structured_answers_only):
    # Which of the motion and a sentence quoting its wording wins is the fitted ranker's choice:
    # refitted on Limerick's minutes, whose resolutions are now read as motions, it prefers the
    # sentence on this fixture (0.97 against 0.62). This checks what the motion answer says.
    _, text = _ask(council_index, "Who proposed the branch libraries consultation?")
    assert text.startswith("Mr Quinn proposed, and Ms Patel seconded the motion that"), text


def test_questions_about_voting_in_general_are_not_about_a_motion(council_index):
    from assistant.from_motions import motion_answers
    from assistant.question import analyse

    for question in (
        "What is the voting age for library cards?",
        "Must voters own a library card?",
    ):
        q = analyse(question)
        hits = council_index.search(q.query, k=10)
        assert hits, "the library item is retrieved"
        assert motion_answers(q, index=council_index, hits=hits) == [], question


def test_questions_without_motion_words_are_answered_as_before(council_index):
    answer, text = _ask(council_index, "When is the next meeting?")
    assert answer.answered and "19 September 2024" in text
    assert answer.answered_by == "text"


def test_a_motion_question_about_something_no_motion_covers_is_not_answered_by_one(council_index):
    from assistant.from_motions import motion_answers
    from assistant.question import analyse

    q = analyse("Was the motion to close the swimming pool carried?")
    hits = council_index.search(q.query, k=10)
    assert motion_answers(q, index=council_index, hits=hits) == []


@pytest.fixture(scope="module")
def division_index(tmp_path_factory, embedder) -> Index:
    root = tmp_path_factory.mktemp("division")
    make_txt(root / "papers" / "minutes-14-may-2026.md", RESOLUTIONS)
    index = Index.open(root / "index", embedder=embedder)
    assert not ingest_paths([root / "papers"], index=index).failed
    yield index
    index.close()


def test_a_division_is_quoted_by_its_sides_and_counts_not_every_name(division_index):
    from assistant.from_motions import motion_answers
    from assistant.question import analyse

    q = analyse("How did the vote go when the council elected its Cathaoirleach?")
    found = motion_answers(q, index=division_index, hits=division_index.search(q.query, k=10))
    assert found
    quotes = [" ".join(quote.split()) for _, quote in found[0][0]]
    assert "For Councillor Kerr" in quotes and "(5)" in quotes
    assert "For Councillor Madden" in quotes and "(3)" in quotes
    declared = "The Meetings Administrator declared Councillor Kerr elected as Cathaoirleach."
    assert quotes[-1] == declared
    assert not any("Councillors Brennan (P)" in quote for quote in quotes), "names stay out"


def test_who_voted_against_a_headed_division_gets_the_names(division_index):
    from assistant.from_motions import motion_answers
    from assistant.question import analyse

    q = analyse("Who voted against adopting the Draft Budget?")
    found = motion_answers(q, index=division_index, hits=division_index.search(q.query, k=10))
    assert found
    text = " ".join(" ".join(quote.split()) for _, quote in found[0][0])
    assert "Against** Councillors Fahy, Madden, Nolan, Sheridan. **(4)" in text
    assert "declared the Motion to adopt the Budget" in text


TIED = """MINUTES of a meeting of the Municipal District of Carrig held on 9 January 2026.

9. NOTICE OF MOTION SUBMITTED BY COUNCILLOR BREEN

I will move at the next Meeting that the Council establish poster free zones in each village
within the District.

The motion was proposed by Councillor Breen and seconded by Councillor Quaid.

The voting result was tied with 3 for and 3 against the proposal, as there was an equality of
votes the Chairman exercised his casting vote which resulted in the motion not being carried.
"""


def test_a_count_minuted_in_a_sentence_is_quoted_as_that_sentence(tmp_path, embedder):
    from assistant.from_motions import motion_answers
    from assistant.question import analyse

    make_txt(tmp_path / "papers" / "minutes-9-january-2026.md", TIED)
    index = Index.open(tmp_path / "index", embedder=embedder)
    assert not ingest_paths([tmp_path / "papers"], index=index).failed
    q = analyse("How did the vote on the poster free zones motion go?")
    found = motion_answers(q, index=index, hits=index.search(q.query, k=10))
    index.close()
    assert found
    quotes = [" ".join(quote.split()) for _, quote in found[0][0]]
    assert quotes[-1].startswith("The voting result was tied with 3 for and 3 against"), quotes
    assert quotes[-1].endswith("resulted in the motion not being carried."), quotes
    assert "3 for" not in quotes and "motion not being carried." not in quotes, "said once"
