"""Motions, amendments and votes read from minutes (corpus.motions)."""

from __future__ import annotations

from corpus.motions import find_motions, political_groups
from tests.papers import COUNCIL_PAGES, RESOLUTIONS

TEXT = "\n".join(COUNCIL_PAGES)


def _text(span) -> str:
    return " ".join(TEXT[span.start : span.end].split())


def test_motions_are_found_in_order_with_movers_and_paragraphs():
    proc = find_motions(TEXT)
    moved = [(m.kind, m.proposer, m.seconder, m.paragraph, m.amends) for m in proc.motions]
    assert moved == [
        ("motion", "Mr Quinn", "Mr Varga", "1", None),
        ("motion", "Mr Quinn", "Ms Patel", "2", None),
        ("amendment", "Mr Varga", "Mrs Osei", "3", "2"),
        ("amendment", "Mr Brennan", "Mrs Osei", "5", "2"),
    ]
    assert _text(proc.motions[2].proposal) == (
        "Mr Varga proposed and Mrs Osei seconded the following amendment to the motion set out "
        "in paragraph 2:"
    )


def test_a_motion_wording_is_cut_at_its_numbered_parts_across_the_sheet_break():
    parts = [_text(s) for s in find_motions(TEXT).motions[2].parts]
    assert parts[-1] == (
        "(3) Ask that no branch library closes before the mobile library service is extended to "
        "every village"
    )
    assert parts[1].startswith("(1) Approve the consultation")


def test_each_vote_is_tied_to_its_motion_with_counts_and_outcome():
    proc = find_motions(TEXT)
    votes = [(v.motion, v.subject, v.result, [(s, n) for s, n, _ in v.counts]) for v in proc.votes]
    assert votes == [
        (0, "motion", "carried", []),
        (2, "amendment", "lost", [("for", 12), ("against", 20), ("abstain", 2)]),
        (3, "amendment", "carried", []),
        (3, "substantive motion", "carried", [("for", 25), ("against", 8), ("abstain", 1)]),
    ]
    assert _text(proc.votes[0].outcome) == "Agreed unanimously."
    assert _text(proc.votes[1].outcome) == "Amendment lost."
    assert _text(proc.votes[1].call).startswith("Following the debate, the Mayor put the amendment")
    counts = [_text(s) for _, _, s in proc.votes[3].counts]
    assert counts == ["For (25)", "Against (8)", "Abstain (1)"]


def test_proposed_by_and_seconded_by_wording_and_plain_outcomes():
    text = (
        "12. Parking Charges\n"
        "It was proposed by Councillor Hale and seconded by Councillor Imran that the charges be "
        "frozen for 2025.\n"
        "On being put to the vote the motion was lost.\n"
    )
    proc = find_motions(text)
    assert [(m.proposer, m.seconder, m.kind) for m in proc.motions] == [
        ("Councillor Hale", "Councillor Imran", "motion")
    ]
    assert [(v.motion, v.result) for v in proc.votes] == [(0, "lost")]


def test_text_without_motions_has_none():
    proc = find_motions("RESOLVED that the report be noted. The motion to the Chair was thanked.")
    assert proc.motions == [] and proc.votes == []


def test_political_groups_are_read_from_how_members_are_introduced():
    text = TEXT + "\nMr Brennan, Leader of the Liberal Democrat Group, welcomed the review."
    assert political_groups(text) == {"Varga": "Independent", "Brennan": "Liberal Democrat"}


