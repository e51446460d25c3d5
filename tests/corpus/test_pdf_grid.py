"""Only a grid of table rows keeps its tabs: a label set out on a tab stop stays prose."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from fpdf import FPDF

from corpus.chunking import chunk_paper
from corpus.readers import read_file
from corpus.structure import structure

INTRO = (
    "The Cabinet Member introduced the report on the waste strategy, which sets out how the "
    "council will reduce landfill over the next ten years and what it will cost."
)
LABELS = [("Scale:", "1.5 million tonnes a year"), ("Decision no:", "24/00109")]
OUTRO = (
    "Members asked whether the figures allowed for growth in housing, and officers said that "
    "they did, using the district councils' own forecasts of new homes."
)
ROWS = [
    ["District", "Tonnes 2024", "Tonnes 2025"],
    ["Ashford", "41,200", "40,100"],
    ["Dover", "38,900", "37,600"],
]
TOTAL = ["Total", "80,100"]  # a two-cell line right under a grid is its last row
LONE_ROW = ["Waste Strategy 2025-35", "Version 3", "Page 2"]


def make_pdf(path: Path) -> Path:
    """Prose with two label lines, a lone three-cell line, then a three-row table."""
    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    for cells in [LONE_ROW]:
        for text in cells:
            pdf.cell(60, 6, text)
        pdf.ln(10)
    pdf.multi_cell(0, 6, INTRO)
    for label, value in LABELS:
        pdf.cell(50, 6, label)
        pdf.cell(0, 6, value, new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 6, OUTRO)
    pdf.ln(4)
    for row in [*ROWS, TOTAL]:
        for text in row:
            pdf.cell(50, 8, text, border=1)
        pdf.ln(8)
    pdf.output(str(path))
    return path


def test_label_lines_and_a_lone_row_get_no_tabs_but_a_grid_does(tmp_path):
    source = read_file(make_pdf(tmp_path / "waste.pdf"))
    lines = [line.strip() for line in source.pages[0].text.split("\n") if line.strip()]
    for row in [*ROWS, TOTAL]:
        assert "\t".join(row) in lines, f"table row {row} should read as cells: {lines}"
    tabbed = [line for line in lines if "\t" in line]
    assert len(tabbed) == len(ROWS) + 1, f"only the table's rows may hold tabs: {tabbed}"
    for label, value in LABELS:
        assert f"{label} {value}" in " ".join(lines), f"label line kept as prose: {lines}"


def test_label_lines_chunk_with_the_prose_around_them(tmp_path):
    paper = structure(read_file(make_pdf(tmp_path / "waste.pdf")))
    chunks = chunk_paper(paper)
    with_label = [c for c in chunks if "Scale:" in c.text]
    assert len(with_label) == 1, f"one chunk holds the label line: {[c.text for c in chunks]}"
    text = " ".join(with_label[0].text.split())
    assert INTRO[:40] in text and OUTRO[:40] in text, f"label line cut out of its prose: {text!r}"
    tables = [s for part in paper.parts for s in part.sections if s.is_table]
    assert tables, "the grid is a table section"
    assert all("Scale:" not in s.text for s in tables), f"label line read as table: {tables}"
    page = paper.source.pages[0].text
    assert all(c.text in page for c in chunks), "chunk text must be a substring of its page"


def make_long_table_pdf(path: Path) -> Path:
    """Prose, then a 45-row table (more than one chunk holds), then prose again."""
    pdf = FPDF()
    pdf.set_font("Helvetica", size=10)
    pdf.add_page()
    pdf.multi_cell(0, 5, INTRO)
    pdf.ln(2)
    for n in range(45):
        for text in [f"Ward {n + 1} of the district", f"{1000 + 37 * n:,}", f"{900 + 41 * n:,}"]:
            pdf.cell(60, 5, text, border=1)
        pdf.ln(5)
    pdf.ln(2)
    pdf.multi_cell(0, 5, OUTRO)
    pdf.output(str(path))
    return path


def test_a_pdf_table_chunks_as_its_text_without_tabs_did(tmp_path):
    source = read_file(make_long_table_pdf(tmp_path / "wards.pdf"))
    assert source.pages[0].text.count("\t") >= 90, "the table's rows read as cells"
    spaced = replace(
        source, pages=[replace(p, text=p.text.replace("\t", " ")) for p in source.pages]
    )
    tabbed = [c.text for c in chunk_paper(structure(source))]
    plain = [c.text for c in chunk_paper(structure(spaced))]
    assert len(tabbed) >= 2, f"a long table makes several chunks: {tabbed}"
    assert [t.replace("\t", " ") for t in tabbed] == plain, (
        "a PDF table's printed lines are packed like any other lines"
    )
