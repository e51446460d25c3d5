"""`ingest --dry-run` shows where each file would be filed and stores nothing; `papers` groups
what is stored by body, then meeting. The papers are fictional and written by each test."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.cli import main

HARROWFIELD_MINUTES = """\
# MINUTES OF A MEETING OF HARROWFIELD PARISH COUNCIL HELD ON 12 MARCH 2024

Present: Cllr A. Marsh (Chair), Cllr B. Thorne, Cllr C. Ellery.

1. APOLOGIES

Apologies were received from Cllr D. Pike.

2. VILLAGE HALL ROOF

The Clerk reported that three quotes had been received for the repair of the village hall roof.
RESOLVED: That the quote of £4,200 from Thorne Roofing be accepted.
"""

APPENDIX = """\
Appendix A: quotes for the village hall roof

Thorne Roofing quoted £4,200, Ellery Builders £5,100 and Pike and Sons £6,000.
"""

SURVEY = """\
Footpath survey

The survey of the footpaths found two broken stiles and one fallen fingerpost.
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def tree(root: Path) -> dict[str, int]:
    return {str(p.relative_to(root)): p.stat().st_size for p in sorted(root.rglob("*"))}


def line_naming(output: str, name: str) -> str:
    lines = [line for line in output.splitlines() if name in line]
    assert len(lines) == 1, f"expected one line naming {name}:\n{output}"
    return lines[0]


@pytest.fixture
def pack(tmp_path) -> Path:
    """A meeting folder: minutes naming the body and date, an appendix naming neither, and two
    files no reader takes (an unknown type and a .pdf that is not a PDF)."""
    folder = tmp_path / "papers" / "2024-03"
    write(folder / "minutes.md", HARROWFIELD_MINUTES)
    write(folder / "appendix.txt", APPENDIX)
    write(folder / "notes.xyz", "scribbles")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4\nthis is not really a pdf\n")
    return tmp_path / "papers"


def test_dry_run_shows_body_date_kind_and_writes_nothing(pack, tmp_path):
    before = tree(tmp_path)
    result = run("ingest", "--dry-run", str(pack))

    assert result.exit_code == 1, result.output  # two files would fail, as a real ingest says
    minutes = line_naming(result.output, "minutes.md").split()
    assert minutes[:3] == ["Harrowfield", "Parish", "Council"], minutes
    assert minutes[3:5] == ["2024-03-12", "minutes"], minutes
    assert minutes[-2:] == ["1p", "2024-03/minutes.md"], "path relative to the folder given"

    # The appendix names no body: it takes the one its meeting folder's minutes name.
    appendix = line_naming(result.output, "appendix.txt")
    assert appendix.startswith("Harrowfield Parish Council  (no date)  "), appendix
    assert " annex " in appendix, appendix

    for name in ("notes.xyz", "broken.pdf"):
        assert line_naming(result.output, name).startswith("error: "), result.output
    assert result.output.splitlines()[-1] == (
        "2 files would be filed under 1 body; 0 without a body; 1 without a date; 2 failed;"
        " nothing was stored."
    ), result.output

    assert not (tmp_path / "index").exists(), "a dry run must not create the index"
    assert tree(tmp_path) == before, "a dry run must not write anything"


def test_dry_run_honours_committee_and_date_over_what_is_found(pack):
    result = run(
        "ingest", "--dry-run", "--committee", "Audit Committee", "--date", "2025-03-13", str(pack)
    )
    for name in ("minutes.md", "appendix.txt"):
        line = line_naming(result.output, name)
        assert line.split()[:3] == ["Audit", "Committee", "2025-03-13"], line


def test_dry_run_reads_folder_metadata_and_a_file_alone_may_have_no_body(tmp_path):
    loose = write(tmp_path / "loose" / "survey.txt", SURVEY)
    alone = run("ingest", "--dry-run", str(loose))
    assert alone.exit_code == 0, alone.output
    assert line_naming(alone.output, "survey.txt").startswith("(no body found)  (no date)")
    assert "0 files" not in alone.output and "1 without a body" in alone.output, alone.output

    write(tmp_path / "loose" / "boardpapers.json", '{"meeting_date": "2024-05-07"}')
    dated = line_naming(run("ingest", "--dry-run", str(loose)).output, "survey.txt")
    assert dated.startswith("(no body found)  2024-05-07"), dated


def test_a_missing_path_is_one_line_and_the_rest_goes_on(pack, tmp_path):
    result = run("ingest", "--dry-run", str(tmp_path / "no-such-folder"), str(pack))
    assert result.exit_code == 1, result.output
    assert line_naming(result.output, "no-such-folder").startswith("error: "), result.output
    assert "Harrowfield Parish Council" in line_naming(result.output, "minutes.md")
    assert "3 failed" in result.output.splitlines()[-1], result.output


def test_json_needs_dry_run(pack, tmp_path):
    result = run("ingest", "--json", str(pack))
    assert result.exit_code == 2 and "--dry-run" in result.output, result.output
    assert not (tmp_path / "index").exists()


