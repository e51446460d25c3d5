"""The register's rows in SQLite: a record's columns, derived once when it is stored.

The index's writer calls `store_records` and `drop_records` inside the transaction that adds or
removes a paper, so the columns, records_fts and the chains (assistant/register/chains.py) are
never behind the records. `query.py` reads them through `register_db`.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
import threading
from collections.abc import Iterable, Sequence

from assistant.register import chains
from assistant.register.fields import CLOSED_STATUS, OPEN_STATUS, as_date, due_date
from assistant.register.linking import decide_key, link_words, words
from index.schema import RECORD_COLUMNS, RECORDS_DDL, records_fts, records_upgrade

_NAMES = [name for name, _ in RECORD_COLUMNS]
# The columns that repeat a field as extracted (the rest are derived by `columns`).
_FIELDS = ("kind", "number", "text", "committee", "meeting_date", "item", "owner", "due", "status")
_FIELDS += ("document", "source_kind")


def topic_words(record: dict) -> frozenset[str]:
    """The words a topic is matched against: the record's item title, lead-in and text."""
    return words(
        f"{record.get('item') or ''}. {record.get('lead_in') or ''} {record.get('text') or ''}"
    )


def title_words(record: dict) -> frozenset[str]:
    """The topic words only the item title holds (a topic word there counts for less)."""
    own = words(f"{record.get('lead_in') or ''} {record.get('text') or ''}")
    return topic_words(record) - own


def same_key(record: dict) -> str:
    """Records with equal keys say the same thing at the same meeting: a linked later one is a
    copy (the same minutes filed twice)."""
    norm = [
        record.get("kind"),
        record.get("number"),
        record.get("meeting_date"),
        " ".join((record.get("text") or "").split()),
    ]
    return hashlib.sha1(json.dumps(norm, default=str).encode()).hexdigest()


def columns(record: dict) -> dict:
    """A record's column values, from the record as `Index.records()` returns it."""
    name = (record.get("committee") or "").lower()
    status = record.get("status")
    made = as_date(record.get("meeting_date"))
    linked, topic = link_words(record), topic_words(record)
    due = due_date(record.get("due"), made)
    return {
        **{k: _plain(record.get(k)) for k in _FIELDS},
        "committee_key": name,
        # a body answers to its canonical name and its own ("Cabinet"), as `query` filters it
        "committee_own": name.split(": ", 1)[-1],
        "meeting_day": _iso(made),
        "paper_day": _iso(as_date(record.get("paper_date"))),
        "due_day": _iso(due),
        "closed": int(bool(CLOSED_STATUS.match(status or ""))),
        "answered": int(bool(status and not OPEN_STATUS.match(status))),
        "copy": 0,
        "same_key": same_key(record),
        "decide_key": decide_key(record),
        "link_words": " ".join(sorted(linked)),
        "topic_words": " ".join(sorted(topic)),
        "title_words": " ".join(sorted(title_words(record))),
        "n_link": len(linked),
        "n_topic": len(topic),
    }


def _plain(value):
    return value if value is None or isinstance(value, str | int | float) else str(value)


def _iso(day) -> str | None:
    return day.isoformat() if day else None


def store_records(
    conn: sqlite3.Connection, paper_id: str, rows: Iterable[tuple[int | None, str]]
) -> None:
    """Insert a paper's records, given as (chunk_id, JSON data), and link them."""
    ensure(conn)
    marks = ", ".join("?" * (3 + len(_NAMES)))
    sql = f"INSERT INTO records (paper_id, chunk_id, data, {', '.join(_NAMES)}) VALUES ({marks})"
    added = []
    for chunk_id, data in rows:
        record = {**json.loads(data), "paper_id": paper_id, "chunk_id": chunk_id}
        values = columns(record)
        cursor = conn.execute(sql, (paper_id, chunk_id, data, *(values[k] for k in _NAMES)))
        added.append(cursor.lastrowid)
    if added:
        chains.added(conn, added)


def drop_records(conn: sqlite3.Connection, paper_id: str) -> None:
    """Delete a paper's records and mend the chains they were in."""
    ensure(conn)
    ids = [
        r[0] for r in conn.execute("SELECT record_id FROM records WHERE paper_id = ?", (paper_id,))
    ]
    if ids:
        chains.removed(conn, ids)


