"""'Which had the most?': the extreme entry of a counted list."""

from __future__ import annotations

from assistant.answer import ask
from assistant.question import analyse
from assistant.superlative import extreme_answer
from index.types import Hit
from tests.assistant.checks import check_quotes, flat

TEXT = (
    "10. There were 75 visits in the year. The number per library is :\n"
    "- a. Northgate (21)\n"
    "- b. Eastfield (32)\n"
    "\n"
    "- c. Riverside (9)\n"
    "- d. Hilltop (13)\n"
    "11. Visits rose in the summer.\n"
)


def _hit(text: str = TEXT) -> Hit:
    return Hit(1, "p", text, 0.0, "Report", "r.md", "Board", None, "report", "Libraries", None)


def _extreme(question: str, text: str = TEXT):
    hit = _hit(text)
    found = extreme_answer(analyse(question), hits=[hit], focus=None, item_passages=lambda h: [h])
    return [quote for _, quote in found] if found else None


def test_the_most_and_the_fewest_entries_are_quoted_after_the_lead_in():
    assert _extreme("Which library had the most visits?") == [
        "The number per library is :",
        "b. Eastfield (32)",
    ]
    assert _extreme("Which library had the fewest visits?")[-1] == "c. Riverside (9)"


def test_no_list_or_no_superlative_gives_nothing():
    assert _extreme("How many visits were there?") is None
    assert _extreme("Which library had the most visits?", "Northgate (21) was busy.") is None


def test_a_followup_asks_about_the_list_the_previous_answer_came_from(tmp_path, embedder):
    from assistant.ingest import ingest_paths
    from index.store import Index

    papers = tmp_path / "papers"
    papers.mkdir()
    (papers / "report.md").write_text("# Library Visits Report\n\n" + TEXT)
    with Index.open(tmp_path / "index", embedder=embedder) as index:
        ingest_paths([papers], index=index)
        answer = ask(
            "Which one had the most?",
            index=index,
            context="How many library visits were there in the year?",
        )
        check_quotes(answer, index)
        assert "Eastfield (32)" in flat(answer.answer), answer.answer
