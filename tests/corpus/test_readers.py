"""Reading files into pages: PDFs with printed labels, text formats, every way a file fails."""

from __future__ import annotations

import os
from pathlib import Path

import pypdfium2
import pytest

from corpus.errors import PaperError
from corpus.readers import SUPPORTED_SUFFIXES, read_file
from tests import papers


def test_pdf_pages_are_numbered_by_sheet_and_labelled_by_printed_footer(tmp_path):
    source = read_file(papers.make_minutes_pdf(tmp_path / "Minutes 12 March 2024.pdf"))
    assert source.file_type == "pdf", source.file_type
    assert [p.number for p in source.pages] == [1, 2, 3], "one Page per sheet, 1-based"
    assert [p.label for p in source.pages] == ["5", "6", "7"], "printed footer is the label"
    for page, expected in zip(source.pages, papers.MINUTES_PAGES, strict=True):
        assert page.text.startswith(expected), f"sheet {page.number} text is not verbatim"
        assert "\r" not in page.text, "line endings are normalised once, in the reader"
    assert source.title == "Minutes of the meeting of the Adult Services Select Committee", (
        "a file name of only a date and 'Minutes' gives way to the paper's own heading"
    )


def test_pdf_without_printed_numbers_has_no_labels(tmp_path):
    source = read_file(papers.make_pdf(tmp_path / "plain.pdf", ["First sheet.", "Second sheet."]))
    assert [p.label for p in source.pages] == [None, None], "no printed number, no label"
    assert source.pages[1].text.strip() == "Second sheet.", source.pages[1].text


def test_bare_folios_count_only_when_neighbouring_sheets_agree(tmp_path):
    pages = ["3\nBudget overview.", "4\nCapital programme.", "Table\n12"]
    source = read_file(papers.make_pdf(tmp_path / "folios.pdf", pages))
    labels = [p.label for p in source.pages]
    assert labels[:2] == ["3", "4"], f"consecutive folios at the top are labels: {labels}"
    assert labels[2] is None, "a lone number in a table is not a page label"


def test_blank_pack_sheet_between_labels_gets_the_missing_number(tmp_path):
    pages = ["Agenda item text.", "This page is intentionally left blank", "Report text."]
    path = papers.make_pdf(tmp_path / "pack.pdf", pages, footer_labels=["19", None, "21"])
    assert [p.label for p in read_file(path).pages] == ["19", "20", "21"]


def test_pdf_page_labels_used_when_nothing_is_printed(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=10)
    pdf.add_page()
    pdf.set_page_label(label_style="D", label_start=41)
    pdf.cell(0, 5, "Annex text without a printed number.")
    pdf.add_page()
    pdf.cell(0, 5, "More annex text.")
    pdf.output(str(tmp_path / "labelled.pdf"))
    labels = [p.label for p in read_file(tmp_path / "labelled.pdf").pages]
    assert labels == ["41", "42"], f"/PageLabels should be the fallback: {labels}"


def test_pypdf_reads_the_pdf_when_pdfium_fails(tmp_path, monkeypatch):
    path = papers.make_minutes_pdf(tmp_path / "minutes.pdf")

    def broken(*args, **kwargs):
        raise pypdfium2.PdfiumError("Failed to load document (simulated)")

    monkeypatch.setattr(pypdfium2, "PdfDocument", broken)
    source = read_file(path)
    assert len(source.pages) == 3, "pypdf fallback keeps one Page per sheet"
    assert "£2.4 million" in source.pages[0].text, source.pages[0].text[:200]
    assert [p.label for p in source.pages] == ["5", "6", "7"], "labels come from the printed text"


def test_identical_bytes_share_a_sha256(tmp_path):
    first = papers.make_minutes_pdf(tmp_path / "a" / "minutes.pdf")
    copy = tmp_path / "b" / "copy of minutes.pdf"
    copy.parent.mkdir()
    copy.write_bytes(first.read_bytes())
    other = papers.make_pdf(tmp_path / "other.pdf", ["Different text."])
    assert read_file(first).sha256 == read_file(copy).sha256, "same bytes, same hash"
    assert read_file(first).sha256 != read_file(other).sha256, "different bytes, different hash"


def test_url_encoded_file_names_are_decoded_for_the_title(tmp_path):
    path = papers.make_pdf(tmp_path / "Budget%20Amendments%2013th-Feb-2025.pdf", ["Amendment 1."])
    assert read_file(path).title == "Budget Amendments 13th-Feb-2025"


def test_docx_paragraphs_and_tables_in_order(tmp_path):
    source = read_file(papers.make_docx(tmp_path / "report.docx"))
    text = source.pages[0].text
    assert source.file_type == "docx" and len(source.pages) == 1
    assert source.pages[0].number is None, "text formats have no sheet numbers"
    assert source.title == papers.DOCX_HEADING, "first heading is the title"
    assert "Reviews completed\t85%\t91%" in text, "a table row is one line of tab-joined cells"
    assert (
        text.index(papers.DOCX_PARAGRAPHS[1])
        < text.index("Measure\tTarget")
        < text.index(papers.DOCX_CLOSING)
    ), "paragraphs and tables keep document order"


def test_docx_core_title_wins(tmp_path):
    path = papers.make_docx(tmp_path / "report.docx", title="Q3 Performance")
    assert read_file(path).title == "Q3 Performance"


