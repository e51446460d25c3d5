"""The store contract: adding, deduplicating, aliasing, replacing, removing, atomicity, locks."""

from __future__ import annotations

from datetime import date

import pytest

from corpus.types import Kind
from index import search
from index.embedder import HashEmbedder
from index.errors import EmbedderMismatch, IndexBusy, IndexMissing, IndexReadOnly
from index.store import Index
from index.types import Filters
from tests.index.papers import make_paper

DREDGING = "The board approved the harbour dredging budget of two million pounds for 2024."
FERRY = "Members reviewed the winter ferry timetable and asked for a passenger survey."
LIGHTS = "The lighthouse keeper's cottage will be let to a heritage trust on a long lease."


def add(index: Index, paper_and_chunks, records=()) -> None:
    paper, chunks = paper_and_chunks
    with index.writer() as w:
        w.add(paper, chunks, records=records)


def test_add_then_read_back_paper_chunks_and_records(index):
    paper, chunks = make_paper("/papers/march.pdf", [DREDGING, FERRY])
    add(index, (paper, chunks), records=[{"action": "dredge", "chunk_ordinal": 1}, {"x": 1}])

    info = index.paper(paper.paper_id)
    assert info is not None and info.chunks == 2 and info.pages == 2, info
    assert info.file == "/papers/march.pdf" and info.meeting_date == date(2024, 3, 14), info
    got = index.chunks(paper.paper_id)
    assert [h.text for h in got] == [DREDGING, FERRY], "chunks come back verbatim in reading order"
    assert index.chunks(paper.paper_id, page=2)[0].text == FERRY, "page filter picks page 2"
    assert index.chunk(got[0].chunk_id).text == DREDGING, "chunk by id"
    records = index.records(paper.paper_id)
    assert records[0]["chunk_id"] == got[1].chunk_id, "chunk_ordinal maps to the stored chunk_id"
    assert records[0]["action"] == "dredge" and records[1]["chunk_id"] is None, records
    assert index.stats()["chunks"] == 2 and index.stats()["papers"] == 1, index.stats()


def test_identical_copy_is_found_by_sha_and_aliased(index):
    paper, chunks = make_paper("/papers/a/pack.pdf", [DREDGING])
    add(index, (paper, chunks))
    with index.writer() as w:
        assert w.find_by_sha(paper.source.sha256) == paper.paper_id, "same content is known"
        assert w.find_by_sha("0" * 64) is None, "unknown content is not"
        w.add_alias("/papers/b/pack copy.pdf", paper.paper_id)
        assert w.path_paper("/papers/b/pack copy.pdf") == paper.paper_id, "alias resolves"
    info = index.paper(paper.paper_id)
    assert info.aliases == ("/papers/b/pack copy.pdf",), info.aliases
    assert index.stats()["chunks"] == 1, "an alias costs no chunks"


def test_changed_file_at_same_path_replaces_old_version(index):
    old = make_paper("/papers/report.pdf", [DREDGING])
    add(index, old)
    new = make_paper("/papers/report.pdf", [FERRY])
    add(index, new)
    assert index.paper(old[0].paper_id) is None, "the old version is gone"
    assert [p.paper_id for p in index.papers()] == [new[0].paper_id], index.papers()
    hits = index.search("dredging budget", mode="lexical")
    assert hits == [], f"old text still searchable: {hits}"


def test_replacing_one_copy_keeps_paper_alive_under_its_alias(index):
    paper, chunks = make_paper("/a/pack.pdf", [DREDGING])
    add(index, (paper, chunks))
    with index.writer() as w:
        w.add_alias("/b/pack.pdf", paper.paper_id)
    add(index, make_paper("/a/pack.pdf", [FERRY]))
    info = index.paper(paper.paper_id)
    assert info is not None and info.file == "/b/pack.pdf", f"copy at /b survives: {info}"


def test_remove(index):
    paper, chunks = make_paper("/papers/x.pdf", [DREDGING], content="x")
    add(index, (paper, chunks), records=[{"a": 1}])
    with index.writer() as w:
        assert w.remove(paper.paper_id) is True, "removing a stored paper says so"
        assert w.remove(paper.paper_id) is False, "removing it again says it was not there"
        assert w.path_paper("/papers/x.pdf") is None, "its path is forgotten"
    assert index.papers() == [] and index.records() == [], "nothing is left"
    assert index.search("dredging") == [], "nothing is searchable"


