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
# 4: vector_log, the chunks each generation added or deleted, so that readers update their FAISS
# vectors in place (older indexes gain it on their next write; until then readers rebuild them).
SCHEMA_VERSION = 4

# The tokenizer of chunks_fts; search tokenizes query terms with it too, to look up their
# document frequency (see `index.search.common_terms`).
FTS_TOKENIZE = "porter unicode61 remove_diacritics 2"

OCR_PAGES_DDL = """
CREATE TABLE IF NOT EXISTS {schema}ocr_pages (
    paper_id TEXT NOT NULL, page INTEGER NOT NULL, text TEXT NOT NULL, boxes TEXT NOT NULL,
    PRIMARY KEY (paper_id, page)
)"""

REMOVED_PAPERS_DDL = """
CREATE TABLE IF NOT EXISTS {schema}removed_papers (
    paper_id TEXT PRIMARY KEY, title TEXT NOT NULL, removed_at TEXT NOT NULL
)"""

# Written by the chunks triggers below, under the generation the write transaction commits
# (`Writer._transaction` sets generation + 1 at its end): a chunk deleted in the generation that
# added it keeps only its deletion. Rows up to meta 'vector_log_from' may have been pruned.
VECTOR_LOG_DDL = """
CREATE TABLE IF NOT EXISTS main.vector_log (
    generation INTEGER NOT NULL, chunk_id INTEGER NOT NULL, added INTEGER NOT NULL,
    PRIMARY KEY (generation, chunk_id)
) WITHOUT ROWID"""

_NEXT_GENERATION = "(SELECT CAST(value AS INTEGER) + 1 FROM meta WHERE key = 'generation')"

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
    f"""CREATE TRIGGER IF NOT EXISTS chunks_vector_added AFTER INSERT ON chunks BEGIN
    INSERT OR REPLACE INTO vector_log VALUES ({_NEXT_GENERATION}, new.chunk_id, 1);
END""",
    f"""CREATE TRIGGER IF NOT EXISTS chunks_vector_deleted AFTER DELETE ON chunks BEGIN
    INSERT OR REPLACE INTO vector_log VALUES ({_NEXT_GENERATION}, old.chunk_id, 0);
END""",
)

# The register's records (assistant/register/table.py derives the columns): `data` holds every
# field as extracted, the columns repeat what queries filter, sort and link on. `copy` marks a
# record repeating a linked earlier one word for word; `*_words` are the register's own words of
# a record (assistant.register.linking.words; title_words: those only its item title holds),
# which records_fts indexes as they are, so a word matches exactly what the register compares.
# An index made before these gains them on its next write (`records_upgrade`), when the register
# fills them.
RECORD_COLUMNS = (
    ("kind", "TEXT"),
    ("number", "TEXT"),
    ("text", "TEXT"),
    ("committee", "TEXT"),
    ("meeting_date", "TEXT"),
    ("item", "TEXT"),
    ("owner", "TEXT"),
    ("due", "TEXT"),
    ("status", "TEXT"),
    ("document", "TEXT"),
    ("source_kind", "TEXT"),
    ("committee_key", "TEXT"),
    ("committee_own", "TEXT"),
    ("meeting_day", "TEXT"),
    ("paper_day", "TEXT"),
    ("due_day", "TEXT"),
    ("closed", "INTEGER"),
    ("answered", "INTEGER"),
    ("copy", "INTEGER NOT NULL DEFAULT 0"),
    ("same_key", "TEXT"),
    ("decide_key", "TEXT"),
    ("link_words", "TEXT"),
    ("topic_words", "TEXT"),
    ("title_words", "TEXT"),
    ("n_link", "INTEGER"),
    ("n_topic", "INTEGER"),
)

# The records' indexes and their links, one statement each (an upgrade runs them in its
# transaction). record_pairs holds every pair the linking rule accepts with its word overlap;
# record_links the chains made of them ('match': mutual best matches; 'decided': a report's
# recommendation and the resolution of its item). Both hold each pair in both directions.
RECORDS_DEPENDANTS = (
    "CREATE INDEX IF NOT EXISTS records_paper ON records (paper_id)",
    "CREATE INDEX IF NOT EXISTS records_day ON records (meeting_day)",
    "CREATE INDEX IF NOT EXISTS records_paper_day ON records (paper_day)",
    "CREATE INDEX IF NOT EXISTS records_kind ON records (kind, meeting_day)",
    "CREATE INDEX IF NOT EXISTS records_committee ON records (committee_key)",
    "CREATE INDEX IF NOT EXISTS records_committee_own ON records (committee_own)",
    "CREATE INDEX IF NOT EXISTS records_same ON records (same_key)",
    "CREATE INDEX IF NOT EXISTS records_decide ON records (decide_key)",
    "CREATE INDEX IF NOT EXISTS records_unfilled ON records (record_id) WHERE link_words IS NULL",
    """CREATE TABLE IF NOT EXISTS record_pairs (
    a INTEGER NOT NULL, b INTEGER NOT NULL, score REAL NOT NULL, PRIMARY KEY (a, b)
) WITHOUT ROWID""",
    "CREATE INDEX IF NOT EXISTS record_pairs_b ON record_pairs (b)",
    """CREATE TABLE IF NOT EXISTS record_links (
    a INTEGER NOT NULL, b INTEGER NOT NULL, how TEXT NOT NULL, PRIMARY KEY (a, b)
) WITHOUT ROWID""",
    "CREATE INDEX IF NOT EXISTS record_links_b ON record_links (b)",
)

