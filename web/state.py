"""What one app (one worker process) holds for its lifetime: settings, one embedder, the
read-only index, a lock, and `web.sqlite`, where what must outlive the process is kept."""

from __future__ import annotations

import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from assistant.runtime import embedder_for, open_index
from assistant.settings import Settings
from index.errors import IndexMissing
from web.chat import Conversations
from web.ratelimit import RateLimiter
from web.webdb import WebDB


class AppState:
    """The app's collaborators; the model is loaded once and shared by every index opened here."""

    def __init__(self, settings: Settings, *, index: Any = None, embedder: Any = None) -> None:
        self.settings = settings
        self.embedder = embedder if embedder is not None else getattr(index, "embedder", None)
        self._index = index
        self._lock = threading.Lock()  # guards opening and swapping the read-only index
        self._write_lock = threading.Lock()  # one upload or removal at a time in this process
        # Shared by every worker through web.sqlite in the index folder: nothing a later request
        # needs is kept in this process's memory (the index's caches follow its generation).
        self.webdb = WebDB(Path(settings.index))
        self.conversations = Conversations(self.webdb)
        self.limiter = RateLimiter(
            self.webdb, settings.rate_limit, loopback=settings.rate_limit_loopback
        )

    @property
    def uploads_dir(self) -> Path:
        return Path(self.settings.index) / "uploads"

    def _embedder(self):
        if self.embedder is None:
            self.embedder = embedder_for(self.settings)
        return self.embedder

    def index(self):
        """The shared read-only index, opened on first use (IndexMissing before any ingest)."""
        current = self._index
        if current is not None:
            return current
        with self._lock:
            if self._index is None:
                self._index = open_index(self.settings, embedder=self._embedder(), read_only=True)
            return self._index

    def index_or_none(self):
        """The index, or None while there is none yet (pages show an empty state instead)."""
        try:
            return self.index()
        except IndexMissing:
            return None

    def reopen(self) -> None:
        """Pick up what a writer changed: the next request opens a fresh read-only index."""
        with self._lock:
            old, self._index = self._index, None
        # Requests still holding `old` finish with it; it is closed by garbage collection.
        del old

    @contextmanager
    def writing(self):
        """A writable index for one upload or removal; readers see the change afterwards."""
        with self._write_lock:
            writer = open_index(self.settings, embedder=self._embedder())
            try:
                yield writer
            finally:
                writer.close()
                self.reopen()

    def warm(self) -> None:
        """Load the model in the background so the first question is not the slow one."""

        def load() -> None:
            try:
                index = self.index_or_none()
                if index is not None and index.embedder is not None:
                    index.embedder.embed_query("warm up")
            except Exception:  # best effort: any real problem surfaces on the first request
                pass

        threading.Thread(target=load, name="boardpapers-warm-up", daemon=True).start()

    def close(self) -> None:
        self.webdb.close()
        with self._lock:
            if self._index is not None and hasattr(self._index, "close"):
                self._index.close()
            self._index = None
