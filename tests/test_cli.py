"""The command line end to end on fixture papers: ingest, papers, search, remove, bad input."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from assistant.cli import main
from tests import papers


@pytest.fixture(autouse=True)
def _shared_model(embedder, monkeypatch):
    """Every command in this module uses the one session model."""
    monkeypatch.setattr("assistant.runtime._embedder", lambda *_: embedder)


def run(*args: str, ok: bool = True):
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    if ok:
        assert result.exit_code == 0, f"{args} failed ({result.exit_code}): {result.output}"
    return result


@pytest.fixture
def board(tmp_path):
    """A folder with one good minutes PDF."""
    folder = tmp_path / "papers"
    papers.make_minutes_pdf(folder / "Minutes 12 March 2024.pdf")
    return folder


def test_ingest_then_papers_and_search_json(board):
    out = run("ingest", str(board)).output
    assert "1 added" in out, out

    listed = json.loads(run("papers", "--json").output)
    assert len(listed) == 1, listed
    paper = listed[0]
    assert set(paper) == {
        "paper_id",
        "title",
        "file",
        "committee",
        "meeting_date",
        "kind",
        "pages",
        "chunks",
    }, paper
    assert paper["pages"] == 3 and paper["chunks"] > 0, paper
    assert paper["meeting_date"] == "2024-03-12", paper

    results = json.loads(run("search", "home care vacancy rate", "--json", "--k", "3").output)
    hits = results["results"]
    assert hits, "search found nothing"
    assert set(hits[0]) == {
        "chunk_id",
        "paper_id",
        "text",
        "score",
        "document",
        "file",
        "committee",
        "meeting_date",
        "kind",
        "item",
        "page",
    }, hits[0]
    assert any("14%" in h["text"] for h in hits), [h["text"][:80] for h in hits]
    assert all(h["page"] in (1, 2, 3) for h in hits), hits


def test_reingest_and_copies_cost_nothing_and_changes_replace(board):
    run("ingest", str(board))
    before = json.loads(run("papers", "--json").output)

    again = run("ingest", str(board)).output
    assert "0 added" in again and "1 unchanged or duplicate" in again, again

    shutil.copy(board / "Minutes 12 March 2024.pdf", board / "copy of minutes.pdf")
    copied = run("ingest", str(board)).output
    assert "0 added" in copied, copied
    assert json.loads(run("papers", "--json").output) == before, "a copy must not add a paper"

    changed = board / "Minutes 12 March 2024.pdf"
    papers.make_pdf(changed, ["MINUTES of the meeting held on 12 March 2024.", "Revised text."])
    out = run("ingest", str(changed)).output
    assert "1 replaced" in out, out
    after = json.loads(run("papers", "--json").output)
    assert len(after) == 2, "the changed file replaces its old version; the copy keeps the old text"
    assert {p["pages"] for p in after} == {3, 2}, after


def test_remove(board):
    run("ingest", str(board))
    paper_id = json.loads(run("papers", "--json").output)[0]["paper_id"]
    assert "Removed" in run("remove", paper_id).output
    assert json.loads(run("papers", "--json").output) == []
    missing = run("remove", paper_id, ok=False)
    assert missing.exit_code == 1 and "No paper" in missing.output, missing.output


def test_filters_by_committee_and_date(board, tmp_path):
    other = tmp_path / "other"
    papers.make_pdf(other / "report.pdf", ["Report on home care vacancy rate of 9% in Rivermouth."])
    run("ingest", str(board))
    run("ingest", "--committee", "Rivermouth Board", "--date", "2023-01-05", str(other))

    def committees(*extra):
        out = run("search", "home care vacancy rate", "--json", *extra).output
        return {h["committee"] for h in json.loads(out)["results"]}

    assert committees("--committee", "Rivermouth Board") == {"Rivermouth Board"}
    assert "Rivermouth Board" not in committees("--since", "2024-01-01")
    assert committees("--until", "2023-12-31") == {"Rivermouth Board"}


BAD_FILES = {
    "locked.pdf": papers.make_encrypted_pdf,
    "scan.pdf": papers.make_scanned_pdf,
    "broken.pdf": papers.make_corrupt_pdf,
    "empty.pdf": papers.make_empty_file,
    "notes.xyz": papers.make_empty_file,
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_input_is_one_line_naming_the_file_and_the_rest_goes_on(board, name):
    BAD_FILES[name](board / name)
    result = run("ingest", str(board), ok=False)
    assert result.exit_code == 1, result.output
    lines = [line for line in result.output.splitlines() if name in line]
    assert len(lines) == 1, f"expected one line naming {name}: {result.output}"
    assert "1 added" in result.output, result.output


def test_bad_dates_and_missing_index_are_clear(tmp_path):
    bad = run("ingest", "--date", "30/01/2025", str(tmp_path), ok=False)
    assert bad.exit_code == 2 and "2025-01-30" in bad.output, bad.output
    missing = run("papers", ok=False)
    assert missing.exit_code == 1 and "No index" in missing.output, missing.output


def test_a_paper_naming_no_committee_takes_its_meeting_folders(board):
    appendix = board / "Appendix A - vacancy figures.pdf"
    papers.make_pdf(appendix, ["Vacancies by locality: north 12%."])
    run("ingest", str(board))
    listed = {p["title"]: p["committee"] for p in json.loads(run("papers", "--json").output)}
    assert len(set(listed.values())) == 1 and None not in listed.values(), listed
