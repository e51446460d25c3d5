"""Fixture papers for the decisions register: a fictional Harbourside Care Board and Cabinet.

The expected records of each fixture are written beside its text, so tests count them exactly.
"""

from __future__ import annotations

from pathlib import Path

from corpus.chunking import chunk_paper
from corpus.readers import read_file
from corpus.structure import structure
from corpus.types import Chunk, Paper
from tests.papers import make_pdf

# An agenda pack as extracted text: two sets of minutes, an officer report, and a tracker.
PACK_TEXT = """HARBOURSIDE CARE BOARD

Date and time: Monday, 20 January 2025 at 10.00 am

MINUTES of the meeting of the HARBOURSIDE CARE BOARD held at 10.00 am on 14 October 2024 at Quay House.

21 MINUTES OF THE PREVIOUS MEETING [Item 1]

The minutes were agreed as an accurate record.

22 RESPITE BEDS REVIEW [Item 2]

Key points raised during the discussion:

1. The Board heard that 40 respite beds were open in 2024.

2. Members asked about waiting times for respite care.

Recommendations:

1. That officers review the allocation of respite beds across the three localities.

Membership of the review group: Ann Lee, Raj Patel and Tom Quinn.

- 2. Commissioning Services to report occupancy figures to the Board by March 2025.

- 3. That the Board receives an update on carers' breaks at its next meeting.

Actions/further information to be provided:

None.

Board next steps:

The Board agreed to visit the Quay House respite unit before the end of 2024.

23 LOW TIDE HOUSING SCHEME [Item 3]

Key points raised during the discussion:

1. Members welcomed the scheme.

Recommendations:

None.

Actions/further information to be provided:

- 1. The Housing Lead to circulate the list of sites to Members.

Board next steps:

None.

MINUTES of the meeting of the HARBOURSIDE CARE BOARD held at 10.00 am on 9 December 2024 at Quay House.

31 HOME CARE MARKET [Item 2]

Recommendations:

The Board agreed the report.

32 RECOMMENDATIONS TRACKER [Item 3]

There was no discussion.

Harbourside Care Board 20 January 2025

Day Opportunities Report

Purpose of the report:

To update the Board on day opportunities for adults with learning disabilities.

Recommendations:

- 12. It is recommended that the Board:
 - 12.1. Supports the new day opportunities framework.
 - 12.2. Asks officers to report on take-up in six months.

Next steps:

- Consult service users on the framework (February 2025)
- Publish the framework

Report contact: Lena Fox, Head of Day Services

HARBOURSIDE CARE BOARD RECOMMENDATIONS TRACKER - UPDATED January 2025

Date of meeting\tItem\tRecommendations/ Actions\tTo\tResponse\tProgress Check On
14 October 2024\tRESPITE BEDS REVIEW [Item 2]\tThat officers review the allocation of respite beds across the three localities.\tHead of Commissioning\tA review group has been set up and will report in March.\tMarch 2025
14 October 2024\tRESPITE BEDS REVIEW [Item 2]\tThat the Board receives an update on carers' breaks at its next meeting.\tDemocratic Services\t\tFebruary 2025
14 Octobre 2024\tLOW TIDE HOUSING SCHEME [Item 3]\tThat the Housing Lead circulates the list of\tHousing Lead\tThe list was\tDecember 2024
Date of meeting\tItem\tRecommendations/ Actions\tTo\tResponse\tProgress Check On
\t\tsites to Members.\t\tcirculated on 2 November.\t
\t\tThat the Board monitors the scheme's costs.\t\tFinance Lead\tJune 2025

Harbourside Care Board - Forward Work Programme 2025

Date\tItem\tPurpose
20 January 2025\tDay Opportunities\tTo update the Board
"""  # noqa: E501

# (kind, number, start of text) in reading order
PACK_EXPECTED = [
    ("recommendation", "1", "That officers review the allocation"),
    ("recommendation", "2", "Commissioning Services to report"),
    ("recommendation", "3", "That the Board receives an update"),
    ("next-step", None, "The Board agreed to visit"),
    ("action", "1", "The Housing Lead to circulate"),
    ("recommendation", None, "The Board agreed the report."),
    ("recommendation", "12.1", "Supports the new day opportunities"),
    ("recommendation", "12.2", "Asks officers to report"),
    ("next-step", None, "Consult service users"),
    ("next-step", None, "Publish the framework"),
    ("recommendation", None, "That officers review the allocation"),
    ("recommendation", None, "That the Board receives an update"),
    ("recommendation", None, "That the Housing Lead circulates"),
    ("recommendation", None, "That the Board monitors"),
]

