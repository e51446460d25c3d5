"""Text exports of PDFs: double-spaced printed lines read as paragraphs, rules as page breaks."""

from pathlib import Path

from corpus.readers import read_file
from corpus.reflow import reflow, split_pages
from corpus.structure import paper_meeting

# A fictional council's minutes as a PDF-to-Markdown export prints them: a blank line after each
# printed line, a rule and the printed page number at each page break.
EXPORT = """[Original file](https://example.org/minutes.pdf)

---
MINUTES OF PROCEEDINGS AT MEETING OF THE MUNICIPAL DISTRICT OF

FERNBRIDGE-KILCARRA HELD IN THE TOWN HALL, FERNBRIDGE, ON

MONDAY, 9TH MARCH, 2020, AT 10.00 A.M.

PRESENT IN THE CHAIR: Councillor A. Mulcair, Cathaoirleach.

1. Bridge Street Footpaths

The District Engineer reported that the total estimated expenditure on the footpath

renewal scheme for Bridge Street and the approach to the national school amounted

to €926.6 thousand, with works to begin in the spring.

The report was noted.

2. Motion

Councillor Breen proposed that the speed limit outside the school be reduced to

30 km/h during school hours.

**For**

Councillors Breen, Coady, Devane, **(3)**

**Against**

Councillors Egan, Fallon. **(2)**

The Cathaoirleach declared the Motion carried.
---
2

3. Any Other Business

The next meeting would be held on 6th April, 2020, in the Town Hall, Fernbridge,

at the usual time, subject to any public health advice then in force.
"""


def test_double_spaced_lines_become_paragraphs(tmp_path: Path):
    path = tmp_path / "Minutes - Fernbridge-Kilcarra - 9th March 2020.md"
    path.write_text(EXPORT, encoding="utf-8")
    source = read_file(path)
    first = source.pages[0].text
    assert (
        "footpath\nrenewal scheme for Bridge Street and the approach to the national school "
        "amounted\nto €926.6 thousand" in first
    ), "one paragraph: the blank lines that only wrapped it are gone"
    assert "with works to begin in the spring.\n\nThe report was noted." in first, (
        "a line cut short of the margin ends its paragraph"
    )
    assert "**For**\n\nCouncillors Breen" in first, "a bold heading stays apart from its text"
    assert "reduced to\n30 km/h" in first


def test_rules_followed_by_page_numbers_are_page_breaks(tmp_path: Path):
    path = tmp_path / "minutes.md"
    path.write_text(EXPORT, encoding="utf-8")
    pages = read_file(path).pages
    assert [p.number for p in pages] == [1, 2]
    assert pages[0].text.startswith("[Original file]"), "the export's preamble joins page one"
    assert "MINUTES OF PROCEEDINGS" in pages[0].text
    assert pages[1].text.lstrip().startswith("2\n") and "Any Other Business" in pages[1].text


def test_a_thematic_break_alone_is_no_page_break():
    text = "Intro paragraph.\n\n---\n\nMore text here.\n\n---\n\nClosing words."
    assert split_pages(text) is None


def test_unwrapped_markdown_is_left_as_it_is():
    paragraph = "The trust board agreed the library opening hours for the winter season " * 4
    pages = [f"{paragraph}\n\nShort one.\n\n{paragraph}\n\nAnother.\n\n{paragraph}\n"]
    assert reflow(pages) == pages, "lines longer than any printed line are paragraphs already"


def test_the_body_and_date_come_from_the_minutes_heading(tmp_path: Path):
    path = tmp_path / "minutes.md"
    path.write_text(EXPORT, encoding="utf-8")
    meeting = paper_meeting(read_file(path))
    assert meeting.committee == "Municipal District of Fernbridge-Kilcarra"
    assert meeting.date is not None and meeting.date.isoformat() == "2020-03-09"


def test_the_body_comes_from_a_meeting_folder_when_the_paper_does_not_name_it(tmp_path: Path):
    folder = tmp_path / "2021" / "05" / "17-Monthly Meeting of the Municipal District of Glenmore"
    folder.mkdir(parents=True)
    path = folder / "Replies to Questions.md"
    path.write_text("Question 1. Councillor Ryan asked about the car park.\n", encoding="utf-8")
    assert paper_meeting(read_file(path)).committee == "Municipal District of Glenmore"


def test_a_committee_named_with_its_council_is_filed_under_both():
    from corpus.committees import body_name, tidy_committee

    def named(name: str, council: str | None = None) -> str | None:
        return body_name(tidy_committee(name), council)

    assert (
        named("Ravensford City and County Council’s Roads Strategic Policy Committee")
        == "Ravensford City and County Council: Roads Strategic Policy Committee"
    )
    assert named("Ravensford County Council Cabinet") == "Ravensford County Council: Cabinet"
    assert named("RAVENSFORD CITY AND COUNTY COUNCIL") == "Ravensford City and County Council"
    # the meeting of a whole council, whatever the papers call it, is the council's own name
    assert named("Full Council", "Ravensford County Council") == "Ravensford County Council"
    assert named("County Council", "Ravensford County Council") == "Ravensford County Council"
    # a council naming itself keeps its name, whatever letterhead a paper bears
    assert named("Tarrow Community Council", "Ravensford County Council") == (
        "Tarrow Community Council"
    )
    assert named("Cabinet", "Ravensford County Council") == "Ravensford County Council: Cabinet"
    assert named("Cabinet", "Tarrow Borough Council") == "Tarrow Borough Council: Cabinet"
    assert named("Cabinet") == "Cabinet"  # no authority known: the body's own name
