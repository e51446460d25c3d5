"""Fixture papers made by the tests: a fictional Millbrook Borough Council committee, any format.

Every helper writes one file at the path given (parent folders are created) and returns that path.
The text each helper writes is in the module constants below, so tests can assert on it.
All PDF text is Latin-1 safe (fpdf2 core font Helvetica); "£" is Latin-1. Lines are short
enough (< 95 characters) that fpdf2 never wraps them, so the extracted text of a sheet is
exactly the given text (less any blank lines, which PDF text extraction drops), plus
"\nPage N" when a footer label is printed.
"""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

COMMITTEE = "Adult Services Select Committee"
MEETING_DATE = "12 March 2024"

# The three sheets of make_minutes_pdf; their footers print "Page 5", "Page 6", "Page 7".
MINUTES_LABELS = ["5", "6", "7"]
MINUTES_PAGES = [
    """MINUTES of the meeting of the ADULT SERVICES SELECT COMMITTEE held at 10.00 am
on 12 March 2024 at Millbrook Town Hall.
Members present:
Mrs Jane Holloway (Chairman)
Mr Peter Quinn (Vice-Chairman)
Ms Amira Patel
Mr Tom Brennan
1/24 APOLOGIES FOR ABSENCE AND SUBSTITUTIONS [Item 1]
Apologies were received from Mr David Okafor.
2/24 MINUTES OF THE PREVIOUS MEETING: 14 DECEMBER 2023 [Item 2]
The minutes were agreed as a true record of the meeting.
3/24 DECLARATIONS OF INTEREST [Item 3]
None received.
4/24 MEALS ON WHEELS CONTRACT [Item 4]
Witnesses:
Sarah Lindqvist, Head of Commissioning
Key points raised during the discussion:
1. The Head of Commissioning reported that 1,240 residents received meals each week,
up from 1,050 in 2023.
2. The contract with Hearth Foods Ltd is worth £2.4 million over three years.
3. Members noted that 96% of deliveries arrived within the agreed time slot.""",
    """Recommendations:
1. That the Committee endorses the extension of the meals on wheels contract to 31 March 2026.
2. That officers report delivery performance to the Committee every six months.
RESOLVED:
That the Committee notes the report.
5/24 HOME CARE WORKFORCE [Item 5]
Witnesses:
Daniel Moss, Director of Adult Social Care
Key points raised during the discussion:
1. The Director said that the vacancy rate among home care workers was 14%,
against a national average of 10%.
2. A recruitment campaign costing £85,000 had attracted 62 applicants since January 2024.
3. Members asked about travel time; the Director confirmed that staff are paid for travel
between visits from 1 April 2024.""",
    """Recommendations:
1. That the Director of Adult Social Care reports back on the recruitment campaign
by 30 September 2024.
2. That the Committee supports paying home care workers the Real Living Wage of £12.00 an hour.
Actions/further information to be provided:
1. The Director of Adult Social Care to circulate the vacancy figures by locality.
2. The Head of Commissioning to share the retention survey results with Members by 30 April 2024.
RESOLVED:
That the Committee recommends to the Cabinet that home care workers are paid the Real Living
Wage from April 2025.
6/24 DATE OF THE NEXT MEETING [Item 6]
The Committee noted that its next meeting will be held on 11 June 2024.
Meeting ended at: 12.35 pm
Chairman""",
]

ENCRYPTED_TEXT = "Confidential minutes of the Adult Services Select Committee."
CORRUPT_BYTES = b"%PDF-1.4\nthis is not really a PDF: the cross-reference table is missing\n%%EOF\n"

DOCX_HEADING = "Quarterly Performance Report"
DOCX_PARAGRAPHS = [
    "Report of the Director of Adult Social Care to the Adult Services Select Committee.",
    "Delayed discharges fell by 18% in the quarter to December 2023.",
]
DOCX_TABLE = [
    ["Measure", "Target", "Actual"],
    ["Reviews completed", "85%", "91%"],
    ["New carers assessed", "400", "362"],
]
DOCX_CLOSING = "Report contact: Priya Shah, Performance Lead, priya.shah@millbrook.example.gov.uk"

