"""PDF tables read as rows: wide gaps between cells become tabs, prose keeps its spaces."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
from fpdf import FPDF

from corpus.pdf import normalise, read_pdf
from tests.papers import text_lines

HEADER = ["Service", "Budget 2024", "Lead officer"]
ROWS = [
    ["Meals on wheels", "£2.4 million", "Sarah Lindqvist"],
    ["Home care", "£85,000", "Daniel Moss"],
    ["Day centres", "£640,000", "Priya Shah"],
]
FIGURES = [["Quarter", "Q1", "Q2", "Q3"], ["Delayed discharges", "1,240", "1,050", "980"]]
PARAGRAPH = (
    "The Committee heard that the meals on wheels service had grown steadily through the year, "
    "and that the contract with Hearth Foods Ltd would be reviewed before it ends. Members asked "
    "officers to compare delivery times across the borough and to report back in the autumn, "
    "with figures for each district and the cost of any extension of the service."
)
LIST = ["1. The Committee notes the report.", "2. Officers report back by 30 September 2024."]


def make_table_pdf(path: Path) -> Path:
    """A sheet with a justified paragraph, a numbered list, a 3-column table and a figures table."""
    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    pdf.multi_cell(0, 6, PARAGRAPH, align="J")
    for line in LIST:
        pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    for row in [HEADER, *ROWS]:
        for text in row:
            pdf.cell(60, 8, text, border=1)
        pdf.ln(8)
    pdf.ln(4)
    for row in FIGURES:
        pdf.cell(60, 8, row[0], border=1)
        for text in row[1:]:
            pdf.cell(25, 8, text, border=1, align="R")
        pdf.ln(8)
    pdf.output(str(path))
    return path


def test_table_cells_are_parted_by_tabs(tmp_path):
    path = make_table_pdf(tmp_path / "table.pdf")
    _, pages = read_pdf(path, path.read_bytes())
    lines = text_lines(pages[0].text)
    for row in [HEADER, *ROWS, *FIGURES]:
        assert "\t".join(row) in lines, f"row {row} not read as tab-separated cells: {lines}"


def test_justified_prose_and_list_labels_get_no_tabs(tmp_path):
    path = make_table_pdf(tmp_path / "table.pdf")
    _, pages = read_pdf(path, path.read_bytes())
    lines = text_lines(pages[0].text)
    prose = [line for line in lines if not any(row[0] in line for row in [HEADER, *ROWS, *FIGURES])]
    assert len(prose) >= 5, f"expected the paragraph and list lines: {prose}"
    assert all("\t" not in line for line in prose), f"tabs in prose: {prose}"
    assert " ".join(" ".join(prose).split()).startswith(PARAGRAPH), prose
    assert LIST[0] in prose and LIST[1] in prose, prose


def test_text_is_otherwise_what_pdfium_gives(tmp_path):
    path = make_table_pdf(tmp_path / "table.pdf")
    _, pages = read_pdf(path, path.read_bytes())
    doc = pdfium.PdfDocument(path.read_bytes())
    plain = normalise(doc[0].get_textpage().get_text_range())
    doc.close()
    ours = pages[0].text
    assert ours.count("\t") >= 10, f"too few cell gaps found: {ours!r}"
    assert ours.count("\n") == plain.count("\n"), "line breaks must not change"
    assert " ".join(ours.split("\t")).replace("  ", " ") == plain.replace("  ", " "), (
        "only the spaces of a cell gap may change"
    )
