"""What a question gives that an answer must hold: its names, figures, years and committee.

A passage that answers "how many residents in quarter 3 in Ashford?" names Ashford and quarter 3;
one that answers "what did Cabinet decide in 2024?" is Cabinet's, and of 2024. Whatever is lacking
is listed, and `ask` looks further or refuses rather than answer about something else.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.evidence import Candidate
from assistant.question import QType, Question, stem, tokens


def missing_names(question: Question, chosen: Sequence[Candidate]) -> list[str]:
    """Proper names of the question in none of the chosen passages, and qualifying figures
    ("quarter 3") in none of the chosen sentences or their headings."""
    passages: set[str] = set()
    quoted: set[str] = set()
    texts: list[str] = []
    for c in chosen:
        h = c.hit
        around = f"{h.breadcrumb} {h.document} {h.item or ''}"
        if c.hit.chunk_id == chosen[0].hit.chunk_id:  # names: the main passage must hold them
            passages |= {stem(t) for t in tokens(f"{h.text} {around}")}
        quoted |= set(tokens(f"{c.quote} {around}"))
        texts.append(f"{h.text} {around}")
    return (
        [n for n in question.names if n not in passages]
        + [f for f in question.numbers if f.lower() not in quoted]
        + _missing_years(question, chosen, " ".join(texts))
        + _other_committee(question, chosen)
    )


def _other_committee(question: Question, chosen: Sequence[Candidate]) -> list[str]:
    """ "What did Cabinet decide" is not answered by the full council's resolution."""
    if question.qtype is not QType.DECISION or not question.committees or not chosen:
        return []
    committee = chosen[0].hit.committee
    if committee is None or committee in question.committees:
        return []
    return [f"committee {question.committees[0]}"]


def _missing_years(question: Question, chosen: Sequence[Candidate], text: str) -> list[str]:
    """The years the question names when the chosen passages neither mention one nor come from a
    meeting held in one (or the year after, when last year is reported on): "complaints in
    2014-15" is not answered by a 2024 figure."""
    if not question.years or not chosen:
        return []
    if any(year in text for year in question.years):
        return []
    day = chosen[0].hit.meeting_date
    named = {int(y) for y in question.years}
    if day is not None and (day.year in named or day.year - 1 in named):
        return []
    return [f"year {question.years[0]}"]
