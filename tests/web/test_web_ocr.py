"""A scanned page in the viewer: its OCR'd text marked as such, the quote highlighted on the page
image by OCR's word boxes, and "(OCR)" on the chat's source line."""

from __future__ import annotations

import io
from pathlib import Path
from urllib.parse import urlencode

import numpy as np
import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from PIL import Image

from tests import scans
from tests.web.conftest import build_index, settings_for
from web import chat, highlight
from web.app import create_app
from web.pdfpage import ocr_boxes, render_png

A4 = (595.3, 841.9)  # points


@pytest.fixture(scope="module")
def scanned(tmp_path_factory, hash_embedder):
    """The folder of an index of the pack whose second sheet is a scanned agenda."""
    root = tmp_path_factory.mktemp("web-ocr")
    scans.make_pack_with_scan(root / "papers" / "Agenda pack.pdf")
    index = build_index(root / "papers", root / "index", hash_embedder)
    return index


@pytest.fixture(scope="module")
def ocr_client(scanned, hash_embedder):
    with TestClient(create_app(settings_for(scanned), embedder=hash_embedder)) as c:
        yield c


def _paper_id(client) -> str:
    return client.get("/api/papers").json()[0]["paper_id"]


def test_the_viewer_shows_the_ocr_text_marked_as_read_by_ocr(ocr_client):
    paper = _paper_id(ocr_client)
    response = ocr_client.get(f"/papers/{paper}?{urlencode({'page': 2, 'q': scans.QUOTE})}")
    assert response.status_code == 200, response.text
    soup = BeautifulSoup(response.text, "html.parser")
    assert "Text read by OCR" in soup.select_one(".ocr-note").text
    assert "3. Village hall roof repairs" in soup.select_one(".pagetext").text
    cited = soup.select_one("#cited")
    assert cited is not None and cited.name == "mark" and cited.text == scans.QUOTE, cited
    assert "read by OCR" in soup.select_one("figure.pageimage figcaption").text
    cover = BeautifulSoup(ocr_client.get(f"/papers/{paper}?page=1").text, "html.parser")
    assert cover.select_one(".ocr-note") is None, "a page with a text layer is not marked"


def test_ocr_boxes_of_a_quote_lie_on_its_printed_line(scanned):
    from index.store import Index

    with Index.open(scanned, read_only=True) as index:
        paper = index.papers()[0]
        page = index.ocr_page(paper.paper_id, 2)
    span = highlight.locate(page.text, scans.QUOTE)
    boxes = ocr_boxes(page.boxes, span)
    assert len(boxes) == 1, f"one printed line, one box: {boxes}"
    left, top, right, bottom = boxes[0]
    assert 0 < left < right < A4[0] and 0 < top < bottom < A4[1], boxes
    title = ocr_boxes(page.boxes, highlight.locate(page.text, "HARROWFIELD PARISH COUNCIL"))[0]
    assert title[3] <= top, "the quote is printed below the title"
    assert right - left > 2 * (title[2] - title[0]), "the box spans the whole quoted line"


def test_the_page_image_highlights_the_quote_where_ocr_found_it(ocr_client, scanned):
    from index.store import Index

    paper = _paper_id(ocr_client)
    src = f"/papers/{paper}/pages/2.png"
    highlighted = ocr_client.get(f"{src}?{urlencode({'q': scans.QUOTE})}")
    plain = ocr_client.get(src)
    assert highlighted.status_code == 200 and highlighted.headers["content-type"] == "image/png"
    a = np.asarray(Image.open(io.BytesIO(highlighted.content)).convert("RGB")).astype(int)
    b = np.asarray(Image.open(io.BytesIO(plain.content)).convert("RGB")).astype(int)
    assert a.shape == b.shape
    changed = (a != b).any(axis=2)
    assert changed.sum() > 1000, "the quote is highlighted"
    with Index.open(scanned, read_only=True) as index:
        page = index.ocr_page(paper, 2)
    left, top, right, bottom = ocr_boxes(page.boxes, highlight.locate(page.text, scans.QUOTE))[0]
    scale, pad = 1.5, 5  # the viewer's image scale; the highlight's outline and margin
    rows, cols = np.nonzero(changed)
    assert rows.min() >= (top * scale) - pad and rows.max() <= (bottom * scale) + pad, "one line"
    assert cols.min() >= (left * scale) - pad and cols.max() <= (right * scale) + pad


def test_given_boxes_are_drawn_in_points_at_the_images_scale(scanned):
    from index.store import Index

    with Index.open(scanned, read_only=True) as index:
        path = Path(index.papers()[0].file)
    png = render_png(path, 2, boxes=[(100, 100, 200, 120)], scale=2.0)
    image = Image.open(io.BytesIO(png)).convert("RGB")
    red, green, blue = image.getpixel((300, 220))  # the box's middle, in pixels at scale 2
    assert red > 200 and green > 200 and blue < 200, (red, green, blue)  # yellow on white
    assert image.getpixel((150, 110)) == (255, 255, 255), "nothing drawn at scale 1's place"


def test_the_chat_source_line_says_ocr(ocr_client):
    citation = {
        "n": 1,
        "paper_id": "abc123abc123abcd",
        "chunk_id": 7,
        "document": "Agenda pack",
        "file": "/x/Agenda pack.pdf",
        "committee": "Harrowfield Parish Council",
        "meeting_date": "2024-03-12",
        "kind": "agenda",
        "item": "3. Village hall roof repairs",
        "page": 2,
        "quote": scans.QUOTE,
        "url": "/papers/abc123abc123abcd?chunk=7&page=2",
    }
    answer = {"answer": "To consider three quotes [1]", "answered": True, "passages": []}
    template = ocr_client.app.state.templates.get_template("_turn.html")

    def source_line(**extra) -> str:
        turn = chat.Turn("q?", {**answer, "citations": [{**citation, **extra}]})
        html = template.render(turn=turn, conversation=chat.Conversation("0" * 32))
        return BeautifulSoup(html, "html.parser").select_one("li.source .doc").get_text(" ")

    assert "page 2" in source_line(ocr=True) and "(OCR)" in source_line(ocr=True)
    assert "(OCR)" not in source_line(), "only OCR'd pages are marked"
