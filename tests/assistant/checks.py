"""Checks shared by the answer tests: what every answer must satisfy."""

from __future__ import annotations

import re

from assistant.types import Answer


def check_quotes(answer: Answer, index) -> None:
    """Every quote is an exact substring of its stored chunk; every answer line carries a marker."""
    for c in answer.citations:
        stored = index.chunk(c.chunk_id)
        assert stored is not None, f"citation [{c.n}] names a missing chunk {c.chunk_id}"
        assert c.quote and c.quote in stored.text, f"quote [{c.n}] {c.quote!r} not in chunk text"
        assert stored.text[c.start : c.end] == c.quote, f"quote [{c.n}] is not at its offsets"
        page = f"&page={c.page}" if c.page is not None else ""
        span = f"&start={c.start}&end={c.end}"
        assert c.url == f"/papers/{c.paper_id}?chunk={c.chunk_id}{page}{span}", c.url
    for line in answer.answer.splitlines():
        assert re.search(r"\[\d+\]$", line.strip()), f"answer line without a marker: {line!r}"
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", answer.answer)}
    assert markers == {c.n for c in answer.citations}, "markers and citations must match"


def flat(text: str) -> str:
    return " ".join(text.split())
