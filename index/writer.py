"""Changing an index: every add, alias and removal is one SQLite transaction.

Embedding happens before the transaction opens, so a failure while embedding (or anywhere in the
transaction) leaves the previous index exactly as it was. The chunks' vectors are stored with them
and logged for the FAISS side by triggers (see `index/schema.py`); after each commit the index may
checkpoint its FAISS file, which is derived and can only lag, never disagree (`index/vectors.py`).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from corpus.types import Chunk, Paper
from index.embedder import Embedder
from index.errors import EmbedderMismatch
from index.schema import get_meta, migrate, set_meta

if TYPE_CHECKING:
    from collections.abc import Iterator


def embed_chunks(
    embedder: Embedder,
    chunks: Sequence[Chunk],
    *,
    batch_size: int = 32,
    on_progress: Callable[[int], None] | None = None,
) -> np.ndarray:
    """Unit vectors of `breadcrumb + newline + text` for each chunk; on_progress(n) per batch."""
    texts = [f"{c.breadcrumb}\n{c.text}" for c in chunks]
    parts = []
    for start in range(0, len(texts), batch_size):
        batch = texts[start : start + batch_size]
        parts.append(np.asarray(embedder.embed(batch), dtype=np.float32))
        if on_progress:
            on_progress(len(batch))
    if not parts:
        return np.zeros((0, embedder.dim), dtype=np.float32)
    return np.vstack(parts)


class Writer:
    """What `Index.writer()` yields: the only way to change the store."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        embedder: Embedder | None,
        path: Path,
        after_commit: Callable[[sqlite3.Connection], None] | None = None,
    ) -> None:
        self._conn = conn
        self._embedder = embedder
        self.path = path
        self._after_commit = after_commit

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            migrate(self._conn)  # an index made by an older version gains what it lacks
            yield self._conn
            generation = int(get_meta(self._conn, "generation") or 0) + 1
            set_meta(self._conn, "generation", str(generation))
            self._conn.execute("COMMIT")
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        if self._after_commit is not None:
            self._after_commit(self._conn)

    def find_by_sha(self, sha256: str) -> str | None:
        """The paper_id already stored with identical content, if any."""
        row = self._conn.execute(
            "SELECT paper_id FROM papers WHERE sha256 = ? LIMIT 1", (sha256,)
        ).fetchone()
        return row[0] if row else None

    def path_paper(self, path: str) -> str | None:
        """The paper_id currently stored for a file path, if any."""
        row = self._conn.execute(
            "SELECT paper_id FROM paper_files WHERE path = ?", (str(path),)
        ).fetchone()
        return row[0] if row else None

    def stored_vectors(self, paper_id: str) -> dict[str, np.ndarray]:
        """The vector of each stored passage of a paper, by the text it was made from
        (`breadcrumb + newline + text`, as `embed_chunks` embeds it)."""
        rows = self._conn.execute(
            "SELECT breadcrumb, text, embedding FROM chunks WHERE paper_id = ?", (paper_id,)
        )
        return {f"{b}\n{t}": np.frombuffer(blob, dtype=np.float32) for b, t, blob in rows}

    def add_alias(self, path: str, paper_id: str) -> None:
        """Record another path holding an identical copy of a stored paper (nothing is embedded)."""
        with self._transaction() as conn:
            previous = self.path_paper(path)
            conn.execute("INSERT OR REPLACE INTO paper_files VALUES (?, ?)", (str(path), paper_id))
            if previous and previous != paper_id:
                _drop_path(conn, previous, str(path))

    def add(
        self,
        paper: Paper,
        chunks: list[Chunk],
        *,
        records: Iterable[dict] = (),
        on_progress: Callable[[int], None] | None = None,
        vectors: np.ndarray | None = None,
    ) -> int:
        """Store a paper, its chunks and records, replacing what its path held; returns chunks.

        `vectors` are the chunks' embeddings when the caller computed them already (an ingest
        embeds many papers' chunks together, in other processes); they must come from this
        index's embedder, one row per chunk."""
        if self._embedder is None:
            raise ValueError(f"The index at {self.path} was opened without an embedder: cannot add")
        if vectors is None:
            vectors = embed_chunks(
                self._embedder,
                chunks,
                batch_size=getattr(self._embedder, "batch_size", 32),
                on_progress=on_progress,
            )
        elif len(vectors) != len(chunks):
            raise ValueError(f"{len(vectors)} vectors given for {len(chunks)} chunks")
        path = str(paper.source.path)
        with self._transaction() as conn:
            if (stored := get_meta(conn, "embedder")) is None or not _has_chunks(conn):
                set_meta(conn, "embedder", self._embedder.name)
                set_meta(conn, "dim", str(self._embedder.dim))
            elif stored != self._embedder.name:
                raise EmbedderMismatch(self.path, stored, self._embedder.name)
            previous = self.path_paper(path)
            _delete_paper(conn, paper.paper_id)
            conn.execute("INSERT OR REPLACE INTO paper_files VALUES (?, ?)", (path, paper.paper_id))
            if previous and previous != paper.paper_id:
                _drop_path(conn, previous, path)
            _insert_paper(conn, paper)
            _insert_ocr_pages(conn, paper)
            ids = _insert_chunks(conn, paper.paper_id, chunks, vectors)
            _insert_records(conn, paper.paper_id, records, ids)
        return len(chunks)

    def remove(self, paper_id: str) -> bool:
        """Delete a paper, its chunks, records and paths; False when it was not stored."""
        with self._transaction() as conn:
            found = conn.execute("SELECT 1 FROM papers WHERE paper_id = ?", (paper_id,)).fetchone()
            _remove_paper(conn, paper_id)
            conn.execute("DELETE FROM paper_files WHERE paper_id = ?", (paper_id,))
        return found is not None


