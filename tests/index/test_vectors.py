"""The FAISS side kept in step: deltas for readers, checkpoints, the layout chosen by size, and
the keyword side's cap on common terms."""

from __future__ import annotations

import sqlite3

import numpy as np
import pytest

from index import store as store_module
from index.embedder import HashEmbedder
from index.search import common_terms
from index.store import DB_NAME, VECTORS_NAME, Index
from index.vectors import Vectors
from index.writer import embed_chunks
from tests.index.papers import make_paper

DREDGING = "The board approved the harbour dredging budget of two million pounds for 2024."
FERRY = "Members reviewed the harbour ferry timetable and asked for a passenger survey."
LIGHTS = "The lighthouse keeper's cottage by the harbour will be let to a heritage trust."
QUAY = "Quay repairs will start in May once the tender for the works has closed."


def add(index: Index, path: str, texts: list[str]) -> list[int]:
    paper, chunks = make_paper(path, texts)
    with index.writer() as w:
        w.add(paper, chunks)
    return [h.chunk_id for h in index.chunks(paper.paper_id)]


def reader(index: Index) -> Index:
    return Index.open(index.path, embedder=HashEmbedder(), read_only=True)


def dense_ids(index: Index, query: str, k: int = 10) -> list[int]:
    return [h.chunk_id for h in index.search(query, k=k, mode="dense")]


def test_a_reader_applies_another_writers_changes_in_place(index):
    (dredging,) = add(index, "/p/one.pdf", [DREDGING])
    with reader(index) as ro:
        assert dense_ids(ro, "dredging budget") == [dredging], "starts from the checkpoint"
        assert ro.vector_updates == {"checkpoint": 1}, ro.vector_updates
        loaded = ro.vectors()

        (ferry,) = add(index, "/p/two.pdf", [FERRY])
        hits = ro.search("ferry timetable", k=1)
        assert [h.chunk_id for h in hits] == [ferry], "the new paper is found"
        assert hits[0].dense_rank == 1, hits[0]
        assert ro.vectors() is loaded and len(loaded) == 2, "updated in place, not reloaded"
        assert ro.vector_updates == {"checkpoint": 1, "delta": 1}, ro.vector_updates

        with index.writer() as w:
            w.remove(index.chunk(ferry).paper_id)
        assert ferry not in dense_ids(ro, "ferry timetable"), "a removed paper is not found"
        assert len(loaded) == 1 and ro.vector_updates["delta"] == 2, ro.vector_updates
        assert ro.vector_updates["rebuild"] == 0, "no reader read every vector again"


def test_a_replaced_paper_is_swapped_in_the_readers_vectors(index):
    (old,) = add(index, "/p/report.pdf", [DREDGING])
    with reader(index) as ro:
        assert dense_ids(ro, "dredging") == [old], "before"
        (new,) = add(index, "/p/report.pdf", [LIGHTS])
        assert dense_ids(ro, "dredging") == [new], "the old chunk left, the new one came"


def test_a_reader_too_far_behind_reloads_the_checkpoint(index, monkeypatch):
    monkeypatch.setattr(store_module, "CHECKPOINT_MIN", 0)  # checkpoint after every write
    monkeypatch.setattr(store_module, "CHECKPOINT_SHARE", 0)
    add(index, "/p/one.pdf", [DREDGING])
    with reader(index) as ro:
        behind = ro.vectors().generation
        texts = [FERRY, LIGHTS, QUAY]
        ids = [add(index, f"/p/{n}.pdf", [text])[0] for n, text in enumerate(texts)]
        conn = sqlite3.connect(index.path / DB_NAME)
        first_logged = conn.execute("SELECT min(generation) FROM vector_log").fetchone()[0]
        conn.close()
        assert first_logged > behind + 1, "each checkpoint pruned the log before the last one"
        assert [dense_ids(ro, text, k=1)[0] for text in texts] == ids, "all three found"
        assert ro.vector_updates["checkpoint"] == 2 and not ro.vector_updates["rebuild"], (
            ro.vector_updates
        )


