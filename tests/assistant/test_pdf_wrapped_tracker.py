"""A PDF tracker whose cells wrap gives one register record per row, with owner, response, due."""

from __future__ import annotations

from assistant.ingest import ingest_paths
from index.store import Index
from tests.corpus.test_pdf_wrapped_rows import ROWS, make_tracker_pdf


def test_wrapping_pdf_tracker_rows_become_records(tmp_path, embedder):
    make_tracker_pdf(tmp_path / "papers" / "tracker.pdf")
    index = Index.open(tmp_path / "index", embedder=embedder)
    report = ingest_paths([tmp_path / "papers"], index=index)
    assert not report.failed, f"ingest failed: {report.failed}"

    records = index.records()
    assert len(records) == len(ROWS), f"one record per tracker row: {records}"
    for date, item, text, owner, response, due in ROWS:
        found = [r for r in records if text in str(r.get("text", ""))]
        assert found, f"no register record for {text[:40]!r}: {records}"
        record = found[0]
        assert record.get("item") == item, f"item of {text[:40]!r}: {record}"
        assert str(record.get("meeting_date", "")).endswith(date.split()[0]), f"date: {record}"
        assert record.get("owner") == owner, f"owner of {text[:40]!r}: {record}"
        assert record.get("status") == response, f"response of {text[:40]!r}: {record}"
        assert record.get("due") == due, f"progress check of {text[:40]!r}: {record}"
    index.close()


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
