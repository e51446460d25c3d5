"""Other councils' and boards' paper formats: minutes kind, committee, meeting date and items."""

# ruff: noqa: E501  (fixtures keep whole paragraphs on one line, as text extraction does)

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest

from corpus.chunking import chunk_paper
from corpus.readers import read_file
from corpus.structure import structure
from corpus.types import Kind, Meeting, Page, Paper, SourceFile
from tests import papers

# Fictional minutes in the style many council websites publish: capitals titles, no item refs.
CAPITALS_MINUTES = """ASHCOMBE DISTRICT COUNCIL

MINUTES of a meeting of the EXECUTIVE held on Wednesday, 8 November 2023 at 6.30 pm in the Assembly Room, Town Hall, Ashcombe.

PRESENT: Councillor P Okafor (Chair), Councillors R Lund, S Mehta and T Varga.

112. APOLOGIES FOR ABSENCE

Apologies were received from Councillor W Yates.

113. LEISURE CENTRE REFURBISHMENT

The Executive considered a report of the Head of Leisure on the tenders received for the refurbishment of the Ashcombe Leisure Centre.

1. Agree to submit a request to Government for capital support towards the pool hall roof.

2. The Leader introduced the report.

RESOLVED:

(1) That the tender from Norbridge Builders be accepted.

(2) That authority be delegated to the Head of Leisure to agree the final contract terms.

Reasons for decision: To keep the centre open through the works.

114. COMMUNITY GRANTS SCHEME

The Executive considered the annual allocation of community grants.

RESOLVED – That grants totalling £86,000 be awarded as set out in Appendix 2.
"""

TITLE_CASE_MINUTES = """Minutes of a meeting of the Planning Policy Committee held on Thursday, 18 January 2024

7. Declarations of Interest

None were declared.

8. Local Plan Regulation 19 Consultation

The Committee considered the responses to the consultation.

9. Approve The Revised Timetable For Adoption

RESOLVED that the timetable be agreed.

10. Design Code for Market Towns

RESOLVED that the design code be adopted.
"""

BOARD_MINUTES = """MEADOWVALE INTEGRATED CARE BOARD

Minutes of the Board meeting held on 11 April 2024

Item 4 Urgent Care Strategy 2024/26

The Chief Operating Officer presented the strategy.

The Board:
• APPROVED the Urgent Care Strategy 2024/26.
• NOTED the workforce risks.

Item 5: Maternity Safety Report

The Director of Midwifery presented the report.

Item 6 - Board Assurance Framework

The Board NOTED the framework.

Item 7 Damp and mould in housing: health impacts

The Board NOTED the report.

Meadowvale Integrated Care Board - Action Log (updated 11 April 2024)

Ref | Raised | Action | Owner | Status
B07 | 11/01/2024 | Report on ambulance handover delays | Chief Operating Officer | Open
"""

SCOTTISH_MINUTE = """HOUSING AND COMMUNITIES COMMITTEE

Minute of Meeting of the Housing and Communities Committee held on 21 February 2024.

5. RENT SETTING 2024/25

There was submitted a report by the Director of Housing on rent levels for 2024/25.

Decision

The Committee agreed:-

1) to approve a rent increase of 6.7%;

2) to instruct the Director of Housing to report back on arrears by June 2024; and

3) to note the consultation responses.

6. HOMELESSNESS UPDATE

Decision

The Committee agreed to note the update.
"""


def _source(text: str, path: str = "/papers/meeting.txt") -> SourceFile:
    sha = hashlib.sha256(text.encode()).hexdigest()
    return SourceFile(path, sha, "txt", Path(path).stem, [Page(None, text)])


def _items(paper: Paper) -> list[tuple[str | None, str | None]]:
    sections = [s for part in paper.parts for s in part.sections]
    return list(dict.fromkeys((s.item_number, s.item) for s in sections if s.item))


def test_capitals_minutes_without_item_references():
    paper = structure(_source(CAPITALS_MINUTES))
    assert [p.kind for p in paper.parts] == [Kind.MINUTES], [p.title for p in paper.parts]
    council = "Ashcombe District Council"
    assert paper.meeting == Meeting(f"{council}: Executive", date(2023, 11, 8), council)
    assert _items(paper) == [
        ("112", "112. APOLOGIES FOR ABSENCE"),
        ("113", "113. LEISURE CENTRE REFURBISHMENT"),
        ("114", "114. COMMUNITY GRANTS SCHEME"),
    ], _items(paper)
    resolved = next(s for s in paper.parts[0].sections if "Norbridge Builders" in s.text)
    assert (resolved.item_number, resolved.heading) == ("113", "RESOLVED"), resolved


