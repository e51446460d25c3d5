"""The units an answer quotes, cut by the papers' layout: a sentence with its lead-in, its
neighbours, its paragraph, a list with its lead-in, a table row with the rows that continue it,
an item's block of recommendations or resolutions, and the nth entry of such a block."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from assistant.answerers import ItemPassages
from assistant.evidence import Candidate, capitalised, is_decision_heading
from assistant.question import Question
from assistant.sentences import Span, normalise, split, starts_item
from index.types import Hit

# How papers print a block of recommendations or resolutions, and what ends it.
_LEAD_IN = re.compile(
    r"^(?:resolved\b|(?:the )?recommendations?\b|(?:the )?(?:board|committee|cabinet|council) "
    r"(?:recommends|resolved|agreed))",
    re.I,
)
_REASONS = re.compile(r"^reasons?(?:\(s\))? for (?:the )?decisions?\b", re.I)
_CONTINUES = re.compile(r"recommend|resolv|agreed|decision", re.I)
_EMPTY = re.compile(r"^(?:none|n/a|nil)\.?$", re.I)
MAX_BULLETS = 10
_JOINING_WORDS = "a an the of and or to with for in on by at from that which"
_JOINERS = frozenset(_JOINING_WORDS.split())
PARAGRAPH = 5  # sentences of a paragraph quoted around its best sentence
MAX_ROWS = 3  # rows quoted for one tracker entry broken over lines or pages
WHOLE_LIST = 25  # items of a list quoted after its lead-in
SAME = 0.85  # word-set overlap above which two sentences are the same sentence
_WORDS = re.compile(r"\w+")


def distinct(cands: Sequence[Candidate]) -> list[Candidate]:
    """Drop repeats: a paper and the pack that holds it, or a draft and its minute, quote alike."""
    kept: list[Candidate] = []
    seen: set[frozenset[str]] = set()
    by_size: dict[int, list[frozenset[str]]] = {}  # the kept word sets, by their size
    for c in cands:
        words = _word_set(c.quote)
        if words in seen or (words and _repeats(words, by_size)):
            continue
        kept.append(c)
        seen.add(words)
        by_size.setdefault(len(words), []).append(words)
    return kept


def _repeats(words: frozenset[str], by_size: dict[int, list[frozenset[str]]]) -> bool:
    """Whether the words overlap SAME of a kept set's. The overlap (shared over all) is at most
    the smaller set's size over the larger's, so only sets of about the same size are compared:
    the seeds are chosen among hundreds of sentences."""
    n = len(words)
    return any(
        len(words & other) / len(words | other) >= SAME
        for m, others in by_size.items()
        if min(n, m) / max(n, m) >= SAME
        for other in others
    )


@lru_cache(maxsize=4096)
def _word_set(quote: str) -> frozenset[str]:
    """A sentence's words, as `distinct` compares them (kept: the same sentences come up for
    every seed's units and every part of a question)."""
    return frozenset(_WORDS.findall(normalise(quote).lower()))


def is_heading(c: Candidate) -> bool:
    """A short line mostly in capitals (an item title): it names a topic, it answers nothing."""
    return not c.span.is_row and capitalised(c.quote) > 0.6 and len(c.quote.split()) <= 15


def _item_spans(seed: Candidate, item_passages: ItemPassages | None) -> list[tuple[Hit, Span]]:
    """Every sentence of the seed's item, in reading order (made candidates only when chosen:
    an item may hold hundreds, and every seed reads its item twice)."""
    hits = item_passages(seed.hit) if item_passages and seed.hit.item else []
    if not any(h.chunk_id == seed.hit.chunk_id for h in hits):
        hits = [seed.hit]
    return [(h, span) for h in hits for span in split(h.text)]


def _like(seed: Candidate, hit: Hit, span: Span) -> Candidate:
    """A sentence of the seed's item, scored as the seed."""
    return Candidate(hit, span, seed.rank, seed.lexical)


def decision_block(
    question: Question, seed: Candidate, item_passages: ItemPassages | None
) -> list[Candidate]:
    """All the recommendation or resolution sentences of the seed's item, in order."""
    if seed.span.is_row:
        return [seed]
    out: list[Candidate] = []
    started = False
    for hit, span in _item_spans(seed, item_passages):
        text = span.text(hit.text).strip()
        under_heading = is_decision_heading(hit.heading)
        opens = bool(_LEAD_IN.match(text)) or (
            under_heading and text.endswith(":") and is_decision_heading(text)
        )
        if opens and not started:
            started = True
            if text.endswith(":") and len(text.split()) <= 6:
                continue  # a bare "Recommendations:" heading says nothing by itself
        elif started and _REASONS.match(text):
            break  # "Reasons for decision: ..." explains the decisions; it is not one of them
        elif started and text.endswith(":") and not span.label:
            if not _CONTINUES.search(text):
                break  # the next lead-in ("Actions/further information to be provided:")
            continue  # "RESOLVED:" after the recommendations: more of the same block
        if not started and under_heading and not text.endswith(":"):
            started = True
        if started and not _EMPTY.match(text):
            out.append(_like(seed, hit, span))
        if len(out) >= MAX_BULLETS:
            break
    if not out:
        return []
    # Keep the block only when the seed's sentence is in it or it answers on the same terms.
    return out


def by_ordinal(block: list[Candidate], ordinal: int) -> list[Candidate]:
    """The nth bullet of a block (all its sentences), or the nth sentence when unnumbered."""
    labels = list(dict.fromkeys((c.hit.chunk_id, c.span.block) for c in block))
    if not labels:
        return []
    index = ordinal - 1 if ordinal > 0 else len(labels) + ordinal
    if not 0 <= index < len(labels):
        return []
    chosen = labels[index]
    return [c for c in block if (c.hit.chunk_id, c.span.block) == chosen]


