"""The index's domain errors: one-line messages that name the index and the fix."""

from __future__ import annotations

from pathlib import Path


class IndexError_(Exception):
    """Base class for every index error (the trailing underscore avoids the builtin)."""


class IndexMissing(IndexError_):
    """A read-only open found no index at the path."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"No index at {path} yet: run `boardpapers ingest PATH` with your papers")
        self.path = path


class IndexBusy(IndexError_):
    """Another process holds the write lock."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"Another process is writing to the index at {path}; try again when it finishes"
        )
        self.path = path


class IndexReadOnly(IndexError_):
    """A write was attempted on an index opened read-only."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"The index at {path} was opened read-only: it cannot be written")
        self.path = path


class EmbedderMismatch(IndexError_):
    """The index was built with another embedding model than the one given."""

    def __init__(self, path: Path, stored: str, given: str) -> None:
        super().__init__(
            f"The index at {path} was built with embedder {stored!r}, not {given!r}: "
            "re-ingest into a new index folder"
        )
        self.path = path


class IndexCorrupt(IndexError_):
    """The index folder holds something that is not a boardpapers index."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"The index at {path} cannot be read: {reason}")
        self.path = path