def test_bracketed_paragraphs_and_put_to_the_vote_the_amendment():
    text = (
        "(4) Mrs Osei proposed and Mr Quinn Seconded the following motion:\n"
        "\u201cCouncil is asked to agree the 2025-26 budget.\u201d\n"
        "(5) Mr Varga proposed, and Mr Brennan seconded the following amendment:\n"
        "\u201cReverse the cut to the library book fund.\u201d\n"
        "(6) Following the debate, the Chairman put to the vote the amendment set out in\n"
        "paragraph 5 above and the voting was as follows:\n"
        "For (9)\n"
        "Against (30)\n"
        "Amendment lost.\n"
        "(7) As all the amendments had been determined, the Chairman put to the vote the\n"
        "substantive motion as set out in paragraph 4 above and the voting was as follows:\n"
        "For (30)\n"
        "Against (9)\n"
        "Substantive Motion Carried.\n"
        "agreed by the Council in May.\n"
    )
    proc = find_motions(text)
    assert [(m.proposer, m.paragraph) for m in proc.motions] == [
        ("Mrs Osei", "4"),
        ("Mr Varga", "5"),
    ]
    votes = [(v.motion, v.subject, v.result, [n for _, n, _ in v.counts]) for v in proc.votes]
    assert votes == [
        (1, "amendment", "lost", [9, 30]),
        (0, "substantive motion", "carried", [30, 9]),
    ]
    call = proc.votes[1].call
    assert text[call.start : call.end].startswith("As all the amendments had been determined")
    parts = [text[p.start : p.end] for p in proc.motions[1].parts]
    assert parts == ["Reverse the cut to the library book fund."], "not the next paragraph"


def test_paragraph_numbers_restart_with_each_item_and_movers_need_no_title():
    text = (
        "12. Library Fees\n"
        "1) Jenni Hawkins proposed, and Mr Quinn seconded the motion that fees be frozen.\n"
        "2) Following the debate, the Chairman put the motion set out in paragraph 1 to the vote\n"
        "and the voting was as follows:\n"
        "For (20)\n"
        "Motion carried.\n"
        "13. Parks\n"
        "1) The Leader proposed and Mrs Osei, Deputy Leader and Cabinet Member for Parks,\n"
        "seconded the motion that the parks plan be adopted.\n"
        "2) Following the debate, the Chairman put the motion set out in paragraph 1 to the vote\n"
        "and it was agreed.\n"
    )
    proc = find_motions(text)
    assert [(m.proposer, m.seconder) for m in proc.motions] == [
        ("Jenni Hawkins", "Mr Quinn"),
        ("The Leader", "Mrs Osei"),
    ]
    assert [(v.motion, v.result) for v in proc.votes] == [(0, "carried"), (1, "carried")]


def test_a_motions_numbered_parts_are_not_taken_for_the_next_paragraph():
    text = (
        "3) Mr Varga proposed, and Mrs Osei seconded the motion that\n"
        "This Council resolves to:\n"
        "1. Keep all five branch libraries open.\n"
        "2. Extend the mobile library to every village.\n"
        "4) The Leader thanked members for the debate.\n"
    )
    parts = [text[p.start : p.end] for p in find_motions(text).motions[0].parts]
    assert parts == [
        "1. Keep all five branch libraries open.",
        "2. Extend the mobile library to every village.",
    ]


def test_a_call_without_to_the_vote_and_movers_named_by_office():
    text = (
        "5) The Chairman proposed and the Vice-Chairman seconded the motion that the meeting be\n"
        "extended to 5pm.\n"
        "6) The Chairman put the motion set out in paragraph 5 and it was agreed unanimously.\n"
    )
    proc = find_motions(text)
    assert [(m.proposer, m.seconder) for m in proc.motions] == [
        ("The Chairman", "the Vice-Chairman")
    ]
    assert [(v.motion, v.result) for v in proc.votes] == [(0, "carried")]


def test_a_call_naming_no_paragraph_and_it_was_agreed():
    text = (
        "Mr Quinn proposed, and Ms Patel seconded the motion that the report be noted.\n"
        "The Chairman put the motion and it was agreed.\n"
    )
    assert [(v.motion, v.result) for v in find_motions(text).votes] == [(0, "carried")]


def _in(text: str, span) -> str:
    return " ".join(text[span.start : span.end].split())


