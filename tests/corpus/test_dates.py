"""Meeting dates as exports and scans print them, and where else a paper's date is written."""

from datetime import date

from corpus.dates import date_from_folders, find_meeting_date, mentions_day
from corpus.readers import read_file
from corpus.structure import paper_meeting


def test_dates_in_bold_markdown_and_ocr_ordinals_are_read():
    heading = "HELD IN THE COUNCIL CHAMBER, ON MONDAY,** **16TH** **NOVEMBER, 2015, AT 9.45 A.M."
    assert find_meeting_date(heading) == date(2015, 11, 16)
    assert find_meeting_date('HELD IN THE HALL, ON WEDNESDAY, 13" JULY, 2016') == date(2016, 7, 13)
    assert find_meeting_date("ON WEDNESDAY, 1+t FEBRUARY, 2017, AT 10.00") == date(2017, 2, 1)
    assert find_meeting_date("HELD AT THE HALL, ON MONDAY, 15\nTH SEPTEMBER, 2014") == date(
        2014, 9, 15
    )


def test_a_letter_date_under_the_council_s_name_is_not_a_meeting_banner():
    letter = (
        "& County Council\n\n31st March, 2023\n\nYou are requested to attend a Meeting to be "
        "held on Wednesday, 5th April, 2023 at 10.00 a.m."
    )
    assert find_meeting_date(letter) == date(2023, 4, 5)


def test_archive_folders_of_year_month_and_day_date_a_paper():
    path = "/archive/meetings/2023/10/19-Monthly Meeting of the Glenmore District/Replies.md"
    assert date_from_folders(path) == date(2023, 10, 19)
    assert date_from_folders("/papers/2023/minutes.md") is None


def test_a_yearless_day_in_the_heading_takes_the_file_name_s_year(tmp_path):
    path = tmp_path / "Minutes - Meeting of the Glenmore District - 19th October 2023.md"
    path.write_text(
        "MINUTES OF PROCEEDINGS OF MONTHLY MEETING OF THE GLENMORE DISTRICT HELD IN THE HALL ON\n"
        "THURSDAY 19th OCTOBER AT 3.00PM.\n\n"
        "1. Adoption of Minutes\n\nDraft Minutes of the Meeting held on 21st September, 2023.\n",
        encoding="utf-8",
    )
    assert mentions_day("ON THURSDAY 19th OCTOBER", date(2023, 10, 19))
    assert paper_meeting(read_file(path)).date == date(2023, 10, 19), (
        "the adopted minutes' date is another meeting's"
    )