# records_fts and its triggers, made after the columns they read are filled. Its words are
# already the register's (lower case, with inner hyphens and apostrophes): the tokenizer keeps
# them whole.
RECORDS_FTS = (
    """CREATE VIRTUAL TABLE IF NOT EXISTS records_fts USING fts5 (
    link_words, topic_words, content='records', content_rowid='record_id',
    tokenize="unicode61 remove_diacritics 0 tokenchars '''-'"
)""",
    """CREATE TRIGGER IF NOT EXISTS records_ai AFTER INSERT ON records BEGIN
    INSERT INTO records_fts (rowid, link_words, topic_words)
    VALUES (new.record_id, new.link_words, new.topic_words);
END""",
    """CREATE TRIGGER IF NOT EXISTS records_ad AFTER DELETE ON records BEGIN
    INSERT INTO records_fts (records_fts, rowid, link_words, topic_words)
    VALUES ('delete', old.record_id, old.link_words, old.topic_words);
END""",
    """CREATE TRIGGER IF NOT EXISTS records_au AFTER UPDATE OF link_words, topic_words ON records
BEGIN
    INSERT INTO records_fts (records_fts, rowid, link_words, topic_words)
    VALUES ('delete', old.record_id, old.link_words, old.topic_words);
    INSERT INTO records_fts (rowid, link_words, topic_words)
    VALUES (new.record_id, new.link_words, new.topic_words);
END""",
)

RECORDS_DDL = (
    "CREATE TABLE IF NOT EXISTS records (\n"
    "    record_id INTEGER PRIMARY KEY, paper_id TEXT NOT NULL, chunk_id INTEGER,"
    " data TEXT NOT NULL"
    + "".join(f",\n    {name} {kind}" for name, kind in RECORD_COLUMNS)
    + "\n);\n"
    + "".join(f"{statement};\n" for statement in RECORDS_DEPENDANTS + RECORDS_FTS)
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
    tokenize='"""
    + FTS_TOKENIZE
    + """'
);
"""
    + VECTOR_LOG_DDL
    + ";\n"
    + "".join(f"{statement};\n" for statement in CHUNKS_DEPENDANTS)
    + """
"""
    + RECORDS_DDL
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
        conn.execute("INSERT OR IGNORE INTO meta VALUES ('vector_log_from', '0')")
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
    conn.execute(VECTOR_LOG_DDL)
    if get_meta(conn, "vector_log_from") is None:
        # The log starts now: a reader older than this generation rebuilds its vectors.
        set_meta(conn, "vector_log_from", get_meta(conn, "generation") or "0")
    if not _chunk_ids_kept(conn):
        _rebuild_chunks(conn)
    for statement in CHUNKS_DEPENDANTS:
        conn.execute(statement)
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
    conn.execute("DROP TRIGGER IF EXISTS main.chunks_vector_added")
    conn.execute("DROP TRIGGER IF EXISTS main.chunks_vector_deleted")
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


def records_upgrade(conn: sqlite3.Connection) -> list[str]:
    """Give a records table made before RECORD_COLUMNS its columns, indexes and link tables
    (inside the caller's write transaction); returns the columns it lacked (their values are
    for the register to fill, and records_fts for it to make: see `records_fts`)."""
    have = {row[1] for row in conn.execute("PRAGMA main.table_info(records)")}
    missing = [(name, kind) for name, kind in RECORD_COLUMNS if name not in have]
    for name, kind in missing:
        conn.execute(f"ALTER TABLE main.records ADD COLUMN {name} {kind}")
    if missing or not _has_table(conn, "record_links"):
        for statement in RECORDS_DEPENDANTS:
            conn.execute(statement)
    return [name for name, _ in missing]


def records_fts(conn: sqlite3.Connection) -> None:
    """Make records_fts and its triggers, unless they exist, and index the records' words."""
    if _has_table(conn, "records_fts"):
        return
    for statement in RECORDS_FTS:
        conn.execute(statement)
    conn.execute("INSERT INTO records_fts (records_fts) VALUES ('rebuild')")


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
