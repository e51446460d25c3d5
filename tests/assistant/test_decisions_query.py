"""The register as users query it: links between papers, --open, filters, topics, JSON, CSV, CLI."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from click.testing import CliRunner

from assistant.register import FIELDS, csv_row, extract_records, query_register, to_json
from index.embedder import HashEmbedder
from index.store import Index
from tests.assistant.register_papers import (
    CABINET_PAGES,
    make_budget_report,
    make_cabinet_minutes,
    make_pack,
    paper_and_chunks,
)
from tests.papers import make_pdf


def _add(index: Index, path) -> None:
    paper, chunks = paper_and_chunks(path)
    with index.writer() as writer:
        writer.add(paper, chunks, records=extract_records(paper, chunks))


def harbourside(root, embedder) -> Index:
    """The Harbourside Care Board's pack and the Cabinet's minutes (twice, as two PDFs)."""
    idx = Index.open(root / "index", embedder=embedder)
    _add(idx, make_pack(root / "papers" / "Harbourside Care Board pack.txt"))
    _add(idx, make_cabinet_minutes(root / "papers" / "Printed minutes Cabinet.pdf"))
    # the same minutes filed again as another PDF (other bytes, same words)
    again = root / "papers" / "Minutes of Previous Meeting.pdf"
    _add(idx, make_pdf(again, CABINET_PAGES, title="x"))
    return idx


@pytest.fixture
def index(tmp_path):
    idx = harbourside(tmp_path, HashEmbedder())
    yield idx
    idx.close()


@pytest.fixture
def model_index(tmp_path, embedder):
    """The same papers embedded by the real model, for questions `ask` answers: the fitted
    question and ranking models read its vectors, not the hashing embedder's."""
    idx = harbourside(tmp_path, embedder)
    yield idx
    idx.close()


def _find(records, start: str, source: str | None = None) -> dict:
    found = [r for r in records if r["text"].startswith(start)]
    if source:
        found = [r for r in found if (r.get("source_kind") == "tracker") == (source == "tracker")]
    assert len(found) == 1, f"{len(found)} records start {start!r}"
    return found[0]


def test_a_recommendation_links_to_its_tracker_row_and_not_to_its_siblings(index):
    records = query_register(index)
    made = _find(records, "That officers review the allocation", "minutes")
    row = _find(records, "That officers review the allocation", "tracker")
    assert [c["record_id"] for c in made["chain"]] == [row["record_id"]], made["chain"]
    assert [c["record_id"] for c in row["chain"]] == [made["record_id"]], row["chain"]
    assert row["chain"][0]["meeting_date"] == "2024-10-14"
    sibling = _find(records, "Commissioning Services to report")
    assert sibling["chain"] == [], "nothing in the tracker repeats recommendation 2"
    action = _find(records, "The Housing Lead to circulate")
    assert [c["text"][:33] for c in action["chain"]] == ["That the Housing Lead circulates "]


def test_open_means_no_response_yet_or_a_progress_check_still_to_come(index):
    records = query_register(index)
    latest_pack = date(2025, 2, 6)  # the cabinet minutes are the latest meeting indexed
    assert latest_pack.isoformat() in {r["meeting_date"] for r in records}
    answered_and_checked = _find(records, "The Housing Lead to circulate")
    assert answered_and_checked["open"] is False, "its tracker row has a response, check December"
    checked_later = _find(records, "That officers review the allocation", "minutes")
    assert checked_later["open"] is True, "progress check March 2025 is after the latest meeting"
    no_response = _find(records, "Commissioning Services to report")
    assert no_response["open"] is True
    noted = _find(records, "RESOLVED that the consultation results be noted.")
    assert noted["open"] is False, "a resolution with no date ahead is done"
    dated = _find(records, "RESOLVED that Cabinet approves the harbour wall")
    assert dated["open"] is True, "to be completed by 31 March 2026"
    only_open = query_register(index, open_only=True)
    assert {r["record_id"] for r in only_open} == {r["record_id"] for r in records if r["open"]}


def test_copies_of_the_same_minutes_show_once_with_the_copy_in_the_chain(index):
    records = query_register(index, kind="resolution")
    parts = [r for r in records if r["number"] == "3(a)"]
    assert len(parts) == 1, parts
    assert len(parts[0]["chain"]) == 1 and parts[0]["chain"][0]["number"] == "3(a)", parts[0]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"kind": "action"}, {"The Housing Lead to circulate"}),
        (
            {"since": date(2024, 12, 1), "until": date(2024, 12, 31)},
            {"The Board agreed the report."},
        ),
        (
            {"committee": "cabinet", "kind": "resolution", "topic": "harbour wall"},
            {"RESOLVED that Cabinet approves"},
        ),
        (
            {"topic": "respite beds", "kind": "recommendation", "until": date(2024, 10, 31)},
            {"That officers review", "Commissioning Services", "That the Board receives an update"},
        ),
    ],
)
def test_filters(index, filters, expected):
    records = query_register(index, **filters)
    starts = {
        next((e for e in expected if r["text"].startswith(e)), r["text"][:40]) for r in records
    }
    assert starts == expected, [r["text"][:50] for r in records]


