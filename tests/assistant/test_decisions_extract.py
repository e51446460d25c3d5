"""Register extraction: exact counts and fields on fixture papers, recall on the shared corpus."""

from __future__ import annotations

import re

import pytest

from assistant.register import extract_records
from tests.assistant.register_papers import (
    CABINET_EXPECTED,
    PACK_EXPECTED,
    TRUST_EXPECTED,
    make_cabinet_minutes,
    make_pack,
    make_trust_minutes,
    paper_and_chunks,
)
from tests.papers import make_minutes_pdf, make_pdf


def _records(path):
    paper, chunks = paper_and_chunks(path)
    return extract_records(paper, chunks), chunks


@pytest.fixture
def pack(tmp_path):
    return _records(make_pack(tmp_path / "Harbourside Care Board pack.txt"))


@pytest.fixture
def cabinet(tmp_path):
    return _records(make_cabinet_minutes(tmp_path / "Printed minutes 06th-Feb-2025 Cabinet.pdf"))


def test_pack_yields_every_block_entry_and_tracker_row_once(pack):
    records, _ = pack
    got = [
        (r["kind"], r["number"], r["text"][: len(e[2])])
        for r, e in zip(records, PACK_EXPECTED, strict=False)
    ]
    assert len(records) == len(PACK_EXPECTED), [r["text"][:40] for r in records]
    assert got == PACK_EXPECTED, got


def test_record_text_is_verbatim_in_its_chunk(pack, cabinet):
    for records, chunks in (pack, cabinet):
        by_ordinal = {c.ordinal: c for c in chunks}
        for r in records:
            chunk = by_ordinal.get(r["chunk_ordinal"])
            assert chunk is not None, f"no chunk {r['chunk_ordinal']} for {r['text'][:40]!r}"
            assert r["text"] in chunk.text, f"{r['text'][:60]!r} is not in chunk {chunk.ordinal}"


def test_minutes_records_carry_their_meeting_item_owner_and_due(pack):
    records, _ = pack
    rec = {(r["kind"], r["number"], r["item"]): r for r in records if r["source_kind"] != "tracker"}
    second = rec[("recommendation", "2", "22 RESPITE BEDS REVIEW")]
    assert second["meeting_date"] == "2024-10-14", second
    assert second["owner"] == "Commissioning Services", second
    assert second["due"] == "by March 2025", second
    assert second["committee"] == "Harbourside Care Board", second
    first = rec[("recommendation", "1", "22 RESPITE BEDS REVIEW")]
    assert "Membership of the review group" in first["text"], (
        "a paragraph between entries 1 and 2 belongs to 1"
    )
    december = [r for r in records if r["item"] == "31 HOME CARE MARKET"]
    assert [r["meeting_date"] for r in december] == ["2024-12-09"], december
    report = [r for r in records if r["number"] == "12.2"][0]
    assert report["lead_in"] and "It is recommended that the Board" in report["lead_in"], report
    assert report["meeting_date"] == "2025-01-20", (
        "a report belongs to the meeting it was written for"
    )


def test_tracker_rows_give_owner_response_progress_check_and_the_meeting_that_made_them(pack):
    records, _ = pack
    rows = [r for r in records if r["source_kind"] == "tracker"]
    assert len(rows) == 4, [r["text"] for r in rows]
    first, second, split, extra = rows
    assert first["owner"] == "Head of Commissioning" and first["due"] == "March 2025", first
    assert first["status"].startswith("A review group has been set up"), first
    assert (
        first["meeting_date"] == "2024-10-14" and first["item"] == "RESPITE BEDS REVIEW [Item 2]"
    ), first
    assert second["status"] is None, "no response recorded yet"
    assert split["meeting_date"] == "2024-10-14", "a misspelt month is still read"
    assert split["continuation"] == "sites to Members.", split
    assert split["status"] == "The list was circulated on 2 November.", split
    assert extra["item"] == "LOW TIDE HOUSING SCHEME [Item 3]", (
        "a row without date or item inherits both"
    )
    assert extra["owner"] == "Finance Lead" and extra["due"] == "June 2025", extra


