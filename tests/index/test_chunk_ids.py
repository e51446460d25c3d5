"""Chunk ids are never handed out twice, removals are remembered, and older indexes are upgraded."""

from __future__ import annotations

import sqlite3

from index.embedder import HashEmbedder
from index.schema import CHUNKS_DEPENDANTS, SCHEMA_VERSION
from index.store import DB_NAME, Index
from tests.index.papers import make_paper

DREDGING = "The board approved the harbour dredging budget of two million pounds for 2024."
FERRY = "Members reviewed the winter ferry timetable and asked for a passenger survey."
LIGHTS = "The lighthouse keeper's cottage will be let to a heritage trust on a long lease."


def add(index: Index, paper_and_chunks) -> list[int]:
    paper, chunks = paper_and_chunks
    with index.writer() as w:
        w.add(paper, chunks)
    return [h.chunk_id for h in index.chunks(paper.paper_id)]


def test_ids_of_a_removed_paper_are_never_handed_out_again(index):
    first = make_paper("/p/last.pdf", [DREDGING, FERRY])
    old_ids = add(index, first)
    with index.writer() as w:
        assert w.remove(first[0].paper_id)
    new_ids = add(index, make_paper("/p/other.pdf", [LIGHTS]))
    assert not set(new_ids) & set(old_ids), f"ids {old_ids} were reused as {new_ids}"
    assert all(index.chunk(i) is None for i in old_ids), "the old ids open nothing"
    assert all(index.chunk_was_removed(i) for i in old_ids), "the old ids are known as removed"
    assert not index.chunk_was_removed(new_ids[0]), "a stored chunk is not removed"
    assert not index.chunk_was_removed(max(new_ids) + 1), "an id never handed out is unknown"


def test_a_removed_paper_is_remembered_until_it_is_added_again(index):
    paper, chunks = make_paper("/p/minutes.pdf", [DREDGING], title="March minutes")
    add(index, (paper, chunks))
    assert index.removed_paper(paper.paper_id) is None, "a stored paper is not removed"
    with index.writer() as w:
        w.remove(paper.paper_id)
    removed = index.removed_paper(paper.paper_id)
    assert removed is not None and removed.title == "March minutes", removed
    add(index, (paper, chunks))
    assert index.removed_paper(paper.paper_id) is None, "added again: no longer removed"


def test_a_replaced_version_is_remembered_as_removed(index):
    old = make_paper("/p/report.pdf", [DREDGING])
    add(index, old)
    add(index, make_paper("/p/report.pdf", [FERRY]))
    assert index.removed_paper(old[0].paper_id) is not None, "the old version was removed"


def _as_version_2(db_path) -> None:
    """Turn an index back into what schema version 2 made: chunk ids without AUTOINCREMENT."""
    db = sqlite3.connect(db_path)
    columns = (
        "chunk_id INTEGER PRIMARY KEY, paper_id TEXT NOT NULL, ordinal INTEGER NOT NULL, "
        "text TEXT NOT NULL, breadcrumb TEXT NOT NULL, document TEXT NOT NULL, "
        "kind TEXT NOT NULL, committee TEXT, meeting_date TEXT, page INTEGER, page_label TEXT, "
        "item TEXT, item_number TEXT, heading TEXT, embedding BLOB NOT NULL"
    )
    db.execute(f"CREATE TABLE old_chunks ({columns})")
    db.execute("INSERT INTO old_chunks SELECT * FROM chunks")
    db.execute("DROP TABLE chunks")
    db.execute("ALTER TABLE old_chunks RENAME TO chunks")
    for statement in CHUNKS_DEPENDANTS:
        db.execute(statement)
    db.execute("DELETE FROM sqlite_sequence")
    db.execute("DROP TABLE removed_papers")
    db.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    db.commit()
    db.close()


def test_an_index_from_version_2_is_read_then_upgraded_keeping_its_ids(tmp_path):
    path = tmp_path / "idx"
    with Index.open(path, embedder=HashEmbedder()) as index:
        ids = add(index, make_paper("/p/a.pdf", [DREDGING, FERRY]))
        add(index, make_paper("/p/b.pdf", [LIGHTS]))
    _as_version_2(path / DB_NAME)

    with Index.open(path, embedder=HashEmbedder(), read_only=True) as old:
        assert old.stats()["schema_version"] == 2, "reading changes nothing"
        assert old.removed_paper("0" * 16) is None, "an older index reads as having no removals"
        assert [h.chunk_id for h in old.search("dredging budget", k=1)] == ids[:1]

    with Index.open(path, embedder=HashEmbedder()) as index:
        assert index.stats()["schema_version"] == SCHEMA_VERSION, index.stats()
        hits = index.search("dredging budget", k=1, mode="lexical")
        assert [h.chunk_id for h in hits] == ids[:1], "ids and the keyword index survive"
        paper_id = hits[0].paper_id
        with index.writer() as w:
            w.remove(paper_id)
        new_ids = add(index, make_paper("/p/c.pdf", ["Dredging resumes at Portsmouth quay."]))
        assert not set(new_ids) & set(ids), f"upgraded: ids {ids} reused as {new_ids}"
        assert index.search("Portsmouth quay", k=3, mode="lexical")[0].chunk_id == new_ids[0]
        assert index.chunk_was_removed(ids[0]), "removed after the upgrade: known as removed"
