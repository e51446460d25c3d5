"""Structure recovery: documents in a pack, their kinds and meetings, items, headings, pages."""

# ruff: noqa: E501  (the fixture pack keeps whole paragraphs on one line, as text extraction does)

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest

from corpus.dates import date_from_folders, date_from_name, find_meeting_date
from corpus.readers import read_file
from corpus.structure import structure
from corpus.types import Kind, Meeting, Page, SourceFile
from tests import papers

# A fictional agenda pack as a text extraction shows it: front sheet, two sets of minutes,
# an officer report with an annex, a recommendations tracker and a forward work programme.
PACK = """Notice of Meeting

Riverside Care Scrutiny Board

Date & time Monday, 18 March 2024 at 10.00 am Place

Council Chamber, Riverside Hall

AGENDA

1 APOLOGIES FOR ABSENCE

2 MINUTES OF THE PREVIOUS MEETINGS

(Pages 1 - 8)

3 RESPITE CARE REVIEW\t(Pages 9 - 14)

4 RECOMMENDATIONS TRACKER AND FORWARD WORK PROGRAMME\t(Pages 15 - 18)

This page is intentionally left blank

MINUTES of the meeting of the **RIVERSIDE CARE SCRUTINY BOARD** held at 10.00 am on 14 December 2023 at Riverside Hall.

21/23 APOLOGIES FOR ABSENCE [Item 1]

Apologies were received from Mr Alan Tufnell.

22/23 SHORT BREAKS FOR CARERS [Item 4]

Witnesses:

Hazel Crane, Carers Lead

Key points raised during the discussion:

1. The Carers Lead said that 412 carers had used a short break in the year, up from 350.

2. Members asked whether the Lantern House unit would reopen; it reopens in May 2024.

Recommendations:

1. That the Board receives a report on waiting times for short breaks in June 2024.

2. That officers publish the eligibility criteria for short breaks on the council website.

Actions/further information to be provided:

None.

Page 5

MINUTES of the meeting of the **RIVERSIDE CARE SCRUTINY BOARD** held at 2.00 pm on 24 January 2024 at Riverside Hall.

1/24 DAY CENTRE TRANSPORT [Item 5]

Key points raised during the discussion:

1. Members heard that 86 people use the day centre minibus service each week.

Page 6

Riverside Care Scrutiny Board 18 March 2024

Respite Care Review

Purpose of the report: Scrutiny of Services

Introduction:

1. This report sets out how respite care has been provided since the review began in 2022, who uses it, what it costs and how families rate it, drawing on surveys of 140 carers.

Conclusions:

2. Respite beds were occupied 91% of the time in 2023, and the waiting time for a planned stay fell from six weeks to four; the Board is asked to note the progress made so far.

Annex 1 - Respite Beds by Locality

North Riverside\t12 beds\t93%
South Riverside\t9 beds\t88%

This page is intentionally left blank

RIVERSIDE CARE SCRUTINY BOARD ACTIONS AND RECOMMENDATIONS TRACKER – UPDATED March 2024

Date of meeting\tItem\tRecommendation\tResponse
14 December 2023\tSHORT BREAKS FOR CARERS [Item 4]\tThat the Board receives a report on waiting times.\tScheduled for June 2024.
24 January 2024\tDAY CENTRE TRANSPORT [Item 5]\tThat officers review minibus routes.\tIn progress.
\t\tBoard next steps: a joint visit to the depot in May 2024.\t

Riverside Care Scrutiny Board – Forward Work Programme 2024

- June 2024: Short breaks waiting times
- September 2024: Carers strategy
"""


def _source(text: str, path: str = "/papers/Riverside pack.txt") -> SourceFile:
    sha = hashlib.sha256(text.encode()).hexdigest()
    return SourceFile(path, sha, "txt", Path(path).stem, [Page(None, text)])


@pytest.fixture()
def pack():
    return structure(_source(PACK))


@pytest.fixture(scope="module")
def minutes_pdf(tmp_path_factory):
    path = papers.make_minutes_pdf(tmp_path_factory.mktemp("p") / "Minutes 12 March 2024.pdf")
    return structure(read_file(path))


