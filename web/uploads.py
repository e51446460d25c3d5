"""Uploads: size-limited, typed from their bytes, stored under a name the server chooses."""

from __future__ import annotations

import hashlib
import io
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from web.errors import TooLarge, UnsupportedType

_BLOCK = 1 << 20
_TEXT_SNIFF = 64 * 1024
_HTML_START = re.compile(rb"^\s*(<!doctype html|<html|<head|<body|<meta|<title|<!--)", re.I)
_SAFE = re.compile(r"[^A-Za-z0-9._ -]+")
_BINARY = ("pdf", "docx")  # types with a signature of their own


@dataclass(frozen=True)
class Stored:
    """An upload saved on disk, before ingest."""

    path: Path
    sha256: str
    file_type: str
    created: bool  # False when an identical upload was already stored


def sniff(head: bytes, *, name_hint: str = "") -> str | None:
    """The file type from the first bytes ("pdf", "docx", "html", "md", "txt"), or None.

    Hand-written because the few formats boardpapers reads have unambiguous signatures and the
    general sniffing libraries (python-magic) need a system libmagic.
    """
    if head.startswith(b"%PDF-") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"  # confirmed by `_is_docx` once the whole file is on disk
    if b"\x00" in head[:_TEXT_SNIFF]:
        return None
    try:
        head[:_TEXT_SNIFF].decode("utf-8")
    except UnicodeDecodeError as err:
        if err.start < len(head[:_TEXT_SNIFF]) - 4:  # a multi-byte char cut at the end is fine
            try:
                head[:_TEXT_SNIFF].decode("cp1252")
            except UnicodeDecodeError:
                return None
    if _HTML_START.match(head.lstrip(b"\xef\xbb\xbf")):
        return "html"
    # Markdown and plain text share their bytes; the name may only choose between those two.
    return "md" if name_hint.lower().endswith((".md", ".markdown")) else "txt"


def _is_docx(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as zf:
            return "word/document.xml" in zf.namelist()
    except (zipfile.BadZipFile, OSError):
        return False


def _suffix(client_name: str | None) -> str:
    """The type the client's file name claims ("pdf" for "a/b.PDF"), or ""."""
    base = re.split(r"[\\/]", client_name or "")[-1]
    return base.rsplit(".", 1)[1].lower() if "." in base else ""


def safe_stem(client_name: str | None) -> str:
    """A harmless file stem from the client's name (kept only as the paper's fallback title)."""
    base = re.split(r"[\\/]", client_name or "")[-1]
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = _SAFE.sub(" ", stem).strip(" .-")[:80].strip()
    return stem or "upload"


def store(upload: BinaryIO, client_name: str | None, *, folder: Path, max_bytes: int) -> Stored:
    """Copy an upload into `folder`/<sha16>/<stem>.<type>; TooLarge or UnsupportedType refuse it."""
    folder.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    head = b""
    with tempfile.NamedTemporaryFile(dir=folder, prefix=".upload-", delete=False) as tmp:
        tmp_path = Path(tmp.name)
        try:
            while block := upload.read(_BLOCK):
                size += len(block)
                if size > max_bytes:
                    raise TooLarge(
                        f"The upload is larger than the {max_bytes // (1 << 20)} MiB limit "
                        "(BOARDPAPERS_MAX_UPLOAD_MB)"
                    )
                if len(head) < _TEXT_SNIFF:
                    head += block[: _TEXT_SNIFF - len(head)]
                digest.update(block)
                tmp.write(block)
        except BaseException:
            tmp.close()
            tmp_path.unlink(missing_ok=True)
            raise
    try:
        if size == 0:
            raise UnsupportedType(
                "The upload is empty: choose a PDF, .docx, .html, .md or .txt file"
            )
        file_type = sniff(head, name_hint=client_name or "")
        if file_type == "docx" and not _is_docx(tmp_path):
            file_type = None
        if file_type is None:
            raise UnsupportedType(
                "That file is not a PDF, Word (.docx), HTML, Markdown or plain-text document"
            )
        claimed = _suffix(client_name)
        if claimed in _BINARY and file_type not in _BINARY:
            # Text named .pdf or .docx keeps its name's claim, so ingest refuses it exactly as it
            # refuses such a file in a folder (corpus.readers checks the bytes against the suffix).
            file_type = claimed
        sha = digest.hexdigest()
        target = folder / sha[:16] / f"{safe_stem(client_name)}.{file_type}"
        existing = sorted((folder / sha[:16]).glob("*")) if (folder / sha[:16]).is_dir() else []
        if existing:
            tmp_path.unlink()
            return Stored(existing[0], sha, file_type, created=False)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(tmp_path, target)
        return Stored(target, sha, file_type, created=True)
    finally:
        tmp_path.unlink(missing_ok=True)


def discard(stored: Stored) -> None:
    """Remove a stored upload that failed to ingest (only if this upload created it)."""
    if stored.created:
        stored.path.unlink(missing_ok=True)
        shutil.rmtree(stored.path.parent, ignore_errors=True)


def store_bytes(data: bytes, name: str, *, folder: Path, max_bytes: int) -> Stored:
    """`store` for bytes already in memory (tests, scripts)."""
    return store(io.BytesIO(data), name, folder=folder, max_bytes=max_bytes)


def forget(file: str, folder: Path) -> None:
    """Delete a removed paper's file when it is an upload this server stored (never other files)."""
    path = Path(file).resolve()
    root = folder.resolve()
    if path.is_relative_to(root) and path.parent != root:
        path.unlink(missing_ok=True)
        shutil.rmtree(path.parent, ignore_errors=True)
