"""A recommendations tracker printed as a PDF table gives register records and whole-row quotes."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

from assistant.answer import ask
from assistant.ingest import ingest_paths
from index.store import Index

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


def test_pdf_tracker_rows_become_records_and_rows_are_quoted_whole(tmp_path, embedder):
    make_tracker_pdf(tmp_path / "papers" / "tracker.pdf")
    index = Index.open(tmp_path / "index", embedder=embedder)
    report = ingest_paths([tmp_path / "papers"], index=index)
    assert not report.failed, f"ingest failed: {report.failed}"

    records = index.records()
    assert len(records) == len(ROWS), f"one record per tracker row: {records}"
    for date, item, text, _, owner, due in ROWS:
        found = [r for r in records if text in str(r.get("text", ""))]
        assert found, f"no register record for {text!r}: {records}"
        assert found[0].get("item") == item, f"item of {text!r}: {found[0]}"
        assert found[0].get("meeting_date", "").endswith(date.split()[0]), f"date: {found[0]}"
        assert found[0].get("owner") == owner, f"owner of {text!r}: {found[0]}"
        assert found[0].get("due") == due, f"progress check of {text!r}: {found[0]}"

    answer = ask("Who is responsible for the library opening hours review?", index=index)
    assert answer.answered, f"the tracker row answers the question: {answer}"
    quotes = [c.quote for c in answer.citations]
    row = "\t".join(ROWS[2])
    assert any(row in q for q in quotes), f"the row is quoted whole: {quotes}"
    index.close()
