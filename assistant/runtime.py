"""Opening the index the way every surface (CLI, web) does, from one Settings object."""

from __future__ import annotations

import os
import sqlite3
from functools import lru_cache
from pathlib import Path

from assistant.settings import Settings


@lru_cache(maxsize=4)
def _embedder(model_path: Path | None, batch_size: int, variant: str):
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from index.embedder import MiniLMEmbedder

    return MiniLMEmbedder(model_path, batch_size=batch_size, variant=variant)


def embedder_for(settings: Settings):
    """One model per process (the CLI, ingest's workers, the web app and the tests share it), in
    the variant the index in settings was built with, else the default one."""
    from index.embedder import DEFAULT_VARIANT, variant_named

    stored = stored_embedder(Path(settings.index))
    variant = variant_named(stored, settings.model_path) or DEFAULT_VARIANT
    return _embedder(settings.model_path, settings.embed_batch_size, variant)


def stored_embedder(index: Path) -> str | None:
    """The embedder name an index's vectors were made with; None if it holds none yet."""
    from index.schema import connect, get_meta
    from index.store import DB_NAME

    if not (index / DB_NAME).is_file():
        return None
    try:
        conn = connect(index / DB_NAME, read_only=True)
        try:
            # Index.open and the writer only hold an index to its name once it has chunks.
            if conn.execute("SELECT 1 FROM chunks LIMIT 1").fetchone() is None:
                return None
            return get_meta(conn, "embedder")
        finally:
            conn.close()
    except sqlite3.Error:
        return None  # Index.open reports a damaged index with its own message


def open_index(settings: Settings, *, read_only: bool = False, embedder=None):
    """Open (or, for writers, create) the index in settings; the embedder defaults to the model."""
    from index.store import Index

    embedder = embedder if embedder is not None else embedder_for(settings)
    return Index.open(Path(settings.index), embedder=embedder, read_only=read_only)
