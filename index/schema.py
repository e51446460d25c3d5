"""The SQLite layout of an index, and turning its rows into the index's nouns."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from index.types import Filters, Hit, PaperInfo

# 2: ocr_pages, the text and word boxes of pages read by OCR (older indexes gain it on their next
# write; until then readers see an empty stand-in, see `readable`).
# 3: chunk ids are never reused (AUTOINCREMENT), so an old citation link can never open other
# text; removed_papers remembers what was removed, so its links say so (older indexes are rebuilt
# on their next write, see `migrate`).
SCHEMA_VERSION = 3

OCR_PAGES_DDL = """
CREATE TABLE IF NOT EXISTS {schema}ocr_pages (
    paper_id TEXT NOT NULL, page INTEGER NOT NULL, text TEXT NOT NULL, boxes TEXT NOT NULL,
    PRIMARY KEY (paper_id, page)
)"""

REMOVED_PAPERS_DDL = """
CREATE TABLE IF NOT EXISTS {schema}removed_papers (
    paper_id TEXT PRIMARY KEY, title TEXT NOT NULL, removed_at TEXT NOT NULL
)"""

CHUNKS_COLUMNS = """
    chunk_id INTEGER PRIMARY KEY AUTOINCREMENT, paper_id TEXT NOT NULL, ordinal INTEGER NOT NULL,
    text TEXT NOT NULL, breadcrumb TEXT NOT NULL, document TEXT NOT NULL, kind TEXT NOT NULL,
    committee TEXT, meeting_date TEXT, page INTEGER, page_label TEXT, item TEXT,
    item_number TEXT, heading TEXT, embedding BLOB NOT NULL
"""

# The chunks table's index and the triggers that keep chunks_fts in step, one statement each (a
# migration runs them inside its transaction, where `executescript` cannot be used).
CHUNKS_DEPENDANTS = (
    "CREATE INDEX IF NOT EXISTS chunks_paper ON chunks (paper_id, ordinal)",
    """CREATE TRIGGER IF NOT EXISTS chunks_ai AFTER INSERT ON chunks BEGIN
    INSERT INTO chunks_fts (rowid, text, breadcrumb)
    VALUES (new.chunk_id, new.text, new.breadcrumb);
END""",
    """CREATE TRIGGER IF NOT EXISTS chunks_ad AFTER DELETE ON chunks BEGIN
    INSERT INTO chunks_fts (chunks_fts, rowid, text, breadcrumb)
    VALUES ('delete', old.chunk_id, old.text, old.breadcrumb);