def test_pack_is_split_into_documents_with_kinds(pack):
    kinds = [part.kind for part in pack.parts]
    assert kinds == [
        Kind.AGENDA,
        Kind.MINUTES,
        Kind.MINUTES,
        Kind.REPORT,
        Kind.ANNEX,
        Kind.TRACKER,
        Kind.FORWARD_PLAN,
    ], f"parts found: {[(p.kind, p.title) for p in pack.parts]}"
    assert pack.kind is Kind.PACK, "a paper with several documents is a pack"
    assert pack.paper_id == pack.source.sha256[:16], "paper id is the content hash prefix"


def test_pack_meeting_and_minutes_record_their_own_meeting(pack):
    assert pack.meeting == Meeting("Riverside Care Scrutiny Board", date(2024, 3, 18))
    minutes = [p for p in pack.parts if p.kind is Kind.MINUTES]
    assert [m.meeting.date for m in minutes] == [date(2023, 12, 14), date(2024, 1, 24)]
    assert minutes[0].meeting.committee == "Riverside Care Scrutiny Board", "committee tidied"
    assert minutes[0].title == "Minutes of 14 December 2023"
    report = next(p for p in pack.parts if p.kind is Kind.REPORT)
    assert report.title == "Respite Care Review"
    assert report.meeting == pack.meeting, "a report belongs to the meeting of the pack"


def test_minute_items_and_headings(pack):
    minutes = pack.parts[1]
    items = {(s.item_number, s.item) for s in minutes.sections if s.item}
    assert ("22/23", "22/23 SHORT BREAKS FOR CARERS") in items, items
    rec = [s for s in minutes.sections if s.heading == "Recommendations:"]
    assert rec and all(s.item_number == "22/23" for s in rec), "recommendations sit in their item"
    assert "eligibility criteria" in " ".join(s.text for s in rec)
    headings = {s.heading for s in minutes.sections}
    assert {"Witnesses:", "Key points raised during the discussion:"} <= headings, headings


def test_agenda_items_are_numbered_in_sequence(pack):
    agenda = pack.parts[0]
    numbers = [s.item_number for s in agenda.sections if s.item_number]
    assert list(dict.fromkeys(numbers)) == ["1", "2", "3", "4"], numbers
    titles = {s.item for s in agenda.sections}
    assert "3 RESPITE CARE REVIEW" in titles, "page ranges are dropped from item titles"


def test_report_headings_and_table_rows(pack):
    report = next(p for p in pack.parts if p.kind is Kind.REPORT)
    assert {"Introduction:", "Conclusions:"} <= {s.heading for s in report.sections}
    annex = next(p for p in pack.parts if p.kind is Kind.ANNEX)
    tables = [s for s in annex.sections if s.is_table]
    assert tables and "North Riverside\t12 beds\t93%" in tables[0].text, "rows kept verbatim"
    tracker = next(p for p in pack.parts if p.kind is Kind.TRACKER)
    assert all(s.is_table for s in tracker.sections if "\t" in s.text)


def test_text_page_markers_become_page_labels(pack):
    labelled = {s.page_label for p in pack.parts for s in p.sections}
    assert {"5", "6"} <= labelled, f"labels seen: {labelled}"
    assert all(s.page is None for p in pack.parts for s in p.sections), "text has no PDF page"


def test_sections_are_verbatim(pack):
    for part in pack.parts:
        for section in part.sections:
            assert section.text in PACK, f"section not verbatim: {section.text[:60]!r}"


def test_pdf_minutes_items_pages_and_labels(minutes_pdf):
    assert minutes_pdf.kind is Kind.MINUTES
    assert minutes_pdf.meeting == Meeting("Adult Services Select Committee", date(2024, 3, 12))
    sections = minutes_pdf.parts[0].sections
    numbers = list(dict.fromkeys(s.item_number for s in sections if s.item_number))
    assert numbers == ["1/24", "2/24", "3/24", "4/24", "5/24", "6/24"], numbers
    assert {s.page for s in sections} == {1, 2, 3}
    assert {(s.page, s.page_label) for s in sections} == {(1, "5"), (2, "6"), (3, "7")}
    first_on_page_2 = next(s for s in sections if s.page == 2)
    assert first_on_page_2.item_number == "4/24", "an item carries over to the next sheet"
    assert first_on_page_2.heading == "Recommendations:"
    for section in sections:
        page_text = minutes_pdf.source.pages[section.page - 1].text
        assert section.text in page_text, "a section lies on one page, verbatim"


