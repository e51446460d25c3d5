"""Motions and amendments in the decisions register: exact records, --kind, --open, no chains."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from assistant.cli import main
from assistant.ingest import ingest_paths
from assistant.register import extract_records, query_register, record_is_open
from index.store import Index
from tests.assistant.register_papers import paper_and_chunks
from tests.papers import COUNCIL_PAGES, make_council_minutes_pdf, make_pdf

# (kind, number, proposer, lead_in, status) of each record, in the minutes' order
EXPECTED = [
    (
        "motion",
        "1",
        None,
        "proposed by Mr Quinn, seconded by Mr Varga",
        "carried unanimously",
    ),
    (
        "motion",
        "2",
        None,
        "proposed by Mr Quinn, seconded by Ms Patel",
        "carried as the substantive motion (For 25, Against 8, Abstain 1)",
    ),
    (
        "amendment",
        "3",
        None,
        "proposed by Mr Varga, seconded by Mrs Osei",
        "lost (For 12, Against 20, Abstain 2)",
    ),
    ("amendment", "5", None, "proposed by Mr Brennan, seconded by Mrs Osei", "carried"),
]
MOTIONS = ("motion", "amendment")


@pytest.fixture(scope="module")
def council(tmp_path_factory, embedder):
    """The council minutes ingested, then the same minutes filed again as another PDF (the real
    model: the CLI opens the index with it)."""
    root = tmp_path_factory.mktemp("council")
    make_council_minutes_pdf(root / "papers" / "Minutes 20 June 2024.pdf")
    make_pdf(root / "papers" / "copy" / "Minutes of the previous meeting.pdf", COUNCIL_PAGES)
    index = Index.open(root / "index", embedder=embedder)
    report = ingest_paths([root / "papers"], index=index)
    assert not report.failed, f"fixture ingest failed: {report.failed}"
    yield root / "index", index
    index.close()


def _motions(index) -> list[dict]:
    return [r for r in query_register(index) if r["kind"] in MOTIONS]


def test_each_motion_and_amendment_is_one_record_with_movers_and_outcome(council):
    _, index = council
    records = sorted(_motions(index), key=lambda r: r["record_id"])
    got = [(r["kind"], r["number"], r["owner"], r["lead_in"], r["status"]) for r in records]
    assert got == EXPECTED, got
    assert all(r["due"] is None and r["meeting_date"] == "2024-06-20" for r in records), records
    items = [r["item"] for r in records]
    assert items[1:] == ["57. Library Services Review"] * 3, items


def test_record_text_is_the_proposal_and_its_wording_exactly_as_in_its_chunk(council):
    _, index = council
    records = _motions(index)
    assert records, "no motion records"
    for r in records:
        chunk = index.chunk(r["chunk_id"])
        assert r["text"] in chunk.text, f"{r['text']!r} is not in chunk {r['chunk_id']}"
    varga = next(r for r in records if r["lead_in"].startswith("proposed by Mr Varga"))
    moved = " ".join(varga["text"].split())
    assert moved.startswith(
        "Mr Varga proposed and Mrs Osei seconded the following amendment to the motion set out "
        "in paragraph 2:"
    ), varga["text"]
    assert moved.endswith(
        "(3) Ask that no branch library closes before the mobile library service is extended "
        'to every village"'
    ), "the record reads as what was moved, its wording and the quotation mark closing it"
    assert varga["continuation"] is None, "all of it is on one page"
    brennan = next(r for r in records if r["lead_in"].startswith("proposed by Mr Brennan"))
    assert brennan["page"] == 2, brennan


def test_a_copy_of_the_minutes_is_listed_once_and_motions_join_no_other_kind(council):
    _, index = council
    stored = [r for r in index.records() if r["kind"] in MOTIONS]
    assert len(stored) == 2 * len(EXPECTED), len(stored)  # both files hold them
    records = query_register(index)
    motions = [r for r in records if r["kind"] in MOTIONS]
    assert len(motions) == len(EXPECTED), [r["text"][:30] for r in motions]
    for r in records:
        kinds = {c["kind"] for c in r["chain"]}
        mixed = kinds - {r["kind"]} if r["kind"] in MOTIONS or kinds & set(MOTIONS) else set()
        assert not mixed, f"record {r['record_id']} ({r['kind']}) chains {kinds}"


def _cli(index_dir, *args) -> list[dict]:
    result = CliRunner().invoke(main, ["--index", str(index_dir), "decisions", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_cli_lists_the_amendments_by_kind_and_never_as_open(council):
    index_dir, _ = council
    amendments = _cli(index_dir, "--kind", "amendment")
    assert [(r["kind"], r["text"].split(" proposed")[0]) for r in amendments] == [
        ("amendment", "Mr Varga"),
        ("amendment", "Mr Brennan"),
    ], amendments
    assert all(r["owner"] is None for r in amendments), "moving a motion is not owning it"
    assert amendments[0]["status"] == "lost (For 12, Against 20, Abstain 2)", amendments[0]
    still_open = _cli(index_dir, "--open")
    assert not [r for r in still_open if r["kind"] in MOTIONS], still_open
    assert not _cli(index_dir, "--open", "--kind", "motion", "--kind", "amendment")


def test_cli_text_says_who_moved_it_and_the_outcome(council):
    index_dir, _ = council
    result = CliRunner().invoke(main, ["--index", str(index_dir), "decisions", "--kind", "motion"])
    assert result.exit_code == 0, result.output
    assert "Proposed by Mr Quinn, seconded by Ms Patel" in result.output, result.output
    assert "Outcome: carried as the substantive motion (For 25" in result.output, result.output
    assert "2 records, 0 open." in result.output, result.output


def test_a_motion_without_a_minuted_vote_is_still_not_open():

    motion = {"kind": "motion", "status": None, "due": None, "meeting_date": "2024-06-20"}
    assert record_is_open({**motion, "kind": "recommendation"}, [], None), "control: open"
    assert not record_is_open(motion, [], None), "a motion is decided when minuted"


# Decisions minuted in other ways: agreed in the call, by "RESOLVED" alone, a substantive motion
# put after a motion "that the substantive motion be put to the vote".
OTHER_WAYS = """MINUTES of a meeting of Millbrook Borough Council held on 12 September 2024.
61. Parks Strategy
(Item 4)
1) Mr Quinn proposed, and Ms Patel seconded the motion that
"Council adopts the parks strategy."
2) Following the debate, the Mayor put the motion set out in paragraph 1 and it was agreed
unanimously.
3) RESOLVED that Council adopts the parks strategy.
62. Allotments
(Item 5)
1) Mrs Osei proposed, and Mr Varga seconded the motion that
"Council notes the allotments report."
2) Following the debate, the Mayor put the motion set out in paragraph 1.
3) RESOLVED that Council notes the allotments report.
63. Motion for Time Limited Debate
(Item 6)
1) Mr Brennan proposed, and Mrs Osei seconded the motion that
"This Council calls for more bus shelters."
2) Mr Varga proposed and Ms Patel seconded the following amendment:
"This Council calls for more bus shelters and benches."
Amendment carried.
3) Ms Patel proposed and Mr Quinn seconded that the substantive motion be put to the vote.
4) The Mayor put the motion in paragraph 3 to the vote and the voting was as follows:
For (20)
Against (2)
Abstain (0)
Motion carried.
5) The Mayor put the substantive motion to the vote and the voting was as follows:
For (30)
Against (0)
Abstain (1)
Substantive motion carried.
"""


SUBSTANTIVE = "(For 30, Against 0, Abstain 1)"


def test_outcomes_minuted_without_a_recorded_vote_and_after_a_closure_motion(tmp_path):
    path = tmp_path / "Minutes 12 September 2024.txt"
    path.write_text(OTHER_WAYS, encoding="utf-8")
    paper, chunks = paper_and_chunks(path)
    records = [r for r in extract_records(paper, chunks) if r["kind"] in MOTIONS]
    got = [(r["kind"], r["lead_in"].split(",")[0], r["status"]) for r in records]
    assert got == [
        ("motion", "proposed by Mr Quinn", "carried unanimously"),
        ("motion", "proposed by Mrs Osei", "resolved"),
        ("motion", "proposed by Mr Brennan", f"carried as the substantive motion {SUBSTANTIVE}"),
        ("amendment", "proposed by Mr Varga", "carried"),
        ("motion", "proposed by Ms Patel", "carried (For 20, Against 2, Abstain 0)"),
    ], got


NOTES = " ".join(
    f"({n}) This Council notes that the river meadows flooded {n} times in the last decade."
    for n in range(1, 12)
)
LONG_MOTION = [
    """MINUTES of a meeting of Millbrook Borough Council held on 14 November 2024.