# Printed minutes as a PDF: numbered paragraphs, "RESOLVED" paragraphs with lettered parts.
CABINET_PAGES = [
    """MILLBROOK COUNCIL
CABINET
MINUTES of a meeting of the Cabinet held in the Council Chamber, Millbrook on
Thursday, 6 February 2025.
PRESENT: Mrs J Holloway (Chairman), Mr P Quinn, Ms A Patel
41. Minutes of the Meeting held on 9 January 2025
(Item 3)
RESOLVED that the minutes of the meeting on 9 January 2025 were a correct record
and that they be signed by the Chair
42. Budget Monitoring Report - December 2024
(Item 4)
1. Mr Quinn introduced the report on the forecast overspend.
2. Members asked about the schools budget.
3. RESOLVED that Cabinet agree to:
(a) Note the forecast revenue overspend of £4.1m.
(b) Note the forecast capital underspend of £9.7m.""",
    """(c) Delegate authority to the Director of Finance, in consultation with the
Leader, to agree the final year-end transfers.
43. Harbour Wall Repairs
(Item 5)
1. Ms Patel introduced the report.
2. RESOLVED that Cabinet approves the harbour wall repair scheme at a cost
of £2.2m, to be completed by 31 March 2026.
Library Opening Hours
(Item 6)
1. The Leader introduced the consultation results.
4) RESOLVED that the consultation results be noted.
44. Date of Next Meeting
(Item 7)
The next meeting will be held on 6 March 2025.""",
]

CABINET_EXPECTED = [
    ("resolution", None, "RESOLVED that the minutes of the meeting on 9 January 2025"),
    ("resolution", "3(a)", "Note the forecast revenue overspend"),
    ("resolution", "3(b)", "Note the forecast capital underspend"),
    ("resolution", "3(c)", "Delegate authority to the Director of Finance"),
    ("resolution", "2", "RESOLVED that Cabinet approves the harbour wall"),
    ("resolution", "4", "RESOLVED that the consultation results be noted."),
]


def paper_and_chunks(path: Path) -> tuple[Paper, list[Chunk]]:
    """Read, structure and chunk a file the way ingest does."""
    paper = structure(read_file(path))
    return paper, chunk_paper(paper)


def make_pack(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(PACK_TEXT, encoding="utf-8")
    return path


def make_cabinet_minutes(path: Path) -> Path:
    return make_pdf(path, CABINET_PAGES)


# An officer report to the same Cabinet: its recommendations are decided by resolution 3.
REPORT_PAGES = [
    """From: Mr P Quinn, Cabinet Member for Finance
To: Cabinet - 6 February 2025
Subject: Budget Monitoring Report - December 2024
Date and time: Thursday, 6 February 2025 at 10.00 am
Summary: This report sets out the forecast position for the year.
Recommendation(s):
Cabinet is asked to:
A. NOTE the forecast revenue overspend of £4.1m.
B. NOTE the forecast capital underspend of £9.7m.
1. Introduction
1.1 The forecast revenue overspend has fallen since the last report.""",
]


def make_budget_report(path: Path) -> Path:
    return make_pdf(path, REPORT_PAGES)


# Trust board minutes: actions minuted as "ACTION:" lines, decisions as "AGREED", an action log.
TRUST_TEXT = """ESTUARY HEALTH TRUST BOARD

MINUTES of the meeting of the ESTUARY HEALTH TRUST BOARD held at 10.00 am on 3 March 2025 at Dock House.

12 FINANCE REPORT [Item 4]

The Director of Finance presented the month 10 position, a deficit of £1.2 million.
ACTION: Director of Finance to circulate the capital programme to members by 31 March 2025.
Members asked for a breakdown of agency spend by ward, and how it compared with last year.
ACTION: Head of Workforce
AGREED: That the month 10 position be noted.

13 ESTATES STRATEGY [Item 5]

The Board discussed the condition of the Dock House wards.

It was AGREED that:
(a) the estates strategy be approved; and
(b) the Director of Estates reports progress to the Board in September 2025.

Members agreed that the wards needed investment.

14 ACTION LOG [Item 6]

Action\tOwner\tDue date\tStatus
Publish the patient safety strategy\tMedical Director\tApril 2025\tDraft circulated.
Review the winter discharge scheme\tChief Operating Officer\tJune 2025\t
"""  # noqa: E501

# (kind, number, start of text, owner) in reading order
TRUST_EXPECTED = [
    ("action", None, "ACTION: Director of Finance to circulate", "Director of Finance"),
    ("action", None, "Members asked for a breakdown of agency spend", "Head of Workforce"),
    ("resolution", None, "AGREED: That the month 10 position be noted.", None),
    ("resolution", "(a)", "the estates strategy be approved", None),
    ("resolution", "(b)", "the Director of Estates reports progress", "Director of Estates"),
    ("action", None, "Publish the patient safety strategy", "Medical Director"),
    ("action", None, "Review the winter discharge scheme", "Chief Operating Officer"),
]


def make_trust_minutes(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(TRUST_TEXT, encoding="utf-8")
    return path
