# ruff: noqa: E501 (the fictional openings keep their lines as written)
"""Openings of papers of forms written after the filing rules were last changed, kept as a check
that they stay filed right: a US school district's board, a town council's committee, a US fire
district's board, an Irish county council's district, a US select board, a committee report
with its date under its name, a parish meeting. The papers are fictional."""

from __future__ import annotations

import pytest

from assistant.ingest import preview_paths

PAPERS = {
    "a.txt": (
        "OAKVALE UNIFIED SCHOOL DISTRICT\nBOARD OF TRUSTEES\nREGULAR MEETING MINUTES\n"
        "February 12, 2024\n\n1. Call to Order\nPresident Alvarez called the meeting to order.\n",
        ("Oakvale Unified School District: Board of Trustees", "2024-02-12", "minutes"),
    ),
    "b.md": (
        "# Westbury Town Council\n\n## Minutes of the Finance and Resources Committee held on "
        "Wednesday 3 April 2024 at 7pm in the Council Chamber\n\nPresent: Cllr J Fox (Chair)\n\n"
        "1. Apologies\nNone.\n",
        ("Westbury Town Council: Finance and Resources Committee", "2024-04-03", "minutes"),
    ),
    "c.txt": (
        "HARLOW VALLEY FIRE PROTECTION DISTRICT\nBOARD OF DIRECTORS\nSPECIAL MEETING AGENDA\n"
        "Monday, March 4, 2024 - 5:00 PM\nStation 1, 200 Main Street\n\n1. Roll Call\n"
        "2. Apparatus replacement\n",
        ("Harlow Valley Fire Protection District: Board of Directors", "2024-03-04", "agenda"),
    ),
    "e.txt": (
        "CORK COUNTY COUNCIL\nMUNICIPAL DISTRICT OF BANDON-KINSALE\n\nMINUTES OF MONTHLY MEETING "
        "HELD IN THE COUNCIL CHAMBER, BANDON ON MONDAY 15TH JANUARY 2024\n\n"
        "Present: Cllr A. Murphy (Cathaoirleach)\n\n1. CONFIRMATION OF MINUTES\n",
        ("Cork County Council: Municipal District of Bandon-Kinsale", "2024-01-15", "minutes"),
    ),
    "f.txt": (
        "TOWN OF GREENFIELD\nSELECT BOARD MEETING MINUTES\nJanuary 8, 2024, 6:00 PM\n"
        "Town Hall, 14 Court Square\n\nMembers present: Chair Dana Moss\n\n1. Call to order\n",
        ("Town of Greenfield: Select Board", "2024-01-08", "minutes"),
    ),
    "g.txt": (
        "Scrutiny Committee\n12 June 2024\nReport of the Chief Executive\n\n"
        "Title: Customer Contact Performance 2023-24\n\n1. Purpose\n1.1 To report on it.\n",
        ("Scrutiny Committee", "2024-06-12", None),
    ),
    "h.txt": (
        "LITTLE SNORING PARISH COUNCIL\n\nMinutes of the Annual Parish Meeting held at the "
        "Village Hall on Tuesday 14 May 2024 at 7.30pm\n\nPresent: Cllr T Brown (Chairman)\n\n"
        "1. Welcome\n",
        ("Little Snoring Parish Council", "2024-05-14", "minutes"),
    ),
}

# A second round, written after the first's fixes: a licensing sub-committee, a US planning
# commission, a Scottish committee's minute, an Australian shire, a library board, a Welsh town
# council's bilingual notice.
PAPERS |= {
    "r2-1.txt": (
        "BRAMBLEFORD DISTRICT COUNCIL\n\nLICENSING SUB-COMMITTEE\n\nMinutes of a meeting held at the Civic Centre, Brambleford on 9 October 2024 at 10.00 am\n\nPresent: Councillors Hart (Chair), Oduya and Price\n\n1. Election of Chair\n",
        ("Brambleford District Council: Licensing Sub-Committee", "2024-10-09", "minutes"),
    ),
    "r2-2.txt": (
        "City of Marlow Heights\nPlanning Commission\nMinutes – Regular Meeting\nSeptember 17, 2024\n\nCommissioners present: Chen, Ortiz, Walsh\n1. Call to order at 7:02 p.m.\n",
        ("City of Marlow Heights: Planning Commission", "2024-09-17", "minutes"),
    ),
    "r2-3.md": (
        "**Shetland Islands Council**\n\n**Development Committee**\n\nMinute of meeting held in the Council Chamber, Lerwick on Tuesday 3 September 2024 at 2pm.\n\nPresent: Councillors M Bell, S Leask\n",
        ("Shetland Islands Council: Development Committee", "2024-09-03", "minutes"),
    ),
    "r2-4.txt": (
        "ASHGROVE SHIRE COUNCIL\nMINUTES\nORDINARY MEETING OF COUNCIL\nHeld Wednesday 28 August 2024 commencing at 9.00am\nCouncil Chambers, 12 High Street, Ashgrove\n\n1. OPENING\n",
        ("Ashgrove Shire Council", "2024-08-28", "minutes"),
    ),
    "r2-5.txt": (
        "Pinehurst Regional Library Board\nAgenda\nThursday, November 7, 2024 at 4:00 p.m.\nPinehurst Central Branch, Board Room\n\n1. Approval of the agenda\n2. Librarian's report\n",
        ("Pinehurst Regional Library Board", "2024-11-07", "agenda"),
    ),
    "r2-6.txt": (
        "KILDRUM TOWN COUNCIL\nCYNGOR TREF CILDRWM\n\nNotice is hereby given that a meeting of the Town Council will be held at the Town Hall on Monday 2 December 2024 at 6.30pm.\n\nAGENDA\n1. Apologies for absence\n",
        ("Kildrum Town Council", "2024-12-02", "agenda"),
    ),
}


@pytest.fixture(scope="module")
def filed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("unseen")
    for name, (text, _) in PAPERS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return {p.path.name: p for p in preview_paths([folder])}


@pytest.mark.parametrize("name", sorted(PAPERS))
def test_each_form_is_filed_under_its_body_date_and_kind(filed, name):
    body, day, kind = PAPERS[name][1]
    paper = filed[name]
    got = (paper.committee, paper.meeting_date and paper.meeting_date.isoformat())
    assert got == (body, day), got
    if kind:
        assert paper.kind == kind, paper.kind
