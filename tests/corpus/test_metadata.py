"""Folder metadata (boardpapers.json) and choosing which files to ingest."""

from __future__ import annotations

import json
from datetime import date

import pytest

from corpus.errors import PaperError
from corpus.metadata import files_to_ingest, folder_meeting
from corpus.types import Meeting
from tests import papers


def _meta(folder, **fields):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "boardpapers.json").write_text(json.dumps(fields))


def test_no_metadata_file_means_unknown_meeting(tmp_path):
    path = papers.make_txt(tmp_path / "papers" / "notes.txt")
    assert folder_meeting(path) == Meeting(), "nothing set, nothing guessed"


def test_nearest_file_wins_and_fields_merge_upward(tmp_path):
    _meta(
        tmp_path / "board", committee="Adult Services Select Committee", meeting_date="2024-01-01"
    )
    _meta(tmp_path / "board" / "2024-03-12", meeting_date="2024-03-12")
    paper = papers.make_minutes_pdf(tmp_path / "board" / "2024-03-12" / "packs" / "minutes.pdf")
    meeting = folder_meeting(paper)
    assert meeting.committee == "Adult Services Select Committee", "committee comes from above"
    assert meeting.date == date(2024, 3, 12), "the nearer file's date wins"
    assert folder_meeting(tmp_path / "board") == Meeting(
        "Adult Services Select Committee", date(2024, 1, 1)
    ), "a folder reads its own file"


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("{not json", "not valid JSON"),
        ('["Cabinet"]', "expected an object"),
        ('{"comittee": "Cabinet"}', "unknown field comittee"),
        ('{"meeting_date": "25/01/2016"}', "not a date"),
        ('{"committee": 7}', "committee must be"),
    ],
)
def test_invalid_metadata_names_the_file_and_the_problem(tmp_path, content, problem):
    (tmp_path / "boardpapers.json").write_text(content)
    with pytest.raises(PaperError) as caught:
        folder_meeting(papers.make_txt(tmp_path / "notes.txt"))
    message = str(caught.value)
    assert "boardpapers.json" in message and problem in message, message
    assert "\n" not in message, "one line"


def test_files_to_ingest_expands_folders_sorted_and_reports_unsupported(tmp_path):
    root = tmp_path / "papers"
    papers.make_txt(root / "b.txt")
    papers.make_html(root / "sub" / "a.html")
    papers.make_txt(root / "budget.xlsx")
    papers.make_txt(root / ".hidden.txt")
    papers.make_txt(root / ".git" / "notes.md")
    papers.make_txt(root / "~$report.docx")
    _meta(root, committee="Cabinet")
    files, errors = files_to_ingest([root])
    assert [f.relative_to(root).as_posix() for f in files] == ["b.txt", "sub/a.html"], files
    assert len(errors) == 1 and "budget.xlsx" in str(errors[0]), [str(e) for e in errors]
    assert "unsupported file type .xlsx" in str(errors[0])


def test_files_to_ingest_keeps_given_files_once_and_reports_missing(tmp_path):
    paper = papers.make_minutes_pdf(tmp_path / "minutes.pdf")
    files, errors = files_to_ingest([paper, tmp_path, tmp_path / "gone.pdf"])
    assert files == [paper.absolute()], "a file named twice is ingested once"
    assert len(errors) == 1 and "gone.pdf" in str(errors[0]), [str(e) for e in errors]


def test_samples_folder_names_its_committee():
    from pathlib import Path

    import corpus

    samples = Path(corpus.__file__).parent / "samples"
    files, errors = files_to_ingest([samples])
    assert errors == [], [str(e) for e in errors]
    assert any(f.suffix == ".pdf" for f in files), "the quick start needs a sample PDF"
    assert folder_meeting(files[0]).committee, "samples/boardpapers.json names the committee"