def test_html_blocks_become_lines_and_cells_tabs(tmp_path):
    source = read_file(papers.make_html(tmp_path / "fwp.htm"))
    lines = source.pages[0].text.split("\n")
    assert source.file_type == "html" and source.title == papers.HTML_TITLE
    assert "June 2024: Home care recruitment update" in lines, lines
    assert "11 June 2024\tHome care recruitment update\tDaniel Moss" in lines, lines
    assert "script text" not in source.pages[0].text, "scripts are not paper text"


def test_html_source_line_breaks_inside_a_paragraph_are_spaces(tmp_path):
    body = "<p>The Committee\nagreed the plan.</p><!-- draft note --><p>Next item.</p>"
    source = read_file(papers.make_html(tmp_path / "p.html", body=body))
    assert source.pages[0].text == "The Committee agreed the plan.\nNext item.", source.pages[
        0
    ].text


def test_html_title_falls_back_to_first_h1(tmp_path):
    source = read_file(papers.make_html(tmp_path / "fwp.html", title=None))
    assert source.title == "Adult Services Select Committee: Forward Work Programme"


def test_txt_is_one_page_without_form_feeds(tmp_path):
    source = read_file(papers.make_txt(tmp_path / "notes.txt"))
    assert [(p.number, p.label) for p in source.pages] == [(None, None)]
    assert source.pages[0].text == papers.TXT_TEXT and source.title == "notes"


def test_form_feeds_split_text_into_numbered_pages(tmp_path):
    source = read_file(
        papers.make_txt(tmp_path / "pack.md", pages=["# Agenda\nItem 1", "Item 2\n"])
    )
    assert [p.number for p in source.pages] == [1, 2], "form feeds are page breaks"
    assert source.pages[1].text == "Item 2\n" and source.title == "Agenda"


def test_windows_1252_text_is_decoded(tmp_path):
    path = papers.make_txt(
        tmp_path / "old.txt", "Caf\xe9 budget \u2013 \xa35,000", encoding="cp1252"
    )
    assert read_file(path).pages[0].text == "Caf\xe9 budget \u2013 \xa35,000"


def _unreadable(tmp_path: Path) -> Path:
    path = papers.make_txt(tmp_path / "locked.txt")
    path.chmod(0)
    if os.access(path, os.R_OK):  # root reads anything
        pytest.skip("running as a user who can read files without permission")
    return path


BAD_FILES = {
    "encrypted": (lambda d: papers.make_encrypted_pdf(d / "Secret Pack.pdf"), "password"),
    "scanned": (lambda d: papers.make_scanned_pdf(d / "Scanned Pack.pdf"), "scanned images"),
    "corrupt": (lambda d: papers.make_corrupt_pdf(d / "Broken Pack.pdf"), "damaged"),
    "not a pdf": (
        lambda d: papers.make_corrupt_pdf(d / "Notes Pack.pdf", header=False),
        "not a PDF",
    ),
    "docx not zip": (lambda d: papers.make_txt(d / "Report.docx"), "not a Word"),
    "empty": (lambda d: papers.make_empty_file(d / "Empty Pack.pdf"), "empty"),
    "blank text": (lambda d: papers.make_txt(d / "Blank.txt", "  \n\n"), "empty"),
    "unknown suffix": (lambda d: papers.make_txt(d / "Budget.xlsx"), "unsupported file type .xlsx"),
    "folder": (lambda d: (d / "Folder.pdf").mkdir() or d / "Folder.pdf", "folder"),
    "missing": (lambda d: d / "Missing.pdf", "no such file"),
    "unreadable": (_unreadable, "permission denied"),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_bad_files_raise_one_line_paper_error_naming_the_file(tmp_path, case):
    make, reason = BAD_FILES[case]
    path = make(tmp_path)
    with pytest.raises(PaperError) as caught:
        read_file(path)
    message = str(caught.value)
    assert path.name in message, f"message should name the file: {message}"
    assert reason.lower() in message.lower(), f"message should say why ({reason}): {message}"
    assert "\n" not in message, "the message is one line"
    assert caught.value.path == path.absolute(), "the error carries the path"


def test_supported_suffixes_are_listed_when_refusing():
    with pytest.raises(PaperError) as caught:
        read_file(Path("agenda.odt"))
    assert all(s in str(caught.value) for s in SUPPORTED_SUFFIXES), str(caught.value)


@pytest.mark.shared
def test_every_kent_pdf_reads(shared_dir):
    pdfs = sorted((shared_dir / "corpus" / "kent").rglob("*.pdf"))
    pages = sum(len(read_file(path).pages) for path in pdfs)
    assert len(pdfs) == 137, f"expected 137 Kent PDFs, found {len(pdfs)}"
    assert pages == 1613, f"expected 1,613 pages, read {pages}"


@pytest.mark.shared
def test_surrey_text_pack_is_one_page(shared_dir):
    (path,) = sorted((shared_dir / "corpus" / "surrey").glob("*.txt"))
    source = read_file(path)
    assert len(source.pages) == 1 and source.pages[0].number is None, "no form feeds in the pack"
    assert "Social Care Services Board" in source.pages[0].text[:500]


def test_permission_denied_names_the_file(tmp_path, monkeypatch):
    path = papers.make_txt(tmp_path / "Locked Minutes.txt")

    def denied(self):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", denied)
    with pytest.raises(PaperError, match=r"Locked Minutes\.txt.*permission denied"):
        read_file(path)