def test_numbered_minutes_with_item_references():
    text = (
        "KENT-LIKE COUNCIL\nCABINET\nMINUTES of a meeting of the Cabinet held in the Council "
        "Chamber on Thursday, 30 January 2025.\n88. Revenue Budget Monitoring \n(Item 7)\n"
        "(1) The Director introduced the report.\nRESOLVED that Cabinet note the forecast.\n"
        "89. Draft Capital Programme 2025-35 and \nTreasury Management Strategy\n(Item 8)\n"
        "(1) Members discussed the programme.\n"
    )
    source = SourceFile("/p/m.pdf", "ab" * 32, "pdf", "m", [Page(1, text)])
    paper = structure(source)
    items = list(dict.fromkeys(s.item for s in paper.parts[0].sections if s.item))
    assert items == [
        "88. Revenue Budget Monitoring",
        "89. Draft Capital Programme 2025-35 and Treasury Management Strategy",
    ]
    council = "Kent-Like Council"
    assert paper.meeting == Meeting(f"{council}: Cabinet", date(2025, 1, 30), council)
    assert "RESOLVED" in {s.heading for s in paper.parts[0].sections}


def test_hint_overrides_what_is_detected(pack):
    hint = Meeting("Health Overview Panel", date(2030, 1, 1))
    paper = structure(_source(PACK), hint=hint)
    assert paper.meeting == hint
    assert paper.parts[3].meeting == hint, "a report takes the hinted meeting"
    partial = structure(_source(PACK), hint=Meeting(date=date(2030, 1, 1)))
    assert partial.meeting == Meeting("Riverside Care Scrutiny Board", date(2030, 1, 1))


def test_meeting_from_file_name_then_folder():
    plain = "Some notes about the budget without a date.\n"
    named = structure(_source(plain, "/x/Printed minutes 30th-Jan-2025 10.00 Cabinet.txt"))
    assert named.meeting == Meeting("Cabinet", date(2025, 1, 30))
    foldered = structure(_source(plain, "/x/2024-11-05/originals/notes.txt"))
    assert foldered.meeting.date == date(2024, 11, 5)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("MINUTES of the meeting held at 10.00 am on 30 October 2015 at County Hall", "2015-10-30"),
        ("The meeting will be on Thursday, 30 January 2025 in the Chamber", "2025-01-30"),
        ("Date & time Monday, 25 January 2016 at 10.00 am", "2016-01-25"),
        ("Date: 27 January 2025\nDear Member\nCABINET - THURSDAY, 30 JANUARY 2025", "2025-01-30"),
        ("To: Cabinet, 30 January 2025\nSubject: Budget", "2025-01-30"),
        ("No date at all here", None),
    ],
)
def test_find_meeting_date(text, expected):
    found = find_meeting_date(text)
    assert (found.isoformat() if found else None) == expected, text


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Printed minutes 30th-Jan-2025 10.00 Cabinet.pdf", "2025-01-30"),
        ("Appendix I Budget Risk Register 13.03.25.pdf", "2025-03-13"),
        ("pack 2025-01-30.pdf", "2025-01-30"),
        ("19 December 2024 - County Council minutes.pdf", "2024-12-19"),
        ("Finance Report - Q3 - November 2024-25.pdf", None),
    ],
)
def test_date_from_name(name, expected):
    found = date_from_name(name)
    assert (found.isoformat() if found else None) == expected, name


def test_date_from_folders():
    assert date_from_folders("/papers/cabinet/2025-01-30/originals/x.pdf") == date(2025, 1, 30)
    assert date_from_folders("/papers/cabinet/x.pdf") is None


