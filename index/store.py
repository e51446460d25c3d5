"""The index on disk: a SQLite store (papers, chunks + FTS5, records, meta) and its FAISS side.

SQLite is the source of truth, embeddings included, so every write is one transaction. Each
process keeps the FAISS vectors in memory and, when another write lands, applies only the chunks
logged since its generation; `vectors.faiss` is a checkpoint that the writer refreshes now and
then, so that a new reader loads it and a short delta instead of every vector (see
`index/vectors.py` for why the vectors live where they do).
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections import Counter
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
    set_meta,
)
from index.types import Filters, Hit, OcrPage, PaperInfo, RemovedPaper
from index.vectors import EXACT_LIMIT, Vectors, layout_fits
from index.writer import Writer

DB_NAME = "index.sqlite"
VECTORS_NAME = "vectors.faiss"
LOCK_NAME = "write.lock"

# A reader applies the changes logged since its generation in place unless they outnumber
# DELTA_SHARE of the vectors it holds (and DELTA_MIN): a delta reads only its chunks' rows and
# costs ~1 ms per hundred, where a reload reads them all.
DELTA_SHARE = 0.25
DELTA_MIN = 5_000
# The writer rewrites the checkpoint once the changes logged since it exceed CHECKPOINT_SHARE of
# the chunks (and CHECKPOINT_MIN): a new reader then applies at most that many, ~0.1 s for 1,000
# chunks and a few seconds for 2% of a million, while the rewrite (1.5 KB a chunk: 75 MB for
# 50,000 chunks, 1.5 GB for a million) happens once per 2% of growth.
CHECKPOINT_SHARE = 0.02
CHECKPOINT_MIN = 1_000
ALLOWED_KEPT = 8  # filters whose allowed chunk ids are kept (a conversation's few committees)
TERMS_KEPT = 50_000  # words whose chunk counts are kept (a few hundred thousand bytes)


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
        self._committee_sizes: tuple[int, dict[str, int]] | None = None
        self._doc_count: tuple[int, int] | None = None  # (generation, chunks)
        self._allowed_cache: dict[tuple, object] = {}  # (generation, filters) -> chunk ids
        self._groups: tuple[int, hybrid.ChunkGroups] | None = None  # (generation, groups)
        self._term_docs: tuple[int, dict[str, int]] = (0, {})  # (generation, term -> chunks)
        self.exact_limit = EXACT_LIMIT  # below this many vectors, search is exact
        # How this process's vectors were brought up to date: "delta" (in place),
        # "checkpoint" (vectors.faiss and its delta) or "rebuild" (every vector from SQLite).
        self.vector_updates: Counter[str] = Counter()

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
            yield Writer(conn, self.embedder, self.path, after_commit=self._checkpoint)
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

    def chunk_at(self, paper_id: str, ordinal: int) -> Hit | None:
        """A paper's chunk at that place in its reading order (score 0), or None."""
        row = (
            self._conn()
            .execute(
                f"SELECT {HIT_COLUMNS} FROM {HIT_FROM} WHERE c.paper_id = ? AND c.ordinal = ?",
                (paper_id, ordinal),
            )
            .fetchone()
        )
        return row_to_hit(row) if row else None

    def chunk_vectors(self, chunk_ids: list[int]) -> dict[int, np.ndarray]:
        """The stored vectors of these chunks (unit length), by id; ids no longer stored are
        left out."""
        if not chunk_ids:
            return {}
        ids, matrix = _embeddings(self._conn(), chunk_ids, self._dim())
        return dict(zip(ids.tolist(), matrix, strict=True))

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

    def frequencies(self, words: list[str]) -> tuple[list[tuple[int, int]], int]:
        """For each word (stemmed as the keyword index stems it) the chunks holding it and the
        times it occurs, and how many chunks there are."""
        return hybrid.term_counts(self._conn(), words), self._chunk_count()

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

    def has_records(self) -> bool:
        """Whether the register holds any record (without reading them)."""
        return self._conn().execute("SELECT 1 FROM records LIMIT 1").fetchone() is not None

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

    def records_connection(self) -> sqlite3.Connection:
        """This thread's connection, for the register's own queries over the records' columns,
        records_fts and chains (assistant/register/table.py, which also stores them)."""
        return self._conn()

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

    def committee_sizes(self) -> dict[str, int]:
        """Each committee's count of papers: how often the papers name it, for telling a body
        from a stray name a few misfiled papers carry."""
        generation = self.generation()
        cached = self._committee_sizes
        if cached is not None and cached[0] == generation:
            return dict(cached[1])
        rows = self._conn().execute(
            "SELECT committee, count(*) FROM papers WHERE committee IS NOT NULL GROUP BY committee"
        )
        sizes = {name: 0 for name in self.committees()} | dict(rows.fetchall())
        self._committee_sizes = (generation, sizes)
        return dict(sizes)

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
        """The FAISS vectors for the current generation, updated when another write landed."""
        generation = self.generation()
        current = self._vectors
        if current is not None and current.generation == generation:
            return current
        with self._lock:
            current = self._vectors
            if current is not None and self._catch_up(current):
                self.vector_updates["delta"] += 1
            else:
                self._vectors = self._load_vectors()
            return self._vectors

    def _load_vectors(self) -> Vectors:
        """The checkpoint brought up to date, or (missing, damaged or too old) a rebuild."""
        checkpoint = Vectors.load(self.path / VECTORS_NAME, self._dim())
        if checkpoint is not None and self._catch_up(checkpoint):
            self.vector_updates["checkpoint"] += 1
            return checkpoint
        return self._rebuild_vectors()

    def _dim(self) -> int:
        stored = get_meta(self._conn(), "dim")
        return int(stored or 0) or (self.embedder.dim if self.embedder else 0)

    def _catch_up(self, vectors: Vectors) -> bool:
        """Apply the chunks logged since `vectors.generation` in place; False when the log no
        longer reaches back that far, the delta is too large, or a writer rebuilt the layout."""
        conn = self._conn()
        with _snapshot(conn):
            generation = int(get_meta(conn, "generation") or 0)
            if vectors.generation >= generation:
                return True
            log_from = get_meta(conn, "vector_log_from")  # None: an index from before the log
            built = int(get_meta(conn, "vectors_built") or 0)
            if log_from is None or vectors.generation < int(log_from) or built > vectors.built:
                return False
            rows = conn.execute(
                "SELECT chunk_id, added FROM vector_log WHERE generation > ? ORDER BY generation",
                (vectors.generation,),
            ).fetchall()
            changes = dict(rows)  # a later generation's entry for a chunk wins
            if len(changes) > max(DELTA_MIN, DELTA_SHARE * len(vectors)):
                return False
            removed = np.fromiter((c for c, a in changes.items() if not a), dtype=np.int64)
            added, matrix = _embeddings(conn, [c for c, a in changes.items() if a], vectors.dim)
        vectors.apply(added, matrix, removed, generation)
        return True

    def _rebuild_vectors(self, built: int | None = None) -> Vectors:
        """Every vector read from SQLite into an index of the type their number calls for."""
        conn = self._conn()
        dim = self._dim()
        with _snapshot(conn):  # so that the ids and the generation tag agree
            generation = int(get_meta(conn, "generation") or 0)
            if built is None:
                built = int(get_meta(conn, "vectors_built") or 0)
            count = conn.execute("SELECT count(*) FROM chunks").fetchone()[0]
            ids = np.empty(count, dtype=np.int64)
            matrix = np.empty((count, dim), dtype=np.float32)
            # Row by row into one array: the blobs are never all held a second time.
            for n, (chunk_id, blob) in enumerate(
                conn.execute("SELECT chunk_id, embedding FROM chunks")
            ):
                ids[n] = chunk_id
                matrix[n] = np.frombuffer(blob, dtype=np.float32)
        vectors = Vectors.build(
            ids, matrix, dim, generation, built=built, exact_limit=self.exact_limit
        )
        self.vector_updates["rebuild"] += 1
        return vectors

    def _checkpoint(self, conn: sqlite3.Connection) -> None:
        """After a commit (the write lock held): rewrite `vectors.faiss` when the changes logged
        since it are many or its layout no longer suits the number of chunks, then prune the
        log up to the checkpoint before it (readers that far behind reload the new one)."""
        path = self.path / VECTORS_NAME
        log_from = get_meta(conn, "vector_log_from")
        if log_from is None:
            return
        header = Vectors.header(path)
        total = conn.execute("SELECT count(*) FROM chunks").fetchone()[0]
        usable = header is not None and header[0] >= int(log_from) and header[2] == self._dim()
        if usable:
            pending = conn.execute(
                "SELECT count(*) FROM vector_log WHERE generation > ?", (header[0],)
            ).fetchone()[0]
            if pending <= max(CHECKPOINT_MIN, CHECKPOINT_SHARE * total) and layout_fits(
                header[3], total, self.exact_limit
            ):
                return
        with self._lock:
            vectors = self._vectors
            if vectors is None or not self._catch_up(vectors):
                vectors = self._load_vectors()
            if not vectors.fits(len(vectors), self.exact_limit):
                vectors = self._rebuild_vectors(built=vectors.generation)
            self._vectors = vectors
        try:
            vectors.save(path)
        except OSError:
            return  # a full disk: the index is whole, readers go on from the older checkpoint
        conn.execute("BEGIN IMMEDIATE")
        try:
            if vectors.built > int(get_meta(conn, "vectors_built") or 0):
                set_meta(conn, "vectors_built", str(vectors.built))
            if usable:
                conn.execute("DELETE FROM vector_log WHERE generation <= ?", (header[0],))
                set_meta(conn, "vector_log_from", str(max(int(log_from), header[0])))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def _chunk_count(self) -> int:
        """How many chunks are stored, kept per generation (keyword search asks every time)."""
        generation = self.generation()
        cached = self._doc_count
        if cached is None or cached[0] != generation:
            count = self._conn().execute("SELECT count(*) FROM chunks").fetchone()[0]
            cached = self._doc_count = (generation, count)
        return cached[1]

    def _chunk_groups(self) -> hybrid.ChunkGroups:
        """The chunks grouped by the columns filters read, kept per generation: each new filter
        is tested on these groups rather than on every chunk's row."""
        generation = self.generation()
        cached = self._groups
        if cached is None or cached[0] != generation:
            cached = self._groups = (generation, hybrid.chunk_groups(self._conn()))
        return cached[1]

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
            doc_count=self._chunk_count,
            allowed=self._allowed,
            term_docs=self._document_counts,
        )

    def _document_counts(self, terms: list[str]) -> list[int]:
        """How many chunks hold each term, kept per generation: a question's words are searched
        two or three times (everywhere, within the meetings it names, within the minutes)."""
        generation = self.generation()
        if self._term_docs[0] != generation or len(self._term_docs[1]) > TERMS_KEPT:
            self._term_docs = (generation, {})
        known = self._term_docs[1]
        missing = [t for t in dict.fromkeys(terms) if t not in known]
        if missing:
            known.update(zip(missing, hybrid.document_counts(self._conn(), missing), strict=True))
        return [known[t] for t in terms]

    def _allowed(self, filters: Filters | None):
        """The chunk ids filters allow, kept per generation for the last few filters: a question
        naming a committee searches within it again and again (a scan of every chunk's row)."""
        if chunk_filter_sql(filters)[0] == "1":
            return None  # unrestricted: no need of the chunks' groups
        generation = self.generation()
        key = (generation, filters)
        cached = self._allowed_cache.get(key)
        if cached is None:
            cached = hybrid.allowed_ids(self._conn(), filters, self._chunk_groups())
            kept = [k for k in list(self._allowed_cache) if k[0] == generation]
            for k in set(self._allowed_cache) - set(kept[-(ALLOWED_KEPT - 1) :]):
                self._allowed_cache.pop(k, None)
            self._allowed_cache[key] = cached
        return cached


@contextmanager
def _snapshot(conn: sqlite3.Connection) -> Iterator[None]:
    """One read transaction, so that several queries see the same generation."""
    conn.execute("BEGIN")
    try:
        yield
    finally:
        if conn.in_transaction:
            conn.execute("COMMIT")


def _embeddings(
    conn: sqlite3.Connection, chunk_ids: list[int], dim: int
) -> tuple[np.ndarray, np.ndarray]:
    """The stored vectors of these chunks (those still stored), as (ids, matrix)."""
    ids: list[int] = []
    blobs: list[bytes] = []
    for start in range(0, len(chunk_ids), 10_000):  # under SQLite's limit on parameters
        part = chunk_ids[start : start + 10_000]
        marks = ",".join("?" * len(part))
        rows = conn.execute(
            f"SELECT chunk_id, embedding FROM chunks WHERE chunk_id IN ({marks})", part
        ).fetchall()
        ids += [r[0] for r in rows]
        blobs += [r[1] for r in rows]
    matrix = np.frombuffer(b"".join(blobs), dtype=np.float32).reshape(len(ids), dim)
    return np.asarray(ids, dtype=np.int64), matrix
