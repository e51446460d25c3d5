"""Each paper is filed under its body named with the authority it belongs to, from the paper's
own heading or letterhead, else from the run's other papers: its folder, papers naming the same
body, or the one authority of an enclosing archive. The papers are fictional."""

from __future__ import annotations

from pathlib import Path

from assistant.ingest import preview_paths
from assistant.question import named_committees


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _notice(body: str, day: str, letterhead: str = "TARROW CITY & COUNTY COUNCIL") -> str:
    return (
        f"**{letterhead}**\n\nCorporate Headquarters\n\n"
        f"You are requested to attend a Meeting of the {body} to be held on {day}.\n\n"
        "AGENDA\n\n1. Minutes of the previous meeting\n\n2. Roads programme\n"
    )


def _minutes(body: str, day: str) -> str:
    return (
        f"MINUTES OF PROCEEDINGS AT MEETING OF THE {body.upper()} HELD IN THE CIVIC OFFICES "
        f"ON {day.upper()}.\n\nPRESENT IN THE CHAIR: Councillor A. Byrne.\n\n"
        "1. ROADS PROGRAMME\n\nThe report on the roads programme was noted.\n"
    )


def _filed(root: Path) -> dict[str, str | None]:
    return {p.path.relative_to(root).as_posix(): p.committee for p in preview_paths([root])}


def test_an_archive_of_one_council_files_every_district_under_it(tmp_path):
    archive = tmp_path / "tarrow"
    west, east = "Municipal District of Tarrow West", "Municipal District of Kilbrack"
    write(archive / "2021/03/agenda.md", _notice(west, "Tuesday, 9th March, 2021"))
    write(archive / "2021/03/minutes.md", _minutes(west, "Tuesday, 9th February, 2021"))
    # a folder of minutes alone: the body's name is known with its council from the agenda above
    write(archive / "2021/04/minutes.md", _minutes(west, "Tuesday, 9th March, 2021"))
    # another district, never with a letterhead: the archive holds one council's papers
    write(archive / "2021/05/minutes.md", _minutes(east, "Monday, 10th May, 2021"))
    write(archive / "2021/06/agenda.md", _notice(west, "Tuesday, 8th June, 2021"))
    # a letter from a community council in the district's pack is a paper of the district's meeting
    write(
        archive / "2021/06/letter.md",
        "BALLYROE COMMUNITY COUNCIL\n\nMeeting of the Municipal District of Tarrow West held "
        "on 1st June 2021.\n\nWe ask the district to repair the footpath at Church Road.\n",
    )
    filed = _filed(archive)
    council = "Tarrow City and County Council"
    assert filed == {
        "2021/03/agenda.md": f"{council}: {west}",
        "2021/03/minutes.md": f"{council}: {west}",
        "2021/04/minutes.md": f"{council}: {west}",
        "2021/05/minutes.md": f"{council}: {east}",
        "2021/06/agenda.md": f"{council}: {west}",
        "2021/06/letter.md": f"{council}: {west}",
    }, filed


def test_authorities_side_by_side_stay_apart(tmp_path):
    for council in ("Tarrow County Council", "Glenmore Borough Council"):
        folder = tmp_path / council.split()[0].lower() / "2024-05-02"
        write(
            folder / "minutes.md",
            f"{council.upper()}\n\nCABINET\n\nMINUTES of a meeting of the Cabinet held on "
            "Thursday, 2 May 2024.\n\n1. Budget\n\nRESOLVED that the budget be agreed.\n",
        )
        write(
            folder / "report.md", "To: Cabinet - 2 May 2024\n\nSubject: Budget\n\n1. The budget.\n"
        )
    # a folder of another body without any letterhead takes no authority from its neighbours
    write(
        tmp_path / "trust/2024-05-03/minutes.md",
        "MINUTES of a meeting of the Board of Trustees held on Friday, 3 May 2024.\n\n"
        "1. Accounts\n\nThe accounts were approved.\n",
    )
    filed = _filed(tmp_path)
    assert filed == {
        "tarrow/2024-05-02/minutes.md": "Tarrow County Council: Cabinet",
        "tarrow/2024-05-02/report.md": "Tarrow County Council: Cabinet",
        "glenmore/2024-05-02/minutes.md": "Glenmore Borough Council: Cabinet",
        "glenmore/2024-05-02/report.md": "Glenmore Borough Council: Cabinet",
        "trust/2024-05-03/minutes.md": "Board of Trustees",
    }, filed

    known = sorted(set(filed.values()))
    assert named_committees("What did Glenmore's cabinet decide?", known) == [
        "Glenmore Borough Council: Cabinet"
    ]
    assert set(named_committees("What did the cabinet decide on the budget?", known)) == {
        "Tarrow County Council: Cabinet",
        "Glenmore Borough Council: Cabinet",
    }


def test_the_whole_council_is_one_body_under_any_of_its_names(tmp_path):
    folder = tmp_path / "2025-03-13"
    write(
        folder / "minutes.md",
        "RAVENSFORD COUNTY COUNCIL\n\nCOUNTY COUNCIL\n\nMINUTES of a meeting of the County "
        "Council held on Thursday, 13 March 2025.\n\n1. Budget\n\nRESOLVED that the budget be "
        "agreed.\n",
    )
    write(
        folder / "report.md", "To: Full Council - 13 March 2025\n\nSubject: Pay Policy\n\n1. Pay.\n"
    )
    write(
        folder / "questions.md",
        "COUNTY COUNCIL\n\nThursday 13 March 2025\n\nQuestion 1\n\nBy Cllr Ash.\n",
    )
    assert set(_filed(folder).values()) == {"Ravensford County Council"}


def _agenda(day: str, items: list[str]) -> str:
    listed = "\n".join(f"{n}. {item}" for n, item in enumerate(items, start=1))
    return f"RAVENSFORD COUNTY COUNCIL\n\nCABINET\n\nThursday, {day}\n\nAGENDA\n\n{listed}\n"


def test_papers_of_several_meetings_in_one_plain_folder_follow_the_agenda_listing_them(tmp_path):
    write(
        tmp_path / "Agenda January.md",
        _agenda("30 January 2025", ["Apologies", "24/00096 - School Places Plan 2025-29"]),
    )
    write(
        tmp_path / "Agenda March.md",
        _agenda("4 March 2025", ["Apologies", "24/00131 - Highways Winter Service Review"]),
    )
    # reports and annexes that name neither body nor date, filed by the agenda item they belong to
    write(tmp_path / "24-00096 - EqIA.md", "Equality impact assessment\n\nNo adverse impact.\n")
    write(
        tmp_path / "Winter Service Review - Report.md",
        "Summary\n\nGritting routes are reviewed each year.\n",
    )
    write(tmp_path / "Notes.md", "Notes\n\nThe room was booked.\n")  # listed by no agenda
    filed = {
        p.path.name: (p.committee, p.meeting_date and p.meeting_date.isoformat())
        for p in preview_paths([tmp_path])
    }
    cabinet = "Ravensford County Council: Cabinet"
    assert filed == {
        "Agenda January.md": (cabinet, "2025-01-30"),
        "Agenda March.md": (cabinet, "2025-03-04"),
        "24-00096 - EqIA.md": (cabinet, "2025-01-30"),
        "Winter Service Review - Report.md": (cabinet, "2025-03-04"),
        "Notes.md": (cabinet, None),
    }, filed