def test_without_a_usable_checkpoint_the_vectors_are_rebuilt_from_sqlite(index):
    (dredging,) = add(index, "/p/one.pdf", [DREDGING])
    checkpoint = index.path / VECTORS_NAME
    checkpoint.write_bytes(checkpoint.read_bytes()[:200])  # torn after its header
    with reader(index) as ro:
        assert dense_ids(ro, "dredging") == [dredging], "found all the same"
        assert ro.vector_updates == {"rebuild": 1}, ro.vector_updates
    (index.path / VECTORS_NAME).unlink()
    with reader(index) as ro:
        assert dense_ids(ro, "dredging") == [dredging] and ro.vector_updates == {"rebuild": 1}
    (ferry,) = add(index, "/p/two.pdf", [FERRY])
    assert Vectors.header(index.path / VECTORS_NAME) is not None, "the next write checkpoints"
    with reader(index) as ro:
        assert ferry in dense_ids(ro, "ferry") and ro.vector_updates == {"checkpoint": 1}


def test_a_failed_checkpoint_loses_nothing(index, monkeypatch):
    add(index, "/p/one.pdf", [DREDGING])
    before = Vectors.header(index.path / VECTORS_NAME)

    def full_disk(self, path):
        raise OSError("No space left on device")

    monkeypatch.setattr(store_module, "CHECKPOINT_MIN", 0)
    monkeypatch.setattr(Vectors, "save", full_disk)
    (ferry,) = add(index, "/p/two.pdf", [FERRY])
    assert Vectors.header(index.path / VECTORS_NAME) == before, "the old checkpoint stands"
    with reader(index) as ro:
        assert dense_ids(ro, "ferry timetable")[0] == ferry, "checkpoint + delta hold the paper"
        assert ro.vector_updates == {"checkpoint": 1}, ro.vector_updates


def test_a_write_that_fails_midway_logs_nothing_for_readers(index):
    (dredging,) = add(index, "/p/one.pdf", [DREDGING])
    with reader(index) as ro:
        generation = ro.vectors().generation
        paper, chunks = make_paper("/p/two.pdf", [FERRY, LIGHTS])

        def records():
            yield {"ok": 1}
            raise RuntimeError("register crashed")

        with pytest.raises(RuntimeError, match="crashed"), index.writer() as w:
            w.add(paper, chunks, records=records())
        assert ro.generation() == generation, "no generation committed"
        assert dense_ids(ro, "ferry lighthouse") == [dredging], "only the old paper is there"
    conn = sqlite3.connect(index.path / DB_NAME)
    logged = conn.execute("SELECT chunk_id FROM vector_log").fetchall()
    conn.close()
    assert logged == [(dredging,)], f"the rolled-back chunks left no log rows: {logged}"


def many_texts(n: int) -> list[str]:
    words = ["harbour", "ferry", "dredging", "lighthouse", "budget", "survey", "quay", "pier"]
    return [f"{words[i % 8]} {words[(i * 5) % 8]} item {i} of the plan {i * 31}" for i in range(n)]