def test_real_surrey_pack(shared_dir):
    path = next((shared_dir / "corpus" / "surrey").glob("*.txt"))
    paper = structure(read_file(path))
    kinds = [p.kind for p in paper.parts]
    assert kinds[:3] == [Kind.AGENDA, Kind.MINUTES, Kind.MINUTES], kinds
    assert {Kind.REPORT, Kind.ANNEX, Kind.TRACKER, Kind.FORWARD_PLAN} <= set(kinds)
    assert paper.parts[1].meeting.date == date(2015, 10, 30)
    numbers = {s.item_number for s in paper.parts[1].sections}
    assert {"39", "40", "43"} <= numbers, numbers


def test_pdf_pack_is_split_at_sheet_tops(tmp_path):
    sheets = [
        "Date: 2 May 2024\nDear Member\nHOUSING PANEL - THURSDAY, 9 MAY 2024\n"
        "Please find attached the supplementary papers.",
        "This page is intentionally left blank",
        "From: Ann Lee, Cabinet Member for Housing\nTo: Housing Panel - 9 May 2024\n"
        "Subject: Temporary Accommodation Review\nClassification: Unrestricted\n"
        "1. Introduction\n1.1 The council placed 212 households in temporary accommodation.",
        # a report's closing sheet lists its appendices, the proposed decision among them
        "2. Recommendation(s):\n2.1 The Panel is asked to agree the proposed decision.\n"
        "3. Appendices\nProposed Record of Decision (PROD)\nA: Placements by District",
        "Appendix A - Placements by District\nNorth district placed 120 households.",
        "Appendix A - Placements by District\nSouth district placed 92 households.",
        "KENT-LIKE COUNCIL - PROPOSED RECORD OF DECISION\nDECISION NO:\n24/00999\n"
        "Decision: approve the temporary accommodation plan.",
    ]
    path = papers.make_pdf(
        tmp_path / "Supplementary pack 09th-May-2024 10.00 Housing Panel.pdf", sheets
    )
    paper = structure(read_file(path))
    found = [(p.kind, p.title) for p in paper.parts]
    assert found == [
        (Kind.AGENDA, "Agenda"),
        (Kind.REPORT, "Temporary Accommodation Review"),
        (Kind.ANNEX, "Appendix A - Placements by District"),
        (Kind.DECISION, "Record of Decision 24/00999"),
    ], found
    assert paper.meeting == Meeting("Housing Panel", date(2024, 5, 9)), "the letter date loses"
    annex = paper.parts[2]
    assert {s.page for s in annex.sections} == {5, 6}, "a running head does not start a new part"
    assert 4 in {s.page for s in paper.parts[1].sections}, "the appendix list is the report's"


def test_minutes_titled_over_item_references():
    text = (
        "CORPORATE PARENTING PANEL – 10th December 2024\n"
        "MINUTES of the meeting held in the Darent Room.\n"
        "Apologies and Substitutes\n(Item 1)\nApologies were received from Ms Ray.\n"
        "Participation Team Update\n(Item 4)\n1. The team presented the report.\n"
        "2. RESOLVED that the update be noted.\n"
    )
    paper = structure(SourceFile("/p/cpp.pdf", "cd" * 32, "pdf", "cpp", [Page(1, text)]))
    assert paper.meeting == Meeting("Corporate Parenting Panel", date(2024, 12, 10))
    labels = list(dict.fromkeys(s.item for s in paper.parts[0].sections if s.item))
    assert labels == ["Apologies and Substitutes (Item 1)", "Participation Team Update (Item 4)"]
    numbers = {s.item_number for s in paper.parts[0].sections if s.item}
    assert numbers == {"1", "4"}


def test_running_heads_are_not_headings(tmp_path):
    titles = ["Borrowing Limits", "Investment Policy", "Cash Deposits", "Prudential Indicators"]
    sheets = [
        f"Treasury Strategy 2025-26 Draft\n{n}. {title}\n"
        f"{n}.1 The council will keep {n * 10} million pounds in short deposits this year."
        for n, title in enumerate(titles, start=1)
    ]
    paper = structure(read_file(papers.make_pdf(tmp_path / "Treasury Strategy.pdf", sheets)))
    headings = {s.heading for p in paper.parts for s in p.sections}
    assert "3. Cash Deposits" in headings, headings
    assert not any(h and h.startswith("Treasury Strategy") for h in headings), headings


