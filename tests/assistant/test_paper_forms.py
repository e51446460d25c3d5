# ruff: noqa: E501 (the fixture minutes keep their long lines, as exports print them)
"""Papers of forms the team never tuned for, in one plain folder (no dates or bodies in folder
names): a US township board's minutes with roll-call votes, an Irish council's minutes, a trust
board's minutes. Each is filed under its body with its authority and the date of the meeting it
records, and the township's motions become records with their movers, roll calls and outcomes.
The papers are fictional."""

from __future__ import annotations

import pytest

from assistant.ingest import ingest_paths, preview_paths
from assistant.register import query_register
from index.store import Index

TOWNSHIP = """\
CEDAR HOLLOW TOWNSHIP
Larch County, Minnesota

MINUTES OF THE REGULAR MEETING OF THE CEDAR HOLLOW TOWNSHIP BOARD OF SUPERVISORS HELD ON OCTOBER 14, 2024

1. CALL TO ORDER
Chair Ingrid Solberg called the meeting to order at 7:00 p.m.

2. ROLL CALL
Present: Chair Solberg, Supervisor Haugen, Supervisor Pike, Supervisor Lund, Supervisor Dahl.

3. GRAVEL ROAD RESURFACING
Motion by Supervisor Haugen, seconded by Supervisor Lund, to award the gravel road resurfacing contract to Northfield Aggregates for $184,500. Roll call vote: Ayes: Solberg, Haugen, Lund, Dahl. Nays: Pike. Motion carried.

4. SNOW PLOWING AGREEMENT
Motion by Supervisor Pike, seconded by Supervisor Dahl, to renew the snow plowing agreement with Larch County for two years. Roll call vote: Ayes: 5, Nays: 0. Motion carried.

5. ADJOURNMENT
Motion by Supervisor Lund, seconded by Supervisor Dahl, to adjourn. Voice vote: all ayes. Motion carried.
"""

IRISH = """\
MINUTES OF PROCEEDINGS AT MEETING OF THE MUNICIPAL DISTRICT OF GLENARD HELD IN THE
CIVIC OFFICES, MAIN STREET, GLENARD, ON MONDAY, 27TH NOVEMBER, 2023, AT 10.00 A.M.

PRESENT IN THE CHAIR: Councillor M. Daly, Cathaoirleach.

MEMBERS PRESENT: Councillors Brennan, Collins, Hayes, O'Dwyer.

1. Adoption of Minutes
Proposed by Councillor Collins
Seconded by Councillor Hayes
And resolved: "That the Minutes of Meeting of the Municipal District of Glenard held on 23rd
October, 2023, be adopted."

2. Footpath Works Programme
The Senior Engineer outlined the footpath works programme for 2024.
"""

IRISH_AGENDA = """\
**COMHAIRLE CONTAE BHAILE GLAS**
**BALLYGLASS COUNTY COUNCIL**

To: The Cathaoirleach and Each Member of the Municipal District of Glenard

You are requested to attend a Meeting of the Municipal District of Glenard to be held in the Civic
Offices, Main Street, Glenard, on Monday, 11th December, 2023, at 10.00 a.m.

AGENDA

1. Minutes of Meeting of the Municipal District of Glenard held on 27th November, 2023.
2. Footpath Works Programme 2024.
"""

TRUST = """\
# WILLOWBANK MUSEUMS TRUST

## Minutes of the Meeting of the Board of Trustees held on Thursday 6 March 2025 at 4.00pm

**Present:** Anne Corrigan (Chair), Ben Achebe, Clara Voss

### 25/08 Admission charges

The Board agreed to keep admission free for residents in 2025-26.
"""


@pytest.fixture(scope="module")
def plain(tmp_path_factory):
    folder = tmp_path_factory.mktemp("papers")
    for name, text in {
        "minutes_oct.txt": TOWNSHIP,
        "glenard minutes.txt": IRISH,
        "glenard agenda.md": IRISH_AGENDA,
        "board_minutes.md": TRUST,
    }.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_each_form_is_filed_under_its_body_authority_date_and_kind(plain):
    filed = {
        p.path.name: (p.committee, p.meeting_date and p.meeting_date.isoformat(), p.kind)
        for p in preview_paths([plain])
    }
    assert filed == {
        "minutes_oct.txt": ("Cedar Hollow Township: Board of Supervisors", "2024-10-14", "minutes"),
        "glenard minutes.txt": (
            "Ballyglass County Council: Municipal District of Glenard",
            "2023-11-27",
            "minutes",
        ),
        "glenard agenda.md": (
            "Ballyglass County Council: Municipal District of Glenard",
            "2023-12-11",
            "agenda",
        ),
        "board_minutes.md": (
            "Willowbank Museums Trust: Board of Trustees",
            "2025-03-06",
            "minutes",
        ),
    }, filed


def test_roll_call_votes_become_motion_records(plain, tmp_path, embedder):
    with Index.open(tmp_path / "index", embedder=embedder) as index:
        report = ingest_paths([plain], index=index)
        assert not report.failed, report.failed
        motions = [r for r in query_register(index) if r["kind"] == "motion"]
    township = sorted(
        (r for r in motions if r["committee"].startswith("Cedar Hollow")),
        key=lambda r: r["record_id"],
    )
    got = [(r["lead_in"], r["status"]) for r in township]
    assert got == [
        (
            "proposed by Supervisor Haugen, seconded by Supervisor Lund",
            "carried (For 4, Against 1)",
        ),
        ("proposed by Supervisor Pike, seconded by Supervisor Dahl", "carried (For 5, Against 0)"),
        ("proposed by Supervisor Lund, seconded by Supervisor Dahl", "carried"),
    ], got
    assert township[0]["text"].startswith("Motion by Supervisor Haugen"), township[0]["text"]
    assert "Northfield Aggregates for $184,500" in township[0]["text"], "its wording is its own"