def test_resolutions_split_into_their_lettered_parts(cabinet):
    records, _ = cabinet
    got = [
        (r["kind"], r["number"], r["text"][: len(e[2])])
        for r, e in zip(records, CABINET_EXPECTED, strict=False)
    ]
    assert len(records) == len(CABINET_EXPECTED), [r["text"][:40] for r in records]
    assert got == CABINET_EXPECTED, got
    part_c = records[3]
    assert part_c["lead_in"] == "3. RESOLVED that Cabinet agree to:", part_c
    assert part_c["page"] == 2 and part_c["owner"] == "Director of Finance", part_c
    assert records[4]["item"] == "43. Harbour Wall Repairs", records[4]
    assert records[4]["due"] == "by 31 March 2026", records[4]
    assert records[5]["item"] == "Library Opening Hours", "an unnumbered item title is found"
    assert "Library" not in records[4]["text"], "the next item's title is not part of a resolution"
    assert all(r["meeting_date"] == "2025-02-06" for r in records), records


def test_standard_minutes_fixture(tmp_path):
    records, _ = _records(make_minutes_pdf(tmp_path / "minutes.pdf"))
    kinds = [r["kind"] for r in records]
    assert kinds.count("recommendation") == 4, kinds
    assert kinds.count("action") == 2, kinds
    assert kinds.count("resolution") == 2, kinds
    action = [r for r in records if r["kind"] == "action"][1]
    assert action["owner"] == "Head of Commissioning" and action["due"] == "by 30 April 2024", (
        action
    )


_RESOLVED_LINE = re.compile(r"^\s*(?:\(?\d{1,3}[.)]\s+)?(?P<body>RESOLVED\b.*)")


def test_every_resolved_paragraph_of_the_kent_minutes_is_in_the_register(shared_dir):
    files = sorted((shared_dir / "corpus" / "kent").glob("*/*/originals/*inutes*.pdf"))
    assert files, "the Kent minutes are missing from ../shared"
    for path in files:
        paper, chunks = paper_and_chunks(path)
        records = extract_records(paper, chunks)
        found = " ".join(" ".join(filter(None, (r["text"], r["lead_in"]))) for r in records)
        flat = " ".join(found.split())
        for page in paper.source.pages:
            for line in page.text.splitlines():
                m = _RESOLVED_LINE.match(line)
                if m:
                    start = " ".join(m["body"].split())[:40]
                    assert start in flat, f"{path.name}: {start!r} is not in the register"


def test_surrey_minutes_and_tracker_counts(shared_dir):
    path = (
        shared_dir / "corpus" / "surrey" / "Social Care Services Board 25-Jan-2016 agenda pack.txt"
    )
    paper, chunks = paper_and_chunks(path)
    records = extract_records(paper, chunks)
    october = [
        r for r in records if r["meeting_date"] == "2015-10-30" and r["source_kind"] != "tracker"
    ]
    assert [r["number"] for r in october] == ["1", "2", "3", "4", "1", "2", "1", "2", "3"], october
    tracker = [r for r in records if r["source_kind"] == "tracker"]
    assert len(tracker) == 26, len(tracker)


TRACKER_ROWS = [
    ["Date of meeting", "Item", "Recommendation", "Responsible officer", "Update", "Review date"],
    [
        "3 June 2024",
        "Library Hours [Item 4]",
        "That Saturday opening is trialled at two libraries.",
        "Head of Libraries",
        "Trial started in September.",
        "March 2025",
    ],
    [
        "3 June 2024",
        "Library Hours [Item 4]",
        "That the trial is reported back to the Committee.",
        "",
        "",
        "June 2025",
    ],
]


def _docx_tracker(path):
    import docx

    document = docx.Document()
    document.add_heading("Communities Committee Recommendations Tracker", level=1)
    table = document.add_table(rows=0, cols=6)
    for row in TRACKER_ROWS:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = value
    document.save(str(path))
    return path