def test_topic_matches_item_titles_and_ranks_text_matches_first(index):
    records = query_register(index, topic="respite beds")
    assert len(records) == 6, "the item's three recommendations, next step and two tracker rows"
    assert records[0]["text"].startswith("That officers review the allocation of respite beds")


def test_topic_ranks_the_best_match_first_and_dense_similarity_can_be_used(index):
    records = query_register(index, topic="carers breaks update")
    assert records and records[0]["text"].startswith(
        "That the Board receives an update on carers"
    ), records[:2]
    assert all(r["score"] >= records[-1]["score"] for r in records)
    dense = query_register(index, topic="carers breaks update", embedder=HashEmbedder())
    assert dense[0]["text"].startswith("That the Board receives an update on carers"), dense[:2]


def test_json_shape_is_stable(index):
    record = to_json(query_register(index, topic="respite beds")[0])
    assert list(record) == [*FIELDS, "chain"], list(record)
    assert isinstance(record["chunk_id"], int) and record["paper_id"], record
    for linked in record["chain"]:
        assert list(linked) == list(FIELDS), (
            "chain entries have the same fields, without their chain"
        )


def test_json_and_csv_text_read_on_over_a_page_break(index):
    # the tracker row a page break split: its cell goes on in the next chunk
    split = next(r for r in query_register(index) if r.get("continuation"))
    assert split["continuation"] == "sites to Members.", split
    whole = to_json(split)["text"]
    assert whole == f"{split['text']} sites to Members.", whole
    assert whole.split() == csv_row(split)[FIELDS.index("text")].split(), "the CSV alike"


@pytest.fixture
def real_index(tmp_path, embedder):
    """The CLI opens indexes with the bundled model, so its index is built with it."""
    idx = Index.open(tmp_path / "index", embedder=embedder)
    _add(idx, make_pack(tmp_path / "papers" / "Harbourside Care Board pack.txt"))
    _add(idx, make_cabinet_minutes(tmp_path / "papers" / "Printed minutes Cabinet.pdf"))
    yield idx
    idx.close()


def _cli(args, index_dir):
    from assistant.cli import main
    from assistant.decisions_cli import decisions

    if "decisions" not in main.commands:  # registered by the lead; tolerate a partial cli.py
        main.add_command(decisions)
    return CliRunner().invoke(main, ["--index", str(index_dir), "decisions", *args])


def test_cli_json_csv_and_text(real_index, tmp_path):
    index = real_index
    index_dir = tmp_path / "index"
    as_json = _cli(["--json", "--kind", "recommendation"], index_dir)
    assert as_json.exit_code == 0, as_json.output
    listed = json.loads(as_json.output)
    assert listed and all(r["kind"] == "recommendation" for r in listed), listed
    as_csv = _cli(["--csv", "--open"], index_dir)
    assert as_csv.exit_code == 0, as_csv.output
    rows = list(csv.reader(io.StringIO(as_csv.output)))
    assert rows[0] == [*FIELDS, "chain"], rows[0]
    assert len(rows) - 1 == len(query_register(index, open_only=True)), "one row per open record"
    text = _cli(["--topic", "harbour wall"], index_dir)
    assert text.exit_code == 0 and "RESOLVED that Cabinet approves the harbour wall" in text.output
    assert "1 record, 1 open." in text.output, text.output
    parts = _cli(["--topic", "forecast revenue overspend"], index_dir).output
    lead = parts.index("RESOLVED that Cabinet agree to:")
    assert lead < parts.index("Note the forecast revenue overspend"), "a part under its lead-in"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--json", "--csv"], "Choose one of --json and --csv."),
        (["--since", "last year"], "is not a date like 2025-01-30"),
        (["--kind", "promise"], "Invalid value for '--kind'"),
    ],
)
def test_cli_rejects_bad_options(real_index, tmp_path, args, message):
    result = _cli(args, tmp_path / "index")
    assert result.exit_code == 2, result.output
    assert message in result.output, result.output


