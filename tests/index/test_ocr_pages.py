"""A scanned page, read by OCR, is searchable, cited by page with an OCR mark, and keeps its word
boxes in the index; indexes made before OCR stay readable."""

from __future__ import annotations

import sqlite3

import pytest

from assistant.ingest import ingest_paths
from assistant.types import Citation
from index.embedder import HashEmbedder
from index.schema import SCHEMA_VERSION
from index.store import DB_NAME, Index
from tests import scans


@pytest.fixture(scope="module")
def scanned_index(tmp_path_factory):
    """An index holding the pack whose second sheet is a scanned agenda (read once)."""
    root = tmp_path_factory.mktemp("ocr-index")
    scans.make_pack_with_scan(root / "papers" / "Agenda pack.pdf")
    index = Index.open(root / "index", embedder=HashEmbedder())
    report = ingest_paths([root / "papers"], index=index)
    assert not report.failed, report.failed
    yield index
    index.close()


def _hit(index, words: str):
    hits = index.search(words, k=5)
    found = [h for h in hits if words.lower() in " ".join(h.text.split()).lower()]
    assert found, f"{words!r} not found: {[h.text[:80] for h in hits]}"
    return found[0]


def test_the_scanned_agenda_is_searchable_and_marked_with_its_page(scanned_index):
    hit = _hit(scanned_index, "village hall roof repairs")
    assert hit.page == 2 and hit.ocr, (hit.page, hit.ocr)
    assert hit.to_json()["ocr"] is True and hit.to_json()["page"] == 2
    cover = _hit(scanned_index, "signed copy")
    assert cover.page == 1 and not cover.ocr and "ocr" not in cover.to_json()


def test_a_citation_of_the_scan_carries_its_page_and_the_ocr_mark(scanned_index):
    hit = _hit(scanned_index, "village hall roof repairs")
    quote = "3. Village hall roof repairs"
    assert quote in hit.text
    data = Citation.from_hit(1, hit, quote).to_json()
    assert data["page"] == 2 and data["ocr"] is True and data["quote"] == quote, data
    assert "page=2" in data["url"], data["url"]
    plain = Citation.from_hit(1, _hit(scanned_index, "signed copy"), "signed copy").to_json()
    assert "ocr" not in plain, "citations of text pages keep their shape"


def test_the_index_keeps_the_scans_text_and_word_boxes(scanned_index):
    hit = _hit(scanned_index, "village hall roof repairs")
    page = scanned_index.ocr_page(hit.paper_id, 2)
    assert page is not None and scans.QUOTE in page.text
    assert " ".join(hit.text.split()) in " ".join(page.text.split()), "chunks are cut from it"
    assert [page.text[b.start : b.end] for b in page.boxes] == page.text.split()
    assert scanned_index.ocr_page(hit.paper_id, 1) is None, "the cover has a text layer"


def test_removing_the_paper_removes_its_ocr_pages(tmp_path):
    scans.make_scanned_pdf(tmp_path / "papers" / "Scanned agenda.pdf")
    with Index.open(tmp_path / "index", embedder=HashEmbedder()) as index:
        assert not ingest_paths([tmp_path / "papers"], index=index).failed
        paper = index.papers()[0]
        assert index.ocr_page(paper.paper_id, 1) is not None
        with index.writer() as writer:
            assert writer.remove(paper.paper_id)
        assert index.ocr_page(paper.paper_id, 1) is None


def test_an_index_from_before_ocr_is_read_then_migrated(tmp_path):
    from tests import papers

    papers.make_minutes_pdf(tmp_path / "papers" / "Minutes.pdf")
    with Index.open(tmp_path / "index", embedder=HashEmbedder()) as index:
        assert not ingest_paths([tmp_path / "papers"], index=index).failed
    db = sqlite3.connect(tmp_path / "index" / DB_NAME)  # as version 1 left it
    db.execute("DROP TABLE ocr_pages")
    db.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    db.commit()
    db.close()

    with Index.open(tmp_path / "index", embedder=HashEmbedder(), read_only=True) as old:
        hits = old.search("home care workforce", k=3)
        assert hits and not any(h.ocr for h in hits), hits
        assert old.ocr_page(hits[0].paper_id, hits[0].page) is None
        assert old.stats()["schema_version"] == 1, "reading changes nothing"

    with Index.open(tmp_path / "index", embedder=HashEmbedder()) as upgraded:
        assert upgraded.stats()["schema_version"] == SCHEMA_VERSION
        assert upgraded.search("home care workforce", k=3)
    db = sqlite3.connect(tmp_path / "index" / DB_NAME)
    assert db.execute("SELECT count(*) FROM ocr_pages").fetchone() == (0,)
    db.close()