@pytest.fixture
def shared_model(embedder, monkeypatch):
    """Real ingests in this module use the one session model."""
    monkeypatch.setattr("assistant.runtime._embedder", lambda *_: embedder)


def test_dry_run_json_is_what_a_real_ingest_then_files(pack, shared_model, tmp_path):
    preview = json.loads(run("ingest", "--dry-run", "--json", str(pack)).stdout)
    assert all(
        set(p) == {"path", "committee", "meeting_date", "kind", "title", "pages", "error"}
        for p in preview
    ), preview
    failed = {Path(p["path"]).name: p["error"] for p in preview if p["error"]}
    assert set(failed) == {"notes.xyz", "broken.pdf"}, failed
    assert all(name in error for name, error in failed.items()), failed

    assert run("ingest", str(pack)).exit_code == 1
    stored = {p["file"]: p for p in json.loads(run("papers", "--json").stdout)}
    fields = ("committee", "meeting_date", "kind", "title", "pages")
    expected = {p["path"]: {f: p[f] for f in fields} for p in preview if not p["error"]}
    assert {path: {f: stored[path][f] for f in fields} for path in stored} == expected


def test_papers_groups_by_body_then_meeting_newest_first(tmp_path, shared_model):
    root = tmp_path / "papers"
    write(root / "harrowfield" / "minutes.md", HARROWFIELD_MINUTES)
    write(root / "audit-june" / "report.txt", APPENDIX.replace("Appendix A", "Roof report"))
    write(root / "audit-june" / "boardpapers.json", _meeting("Audit Committee", "2024-06-04"))
    write(root / "audit-jan" / "report.txt", APPENDIX.replace("£4,200", "£3,900"))
    write(root / "audit-jan" / "boardpapers.json", _meeting("Audit Committee", "2024-01-16"))
    write(root / "audit-undated" / "note.txt", SURVEY)
    write(root / "audit-undated" / "boardpapers.json", '{"committee": "Audit Committee"}')
    write(root / "loose" / "survey.txt", SURVEY.replace("two", "three"))
    assert run("ingest", str(root)).exit_code == 0

    listed = run("papers").output.splitlines()
    headings = [line for line in listed if not line.startswith("    ")]
    assert headings == [
        "Audit Committee",
        "  2024-06-04",
        "  2024-01-16",
        "  (no date)",
        "Harrowfield Parish Council",
        "  2024-03-12",
        "(no body found)",
        "  (no date)",
    ], "\n".join(listed)
    # Each paper sits under its own body and meeting, with its id (`remove` takes it), kind, pages.
    papers = {p["paper_id"]: p for p in json.loads(run("papers", "--json").stdout)}
    shown, body, meeting = {}, None, None
    for line in listed:
        if not line.startswith(" "):
            body = line
        elif not line.startswith("    "):
            meeting = line.strip()
        else:
            paper_id, kind, pages, *_ = line.split()
            shown[paper_id] = (body, meeting, kind, pages)
    assert shown == {
        paper_id: (
            p["committee"] or "(no body found)",
            p["meeting_date"] or "(no date)",
            p["kind"],
            f"{p['pages']}p",
        )
        for paper_id, p in papers.items()
    }, listed
    assert len(shown) == 5, listed
    # The JSON stays one flat list in the index's order, with its stable fields.
    dates = [p["meeting_date"] for p in json.loads(run("papers", "--json").stdout)]
    assert dates == ["2024-06-04", "2024-03-12", "2024-01-16", None, None], dates


def _meeting(committee: str, when: str) -> str:
    return json.dumps({"committee": committee, "meeting_date": when})


def test_a_plain_folder_files_every_paper_under_the_meeting_its_papers_agree_on(tmp_path):
    """No dates in the folder's name: undated appendices take the date the agenda and reports
    give, and a report calling the whole council "Full Council" is filed with the rest."""
    folder = tmp_path / "march papers"
    agenda = "AGENDA\n\nCOUNTY COUNCIL\n\nThursday, 13 March 2025, at 10.00 am\n\n1. Apologies\n"
    report = "Report to: County Council\n\nDate of meeting: 13 March 2025\n\nPay policy.\n"
    whole = "Report to: Full Council\n\nDate of meeting: 13 March 2025\n\nArmed forces.\n"
    minutes = (
        "MINUTES of a meeting of the County Council held on Thursday, 13 February 2025.\n\n"
        "1. Apologies were received.\n"
    )
    write(folder / "agenda.txt", agenda)
    write(folder / "pay policy.txt", report)
    write(folder / "armed forces.txt", whole)
    write(folder / "Appendix 1.txt", "Table of pay grades for the year.\n")
    write(folder / "previous minutes.txt", minutes)
    result = run("ingest", "--dry-run", "--json", str(folder))
    filed = {Path(p["path"]).name: p for p in json.loads(result.output)}
    assert filed["Appendix 1.txt"]["meeting_date"] == "2025-03-13"
    assert filed["Appendix 1.txt"]["committee"] == "County Council"
    assert filed["armed forces.txt"]["committee"] == "County Council"
    assert filed["previous minutes.txt"]["meeting_date"] == "2025-02-13", "minutes keep their own"
