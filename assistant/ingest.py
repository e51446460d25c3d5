"""From files on disk to papers in the index: read, structure, chunk, extract records, store.

One file is one transaction in the store, so an interrupted run keeps every paper it finished and
nothing half-written. Identical content (same sha256) is never read or embedded twice.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from corpus.chunking import chunk_paper
from corpus.errors import PaperError
from corpus.metadata import files_to_ingest, folder_meeting
from corpus.readers import read_file
from corpus.structure import structure
from corpus.types import Meeting

# Outcome of one file.
NO_HINT = Meeting()  # nothing overridden
ADDED, REPLACED, UNCHANGED, DUPLICATE, FAILED = (
    "added",
    "replaced",
    "unchanged",
    "duplicate",
    "failed",
)


@dataclass
class FileResult:
    """What happened to one file during an ingest."""

    path: str
    status: str  # one of ADDED, REPLACED, UNCHANGED, DUPLICATE, FAILED
    paper_id: str | None = None
    pages: int = 0
    chunks: int = 0
    records: int = 0
    error: str | None = None  # the one-line reason when status is FAILED


@dataclass
class IngestReport:
    """Every file's outcome, in the order they were seen."""

    results: list[FileResult] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.results)

    @property
    def failed(self) -> list[FileResult]:
        return [r for r in self.results if r.status == FAILED]

    @property
    def pages(self) -> int:
        return sum(r.pages for r in self.results)

    @property
    def chunks(self) -> int:
        return sum(r.chunks for r in self.results)

    def summary(self) -> str:
        parts = [
            f"{self.count(ADDED)} added",
            f"{self.count(REPLACED)} replaced",
            f"{self.count(UNCHANGED) + self.count(DUPLICATE)} unchanged or duplicate",
            f"{self.count(FAILED)} failed",
        ]
        return (
            f"{len(self.results)} files: {', '.join(parts)}; "
            f"{self.pages:,} pages and {self.chunks:,} chunks indexed"
        )


def _merge(base: Meeting, override: Meeting) -> Meeting:
    """Fields set in override win."""
    return replace(
        base,
        committee=override.committee or base.committee,
        date=override.date or base.date,
    )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _extract_records(paper, chunks) -> list[dict]:
    try:
        from assistant.register import extract_records
    except ImportError:  # the register is optional at ingest: its absence must not block search
        return []
    return extract_records(paper, chunks)


def ingest_one(path: Path, writer, *, hint: Meeting = NO_HINT, on_chunks=None) -> FileResult:
    """Ingest one file inside an open writer; PaperErrors become a FAILED result."""
    shown = str(path)
    try:
        if not path.is_file():
            raise PaperError(path, "not a readable file")
        sha = _sha256(path)
        existing = writer.find_by_sha(sha)
        if existing:
            status = UNCHANGED if writer.path_paper(str(path.resolve())) == existing else DUPLICATE
            writer.add_alias(str(path.resolve()), existing)
            return FileResult(shown, status, paper_id=existing)
        source = read_file(path.resolve())
        paper = structure(source, hint=_merge(folder_meeting(path), hint))
        chunks = chunk_paper(paper)
        if not chunks:
            raise PaperError(path, "no text to index after reading it (scanned images?)")
        records = _extract_records(paper, chunks)
        replaced = writer.path_paper(str(path.resolve())) is not None
        writer.add(paper, chunks, records=records, on_progress=on_chunks)
        return FileResult(
            shown,
            REPLACED if replaced else ADDED,
            paper_id=paper.paper_id,
            pages=paper.pages,
            chunks=len(chunks),
            records=len(records),
        )
    except PaperError as err:
        return FileResult(shown, FAILED, error=str(err))
    except OSError as err:
        return FileResult(
            shown, FAILED, error=f"Cannot read `{path.name}` ({path}): {err.strerror}"
        )


def ingest_paths(
    paths: Iterable[Path],
    *,
    index,
    hint: Meeting = NO_HINT,
    on_file: Callable[[FileResult], None] | None = None,
    on_chunks: Callable[[int], None] | None = None,
    files: list[Path] | None = None,
) -> IngestReport:
    """Ingest files and folders into `index`; the run goes on past files that fail.

    `files`, when given, is the already-expanded file list (the CLI counts it for its progress bar).
    """
    report = IngestReport()
    if files is None:
        files, errors = files_to_ingest([Path(p) for p in paths])
        for err in errors:
            report.results.append(FileResult(str(err.path), FAILED, error=str(err)))
    with index.writer() as writer:
        for path in files:
            result = ingest_one(path, writer, hint=hint, on_chunks=on_chunks)
            report.results.append(result)
            if on_file:
                on_file(result)
    return report
