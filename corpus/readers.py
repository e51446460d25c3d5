"""Turn one file into a `SourceFile`: dispatch on type (checked by magic bytes), hash, and title."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from urllib.parse import unquote

from corpus.errors import CorruptFile, EmptyFile, PaperError, UnreadableFile, UnsupportedFile
from corpus.pdf import read_pdf
from corpus.textfiles import read_docx, read_html, read_text
from corpus.titles import OPENING_CHARS, cover_title, is_code, places_in_pack, reads_as_title
from corpus.types import SourceFile

SUPPORTED_SUFFIXES = {".pdf", ".txt", ".md", ".html", ".htm", ".docx"}

_READERS = {
    ".pdf": read_pdf,
    ".txt": read_text,
    ".md": read_text,
    ".html": read_html,
    ".htm": read_html,
    ".docx": read_docx,
}
# PDF metadata titles in council papers are mostly template leftovers ("THE REPORT",
# "Agenda Template", "Microsoft Word - v1.1"), so one is shown only after a file name that
# itself says nothing ("Appendix 2", "scan0001"), and only when the first page names nothing.
_VAGUE_STEM = re.compile(
    r"(appendix|annex|annexe|item|document|doc|scan|untitled|file)?[\s_-]*\w{0,6}", re.I
)
_JUNK_TITLE = re.compile(
    r"(untitled|the report|agenda template|minutes|record of decision|executive decision|"
    r"powerpoint presentation|document\d*|item \d+|by:|appendix \w+|slide \d+)",
    re.I,
)


def read_file(path: Path) -> SourceFile:
    """Read a supported file into pages of verbatim text; PaperError naming the file otherwise."""
    path = Path(path).absolute()
    suffix = path.suffix.lower()
    if path.is_dir():
        raise UnreadableFile(path, "it is a folder, not a file")
    if suffix not in SUPPORTED_SUFFIXES:
        raise UnsupportedFile(path, SUPPORTED_SUFFIXES)
    data = _read_bytes(path)
    if not data.strip():
        raise EmptyFile(path)
    _check_magic(path, suffix, data)
    title, pages = _READERS[suffix](path, data)
    opening = pages[0].text[:OPENING_CHARS] if pages else ""
    return SourceFile(
        path=str(path),
        sha256=hashlib.sha256(data).hexdigest(),
        file_type="html" if suffix == ".htm" else suffix.lstrip("."),
        title=_choose_title(path, suffix, title, opening),
        pages=pages,
    )


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise UnreadableFile(path, "no such file") from exc
    except PermissionError as exc:
        raise UnreadableFile(path, "permission denied") from exc
    except OSError as exc:
        raise UnreadableFile(path, exc.strerror or type(exc).__name__) from exc


def _check_magic(path: Path, suffix: str, data: bytes) -> None:
    """Refuse files whose bytes contradict their suffix (a PDF renamed .docx, a zip as .pdf)."""
    if suffix == ".pdf" and b"%PDF-" not in data[:1024]:
        start = data[:8].decode("utf-8", "replace").strip() or "nothing readable"
        raise CorruptFile(path, f'not a PDF: it starts with "{start}"')
    if suffix == ".docx" and not data.startswith(b"PK\x03\x04"):
        raise CorruptFile(path, "not a Word 2007+ file; save old .doc files as .docx")
    binary = data.startswith((b"%PDF-", b"PK\x03\x04", b"\xd0\xcf\x11\xe0"))
    utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))  # UTF-16 text has NULs too
    nuls = b"\x00" in data[:4096] and not utf16
    if suffix in {".txt", ".md", ".html", ".htm"} and (binary or nuls):
        raise CorruptFile(path, f"binary data in a {suffix} file")


def file_stem(path: Path) -> str:
    """The file name without extension, URL-decoded ("Budget%20Amendments" -> "Budget ...")."""
    return " ".join(unquote(path.stem).split())


def _choose_title(path: Path, suffix: str, found: str | None, opening: str = "") -> str:
    """The title a reader sees: a text file's own heading, else its file name, unless that
    name is a code ("scan0001", "2023-09-11_minutes"); then what the first page calls it."""
    stem = file_stem(path)
    found = " ".join((found or "").split())
    found = re.sub(r"^(\(Public Pack\)|Microsoft Word - )\s*", "", found)
    usable = bool(found) and not _JUNK_TITLE.fullmatch(found)
    # a Markdown heading may be the letterhead ("# HARBOURSIDE LIBRARIES TRUST"), not a title
    if suffix != ".pdf" and usable and reads_as_title(found):
        return found
    if is_code(stem, opening) and (cover := cover_title(opening)):
        if places_in_pack(stem) and not cover.lower().startswith(("appendix", "annex")):
            return f"{stem} - {cover}"  # the code places it in the pack, the cover names it
        return cover
    if suffix == ".pdf" and usable and _VAGUE_STEM.fullmatch(stem):
        return f"{stem} - {found}"
    return stem


__all__ = ["SUPPORTED_SUFFIXES", "PaperError", "file_stem", "read_file"]
