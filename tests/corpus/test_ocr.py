"""Scanned pages are read by OCR, offline, with word boxes; pages with a text layer are not."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest

from corpus import ocr, pdf
from corpus.errors import NoTextFile, PaperError
from corpus.readers import read_file
from tests import papers, scans


@pytest.fixture(scope="session")
def ocr_engine():
    """The OCR engine, created once for the whole run (and kept by corpus.ocr)."""
    return ocr.engine()


@pytest.fixture(scope="module")
def pack(tmp_path_factory, ocr_engine):
    """A cover with a text layer, then a scanned agenda stamped "Page 2", read once."""
    path = scans.make_pack_with_scan(tmp_path_factory.mktemp("scan") / "Agenda pack.pdf")
    return path, read_file(path)


def _word(page, word: str):
    """The box of the first OCR word spelling `word` exactly."""
    for box in page.boxes:
        if page.text[box.start : box.end] == word:
            return box.box
    raise AssertionError(f"no box for {word!r} in {page.text!r}")


def test_the_scanned_sheet_is_read_by_ocr_and_keeps_its_page_number(pack):
    _, source = pack
    cover, scan = source.pages
    assert not cover.ocr and cover.boxes == (), "the cover has a text layer: no OCR"
    assert scan.ocr and scan.number == 2, (scan.number, scan.ocr)
    for line in scans.AGENDA:
        assert line in scan.text, f"{line!r} not read from the scan: {scan.text!r}"
    assert scan.label == "2", "the stamped page number is read as the printed label"


def test_every_ocr_word_box_spells_its_word_and_lies_on_the_page(pack):
    _, source = pack
    scan = source.pages[1]
    words = scan.text.split()
    assert [scan.text[b.start : b.end] for b in scan.boxes] == words, "one box per word, in order"
    for b in scan.boxes:
        left, top, right, bottom = b.box
        assert 0 <= left < right <= 595.3 and 0 <= top < bottom <= 841.9, b  # A4 in points


def test_word_boxes_follow_the_print(pack):
    _, source = pack
    scan = source.pages[1]
    village, hall = _word(scan, "Village"), _word(scan, "hall")
    assert village[2] <= hall[0], "a word's box ends before the next word's begins"
    assert abs(village[1] - hall[1]) < 3, "words of one line share a top"
    title, item = _word(scan, "HARROWFIELD"), _word(scan, "Village")
    assert title[3] < item[1], "a line printed lower on the page has a larger top"
    # the page is drawn at 150 dpi from a one-inch margin: the text starts 72 points in
    assert 60 < title[0] < 85 and 60 < title[1] < 85, title


def test_a_pdf_with_a_text_layer_is_not_read_by_ocr(tmp_path, monkeypatch):
    def refuse(page):
        raise AssertionError("OCR ran on a page with a text layer")

    monkeypatch.setattr(ocr, "read_lines", refuse)
    source = read_file(papers.make_minutes_pdf(tmp_path / "Minutes.pdf"))
    assert source.pages and not any(p.ocr or p.boxes for p in source.pages)


def test_a_photograph_beside_real_text_is_not_read_by_ocr(tmp_path, monkeypatch):
    from fpdf import FPDF

    monkeypatch.setattr(ocr, "read_lines", lambda page: pytest.fail("OCR ran"))
    doc = FPDF(format="A4")
    doc.set_font("Helvetica", size=12)
    doc.add_page()
    doc.image(scans.scan_image(["A photograph of the village hall"]), x=0, y=0, w=210, h=297)
    doc.multi_cell(0, 6, scans.COVER)
    path = tmp_path / "Cover.pdf"
    doc.output(str(path))
    assert not read_file(path).pages[0].ocr


def test_only_missing_or_garbled_text_layers_need_ocr(tmp_path):
    assert pdf.needs_ocr(None, "\ue000\ue001\ue002 \x01\x02\x03 Page"), "private-use codes: garbled"
    doc = pdfium.PdfDocument(papers.make_minutes_pdf(tmp_path / "m.pdf"))
    try:
        page = doc[0]
        assert pdf.image_share(page) == 0
        assert not pdf.needs_ocr(page, ""), "a blank sheet without images is not a scan"
    finally:
        doc.close()
    doc = pdfium.PdfDocument(scans.make_scanned_pdf(tmp_path / "s.pdf"))
    try:
        assert pdf.image_share(doc[0]) > 0.9
        assert pdf.needs_ocr(doc[0], "Page 23"), "a stamped page number is not a text layer"
        assert not pdf.needs_ocr(doc[0], scans.COVER), "an image under real text is not a scan"
    finally:
        doc.close()


def test_without_an_ocr_engine_a_scan_fails_in_one_line_naming_the_file_and_why(
    tmp_path, monkeypatch
):
    def broken():
        raise ocr.OcrUnavailable("the OCR engine could not start: libGL.so.1: cannot open")

    monkeypatch.setattr(ocr, "engine", broken)
    path = scans.make_scanned_pdf(tmp_path / "Scanned agenda.pdf")
    with pytest.raises(NoTextFile) as caught:
        read_file(path)
    message = str(caught.value)
    assert isinstance(caught.value, PaperError) and "\n" not in message
    assert "Scanned agenda.pdf" in message and "OCR engine could not start" in message, message


def test_a_garbled_text_layer_is_replaced_by_what_ocr_reads(tmp_path, monkeypatch, ocr_engine):
    from fpdf import FPDF

    doc = FPDF(format="A4")
    doc.set_font("Helvetica", size=14)
    doc.add_page()
    doc.multi_cell(0, 8, "Harrowfield Parish Council\nVillage hall roof repairs")
    path = tmp_path / "Garbled.pdf"
    doc.output(str(path))
    # a font without a Unicode map: pdfium gives private-use codes for every glyph
    monkeypatch.setattr(pdf, "cell_text", lambda textpage: "\ue010\ue011\ue012 \ue013\ue014")
    page = read_file(path).pages[0]
    assert page.ocr and "Village hall roof repairs" in page.text, page.text


def test_a_sheet_ocr_fails_on_is_reported_with_its_page(tmp_path, monkeypatch):
    def fail(page):
        raise RuntimeError("bad image data")

    monkeypatch.setattr(ocr, "read_lines", fail)
    with pytest.raises(NoTextFile) as caught:
        read_file(scans.make_scanned_pdf(tmp_path / "Scan.pdf"))
    assert "OCR failed on page 1: bad image data" in str(caught.value), str(caught.value)


def test_ocr_lines_become_page_text_row_by_row():
    def line(text, left, top):
        width = 6 * len(text)
        words, at = [], left
        for word in text.split():
            words.append(ocr.OcrWord(word, (at, top, at + 6 * len(word), top + 10)))
            at += 6 * (len(word) + 1)
        return ocr.OcrLine(text, (left, top, left + width, top + 10), tuple(words))

    # an item's number and its title boxed apart on one printed line, given out of order
    lines = [line("Village hall", 100, 201), line("Agenda", 72, 150), line("3.", 72, 200)]
    text, boxes = ocr.page_text(lines)
    assert text == "Agenda\n3. Village hall", text
    assert [text[b.start : b.end] for b in boxes] == ["Agenda", "3.", "Village", "hall"]


def test_a_line_without_usable_word_boxes_shares_its_box_out_by_characters():
    # RapidOCR's words that do not spell the line (or none at all): boxes follow the characters
    spelled_otherwise = [("Villagehall", 0.9, [[0, 0], [90, 0], [90, 15], [0, 15]])]
    line = ocr._line("Village hall", (0.0, 0.0, 120.0, 10.0), spelled_otherwise)
    assert [w.text for w in line.words] == ["Village", "hall"]
    assert line.words[0].box == (0.0, 0.0, 70.0, 10.0) and line.words[1].box == (
        80.0,
        0.0,
        120.0,
        10.0,
    )
    assert ocr._line("— — —", (0.0, 0.0, 120.0, 10.0), []) is None, "a rule read as dashes is noise"
