"""A PDF table whose cells wrap reads one line per row; other text keeps pdfium's lines."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

from corpus.pdf import read_pdf
from tests.papers import add_table, pdfium_text, text_lines

TITLE = "ADULT SERVICES SELECT COMMITTEE - RECOMMENDATIONS TRACKER"
COLUMNS = ["Date of meeting", "Item", "Recommendation", "To", "Response", "Progress check"]
WIDTHS = (24, 16, 80, 40, 80, 26)
ROWS = [
    [
        "14 May 2024",
        "Item 5",
        "That the Cabinet Member for Adult Care reviews the charging policy for day services "
        "and reports the outcome of the consultation with carers to this committee.",
        "Cabinet Member for Adult Care",
        "The consultation closed in August and its findings are being analysed by officers "
        "before a report in the autumn.",
        "November 2024",
    ],
    [
        "14 May 2024",
        "Item 6",
        "That officers circulate the home care vacancy figures by locality to all Members.",
        "Director of Adult Social Care",
        "Circulated by email on 3 June 2024.",
        "Completed",
    ],
    [
        "9 July 2024",
        "Item 3",
        "That the library opening hours review includes the views of rural parishes and of "
        "young people who use the libraries for study, and reports back to the committee.",
        "Head of Libraries",
        "Parish councils were written to in July; a survey of young people runs until the end "
        "of October, with results to follow in a report to the committee.",
        "January 2025",
    ],
]
AFTER = "The committee agreed to keep the tracker under review at each of its meetings."
PARAGRAPH = (
    "The Committee heard that the meals on wheels service had grown steadily through the year, "
    "and that the contract with Hearth Foods Ltd would be reviewed before it ends. Members asked "
    "officers to compare delivery times across the borough and to report back in the autumn."
)
GRID = [["Service", "Budget 2024", "Lead officer"], ["Home care", "£85,000", "Daniel Moss"]]
BUDGET = [
    ["Scheme", "Description", "2024-25", "2025-26"],
    [
        "School Roofs",
        "Structural repairs to school roofs across the county, by need",
        "4,609",
        "507",
    ],
    [
        "Childcare",
        "Grant funding for new places for children aged 9 months to 3 years",
        "2,409",
        "0",
    ],
]


def make_tracker_pdf(path: Path) -> Path:
    """A landscape sheet: a title, the tracker as an fpdf2 table whose cells wrap, a sentence."""
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf = FPDF(orientation="L")
    pdf.set_font("Helvetica", size=9)
    pdf.add_page()
    pdf.cell(0, 8, TITLE, new_x="LMARGIN", new_y="NEXT")
    add_table(pdf, [COLUMNS, *ROWS], WIDTHS)
    pdf.ln(4)
    pdf.multi_cell(0, 5, AFTER)
    pdf.output(str(path))
    return path


def make_other_pdf(path: Path) -> Path:
    """Prose, a justified paragraph, a one-line-per-row grid, and a table of figures that wraps."""
    pdf = FPDF()
    pdf.set_font("Helvetica", size=10)
    pdf.add_page()
    pdf.multi_cell(0, 5, AFTER)
    pdf.ln(2)
    pdf.multi_cell(0, 5, PARAGRAPH, align="J")
    pdf.ln(2)
    for cells in GRID:
        for text in cells:
            pdf.cell(60, 7, text, border=1)
        pdf.ln(7)
    pdf.add_page()  # alone on its sheet, so that nothing but its own columns is in view
    aligns = ("LEFT", "LEFT", "RIGHT", "RIGHT")
    add_table(pdf, BUDGET, (30, 70, 25, 25), text_align=aligns, v_align="TOP")
    pdf.output(str(path))
    return path


def test_a_tracker_whose_cells_wrap_reads_one_line_per_row(tmp_path):
    path = make_tracker_pdf(tmp_path / "tracker.pdf")
    _, pages = read_pdf(path, path.read_bytes())
    lines = text_lines(pages[0].text)
    for cells in [COLUMNS, *ROWS]:
        assert "\t".join(cells) in lines, f"row {cells[:3]} not one line of cells: {lines}"
    assert lines[0] == TITLE, f"the title above the table is kept as it was: {lines}"
    assert lines[-1] == AFTER, f"the sentence after the table is kept as it was: {lines}"
    assert len(lines) == len(ROWS) + 3, f"nothing but the rows, the title and the sentence: {lines}"


def test_rebuilt_rows_keep_every_word_pdfium_gives(tmp_path):
    path = make_tracker_pdf(tmp_path / "tracker.pdf")
    _, pages = read_pdf(path, path.read_bytes())
    ours = sorted(pages[0].text.split())
    plain = sorted(pdfium_text(path).split())
    assert ours == plain, "rows are rebuilt from pdfium's words, none added or lost"


def test_prose_grid_justified_text_and_figures_keep_pdfium_lines(tmp_path):
    path = make_other_pdf(tmp_path / "other.pdf")
    _, pages = read_pdf(path, path.read_bytes())
    ours = pages[0].text
    plain = pdfium_text(path)
    assert ours.count("\n") == plain.count("\n"), f"line breaks must not change: {ours!r}"
    assert ours.replace("\t", " ") == plain, "only the spaces of a one-line row's cell gaps change"
    lines = text_lines(ours)
    assert "\t".join(GRID[1]) in lines, f"the one-line grid keeps its tabs: {lines}"
    assert all("\t" not in line for line in lines if line in PARAGRAPH), "no tabs in prose"
    figures = pages[1].text
    assert figures.count("\n") == pdfium_text(path, 1).count("\n"), (
        f"a table of figures whose descriptions wrap keeps pdfium's lines: {figures!r}"
    )