64. Motion on the River Meadows
(Item 7)
1) Mrs Ayres proposed, and Mr Lott seconded the motion that""",
    f"""\"{NOTES} This Council resolves to ask the Head of Parks to publish a meadow recovery plan
by March 2025.\"
2) The Mayor put the motion and it was agreed unanimously.""",
]


def test_a_long_motion_is_held_whole_and_owned_by_whom_it_tasks(tmp_path):
    # its wording starts on the next page, so it is held as the record's continuation
    paper, chunks = paper_and_chunks(
        make_pdf(tmp_path / "Minutes 14 November 2024.pdf", LONG_MOTION)
    )
    (motion,) = [r for r in extract_records(paper, chunks) if r["kind"] in MOTIONS]
    words = " ".join(f"{motion['text']} {motion['continuation'] or ''}".split())
    assert len(NOTES) > 600 and "publish a meadow recovery plan by March 2025" in words, words
    assert motion["owner"] == "Head of Parks", "the motion tasks the Head of Parks"
    assert motion["lead_in"] == "proposed by Mrs Ayres, seconded by Mr Lott", motion["lead_in"]


SCOTTISH = """Minute of Meeting of the Glenross Education Committee held on 11 March 2025.

3. KILMORE PRIMARY SCHOOL

There was submitted a report on the future of Kilmore Primary School.