def _html_tracker(path):
    rows = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in TRACKER_ROWS)
    path.write_text(
        f"<html><body><h1>Recommendations Tracker</h1><table>{rows}</table></body></html>",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("make", [_docx_tracker, _html_tracker], ids=["docx", "html"])
def test_tracker_tables_from_word_and_html(tmp_path, make):
    suffix = ".docx" if make is _docx_tracker else ".html"
    records, _ = _records(make(tmp_path / f"Recommendations tracker{suffix}"))
    assert [r["text"] for r in records] == [row[2] for row in TRACKER_ROWS[1:]], records
    first, second = records
    assert (
        first["owner"] == "Head of Libraries" and first["status"] == "Trial started in September."
    )
    assert first["due"] == "March 2025" and first["meeting_date"] == "2024-06-03", first
    assert second["owner"] is None and second["status"] is None and second["due"] == "June 2025"


def test_action_lines_agreed_decisions_and_an_action_log(tmp_path):
    records, chunks = _records(make_trust_minutes(tmp_path / "Trust Board minutes.txt"))
    got = [
        (r["kind"], r["number"], r["text"][: len(e[2])], r["owner"])
        for r, e in zip(records, TRUST_EXPECTED, strict=False)
    ]
    assert len(records) == len(TRUST_EXPECTED), [r["text"][:40] for r in records]
    assert got == TRUST_EXPECTED, got
    by_ordinal = {c.ordinal: c for c in chunks}
    for r in records:
        assert r["text"] in by_ordinal[r["chunk_ordinal"]].text, f"not verbatim: {r['text']!r}"
        assert r["meeting_date"] == "2025-03-03", f"the meeting of the minutes: {r}"
    first, owner_line = records[0], records[1]
    assert first["due"] == "by 31 March 2025", first
    assert owner_line["text"].endswith("ACTION: Head of Workforce"), "the owner line is quoted"
    logged = [r for r in records if r["source_kind"] == "tracker"]
    assert [(r["due"], r["status"]) for r in logged] == [
        ("April 2025", "Draft circulated."),
        ("June 2025", None),
    ], logged
    assert not any("needed investment" in r["text"] for r in records), (
        "discussion is not a decision"
    )


def test_paragraph_numbers_glued_to_their_text_still_number_the_entries(tmp_path):
    # PDF text often loses the gap after a paragraph number: "6.1.A report", "6.2.It is"
    page = """From: Ms A Patel, Cabinet Member for Coast
To: Cabinet - 6 February 2025
Subject: Harbour Wall Repairs
5. Options
5.1.The options were considered by the Coast Committee.
6. Next steps
6.1.A report similar to this one will go to the Harbour Board.
The changes can only be made once both bodies have
agreed.
6.2.It is proposed that the Harbour Master arranges the works by June 2025.
6.3.July 2025 Works start on the harbour wall."""
    records, _ = _records(make_pdf(tmp_path / "Harbour Wall Repairs.pdf", [page]))
    steps = [(r["kind"], r["number"], r["text"][:30]) for r in records]
    assert steps == [
        ("next-step", "6.1", "A report similar to this one w"),
        ("next-step", "6.2", "It is proposed that the Harbou"),
        ("next-step", "6.3", "July 2025 Works start on the h"),
    ], steps
    assert [r["due"] for r in records] == [None, "by June 2025", "July 2025"], "a timetable date"
    assert "both bodies" in (records[0]["continuation"] or records[0]["text"]), records[0]


VARIANTS = """MINUTES of the meeting of the RIVERBANK HEALTH BOARD held on 4 March 2025.

5 PHARMACEUTICAL NEEDS ASSESSMENT [Item 5]

The Director of Public Health introduced the assessment.
The Board RESOLVED that the Pharmaceutical Needs Assessment be approved for publication.

6 BETTER CARE FUND [Item 6]

Members discussed the plan, and the Board resolved to return to it.
The Health and Wellbeing Board AGREED:
1. to note the quarter 3 return; and
2. that the Chair signs off the 2025/26 plan by 31 March 2025.

7 WINTER PLAN [Item 7]

Decision: The Board endorsed the winter plan.

8 PROPOSED RECORD OF DECISION [Item 8]

Decision: Cabinet is asked to:
A. Agree to TRANSFER the day centres to the Riverbank Trust; and
B. DELEGATE authority to the Director of Adult Services in
consultation with the Leader to finalise the transfer.

9 TREASURY STRATEGY [Item 9]

RECOMMENDED to Council that the Treasury Strategy 2025/26 be adopted.
"""


def test_decisions_minuted_after_the_body_or_under_an_inline_decision_label(tmp_path):
    # a proposed decision ("Decision: Cabinet is asked to:") is still a recommendation
    path = tmp_path / "Minutes 4 March 2025.txt"
    path.write_text(VARIANTS, encoding="utf-8")
    records, _ = _records(path)
    got = [(r["kind"], r["number"], r["text"][:40]) for r in records]
    assert got == [
        ("resolution", None, "The Board RESOLVED that the Pharmaceutic"),
        ("resolution", "(1)", "to note the quarter 3 return; and"),
        ("resolution", "(2)", "that the Chair signs off the 2025/26 pla"),
        ("resolution", None, "The Board endorsed the winter plan."),
        ("recommendation", "a", "Agree to TRANSFER the day centres to the"),
        ("recommendation", "b", "DELEGATE authority to the Director of Ad"),
        ("recommendation", None, "RECOMMENDED to Council that the Treasury"),
    ], got
    assert records[-2]["owner"] == "Director of Adult Services", "the delegate is its owner"
    assert records[2]["due"] == "by 31 March 2025", records[2]


def test_a_record_of_decision_is_filed_under_its_subject(tmp_path):
    page = """KENT-LIKE COUNCIL - PROPOSED RECORD OF DECISION
DECISION NO:
24/00999
Subject Matter / Title of Decision
Temporary Accommodation Plan
Decision:
Cabinet agree to:
a) approve the temporary accommodation plan; and
b) delegate authority to the Director of Housing to let the contracts.
Reason(s) for decision:
The plan meets the rising demand."""
    records, _ = _records(make_pdf(tmp_path / "Record of Decision 24-00999.pdf", [page]))
    assert [(r["number"], r["text"][:20]) for r in records] == [
        ("a", "approve the temporar"),
        ("b", "delegate authority t"),
    ], records
    assert {r["item"] for r in records} == {
        "Record of Decision 24/00999: Temporary Accommodation Plan"
    }, "the decision's subject, not only its number"


OTHER_BODIES = """MINUTES of the meeting of the GLENROSS LEARNING COMMITTEE held on 11 September
2024.

3 SCHOOL BUILDINGS PLAN [Item 3]

There was submitted a report by the Head of Learning on the condition of school buildings.

Decision

The Committee agreed:-

1) to note the condition survey;

2) to instruct the Head of Learning to report back on options for Burnside School by
December 2024; and

3) to approve a capital allocation of £1.2 million.

4 READING RECOVERY [Item 4]

Decision

The Committee agreed to note the update.

5 FLU VACCINATION PLAN [Item 5]

Members agreed that the uptake figures were encouraging.

The Board:
• APPROVED the Flu Vaccination Plan 2024/25.
• NOTED the risks set out in section 3.
• AGREED that a progress report be presented in November 2024.

6 SAFER STAFFING REPORT [Item 6]

The Board NOTED the report.

8 TREE STRATEGY [Item 8]

Resolved: that (a) the draft Tree Strategy be approved for consultation; and (b) the Head of
Parks reports the responses by March 2025.

9 LIBRARY HOURS [Item 9]

Cabinet RESOLVED to extend library opening hours.

10 FLY-TIPPING [Item 10]

RESOLVED: That the Committee
(1) notes the fall in fly-tipping;
(2) recommends a second enforcement officer.

11 HOMELESSNESS STRATEGY [Item 11]

RESOLVED: (1) That the Homelessness Strategy be recommended to Council.
(2) That the Director of Housing reports progress every six months.
Reasons for decision: The Council must publish a strategy.

7 ACTION LOG [Item 7]

Ref\tMeeting date\tItem\tAction\tLead\tDue\tStatus
B07\t04/03/2024\tFinance\tCirculate the capital plan\tDirector of Finance\tApril 2024\tClosed
B09\t10/06/2024\tStaffing\tShare the rota review with members\tChief Nurse\t30/06/2024\tOpen
"""


def test_decisions_of_committees_and_boards_minuted_in_other_styles(tmp_path):
    # "Decision" over "The Committee agreed:-", decisions in capitals after "The Board", and an
    # action log with its own reference numbers, numeric dates and an Open/Closed status
    path = tmp_path / "Glenross minutes 11 September 2024.txt"
    path.write_text(OTHER_BODIES, encoding="utf-8")
    records, _ = _records(path)
    got = [(r["kind"], r["number"], r["text"][:30]) for r in records]
    assert got == [
        ("resolution", "(1)", "to note the condition survey;"),
        ("resolution", "(2)", "to instruct the Head of Learni"),
        ("resolution", "(3)", "to approve a capital allocatio"),
        ("resolution", None, "The Committee agreed to note t"),
        ("resolution", None, "APPROVED the Flu Vaccination P"),
        ("resolution", None, "NOTED the risks set out in sec"),
        ("resolution", None, "AGREED that a progress report "),
        ("resolution", None, "The Board NOTED the report."),
        ("resolution", "(a)", "the draft Tree Strategy be app"),
        ("resolution", "(b)", "the Head of\nParks reports the "),
        ("resolution", None, "Cabinet RESOLVED to extend lib"),
        ("resolution", "(1)", "notes the fall in fly-tipping;"),
        ("resolution", "(2)", "recommends a second enforcemen"),
        ("resolution", "(1)", "That the Homelessness Strategy"),
        ("resolution", "(2)", "That the Director of Housing r"),
        ("action", "B07", "Circulate the capital plan"),
        ("action", "B09", "Share the rota review with mem"),
    ], got
    instruct, approved = records[1], records[4]
    assert instruct["lead_in"] == "The Committee agreed:-", instruct
    assert (instruct["owner"], instruct["due"]) == ("Head of Learning", "by December 2024")
    assert approved["lead_in"] == "The Board:", "the bullets hang from their lead-in"
    assert [r["item"] for r in records[:3]] == ["3 SCHOOL BUILDINGS PLAN"] * 3
    tree = records[8:10]
    leads = [r["lead_in"] for r in records[11:15]]
    assert leads == ["RESOLVED: That the Committee"] * 2 + ["RESOLVED:"] * 2, leads
    assert [r["lead_in"] for r in tree] == ["Resolved: that"] * 2, "parts printed on one line"
    assert (tree[1]["owner"], tree[1]["due"]) == ("Head of Parks", "by March 2025"), tree[1]
    assert tree[0]["due"] is None, "each part has its own owner and date"
    logged = [(r["meeting_date"], r["item"], r["owner"], r["status"]) for r in records[-2:]]
    assert logged == [
        ("2024-03-04", "Finance", "Director of Finance", "Closed"),
        ("2024-06-10", "Staffing", "Chief Nurse", "Open"),
    ], "the log's own columns, its dates read day first"


BUDGET_REPORT = """From: Mr R Hale, Cabinet Member for Finance
To: County Council - 13 February 2025
Subject: Budget 2025-26
Summary: The final budget.
Recommendations:
County Council is asked to agree the following:
2025-35 Capital Programme
(a) The 10-year capital programme of £900m.
(b) The directorate capital programmes published on 5th February 2025
2025-26 Revenue Budget
(c) The net revenue budget of £1,200m for 2025-26.
Key Policies and Strategies
(d) The Treasury Management Strategy as set out in appendix M of the
Council Tax Strategy
(e) To delegate authority to the Corporate Director of Finance to agree the final transfers.
1. Introduction
1.1 This report sets out the final budget.
2. Recommendations
County Council is asked to agree the following:
(a) The 10-year capital programme of £900m.
"""


def test_sub_headings_title_the_entries_below_them_and_repeats_are_one_record(tmp_path):
    path = tmp_path / "Budget 2025-26 report.txt"
    path.write_text(BUDGET_REPORT, encoding="utf-8")
    records, _ = _records(path)
    got = [(r["number"], r["text"].split()[-1], r["lead_in"].rsplit(": ", 1)[-1]) for r in records]
    assert got == [
        ("a", "£900m.", "2025-35 Capital Programme"),
        ("b", "2025", "2025-35 Capital Programme"),
        ("c", "2025-26.", "2025-26 Revenue Budget"),
        ("d", "Strategy", "Key Policies and Strategies"),
        ("e", "transfers.", "Key Policies and Strategies"),
    ], "each entry ends where it does, under its sub-heading; the summary's repeat is dropped"


BUDGET_MINUTES = """MINUTES of a meeting of the Harbourside County Council held on 13 February 2025.
27. Budget 2025-26
(Item 5)
1. Mr Hale introduced the budget.
2. RESOLVED that County Council agree the following:
2025-35 Capital Programme
(a) The 10-year capital programme of £900m.
(b) The directorate capital programmes.
2025-26 Revenue Budget
(c) The net revenue budget of £1,200m for 2025-26.
In addition:
(d) To note the cost pressures on the budget.
"""


def test_sub_headings_title_the_parts_of_a_resolution(tmp_path):
    path = tmp_path / "Minutes 13 February 2025.txt"
    path.write_text(BUDGET_MINUTES, encoding="utf-8")
    records, _ = _records(path)
    got = [(r["number"], r["lead_in"].rsplit(": ", 1)[-1]) for r in records]
    assert got == [
        ("2(a)", "2025-35 Capital Programme"),
        ("2(b)", "2025-35 Capital Programme"),
        ("2(c)", "2025-26 Revenue Budget"),
        ("2(d)", "In addition:"),
    ], got
    assert records[1]["text"] == "The directorate capital programmes.", "no sub-heading in it"
