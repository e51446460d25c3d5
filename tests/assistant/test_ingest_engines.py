"""Ingest engines: the parallel default and Ray store what a run in one process stores, a file
that fails in a worker is reported while the rest is stored, and `--engine ray` without Ray is one
line. The papers are fictional and written by each test; the hashed embedder keeps them fast."""

from __future__ import annotations

import sqlite3
import sys
import tempfile
from contextlib import closing
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

import assistant.ingest as ingest
from assistant.cli import main
from assistant.engines import LocalEngine, RayEngine
from assistant.ingest import FAILED, ingest_paths
from index.embedder import HashEmbedder
from index.store import Index

MINUTES = """\
MINUTES OF A MEETING OF THE {body} HELD ON {day} MARCH 2024

Present: Cllr A. Marsh (Chair), Cllr B. Thorne, Cllr C. Ellery.

1. APOLOGIES

Apologies were received from Cllr D. Pike.

2. {topic}

The Clerk reported on the {topic_lower}; {detail}
RESOLVED: That the report be noted and the Clerk write to the contractor.
"""

TOPICS = [
    ("VILLAGE HALL ROOF", "three quotes had been received for the repair of the roof."),
    ("FOOTPATH SURVEY", "two broken stiles and one fallen fingerpost were found."),
    ("ALLOTMENT RENTS", "the rents would rise by four per cent from October."),
    ("STREET LIGHTING", "eleven lamps would be replaced with low-energy units."),
]


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def papers(root: Path) -> Path:
    """Two parishes' minutes in two folders, an annex, and an identical copy of one paper."""
    for n, (body, folder) in enumerate(
        [("HARROWFIELD PARISH COUNCIL", "harrowfield"), ("MILLBROOK PARISH COUNCIL", "millbrook")]
    ):
        for m, (topic, detail) in enumerate(TOPICS):
            text = MINUTES.format(
                body=body, day=10 + m, topic=topic, topic_lower=topic.lower(), detail=detail
            )
            write(root / folder / f"2024-03-{10 + m}_minutes.txt", text + f"\n(paper {n}.{m})\n")
    write(root / "harrowfield" / "annex.md", "Appendix A: quotes\n\nThorne Roofing quoted £4,200.")
    copy = (root / "harrowfield" / "2024-03-10_minutes.txt").read_bytes()
    (root / "millbrook" / "copy of harrowfield minutes.txt").write_bytes(copy)
    return root


def stored(index: Index) -> list[dict]:
    """What `papers --json` shows, without the ingest time, and each paper's chunks."""
    rows = []
    for paper in index.papers():
        row = paper.to_json()
        row["chunk_texts"] = [hit.text for hit in index.chunks(paper.paper_id)]
        rows.append(row)
    return sorted(rows, key=lambda r: r["paper_id"])


def vectors(index: Index) -> dict[tuple[str, int], np.ndarray]:
    """Each stored chunk's vector, by paper and ordinal, as the store holds it."""
    with closing(sqlite3.connect(index.path / "index.sqlite")) as conn:
        rows = conn.execute("SELECT paper_id, ordinal, embedding FROM chunks").fetchall()
    return {(p, o): np.frombuffer(e, dtype=np.float32) for p, o, e in rows}


def run(folder: Path, index_dir: Path, engine=None) -> tuple[list, Index]:
    index = Index.open(index_dir, embedder=HashEmbedder())
    report = ingest_paths([folder], index=index, engine=engine)
    return report.results, index


@pytest.fixture
def small_groups(monkeypatch):
    """One paper per embedding task, so two workers share even a small run."""
    monkeypatch.setattr(ingest, "GROUP_CHARS", 1)


def test_the_parallel_engine_stores_what_one_process_stores(tmp_path, small_groups):
    folder = papers(tmp_path / "papers")
    serial, one = run(folder, tmp_path / "serial")
    engine = LocalEngine(HashEmbedder(), jobs=2, embedder_factory=HashEmbedder)
    try:
        parallel, two = run(folder, tmp_path / "parallel", engine)
        assert engine._pool is not None, "two workers should have read and embedded the papers"
    finally:
        engine.close()
    assert [(r.path, r.status, r.chunks) for r in parallel] == [
        (r.path, r.status, r.chunks) for r in serial
    ], "the same files, in the same order, with the same outcomes"
    assert [r.status for r in serial].count("duplicate") == 1, "the copy is stored once"
    assert stored(two) == stored(one), "the same papers, titles, bodies, dates and chunks"
    a, b = vectors(one), vectors(two)
    assert a.keys() == b.keys()
    assert all(np.allclose(a[k], b[k], atol=1e-6) for k in a), "the same vectors"


