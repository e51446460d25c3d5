"""The index tests' fixture: a fresh index embedded with HashEmbedder (papers: papers.py)."""

from __future__ import annotations

import pytest

from index.embedder import HashEmbedder
from index.store import Index


@pytest.fixture
def index(tmp_path) -> Index:
    """A fresh writable index with the hashed embedder."""
    idx = Index.open(tmp_path / "idx", embedder=HashEmbedder())
    yield idx
    idx.close()
