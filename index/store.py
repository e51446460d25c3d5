"""The index on disk: a SQLite store (papers, chunks + FTS5, records, meta) and its FAISS copy.

SQLite is the source of truth, embeddings included, so every write is one transaction; the FAISS
vectors are rebuilt from it when its generation counter moves (and cached to `vectors.faiss`).
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
from filelock import FileLock, Timeout

from corpus.types import TextBox
from index import search as hybrid
from index.connections import ThreadConnections
from index.embedder import Embedder
from index.errors import EmbedderMismatch, IndexBusy, IndexCorrupt, IndexMissing, IndexReadOnly
from index.schema import (
    HIT_COLUMNS,
    HIT_FROM,
    PAPER_COLUMNS,
    chunk_filter_sql,
    connect,
    create,
    get_meta,
    readable,
    row_to_hit,
    row_to_paper,
)
from index.types import Filters, Hit, OcrPage, PaperInfo, RemovedPaper
from index.vectors import Vectors
from index.writer import Writer

DB_NAME = "index.sqlite"
VECTORS_NAME = "vectors.faiss"
LOCK_NAME = "write.lock"


class Index:
    """An opened index folder; reads are safe from many threads at once."""

    def __init__(self, path: Path, embedder: Embedder | None, read_only: bool) -> None:
        self.path = path
        self.embedder = embedder
        self.read_only = read_only
        self.tuning = hybrid.Tuning()
        self._db = path / DB_NAME
        self._connections = ThreadConnections(self._open_connection)
        self._lock = threading.Lock()
        self._vectors: Vectors | None = None
        self._committees: tuple[int, list[str]] | None = None  # (generation, names)

    @classmethod
    def open(
        cls, path: Path, *, embedder: Embedder | None = None, read_only: bool = False
    ) -> Index:
        """Open the index at path, creating it unless read_only (then it must exist)."""
        path = Path(path)
        if read_only and not (path / DB_NAME).is_file():
            raise IndexMissing(path)
        if not read_only:
            path.mkdir(parents=True, exist_ok=True)
        index = cls(path, embedder, read_only)
        try:
            conn = index._conn()
            if not read_only:
                create(conn)
            stored = get_meta(conn, "embedder")
        except sqlite3.DatabaseError as err:
            index.close()
            raise IndexCorrupt(path, str(err)) from err
        has_chunks = conn.execute("SELECT 1 FROM chunks LIMIT 1").fetchone() is not None
        if embedder is not None and stored and has_chunks and stored != embedder.name:
            index.close()
            raise EmbedderMismatch(path, stored, embedder.name)
        return index

    def _conn(self) -> sqlite3.Connection:
        """This thread's connection."""
        return self._connections.get()

    def _open_connection(self) -> sqlite3.Connection:
        conn = connect(self._db, read_only=self.read_only)
        readable(conn)
        return conn

    def close(self) -> None:
        """Close every connection this object opened."""
        self._connections.close()

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def generation(self) -> int:
        """Counter bumped by every committed write (any process)."""
        return int(get_meta(self._conn(), "generation") or 0)

    @contextmanager
    def writer(self, timeout: float = 0) -> Iterator[Writer]:
        """Hold the inter-process write lock for the block; each write inside is atomic."""
        if self.read_only:
            raise IndexReadOnly(self.path)
        lock = FileLock(str(self.path / LOCK_NAME), timeout=timeout)
        try:
            lock.acquire()
        except Timeout:
            raise IndexBusy(self.path) from None
        conn = connect(self._db, read_only=False)
        try:
            yield Writer(conn, self.embedder, self.path)
        finally:
            conn.close()
            lock.release()

    # Reads

    def papers(self, filters: Filters | None = None) -> list[PaperInfo]:
        """Papers, newest meeting first; with filters, those with any chunk that matches."""
        where, params = chunk_filter_sql(filters)
        sql = f"SELECT {PAPER_COLUMNS} FROM papers p"
        if where != "1":
            sql += (
                f" WHERE EXISTS (SELECT 1 FROM chunks c WHERE c.paper_id = p.paper_id AND {where})"
            )
        sql += " ORDER BY p.meeting_date IS NULL, p.meeting_date DESC, p.title"
        rows = self._conn().execute(sql, params).fetchall()
        return [row_to_paper(r) for r in rows]

    def paper(self, paper_id: str) -> PaperInfo | None:
        """One paper by id, or None."""
        row = (
            self._conn()
            .execute(f"SELECT {PAPER_COLUMNS} FROM papers p WHERE p.paper_id = ?", (paper_id,))
            .fetchone()
        )
        return row_to_paper(row) if row else None

    def paper_count(self) -> int:
        """How many papers are stored (cheap: for health checks)."""
        return self._conn().execute("SELECT count(*) FROM papers").fetchone()[0]

    def removed_paper(self, paper_id: str) -> RemovedPaper | None:
        """The record of a paper that was removed (and not added again), or None."""
        row = (
            self._conn()
            .execute(
                "SELECT paper_id, title, removed_at FROM removed_papers WHERE paper_id = ?",
                (paper_id,),
            )
            .fetchone()
        )
        return RemovedPaper(*row) if row else None

    def chunk_was_removed(self, chunk_id: int) -> bool:
        """Whether a chunk id was handed out once and its chunk is gone (ids are never reused;
        an index from before schema version 3 cannot tell, and says False)."""
        conn = self._conn()
        if conn.execute("SELECT 1 FROM chunks WHERE chunk_id = ?", (chunk_id,)).fetchone():
            return False
        has_sequence = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'"
        ).fetchone()
        if not has_sequence:
            return False
        row = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'chunks'").fetchone()
        return row is not None and 0 < chunk_id <= row[0]

    def chunk(self, chunk_id: int) -> Hit | None:
        """One chunk by id (score 0), or None."""
        row = (
            self._conn()
            .execute(f"SELECT {HIT_COLUMNS} FROM {HIT_FROM} WHERE c.chunk_id = ?", (chunk_id,))
            .fetchone()
        )
        return row_to_hit(row) if row else None

    def chunks(self, paper_id: str, *, page: int | None = None) -> list[Hit]:
        """A paper's chunks in reading order, optionally only those on one page."""
        sql = f"SELECT {HIT_COLUMNS} FROM {HIT_FROM} WHERE c.paper_id = ?"
        params: list = [paper_id]
        if page is not None:
            sql += " AND c.page = ?"
            params.append(page)
        rows = self._conn().execute(sql + " ORDER BY c.ordinal, c.chunk_id", params).fetchall()
        return [row_to_hit(r) for r in rows]

    def matching(
        self, expression: str, *, filters: Filters | None = None, limit: int = 20000
    ) -> list[Hit]:
        """Every chunk an FTS5 expression matches (phrases, NEAR groups), in meeting order; for
        following a subject through all its meetings rather than ranking the best few."""
        where, params = chunk_filter_sql(filters)
        rows = (
            self._conn()
            .execute(
                f"SELECT {HIT_COLUMNS} FROM {HIT_FROM} JOIN chunks_fts f ON f.rowid = c.chunk_id "
                f"WHERE chunks_fts MATCH ? AND {where} "
                "ORDER BY c.meeting_date, c.paper_id, c.ordinal LIMIT ?",
                [expression, *params, limit],
            )
            .fetchall()
        )
        return [row_to_hit(r) for r in rows]

    def match_count(self, expression: str) -> int:
        """How many chunks an FTS5 expression matches (a word's document frequency)."""
        row = self._conn().execute(
            "SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH ?", (expression,)
        )
        return int(row.fetchone()[0])

    def ocr_page(self, paper_id: str, page: int) -> OcrPage | None:
        """The text and word boxes of a page read by OCR, or None (a page with a text layer)."""
        row = (
            self._conn()
            .execute(
                "SELECT text, boxes FROM ocr_pages WHERE paper_id = ? AND page = ?",
                (paper_id, page),
            )
            .fetchone()
        )
        if row is None:
            return None
        boxes = tuple(TextBox(b[0], b[1], (b[2], b[3], b[4], b[5])) for b in json.loads(row[1]))
        return OcrPage(row[0], boxes)

    def records(self, paper_id: str | None = None) -> list[dict]:
        """Decision-register records: record_id, paper_id, chunk_id plus their stored fields."""
        sql = "SELECT record_id, paper_id, chunk_id, data FROM records"
        params: tuple = ()
        if paper_id is not None:
            sql += " WHERE paper_id = ?"
            params = (paper_id,)
        rows = self._conn().execute(sql + " ORDER BY record_id", params).fetchall()
        return [
            {**json.loads(data), "record_id": rid, "paper_id": pid, "chunk_id": cid}
            for rid, pid, cid, data in rows
        ]

    def committees(self) -> list[str]:
        """Distinct committee names, for filter dropdowns and the committees a question names.

        Kept per generation: every question asks, and the scan of all chunks costs milliseconds.
        """
        generation = self.generation()
        cached = self._committees
        if cached is not None and cached[0] == generation:
            return list(cached[1])
        rows = (
            self._conn()
            .execute(
                "SELECT DISTINCT committee FROM chunks WHERE committee IS NOT NULL "
                "UNION SELECT DISTINCT committee FROM papers WHERE committee IS NOT NULL ORDER BY 1"
            )
            .fetchall()
        )
        names = [r[0] for r in rows]
        self._committees = (generation, names)
        return list(names)

    def kinds(self) -> list[str]:
        """Distinct chunk kinds present."""
        rows = self._conn().execute("SELECT DISTINCT kind FROM chunks ORDER BY 1").fetchall()
        return [r[0] for r in rows]

    def stats(self) -> dict:
        """Counts and identity of the index, for `boardpapers stats` and the web footer."""
        conn = self._conn()

        def count(table: str) -> int:
            return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

        return {
            "path": str(self.path),
            "papers": count("papers"),
            "files": count("paper_files"),
            "chunks": count("chunks"),
            "records": count("records"),
            "pages": conn.execute("SELECT coalesce(sum(pages), 0) FROM papers").fetchone()[0],
            "embedder": get_meta(conn, "embedder"),
            "dim": int(get_meta(conn, "dim") or 0) or None,
            "generation": int(get_meta(conn, "generation") or 0),
            "schema_version": int(get_meta(conn, "schema_version") or 0),
        }

    # Search

    def vectors(self) -> Vectors:
        """The FAISS vectors for the current generation, reloaded when another write landed."""
        generation = self.generation()
        current = self._vectors
        if current is not None and current.generation == generation:
            return current
        with self._lock:
            if self._vectors is not None and self._vectors.generation == generation:
                return self._vectors
            self._vectors = self._load_vectors(generation)
            return self._vectors

    def _load_vectors(self, generation: int) -> Vectors:
        conn = self._conn()
        dim = int(get_meta(conn, "dim") or 0) or (self.embedder.dim if self.embedder else 0)
        cache = self.path / VECTORS_NAME
        cached = Vectors.load(cache, generation, dim)
        if cached is not None:
            return cached
        # One snapshot read, so the ids and the generation tag agree.
        conn.execute("BEGIN")
        try:
            generation = int(get_meta(conn, "generation") or 0)
            rows = conn.execute("SELECT chunk_id, embedding FROM chunks").fetchall()
        finally:
            conn.execute("COMMIT") if conn.in_transaction else None
        ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
        matrix = np.frombuffer(b"".join(r[1] for r in rows), dtype=np.float32).reshape(-1, dim)
        vectors = Vectors.build(ids, matrix, dim, generation)
        with contextlib.suppress(OSError):  # a read-only folder: rebuild each time instead
            vectors.save(cache)
        return vectors

    def search(
        self,
        query: str,
        *,
        k: int = 10,
        filters: Filters | None = None,
        mode: str = "hybrid",
    ) -> list[Hit]:
        """Best k chunks for a free-text query; identical texts appear once (the best copy)."""
        return hybrid.search(
            self._conn(),
            query,
            k=k,
            filters=filters,
            mode=mode,
            tuning=self.tuning,
            vectors=self.vectors if self.embedder else None,
            embed_query=self.embedder.embed_query if self.embedder else None,
        )
