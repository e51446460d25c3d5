"""Reading stored papers again (`ingest --reread`): what a newer reader finds in them is stored,
and a passage whose text did not change keeps its vector instead of being embedded again. The
minutes are fictional (tests/papers.py); the hashed embedder counts what it is asked to embed."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from click.testing import CliRunner

from assistant.cli import main
from assistant.ingest import ADDED, REPLACED, UNCHANGED, ingest_paths
from index.embedder import HashEmbedder
from index.store import DB_NAME, Index
from tests.papers import RESOLUTIONS, make_txt


class Counting(HashEmbedder):
    """Hashed vectors, with a count of the texts embedded."""

    def __init__(self) -> None:
        super().__init__()
        self.texts = 0

    def embed(self, texts):
        self.texts += len(texts)
        return super().embed(texts)


def _motions(index_dir: Path) -> int:
    with closing(sqlite3.connect(index_dir / DB_NAME)) as conn:
        return conn.execute("SELECT count(*) FROM records WHERE kind = 'motion'").fetchone()[0]


def _forget_motions(index_dir: Path) -> None:
    """The register as a reader that knew no motions would have stored it."""
    with closing(sqlite3.connect(index_dir / DB_NAME)) as conn, conn:
        conn.execute("DELETE FROM records WHERE kind = 'motion'")


def test_reread_stores_what_the_reader_finds_without_embedding_again(tmp_path):
    papers = make_txt(tmp_path / "papers" / "minutes-14-may-2026.md", RESOLUTIONS).parent
    embedder = Counting()
    index = Index.open(tmp_path / "index", embedder=embedder)
    first = ingest_paths([papers], index=index)
    assert [r.status for r in first.results] == [ADDED]
    embedded, motions = embedder.texts, _motions(tmp_path / "index")
    assert embedded > 0 and motions >= 3
    _forget_motions(tmp_path / "index")

    again = ingest_paths([papers], index=index)
    assert [r.status for r in again.results] == [UNCHANGED], "skipped without --reread"
    assert _motions(tmp_path / "index") == 0

    reread = ingest_paths([papers], index=index, reread=True)
    assert [r.status for r in reread.results] == [REPLACED]
    assert _motions(tmp_path / "index") == motions, "the motions are read again"
    assert embedder.texts == embedded, "no passage embedded again"
    hits = index.search("Cathaoirleach election Councillor Kerr", k=3)
    assert hits and "Kerr" in hits[0].text, "the vectors and search still work"
    index.close()


def test_a_changed_file_embeds_only_its_changed_passages(tmp_path):
    path = make_txt(tmp_path / "papers" / "minutes-14-may-2026.md", RESOLUTIONS)
    embedder = Counting()
    index = Index.open(tmp_path / "index", embedder=embedder)
    ingest_paths([path.parent], index=index)
    before = embedder.texts
    path.write_text(RESOLUTIONS.replace("Greenway Report", "Greenway Route Report"))
    result = ingest_paths([path.parent], index=index)
    assert [r.status for r in result.results] == [REPLACED]
    assert 0 < embedder.texts - before < before, "only the passages that changed"
    index.close()


def test_cli_reread_flag(tmp_path, monkeypatch):
    papers = make_txt(tmp_path / "papers" / "minutes-14-may-2026.md", RESOLUTIONS).parent
    monkeypatch.setenv("BOARDPAPERS_INDEX", str(tmp_path / "index"))
    monkeypatch.setattr("assistant.runtime.embedder_for", lambda settings: HashEmbedder())
    runner = CliRunner()
    assert runner.invoke(main, ["ingest", "--jobs", "1", str(papers)]).exit_code == 0
    _forget_motions(tmp_path / "index")
    result = runner.invoke(main, ["ingest", "--jobs", "1", "--reread", str(papers)])
    assert result.exit_code == 0, result.output
    assert _motions(tmp_path / "index") >= 3