def _continues(text: str, span: Span) -> bool:
    """True for a row whose first cell is empty: it carries on the row above it."""
    line_start = text.rfind("\n", 0, span.start) + 1
    return span.is_row and text[line_start : 1 + line_start].isspace()


def with_continuation(seed: Candidate, item_passages: ItemPassages | None) -> list[Candidate]:
    """A table row and the rows after it that continue it, over a page break if need be."""
    out = [seed]
    skipped = False
    for span in [sp for sp in split(seed.hit.text) if sp.start > seed.span.start]:
        if len(out) >= MAX_ROWS:
            break
        if not _continues(seed.hit.text, span):
            if skipped or not _unfinished(out[-1].quote):
                break
            skipped = True  # the header row a table repeats after a page break
            continue
        out.append(Candidate(seed.hit, span, seed.rank))
    if not _unfinished(out[-1].quote) or item_passages is None or len(out) >= MAX_ROWS:
        return out
    # The row's text stops mid-sentence: the page broke it, and it goes on in the next chunk.
    later = [h for h in item_passages(seed.hit) if h.ordinal > seed.hit.ordinal]
    if later:
        nxt = min(later, key=lambda h: h.ordinal)
        spans = split(nxt.text)
        if spans:
            out.append(Candidate(nxt, spans[0], seed.rank))
    return out


def _unfinished(row: str) -> bool:
    """A row with a cell that stops mid-sentence ("convened with the")."""
    cells = [cell.split() for cell in row.split("\t") if cell.strip()]
    return any(words[-1].lower() in _JOINERS for words in cells)


def window(
    seed: Candidate, item_passages: ItemPassages | None, *, words: int, after: bool
) -> list[Candidate]:
    """The seed with the sentences of its item that follow it (or lead up to it), within `words`:
    a motion and the vote on it, a question and the reply, whatever their layout."""
    spans = _item_spans(seed, item_passages)
    at = next(
        (
            i
            for i, (hit, span) in enumerate(spans)
            if hit.chunk_id == seed.hit.chunk_id and span.start == seed.span.start
        ),
        None,
    )
    if at is None:
        return [seed]
    step = 1 if after else -1
    out, total = [seed], len(seed.quote.split())
    i = at + step
    while 0 <= i < len(spans):
        hit, span = spans[i]
        quote = span.text(hit.text)
        size = len(quote.split())
        if total + size > words or _ends_window(seed, quote, span):
            break
        out.append(_like(seed, hit, span))
        total += size
        i += step
    return out if after else out[::-1]


def _ends_window(seed: Candidate, quote: str, span: Span) -> bool:
    """Where the papers' layout ends what a sentence runs on into: a title in capitals, the
    reasons given for a decision, or the edge of a table."""
    text = quote.strip()
    return text.isupper() or bool(_REASONS.match(text)) or span.is_row != seed.span.is_row


def neighbours(seed: Candidate, before: int, after: int) -> list[Candidate]:
    """Sentences around the seed in its chunk, in reading order (the seed excluded)."""
    spans = split(seed.hit.text)
    at = next((i for i, sp in enumerate(spans) if sp.start == seed.span.start), None)
    if at is None:
        return []
    around = spans[max(0, at - before) : at] + spans[at + 1 : at + 1 + after]
    return [Candidate(seed.hit, sp, seed.rank) for sp in around]


def whole_list(lead: Candidate, item_passages: ItemPassages | None) -> list[Candidate]:
    """Every item of the list a lead-in opens, up to WHOLE_LIST, over a page break if need be
    (skipping a short line of page furniture, "Chief Executive David McNulty", atop the page)."""
    hits = [lead.hit]
    if item_passages is not None:
        hits += [h for h in item_passages(lead.hit) if h.ordinal > lead.hit.ordinal][:1]
    out: list[Candidate] = []
    for n, hit in enumerate(hits):
        skipped = 0
        for sp in split(hit.text):
            if not n and sp.start <= lead.span.start:
                continue
            wrapped = out and out[-1].hit is hit and sp.block == out[-1].span.block
            if _REASONS.match(sp.text(hit.text)):
                return out  # "Reasons for decision:" explains the list; it is not an item of it
            if starts_item(hit.text, sp) or wrapped:
                out.append(Candidate(hit, sp, lead.rank))
                if len(out) >= WHOLE_LIST:
                    return out
            elif n and skipped < 2 and len(sp.text(hit.text).split()) <= 6:
                if any(o.hit is hit for o in out):
                    return out
                skipped += 1
            else:
                return out
    return out


def with_lead_ins(picked: list[Candidate]) -> list[Candidate]:
    """Put back the short lead-in a sentence follows ("Report contact:"), so the quote reads."""
    out: list[Candidate] = []
    for c in picked:
        before = neighbours(c, 1, 0)
        if before and before[0].quote.endswith(":") and len(before[0].quote.split()) <= 6:
            out.append(before[0])
        out.append(c)
    return distinct(out)


def paragraph(seed: Candidate) -> list[Candidate]:
    """The sentences of the seed's paragraph or bullet, up to PARAGRAPH of them around it: what
    someone said or a report argued is a paragraph, not its best sentence alone."""
    spans = [sp for sp in split(seed.hit.text) if sp.block == seed.span.block]
    at = next((i for i, sp in enumerate(spans) if sp.start == seed.span.start), 0)
    start = max(0, min(at - 1, len(spans) - PARAGRAPH))
    return [Candidate(seed.hit, sp, seed.rank) for sp in spans[start : start + PARAGRAPH]]