def test_filters_on_papers_and_search(index):
    add(index, make_paper("/p/harbour.pdf", [DREDGING], meeting_date=date(2023, 1, 5)))
    add(index, make_paper("/p/ferry.pdf", [FERRY], committee="Ferry Committee", kind=Kind.REPORT))
    add(index, make_paper("/p/lights.pdf", [LIGHTS], meeting_date=date(2025, 6, 1)))

    def titles(filters):
        return sorted(p.title for p in index.papers(filters))

    assert titles(Filters(committees=("ferry committee",))) == ["ferry"], "committee, any case"
    assert titles(Filters(since=date(2024, 1, 1))) == ["ferry", "lights"], "since"
    assert titles(Filters(until=date(2024, 12, 31))) == ["ferry", "harbour"], "until"
    assert titles(Filters(kinds=("report",))) == ["ferry"], "kinds"
    hits = index.search("board trust ferry harbour", filters=Filters(kinds=("minutes",)), k=10)
    assert {h.document for h in hits} == {"harbour", "lights"}, "filters apply to both lists"
    only = Filters(paper_ids=(index.papers()[0].paper_id,))
    assert len(index.search("anything at all", filters=only)) == 1, "paper_ids restricts"
    assert index.committees() == ["Ferry Committee", "Harbour Trust Board"], index.committees()
    assert index.kinds() == ["minutes", "report"], index.kinds()
    add(index, make_paper("/p/pier.pdf", [FERRY], committee="Pier Panel"))
    assert "Pier Panel" in index.committees(), "a write shows in the next call"


def test_a_filtered_search_sees_a_paper_added_after_the_same_filter_was_used(index):
    """The chunk ids a filter allows are kept between searches, and dropped by a write."""
    ferry = Filters(committees=("ferry committee",))
    add(index, make_paper("/p/ferry.pdf", [FERRY], committee="Ferry Committee"))
    assert [h.document for h in index.search("winter ferry", filters=ferry, mode="dense")] == [
        "ferry"
    ]
    add(index, make_paper("/p/ferry2.pdf", [DREDGING], committee="Ferry Committee"))
    found = {h.document for h in index.search("harbour dredging", filters=ferry, mode="dense")}
    assert found == {"ferry", "ferry2"}, found


def test_a_filtered_keyword_search_ranks_as_reading_every_chunks_row(index):
    """A filter is tested on the chunks grouped by the columns it reads, and keyword matches on
    the ids it allows: the same passages, in the same order, as testing each chunk's row."""
    add(index, make_paper("/p/harbour.pdf", [DREDGING, FERRY], meeting_date=date(2023, 1, 5)))
    ferry = make_paper(
        "/p/ferry.pdf", [FERRY, DREDGING], committee="Ferry Committee", kind=Kind.REPORT
    )
    add(index, ferry)
    add(index, make_paper("/p/lights.pdf", [LIGHTS, FERRY], meeting_date=date(2025, 6, 1)))
    conn = index._conn()
    groups = search.chunk_groups(conn)
    terms = ["ferry", "harbour", "lighthouse"]
    for filters in (
        Filters(committees=("ferry committee",)),
        Filters(since=date(2024, 1, 1)),
        Filters(until=date(2024, 12, 31), kinds=("minutes",)),
        Filters(paper_ids=(ferry[0].paper_id,)),
        Filters(committees=("pier panel",)),
    ):
        allowed = search.allowed_ids(conn, filters, groups)
        every_row = search.allowed_ids(conn, filters)
        assert sorted(allowed.tolist()) == sorted(every_row.tolist()), filters
        joined = search.lexical(conn, terms, filters, index.tuning, 10)
        assert bool(joined) == (filters.committees != ("pier panel",)), (filters, joined)
        assert search.lexical(conn, terms, filters, index.tuning, 10, allowed) == joined, filters


def failing_records():
    yield {"ok": 1}
    raise RuntimeError("register crashed")


class ExplodingEmbedder(HashEmbedder):
    def embed(self, texts):
        raise RuntimeError("model crashed")


