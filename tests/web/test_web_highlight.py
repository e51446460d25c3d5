"""Locating a quote in page text, splitting it for display, and boxing it on the PDF page."""

from __future__ import annotations

import pytest

from tests import papers
from web import chat, highlight, pdfpage

PAGE = (
    "Recommendations:\n1. That the Board notes the report.\n2. That officers report back\nin June."
)


@pytest.mark.parametrize(
    ("needle", "expected"),
    [
        ("That the Board notes the report.", "That the Board notes the report."),
        ("That officers report back in June.", "That officers report back\nin June."),
        ("  That officers   report back\n\nin June.  ", "That officers report back\nin June."),
        ("Nothing like this", None),
        ("", None),
    ],
)
def test_locate_finds_quotes_despite_whitespace(needle, expected):
    span = highlight.locate(PAGE, needle)
    assert (PAGE[span[0] : span[1]] if span else None) == expected, span


def test_quote_is_sought_inside_its_chunk_first():
    text = "report back. Later: 1. That officers report back in June."
    chunk = highlight.locate(text, "Later: 1. That officers report back in June.")
    _, quote = highlight.spans(text, "Later: 1. That officers report back in June.", "report back")
    assert quote[0] >= chunk[0], "the quote inside the cited chunk, not an earlier copy"


def test_runs_rebuild_the_text_and_nest_the_quote_in_the_chunk():
    chunk, quote = highlight.spans(PAGE, "1. That the Board notes the report.", "notes the report")
    runs = highlight.runs(PAGE, chunk, quote)
    assert "".join(t for t, _ in runs) == PAGE, "runs must rebuild the page exactly"
    assert [c for _, c in runs] == [None, "chunk", "quote", "chunk", None], runs
    assert [t for t, c in runs if c == "quote"] == ["notes the report"]


def test_answer_lines_link_markers_and_collapse_pdf_line_breaks():
    turn = chat.Turn(
        "q?", {"answer": "That the home\ncare rate [1]\nThat £12 [2][3]", "citations": []}
    )
    lines = turn.lines
    assert len(lines) == 2, lines
    assert lines[0] == [("That the home care rate ", None), ("[1]", 1)], lines[0]
    assert [n for _, n in lines[1] if n] == [2, 3], lines[1]


def test_highlight_boxes_cover_the_quoted_line(tmp_path):
    pdf = papers.make_minutes_pdf(tmp_path / "m.pdf")
    page = pdfpage.page_text(pdf, 2)
    assert page.pages == 3 and "HOME CARE WORKFORCE" in page.text, page.text[:200]
    span = highlight.locate(page.text, "5/24 HOME CARE WORKFORCE [Item 5]")
    boxes = pdfpage.highlight_boxes(pdf, 2, span, scale=1.0)
    assert len(boxes) == 1, f"one line, one box: {boxes}"
    left, top, right, bottom = boxes[0]
    assert 0 < left < right < 595 and 0 < top < bottom < 842, boxes  # inside an A4 page (points)
    lines = highlight.locate(page.text, "1. That the Committee endorses the extension")
    lower = pdfpage.highlight_boxes(pdf, 2, lines, scale=1.0)[0]
    assert lower[1] < top, "a line printed higher on the page has a smaller top"


def test_a_table_row_is_found_when_the_page_gives_its_cells_in_another_order():
    # a tracker whose cells wrap is read one line per row, while pdfium's own page text (which
    # the viewer shows) may give the cells in another order: the row spans its cells there
    text = (
        "Date Item Recommendation Response To\n14 May 2024 Item 5\nAgreed by Cabinet.\n"
        "That officers report back\nin June.\nHead of Care\n9 July 2024 Item 6"
    )
    row = (
        "14 May 2024\tItem 5\tThat officers report back in June.\tAgreed by Cabinet.\tHead of Care"
    )
    assert highlight.locate(text, row.replace("\t", " ")) is None, "not a plain copy"
    span = highlight.locate(text, row)
    assert text[span[0] : span[1]] == text[text.index("14 May") : text.index("\n9 July")], span


def test_a_row_whose_cells_stand_far_apart_marks_its_longest_cell():
    text = "Agreed.\n" + "filler words " * 40 + "\nThat officers report back in June."
    span = highlight.locate(text, "Agreed.\tThat officers report back in June.")
    assert text[span[0] : span[1]] == "That officers report back in June.", span


def test_a_short_cell_is_sought_beside_the_row_not_wherever_it_first_appears():
    text = (
        "Status: Open\n" + "filler words " * 20 + "\n14 May 2024\nThat officers report back.\nOpen"
    )
    span = highlight.locate(text, "That officers report back.\tOpen\t14 May 2024")
    assert text[span[0] : span[1]] == "14 May 2024\nThat officers report back.\nOpen", span
