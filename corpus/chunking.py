"""Cutting a paper's sections into readable, quotable chunks that MiniLM can embed whole."""

from __future__ import annotations

import re
from dataclasses import dataclass

from corpus.dates import format_date
from corpus.types import Chunk, Paper, Part, Section

# Word budgets: MiniLM reads 256 word pieces, so a chunk of ~200 words (plus its breadcrumb)
# is embedded whole; below ~40 words a passage rarely answers anything on its own.
MAX_WORDS = 250
TARGET_WORDS = 160
MIN_WORDS = 40
# A heading's whole passage up to this size makes one chunk rather than two halves.
WHOLE_WORDS = 200
# A heading with less than this under it ("Witnesses: A, B") leads into the next passage.
LEAD_IN_WORDS = 40
# A paragraph ending "...the following:" up to this size moves to the chunk of the list it opens.
LIST_LEAD_IN_WORDS = 100
# Lines of a table flattened from a PDF end without full stops: cut such runs every so often.
BLOCK_WORDS = 100

_LINE_RE = re.compile(r"[^\r\n]+")
_LIST_START_RE = re.compile(r"^\s*(?:[-•*·o]|\(?[0-9]{1,3}(?:\.[0-9]{1,2})*[.)]|\(?[a-z]{1,3}\))\s")
_SENTENCE_END_RE = re.compile(r"[.!?:;]['\"’”)]*\s*$")
_SENTENCE_SPLIT_RE = re.compile(r"(?<=[.!?])['\"’”)]*\s+(?=[A-Z0-9(\"“‘'])")
_BOILERPLATE_RE = re.compile(r"^\s*(?:this page is intentionally left blank|page \d+)\s*$", re.I)
# "For (39)", "Against (19)", "Abstain (1)": a recorded vote, read with the sentence before it
_VOTE_LIST_RE = re.compile(r"^\s*(?:For|Against|Abstain(?:ed|ing)?|Abstentions?)\s*\(\d+\)")
_DECISIVE_RE = re.compile(r"recommend|resolved|decision|agreed|actions?\b", re.I)
_WORD_RE = re.compile(r"[A-Za-z]{3}|\d")
SEP = " › "


@dataclass(frozen=True)
class _Span:
    """A stretch [start, end) of one page's text, and the section it belongs to."""

    page: int
    start: int
    end: int
    section: Section
    words: int


def _words(text: str) -> int:
    return len(text.split())


def _blocks(section: Section, page: int, offset: int, *, rows: bool = True) -> list[_Span]:
    """Paragraphs (or table rows) of a section; the places a chunk may be cut.

    rows=False for PDF text, where a tabbed line is a printed line that a wrapped row spans
    several of: such lines are packed by size like any other, so tables chunk as prose did.
    """
    blocks: list[_Span] = []
    table = section.is_table and rows
    lines = list(_LINE_RE.finditer(section.text))
    begin = None
    for n, m in enumerate(lines):
        if not m.group().strip():
            continue
        if begin is None:
            begin = m.start()
        last = n + 1 == len(lines)
        nxt = lines[n + 1].group() if not last else ""
        # a row whose first cell is empty carries on the row above: never cut before it
        size = _words(section.text[begin : m.end()])
        continues_row = nxt.startswith("\t") and bool(nxt.strip()) and size < TARGET_WORDS
        # a paragraph wrapped across lines goes on in lower case: never cut inside its sentence
        continues_sentence = (
            nxt.strip()[:1].islower()
            and not _LIST_START_RE.match(nxt)
            and not _SENTENCE_END_RE.search(m.group())
            and not (rows and "\t" in m.group())
            and not table
        )
        cut = (
            last
            or not continues_row
            and not continues_sentence
            and (
                size >= BLOCK_WORDS
                or table
                or (rows and "\t" in m.group())
                or _LIST_START_RE.match(nxt)
                or _SENTENCE_END_RE.search(m.group())
            )
        )
        if cut:
            text = section.text[begin : m.end()].rstrip()
            if text.strip() and not _BOILERPLATE_RE.match(text):
                start = offset + begin
                blocks.append(_Span(page, start, start + len(text), section, _words(text)))
            begin = None
    return blocks


