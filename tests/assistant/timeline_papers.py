"""Fictional papers of a subject followed over five years: the Riverside Link Road of Castlebrook
District Council's Environment Committee, renamed the Castleford Relief Road in 2021, named in
passing in an unrelated item, and with an agenda and minutes of the same meeting."""

from __future__ import annotations

from pathlib import Path

HEAD = "CASTLEBROOK DISTRICT COUNCIL\n\nMINUTES\n\n"


def _minutes(day: str, items: str) -> str:
    return (
        HEAD
        + f"Minutes of the meeting of the Environment Committee of Castlebrook District Council "
        f"held at the Guildhall, Castlebrook on {day} at 7.00pm\n\n"
        "Present: Cllr P. Marsh (Chair), Cllr J. Okafor, Cllr L. Brennan, Cllr S. Whitlock\n\n"
        "1. Apologies\n\nApologies were received from Cllr D. Farrow.\n\n" + items
    )


PAPERS = {
    "2019-03-12_minutes.md": _minutes(
        "Tuesday 12 March 2019",
        "2. Riverside Link Road\n\n"
        "The Director of Place introduced the feasibility study for the Riverside Link Road (RLR), "
        "a new road of 2.4 km joining the A614 to the Northgate industrial estate. Members "
        "welcomed the study but asked that the route avoid the water meadows.\n\n"
        "RESOLVED: That a public consultation on three route options for the Riverside Link "
        "Road be held in the autumn of 2019.\n\n"
        "3. Street lighting\n\nThe Committee noted the LED replacement programme.\n",
    ),
    "2020-06-09_agenda.md": "CASTLEBROOK DISTRICT COUNCIL\n\nAGENDA\n\n"
    "You are summoned to a meeting of the Environment Committee of Castlebrook District Council "
    "to be held at the Guildhall, Castlebrook on Tuesday 9 June 2020 at 7.00pm\n\n"
    "1. Apologies\n\n2. Minutes of the last meeting\n\n"
    "3. Riverside Link Road - preferred route\n\nTo consider the report of the Director of "
    "Place on the outcome of the consultation and the preferred route for the Riverside Link "
    "Road.\n\n4. Any other business\n",
    "2020-06-09_minutes.md": _minutes(
        "Tuesday 9 June 2020",
        "2. Minutes of the last meeting\n\nThe minutes were approved.\n\n"
        "3. Riverside Link Road - preferred route\n\n"
        "The Director of Place reported that 1,214 responses had been received to the "
        "consultation, 61% of them favouring the eastern option for the Riverside Link Road.\n\n"
        "RESOLVED: That the eastern option be approved as the preferred route and that a "
        "planning application be prepared.\n",
    ),
    "2021-02-10_minutes.md": _minutes(
        "Wednesday 10 February 2021",
        "2. Castleford Relief Road\n\n"
        "The Director of Place reported that the scheme had been renamed the Castleford Relief "
        "Road (formerly the Riverside Link Road) to reflect its wider purpose, and that planning "
        "permission had been granted on 18 January 2021.\n\n"
        "RESOLVED: That the Castleford Relief Road be included in the capital programme for "
        "2021/22 at a cost of £14.2 million.\n",
    ),
    "2022-09-14_minutes.md": _minutes(
        "Wednesday 14 September 2022",
        "2. Castleford Relief Road - funding\n\n"
        "Members heard that construction costs had risen by 18%. The Castleford Relief Road "
        "would now cost £16.8 million, of which £9 million would come from the Levelling Up "
        "Fund.\n\n"
        "RESOLVED: That the additional £2.6 million for the Castleford Relief Road be met from "
        "reserves.\n",
    ),
    "2022-11-08_minutes.md": _minutes(
        "Tuesday 8 November 2022",
        "2. Allotments\n\n"
        "The Committee reviewed the waiting list for allotments, which stood at 143 households. "
        "Cllr Whitlock said that parking at the Mill Lane site was difficult while the Castleford "
        "Relief Road works were under way. Members agreed to seek a new site in Northgate.\n\n"
        "RESOLVED: That officers identify land for twenty new allotment plots.\n",
    ),
    "2023-01-17_minutes.md": _minutes(
        "Tuesday 17 January 2023",
        "2. Questions from Members\n\n"
        "Cllr Brennan asked when the Castleford Relief Road would open to traffic. The Director "
        "of Place replied that the Castleford Relief Road was expected to open in April 2024.\n\n"
        "Cllr Okafor asked about the bus shelter at Mill Lane. The Director replied that it would "
        "be replaced in March.\n",
    ),
}


def write_papers(folder: Path) -> Path:
    """The papers as markdown files in folder; returns folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in PAPERS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder
