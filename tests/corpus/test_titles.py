"""A paper's title: its file name when that says what it is, else what its first page calls it.

Every paper here is fictional and written by the test; the titles asserted are those `read_file`
gives, as the index, the CLI and the web pages show them.
"""

from __future__ import annotations

import pytest

from corpus.readers import read_file
from tests import papers

TRUST_MINUTES = """# SALTMARSH MUSEUMS TRUST

## Minutes of the Meeting of the Board of Trustees held on Wednesday 10 May 2023 at 6.00pm \
in the Boardroom, Customs House, Quay Road, Saltmarsh

**Present:** Ruth Adebayo (Chair), Owen Pritchett (Treasurer), Dr Hana Kowalczyk

---

### 23/14 Welcome and apologies

Apologies were received from Leo Fairbanks.
"""

TOWNSHIP_AGENDA = """CEDAR HOLLOW TOWNSHIP BOARD OF TRUSTEES
REGULAR MEETING AGENDA
MONDAY, APRIL 8, 2024, 7:00 P.M.
Cedar Hollow Township Hall, 2210 Mill Pond Road, Cedar Hollow, Ohio

1. CALL TO ORDER
2. PLEDGE OF ALLEGIANCE
3. ROLL CALL
"""

TOWNSHIP_MINUTES = """CEDAR HOLLOW TOWNSHIP
Birch County, Ohio

MINUTES OF THE REGULAR MEETING OF THE CEDAR HOLLOW TOWNSHIP BOARD OF TRUSTEES HELD ON APRIL 8, 2024

Cedar Hollow Township Hall, 2210 Mill Pond Road

1. CALL TO ORDER
Supervisor Ann Dekker called the meeting to order at 7:00 p.m.
"""

BILINGUAL_MINUTES = """CYNGOR CYMUNED PENRHOS FACH
PENRHOS FACH COMMUNITY COUNCIL

COFNODION / MINUTES

Minutes of the Ordinary Meeting of Penrhos Fach Community Council held at the Village Hall \
on Monday 11 September 2023 at 7.00pm

1. Croeso / Welcome
"""


@pytest.mark.parametrize(
    ("name", "text", "title"),
    [
        # the first "#" heading is the trust's letterhead; the title is the heading below it
        (
            "2023-05-10_board_minutes.md",
            TRUST_MINUTES,
            "Minutes of the Meeting of the Board of Trustees",
        ),
        # a heading that only names a kind of meeting is completed with the body above it
        (
            "2024-04-08_regular_agenda.txt",
            TOWNSHIP_AGENDA,
            "Regular Meeting Agenda - Cedar Hollow Township Board of Trustees",
        ),
        (
            "2024-04-08_regular_minutes.txt",
            TOWNSHIP_MINUTES,
            "Minutes of the Regular Meeting of the Cedar Hollow Township Board of Trustees",
        ),
        (
            "2023-09-11_minutes.txt",
            BILINGUAL_MINUTES,
            "Minutes of the Ordinary Meeting of Penrhos Fach Community Council",
        ),
    ],
)
def test_code_named_text_papers_take_their_own_heading(tmp_path, name, text, title):
    source = read_file(papers.make_txt(tmp_path / name, text))
    assert source.title == title, f"{name}: letterhead, labels and the 'held ...' tail skipped"


def test_appendix_keeps_its_place_and_gains_what_its_page_says(tmp_path):
    page = (
        "Millbrook Borough Council\n"
        "Appendix 3\n"
        "Equality Impact Assessment: Library Opening Hours\n"
        "Directorate: Communities\n"
        "Date: 3 March 2025\n"
        "1. What is being proposed?\n"
        "Branch libraries would open on four days a week instead of five."
    )
    # a template's metadata title is no help: the page is read instead
    path = papers.make_pdf(tmp_path / "Appendix 3.pdf", [page], title="Microsoft Word - EqIA v3")
    assert read_file(path).title == "Appendix 3 - Equality Impact Assessment: Library Opening Hours"


def test_cover_sheet_subject_names_a_paper_filed_under_abbreviations(tmp_path):
    page = (
        "From: Priya Shah, Cabinet Member for Democratic Services\n"
        "To: Millbrook Borough Council - 13 March 2025\n"
        "Subject: Housing Review Committee Terms of Reference: \n"
        "Annual Update\n"
        "Classification: Unrestricted\n"
        "1. Overview\n"
        "The Committee reviewed how it works in January 2025."
    )
    path = papers.make_pdf(tmp_path / "HRC TOR Update MBC May 2025 Final.pdf", [page])
    assert read_file(path).title == (
        "Housing Review Committee Terms of Reference: Annual Update"
    ), "abbreviations the paper never uses are the filer's shorthand: the Subject is shown"


def test_abbreviations_the_paper_spells_out_keep_the_file_name(tmp_path):
    page = (
        "From: Priya Shah, Cabinet Member for Transport\n"
        "To: Cabinet - 4 March 2025\n"
        "Subject: Local Transport Plan (LTP) and Bus Service Improvement Plan (BSIP) progress\n"
        "1. Summary\n"
        "The LTP and the BSIP are both on track."
    )
    path = papers.make_pdf(tmp_path / "LTP and BSIP Progress - March 2025.pdf", [page])
    assert read_file(path).title == "LTP and BSIP Progress - March 2025", (
        "a reader of the paper meets LTP and BSIP, so the name says what the paper is"
    )


@pytest.mark.parametrize(
    "name",
    [
        "Agenda frontsheet 30th-Jan-2025 10.00 Cabinet",
        "Appendix G - Reserves Policy",
        "Minutes of the meeting held on 9th January 2025",
        "24-00115 - Adoption of Integrated Care Strategy delivery plan - Report",
        "Questions put and answers given - March 2025",
    ],
)
def test_a_file_name_that_says_what_the_paper_is_stays_its_title(tmp_path, name):
    page = "MILLBROOK BOROUGH COUNCIL\nA Heading Printed On The Page\nDate: 9 January 2025"
    path = papers.make_pdf(tmp_path / f"{name}.pdf", [page])
    assert read_file(path).title == name, "the page's heading must not replace a good name"


def test_a_heading_naming_only_a_kind_of_document_does_not_replace_the_name(tmp_path):
    text = "[Original file](https://example.org/m.pdf)\n---\nMINUTES\nOF\nPROCEEDINGS\n"
    path = papers.make_txt(tmp_path / "Minutes of Meeting - 18th May, 2015.md", text)
    assert read_file(path).title == "Minutes of Meeting - 18th May, 2015"


def test_a_letter_without_a_subject_keeps_its_code(tmp_path):
    page = (
        "Page 1 of 2\nJane Holloway\nLeader of the Council\nTown Hall\nHigh Street, Millbrook\n"
        "MB1 2AB\n10 January 2025\nDear Minister,\nWe write to ask for a meeting."
    )
    path = papers.make_pdf(tmp_path / "Appendix 2.pdf", [page])
    assert read_file(path).title == "Appendix 2", "a letterhead's names and address are no title"