def test_text_pages_from_form_feeds_keep_their_printed_labels(tmp_path):
    sheets = [
        "MINUTES of the meeting of the Test Board held on 4 June 2024.\n"
        "1/24 LIBRARIES [Item 1]\nThe Board noted 14 branches.\nPage 21",
        "2/24 PARKS [Item 2]\nThe Board noted 30 parks.\nPage 22",
    ]
    paper = structure(read_file(papers.make_txt(tmp_path / "minutes.txt", pages=sheets)))
    found = {(s.page, s.page_label, s.item_number) for s in paper.parts[0].sections}
    assert (1, "21", "1/24") in found and (2, "22", "2/24") in found, found


def test_other_councils_front_matter_is_recognised(tmp_path):
    sheets = [
        "Minutes of the Executive meeting held on Tuesday, 3 September 2024\n"
        "12. LIBRARY OPENING HOURS\n(Item 5)\nRESOLVED that the new hours be adopted.",
        "Report to: Executive\nDate: 3 September 2024\nTitle: Library Opening Hours\n"
        "1. Purpose\n1.1 This report proposes opening all 9 libraries on Sundays.",
        "Annexe 2 - Visitor Numbers\nCentral library had 41,000 visits in 2023.",
    ]
    path = papers.make_pdf(tmp_path / "Executive pack.pdf", sheets)
    paper = structure(read_file(path))
    found = [(p.kind, p.title) for p in paper.parts]
    assert found == [
        (Kind.MINUTES, "Minutes of 3 September 2024"),
        (Kind.REPORT, "Library Opening Hours"),
        (Kind.ANNEX, "Annexe 2 - Visitor Numbers"),
    ], found
    assert paper.parts[0].sections[-1].item == "12. LIBRARY OPENING HOURS"


def test_a_sentence_about_minutes_does_not_start_minutes():
    text = (
        "Riverside Care Scrutiny Board 18 March 2024\n\nRespite Care Review\n\n"
        "Minutes of the meeting held on 4 June 2023 are attached for reference.\n\n"
        "1. Respite beds were occupied 91% of the time in 2023.\n"
    )
    paper = structure(_source(text))
    assert [p.kind for p in paper.parts] == [Kind.REPORT], [p.title for p in paper.parts]


def test_capitals_heading_after_last_agenda_item_ends_it():
    text = (
        "AGENDA\n\n1 APOLOGIES FOR ABSENCE\n\n2 MINUTES OF THE PREVIOUS MEETING\t(Pages 1 - 4)\n\n"
        "3 DATE OF NEXT MEETING\n\nThe next meeting will be held on 4 April 2024 at 10.00am\n\n"
        "PHONES AND RECORDING AT MEETINGS\n\nThose attending may use mobile devices in silent "
        "mode to report on the public parts of the meeting.\n"
    )
    agenda = structure(_source(text, "/papers/Agenda.txt")).parts[0]
    notice = next(s for s in agenda.sections if "silent mode" in s.text)
    last = next(s for s in agenda.sections if "next meeting will be held" in s.text)
    assert last.item_number == "3", f"the last item is still found: {last}"
    assert notice.item is None, f"boilerplate after the items is not item {notice.item!r}"


def test_signature_line_closes_the_foreword():
    body = " ".join(["The board has worked with partners on safeguarding this year."] * 4)
    text = (
        f"Annual report\n\nForeword\n\n{body}\n\n"
        "Jane Marsh Independent Chair, Riverside Safeguarding Board\n\n"
        f"Our area\n\n{body}\n"
    )
    report = structure(_source(text, "/papers/Annual report.txt")).parts[0]
    signed = next(s for s in report.sections if "Jane Marsh" in s.text)
    assert signed.heading == "Foreword", f"a signature is not a heading: {signed.heading!r}"
