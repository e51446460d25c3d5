"""Plain text, Markdown, HTML and Word files as pages of text (form feeds split pages)."""

from __future__ import annotations

import io
import re
from pathlib import Path

from corpus.errors import CorruptFile, EmptyFile
from corpus.reflow import reflow, split_pages
from corpus.types import Page

_ENCODINGS = ("utf-8-sig", "cp1252", "latin-1")  # latin-1 decodes any bytes: the last resort
_WHITESPACE = re.compile(r"\s+")
_MD_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.M)
_BLOCKS = (
    "p", "div", "li", "tr", "br", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol",
    "section", "article", "header", "footer", "blockquote", "pre", "dt", "dd", "caption",
)  # fmt: skip


def decode(data: bytes) -> str:
    """Bytes as text: UTF-16 by BOM, UTF-8 (BOM optional), else Windows-1252, else Latin-1."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    for encoding in _ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes every byte string")


def _pages_from_text(path: Path, text: str, *, export: bool = False) -> list[Page]:
    """Pages split at form feeds; `export` text (.txt, .md) also at a rule followed by the printed
    page number, and its double-spaced lines reflowed into paragraphs (corpus.reflow)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    if not text.strip():
        raise EmptyFile(path, "holds no text")
    if "\f" in text:
        sheets = text.split("\f")
        if not sheets[-1].strip():  # a trailing form feed ends the last page, it does not start one
            sheets = sheets[:-1]
    else:
        sheets = (split_pages(text) if export else None) or [text]
    if export:
        sheets = reflow(sheets)
    if len(sheets) == 1 and "\f" not in text:
        return [Page(number=None, text=sheets[0])]
    return [Page(number=i + 1, text=sheet) for i, sheet in enumerate(sheets)]


def read_text(path: Path, data: bytes) -> tuple[str | None, list[Page]]:
    """A .txt or .md file; Markdown's first heading is its title."""
    text = decode(data)
    pages = _pages_from_text(path, text, export=True)
    title = None
    if path.suffix.lower() == ".md" and (match := _MD_HEADING.search(text)):
        title = match.group(1).strip()
    return title, pages


def read_html(path: Path, data: bytes) -> tuple[str | None, list[Page]]:
    """An HTML file as lines: block elements break lines, table cells are joined by a tab."""
    from bs4 import BeautifulSoup, Comment

    soup = BeautifulSoup(data, "lxml")
    title_tag, h1 = soup.find("title"), soup.find("h1")
    title = None
    for tag in (title_tag, h1):
        if tag is not None and tag.get_text(strip=True):
            title = " ".join(tag.get_text().split())
            break
    for tag in soup(["head", "script", "style", "noscript", "template"]):
        tag.decompose()
    body = soup.body or soup
    # Source line breaks inside a paragraph are just spaces in HTML; only blocks break lines.
    for string in body.find_all(string=True):
        if isinstance(string, Comment):
            string.extract()
        elif string.parent.name != "pre":
            string.replace_with(_WHITESPACE.sub(" ", string))
    for row in body.find_all("tr"):
        cells = [" ".join(c.get_text(" ").split()) for c in row.find_all(["td", "th"])]
        row.replace_with(soup.new_string("\n" + "\t".join(cells) + "\n"))
    for tag in body.find_all(_BLOCKS):
        tag.insert_before(soup.new_string("\n"))
        tag.insert_after(soup.new_string("\n"))
    lines = [_squash_spaces(line) for line in body.get_text().split("\n")]
    text = "\n".join(line for line in lines if line.strip())
    return title, _pages_from_text(path, text)


def _squash_spaces(line: str) -> str:
    # HTML collapses runs of whitespace when rendering; keep tabs, they separate table cells.
    return "\t".join(" ".join(cell.split()) for cell in line.split("\t"))


def read_docx(path: Path, data: bytes) -> tuple[str | None, list[Page]]:
    """A Word file's paragraphs and tables (cells tab-joined, a row per line) in document order."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises zipfile, KeyError and lxml errors alike
        raise CorruptFile(path, f"not a Word document: {type(exc).__name__}") from exc
    lines: list[str] = []
    heading = None
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(block.text)
            style = (block.style.name if block.style is not None else "") or ""
            if heading is None and block.text.strip() and style.startswith(("Heading", "Title")):
                heading = block.text.strip()
        elif isinstance(block, Table):
            lines.extend(_table_rows(block))
    title = (document.core_properties.title or "").strip() or heading
    return title, _pages_from_text(path, "\n".join(lines))


def _table_rows(table) -> list[str]:
    rows = []
    for row in table.rows:
        cells: list[str] = []
        previous = None
        for cell in row.cells:
            if cell._tc is previous:  # a merged cell repeats across the columns it spans: keep one
                continue
            previous = cell._tc
            cells.append(" ".join(cell.text.split()))
        rows.append("\t".join(cells))
    return rows
