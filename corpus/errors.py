"""Per-file failures: one line naming the file and the reason, so ingest can report and go on."""

from __future__ import annotations

from pathlib import Path


class PaperError(Exception):
    """A file that could not be read as a paper; `str(e)` names the file and the reason."""

    def __init__(self, path: Path | str, reason: str, message: str | None = None) -> None:
        self.path = Path(path)
        self.reason = reason
        name = self.path.name or str(self.path)
        self.message = message or f"Cannot read `{name}`: {reason}"
        super().__init__(self.message)

    def __str__(self) -> str:
        full = str(self.path)
        where = f" ({full})" if full != self.path.name else ""
        return " ".join(f"{self.message}{where}".split())  # always one line

    @property
    def name(self) -> str:
        return self.path.name or str(self.path)


class UnsupportedFile(PaperError):
    """A file type no reader handles."""

    def __init__(self, path: Path | str, supported: list[str] | set[str]) -> None:
        path = Path(path)
        suffix = path.suffix.lower() or "(no extension)"
        reason = f"unsupported file type {suffix} (supported: {', '.join(sorted(supported))})"
        super().__init__(path, reason, f"Skipped `{path.name}`: {reason}")


class EncryptedFile(PaperError):
    """A PDF that needs a password to open."""

    def __init__(self, path: Path | str) -> None:
        path = Path(path)
        super().__init__(
            path,
            "is password-protected",
            f"`{path.name}` is password-protected: save an unprotected copy and ingest that",
        )


class EmptyFile(PaperError):
    """A file of zero bytes, or a text file holding only whitespace."""

    def __init__(self, path: Path | str, reason: str = "is empty") -> None:
        path = Path(path)
        super().__init__(path, reason, f"`{path.name}` {reason}: it was skipped")


class NoTextFile(PaperError):
    """A PDF with no text on any page: no text layer, and no words OCR could read on its images.

    `why` says what kept OCR from reading it when it could not run (the engine failed to start).
    """

    def __init__(self, path: Path | str, why: str | None = None) -> None:
        path = Path(path)
        why = why or "no text layer, and OCR read no words on its pages"
        super().__init__(
            path,
            f"has no extractable text (scanned images? {why})",
            f"No text in `{path.name}` (scanned images? {why}): it was skipped",
        )


class CorruptFile(PaperError):
    """Bytes that do not parse as the format the suffix claims."""

    def __init__(self, path: Path | str, detail: str) -> None:
        path = Path(path)
        super().__init__(
            path, detail, f"`{path.name}` is damaged or mislabelled ({detail}): it was skipped"
        )


class UnreadableFile(PaperError):
    """A path that cannot be opened: missing, a directory, or no permission."""

    def __init__(self, path: Path | str, detail: str) -> None:
        path = Path(path)
        super().__init__(path, detail, f"Cannot open `{path.name or path}`: {detail}")


class MetadataError(PaperError):
    """A boardpapers.json folder metadata file that is not valid."""

    def __init__(self, path: Path | str, detail: str) -> None:
        path = Path(path)
        super().__init__(path, detail, f"Invalid folder metadata in `{path.name}`: {detail}")
