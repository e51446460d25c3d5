"""Choosing the sentences that make up an answer, by question kind, from scored candidates."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from assistant.answertypes import answer_type
from assistant.evidence import Candidate, is_decision_heading
from assistant.question import QType, Question
from assistant.sentences import normalise, split
from index.types import Hit

ItemPassages = Callable[[Hit], list[Hit]]  # a hit -> every chunk of its item, in reading order

_MULTI_PART = re.compile(r"\b(and|also|as well as|compared?)\b.*\b(how|what|who|when|which)\b|,", re.I)
_LEAD_IN = re.compile(
    r"^(?:resolved\b|(?:the )?recommendations?\b|(?:the )?(?:board|committee|cabinet|council) "
    r"(?:recommends|resolved|agreed))",
    re.I,
)
_CONTINUES = re.compile(r"recommend|resolv|agreed|decision", re.I)
_EMPTY = re.compile(r"^(?:none|n/a|nil)\.?$", re.I)
MAX_BULLETS = 10


def _distinct(cands: Sequence[Candidate]) -> list[Candidate]:
    """Drop repeats of the same sentence (a paper and the pack that holds it quote alike)."""
    seen, out = set(), []
    for c in cands:
        key = normalise(c.quote).lower()
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


def _near_top(ranked: list[Candidate], ratio: float, limit: int) -> list[Candidate]:
    top = ranked[0].score
    return [c for c in ranked if c.score >= ratio * top][:limit]


def _reading_order(cands: list[Candidate]) -> list[Candidate]:
    return sorted(cands, key=lambda c: (c.hit.paper_id, c.hit.ordinal, c.span.start))


def _item_spans(seed: Candidate, item_passages: ItemPassages | None) -> list[Candidate]:
    """Every sentence of the seed's item, in reading order, as unscored candidates."""
    hits = item_passages(seed.hit) if item_passages and seed.hit.item else []
    if not any(h.chunk_id == seed.hit.chunk_id for h in hits):
        hits = [seed.hit]
    return [
        Candidate(h, span, seed.rank, seed.lexical, 0.0, 0.0, seed.dense, seed.score)
        for h in hits
        for span in split(h.text)
    ]


def decision_block(
    question: Question, seed: Candidate, item_passages: ItemPassages | None
) -> list[Candidate]:
    """All the recommendation or resolution sentences of the seed's item, in order."""
    if seed.span.is_row:
        return [seed]
    spans = _item_spans(seed, item_passages)
    out: list[Candidate] = []
    started = False
    for c in spans:
        text = c.quote.strip()
        under_heading = is_decision_heading(c.hit.heading)
        opens = bool(_LEAD_IN.match(text)) or (
            under_heading and text.endswith(":") and is_decision_heading(text)
        )
        if opens and not started:
            started = True
            if text.endswith(":") and len(text.split()) <= 6:
                continue  # a bare "Recommendations:" heading says nothing by itself
        elif started and text.endswith(":") and not c.span.label:
            if not _CONTINUES.search(text):
                break  # the next lead-in ("Actions/further information to be provided:")
            continue  # "RESOLVED:" after the recommendations: more of the same block
        if not started and under_heading and not text.endswith(":"):
            started = True
        if started and not _EMPTY.match(text):
            out.append(c)
        if len(out) >= MAX_BULLETS:
            break
    if not out:
        return []
    # Keep the block only when the seed's sentence is in it or it answers on the same terms.
    return out


def _by_ordinal(block: list[Candidate], ordinal: int) -> list[Candidate]:
    """The nth bullet of a block (all its sentences), or the nth sentence when unnumbered."""
    labels = list(dict.fromkeys((c.hit.chunk_id, c.span.block) for c in block))
    if not labels:
        return []
    index = ordinal - 1 if ordinal > 0 else len(labels) + ordinal
    if not 0 <= index < len(labels):
        return []
    chosen = labels[index]
    return [c for c in block if (c.hit.chunk_id, c.span.block) == chosen]


