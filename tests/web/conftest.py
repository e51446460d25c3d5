"""Fixture papers ingested once per module, and TestClients over apps built from them."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from assistant.ingest import ingest_paths
from assistant.settings import Settings
from index.embedder import HashEmbedder
from index.store import Index
from tests import papers
from web.app import create_app

TOKEN = "test-admin-token"
# A text paper whose words try to run a script: it must show as text.
HOSTILE_TEXT = """MINUTES OF THE HARBOUR TRUST BOARD
9/24 SECURITY REVIEW [Item 9]
The Board noted the phrase <script>alert('boardpapers')</script> in the consultant's appendix.
RESOLVED:
That the <b>security review</b> is accepted and the lighthouse keepers are thanked.
"""


def make_papers(folder: Path) -> Path:
    """Minutes (PDF) and a forward plan (HTML) of one meeting; another board's paper with markup."""
    meeting = folder / "2024-03-12"
    papers.make_minutes_pdf(meeting / "Minutes 12 March 2024.pdf")
    papers.make_html(meeting / "Forward Work Programme.html")
    # Another board's paper, in its own folder so it does not take this meeting's committee.
    papers.make_txt(folder / "harbour-trust" / "Security review.txt", HOSTILE_TEXT)
    return folder


def build_index(folder: Path, target: Path, embedder) -> Path:
    """Ingest `folder` into a new index at `target` exactly as `boardpapers ingest` does."""
    index = Index.open(target, embedder=embedder)
    try:
        report = ingest_paths([folder], index=index)
    finally:
        index.close()
    assert not report.failed, f"fixture papers failed to ingest: {report.failed}"
    return target


@pytest.fixture(scope="module")
def hash_embedder() -> HashEmbedder:
    return HashEmbedder()


@pytest.fixture(scope="module")
def built_index(tmp_path_factory, hash_embedder) -> Path:
    """An index of the fixture papers, built once per module with the hashed embedder."""
    root = tmp_path_factory.mktemp("web-papers")
    return build_index(make_papers(root / "papers"), root / "index", hash_embedder)


def settings_for(index_path: Path, **overrides) -> Settings:
    """Settings for a test app; the rate limit is off (a test client is one address asking as
    fast as it can) except where a test turns it on to test it."""
    return Settings(index=index_path, **{"rate_limit": 0, **overrides})


@pytest.fixture
def client(built_index, hash_embedder):
    """A client of the app over the fixture index (read-only use only)."""
    app = create_app(settings_for(built_index), embedder=hash_embedder)
    with TestClient(app) as c:
        yield c


@pytest.fixture
def fresh_index(tmp_path, hash_embedder) -> Path:
    """A private index of the fixture papers, for tests that upload or remove."""
    return build_index(make_papers(tmp_path / "papers"), tmp_path / "index", hash_embedder)


@pytest.fixture
def admin_client(fresh_index, hash_embedder):
    """A client of an app with uploads enabled, over its own index."""
    app = create_app(settings_for(fresh_index, admin_token=TOKEN), embedder=hash_embedder)
    with TestClient(app) as c:
        yield c


@pytest.fixture
def empty_client(tmp_path, hash_embedder):
    """A client of an app whose index does not exist yet."""
    app = create_app(settings_for(tmp_path / "no-index"), embedder=hash_embedder)
    with TestClient(app) as c:
        yield c