def _has_chunks(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM chunks LIMIT 1").fetchone() is not None


def _delete_paper(conn: sqlite3.Connection, paper_id: str) -> None:
    """Remove a paper's rows but not its paths (the caller decides what they point at)."""
    _register().drop_records(conn, paper_id)
    conn.execute("DELETE FROM main.ocr_pages WHERE paper_id = ?", (paper_id,))
    conn.execute("DELETE FROM chunks WHERE paper_id = ?", (paper_id,))
    conn.execute("DELETE FROM papers WHERE paper_id = ?", (paper_id,))


def _remove_paper(conn: sqlite3.Connection, paper_id: str) -> None:
    """Delete a paper and remember that it was removed, so links to it say so (not "not found")."""
    row = conn.execute("SELECT title FROM papers WHERE paper_id = ?", (paper_id,)).fetchone()
    if row is not None:
        conn.execute(
            "INSERT OR REPLACE INTO main.removed_papers VALUES (?, ?, ?)",
            (paper_id, row[0], datetime.now(UTC).isoformat(timespec="seconds")),
        )
    _delete_paper(conn, paper_id)


def _drop_path(conn: sqlite3.Connection, paper_id: str, path: str) -> None:
    """`path` no longer holds `paper_id`: delete the paper if no path holds it any more."""
    left = conn.execute(
        "SELECT path FROM paper_files WHERE paper_id = ? ORDER BY path", (paper_id,)
    ).fetchall()
    if not left:
        _remove_paper(conn, paper_id)
        return
    # The paper lives on under another name; point its main file at a path that still holds it.
    conn.execute(
        "UPDATE papers SET file = ? WHERE paper_id = ? AND file = ?", (left[0][0], paper_id, path)
    )


def _insert_paper(conn: sqlite3.Connection, paper: Paper) -> None:
    meeting = paper.meeting
    conn.execute("DELETE FROM main.removed_papers WHERE paper_id = ?", (paper.paper_id,))
    conn.execute(
        "INSERT INTO papers VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            paper.paper_id,
            paper.source.sha256,
            paper.title,
            str(paper.source.path),
            paper.source.file_type,
            meeting.committee,
            meeting.date.isoformat() if meeting.date else None,
            str(paper.kind),
            paper.pages,
            datetime.now(UTC).isoformat(timespec="seconds"),
        ),
    )


def _insert_ocr_pages(conn: sqlite3.Connection, paper: Paper) -> None:
    """The text and word boxes of the pages read by OCR, so the viewer shows and highlights them
    (their PDF has no text layer to read them from)."""
    for page in paper.source.pages:
        if not page.ocr or page.number is None:
            continue
        boxes = [[b.start, b.end, *b.box] for b in page.boxes]
        conn.execute(
            "INSERT OR REPLACE INTO main.ocr_pages VALUES (?, ?, ?, ?)",
            (paper.paper_id, page.number, page.text, json.dumps(boxes)),
        )


def _insert_chunks(
    conn: sqlite3.Connection, paper_id: str, chunks: Sequence[Chunk], vectors: np.ndarray
) -> dict[int, int]:
    """Insert chunks; returns their chunk_ids keyed by ordinal."""
    ids: dict[int, int] = {}
    for chunk, vector in zip(chunks, vectors, strict=True):
        cursor = conn.execute(
            "INSERT INTO chunks (paper_id, ordinal, text, breadcrumb, document, kind, committee, "
            "meeting_date, page, page_label, item, item_number, heading, embedding) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                paper_id,
                chunk.ordinal,
                chunk.text,
                chunk.breadcrumb,
                chunk.document,
                str(chunk.kind),
                chunk.committee,
                chunk.meeting_date.isoformat() if chunk.meeting_date else None,
                chunk.page,
                chunk.page_label,
                chunk.item,
                chunk.item_number,
                chunk.heading,
                np.asarray(vector, dtype=np.float32).tobytes(),
            ),
        )
        ids[chunk.ordinal] = cursor.lastrowid
    return ids


def _insert_records(
    conn: sqlite3.Connection, paper_id: str, records: Iterable[dict], ids: dict[int, int]
) -> None:
    rows = []
    for record in records:
        data = dict(record)
        ordinal = data.pop("chunk_ordinal", None)
        chunk_id = ids.get(ordinal) if ordinal is not None else None
        rows.append((chunk_id, json.dumps(data, default=str)))
    _register().store_records(conn, paper_id, rows)


def _register():
    """The decisions register's table code, which derives a record's columns and keeps its chains
    (assistant/register/table.py): records are the assistant's answer units, and storing them
    in the same transaction as their paper is what keeps the chains never behind the papers.
    Imported here, not at the top, so that index/ loads without assistant/."""
    from assistant.register import table

    return table
