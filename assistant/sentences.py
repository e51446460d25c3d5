"""Sentence splitting for quoting: exact spans of chunk text; bullets and table rows kept whole.

Hand-written rather than a library tokenizer (nltk punkt, pysbd) because quotes must be exact
offsets into the stored text, and board papers need rules those tools lack: numbered bullets
and "(a)" items start a sentence, tab-separated lines flattened from tables are one row each,
and wrapped PDF lines do not end a sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Words after which a full stop does not end a sentence ("Mr. Gough", "para. 19", "e.g. The").
_ABBREVIATED = """mr mrs ms dr cllr prof rev st no nos para paras p pp fig figs ref refs vs approx
incl excl co ltd inc jr sr dept est min max cf al e.g i.e etc gov hon rt"""
ABBREVIATIONS = frozenset(_ABBREVIATED.split())

# A line that starts a new unit: a bullet or numbered point ("- 1.", "1.", "(a)", "a)", "•", "iv.").
_BULLET = re.compile(
    r"[ \t]*(?:[-–•▪●◦·*][ \t]*)?"
    r"(?:\(?(?P<label>\d{1,3}|[A-Za-z]|[ivxIVX]{1,5})[.)](?=[ \t]))?[ \t]*"
)
_HAS_BULLET = re.compile(
    r"[ \t]*(?:[-–•▪●◦·*][ \t]+|\(?(?:\d{1,3}|[A-Za-z]|[ivxIVX]{1,5})[.)][ \t])"
)
# A sentence end: terminal punctuation, optional closing quotes/brackets, whitespace, then a
# capital, digit, currency sign, opening quote/bracket, or an inline "(b)"/"b)" item.
_BOUNDARY = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9£$€]|\(?[a-z]\)\s)")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Span:
    """One quotable unit of a chunk's text: a sentence, a bullet's sentence, or a table row."""

    start: int  # offset into the chunk text
    end: int  # exclusive; text[start:end] is the quote
    block: int  # index of the paragraph/bullet/row it belongs to, in reading order
    label: str | None = None  # the bullet's number or letter ("3", "b"), None when unnumbered
    is_row: bool = False  # a tab-separated line flattened from a table

    def text(self, source: str) -> str:
        """The exact quoted text."""
        return source[self.start : self.end]


def starts_item(text: str, span: Span) -> bool:
    """Whether a sentence is on a list line ("- Safeguarding", "• Scale: ...", "(b) ...")."""
    line_start = text.rfind("\n", 0, span.start) + 1
    head = text[line_start : span.start + 1]
    return bool(span.label) or bool(_HAS_BULLET.match(head)) or head.lstrip()[:1] == ">"


def normalise(text: str) -> str:
    """Collapse whitespace runs to single spaces, for display and comparison."""
    return _SPACE.sub(" ", text).strip()


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line, end excluding the line break."""
    out, pos = [], 0
    for line in text.splitlines(keepends=True):
        stripped = line.rstrip("\r\n")
        out.append((pos, pos + len(stripped)))
        pos += len(line)
    return out


# A printed line that stops mid-sentence: it ends in a word that cannot end one ("a", "of"), a
# comma or a hyphen. Text exported from PDFs often puts a blank line after every printed line.
_JOINING = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "and",
        "or",
        "to",
        "for",
        "in",
        "on",
        "by",
        "with",
        "at",
        "from",
        "that",
        "which",
        "as",
    ]
)


def _wrapped(text: str, lines: list[tuple[int, int]], blank: int) -> bool:
    """Whether the blank line at lines[blank] only wraps a sentence: the text before it stops
    mid-sentence and the text after it goes on (lower case, or after a joining word)."""
    before = next((lines[i] for i in range(blank - 1, -1, -1) if text[slice(*lines[i])].strip()),
                  None)  # fmt: skip
    after = next((lines[i] for i in range(blank + 1, len(lines)) if text[slice(*lines[i])].strip()),
                 None)  # fmt: skip
    if before is None or after is None:
        return False
    prev, nxt = text[slice(*before)].rstrip(), text[slice(*after)].lstrip()
    if "\t" in prev or "\t" in nxt or _HAS_BULLET.match(text[slice(*after)]):
        return False
    if prev[-1:] in '.!?:;"”’)' or not nxt:
        return False
    last = prev.split()[-1].lower() if prev.split() else ""
    return nxt[0].islower() or prev[-1] in ",-–" or last in _JOINING


def _blocks(text: str) -> list[tuple[int, int, str | None, bool]]:
    """Paragraphs, bullets and table rows as (start, end, label, is_row), in reading order."""
    blocks: list[tuple[int, int, str | None, bool]] = []
    cur: list[int] | None = None  # [start, end]
    label: str | None = None

    def close() -> None:
        nonlocal cur
        if cur is not None:
            blocks.append((cur[0], cur[1], label, False))
        cur = None

    lines = _lines(text)
    for n, (start, end) in enumerate(lines):
        line = text[start:end]
        if not line.strip():
            if not _wrapped(text, lines, n):
                close()
            continue
        if "\t" in line:  # tabs separate table cells (leading tabs are empty cells)
            close()
            blocks.append((start, end, None, True))
            continue
        if _HAS_BULLET.match(line):
            close()
            m = _BULLET.match(line)
            label = m.group("label") if m else None
            cur = [start + (m.end() if m else 0), end]
            continue
        if cur is None:
            label = None
            cur = [start, end]
        else:
            cur[1] = end
        # A line ending in a colon is a lead-in ("Key points included:"): what follows is new.
        if line.rstrip().endswith(":"):
            close()
    close()
    return blocks


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the full stop at text[dot] belongs to an abbreviation or an initial."""
    m = _WORD_BEFORE.search(text, max(0, dot - 12), dot + 1)
    if not m:
        return False
    word = m.group(1).lower().rstrip(".")
    return word in ABBREVIATIONS or (len(word) == 1 and m.group(1).isupper())


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence (start, end) pairs inside text[start:end], trimmed of surrounding whitespace."""
    cuts, prev = [], start
    for m in _BOUNDARY.finditer(text, start, end):
        dot = m.start() - 1
        while dot > start and text[dot] not in ".!?":
            dot -= 1
        if text[dot] == "." and _is_abbreviation(text, dot):
            continue
        cuts.append((prev, m.start()))
        prev = m.end()
    cuts.append((prev, end))
    out = []
    for s, e in cuts:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


# Chunk texts whose spans are kept: answering one question splits each retrieved passage and
# its item's other chunks again and again (every seed's units, every proposal's features: some
# 500 splits of a few dozen texts on Limerick), and each part of a question reads them again.
SPLIT_CACHE = 2048


def split(text: str) -> list[Span]:
    """Split a chunk's text into quotable spans; every span is an exact slice of `text`."""
    return list(_split(text))  # a list of its own: callers may change it


@lru_cache(maxsize=SPLIT_CACHE)
def _split(text: str) -> tuple[Span, ...]:
    spans: list[Span] = []
    for block, (start, end, label, is_row) in enumerate(_blocks(text)):
        if is_row:
            s, e = start, end
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            spans.append(Span(s, e, block, None, True))
            continue
        for s, e in _sentences(text, start, end):
            spans.append(Span(s, e, block, label))
    return tuple(spans)