def test_a_mover_and_seconder_to_a_line_and_the_quoted_resolution():
    proc = find_motions(RESOLUTIONS[: RESOLUTIONS.index("5. Annual")])
    [motion] = proc.motions
    assert (motion.proposer, motion.seconder) == ("Councillor Brennan (P)", "Councillor Dunne")
    assert "disposal of land at 8, Mill Lane" in _in(RESOLUTIONS, motion.parts[-1])


def test_a_division_by_headed_sides_with_its_declared_outcome():
    text = RESOLUTIONS[RESOLUTIONS.index("5. Annual") : RESOLUTIONS.index("6. Election")]
    proc = find_motions(text)
    assert [(m.proposer, m.seconder) for m in proc.motions] == [
        ("Councillor Kerr", "Councillor O’Rourke")
    ], "naming the motion again when declaring it is not moving it again"
    [vote] = proc.votes
    assert [(side, n) for side, n, _ in vote.counts] == [("for", 8), ("against", 4), ("abstain", 1)]
    assert _in(text, vote.counts[0][2]).startswith("For** Councillors Brennan (P)")
    assert _in(text, vote.counts[0][2]).endswith("Tobin. **(8)")
    assert vote.result == "carried"
    assert _in(text, vote.outcome).startswith("The Cathaoirleach declared the Motion to adopt")


def test_an_election_counts_each_candidate_and_a_report_heading_is_no_count():
    text = RESOLUTIONS[RESOLUTIONS.index("6. Election") :]
    proc = find_motions(text)
    assert [m.proposer for m in proc.motions] == ["Councillor Lyons", "Councillor Fahy"]
    [vote] = proc.votes
    assert [(side, n) for side, n, _ in vote.counts] == [
        ("for Councillor Kerr", 5),
        ("for Councillor Madden", 3),
    ], "and not the report's '**For decision**' over its numbered recommendation"
    assert _in(text, vote.outcome) == (
        "The Meetings Administrator declared Councillor Kerr elected as Cathaoirleach."
    )
    assert vote.result == "carried"


def test_movers_named_after_the_resolution_and_counts_after_carried():
    # As English parish and Welsh community councils minute a decision (a made-up council)
    text = (
        "7. Planning\n"
        "(a) 24/0311/HH - Rear extension, 2 Heol Fach.\n"
        "Resolved: to object on the grounds of overlooking. Proposed Cllr P. Rees, seconded "
        "Cllr H. Morgan. Carried, 5 for, 2 against.\n"
        "(b) 24/0320/FUL - Solar array, Cae Glas.\n"
        "Resolved: no objection.\n"
    )
    [motion] = find_motions(text).motions
    assert (motion.proposer, motion.seconder) == ("Cllr P. Rees", "Cllr H. Morgan")
    [wording] = motion.parts
    assert _in(text, wording).endswith("Resolved: to object on the grounds of overlooking.")
    [vote] = find_motions(text).votes
    assert vote.result == "carried" and _in(text, vote.outcome) == "Carried"
    assert [(s, n, _in(text, span)) for s, n, span in vote.counts] == [
        ("for", 5, "5 for"),
        ("against", 2, "2 against"),
    ]


def test_a_seconder_named_by_office():
    text = (
        "It was proposed by Councillor Keary, seconded by the Chairman, Councillor Teskey and "
        "unanimously agreed that a letter be sent to the Minister about body worn cameras.\n"
    )
    [motion] = find_motions(text).motions
    assert (motion.proposer, motion.seconder) == (
        "Councillor Keary",
        "the Chairman, Councillor Teskey",
    )
    assert motion.parts == [], "the proposal holds its own wording"


