"""Who chaired a meeting, who attended and who sent apologies (fictional minutes)."""

from __future__ import annotations

from dataclasses import replace

from assistant.answer import ask
from assistant.from_attendance import attendance_answer
from assistant.question import QType, analyse
from tests.assistant.checks import check_quotes, flat


def _answer(index, question: str) -> str:
    answer = ask(question, index=index)
    check_quotes(answer, index)
    assert answer.answered and answer.answered_by == "attendance", question
    return flat(answer.answer)


def test_the_chair_is_read_from_the_attendance(minutes_index):
    text = _answer(minutes_index, "Who chaired the committee meeting on 12 March 2024?")
    assert text == "Mrs Jane Holloway (Chairman) [1]"


def test_the_vice_chair_is_not_the_chair(minutes_index):
    text = _answer(minutes_index, "Who was vice-chairman at the meeting on 12 March 2024?")
    assert "Mr Peter Quinn (Vice-Chairman)" in text and "Holloway" not in text


def test_chair_and_apologies_together(minutes_index):
    text = _answer(
        minutes_index,
        "Who chaired the Adult Services Select Committee on 12 March 2024 and who sent apologies?",
    )
    assert "Mrs Jane Holloway (Chairman)" in text
    assert "Apologies were received from Mr David Okafor." in text


def test_who_attended_quotes_the_members_present(minutes_index):
    text = _answer(minutes_index, "Who attended the meeting on 12 March 2024?")
    for name in ("Jane Holloway", "Peter Quinn", "Amira Patel", "Tom Brennan"):
        assert name in text
    assert "Okafor" not in text


def test_who_was_there_asks_attendance_but_was_there_a_contest_does_not(minutes_index):
    there = analyse("Who was there at the meeting on 12 March 2024?")
    assert attendance_answer(there, index=minutes_index) is not None
    contest = analyse("Was there a vote at the meeting on 12 March 2024, and who won it?")
    assert attendance_answer(contest, index=minutes_index) is None


def test_which_members_sent_apologies_asks_who(minutes_index):
    asked = analyse("Which members sent apologies to the meeting on 12 March 2024?")
    assert attendance_answer(replace(asked, qtype=QType.FIGURE), index=minutes_index) is None
    quotes, _ = attendance_answer(replace(asked, qtype=QType.WHO), index=minutes_index)
    assert [q for _, q in quotes] == ["Apologies were received from Mr David Okafor."]
    gave = analyse("Which member gave apologies to the meeting on 12 March 2024?")
    assert attendance_answer(replace(gave, qtype=QType.WHO), index=minutes_index) is not None


def test_which_members_sent_apologies_is_answered_from_the_attendance(minutes_index):
    text = _answer(minutes_index, "Which members sent apologies to the meeting on 12 March 2024?")
    assert text == "Apologies were received from Mr David Okafor. [1]"


def test_questions_naming_no_meeting_are_left_to_free_text(minutes_index):
    for question in ("Who chairs the Hearth Foods contract board?", "Who will present the report?"):
        assert attendance_answer(analyse(question), index=minutes_index) is None, question


def test_a_meeting_named_by_a_topic_its_minutes_do_not_cover_is_not_looked_up(minutes_index):
    question = analyse("Who chaired the meeting about the swimming pool refurbishment?")
    assert attendance_answer(question, index=minutes_index) is None
    question = analyse("Who chaired the meeting about the meals on wheels contract?")
    assert attendance_answer(question, index=minutes_index) is not None


def test_a_filter_to_other_kinds_of_paper_leaves_the_minutes_alone(minutes_index):
    from index.types import Filters

    question = analyse("Who chaired the committee meeting on 12 March 2024?")
    only_reports = Filters(kinds=("report",))
    assert attendance_answer(question, index=minutes_index, filters=only_reports) is None
    assert attendance_answer(question, index=minutes_index) is not None


BOARD_MINUTES = """MEADOWVALE HEALTH AND WELLBEING BOARD
Minutes of the meeting held on Thursday 3 April 2025
Present:
Cllr Patricia Oduya (Chair)
Fiona Clarke, Director of Public Health
Apologies:
Supt Gareth Hollins, Meadowvale Police
Anne Strickland, Chief Executive, Meadowvale Community Health NHS Trust
In attendance:
Hannah Price, Governance Officer (minutes)
Item 1 Welcome and apologies
The Chair welcomed members and noted the apologies above.
"""


def _answer_from(tmp_path, embedder, name: str, minutes: str, question: str) -> str:
    """The attendance answer to a question on one paper of minutes, ingested alone."""
    from assistant.ingest import ingest_paths
    from index.store import Index

    folder = tmp_path / "papers"
    folder.mkdir()
    (folder / name).write_text(minutes)
    with Index.open(tmp_path / "index", embedder=embedder) as index:
        ingest_paths([folder], index=index)
        return _answer(index, question)


def test_apologies_listed_one_a_line_under_their_label(tmp_path, embedder):
    asked = "Who sent apologies to the health and wellbeing board in April?"
    text = _answer_from(tmp_path, embedder, "HWB minutes 3 April 2025.txt", BOARD_MINUTES, asked)
    assert "Gareth Hollins" in text and "Anne Strickland" in text, text
    assert "Hannah Price" not in text, "the next label ends the list"


def test_apologies_naming_members_by_initial_are_quoted_to_the_sentences_end(tmp_path, embedder):
    minutes = (
        "Minutes of the meeting of Pentre Isaf Community Council held on 11 September 2023.\n"
        "Present: Cllr A. Jones (Chair), Cllr R. Hughes, Cllr M. Davies.\n"
        "1. Apologies\nApologies were received and accepted from Cllr G. Williams (work) and "
        "Cllr C. Thomas (illness).\n2. Planning\nThe Council considered two applications.\n"
    )
    asked = "Who sent apologies to the meeting on 11 September 2023?"
    text = _answer_from(tmp_path, embedder, "Minutes 11 September 2023.txt", minutes, asked)
    assert "Cllr G. Williams (work) and Cllr C. Thomas (illness)." in text, text