Motion
Councillor Reid, seconded by Councillor Shaw, moved that the Committee agree the recommendations in
the report.
Amendment
Councillor Fyfe, seconded by Councillor Baird, moved as an amendment that a decision be deferred for
twelve months.
On a division, 4 members voted for the amendment and 6 for the motion. The motion was accordingly
carried.
"""


def test_a_motion_and_amendment_moved_as_scottish_councils_minute_them(tmp_path):
    path = tmp_path / "Minute 11 March 2025.txt"
    path.write_text(SCOTTISH, encoding="utf-8")
    paper, chunks = paper_and_chunks(path)
    records = [r for r in extract_records(paper, chunks) if r["kind"] in MOTIONS]
    ends = [" ".join(r["text"].split())[-30:] for r in records]
    got = [
        (r["kind"], r["lead_in"], end, r["status"]) for r, end in zip(records, ends, strict=True)
    ]
    assert got == [
        ("motion", "proposed by Councillor Reid, seconded by Councillor Shaw",
         "recommendations in the report.", "carried"),
        ("amendment", "proposed by Councillor Fyfe, seconded by Councillor Baird",
         "be deferred for twelve months.", "lost (4 for the amendment, 6 for the motion)"),
    ], got  # fmt: skip


NOTICE = """MINUTES of a meeting of the Municipal District of Carrig held on 9 June 2025.

8. NOTICE OF MOTION SUBMITTED BY COUNCILLOR BREEN

**“I will move at the next Meeting that the Council install public lighting along the Mill Lane
walkway at Ballyduff.”**

The Notice of Motion was proposed by Councillor Breen, seconded by Councillor Quaid and
unanimously agreed. While welcoming the motion, Councillor Quaid said that the walkway is
unsafe after dark.
"""


def test_a_notice_of_motion_is_recorded_with_the_sentence_that_moved_it(tmp_path):
    path = tmp_path / "Minutes 9 June 2025.txt"
    path.write_text(NOTICE, encoding="utf-8")
    paper, chunks = paper_and_chunks(path)
    (motion,) = [r for r in extract_records(paper, chunks) if r["kind"] in MOTIONS]
    text = " ".join(motion["text"].split())
    assert text.startswith("“I will move at the next Meeting that the Council install"), text
    assert text.endswith("seconded by Councillor Quaid and unanimously agreed."), text
    assert "unsafe after dark" not in text, "the debate after it is not what was moved"
    assert motion["status"] == "carried unanimously"
    (chunk,) = [c for c in chunks if c.ordinal == motion["chunk_ordinal"]]
    assert motion["text"] in chunk.text, "an exact quote of its chunk"


def test_a_motion_seconded_in_a_sentence_of_its_own_is_carried_as_minuted(tmp_path):
    path = tmp_path / "Minutes 2 June 2025.txt"
    path.write_text(
        "MINUTES of a meeting of the Carrig Joint Policing Committee held on 2 June 2025.\n\n"
        "1. Chairman's Business\n\nThe Chairman expressed his support for the Garda Member facing "
        "investigation.\n\nHe proposed that the Minister for Justice be written to on the matter, "
        "requesting that it be reviewed.\n\nCouncillor K. Breen seconded the proposal and it was "
        "unanimously agreed.\n",
        encoding="utf-8",
    )
    paper, chunks = paper_and_chunks(path)
    (motion,) = [r for r in extract_records(paper, chunks) if r["kind"] in MOTIONS]
    assert motion["lead_in"] == "proposed by The Chairman, seconded by Councillor K. Breen"
    assert motion["status"] == "carried unanimously", motion["status"]
    assert " ".join(motion["text"].split()).endswith("it was unanimously agreed.")
