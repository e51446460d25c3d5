"""An index of the fictional minutes (tests/papers.py), embedded with the real model, per module."""

from __future__ import annotations

import pytest

from assistant.ingest import ingest_paths
from index.store import Index
from tests.papers import make_minutes_pdf


@pytest.fixture(scope="module")
def minutes_index(tmp_path_factory, embedder) -> Index:
    """The Adult Services Select Committee minutes of 12 March 2024, ingested once per module."""
    root = tmp_path_factory.mktemp("minutes")
    make_minutes_pdf(root / "papers" / "minutes.pdf")
    index = Index.open(root / "index", embedder=embedder)
    report = ingest_paths([root / "papers"], index=index)
    assert not report.failed, f"fixture ingest failed: {report.failed}"
    yield index
    index.close()
