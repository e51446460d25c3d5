"""What the source viewer shows: one page of a paper (or a section of a text paper), highlighted."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from index.types import Hit, PaperInfo
from web import highlight
from web.errors import Gone, NotFound


@dataclass
class PageView:
    """Everything viewer.html needs; `runs` is the page text split for highlighting."""

    paper: PaperInfo
    page: int | None  # 1-based page shown; None for a section of a text paper without pages
    pages: int
    runs: list[tuple[str, str | None]]
    hit: Hit | None  # the cited chunk, when it is on this page
    quote: str | None  # the quote asked for by words (`q`, links from before offsets)
    found: bool  # whether the quote (or chunk) was located in the text
    is_pdf: bool
    file_exists: bool
    prev_url: str | None = None
    next_url: str | None = None
    trail: list[tuple[str, str | None]] = field(default_factory=list)  # breadcrumb (label, url)
    section: int = 0  # 1-based section shown, for text papers without pages
    sections: int = 0
    ocr: bool = False  # the page's text was read by OCR from its image (a scan)
    offsets: highlight.Span | None = None  # the quote's start and end in the cited chunk

    @property
    def anchor_class(self) -> str:
        """The run scrolled into view: the quote when it was found, else the whole passage."""
        return "quote" if any(cls == "quote" for _, cls in self.runs) else "chunk"

    @property
    def image_url(self) -> str | None:
        """The rendered page, highlighted; only for PDFs whose file is still where it was."""
        if not (self.is_pdf and self.file_exists and self.page):
            return None
        from urllib.parse import urlencode

        params: dict[str, Any] = {}
        if self.hit:
            params["chunk"] = self.hit.chunk_id
            if self.offsets:
                params["start"], params["end"] = self.offsets
        if self.quote and not (self.hit and self.offsets):
            params["q"] = self.quote
        query = f"?{urlencode(params)}" if params else ""
        return f"/papers/{self.paper.paper_id}/pages/{self.page}.png{query}"

    @property
    def file_url(self) -> str:
        anchor = f"#page={self.page}" if self.is_pdf and self.page else ""
        return f"/papers/{self.paper.paper_id}/file{anchor}"


def find_paper(index, paper_id: str) -> PaperInfo:
    """The paper, or Gone when it was removed (an old link), else NotFound."""
    paper = index.paper(paper_id)
    if paper is not None:
        return paper
    removed = index.removed_paper(paper_id)
    if removed is not None:
        raise Gone(
            f"{removed.title!r} was removed from the index on {removed.removed_at[:10]}, after "
            "this link was made: find what you need in the library"
        )
    raise NotFound(f"No paper {paper_id!r} in the index: open it from the library")


def find_chunk(index, chunk_id: int | None, paper_id: str) -> Hit | None:
    """The cited chunk of this paper; Gone when it was removed (the paper was re-ingested or
    removed since the link was made: ids are never reused, so the link never opens other text).
    An id that never existed, or belongs to another paper, cites nothing."""
    if chunk_id is None:
        return None
    hit = index.chunk(chunk_id)
    if hit is None and index.chunk_was_removed(chunk_id):
        raise Gone(
            f"The cited passage {chunk_id} was removed from the index (its paper was removed or "
            "ingested again) after this link was made: ask again for a fresh link"
        )
    return hit if hit is not None and hit.paper_id == paper_id else None


def offsets_in(hit: Hit | None, start: int | None, end: int | None) -> highlight.Span | None:
    """A citation's start and end, when they fit its chunk's text."""
    if hit is None or start is None or end is None:
        return None
    return (start, end) if 0 <= start < end <= len(hit.text) else None


def is_pdf(paper: PaperInfo) -> bool:
    return paper.file_type == "pdf" or paper.file.lower().endswith(".pdf")


def _page_url(paper_id: str, page: int) -> str:
    return f"/papers/{paper_id}?page={page}"


def _sections(chunks: list[Hit], min_chars: int = 1500) -> list[list[Hit]]:
    """A text paper without pages cut into sections: chunks under one item, small items merged.

    Merging keeps a short item (a heading, "Apologies: none") from being a page of its own.
    """
    groups: list[list[Hit]] = []
    for hit in chunks:
        if groups and groups[-1][0].item == hit.item:
            groups[-1].append(hit)
        else:
            groups.append([hit])
    merged: list[list[Hit]] = []
    for group in groups:
        if merged and sum(len(c.text) for c in merged[-1]) < min_chars:
            merged[-1].extend(group)
        else:
            merged.append(list(group))
    return merged


def _trail(paper: PaperInfo, hit: Hit | None, page: int | None) -> list[tuple[str, str | None]]:
    trail: list[tuple[str, str | None]] = [("Library", "/library")]
    if paper.committee:
        trail.append((paper.committee, None))
    if paper.meeting_date:
        trail.append((paper.meeting_date.strftime("%-d %B %Y"), None))
    trail.append((paper.title, f"/papers/{paper.paper_id}"))
    if hit and hit.document and hit.document != paper.title:
        trail.append((hit.document, None))
    if hit and hit.item:
        trail.append((hit.item, None))
    if page:
        trail.append((f"Page {page}", None))
    return trail


def build(
    index,
    paper_id: str,
    *,
    page: int | None,
    chunk_id: int | None,
    quote: str | None = None,
    start: int | None = None,
    end: int | None = None,
) -> PageView:
    """The view of `page` (default: the cited chunk's page, else the first) of a paper, with
    the quote at `start`:`end` of the cited chunk (or the words `quote`) highlighted."""
    from web.pdfpage import page_text

    paper = find_paper(index, paper_id)
    hit = find_chunk(index, chunk_id, paper_id)
    offsets = offsets_in(hit, start, end)
    quote = (quote or "").strip() or None
    pdf, exists = is_pdf(paper), Path(paper.file).is_file()
    if page is None:
        page = hit.page if hit and hit.page else None
    if pdf and exists:
        page = page or 1
        text_page = page_text(Path(paper.file), page)
        if not 1 <= page <= text_page.pages:
            raise NotFound(f"{paper.title} has {text_page.pages} pages; there is no page {page}")
        scanned = index.ocr_page(paper_id, page)  # a scan has no text layer: OCR's text instead
        text = scanned.text if scanned else text_page.text
        view = PageView(paper, page, text_page.pages, [], None, quote, False, True, True)
        view.ocr = scanned is not None
    else:
        view, text = _from_chunks(index, paper, page, hit, quote, pdf, exists)
        view.ocr = bool(pdf and view.page and index.ocr_page(paper_id, view.page))
    if hit is not None and (hit.page == view.page or view.page is None):
        view.hit = hit
        view.offsets = offsets
    chunk_span, quote_span = highlight.spans(
        text, view.hit.text if view.hit else None, quote, view.offsets
    )
    view.found = bool(quote_span or chunk_span)
    view.runs = highlight.runs(text, chunk_span, quote_span)
    if view.page is not None:
        if view.page > 1:
            view.prev_url = _page_url(paper_id, view.page - 1)
        if view.page < view.pages:
            view.next_url = _page_url(paper_id, view.page + 1)
    view.trail = _trail(paper, view.hit, view.page)
    return view


def _from_chunks(index, paper, page, hit, quote, pdf, exists) -> tuple[PageView, str]:
    """A page (or section) rebuilt from stored chunks: text papers, or a PDF that has moved."""
    chunks = index.chunks(paper.paper_id)
    paged = [c for c in chunks if c.page is not None]
    if paged:
        page = page or paged[0].page
        on_page = [c for c in chunks if c.page == page]
        if not on_page and not 1 <= page <= max(paper.pages, 1):
            raise NotFound(f"{paper.title} has {paper.pages} pages; there is no page {page}")
        text = "\n\n".join(c.text for c in on_page)
        view = PageView(paper, page, max(paper.pages, page), [], None, quote, False, pdf, exists)
        return view, text
    groups = _sections(chunks) or [[]]
    at = next(
        (i for i, g in enumerate(groups) if hit and any(c.chunk_id == hit.chunk_id for c in g)), 0
    )
    view = PageView(paper, None, 0, [], None, quote, False, pdf, exists)
    view.section, view.sections = at + 1, len(groups)
    if at > 0:
        view.prev_url = f"/papers/{paper.paper_id}?chunk={groups[at - 1][0].chunk_id}"
    if at + 1 < len(groups):
        view.next_url = f"/papers/{paper.paper_id}?chunk={groups[at + 1][0].chunk_id}"
    return view, "\n\n".join(c.text for c in groups[at])
