"""The web app's own small SQLite file beside the index, `web.sqlite`: the chat's conversations and
the rate limiter's counts. Every worker process opens it, so neither lives in one worker's memory,
and both outlast a restart. It is apart from the index so that a long ingest holding the index's
write lock never holds up the chat."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from index.connections import ThreadConnections

DB_NAME = "web.sqlite"

SCHEMA = """
CREATE TABLE IF NOT EXISTS conversations (
    id TEXT PRIMARY KEY, form TEXT NOT NULL, updated REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS conversations_updated ON conversations (updated);
CREATE TABLE IF NOT EXISTS turns (
    conversation TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    number INTEGER NOT NULL, question TEXT NOT NULL, answer TEXT NOT NULL,
    PRIMARY KEY (conversation, number)
);
CREATE TABLE IF NOT EXISTS buckets (
    client TEXT PRIMARY KEY, tokens REAL NOT NULL, updated REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS buckets_updated ON buckets (updated);
"""


class WebDB:
    """`web.sqlite` in a folder (the index folder), made on the first write; one connection per
    thread, as for the index."""

    def __init__(self, folder: Path) -> None:
        self.path = Path(folder) / DB_NAME
        self._connections = ThreadConnections(self._open_connection)

    def exists(self) -> bool:
        return self.path.is_file()

    def connect(self) -> sqlite3.Connection:
        """This thread's connection, creating the file and its tables when needed."""
        return self._connections.get()

    def _open_connection(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        conn.execute("PRAGMA busy_timeout=5000")
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")  # a lost last turn on power loss is fine
        conn.execute("PRAGMA foreign_keys=ON")
        conn.executescript(SCHEMA)
        return conn

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; workers queue for it (SQLite's lock, busy_timeout)."""
        conn = self.connect()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def close(self) -> None:
        self._connections.close()