def test_numbered_paragraphs_and_resolutions_in_a_minute_are_not_items():
    paper = structure(_source(CAPITALS_MINUTES))
    for phrase in ("Agree to submit a request", "The Leader introduced", "authority be delegated"):
        section = next(s for s in paper.parts[0].sections if phrase in s.text)
        assert section.item_number == "113", f"{phrase!r} lies in minute 113, not {section.item!r}"
    for chunk in chunk_paper(paper):
        assert chunk.item_number in (None, "112", "113", "114"), chunk
        assert not (chunk.heading or "").startswith("114"), f"a later minute heads {chunk}"


def test_title_case_minutes_in_sequence():
    paper = structure(_source(TITLE_CASE_MINUTES))
    assert paper.kind is Kind.MINUTES
    assert paper.meeting == Meeting("Planning Policy Committee", date(2024, 1, 18))
    assert _items(paper) == [
        ("7", "7. Declarations of Interest"),
        ("8", "8. Local Plan Regulation 19 Consultation"),
        ("9", "9. Approve The Revised Timetable For Adoption"),
        ("10", "10. Design Code for Market Towns"),
    ], _items(paper)


def test_out_of_sequence_or_sentence_lines_are_not_minutes():
    text = (
        "Minutes of a meeting of the Licensing Committee held on 3 May 2024\n\n"
        "20. Taxi Licensing Policy\n\n"
        "1. Members Discussed The Fees\n\n"  # goes back: a numbered paragraph
        "2. The Chair thanked officers for the report.\n\n"  # a sentence
        "27. Street Trading Consents\n\n"  # jumps too far ahead
        "21. STREET TRADING CONSENTS\n\n"
        "RESOLVED that the consents be granted.\n"
    )
    paper = structure(_source(text))
    assert _items(paper) == [
        ("20", "20. Taxi Licensing Policy"),
        ("21", "21. STREET TRADING CONSENTS"),
    ], _items(paper)


def test_board_minutes_headed_by_item_numbers():
    paper = structure(_source(BOARD_MINUTES))
    assert paper.parts[0].title == "Minutes of 11 April 2024"
    assert [p.kind for p in paper.parts] == [Kind.MINUTES, Kind.TRACKER], [
        p.title for p in paper.parts
    ]
    assert paper.meeting == Meeting("Meadowvale Integrated Care Board", date(2024, 4, 11))
    assert paper.parts[0].meeting == paper.meeting, "the minutes record the board's meeting"
    assert _items(paper) == [
        ("4", "Item 4 Urgent Care Strategy 2024/26"),
        ("5", "Item 5: Maternity Safety Report"),
        ("6", "Item 6 - Board Assurance Framework"),
        ("7", "Item 7 Damp and mould in housing: health impacts"),
    ], _items(paper)


def test_scottish_minute_of_meeting():
    paper = structure(_source(SCOTTISH_MINUTE))
    assert [(p.kind, p.title) for p in paper.parts] == [
        (Kind.MINUTES, "Minutes of 21 February 2024")
    ], [(p.kind, p.title) for p in paper.parts]
    assert paper.meeting == Meeting("Housing and Communities Committee", date(2024, 2, 21))
    assert _items(paper) == [
        ("5", "5. RENT SETTING 2024/25"),
        ("6", "6. HOMELESSNESS UPDATE"),
    ], _items(paper)
    decision = next(s for s in paper.parts[0].sections if "report back on arrears" in s.text)
    assert (decision.item_number, decision.heading) == ("5", "Decision"), decision


@pytest.mark.parametrize(
    ("committee_line", "date_line", "committee"),
    [
        ("Report to: Executive", "Date of meeting: 6 June 2024", "Executive"),
        ("Meeting: Cabinet", "Meeting date: 6 June 2024", "Cabinet"),
        ("Committee: Licensing Committee", "Date: 6 June 2024", "Licensing Committee"),
    ],
)
def test_report_cover_sheet_labels(committee_line, date_line, committee):
    text = (
        f"ASHCOMBE DISTRICT COUNCIL\n\n{committee_line}\n{date_line}\n"
        "Report of: Head of Environment\nTitle: Food Waste Collections\n\n"
        "1. Purpose of the report\n\n1.1 To agree weekly food waste collections.\n"
    )
    paper = structure(_source(text, "/papers/cover.txt"))
    assert [(p.kind, p.title) for p in paper.parts] == [(Kind.REPORT, "Food Waste Collections")]
    council = "Ashcombe District Council"  # its letterhead
    assert paper.meeting == Meeting(f"{council}: {committee}", date(2024, 6, 6), council)