def test_vectors_are_computed_ahead_in_groups_not_by_the_writer(tmp_path):
    """The writer stores the vectors the group task computed: the model is called once per
    group of papers (length-sorted batches across papers), not once per paper."""
    folder = papers(tmp_path / "papers")
    calls = []

    class Counting(HashEmbedder):
        def embed(self, texts):
            calls.append(len(texts))
            return super().embed(texts)

    index = Index.open(tmp_path / "index", embedder=Counting())
    report = ingest_paths([folder], index=index)
    assert len(calls) == 1, f"one group, one call to the model: {calls}"
    assert calls[0] == report.chunks
    assert isinstance(index.embedder, Counting), "the index gets its own embedder back"
    held = vectors(index)
    for paper in index.papers():
        hits = index.chunks(paper.paper_id)
        expected = HashEmbedder().embed([f"{h.breadcrumb}\n{h.text}" for h in hits])
        got = [held[(paper.paper_id, n)] for n in range(len(hits))]
        assert np.allclose(np.stack(got), expected, atol=1e-6), paper.title


def test_a_file_failing_in_a_worker_is_reported_and_the_rest_stored(tmp_path, small_groups):
    folder = papers(tmp_path / "papers")
    (folder / "harrowfield" / "broken pack.pdf").write_bytes(b"%PDF-1.7\nnot really a pdf")
    write(folder / "millbrook" / "blank.txt", "   \n\n")
    engine = LocalEngine(HashEmbedder(), jobs=2, embedder_factory=HashEmbedder)
    try:
        results, index = run(folder, tmp_path / "index", engine)
    finally:
        engine.close()
    failed = {Path(r.path).name: r.error for r in results if r.status == FAILED}
    assert set(failed) == {"broken pack.pdf", "blank.txt"}, failed
    for name, error in failed.items():
        assert name in error and "\n" not in error, f"one line naming the file: {error!r}"
    assert len(index.papers()) == 9, "every other paper is stored"


def test_a_one_file_run_starts_no_worker(tmp_path):
    paper = write(
        tmp_path / "papers" / "minutes.txt",
        MINUTES.format(
            body="HARROWFIELD PARISH COUNCIL",
            day=12,
            topic="ROOF",
            topic_lower="roof",
            detail="ok.",
        ),
    )
    engine = LocalEngine(HashEmbedder(), jobs=2, embedder_factory=HashEmbedder)
    results, index = run(paper, tmp_path / "index", engine)
    assert [r.status for r in results] == ["added"]
    assert engine._pool is None, "one file is read and embedded here, without a pool"


def test_the_ray_engine_stores_what_the_local_engine_stores(tmp_path, small_groups, monkeypatch):
    pytest.importorskip("ray")
    monkeypatch.delenv("RAY_ADDRESS", raising=False)  # a local instance, whatever the shell says
    folder = papers(tmp_path / "papers")
    _, local = run(folder, tmp_path / "local")
    # Ray's session files in a folder removed afterwards, not /tmp/ray; not under tmp_path,
    # whose depth would pass the 107-byte limit of the sockets Ray makes there
    with tempfile.TemporaryDirectory(prefix="bp-ray-") as scratch:
        monkeypatch.setenv("RAY_TMPDIR", scratch)
        engine = RayEngine(HashEmbedder, jobs=2)
        try:
            results, ray_index = run(folder, tmp_path / "ray", engine)
        finally:
            engine.close()
    assert not [r for r in results if r.status == FAILED]
    assert stored(ray_index) == stored(local), "the same papers, titles and chunks on Ray"


def test_engine_ray_without_ray_is_one_line(tmp_path, monkeypatch):
    folder = papers(tmp_path / "papers")
    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` now fails as if not installed
    result = CliRunner().invoke(main, ["ingest", "--engine", "ray", str(folder)])
    assert result.exit_code == 1, result.output
    assert result.output.strip().splitlines() == [
        "Error: The ray engine needs Ray: pip install 'boardpapers[ray]' (or pip install ray)."
    ], result.output
    assert not (tmp_path / "index").exists(), "nothing was opened or stored"
