"""The timeline answerer: for a question about what happened to a named subject over several
meetings ("how did the greenway come up over the years?"), the subject's timeline entries, each
meeting's quote in date order, with a link to the full timeline."""

from __future__ import annotations

import math
import re
from dataclasses import replace
from datetime import date, timedelta
from urllib.parse import urlencode

from assistant.answerers import Context, Proposal, proposal
from assistant.question import STOPWORDS, Question, content_terms, stem
from assistant.sentences import split
from assistant.timeline import build
from corpus.dates import MONTHS, is_weekday
from index.types import Filters

# Entries an answer quotes at most, and words per entry: the earliest and latest matter most,
# so a longer timeline keeps its first and last ones, each cut to the sentences that open its
# quote, and the chat links to the full timeline; 5 x 40 keeps the answer within the 200 words
# every answer keeps to (issue 11's length targets).
MAX_ENTRIES = 5
ENTRY_WORDS = 40
MAX_TOPICS = 1  # the question's subjects followed, most informative first
MAX_WORDS = 6  # content words a subject's name runs to at most
MAX_CHECKS = 40  # phrases looked up in the index at most, most informative first
_TOKEN = re.compile(r"[\w’'&-]*\w")
_YEAR = re.compile(r"(?:19|20)\d\d(?:[-–/](?:19|20)?\d\d)?")


def topics_of(q: Question, index) -> list[str]:
    """The subjects a question names, most informative first: the runs of its words that the
    papers use as they stand (an exact phrase of at least two passages), scored by the sum of
    their content words' inverse document frequency over the index. So "sulky racing" in "how
    did the council move to regulate sulky racing on public roads?", and "Westcliff Library
    refurbishment", never "Trace the Westcliff", which no paper says. Months, weekdays and years
    break a run, and no run of a body's name is a subject: they say when and where, not what."""
    bodies = {t for c in index.committees() for t in content_terms(c)}
    tokens = [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(q.text)]
    runs: list[list[tuple[int, int, str]]] = [[]]
    for n, (start, end, word) in enumerate(tokens):
        lower = word.lower().strip("’'")
        between = q.text[tokens[n - 1][1] : start] if n else " "
        if between.strip() or _breaks(lower):
            runs.append([])  # punctuation, or a word that is no part of a subject's name
        if not _breaks(lower):
            runs[-1].append((start, end, lower))
    options = []
    for run in runs:
        content = [i for i, (_, _, w) in enumerate(run) if w not in STOPWORDS]
        for a, i in enumerate(content):
            for j in content[a : a + MAX_WORDS]:
                words = [w for _, _, w in run[i : j + 1] if w not in STOPWORDS]
                if not all(stem(w) in bodies for w in words):  # a body's name is no subject
                    options.append((run[i][0], run[j][1], words))
    if not options:
        return []
    vocabulary = sorted({w for _, _, words in options for w in words})
    counts, chunks = index.frequencies(vocabulary)
    weight = {
        w: _weight(docs, times, chunks) for w, (docs, times) in zip(vocabulary, counts, strict=True)
    }
    # the most informative first, and of two as informative the longer, the fuller name
    options.sort(key=lambda o: (-sum(weight[w] for w in o[2]), -len(o[2])))
    found: list[tuple[int, int]] = []
    for start, end, _ in options[:MAX_CHECKS]:
        if any(start < b and end > a for a, b in found):
            continue
        phrase = q.text[start:end]
        if index.match_count('"' + phrase.replace('"', '""') + '"') >= 2:
            found.append((start, end))
            if len(found) == MAX_TOPICS:
                break
    return [q.text[a:b] for a, b in found]


def _weight(docs: int, times: int, chunks: int) -> float:
    """How much a word says what a passage is about: its inverse document frequency times its
    residual IDF (Church and Gale 1995), the excess of its IDF over what a word as frequent but
    scattered at random would have. A subject's words come in bursts ("knotweed" three times
    in the passages that name it); a question's own verbs ("told", "happened") and the papers'
    common words do not, whatever their rarity."""
    if not docs or not chunks:
        return 0.0
    idf = math.log2(chunks / docs)
    residual = idf + math.log2(-math.expm1(-times / chunks))
    return idf * max(residual, 0.0)


def _breaks(word: str) -> bool:
    return word in MONTHS or is_weekday(word) or bool(_YEAR.fullmatch(word))


def _period(q: Question, filters: Filters | None) -> Filters | None:
    """The question's own years as a date range ("between 2016 and 2024", "in 2022", "since
    2018"), on top of filters."""
    years = sorted({int(y) for y in q.years if y.isdigit()})
    since = date(years[0], 1, 1) if years and not q.bound else None
    until = date(years[-1], 12, 31) if years and not q.bound else None
    if len(years) > 1 and q.bound:  # "since the 2016 lease and 2024"
        until = date(years[-1], 12, 31)
    if q.bound:  # strictly after or before its day
        side, day = q.bound
        if side == "after":
            since = day + timedelta(days=1)
        else:
            until = day - timedelta(days=1)
    if since is None and until is None:
        return filters
    base = filters or Filters()
    return replace(base, since=base.since or since, until=base.until or until)


def opening(quote: str, words: int = ENTRY_WORDS) -> str:
    """The quote's first sentences within `words` words (its first sentence at least): the
    entry's quote opens on the sentence naming the subject, and that is what an answer keeps."""
    spans = split(quote)
    if not spans:
        return quote
    end = spans[0].end
    for span in spans[1:]:
        if len(quote[: span.end].split()) > words:
            break
        end = span.end
    return quote[:end]


def timeline_url(topic: str) -> str:
    return "/timeline?" + urlencode({"topic": topic})


def timeline(q: Question, ctx: Context) -> list[Proposal]:
    """The timeline of each subject the question names that more than one meeting dealt with."""
    if not hasattr(ctx.index, "matching"):
        return []
    out = []
    period = _period(q, ctx.filters)
    scopes = [period]
    if q.committees and not (period and period.committees):
        # the bodies the question names ("at Newcastle West district meetings") first; they are
        # matched on a few words and may be wrong, so without them when they leave no timeline
        scopes.insert(0, replace(period or Filters(), committees=q.committees))
    for topic in topics_of(q, ctx.index):
        for scope in scopes:
            result = build(topic, ctx.index, filters=scope)
            entries = [e for e in result.entries if e.hit is not None]
            if len(entries) >= 2:
                break
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
        p = proposal("timeline", "timeline", [(e.hit, opening(e.quote)) for e in shown], ctx,
                     min(1.0, prior), note=note)  # fmt: skip
        if p:
            out.append(p)
    return out
