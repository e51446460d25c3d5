"""A PDF tracker whose rows were rebuilt from wrapping cells still shows in the viewer."""

from __future__ import annotations

from assistant.ingest import ingest_paths
from index.store import Index
from tests.corpus.test_pdf_wrapped_rows import ROWS, make_tracker_pdf


def test_the_viewer_shows_a_page_whose_rows_were_rebuilt(tmp_path):
    from fastapi.testclient import TestClient

    from assistant.settings import Settings
    from index.embedder import HashEmbedder
    from web.app import create_app

    make_tracker_pdf(tmp_path / "papers" / "tracker.pdf")
    embedder = HashEmbedder()
    index = Index.open(tmp_path / "index", embedder=embedder)
    ingest_paths([tmp_path / "papers"], index=index)
    paper = index.papers()[0]
    row = "\t".join(ROWS[2])
    chunk = next(h for h in index.chunks(paper.paper_id) if row in h.text)
    index.close()

    app = create_app(Settings(index=tmp_path / "index"), embedder=embedder)
    with TestClient(app) as client:
        # pdfium's own text has the row's cells on separate lines: no highlight, but a page
        query = {"chunk": chunk.chunk_id, "page": 1, "q": row}
        view = client.get(f"/papers/{paper.paper_id}", params=query)
        assert view.status_code == 200, f"viewer failed: {view.status_code} {view.text[:300]}"
        image = client.get(f"/papers/{paper.paper_id}/pages/1.png", params=query)
        assert image.status_code == 200, f"page image failed: {image.status_code}"
        assert image.content.startswith(b"\x89PNG"), "the page image is a PNG"