HTML_TITLE = "Forward Work Programme 2024"
HTML_BODY = """<h1>Adult Services Select Committee: Forward Work Programme</h1>
<p>The Committee will consider the following items in 2024.</p>
<ul><li>June 2024: Home care recruitment update</li><li>September 2024: Carers strategy</li></ul>
<table>
<tr><th>Meeting</th><th>Item</th><th>Lead officer</th></tr>
<tr><td>11 June 2024</td><td>Home care recruitment update</td><td>Daniel Moss</td></tr>
<tr><td>10 September 2024</td><td>Carers strategy</td><td>Sarah Lindqvist</td></tr>
</table>
<script>var ignored = "script text is dropped";</script>"""

TXT_TEXT = """MINUTES OF THE PREVIOUS MEETING
7/24 DAY SERVICES REVIEW [Item 7]
The Committee noted that 310 people attend day services across 9 centres.
RESOLVED:
That the review is brought back to the Committee in June 2024.
"""


# Minutes as Irish councils print them (a made-up county): a mover and a seconder to a line, the
# resolution in quotes, and each side of a division as a heading over its members' names.
RESOLUTIONS = """MINUTES of a meeting of Knockbeg County Council held on 14 May 2026.

4. Disposal of Land at Knockbeg

Proposed by: Councillor Brennan (P);

Seconded by: Councillor Dunne

And Resolved:

“That, the disposal of land at 8, Mill Lane, Knockbeg to Ms A Walsh be approved.”

5. Annual Budget 2026

Following further discussion, the Cathaoirleach stated that a vote would be required on the
proposal to adopt the Draft Budget, as presented, as proposed by Councillor Kerr and
seconded by Councillor O’Rourke.
The result of the voting was as follows:

**For**

Councillors Brennan (P), Brennan (T), Dunne, Kerr, Lyons, O’Rourke,
Quigley, Tobin. **(8)**

**Against**

Councillors Fahy, Madden, Nolan, Sheridan. **(4)**

**ABSTENTION:**

Councillor Walsh

(1)

The Cathaoirleach declared the Motion to adopt the Budget, as proposed by Councillor Kerr and
seconded by Councillor O’Rourke, as carried.

6. Election of Cathaoirleach

Proposed by Councillor Lyons;
Seconded by Councillor Tobin;
“That, Councillor Kerr be elected Cathaoirleach.”

**Second nomination – Proposed by Councillor Fahy and seconded by**
**Councillor Nolan**

**For Councillor Kerr**

Councillors Brennan (P), Dunne, Kerr, Lyons, Tobin. **(5)**

**For Councillor Madden**

Councillors Fahy, Madden, Nolan. **(3)**

The Meetings Administrator declared Councillor Kerr elected as Cathaoirleach.

7. Greenway Report

**For decision**

The committee is asked to:

(1) approve the route.
"""


