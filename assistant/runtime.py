"""Opening the index the way every surface (CLI, web) does, from one Settings object."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from assistant.settings import Settings


@lru_cache(maxsize=2)
def _embedder(model_path: Path | None, batch_size: int):
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from index.embedder import MiniLMEmbedder

    return MiniLMEmbedder(model_path, batch_size=batch_size)


def embedder_for(settings: Settings):
    """One model per process: the CLI's batch mode, the web app and the tests share it."""
    return _embedder(settings.model_path, settings.embed_batch_size)


def open_index(settings: Settings, *, read_only: bool = False, embedder=None):
    """Open (or, for writers, create) the index in settings; the embedder defaults to the model."""
    from index.store import Index

    embedder = embedder if embedder is not None else embedder_for(settings)
    return Index.open(Path(settings.index), embedder=embedder, read_only=read_only)
