"""One SQLite connection per thread, all closed together: the index and the web app's own file
open theirs so (sqlite3 connections must not be shared between threads)."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable


class ThreadConnections:
    """The calling thread's connection, opened by `open_one` on its first use there."""

    def __init__(self, open_one: Callable[[], sqlite3.Connection]) -> None:
        self._open = open_one
        self._local = threading.local()
        self._lock = threading.Lock()
        self._all: list[sqlite3.Connection] = []

    def get(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._open()
            self._local.conn = conn
            with self._lock:
                self._all.append(conn)
        return conn

    def close(self) -> None:
        """Close every connection opened, from whichever thread."""
        with self._lock:
            for conn in self._all:
                conn.close()
            self._all.clear()
        self._local = threading.local()
