"""The timeline answerer: for a question about what happened to a named subject over several
meetings ("how did the greenway come up over the years?"), the subject's timeline entries, each
meeting's quote in date order, with a link to the full timeline."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from urllib.parse import urlencode

from assistant.answerers import Context, Proposal, proposal
from assistant.question import STOPWORDS, Question, content_terms
from assistant.timeline import CAPITALISED, build
from corpus.dates import MONTHS, is_weekday
from index.types import Filters

# Entries an answer quotes at most: the earliest and latest matter most, so a longer timeline
# keeps its first and last ones and the chat links to the rest.
MAX_ENTRIES = 6
MAX_TOPICS = 2  # the question's names tried, longest first
_NAME = re.compile(CAPITALISED)


def topics_of(q: Question, committees: list[str]) -> list[str]:
    """The subjects a question names: its runs of capitalised words, less question words,
    months and the names of the bodies it asks about, longest first."""
    body_words = {t for c in committees for t in content_terms(c)}
    found = []
    for m in _NAME.finditer(q.text):
        words = m.group(0).split()
        while words and (
            words[0].lower() in STOPWORDS or words[0].lower() in MONTHS or is_weekday(words[0])
        ):
            words = words[1:]
        name = " ".join(words).strip(" '’-")
        if name.endswith(("'s", "’s")):
            name = name[:-2]
        terms = content_terms(name)
        if terms and not all(t in body_words for t in terms) and not name.isdigit():
            found.append(name)
    return sorted(dict.fromkeys(found), key=lambda n: -len(n.split()))[:MAX_TOPICS]


def _period(q: Question, filters: Filters | None) -> Filters | None:
    """The question's own years as a date range ("between 2016 and 2024"), on top of filters."""
    years = sorted({int(y) for y in q.years if y.isdigit()})
    since = date(years[0], 1, 1) if len(years) > 1 else None
    until = date(years[-1], 12, 31) if len(years) > 1 else None
    if q.bound:
        side, day = q.bound
        since, until = (day, until) if side == "after" else (since, day)
    if since is None and until is None:
        return filters
    base = filters or Filters()
    return replace(base, since=base.since or since, until=base.until or until)


def timeline_url(topic: str) -> str:
    return "/timeline?" + urlencode({"topic": topic})


def timeline(q: Question, ctx: Context) -> list[Proposal]:
    """The timeline of each subject the question names that more than one meeting dealt with."""
    if not hasattr(ctx.index, "matching"):
        return []
    committees = ctx.index.committees() if hasattr(ctx.index, "committees") else []
    out = []
    for topic in topics_of(q, committees):
        result = build(topic, ctx.index, filters=_period(q, ctx.filters))
        entries = [e for e in result.entries if e.hit is not None]
        if len(entries) < 2:
            continue
        shown = entries
        if len(entries) > MAX_ENTRIES:
            shown = [*entries[: MAX_ENTRIES - 2], *entries[-2:]]
        note = (
            f"{len(entries)} meetings dealt with {topic}; the full timeline: "
            f"({timeline_url(topic)})."
        )
        # the answerer's own score: how much of the question the subject's name covers
        prior = len(content_terms(topic)) / max(1, len(q.terms))
        p = proposal("timeline", "timeline", [(e.hit, e.quote) for e in shown], ctx,
                     min(1.0, prior), note=note)  # fmt: skip
        if p:
            out.append(p)
    return out