def _with_continuation(seed: Candidate) -> list[Candidate]:
    """A table row and the rows after it that continue it (their first cells are empty)."""
    out = [seed]
    for span in split(seed.hit.text):
        if span.start <= seed.span.start or not span.is_row:
            continue
        line_start = seed.hit.text.rfind("\n", 0, span.start) + 1
        if seed.hit.text[line_start:span.start].count("\t") == 0 and not seed.hit.text[
            line_start
        ].isspace():
            break
        out.append(Candidate(seed.hit, span, seed.rank, 0, 0, 0, seed.dense, seed.score))
        if len(out) >= 3:
            break
    return out


def _neighbours(seed: Candidate, before: int, after: int) -> list[Candidate]:
    """Sentences around the seed in its chunk, in reading order (the seed excluded)."""
    spans = split(seed.hit.text)
    at = next((i for i, sp in enumerate(spans) if sp.start == seed.span.start), None)
    if at is None:
        return []
    around = spans[max(0, at - before) : at] + spans[at + 1 : at + 1 + after]
    return [Candidate(seed.hit, sp, seed.rank, 0, 0, 0, seed.dense, seed.score) for sp in around]


def _complete_lead_ins(picked: list[Candidate]) -> list[Candidate]:
    """A sentence that ends in a colon introduces a list: bring the list's first items with it."""
    out: list[Candidate] = []
    for c in picked:
        out.append(c)
        if c.quote.rstrip().endswith(":"):
            out += [n for n in _neighbours(c, 0, 2) if n.span.start > c.span.start]
    return _distinct(out)


def _typed_neighbour(question: Question, picked: list[Candidate]) -> list[Candidate]:
    """When the best sentence lacks the figure, name or date, take it from the sentence beside it."""
    seed = picked[0]
    if seed.typed >= 0.6:
        return picked
    for n in _neighbours(seed, 2, 2):
        if answer_type(question, n.quote) >= 0.6:
            return _reading_order([seed, n]) + picked[1:]
    return picked


def select(
    question: Question,
    ranked: list[Candidate],
    *,
    item_passages: ItemPassages | None = None,
    focus: Hit | None = None,
) -> list[Candidate]:
    """The sentences that answer the question, in the order they should be read."""
    ranked = _distinct(ranked)
    if not ranked:
        return []
    qt = question.qtype
    if question.ordinal is not None and focus is not None:
        seed = next((c for c in ranked if c.hit.chunk_id == focus.chunk_id), None)
        seed = seed or Candidate(focus, split(focus.text)[0], 0, 0, 0, 0)
        picked = _by_ordinal(decision_block(question, seed, item_passages), question.ordinal)
        if picked:
            return picked
    if qt is QType.DECISION:
        typed = [c for c in ranked[:8] if c.typed > 0 or is_decision_heading(c.hit.heading)]
        seed = typed[0] if typed and typed[0].score >= 0.75 * ranked[0].score else ranked[0]
        block = decision_block(question, seed, item_passages)
        return _distinct(block) if block else _complete_lead_ins(_near_top(ranked, 0.85, 2))
    if qt is QType.ACTION:
        seed = ranked[0]
        rows = _with_continuation(seed) if seed.span.is_row else [seed]
        extra = [c for c in _near_top(ranked, 0.85, 3) if c not in rows]
        return _complete_lead_ins(_distinct(rows + extra)[:4])
    if qt is QType.SUMMARY:
        same_item = [c for c in ranked if c.hit.item == ranked[0].hit.item]
        picked = _near_top(same_item, 0.7, 4)
        return _complete_lead_ins(_reading_order(picked))
    multi = bool(_MULTI_PART.search(question.text))
    picked = _near_top(ranked, 0.75 if multi else 0.85, 3 if multi else 2)
    if qt in (QType.FIGURE, QType.WHO, QType.WHEN):
        picked = _typed_neighbour(question, picked)
    return _complete_lead_ins(picked)
