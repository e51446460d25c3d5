"""Summaries quote a paragraph: the one that names whom the question names."""

from __future__ import annotations

from assistant.evidence import candidates, score
from assistant.question import analyse
from assistant.selection import select
from index.types import Hit

# Two speakers' paragraphs in one passage, as wrapped minutes text puts them.
TEXT = (
    "1) Mrs Osei, Leader of the Green Group, raised concerns about the library closures\n"
    "and said residents shared her concerns about the library closures. She said the closures\n"
    "would cut services in the poorest wards.\n"
    "2) Mr Varga, Leader of the Independent Group, raised concerns about the library\n"
    "closures. He said the mobile library could not replace the branches. He warned that\n"
    "the closures would save only £40,000 a year.\n"
)


def _answer(question: str) -> str:
    q = analyse(question)
    hit = Hit(1, "p", TEXT, 0.0, "Minutes", "m.pdf", "Council", None, "minutes", "61. Libraries", 1)
    return " ".join(c.quote for c in select(q, score(q, candidates(q, [hit]))))


def test_a_summary_about_a_named_group_quotes_the_paragraph_that_names_it():
    text = _answer("What concerns did the Independent Group leader raise about the closures?")
    assert "mobile library could not replace" in text and "£40,000" in text, text
    assert "Osei" not in text and "poorest wards" not in text, text


def test_a_summary_naming_no_one_quotes_the_best_paragraph():
    text = _answer("What concerns were raised about the library closures?")
    assert "residents shared her concerns" in text, text


def test_a_title_line_does_not_open_a_summary():
    q = analyse("What does the Millbrook Libraries Panel cover?")
    text = (
        "Millbrook Libraries Panel Monday 12 March 2024\n"
        "1) The Panel oversees the branch libraries, the mobile library and the archive service.\n"
        "It also scrutinises the libraries budget every quarter.\n"
    )
    hit = Hit(1, "p", text, 0.0, "Agenda", "a.pdf", "Panel", None, "agenda", "Front sheet", 1)
    quotes = [c.quote for c in select(q, score(q, candidates(q, [hit])))]
    assert quotes and "Monday 12 March 2024" not in " ".join(quotes), quotes
    assert "oversees the branch libraries" in " ".join(quotes), quotes


def test_what_a_named_committee_decided_is_not_another_committees_resolution():
    from dataclasses import replace

    from assistant.coverage import missing_names

    q = replace(analyse("What did Cabinet decide about the library?"), committees=("Cabinet",))
    council = Hit(
        2, "p", "RESOLVED that the Council closes the Northgate library on 1 May.", 0.0,
        "Minutes", "m.pdf", "County Council", None, "minutes", "70. Libraries", 1,
    )  # fmt: skip
    chosen = select(q, score(q, candidates(q, [council])))
    assert chosen, "the resolution is the decision block"
    assert "committee Cabinet" in missing_names(q, chosen)
    assert "committee Cabinet" not in missing_names(
        replace(q, committees=("County Council",)), chosen
    )


def test_an_agenda_line_naming_the_item_is_not_a_decision():
    q = analyse("What did Cabinet decide about the library review?")
    agenda = Hit(
        3, "p", "7. Cabinet Review of the Library Decision (Pages 101 - 104)", 0.0,
        "Agenda", "a.pdf", "Cabinet", None, "agenda", "7. Library Review", 1,
    )  # fmt: skip
    assert select(q, score(q, candidates(q, [agenda]))) == []


def test_a_decision_question_is_answered_by_what_was_decided_not_the_discussion():
    q = analyse("What did the board decide about the library van?")
    said = (
        "The Head of Libraries said the library van was twenty years old and often broke down. "
        "Members asked how often the library van visited each village."
    )
    agreed = said + " The Board agreed to ask Cabinet to fund a new library van in 2025."
    for text, expected in ((said, None), (agreed, "The Board agreed to ask Cabinet")):
        hit = Hit(4, "p", text, 0.0, "Minutes", "m.pdf", "Board", None, "minutes", "8. Vans", 1)
        quotes = " ".join(c.quote for c in select(q, score(q, candidates(q, [hit]))))
        assert (expected in quotes) if expected else not quotes, quotes