# Two sheets of full council minutes with a motion, two amendments (one crossing the sheet break)
# and recorded votes, as make_council_minutes_pdf writes them.
COUNCIL_PAGES = [
    """MINUTES of a meeting of Millbrook Borough Council held at the Town Hall on 20 June 2024.
PRESENT: Mrs J Holloway (Mayor), Mr P Quinn, Ms A Patel, Mr T Brennan, Mrs K Osei, Mr L Varga
Election of Vice-Chair
1. Mr Quinn proposed, and Mr Varga seconded that Mrs K Osei be elected Vice-Chair for the year.
Agreed unanimously.
57. Library Services Review
(Item 6)
1) The Leader of the Independent Group, Mr Varga, said the branch libraries were valued.
2) Mr Quinn proposed, and Ms Patel seconded the motion that
"Council is asked to:
(1) Approve the consultation on the future of the five branch libraries
(2) Note the savings target of £400,000 for 2025-26"
3) Mr Varga proposed and Mrs Osei seconded the following amendment to the motion set out
in paragraph 2:
"Council is asked to:
(1) Approve the consultation on the future of the five branch libraries
(2) Note the savings target of £400,000 for 2025-26
(3) Ask that no branch library closes before the mobile library service
is extended to every village\"""",
    """4) Following the debate, the Mayor put the amendment set out in paragraph 3 to the vote
and the voting was as follows:
For (12)
Mr Brennan, Mrs Osei, Mr Varga
Against (20)
Mrs Holloway, Mr Quinn, Ms Patel
Abstain (2)
Mr Adeyemi, Ms Roth
Amendment lost.
5) Mr Brennan proposed and Mrs Osei seconded the following amendment to the motion set out
in paragraph 2:
"(3) Expects a report on library opening hours to the September meeting"
Amendment carried.
6) The Mayor put the substantive motion to the vote and the voting was as follows:
For (25)
Against (8)
Abstain (1)
Substantive Motion carried.
58. Date of the next meeting
(Item 7)
The next meeting will be held on 19 September 2024.""",
]


def _new_pdf(title: str | None) -> FPDF:
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)  # one given text per sheet: never let fpdf add sheets
    pdf.set_font("Helvetica", size=10)
    if title:
        pdf.set_title(title)
    return pdf


def make_pdf(
    path: Path,
    pages: list[str],
    *,
    footer_labels: bool | list[str | None] = False,
    title: str | None = None,
) -> Path:
    """A PDF with one sheet per text in `pages` (keep each under ~50 lines).

    footer_labels: False prints no page number; True prints "Page N" (N = sheet number) as the
    last line of each sheet; a list prints "Page {label}" per sheet (None prints nothing).
    `title` sets the PDF metadata title.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if footer_labels is True:
        labels: list[str | None] = [str(i + 1) for i in range(len(pages))]
    elif footer_labels is False:
        labels = [None] * len(pages)
    else:
        labels = list(footer_labels)
    pdf = _new_pdf(title)
    for text, label in zip(pages, labels, strict=True):
        pdf.add_page()
        pdf.multi_cell(0, 5, text)
        if label is not None:
            pdf.set_xy(pdf.l_margin, pdf.h - 15)
            pdf.cell(0, 5, f"Page {label}", align="C")
    pdf.output(str(path))
    return path


def add_table(pdf: FPDF, rows: list[list[str]], widths, **options) -> None:
    """An fpdf2 table of `rows` (the first is the header) whose long cells wrap."""
    with pdf.table(col_widths=widths, **options) as table:
        for cells in rows:
            row = table.row()
            for text in cells:
                row.cell(text)


def pdfium_text(path: Path, page: int = 0) -> str:
    """pdfium's own text of a sheet, as ingest normalises it, before any table is rebuilt."""
    import pypdfium2 as pdfium

    from corpus.pdf import normalise

    doc = pdfium.PdfDocument(Path(path).read_bytes())
    try:
        return normalise(doc[page].get_textpage().get_text_range())
    finally:
        doc.close()


def text_lines(text: str) -> list[str]:
    """The non-blank lines of a text, stripped."""
    return [line.strip() for line in text.split("\n") if line.strip()]


def make_minutes_pdf(path: Path) -> Path:
    """Three sheets of fictional minutes (MINUTES_PAGES), footers "Page 5", "Page 6", "Page 7".

    Sheet 1: header, members, items 1/24-3/24, item "4/24 MEALS ON WHEELS CONTRACT [Item 4]"
    with Witnesses and "Key points raised during the discussion:" (1,240 residents; £2.4 million;
    96%). Sheet 2: its "Recommendations:" (contract extended to 31 March 2026), "RESOLVED:",
    then "5/24 HOME CARE WORKFORCE [Item 5]" (vacancy rate 14%; £85,000 campaign; 62 applicants).
    Sheet 3: its "Recommendations:" (report back by 30 September 2024; Real Living Wage £12.00),
    "Actions/further information to be provided:", "RESOLVED:", "6/24 DATE OF THE NEXT MEETING
    [Item 6]" (11 June 2024). Metadata title "Minutes - Adult Services Select Committee".
    """
    return make_pdf(
        path,
        MINUTES_PAGES,
        footer_labels=MINUTES_LABELS,
        title="Minutes - Adult Services Select Committee",
    )