def ensure(conn: sqlite3.Connection) -> None:
    """Bring an index made before the register had columns up to date (in the caller's write
    transaction; cheap when it is): add the columns, fill them, index the words, link."""
    added = records_upgrade(conn)
    if added and "link_words" not in added:
        # columns added to a table the register had filled: fill every row again
        conn.execute("UPDATE records SET link_words = NULL")
    pending = [
        (rid, pid, cid, data)
        for rid, pid, cid, data in conn.execute(
            "SELECT record_id, paper_id, chunk_id, data FROM records WHERE link_words IS NULL"
        )
    ]
    sets = ", ".join(f"{name} = ?" for name in _NAMES)
    if pending:  # linked as if added now (an older version may have linked them)
        ids = json.dumps([p[0] for p in pending])
        for name in ("record_pairs", "record_links"):
            conn.execute(f"DELETE FROM {name} WHERE a IN (SELECT value FROM json_each(?))", (ids,))
            conn.execute(f"DELETE FROM {name} WHERE b IN (SELECT value FROM json_each(?))", (ids,))
    for rid, pid, cid, data in pending:
        values = columns({**json.loads(data), "paper_id": pid, "chunk_id": cid})
        conn.execute(
            f"UPDATE records SET {sets} WHERE record_id = ?", (*(values[k] for k in _NAMES), rid)
        )
    records_fts(conn)
    if pending:
        chains.added(conn, [p[0] for p in pending])


def ready(conn: sqlite3.Connection) -> bool:
    """Whether the records' columns, words and chains are all stored (an index written by this
    version); an older one is read through a copy in memory until its next write."""
    have = {row[1] for row in conn.execute("PRAGMA main.table_info(records)")}
    if not have.issuperset(_NAMES):
        return False
    if not conn.execute("SELECT 1 FROM main.sqlite_master WHERE name = 'records_fts'").fetchone():
        return False
    unfilled = "SELECT 1 FROM records WHERE link_words IS NULL LIMIT 1"
    return conn.execute(unfilled).fetchone() is None


def memory_register(records: Sequence[dict], paper_dates: Iterable[str]) -> sqlite3.Connection:
    """The register of an index that has not stored its own (made by an older version, opened
    read only): the same tables in memory, filled from its records and linked at once."""
    conn = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
    conn.executescript(RECORDS_DDL)
    conn.execute("CREATE TABLE papers (meeting_date TEXT)")
    conn.executemany("INSERT INTO papers VALUES (?)", [(d,) for d in paper_dates])
    marks = ", ".join("?" * (4 + len(_NAMES)))
    sql = f"INSERT INTO records (record_id, paper_id, chunk_id, data, {', '.join(_NAMES)}) "
    conn.execute("BEGIN")
    for r in records:
        data = {k: v for k, v in r.items() if k not in ("record_id", "paper_id", "chunk_id")}
        values = columns(r)
        conn.execute(
            sql + f"VALUES ({marks})",
            (r["record_id"], r["paper_id"], r["chunk_id"], json.dumps(data, default=str))
            + tuple(values[k] for k in _NAMES),
        )
    chains.added(conn, [r["record_id"] for r in records])
    conn.execute("COMMIT")
    return conn


# The in-memory register of an older index, for its state (path, generation): built once.
_MEMORY: dict[tuple, sqlite3.Connection] = {}
_MEMORY_LOCK = threading.Lock()


def register_db(index) -> sqlite3.Connection:
    """The connection the register is queried through: the index's own, or a copy in memory
    while the index has not stored the register's columns and chains."""
    opener = getattr(index, "records_connection", None)
    if opener is not None:
        conn = opener()
        if ready(conn):
            return conn
    key = None
    with contextlib.suppress(AttributeError):  # stand-ins have no path: built for each query
        key = (str(index.path), index.generation())
    with _MEMORY_LOCK:
        if key is not None and key in _MEMORY:
            return _MEMORY[key]
        papers = getattr(index, "papers", lambda: [])()
        dates = [p.meeting_date.isoformat() for p in papers if p.meeting_date]
        conn = memory_register(index.records(), dates)
        if key is not None:
            for old in _MEMORY.values():
                old.close()
            _MEMORY.clear()
            _MEMORY[key] = conn
        return conn
