"""Fixture papers for index tests: made up here, chunked by hand, one chunk per page."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

from corpus.types import Chunk, Kind, Meeting, Page, Paper, SourceFile


def make_paper(
    path: Path | str,
    texts: list[str],
    *,
    committee: str = "Harbour Trust Board",
    meeting_date: date = date(2024, 3, 14),
    kind: Kind = Kind.MINUTES,
    title: str | None = None,
    content: str | None = None,
) -> tuple[Paper, list[Chunk]]:
    """A one-part paper whose chunks are `texts`, one per page; sha256 from content or the texts."""
    body = content if content is not None else "\n".join(texts)
    sha = hashlib.sha256(body.encode()).hexdigest()
    path = str(path)
    title = title or Path(path).stem
    source = SourceFile(
        path=path,
        sha256=sha,
        file_type="pdf",
        title=title,
        pages=[Page(number=i + 1, text=t) for i, t in enumerate(texts)],
    )
    meeting = Meeting(committee=committee, date=meeting_date)
    paper = Paper(paper_id=sha[:16], source=source, title=title, kind=kind, meeting=meeting)
    chunks = [
        Chunk(
            text=text,
            breadcrumb=f"{committee} › {meeting_date.isoformat()} › {title} › Item {i + 1}",
            document=title,
            kind=kind,
            committee=committee,
            meeting_date=meeting_date,
            page=i + 1,
            page_label=str(i + 1),
            item=f"{i + 1}. Item {i + 1}",
            item_number=str(i + 1),
            heading=None,
            ordinal=i,
        )
        for i, text in enumerate(texts)
    ]
    return paper, chunks
