"""The text answerer: units of the retrieved passages around their best-matching sentences.

Units are cut by the papers' own layout, never by the question's wording: a sentence (with the
short lead-in it follows), a sentence and its neighbour, its paragraph, a list with its lead-in, a
table row with the rows that continue it, the seed with what follows it in its item (a motion
and its vote), and an item's block of recommendations or resolutions.
Every unit a seed sentence belongs to is proposed; the ranker chooses which one answers.
"""

from __future__ import annotations

from assistant.answerers import Context, Proposal, proposal
from assistant.answerers.units import (
    decision_block,
    distinct,
    is_heading,
    neighbours,
    paragraph,
    whole_list,
    window,
    with_continuation,
    with_lead_ins,
)
from assistant.evidence import Candidate, candidates
from assistant.people import person_lines
from assistant.question import Question
from assistant.sentences import starts_item

# Sentences, best by question-term coverage, whose units are proposed. More seeds reach few more
# answers: with 40, or with the best two or three sentences of every passage added, some proposal
# held every key for 0.801-0.806 of the 396 answerable questions about one meeting's papers,
# against 0.793, with 45-65% more proposals for the ranker to choose among (December 2026); 15
# passages instead of 10, a like widening, held fewer keys (benchmarks/fit_answering.py, K).
SEEDS = 24
MAX_WORDS = 200  # a unit is cut to its leading quotes within this many words
# The words of a window unit (the seed and what follows or leads up to it): within the answer
# length the papers' readers want (median 80 words), so a window is never cut down later.
WINDOW_WORDS = 70


def _seeds(q: Question, cands: list[Candidate]) -> list[Candidate]:
    """The sentences that best cover the question's terms (earlier passages first on ties)."""
    said = [c for c in cands if not is_heading(c)]
    ordered = sorted(said, key=lambda c: (-round(c.lexical + 0.5 * c.context, 3), c.rank))
    return distinct(ordered)[:SEEDS]


def _lead_of(seed: Candidate) -> Candidate | None:
    """The lead-in ("... the following:") of the list a seed sentence is an item of."""
    for prev in reversed(neighbours(seed, 12, 0)):
        if prev.quote.rstrip().endswith(":"):
            return prev
        if not starts_item(prev.hit.text, prev.span) and prev.span.block != seed.span.block:
            return None
    return None


def _capped(cands: list[Candidate]) -> list[Candidate]:
    out, words = [], 0
    for c in cands:
        words += len(c.quote.split())
        if out and words > MAX_WORDS:
            break
        out.append(c)
    return out


def _units(q: Question, seed: Candidate, ctx: Context) -> dict[str, list[Candidate]]:
    units: dict[str, list[Candidate]] = {"sentence": with_lead_ins([seed])}
    after = neighbours(seed, 0, 1)
    if after and after[0].span.block == seed.span.block:
        units["pair"] = [seed, after[0]]
    around = paragraph(seed)
    if len(around) > 1:
        units["paragraph"] = around
    lead = seed if seed.quote.rstrip().endswith(":") else _lead_of(seed)
    if lead is not None:
        units["list"] = [lead, *whole_list(lead, ctx.item_passages)]
    if seed.span.is_row:
        units["row"] = with_continuation(seed, ctx.item_passages)
    run = window(seed, ctx.item_passages, words=WINDOW_WORDS, after=True)
    if len(run) > 1:
        units["following"] = run
    block = decision_block(q, seed, ctx.item_passages)
    if block:
        units["decision"] = block
    return units


def text_units(q: Question, ctx: Context) -> list[Proposal]:
    """Proposals for every unit around the best-covering sentences of the passages."""
    cands = candidates(q, ctx.hits)
    seeds = _seeds(q, cands)
    out: list[Proposal] = []
    seen: set[tuple] = set()
    for seed in seeds:
        for unit, picked in _units(q, seed, ctx).items():
            picked = _capped(distinct(picked))
            key = tuple((c.hit.chunk_id, c.span.start) for c in picked)
            if key in seen or not picked or all(is_heading(c) for c in picked):
                continue
            seen.add(key)
            p = proposal("text", unit, [(c.hit, c.quote) for c in picked], ctx, seed.lexical)
            if p is not None:
                out.append(p)
    people = person_lines(q, seeds, ctx.item_passages)
    p = people and proposal("people", "person", [(c.hit, c.quote) for c in people], ctx)
    return [*out, *([p] if p else [])]
