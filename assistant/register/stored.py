"""The register's stored words and records, read for linking (see chains.py)."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterable

IN = "IN (SELECT value FROM json_each(?))"


def records(conn: sqlite3.Connection, ids: Iterable[int]) -> dict[int, dict]:
    """Records as `Index.records()` gives them, plus their `_decide_key`."""
    rows = conn.execute(
        f"SELECT record_id, paper_id, chunk_id, data, decide_key FROM records WHERE record_id {IN}",
        as_list(ids),
    )
    return {
        rid: {
            **json.loads(data),
            "record_id": rid,
            "paper_id": pid,
            "chunk_id": cid,
            "_decide_key": key,
        }
        for rid, pid, cid, data, key in rows
    }


def texts(conn: sqlite3.Connection, ids: Iterable[int]) -> dict[int, frozenset[str]]:
    """The link words (`linking.link_words`) stored with each record."""
    rows = conn.execute(
        f"SELECT record_id, link_words FROM records WHERE record_id {IN}", as_list(ids)
    )
    return {rid: frozenset((ws or "").split()) for rid, ws in rows}


def column(conn: sqlite3.Connection, name: str, ids: Iterable[int]) -> set:
    """The distinct values of one column among these records."""
    rows = conn.execute(f"SELECT DISTINCT {name} FROM records WHERE record_id {IN}", as_list(ids))
    return {value for (value,) in rows}


def _vocabulary(conn: sqlite3.Connection) -> None:
    # fts5vocab tables read records_fts's own counts; temp, so a read-only file needs no change
    conn.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.records_vocab "
        "USING fts5vocab(main, records_fts, col)"
    )


def frequencies(conn: sqlite3.Connection, vocabulary: Iterable[str]) -> Counter:
    """How many records hold each word in their link words."""
    _vocabulary(conn)
    rows = conn.execute(
        f"SELECT term, doc FROM temp.records_vocab WHERE col = 'link_words' AND term {IN}",
        as_list(vocabulary),
    )
    return Counter(dict(rows))


def postings(conn: sqlite3.Connection, vocabulary: Iterable[str]) -> dict[str, list[int]]:
    """The records holding each word in their link words."""
    sql = "SELECT rowid FROM records_fts WHERE records_fts MATCH ?"
    # the words are the register's own (no quotes in them): each is matched whole
    return {w: [r for (r,) in conn.execute(sql, (f'link_words : "{w}"',))] for w in vocabulary}


def as_list(values: Iterable) -> tuple[str]:
    """One SQL parameter holding a list (read with json_each)."""
    return (json.dumps(sorted(values)),)