def make_encrypted_pdf(path: Path) -> Path:
    """A one-sheet PDF holding ENCRYPTED_TEXT that needs the user password "secret" to open."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf = _new_pdf(None)
    pdf.set_encryption(owner_password="owner-pass", user_password="secret")
    pdf.add_page()
    pdf.multi_cell(0, 5, ENCRYPTED_TEXT)
    pdf.output(str(path))
    return path


def make_scanned_pdf(path: Path) -> Path:
    """A two-sheet PDF of images only (grey boxes standing in for scanned text): no text at all."""
    from PIL import Image, ImageDraw

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.new("RGB", (600, 800), "white")
    draw = ImageDraw.Draw(image)
    for top in range(60, 740, 40):
        draw.rectangle((50, top, 550, top + 16), fill="grey")
    pdf = _new_pdf(None)
    for _ in range(2):
        pdf.add_page()
        pdf.image(image, x=10, y=10, w=190)
    pdf.output(str(path))
    return path


def make_corrupt_pdf(path: Path, *, header: bool = True) -> Path:
    """A .pdf that is not a PDF: CORRUPT_BYTES (starts "%PDF-1.4"), or plain text without header."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(CORRUPT_BYTES if header else b"Just some notes saved with the wrong name.\n")
    return path


def make_empty_file(path: Path) -> Path:
    """A file of zero bytes (any suffix)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"")
    return path


def make_docx(path: Path, *, title: str | None = None) -> Path:
    """A Word file: Heading 1 DOCX_HEADING, DOCX_PARAGRAPHS, the 3x3 DOCX_TABLE, DOCX_CLOSING.

    `title` sets the core-properties title (default: none, so the heading is the title).
    """
    import docx

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    document = docx.Document()
    document.core_properties.title = title or ""
    document.add_heading(DOCX_HEADING, level=1)
    for paragraph in DOCX_PARAGRAPHS:
        document.add_paragraph(paragraph)
    table = document.add_table(rows=len(DOCX_TABLE), cols=len(DOCX_TABLE[0]))
    for row, values in zip(table.rows, DOCX_TABLE, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    document.add_paragraph(DOCX_CLOSING)
    document.save(str(path))
    return path


def make_html(path: Path, *, title: str | None = HTML_TITLE, body: str = HTML_BODY) -> Path:
    """An HTML page: <title> `title` (omitted when None) and `body` (default HTML_BODY)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    title_tag = f"<title>{title}</title>" if title else ""
    head = f"<head><meta charset='utf-8'>{title_tag}</head>"
    path.write_text(f"<!DOCTYPE html>\n<html>{head}<body>\n{body}\n</body></html>\n", "utf-8")
    return path


def make_txt(
    path: Path,
    text: str = TXT_TEXT,
    *,
    pages: list[str] | None = None,
    encoding: str = "utf-8",
) -> Path:
    """A text file holding `text` (default TXT_TEXT), or `pages` joined by form feeds (\\f)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    content = "\f".join(pages) if pages is not None else text
    path.write_bytes(content.encode(encoding))
    return path


def make_council_minutes_pdf(path: Path) -> Path:
    """Two sheets of fictional full council minutes (COUNCIL_PAGES): Mrs Osei elected Vice-Chair
    (agreed unanimously), then item "57. Library Services Review": a motion (Mr Quinn), an
    amendment by Mr Varga of the Independent Group that crosses the sheet break and is lost
    12-20-2, an amendment by Mr Brennan that is carried, and the substantive motion carried
    25-8-1."""
    return make_pdf(path, COUNCIL_PAGES, title="Minutes - Millbrook Borough Council")
