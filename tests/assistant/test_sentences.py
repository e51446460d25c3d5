"""Sentence splitting: every span is an exact slice, and board-paper conventions hold."""

from __future__ import annotations

import pytest

from assistant.sentences import normalise, split


def texts(source: str) -> list[str]:
    return [span.text(source) for span in split(source)]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "Mr R W Gough (Chairman) opened the meeting at 10.00 am. Apologies were received.",
            ["Mr R W Gough (Chairman) opened the meeting at 10.00 am.", "Apologies were received."],
        ),
        (
            "There was a pressure of £6.5 million for the year. Savings were £35 million.",
            [
                "There was a pressure of £6.5 million for the year.",
                "Savings were £35 million.",
            ],
        ),
        (
            "Mr. Smith spoke, e.g. about para. 19 of the report. Then Dr. Jones replied.",
            ["Mr. Smith spoke, e.g. about para. 19 of the report.", "Then Dr. Jones replied."],
        ),
        (
            "The wrapped line goes on\nafter the break. A new one starts here.",
            ["The wrapped line goes on\nafter the break.", "A new one starts here."],
        ),
    ],
)
def test_sentence_boundaries(source, expected):
    assert texts(source) == expected, f"split({source!r}) gave {texts(source)!r}"


def test_numbered_bullets_are_their_own_sentences_with_labels():
    source = (
        "Recommendations:\n\n- 1. That the Board reviews the roll out.\n"
        "2. That an update is provided on the project.\n(c) That officers clarify the mechanisms."
    )
    spans = split(source)
    bullets = [(s.label, s.text(source)) for s in spans if s.label]
    assert bullets == [
        ("1", "That the Board reviews the roll out."),
        ("2", "That an update is provided on the project."),
        ("c", "That officers clarify the mechanisms."),
    ], f"bullets were {bullets!r}"
    assert len({s.block for s in spans if s.label}) == 3, "each bullet is its own block"


def test_table_rows_are_quoted_whole():
    row = "30 October 2015\tCRISIS CARE [Item 9]\tThat an update is provided.\t\tManager\tMay 2016"
    source = f"Progress tracker\n{row}\n\tcontinued cell text. More text.\t\t\n"
    spans = split(source)
    rows = [s.text(source) for s in spans if s.is_row]
    assert rows[0] == row, f"first row {rows[0]!r} should be the whole line"
    assert rows[1] == "continued cell text. More text.", f"second row was {rows[1]!r}"


def test_inline_lettered_items_split():
    source = (
        "RESOLVED that Cabinet agree to: A) Note the overspend (excl. Schools). b) Note the rest."
    )
    assert texts(source) == [
        "RESOLVED that Cabinet agree to: A) Note the overspend (excl. Schools).",
        "b) Note the rest.",
    ]


def test_every_span_is_an_exact_slice():
    source = "  - 1. First point.  Second   sentence.\r\n\r\nA table\trow\n3) Third? Yes!  "
    for span in split(source):
        quoted = span.text(source)
        assert quoted == quoted.strip() and quoted, f"span {span} is empty or padded"
        assert quoted in source, "a quote must be a substring of the source"


def test_normalise_collapses_whitespace():
    assert normalise("  a\r\n b\t c ") == "a b c"


def test_a_blank_line_after_every_printed_line_does_not_end_the_sentence():
    # text exported from a PDF: each printed line followed by a blank line
    text = (
        "It was proposed that the Council would support the proposal to develop a\n\n"
        "Compassionate City Charter.\n\n"
        "Dr. Byrne thanked the Members for the opportunity to address the Meeting\n\n"
        "and then withdrew.\n\n"
        "Conferences\n\n"
        "Details of the following Conferences were circulated to the Members:\n\n"
        "(a) Seminar on local government held in Ennis.\n"
    )
    quotes = [s.text(text) for s in split(text)]
    assert quotes[0].endswith("develop a\n\nCompassionate City Charter."), quotes
    assert quotes[1].endswith("Meeting\n\nand then withdrew."), quotes
    assert "Conferences" in quotes, "a heading before a capitalised line stays on its own"
    assert quotes[-1] == "Seminar on local government held in Ennis.", "a bullet starts anew"