END""",
)

DDL = (
    """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS papers (
    paper_id TEXT PRIMARY KEY, sha256 TEXT NOT NULL, title TEXT NOT NULL, file TEXT NOT NULL,
    file_type TEXT NOT NULL, committee TEXT, meeting_date TEXT, kind TEXT NOT NULL,
    pages INTEGER NOT NULL, added_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS papers_sha ON papers (sha256);
CREATE TABLE IF NOT EXISTS paper_files (path TEXT PRIMARY KEY, paper_id TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS paper_files_paper ON paper_files (paper_id);
CREATE TABLE IF NOT EXISTS chunks ("""
    + CHUNKS_COLUMNS
    + """);
CREATE VIRTUAL TABLE IF NOT EXISTS chunks_fts USING fts5 (
    text, breadcrumb, content='chunks', content_rowid='chunk_id',
    tokenize='porter unicode61 remove_diacritics 2'
);
"""
    + "".join(f"{statement};\n" for statement in CHUNKS_DEPENDANTS)
    + """
CREATE TABLE IF NOT EXISTS records (
    record_id INTEGER PRIMARY KEY, paper_id TEXT NOT NULL, chunk_id INTEGER, data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS records_paper ON records (paper_id);
"""
    + OCR_PAGES_DDL.format(schema="main.")
    + ";"
    + REMOVED_PAPERS_DDL.format(schema="main.")
    + ";"
)

# Every Hit is read with these columns, in this order (see `row_to_hit`).
HIT_COLUMNS = (
    "c.chunk_id, c.paper_id, c.text, c.document, p.file, c.committee, c.meeting_date, c.kind, "
    "c.item, c.page, c.page_label, c.item_number, c.heading, c.breadcrumb, c.ordinal, "
    "EXISTS (SELECT 1 FROM ocr_pages o WHERE o.paper_id = c.paper_id AND o.page = c.page)"
)
HIT_FROM = "chunks c JOIN papers p ON p.paper_id = c.paper_id"


def connect(db_path: Path, *, read_only: bool) -> sqlite3.Connection:
    """A connection usable from any thread (callers keep one per thread)."""
    if read_only:
        conn = sqlite3.connect(
            f"{db_path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False
        )
    else:
        conn = sqlite3.connect(db_path, check_same_thread=False, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA busy_timeout=5000")
    return conn


def create(conn: sqlite3.Connection) -> None:
    """Create the tables and the meta rows a new index starts with, unless they exist; bring an
    older index up to SCHEMA_VERSION."""
    # Checked first so that opening an existing index never needs a write lock (an ingest in
    # another process may hold it) unless it is an older one.
    if not conn.execute("SELECT 1 FROM main.sqlite_master WHERE name = 'meta'").fetchone():
        conn.executescript(DDL)
        conn.execute(
            "INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),)
        )
        conn.execute("INSERT OR IGNORE INTO meta VALUES ('generation', '0')")
    elif _version(conn) < SCHEMA_VERSION:
        try:
            conn.execute("BEGIN IMMEDIATE")
            migrate(conn)
            conn.execute("COMMIT")
        except sqlite3.OperationalError:  # another process is writing: its next write migrates
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            return
    for table in ("ocr_pages", "removed_papers"):  # `readable`'s stand-ins, if it made them
        conn.execute(f"DROP TABLE IF EXISTS temp.{table}")


def migrate(conn: sqlite3.Connection) -> None:
    """Add what older schemas lack (inside the caller's write transaction; cheap when current)."""
    if _version(conn) >= SCHEMA_VERSION and _chunk_ids_kept(conn):
        return
    conn.execute(OCR_PAGES_DDL.format(schema="main."))
    conn.execute(REMOVED_PAPERS_DDL.format(schema="main."))
    if not _chunk_ids_kept(conn):
        _rebuild_chunks(conn)
    set_meta(conn, "schema_version", str(SCHEMA_VERSION))


def _chunk_ids_kept(conn: sqlite3.Connection) -> bool:
    """Whether the chunks table never reuses an id (it was made with AUTOINCREMENT)."""
    row = conn.execute(
        "SELECT sql FROM main.sqlite_master WHERE type = 'table' AND name = 'chunks'"
    ).fetchone()
    return row is not None and "AUTOINCREMENT" in row[0].upper()


def _rebuild_chunks(conn: sqlite3.Connection) -> None:
    """Copy the chunks into a table made with AUTOINCREMENT (SQLite cannot alter a key), keeping
    every id, so that ids of chunks removed from now on are never handed out again.

    Ids removed before this upgrade above the highest one left may still be handed out once:
    an index made without AUTOINCREMENT keeps no record of them.
    """
    conn.execute(f"CREATE TABLE main.chunks_v3 ({CHUNKS_COLUMNS})")
    conn.execute("INSERT INTO main.chunks_v3 SELECT * FROM main.chunks")
    conn.execute("DROP TRIGGER IF EXISTS main.chunks_ai")
    conn.execute("DROP TRIGGER IF EXISTS main.chunks_ad")
    # chunks_fts keeps its own copy of the words under the same ids: it needs no rebuild.
    conn.execute("DROP TABLE main.chunks")
    conn.execute("ALTER TABLE main.chunks_v3 RENAME TO chunks")
    for statement in CHUNKS_DEPENDANTS:
        conn.execute(statement)
    highest = conn.execute("SELECT coalesce(max(chunk_id), 0) FROM main.chunks").fetchone()[0]
    conn.execute("DELETE FROM main.sqlite_sequence WHERE name = 'chunks'")
    conn.execute("INSERT INTO main.sqlite_sequence (name, seq) VALUES ('chunks', ?)", (highest,))


def readable(conn: sqlite3.Connection) -> None:
    """Let queries run on an older index that this connection cannot change (read only, or
    another process writing): empty stand-ins for the tables it lacks, private to the connection
    (so a connection opened before a later write migrates the index sees no OCR'd pages or
    removals until it is opened again, as the web app does after each upload)."""
    if not _has_table(conn, "ocr_pages"):
        conn.execute(OCR_PAGES_DDL.format(schema="temp."))
    if not _has_table(conn, "removed_papers"):
        conn.execute(REMOVED_PAPERS_DDL.format(schema="temp."))


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    row = conn.execute("SELECT 1 FROM main.sqlite_master WHERE name = ?", (name,)).fetchone()
    return row is not None


def _version(conn: sqlite3.Connection) -> int:
    return int(get_meta(conn, "schema_version") or 0)


def get_meta(conn: sqlite3.Connection, key: str) -> str | None:
    """One meta value, or None."""
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def set_meta(conn: sqlite3.Connection, key: str, value: str) -> None:
    """Set one meta value (inside the caller's transaction)."""
    conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))


def parse_date(value: str | None) -> date | None:
    """ISO text from the store back to a date."""
    return date.fromisoformat(value) if value else None


def row_to_hit(row: tuple, score: float = 0.0, **diagnostics) -> Hit:
    """A Hit from a row selected with HIT_COLUMNS."""
    return Hit(
        chunk_id=row[0],
        paper_id=row[1],
        text=row[2],
        score=score,
        document=row[3],
        file=row[4],
        committee=row[5],
        meeting_date=parse_date(row[6]),
        kind=row[7],
        item=row[8],
        page=row[9],
        page_label=row[10],
        item_number=row[11],
        heading=row[12],
        breadcrumb=row[13],
        ordinal=row[14],
        ocr=bool(row[15]),
        **diagnostics,
    )


PAPER_COLUMNS = (
    "p.paper_id, p.title, p.file, p.committee, p.meeting_date, p.kind, p.pages, "
    "(SELECT count(*) FROM chunks c WHERE c.paper_id = p.paper_id), p.sha256, p.file_type, "
    "(SELECT group_concat(path, char(10)) FROM "
    " (SELECT path FROM paper_files f WHERE f.paper_id = p.paper_id AND f.path != p.file "
    "  ORDER BY path))"
)


def row_to_paper(row: tuple) -> PaperInfo:
    """A PaperInfo from a row selected with PAPER_COLUMNS."""
    return PaperInfo(
        paper_id=row[0],
        title=row[1],
        file=row[2],
        committee=row[3],
        meeting_date=parse_date(row[4]),
        kind=row[5],
        pages=row[6],
        chunks=row[7],
        sha256=row[8],
        file_type=row[9],
        aliases=tuple(row[10].split("\n")) if row[10] else (),
    )


def chunk_filter_sql(filters: Filters | None, alias: str = "c") -> tuple[str, list]:
    """A WHERE fragment (always valid, '1' when unrestricted) applying filters to chunk rows."""
    if filters is None:
        return "1", []
    clauses: list[str] = []
    params: list = []
    if filters.committees:
        marks = ",".join("?" * len(filters.committees))
        # a body is named by its canonical name ("Kent County Council: Cabinet") or its own
        # ("Cabinet"), as `corpus.committees.body_name` writes them
        bare = (
            f"CASE WHEN instr({alias}.committee, ': ') > 0 THEN "
            f"substr({alias}.committee, instr({alias}.committee, ': ') + 2) END"
        )
        clauses.append(f"(lower({alias}.committee) IN ({marks}) OR lower({bare}) IN ({marks}))")
        params += [c.lower() for c in filters.committees] * 2
    if filters.since:
        clauses.append(f"{alias}.meeting_date >= ?")
        params.append(filters.since.isoformat())
    if filters.until:
        clauses.append(f"{alias}.meeting_date <= ?")
        params.append(filters.until.isoformat())
    if filters.kinds:
        clauses.append(f"{alias}.kind IN ({','.join('?' * len(filters.kinds))})")
        params += [str(k) for k in filters.kinds]
    if filters.paper_ids:
        clauses.append(f"{alias}.paper_id IN ({','.join('?' * len(filters.paper_ids))})")
        params += list(filters.paper_ids)
    return (" AND ".join(clauses) or "1"), params
