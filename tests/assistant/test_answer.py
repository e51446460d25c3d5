"""`ask` on fictional minutes: each question kind, follow-ups, refusal, and verifiable quotes."""

from __future__ import annotations

from dataclasses import replace

import pytest

from assistant.answer import ask
from assistant.rank import fitted_ranker
from tests.assistant.checks import check_quotes, flat


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
    assert "home care workers" in flat(answer.answer), answer.answer
    check_quotes(answer, minutes_index)


def test_followup_resolves_ordinal_to_the_previous_item(minutes_index):
    previous = "What did the committee recommend on the home care workforce?"
    answer = ask("Who is taking the first one forward?", index=minutes_index, context=previous)
    assert answer.answered, "the follow-up should be answered from the previous item"
    assert "Director of Adult Social Care reports back" in flat(answer.answer), answer.answer
    assert "meals on wheels" not in answer.answer.lower(), "must stay on the previous item"
    check_quotes(answer, minutes_index)


def test_an_answer_below_the_fitted_threshold_is_refused_with_passages(minutes_index):
    question = "What is the budget for the new swimming pool in Millbrook?"
    sure = ask(question, index=minutes_index, ranker=replace(fitted_ranker(), refuse_below=0.0))
    assert sure.answered and 0 < sure.confidence < 1, sure.confidence
    strict = replace(fitted_ranker(), refuse_below=sure.confidence + 1e-6)
    answer = ask(question, index=minutes_index, ranker=strict)
    assert not answer.answered, f"should refuse, answered {answer.answer!r}"
    assert "do not say" in answer.answer and not answer.citations
    assert answer.passages, "the closest passages are still shown"
    assert answer.refused_by == "ranker" and answer.explain, "the candidates are still explained"


def test_response_object_shape(minutes_index):
    data = ask(
        "How many applicants did the recruitment campaign attract?", index=minutes_index
    ).to_json()
    assert set(data) == {"question", "answer", "answered", "citations", "passages"}
    assert data["answered"] and "62" in data["answer"], data["answer"]
    citation = data["citations"][0]
    assert set(citation) == {
        "n", "paper_id", "chunk_id", "document", "file", "committee", "meeting_date", "kind",
        "item", "page", "quote", "start", "end", "url",
    }  # fmt: skip
    assert citation["meeting_date"] == "2024-03-12" and citation["page"] in (1, 2, 3)
    assert citation["committee"] == "Adult Services Select Committee"
    assert {"chunk_id", "text", "score"} <= set(data["passages"][0])


class Shouting:
    """A stand-in rephrasing generator: proves `ask` goes through the Generator interface."""

    def generate(self, question, citations):
        return "\n".join(f"{c.quote.upper()} [{c.n}]" for c in citations)


def test_a_custom_generator_writes_the_text(minutes_index):
    from assistant.generator import Generator

    assert isinstance(Shouting(), Generator), "Shouting satisfies the Generator protocol"
    answer = ask("When will the committee next meet?", index=minutes_index, generator=Shouting())
    assert "11 JUNE 2024" in answer.answer and answer.citations, answer.answer
    assert answer.citations[0].quote in minutes_index.chunk(answer.citations[0].chunk_id).text


TRACKER = (
    "RECOMMENDATIONS TRACKER\n"
    "Date of meeting\tItem\tRecommendation\tResponsible officer\tProgress check\n"
    "12 March 2024\tDAY CENTRES [Item 7]\tThat the transport review is shared with the "
    "Committee.\tHead of Transport Services\tSeptember 2024\n"
    "12 March 2024\tLIBRARIES [Item 8]\tThat opening hours are reported.\tHead of Libraries\t"
    "June 2024\n"
)


def test_tracker_rows_are_quoted_whole(tmp_path, embedder):
    from assistant.ingest import ingest_paths
    from index.store import Index
    from tests.papers import make_txt

    make_txt(tmp_path / "papers" / "tracker.txt", TRACKER)
    index = Index.open(tmp_path / "index", embedder=embedder)
    ingest_paths([tmp_path / "papers"], index=index)
    answer = ask("Who is responsible for the transport review, and by when?", index=index)
    assert answer.answered, "the tracker row answers the question"
    quote = answer.citations[0].quote
    assert "Head of Transport Services" in quote and "September 2024" in quote, quote
    assert "\t" in quote, "the row is quoted whole, cells and all"
    check_quotes(answer, index)
    index.close()


def test_empty_index_refuses_by_retrieval(tmp_path):
    from index.embedder import HashEmbedder
    from index.store import Index

    index = Index.open(tmp_path / "empty", embedder=HashEmbedder())
    answer = ask("What did we recommend on home care?", index=index)
    assert not answer.answered and answer.refused_by == "ranker", answer
    assert answer.passages == [] and answer.citations == []
    index.close()


def test_a_year_the_papers_cover_is_answered(minutes_index):
    answer = ask("How many residents received meals each week in 2024?", index=minutes_index)
    assert answer.answered and "1,240" in flat(answer.answer), answer.answer


def test_a_summary_quotes_the_paragraph_of_its_best_sentence(tmp_path, embedder):
    """What someone raised is their whole paragraph, not its best-matching sentence alone."""
    from assistant.ingest import ingest_paths
    from index.store import Index

    papers = tmp_path / "papers"
    papers.mkdir()
    (papers / "minutes.txt").write_text(
        "MINUTES OF THE LIBRARIES PANEL\n"
        "14/24 MOBILE LIBRARY SERVICE [Item 5]\n"
        "1) The Head of Libraries introduced the report on the mobile library service.\n"
        "2) Mr Varga raised concerns about the mobile library service in rural villages. "
        "He said the two vans were twenty years old and often broke down. "
        "He warned that volunteers could not cover the routes in winter. "
        "He noted that fuel costs had risen by 12 percent in a year.\n"
        "3) Ms Patel welcomed the new timetable for the town centre stops.\n"
    )
    with Index.open(tmp_path / "index", embedder=embedder) as index:
        ingest_paths([papers], index=index)
        answer = ask("What concerns did Mr Varga raise about the mobile library?", index=index)
        check_quotes(answer, index)
        text = flat(answer.answer)
        assert "twenty years old" in text and "12 percent" in text, text
        assert "new timetable" not in text, text


BOUND_MINUTES = """MINUTES of the meeting of the ESTUARY CARE BOARD held on 25 January 2016.

7 BOARD MEETING ARRANGEMENTS [Item 7]

The board meeting on 25 January 2016 agreed that board meeting papers go out in January 2016.

8 DATE OF NEXT MEETING [Item 8]

The next meeting will be held on 4 March 2016 at 10.00am.
"""


def test_a_date_after_the_one_the_question_gives(tmp_path, embedder):
    from assistant.ingest import ingest_paths
    from index.store import Index

    (tmp_path / "papers").mkdir()
    (tmp_path / "papers" / "Minutes 25 January 2016.txt").write_text(BOUND_MINUTES)
    # the real model: the question model reads the question as asking a date from its meaning
    with Index.open(tmp_path / "index", embedder=embedder) as index:
        ingest_paths([tmp_path / "papers"], index=index)
        answer = ask("When is the board meeting after 25 January 2016?", index=index)
    assert answer.answered, answer
    assert answer.answer.startswith("The next meeting will be held on 4 March 2016"), answer.answer
