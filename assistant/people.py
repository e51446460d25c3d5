"""People listed rather than written about: signature lines and membership rows.

"Who signed the foreword?" and "who represented Healthwatch on the group?" are answered by a line
that is a name and a role ("Alex Walters Independent Chair, Surrey Safeguarding Children Board";
"Matthew Parris<TAB>Consumer Champion, Healthwatch Surrey"), not by a sentence, so the sentence
scores pass them by. This looks for such a line in the items the top passages come from.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from assistant.evidence import Candidate
from assistant.question import Question, stem, tokens
from assistant.sentences import Span, split
from index.types import Hit

_ROLE = (
    r"(?:Chair(?:man|woman|person)?|Director|Manager|Officer|Leader|Head|Member|Executive|"
    r"Commissioner|Champion|Lead|Secretary|Counsel|Analyst|Worker|Adviser|Advisor|Representative|"
    r"Consultant|Coordinator|Co-ordinator|Nurse|Practitioner|Inspector|President|Mayor)"
)
# A line that opens with a name (with or without a title) and names a role after it.
_PERSON_LINE = re.compile(
    r"^[ \t\-•*]*(?:(?:Mr|Mrs|Ms|Miss|Dr|Cllr|Councillor|Professor|Sir|Dame)\.?\s+)?"
    r"[A-Z][a-z]+(?:[ -][A-Z][a-z'-]+){1,2}\b[^\n]{0,120}?\b" + _ROLE + r"\b"
)
_SIGNED = re.compile(r"\b(?:signed|sign|wrote|written|author\w*|foreword|introduc\w*)\b", re.I)
# "Report contact:" names whom to ask, not who signed or wrote
_CONTACT = re.compile(r"\bcontact(?: officer| details)?\s*:?\s*$", re.I)
MAX_WORDS = 25  # a signature or a table row, not a sentence
SEEDS = 3  # top candidates whose items are searched
SIGNED_SEEDS = 8  # for "who signed": top candidates a signature may follow
AFTER = 40  # units (sentences, lines) after such a candidate that a signature may stand


def _is_person_line(text: str) -> bool:
    return len(text.split()) <= MAX_WORDS and bool(_PERSON_LINE.match(text))


def _with_continuations(text: str) -> list[Span]:
    """The passage's units, a unit ending in a comma joined with the line that finishes it (a
    table row "Matthew Parris<TAB>Consumer Champion," / "Healthwatch Surrey")."""
    spans = split(text)
    out: list[Span] = []
    for n, span in enumerate(spans):
        nxt = spans[n + 1] if n + 1 < len(spans) else None
        if nxt is not None and span.text(text).rstrip().endswith(","):
            out.append(replace(span, end=nxt.end))
        else:
            out.append(span)
    return out


@dataclass(frozen=True)
class _Item:
    """An item's person lines and the reading order of its units, read once per question."""

    lines: list[Candidate]
    order: list[tuple[int, int]]  # (passage ordinal, unit start) of every unit, in reading order

    @classmethod
    def read(cls, seed: Candidate, passages: list[Hit]) -> _Item:
        lines = [
            Candidate(h, span, seed.rank)
            for h in passages
            for span in _with_continuations(h.text)
            if _is_person_line(span.text(h.text))
        ]
        return cls(lines, [(h.ordinal, sp.start) for h in passages for sp in split(h.text)])


def _naming(question: Question, seed: Candidate, item: _Item) -> Candidate | None:
    """A person line of the item naming what the question names and the item's title does not."""
    title = {stem(t) for t in tokens(f"{seed.hit.item or ''} {seed.hit.breadcrumb}")}
    distinct = [n for n in question.names if n not in title]
    if not distinct:
        return None
    for c in item.lines:
        words = {stem(t) for t in tokens(c.quote)}
        if all(n in words for n in distinct):
            return c
    return None


def _signature(seed: Candidate, item: _Item) -> Candidate | None:
    """The first person line within AFTER units after the seed: who signed what it opens."""
    here = (seed.hit.ordinal, seed.span.start)
    if here not in item.order:
        return None
    limit = item.order[min(len(item.order) - 1, item.order.index(here) + AFTER)]
    after = [
        c
        for c in item.lines
        if here < (c.hit.ordinal, c.span.start) <= limit and not _CONTACT.search(_before(c))
    ]
    if not after:
        return None
    first = after[0]
    line_end = first.hit.text.find("\n", first.span.start, first.span.end)
    # a signature is its own line; wrapped text may have run it into the heading after it
    return replace(first, span=replace(first.span, end=line_end)) if line_end > 0 else first


def _before(c: Candidate) -> str:
    """The line before a candidate in its passage."""
    text = c.hit.text[: c.span.start].rstrip()
    return text[text.rfind("\n") + 1 :]


def person_lines(
    question: Question,
    ranked: Sequence[Candidate],
    item_passages: Callable[[Hit], list[Hit]],
) -> list[Candidate]:
    """A name-and-role line that answers a "who" question: one naming what the question names
    and its item does not ("Healthwatch"), or for "who signed / wrote" the first one after a
    top passage. Empty when there is none."""
    items: dict[tuple[str, str | None], _Item] = {}
    signed = bool(_SIGNED.search(question.text))
    for seed in ranked[: SIGNED_SEEDS if signed else SEEDS]:
        key = (seed.hit.paper_id, seed.hit.item)
        if key not in items:
            passages = (item_passages(seed.hit) if seed.hit.item else []) or [seed.hit]
            items[key] = _Item.read(seed, passages)
        found = _naming(question, seed, items[key])
        if found is None and signed:
            found = _signature(seed, items[key])
        if found is not None:
            return [found]
    return []
