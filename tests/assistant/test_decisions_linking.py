"""Linking records across papers: same commitment yes, neighbours and stock phrases no."""

from __future__ import annotations

from assistant.register.linking import link_groups


def _rec(rid, text, *, paper="p1", document="Report", meeting="2025-03-13", **extra):
    return {
        "record_id": rid,
        "paper_id": paper,
        "document": document,
        "meeting_date": meeting,
        "text": text,
        "kind": "recommendation",
        "item": extra.pop("item", None),
        **extra,
    }


REPORT = [
    _rec(
        1,
        "NOTE the Inspector's Report on the examination of the Harbour Plan, Appendix A",
    ),
    _rec(2, "ADOPT the Harbour Plan 2025-2040 as set out in Appendix B"),
    _rec(
        3,
        "DELEGATE authority to the Director of Growth to make minor changes to the Harbour Plan",
    ),
]
MINUTES = [
    _rec(
        11,
        "Notes the Inspector's Report on the examination of the Harbour Plan (see Appendix A)",
        paper="p2",
        document="Minutes",
    ),
    _rec(
        12,
        "Adopts the Harbour Plan 2025-2040 as set out in Appendix B; and",
        paper="p2",
        document="Minutes",
    ),
    _rec(
        13,
        "Delegates authority to the Director of Growth to make minor changes to the Harbour Plan.",
        paper="p2",
        document="Minutes",
    ),
]


def test_each_recommendation_meets_its_own_resolution():
    chains = link_groups(REPORT + MINUTES)
    assert chains[1] == [11], chains
    assert chains[2] == [12], chains
    assert chains[3] == [13], chains
    assert chains[12] == [2], "links run both ways"


def test_entries_of_one_document_are_never_linked():
    chains = link_groups(REPORT)
    assert all(chain == [] for chain in chains.values()), chains


def test_stock_phrases_of_different_meetings_stay_apart():
    noted = [
        _rec(
            1,
            "RESOLVED that the Leader's report be noted.",
            meeting="2024-12-19",
            kind="resolution",
        ),
        _rec(
            2,
            "RESOLVED that the Leader's report be noted.",
            paper="p2",
            meeting="2025-03-13",
            kind="resolution",
        ),
    ]
    assert link_groups(noted) == {1: [], 2: []}


def test_a_tracker_row_holding_several_recommendations_links_to_each():
    made = [
        _rec(
            1,
            "That the Board reviews the roll out of the Safe Havens across the county.",
            document="Minutes",
        ),
        _rec(
            2,
            "That an update is provided on the Single Point of Access Project.",
            document="Minutes",
        ),
    ]
    row = _rec(
        9,
        "That the Board reviews the roll out of the Safe Havens across the county. "
        "That an update is provided on the Single Point of Access Project.",
        paper="p1",
        document="Tracker",
    )
    chains = link_groups([*made, row])
    assert chains[9] == [1, 2], chains
    assert chains[1] == [9] and chains[2] == [9], chains


def test_reports_of_other_periods_are_not_the_same_commitment():
    actions = "and the actions being taken to address areas where performance is not as targeted."
    q2 = _rec(
        1,
        f"RESOLVED that Cabinet note the Quarter 2 Performance Report {actions}",
        document="Minutes of 9 January 2025",
        meeting="2025-01-09",
        kind="resolution",
    )
    q3 = _rec(
        2,
        f"Cabinet is asked to NOTE the Quarter 3 Performance Report {actions}",
        paper="p2",
        document="Quarterly Performance Report, Quarter 3",
        meeting="2025-03-04",
    )
    groups = link_groups([q2, q3])
    assert not groups.get(1) and not groups.get(2), f"quarters 2 and 3 are two reports: {groups}"
    q3_again = {**q2, "record_id": 3, "paper_id": "p3", "meeting_date": "2025-03-04"}
    q3_again["text"] = q2["text"].replace("Quarter 2", "Quarter 3")
    assert link_groups([q3, q3_again]).get(2) == [3], "the same quarter's report and minute"