@pytest.mark.parametrize("failure", ["embedder", "record"])
def test_failed_add_leaves_previous_index_intact(tmp_path, failure):
    path = tmp_path / "idx"
    with Index.open(path, embedder=HashEmbedder()) as index:
        add(index, make_paper("/p/one.pdf", [DREDGING]))
    embedder = ExplodingEmbedder() if failure == "embedder" else HashEmbedder()
    # The records generator fails after the chunks and a first record were inserted.
    records = failing_records() if failure == "record" else []
    with Index.open(path, embedder=embedder) as index:
        new, chunks = make_paper("/p/one.pdf", [FERRY, LIGHTS])
        with pytest.raises(RuntimeError, match="crashed"), index.writer() as w:
            w.add(new, chunks, records=records)
    with Index.open(path, embedder=HashEmbedder(), read_only=True) as index:
        assert [p.title for p in index.papers()] == ["one"], index.papers()
        assert index.paper(new.paper_id) is None, "no partial new paper"
        assert [h.text for h in index.search("dredging budget")] == [DREDGING], "old still found"
        assert index.stats()["chunks"] == 1 and index.stats()["records"] == 0, index.stats()


def test_second_writer_is_told_the_index_is_busy(index):
    with index.writer() as w:
        w.add(*make_paper("/p/one.pdf", [DREDGING]))
        other = Index.open(index.path, embedder=HashEmbedder())  # opening needs no lock
        with pytest.raises(IndexBusy) as err, other.writer():
            pass
    assert str(err.value) == (
        f"Another process is writing to the index at {index.path}; try again when it finishes"
    ), str(err.value)
    with other.writer():
        pass  # the lock is released when the first block ends
    other.close()


def test_opening_missing_index_read_only_says_how_to_make_it(tmp_path):
    path = tmp_path / "nowhere"
    with pytest.raises(IndexMissing) as err:
        Index.open(path, read_only=True)
    assert (
        str(err.value) == f"No index at {path} yet: run `boardpapers ingest PATH` with your papers"
    ), err.value
    assert not path.exists(), "a read-only open creates nothing"


def test_read_only_index_refuses_writes(index):
    with Index.open(index.path, read_only=True) as ro, pytest.raises(IndexReadOnly), ro.writer():
        pass


def test_another_embedder_cannot_be_mixed_in(index):
    add(index, make_paper("/p/one.pdf", [DREDGING]))
    with pytest.raises(EmbedderMismatch, match="hash-64"):
        Index.open(index.path, embedder=HashEmbedder(dim=32))


def test_reader_sees_writes_committed_after_it_opened(index):
    add(index, make_paper("/p/one.pdf", [DREDGING]))
    with Index.open(index.path, embedder=HashEmbedder(), read_only=True) as ro:
        assert len(ro.search("ferry timetable", mode="dense")) == 1, "one chunk before"
        add(index, make_paper("/p/two.pdf", [FERRY]))
        hits = ro.search("ferry timetable")
        assert hits[0].text == FERRY, "the reader reloads vectors after the new generation"
        assert hits[0].dense_rank == 1 and hits[0].lexical_rank == 1, hits[0]


def test_vectors_are_checkpointed_and_updated_in_place_after_a_write(index):
    add(index, make_paper("/p/one.pdf", [DREDGING]))
    first = index.vectors()
    assert len(first) == 1 and (index.path / "vectors.faiss").is_file(), "built and checkpointed"
    with Index.open(index.path, embedder=HashEmbedder(), read_only=True) as ro:
        assert len(ro.vectors()) == 1 and ro.vectors().generation == first.generation, "reused"
        assert ro.vector_updates == {"checkpoint": 1}, ro.vector_updates
    add(index, make_paper("/p/two.pdf", [FERRY]))
    assert index.vectors() is first and len(first) == 2, "a new generation updates in place"


def test_chunk_vectors_are_the_stored_embeddings_by_id(index):
    paper, chunks = make_paper("/papers/april.pdf", [DREDGING, FERRY])
    add(index, (paper, chunks))
    first, second = (h.chunk_id for h in index.chunks(paper.paper_id))
    got = index.chunk_vectors([second, first, 10_000])
    assert set(got) == {first, second}, "an id no longer stored is left out"
    dredging, ferry = HashEmbedder().embed([DREDGING, FERRY])
    assert abs(float(got[first] @ got[first]) - 1) < 1e-5, "unit length"
    assert got[first] @ dredging > got[first] @ ferry, "the vector embedded for its own text"
    assert got[second] @ ferry > got[second] @ dredging
    assert index.chunk_vectors([]) == {}