def _split_long(block: _Span, page_text: str) -> list[_Span]:
    """A paragraph longer than a chunk, cut at sentence ends into runs under the target.

    Text without sentences (a run of figures, a giant table cell) is cut between words.
    """
    text = page_text[block.start : block.end]
    cuts = [0] + [m.end() for m in _SENTENCE_SPLIT_RE.finditer(text)] + [len(text)]
    words = [m.start() for m in re.finditer(r"\S+", text)]
    for a, b in zip(cuts, cuts[1:], strict=False):
        inside = [w for w in words if a < w < b]
        if len(inside) > MAX_WORDS:  # no sentence end for too long: fall back to words
            cuts += inside[TARGET_WORDS::TARGET_WORDS]
    cuts = sorted(set(cuts))
    pieces: list[_Span] = []
    start = 0
    for a, b in zip(cuts, cuts[1:], strict=False):
        if _words(text[start:b]) > TARGET_WORDS and a > start:
            piece = text[start:a].rstrip()
            pieces.append(_piece(block, start, piece))
            start = a
    pieces.append(_piece(block, start, text[start:].rstrip()))
    return pieces


def _piece(block: _Span, start: int, text: str) -> _Span:
    begin = block.start + start
    return _Span(block.page, begin, begin + len(text), block.section, _words(text))


def _same_unit(a: Section, b: Section) -> bool:
    # rows and prose may share a chunk: rows are packed whole, never cut
    return (a.page, a.item) == (b.page, b.item)


def _group(blocks: list[_Span], page_texts: list[str]) -> list[list[_Span]]:
    """Blocks packed into chunks that never straddle a page or an item."""
    groups: list[list[_Span]] = []
    current: list[_Span] = []
    words = 0
    run_words = _run_words(blocks)
    for block in blocks:
        pieces = [block]
        # a table row is never cut, unless it is too long for any chunk to hold
        if block.words > (2 * MAX_WORDS if block.section.is_table else MAX_WORDS):
            pieces = _split_long(block, page_texts[block.page])
        for piece in pieces:
            fits = bool(current) and _same_unit(current[0].section, piece.section)
            same_heading = fits and current[-1].section.heading == piece.section.heading
            # a heading's passage that fits in one chunk (a block of recommendations) stays
            # whole; cross into a new heading only to carry a lead-in too small to stand alone
            whole = run_words[id(piece.section)] <= _whole_limit(piece.section)
            room = (MAX_WORDS if whole else TARGET_WORDS) if same_heading else 0
            if not same_heading and words < LEAD_IN_WORDS:
                fits_whole = words + run_words[id(piece.section)] <= _whole_limit(piece.section)
                room = MAX_WORDS if fits_whole else TARGET_WORDS
            if fits and words + piece.words <= max(room, 0):
                current.append(piece)
                words += piece.words
                continue
            if fits and same_heading and words < MIN_WORDS and words + piece.words <= MAX_WORDS:
                current.append(piece)
                words += piece.words
                continue
            if current:
                lead = _lead_in(current, piece, page_texts)
                if lead:
                    current = current[:-1]  # the sentence introducing a list goes with the list
                groups.append(current)
                current = ([lead] if lead else []) + [piece]
                words = sum(b.words for b in current)
                continue
            current, words = [piece], piece.words
    if current:
        groups.append(current)
    return _merge_small_tails(groups)


def _lead_in(current: list[_Span], piece: _Span, page_texts: list[str]) -> _Span | None:
    """The chunk's last block when it only introduces the list starting at piece, else None."""
    last = current[-1]
    if (
        len(current) < 2
        or last.words > LIST_LEAD_IN_WORDS
        or not _same_unit(last.section, piece.section)
    ):
        return None
    if piece.page != last.page:
        return None
    opening = page_texts[piece.page][piece.start : piece.end]
    if _VOTE_LIST_RE.match(opening):
        return last if last.words <= LEAD_IN_WORDS else None
    # "areas must be willing to commit to the following:" means nothing without its bullets,
    # and the bullets ("Creation of a MSA: ...") never say what they are a list of
    introduces = page_texts[last.page][last.start : last.end].rstrip().endswith(":")
    return last if introduces and _LIST_START_RE.match(opening) else None


def _whole_limit(section: Section) -> int:
    """How long a heading's passage may be and still make one chunk.

    Recommendations and resolutions are quoted as a list, so they may use the whole budget;
    other passages stay near what MiniLM reads whole with the breadcrumb.
    """
    decisive = section.heading and _DECISIVE_RE.search(section.heading)
    return MAX_WORDS if decisive else WHOLE_WORDS