# A made-up Irish district's minutes: notices of motion, each moved by a sentence naming it
NOTICES = """7. MINUTES

The minutes of the meeting of 9 May were proposed by Councillor Nagle and seconded by
Councillor Quaid.

**Matters arising**

The District Engineer said that the gully cleaning at Carrig was complete.

8. NOTICE OF MOTION SUBMITTED BY COUNCILLOR BREEN

**“I will move at the next Meeting that the Council install public lighting along the Mill
Road walkway at Ballyduff.”**

Cllr. Breen stated that the Notice of Motion be amended to read Mill Lane, not Mill Road.

The amended Notice of Motion was proposed by Councillor Breen, seconded by Councillor
Quaid and unanimously agreed. While welcoming the motion, Councillor Quaid said that the
walkway is unsafe after dark.

9. NOTICE OF MOTION SUBMITTED BY COUNCILLOR QUAID

I will move at the next Meeting that the Council seek funding for a footbridge at Carrig.

In proposing the Motion, Councillor Quaid referred to the many requests from residents.
The Motion was proposed by Councillor Quaid and seconded by Councillor Breen.

10. ROADS REPORT

The report was proposed by Councillor Nagle, seconded by Councillor Breen and agreed. The
District Engineer said that the resurfacing of the R515 would start in May.
"""


def test_a_proposal_naming_the_notice_of_motion_moves_the_notice_stated_before_it():
    motions = find_motions(NOTICES).motions
    assert [(m.proposer, m.seconder) for m in motions] == [
        ("Councillor Nagle", "Councillor Quaid"),
        ("Councillor Breen", "Councillor Quaid"),
        ("Councillor Quaid", "Councillor Breen"),
        ("Councillor Nagle", "Councillor Breen"),
    ]
    minutes, first, second, report = motions
    # a proposal naming what it moved ends with it: the matters arising are not its wording
    assert _in(NOTICES, minutes.proposal).startswith("The minutes of the meeting of 9 May were")
    assert minutes.parts == []
    # the proposal is the sentence as minuted, and what it moved is the notice before it
    assert _in(NOTICES, first.proposal).startswith("The amended Notice of Motion was proposed")
    assert [_in(NOTICES, s) for s in first.parts] == [
        "“I will move at the next Meeting that the Council install public lighting along the "
        "Mill Road walkway at Ballyduff.”"
    ]
    # each proposal moves its own item's notice, not the one moved before it
    assert [_in(NOTICES, s) for s in second.parts] == [
        "I will move at the next Meeting that the Council seek funding for a footbridge at Carrig."
    ]
    # a report adopted in the same sentence as it was proposed: what follows is the debate
    assert _in(NOTICES, report.proposal).startswith("The report was proposed by")
    assert report.parts == []


def test_a_quoted_resolution_ends_where_its_quotation_closes():
    text = (
        "1. Budgetary Plan\n\nProposed by Councillor Keane;\nSeconded by Councillor Roche;\n"
        "And Resolved:\n“That, the Budgetary Plan for the District, in the total sum of €275,000, "
        "be adopted.”\nThis concluded the Meeting.\nSigned: Cathaoirleach\n"
    )
    [motion] = find_motions(text).motions
    assert [_in(text, s) for s in motion.parts] == [
        "That, the Budgetary Plan for the District, in the total sum of €275,000, be adopted."
    ], "the close of the meeting is not what was resolved"


def test_a_motion_moved_in_one_sentence_and_seconded_in_the_next():
    text = (
        "At the commencement of the meeting, the Chairman expressed his support for the Garda "
        "Member facing investigation.\n\nHe proposed that the Minister for Justice be written to "
        "on the matter, requesting that it be reviewed.\n\nCouncillor K. Breen seconded the "
        "proposal and it was unanimously agreed.\n"
    )
    [motion] = find_motions(text).motions
    assert (motion.proposer, motion.seconder) == ("the Chairman", "Councillor K. Breen")
    assert _in(text, motion.proposal).startswith("He proposed that the Minister for Justice")
    assert motion.parts == [], "the proposal holds its own wording"


def test_a_motion_not_being_carried_is_lost():
    [vote] = find_motions(
        "The motion was proposed by Councillor Breen and seconded by Councillor Quaid.\n\nThe "
        "vote was tied and the Chairman's casting vote resulted in the motion not being carried.\n"
    ).votes
    assert vote.result == "lost"
