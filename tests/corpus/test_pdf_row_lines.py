"""A PDF table whose wrapped cells pdfium gives line by line across its rows reads a line a row."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

from assistant.register import extract_records
from corpus.pdf import read_pdf
from tests.assistant.register_papers import paper_and_chunks
from tests.papers import add_table, pdfium_text, text_lines

HEADING = "Fernbridge Health and Wellbeing Board - Action Log (updated 12 June 2025)"
COLUMNS = ("Ref", "Meeting date", "Item", "Action", "Lead", "Due", "Status")
WIDTHS = (22, 22, 28, 48, 25, 20, 25)
ROWS = [
    (
        "FHB/24/03",
        "12/09/2024",
        "Loneliness strategy",
        "Publish the refreshed loneliness strategy with the voluntary sector partners",
        "Gemma Holt",
        "31/12/2024",
        "Complete",
    ),
    (
        "FHB/24/09",
        "05/12/2024",
        "Falls service",
        "Report on waiting times for the community falls clinic",
        "Owen Pritchard",
        "13/03/2025",
        "Overdue - update due September 2025",
    ),
    (
        "FHB/25/02",
        "13/03/2025",
        "Smoking cessation",
        "Circulate quit rates by ward to Board members",
        "Dr Priya Nair",
        "30/04/2025",
        "Complete",
    ),
    (
        "FHB/25/05",
        "12/06/2025",
        "Air quality",
        "Bring a report on air quality near primary schools",
        "Tomasz Wren",
        "11/09/2025",
        "Open - on track",
    ),
]
# What read_pdf gives for the log: one line a row, each cell's printed lines joined by a space.
EXPECTED = [
    "Ref\tMeeting date\tItem\tAction\tLead\tDue\tStatus",
    "FHB/24/03\t12/09/2024\tLoneliness strategy\tPublish the refreshed loneliness strategy"
    " with the voluntary sector partners\tGemma Holt\t31/12/2024\tComplete",
    "FHB/24/09\t05/12/2024\tFalls service\tReport on waiting times for the community falls"
    " clinic\tOwen Pritchard\t13/03/2025\tOverdue - update due September 2025",
    "FHB/25/02\t13/03/2025\tSmoking cessation\tCirculate quit rates by ward to Board"
    " members\tDr Priya Nair\t30/04/2025\tComplete",
    "FHB/25/05\t12/06/2025\tAir quality\tBring a report on air quality near primary"
    " schools\tTomasz Wren\t11/09/2025\tOpen - on track",
]
PROSE = (
    "The Board reviewed its action log and noted that the falls service report was overdue. "
    "Members asked that waiting times be reported by locality and that the clinic's new "
    "referral form be shared with general practices before the next meeting in September."
)


def make_log_pdf(path: Path) -> Path:
    """Minutes whose action log is an fpdf2 table of narrow columns, cells set mid-row."""
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf = FPDF()
    pdf.set_font("Helvetica", size=10)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 11)
    pdf.multi_cell(0, 6, HEADING)
    pdf.set_font("Helvetica", size=10)
    pdf.ln(1)
    add_table(pdf, [COLUMNS, *ROWS], WIDTHS, text_align="LEFT", line_height=5)
    pdf.ln(2)
    pdf.multi_cell(0, 5, PROSE)
    pdf.output(str(path))
    return path


def make_across_pdf(path: Path) -> Path:
    """The same log drawn printed line by printed line across each row, as some writers do."""
    pdf = FPDF()
    pdf.set_font("Helvetica", size=10)
    pdf.add_page()
    lefts = [10.0]
    for width in WIDTHS:
        lefts.append(lefts[-1] + width)
    top = 20.0
    for cells in [COLUMNS, *ROWS]:
        wrapped = [
            pdf.multi_cell(w, 5, text, dry_run=True, output="LINES")
            for w, text in zip(WIDTHS, cells, strict=True)
        ]
        height = 5 * max(len(lines) for lines in wrapped) + 2
        pdf.line(lefts[0], top, lefts[-1], top)
        for n in range(max(len(lines) for lines in wrapped)):
            for left, lines in zip(lefts, wrapped, strict=False):
                if n < len(lines):
                    pdf.text(left + 1, top + 1 + 5 * n + 3.5, lines[n])
        top += height
    pdf.line(lefts[0], top, lefts[-1], top)
    pdf.output(str(path))
    return path


def test_pdfium_does_not_give_the_log_cell_by_cell(tmp_path):
    path = make_log_pdf(tmp_path / "log.pdf")
    plain = text_lines(pdfium_text(path))
    assert "Ref Meeting" in plain, f"the header's first printed lines come as one line: {plain}"


def test_a_log_whose_cells_wrap_mid_row_reads_one_line_per_row(tmp_path):
    path = make_log_pdf(tmp_path / "log.pdf")
    _, pages = read_pdf(path, path.read_bytes())
    lines = text_lines(pages[0].text)
    assert lines[1:-3] == EXPECTED, f"the log's rows, rebuilt: {lines}"
    assert lines[0] == HEADING, f"the heading above the table is kept: {lines}"
    assert " ".join(lines[-3:]) == PROSE, f"the prose after the table keeps its lines: {lines}"
    assert sorted(pages[0].text.split()) == sorted(pdfium_text(path).split()), (
        "rows are rebuilt from pdfium's words, none added or lost"
    )


def test_a_log_printed_line_by_line_across_reads_one_line_per_row(tmp_path):
    path = make_across_pdf(tmp_path / "across.pdf")
    plain = text_lines(pdfium_text(path))
    assert plain[0].startswith("Ref Meeting Item"), f"pdfium reads across the row: {plain}"
    _, pages = read_pdf(path, path.read_bytes())
    lines = text_lines(pages[0].text)
    assert lines == EXPECTED, f"the log's rows, rebuilt in column order: {lines}"


def test_each_row_of_the_log_is_one_action_with_its_lead_due_and_status(tmp_path):
    path = make_log_pdf(tmp_path / "papers" / "minutes.pdf")
    paper, chunks = paper_and_chunks(path)
    records = extract_records(paper, chunks)
    for ref, _, _, action, lead, due, status in ROWS:
        found = [r for r in records if action in r["text"]]
        assert len(found) == 1, f"{ref}: one record for its action, got {found or records}"
        record = found[0]
        assert record["kind"] == "action", f"{ref}: an action: {record}"
        assert record["owner"] == lead, f"{ref}: its lead is its owner: {record}"
        assert record["due"] == due, f"{ref}: its due date: {record}"
        assert record["status"] == status, f"{ref}: its status: {record}"


def make_other_pdf(path: Path) -> Path:
    """Prose in two columns, a numbered list, and a table of figures whose labels wrap."""
    pdf = FPDF()
    pdf.set_font("Helvetica", size=10)
    pdf.add_page()
    top = pdf.get_y()
    pdf.multi_cell(90, 5, PROSE)
    pdf.set_xy(110, top)
    pdf.multi_cell(90, 5, PROSE.replace("falls", "stroke"))
    pdf.ln(4)
    for n, (_, _, item, action, *_rest) in enumerate(ROWS, start=1):
        pdf.set_x(10)
        pdf.cell(10, 5, f"{n}.")
        pdf.multi_cell(60, 5, f"{item}: {action}")
    pdf.ln(4)
    figures = [
        ["Service area", "2023-24", "2024-25", "Change"],
        ["Community falls prevention clinics", "412", "455", "43"],
        ["Stop smoking service referrals", "1,208", "1,117", "-91"],
        ["Air quality monitoring sites", "14", "19", "5"],
    ]
    add_table(pdf, figures, (40, 30, 30, 30), text_align="LEFT", line_height=5)
    pdf.output(str(path))
    return path


def test_two_column_prose_a_numbered_list_and_figures_keep_pdfium_lines(tmp_path):
    path = make_other_pdf(tmp_path / "other.pdf")
    _, pages = read_pdf(path, path.read_bytes())
    ours, plain = pages[0].text, pdfium_text(path)
    assert ours.count("\n") == plain.count("\n"), f"line breaks must not change: {ours!r}"
    assert ours.replace("\t", " ") == plain, f"only cell gaps may become tabs: {ours!r}"