def test_resolution_ending_a_minute_does_not_take_the_next_title():
    text = (
        "MINUTES of a meeting of the Youth Panel held on 5 March 2024.\n"
        "Youth Voice Update\n(Item 3)\n1. The officer introduced the update.\n"
        "2. RESOLVED that the update be noted.\nApprenticeship Offer\n(Item 4)\n"
        "1. Members welcomed the offer.\n"
    )
    paper = structure(SourceFile("/p/m.pdf", "cd" * 32, "pdf", "m", [Page(1, text)]))
    assert _items(paper) == [
        ("3", "Youth Voice Update (Item 3)"),
        ("4", "Apprenticeship Offer (Item 4)"),
    ], _items(paper)


def test_capitals_minutes_in_a_pdf(tmp_path):
    sheets = [
        "MINUTES of a meeting of the EXECUTIVE held on 8 November 2023\n"
        "41. PARKING STRATEGY\nThe Executive considered the draft strategy.\n"
        "1. Agree to consult on evening charges in the town centre car parks\n"
        "RESOLVED: That the strategy be approved.\n42. ANNUAL AUDIT LETTER\n"
        "The auditor presented the letter.",
        "43. Treasury Management Mid-Year Review\nRESOLVED that the review be noted.",
    ]
    paper = structure(read_file(papers.make_pdf(tmp_path / "Executive minutes.pdf", sheets)))
    assert paper.kind is Kind.MINUTES
    assert _items(paper) == [
        ("41", "41. PARKING STRATEGY"),
        ("42", "42. ANNUAL AUDIT LETTER"),
        ("43", "43. Treasury Management Mid-Year Review"),
    ], _items(paper)


def test_a_long_minute_title_wraps_onto_the_next_line(tmp_path):
    sheets = [
        "MINUTES of a meeting of the EXECUTIVE held on 8 November 2023\n"
        "51. Revenue Budget Monitoring and\nCapital Programme Quarter 2\n"
        "RESOLVED that the forecast be noted.\n52. Fees and Charges 2024/25\n"
        "RESOLVED that the fees be approved."
    ]
    paper = structure(read_file(papers.make_pdf(tmp_path / "Executive minutes.pdf", sheets)))
    assert _items(paper) == [
        ("51", "51. Revenue Budget Monitoring and Capital Programme Quarter 2"),
        ("52", "52. Fees and Charges 2024/25"),
    ], _items(paper)


def test_an_agenda_pack_holds_dated_minutes_then_reports_with_cover_labels(tmp_path):
    # each sheet carries the pack's running head; the minutes are of the meeting before, and a
    # report's cover gives its title on a line of its own after "REPORT TO:", "DATE:", "REPORT OF:"
    head = "Ashcombe District Council - Executive - 14 May 2025\n"
    sheets = [
        "ASHCOMBE DISTRICT COUNCIL\nEXECUTIVE\nDate and time: Wednesday, 14 May 2025 at 6.30 pm\n"
        "AGENDA\n1. APOLOGIES FOR ABSENCE\n3. MINUTES (Pages 2 - 2)\n5. POOL HALL (Pages 3 - 3)",
        head + "Agenda Item 3\nMINUTES OF A MEETING OF THE EXECUTIVE HELD ON 9 APRIL 2025\n"
        "Present: Councillor P Okafor (Chair).\n21. PARKING STRATEGY\n"
        "RESOLVED: That the strategy be approved.",
        head + "Agenda Item 5\nREPORT TO: Executive\nDATE: 14 May 2025\n"
        "REPORT OF: Head of Leisure\nKEY DECISION: Yes\nPOOL HALL ROOF REPAIRS\n"
        "1. PURPOSE OF REPORT\n1.1 This report asks the Executive to approve the repairs.\n"
        "2. RECOMMENDATIONS\n2.1 That the Executive approves the roof repairs at £1.2m.",
    ]
    paper = structure(read_file(papers.make_pdf(tmp_path / "Executive agenda pack.pdf", sheets)))
    parts = [(p.kind, p.title, p.meeting.date) for p in paper.parts if p.kind is not Kind.OTHER]
    assert parts[-2:] == [
        (Kind.MINUTES, "Minutes of 9 April 2025", date(2025, 4, 9)),
        (Kind.REPORT, "POOL HALL ROOF REPAIRS", date(2025, 5, 14)),
    ], parts
