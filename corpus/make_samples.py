"""Write corpus/samples' minutes PDF from the text below: `python -m corpus.make_samples`.

The Riverside Community Health Board and everyone in its papers are fictional. The other sample
papers (the officer report, the tracker and the boardpapers.json files) are plain files kept as
they are; only the PDF is generated, because a PDF is not reviewable as text. Needs fpdf2 (a test
dependency); the generated PDF is committed so the quick start works without it.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

SAMPLES = Path(__file__).parent / "samples"
MINUTES_PDF = SAMPLES / "2024-09-12" / "Minutes 12 September 2024.pdf"

# One string per sheet; lines stay under ~95 characters so fpdf2 never wraps them.
MINUTES = [
    """RIVERSIDE BOROUGH COUNCIL
MINUTES of the meeting of the RIVERSIDE COMMUNITY HEALTH BOARD held at 2.00 pm on
12 September 2024 at the Civic Centre, Riverside.

Members present:
Cllr Helen Ashdown (Chairman)
Cllr Marcus Obi (Vice-Chairman)
Cllr Priya Raman
Cllr Gareth Lowe
Cllr Susan Whitfield
Independent member: Dr Fiona Carr, Riverside Patients' Forum

21/24 APOLOGIES FOR ABSENCE AND SUBSTITUTIONS [Item 1]
Apologies were received from Cllr Dennis Hart. Cllr Susan Whitfield substituted.

22/24 MINUTES OF THE PREVIOUS MEETING: 11 JULY 2024 [Item 2]
The minutes were agreed as a true record of the meeting.

23/24 HOME CARE WORKFORCE [Item 5]
Witnesses:
Angela Moore, Director of Adult Social Care
Ravi Patel, Head of Commissioning, Adult Social Care
Lorraine Kemp, Chief Executive, Riverside Care Providers' Association

Key points raised during the discussion:
1. The Director reported that 1,180 people received home care in Riverside in August 2024,
an increase of 9% on August 2023.
2. There were 146 vacant home care posts, a vacancy rate of 17%, against a regional average
of 11%.
3. Members heard that 31% of new care workers left within their first six months.""",
    """4. The Head of Commissioning explained that the council pays providers £23.40 an hour for
home care, and that the rate would need to rise to £25.10 an hour to fund the Real Living Wage.
5. A recruitment campaign, "Care to Join Us", costing £60,000, had recruited 48 care workers
between April and August 2024.
6. The Chief Executive of the Care Providers' Association said that unpaid travel time between
visits was the most common reason care workers gave for leaving.
7. Members asked about hospital discharge; the Director confirmed that 38 people were waiting
in hospital for a home care package on 1 September 2024.

Recommendations:
1. That the Cabinet Member for Adult Social Care considers funding paid travel time for home
care workers from April 2025.
2. That the Director of Adult Social Care reports to the Board on the outcome of the
"Care to Join Us" campaign by 31 January 2025.
3. That the Head of Commissioning sets a target to reduce the home care vacancy rate to 12%
by March 2026.

Actions/further information to be provided:
1. Ravi Patel to circulate the hourly rates paid by neighbouring councils to Members by
30 September 2024.
2. Angela Moore to provide a breakdown, by hospital, of the 38 people waiting for a home care
package.

RESOLVED:
That the Board notes the report and agrees the recommendations above.""",
    """24/24 COMMUNITY MENTAL HEALTH TRANSFORMATION [Item 6]
Witnesses:
Dr Samuel Adeyemi, Clinical Director, Riverside and Eastvale NHS Foundation Trust
Karen Lyle, Mental Health Commissioning Manager

Key points raised during the discussion:
1. The Clinical Director reported that the wait for a first community mental health
appointment had fallen from 14 weeks to 9 weeks since January 2024.
2. Four neighbourhood mental health hubs would open by 31 March 2025, funded by a
£1.2 million NHS grant.
3. Members were concerned that 22% of referrals of young people aged 16 to 25 were not
accepted by the service.

Recommendations:
1. That the Trust reports waiting times for young people aged 16 to 25 separately in its
future updates to the Board.
2. That the Board visits the first neighbourhood mental health hub when it opens.

Actions/further information to be provided:
1. Karen Lyle to share the locations of the four neighbourhood hubs with Members.

RESOLVED:
That the Board notes the progress of the community mental health transformation programme.

25/24 RECOMMENDATIONS TRACKER AND FORWARD WORK PROGRAMME [Item 7]
The Board noted the recommendations tracker and agreed to add a falls prevention item to
its meeting on 14 November 2024.

26/24 DATE OF THE NEXT MEETING [Item 8]
The Board noted that its next meeting will be held on 14 November 2024.

Meeting ended at: 4.25 pm

Chairman""",
]


def write_minutes_pdf(path: Path = MINUTES_PDF) -> Path:
    """The sample minutes as a three-sheet A4 PDF with a "Page N" footer on each sheet."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)  # one sheet per string above
    pdf.set_title("Minutes of the Riverside Community Health Board, 12 September 2024")
    pdf.set_author("Riverside Borough Council Democratic Services")
    # a fixed timestamp, so regenerating gives identical bytes (and the same paper id)
    pdf.set_creation_date(datetime(2024, 9, 20, tzinfo=UTC))
    for number, text in enumerate(MINUTES, start=1):
        pdf.add_page()
        pdf.set_font("Helvetica", size=10)
        pdf.multi_cell(0, 5, text)
        pdf.set_xy(pdf.l_margin, pdf.h - 15)
        pdf.cell(0, 5, f"Page {number}", align="C")
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    return path


if __name__ == "__main__":
    sys.stdout.write(f"wrote {write_minutes_pdf()}\n")