def test_above_the_limit_the_index_is_ivf_and_finds_exact_neighbours(tmp_path):
    path = tmp_path / "idx"
    with Index.open(path, embedder=HashEmbedder()) as index:
        index.exact_limit = 40  # lowered: the real one is measured by benchmarks/vectors.py
        add(index, "/p/small.pdf", many_texts(30))
        assert index.vectors().kind == "flat", "exact below the limit"
        paper, chunks = make_paper("/p/big.pdf", many_texts(90)[30:])
        with index.writer() as w:
            w.add(paper, chunks)
        assert index.vectors().kind == "ivf", "the write that crossed the limit rebuilt as IVF"
        ids = [h.chunk_id for h in index.chunks(paper.paper_id)]
        queries = embed_chunks(HashEmbedder(), chunks)

        with reader(index) as ro:
            vectors = ro.vectors()
            assert vectors.kind == "ivf" and len(vectors) == 90, "readers load the IVF layout"
            exact = Vectors.build(np.array(ids), queries, queries.shape[1], 0)
            for chunk_id, query in zip(ids, queries, strict=True):
                got = vectors.search(query, 1)
                assert got[0][0] == chunk_id, f"{chunk_id} is its own nearest: {got}"
                assert got[0][0] == exact.search(query, 1)[0][0], "as exact search says"
            allowed = np.array(ids[:3])
            assert {c for c, _ in vectors.search(queries[0], 5, allowed)} == set(ids[:3]), (
                "a filter keeps only allowed ids"
            )

            with index.writer() as w:
                w.remove(paper.paper_id)
            assert not set(dense_ids(ro, "harbour ferry", k=90)) & set(ids), "removed from IVF"
            assert ro.vector_updates["delta"] == 1 and not ro.vector_updates["rebuild"], (
                ro.vector_updates
            )
            assert ro.vectors().kind == "ivf", "30 left of a limit of 40 stay IVF (no flapping)"


def test_common_terms_keep_rare_words_and_never_leave_none(index):
    add(index, "/p/one.pdf", [DREDGING, FERRY, LIGHTS])
    conn = index._conn()
    assert common_terms(conn, ["harbour", "dredging"], 3, 0.5) == ["dredging"], "harbour: 3 of 3"
    assert common_terms(conn, ["harbours", "keeper"], 3, 0.5) == ["keeper"], "stemmed as FTS5"
    assert common_terms(conn, ["harbour", "dredging"], 3, 0.2) == ["dredging"], "all: rarest"
    assert common_terms(conn, ["harbour"], 3, 0.5) == ["harbour"], "never empty"
    assert common_terms(conn, ["zeppelin", "harbour"], 3, 0.5) == ["zeppelin"], "unknown: rare"
    assert common_terms(conn, ["harbour", "ferry"], 3, 1.0) == ["harbour", "ferry"], "1: all"
    hits = index.search("harbour dredging", mode="lexical")
    assert [h.text for h in hits] == [DREDGING], "only the rare word is searched"
    assert hits[0].matched_terms == ("harbour", "dredging"), "all words still count as matched"
    assert not conn.in_transaction, "the scratch table left no transaction open"


def test_an_index_from_before_the_log_is_read_then_upgraded(tmp_path):
    path = tmp_path / "idx"
    with Index.open(path, embedder=HashEmbedder()) as index:
        (dredging,) = add(index, "/p/one.pdf", [DREDGING])
    conn = sqlite3.connect(path / DB_NAME)
    conn.executescript(
        "DROP TRIGGER chunks_vector_added; DROP TRIGGER chunks_vector_deleted;"
        "DROP TABLE vector_log; DELETE FROM meta WHERE key = 'vector_log_from';"
        "UPDATE meta SET value = '3' WHERE key = 'schema_version';"
    )
    conn.close()
    (path / VECTORS_NAME).unlink()
    with Index.open(path, embedder=HashEmbedder(), read_only=True) as old:
        assert dense_ids(old, "dredging") == [dredging], "read as it is"
        assert old.stats()["schema_version"] == 3, "reading changes nothing"
        with Index.open(path, embedder=HashEmbedder()) as index:
            (ferry,) = add(index, "/p/two.pdf", [FERRY])
        assert ferry in dense_ids(old, "ferry"), "an old reader sees the write"
        assert old.vector_updates == {"rebuild": 1, "delta": 1}, "the log starts at the upgrade"
    with Index.open(path, embedder=HashEmbedder(), read_only=True) as new:
        new.vectors()
        with Index.open(path, embedder=HashEmbedder()) as index:
            (lights,) = add(index, "/p/three.pdf", [LIGHTS])
        assert lights in dense_ids(new, "lighthouse"), "the upgraded index logs its changes"
        assert new.vector_updates == {"checkpoint": 1, "delta": 1}, new.vector_updates