def test_whole_items_returns_every_part_of_the_matching_resolution_in_order(index):
    records = query_register(index, topic="forecast overspend", whole_items=True)
    numbers = [
        r["number"] for r in records if r["item"] == "42. Budget Monitoring Report - December 2024"
    ]
    assert numbers == ["3(a)", "3(b)", "3(c)"], numbers
    assert records[0]["number"] == "3(a)", "the matching item comes first"


def test_ingest_stores_the_register_and_the_store_returns_it(tmp_path):
    from assistant.ingest import ingest_paths

    folder = tmp_path / "incoming"
    make_pack(folder / "Harbourside Care Board pack.txt")
    make_cabinet_minutes(folder / "Printed minutes Cabinet.pdf")
    with Index.open(tmp_path / "ingested", embedder=HashEmbedder()) as idx:
        report = ingest_paths([folder], index=idx)
        assert not report.failed, report.failed
        stored = idx.records()
        assert sum(r.records for r in report.results) == len(stored) == 20, len(stored)
        for record in stored:
            chunk = idx.chunk(record["chunk_id"])
            assert chunk is not None and record["text"] in chunk.text, record
        assert query_register(idx, topic="harbour wall")[0]["number"] == "2"


def test_a_report_recommendation_meets_the_resolution_that_decided_it(tmp_path):
    with Index.open(tmp_path / "idx", embedder=HashEmbedder()) as idx:
        _add(idx, make_cabinet_minutes(tmp_path / "Printed minutes Cabinet.pdf"))
        _add(idx, make_budget_report(tmp_path / "Budget Monitoring Report.pdf"))
        records = query_register(idx, kind="recommendation")
        assert [r["number"] for r in records] == ["a", "b"], records
        first = records[0]
        assert first["lead_in"] == "Cabinet is asked to:", first
        assert [(c["kind"], c["number"]) for c in first["chain"]] == [("resolution", "3(a)")]
        assert first["open"] is False, "the resolution answered it"
        assert first["url"].startswith(f"/papers/{first['paper_id']}?chunk="), first["url"]


LIBRARY_REPORT = [
    """From: Mr P Quinn, Cabinet Member for Communities
To: Cabinet - 6 February 2025
Subject: Library Opening Hours
Summary: The consultation on opening hours closed in December.
Recommendation(s):
Cabinet is asked to consider the responses and agree the way forward.
1. Introduction
1.1 Over 2,000 residents answered the consultation.""",
]


def test_a_report_recommendation_in_other_words_meets_the_resolution_of_its_item(tmp_path):
    with Index.open(tmp_path / "idx", embedder=HashEmbedder()) as idx:
        _add(idx, make_cabinet_minutes(tmp_path / "Printed minutes Cabinet.pdf"))
        _add(idx, make_pdf(tmp_path / "Library Opening Hours.pdf", LIBRARY_REPORT))
        records = query_register(idx, kind="recommendation")
        assert len(records) == 1, records
        asked = records[0]
        assert asked["text"].startswith("Cabinet is asked to consider the responses"), asked
        chain = [c["text"] for c in asked["chain"]]
        assert chain == ["RESOLVED that the consultation results be noted."], chain
        assert asked["open"] is False, "the meeting decided it under the same item"
        others = query_register(idx, kind="resolution")
        wall = next(r for r in others if r["text"].startswith("RESOLVED that Cabinet approves"))
        assert wall["chain"] == [], "another item's resolution stays unlinked"


def test_an_action_log_status_of_open_or_closed_settles_whether_it_is_open(tmp_path):
    log = """MINUTES of the meeting of the GLENROSS HEALTH BOARD held on 2 September 2024.

7 ACTION LOG [Item 7]

Ref\tMeeting date\tItem\tAction\tLead\tDue\tStatus
B07\t04/03/2024\tFinance\tCirculate the capital plan\tDirector of Finance\t31/12/2024\tClosed
B09\t10/06/2024\tStaffing\tShare the rota review with members\tChief Nurse\t30/06/2024\tOpen
B11\t10/06/2024\tEstates\tCost the boiler works\tHead of Estates\t30/06/2024\tCosted at £40k.
B12\t10/06/2024\tEstates\tReview the lease\tHead of Estates\t30/06/2024\tAwaiting response.
"""
    path = tmp_path / "Glenross Health Board minutes.txt"
    path.write_text(log, encoding="utf-8")
    idx = Index.open(tmp_path / "index", embedder=HashEmbedder())
    _add(idx, path)
    records = {r["number"]: r for r in query_register(idx)}
    idx.close()
    assert records["B07"]["open"] is False, "closed, though its due date is still to come"
    assert records["B09"]["open"] is True, "'Open' is a status, not a response"
    assert records["B11"]["open"] is False, "a response answers it"
    assert records["B12"]["open"] is True, "'Awaiting response' is no response"