def _run_words(blocks: list[_Span]) -> dict[int, int]:
    """For each section, the words of the run of sections sharing its page, item and heading."""
    runs: list[list[_Span]] = []
    for block in blocks:
        last = runs[-1][-1].section if runs else None
        same = last is not None and _same_unit(last, block.section)
        if same and last.heading == block.section.heading:
            runs[-1].append(block)
        else:
            runs.append([block])
    return {id(b.section): sum(x.words for x in run) for run in runs for b in run}


def _merge_small_tails(groups: list[list[_Span]]) -> list[list[_Span]]:
    merged: list[list[_Span]] = []
    for group in groups:
        words = sum(b.words for b in group)
        previous = merged[-1] if merged else None
        # a tail such as "Board next steps: None." joins the passage before it
        if (
            previous
            and words < MIN_WORDS
            and _same_unit(previous[0].section, group[0].section)
            and (previous[-1].section.heading == group[0].section.heading or words < 20)
            and sum(b.words for b in previous) + words <= MAX_WORDS
        ):
            merged[-1] = previous + group
            continue
        merged.append(group)
    return merged


def breadcrumb(part: Part, item: str | None, heading: str | None) -> str:
    """ "committee › meeting date › document › item › heading", skipping what is unknown."""
    day = format_date(part.meeting.date) if part.meeting.date else None
    if item and _echoes(item, part.title):
        item = None  # "9 SSCB ANNUAL REPORT" adds nothing after "SSCB Annual Report 2014-15"
    if heading and heading.strip(" :").lower() == part.title.strip(" :").lower():
        heading = None  # the document's own title line
    crumbs = [part.meeting.committee, day, part.title, item, heading]
    return SEP.join(c for c in crumbs if c)


def _echoes(item: str, title: str) -> bool:
    """Whether nearly every word of an item's title is already in the document's title."""
    words = set(re.findall(r"[a-z]{3,}", item.lower()))
    return bool(words) and len(words - set(re.findall(r"[a-z]{3,}", title.lower()))) <= 1


def _locate(paper: Paper) -> list[tuple[Part, Section, int, int]]:
    """Each section with the index of its page and its offset there (sections are in order)."""
    pages = paper.source.pages
    page, cursor = 0, 0
    located = []
    for part in paper.parts:
        for section in part.sections:
            while page < len(pages):
                at = pages[page].text.find(section.text, cursor)
                if at >= 0:
                    located.append((part, section, page, at))
                    cursor = at + len(section.text)
                    break
                page, cursor = page + 1, 0
    return located


def chunk_paper(paper: Paper) -> list[Chunk]:
    """The paper's chunks in reading order; each text is an exact substring of its page."""
    page_texts = [p.text for p in paper.source.pages]
    chunks: list[Chunk] = []
    by_part: dict[int, list[_Span]] = {}
    parts: dict[int, Part] = {}
    for part, section, page, offset in _locate(paper):
        rows = paper.source.file_type != "pdf"
        by_part.setdefault(id(part), []).extend(_blocks(section, page, offset, rows=rows))
        parts[id(part)] = part
    for key, blocks in by_part.items():
        part = parts[key]
        for group in _group(blocks, page_texts):
            text = page_texts[group[0].page][group[0].start : group[-1].end]
            if not _WORD_RE.search(text) or len(text.split()) < 2:
                continue  # a stray quote mark, page number or wrapped word says nothing
            first = group[0].section
            heading = _main_heading(group)
            chunks.append(
                Chunk(
                    text=text,
                    breadcrumb=breadcrumb(part, first.item, heading),
                    document=part.title,
                    kind=part.kind,
                    committee=part.meeting.committee,
                    meeting_date=part.meeting.date,
                    page=first.page,
                    page_label=first.page_label,
                    item=first.item,
                    item_number=first.item_number,
                    heading=heading,
                    ordinal=len(chunks),
                )
            )
    return chunks


def _main_heading(group: list[_Span]) -> str | None:
    """The heading most of a chunk's words sit under."""
    weight: dict[str | None, int] = {}
    for block in group:
        weight[block.section.heading] = weight.get(block.section.heading, 0) + block.words
    return max(weight, key=lambda h: (weight[h], h is not None))
