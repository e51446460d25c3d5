"""Finding a quote in a page's text and splitting the text into plain and highlighted runs."""

from __future__ import annotations

import re

Span = tuple[int, int]


def locate(text: str, needle: str, within: Span | None = None) -> Span | None:
    """Where `needle` stands in `text` (exactly, else ignoring whitespace differences), or None."""
    needle = needle.strip()
    if not needle:
        return None
    lo, hi = within or (0, len(text))
    at = text.find(needle, lo, hi)
    if at >= 0:
        return at, at + len(needle)
    words = needle.split()  # every word, so a long quote is placed whole
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words))
    m = pattern.search(text, lo, hi)
    if m:
        return m.start(), m.end()
    return _row(text, needle, (lo, hi)) if "\t" in needle else None


def _row(text: str, needle: str, within: Span) -> Span | None:
    """A table row whose cells the page gives apart (a wrapped cell's lines come cell by cell):
    from its first cell to its last, sought around its longest cell; else that cell alone."""
    cells = sorted((c.strip() for c in needle.split("\t") if c.strip()), key=len, reverse=True)
    anchor = locate(text, cells[0], within) if cells else None
    if anchor is None:
        return None
    # short cells ("Open", "Item 5") recur on a page: only their copies near the row count
    near = (max(within[0], anchor[0] - len(needle)), min(within[1], anchor[1] + len(needle)))
    found = [anchor] + [s for s in (locate(text, c, near) for c in cells[1:]) if s]
    start, end = min(s[0] for s in found), max(s[1] for s in found)
    return (start, end) if end - start <= 2 * len(needle) else anchor


def spans(
    text: str, chunk_text: str | None, quote: str | None, offsets: Span | None = None
) -> tuple[Span | None, Span | None]:
    """Spans of the chunk and of the quote (sought inside the chunk first) in a page's text.

    `offsets` place the quote in the chunk's text (a citation's start and end): where the page
    holds the chunk verbatim they carry over exactly, whatever the quote's length.
    """
    chunk = locate(text, chunk_text) if chunk_text else None
    if chunk_text and offsets and 0 <= offsets[0] < offsets[1] <= len(chunk_text):
        quote = chunk_text[offsets[0] : offsets[1]]
        lead = len(chunk_text) - len(chunk_text.lstrip())  # `locate` places the stripped text
        if chunk and text[chunk[0] : chunk[1]] == chunk_text.strip():
            start = max(chunk[0], chunk[0] + offsets[0] - lead)
            end = min(chunk[1], chunk[0] + offsets[1] - lead)
            if start < end:
                return chunk, (start, end)
    found = None
    if quote:
        found = (locate(text, quote, chunk) if chunk else None) or locate(text, quote)
    return chunk, found


def runs(text: str, chunk: Span | None, quote: Span | None) -> list[tuple[str, str | None]]:
    """`text` as (run, css class) pairs: "quote" inside the quote, "chunk" inside the chunk."""
    cuts = {0, len(text)}
    for span in (chunk, quote):
        if span:
            cuts.update(span)
    points = sorted(c for c in cuts if 0 <= c <= len(text))
    out: list[tuple[str, str | None]] = []
    for a, b in zip(points, points[1:], strict=False):
        if a == b:
            continue
        if quote and quote[0] <= a and b <= quote[1]:
            cls = "quote"
        elif chunk and chunk[0] <= a and b <= chunk[1]:
            cls = "chunk"
        else:
            cls = None
        if out and out[-1][1] == cls:
            out[-1] = (out[-1][0] + text[a:b], cls)
        else:
            out.append((text[a:b], cls))
    return out
