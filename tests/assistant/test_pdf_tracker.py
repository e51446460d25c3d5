"""A recommendations tracker printed as a PDF table gives register records and whole-row quotes."""

from __future__ import annotations

from pathlib import Path

import pytest
from fpdf import FPDF

from assistant.answer import ask
from assistant.ingest import ingest_paths
from index.store import Index
from tests.corpus import test_pdf_wrapped_rows as wrapped

COLUMNS = ["Date", "Item", "Recommendation", "Response", "To", "Progress check"]
WIDTHS = [24, 22, 92, 46, 50, 28]
ROWS = [
    [
        "12 March 2024",
        "Item 4",
        "That the meals on wheels contract is extended to 2026.",
        "Agreed by Cabinet.",
        "Head of Commissioning",
        "June 2024",
    ],
    [
        "12 March 2024",
        "Item 5",
        "That officers report home care vacancies by locality.",
        "Figures circulated.",
        "Director of Adult Care",
        "September 2024",
    ],
    [
        "11 June 2024",
        "Item 6",
        "That the library opening hours review is shared with Members.",
        "Review under way.",
        "Head of Libraries",
        "December 2024",
    ],
]


def make_tracker_pdf(path: Path) -> Path:
    """A landscape sheet: a title, then the tracker as a bordered table, one line per row."""
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf = FPDF(orientation="L")
    pdf.set_font("Helvetica", size=9)
    pdf.add_page()
    pdf.cell(0, 8, "ADULT SERVICES SELECT COMMITTEE", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 8, "RECOMMENDATIONS TRACKER - MARCH 2025", new_x="LMARGIN", new_y="NEXT")
    for row in [COLUMNS, *ROWS]:
        for text, width in zip(row, WIDTHS, strict=True):
            pdf.cell(width, 7, text, border=1)
        pdf.ln(7)
    pdf.output(str(path))
    return path


def _expected(rows, order):
    """Each row as the fields its register record should carry, whatever the column order."""
    return [dict(zip(order, row, strict=True)) for row in rows]


ONE_LINE = _expected(ROWS, ("date", "item", "text", "status", "owner", "due"))
WRAPPED = _expected(wrapped.ROWS, ("date", "item", "text", "owner", "status", "due"))


@pytest.fixture
def tracker_index(tmp_path, embedder):
    def build(make):
        make(tmp_path / "papers" / "tracker.pdf")
        index = Index.open(tmp_path / "index", embedder=embedder)
        report = ingest_paths([tmp_path / "papers"], index=index)
        assert not report.failed, f"ingest failed: {report.failed}"
        return index

    return build


@pytest.mark.parametrize(
    ("make", "expected"),
    [(make_tracker_pdf, ONE_LINE), (wrapped.make_tracker_pdf, WRAPPED)],
    ids=["one-line rows", "wrapping cells"],
)
def test_pdf_tracker_rows_become_records(tracker_index, make, expected):
    index = tracker_index(make)
    records = index.records()
    index.close()
    assert len(records) == len(expected), f"one record per tracker row: {records}"
    for row in expected:
        found = [r for r in records if row["text"] in str(r.get("text", ""))]
        assert found, f"no register record for {row['text'][:40]!r}: {records}"
        record = found[0]
        assert str(record.get("meeting_date", "")).endswith(row["date"].split()[0]), record
        for field in ("item", "owner", "status"):
            assert record.get(field) == row[field], f"{field} of {row['text'][:40]!r}: {record}"
        # a progress check of "Completed" is a status, not a date to check by
        due = None if row["due"] == "Completed" else row["due"]
        assert record.get("due") == due, f"due of {row['text'][:40]!r}: {record}"


def test_a_tracker_row_is_quoted_whole(tracker_index):
    index = tracker_index(make_tracker_pdf)
    answer = ask("Who is responsible for the library opening hours review?", index=index)
    index.close()
    assert answer.answered, f"the tracker row answers the question: {answer}"
    quotes = [c.quote for c in answer.citations]
    row = "\t".join(ROWS[2])
    assert any(row in q for q in quotes), f"the row is quoted whole: {quotes}"
