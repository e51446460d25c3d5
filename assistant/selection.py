"""Choosing the sentences that make up an answer, by question kind, from scored candidates."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from assistant.answertypes import answer_type
from assistant.coverage import missing_names
from assistant.evidence import Candidate, capitalised, is_decision_heading
from assistant.question import QType, Question, stem, tokens
from assistant.sentences import Span, normalise, split, starts_item
from index.types import Hit

ItemPassages = Callable[[Hit], list[Hit]]  # a hit -> every chunk of its item, in reading order

_MULTI_PART = re.compile(
    r"\b(and|also|as well as|compared?)\b.*\b(how|what|who|when|which)\b|,", re.I
)
_LEAD_IN = re.compile(
    r"^(?:resolved\b|(?:the )?recommendations?\b|(?:the )?(?:board|committee|cabinet|council) "
    r"(?:recommends|resolved|agreed))",
    re.I,
)
_REASONS = re.compile(r"^reasons?(?:\(s\))? for (?:the )?decisions?\b", re.I)
_CONTINUES = re.compile(r"recommend|resolv|agreed|decision", re.I)
_DECIDED = re.compile(
    r"\b(?:agreed|agrees|resolved|resolves|decided|decides|recommend\w*|approved|approves|"
    r"endorsed|endorses|carried|adopted|adopts)\b",
    re.I,
)
_EMPTY = re.compile(r"^(?:none|n/a|nil)\.?$", re.I)
MAX_BULLETS = 10
_JOINING_WORDS = "a an the of and or to with for in on by at from that which"
_JOINERS = frozenset(_JOINING_WORDS.split())
TYPED_RATIO = 0.7  # a typed sentence this close to the best one is preferred to it
PARAGRAPH = 5  # sentences of the best sentence's paragraph a summary quotes
MIN_SUMMARY_WORDS = 6  # shorter sentences do not open a summary
MAX_SUMMARY = 8  # sentences of a summary answer
MAX_ROWS = 3  # rows quoted for one tracker entry broken over lines or pages
LIST_ITEMS = 3  # items of a list brought in after its lead-in
WHOLE_LIST = 25  # items quoted when the best sentence introduces the list
LIST_SHARE = 0.7  # two items of one list this close to the best sentence: the list answers
SAME = 0.85  # word-set overlap above which two sentences are the same sentence
_WORDS = re.compile(r"\w+")


def distinct(cands: Sequence[Candidate]) -> list[Candidate]:
    """Drop repeats: a paper and the pack that holds it, or a draft and its minute, quote alike."""
    kept: list[tuple[Candidate, set[str]]] = []
    for c in cands:
        words = set(_WORDS.findall(normalise(c.quote).lower()))
        duplicate = any(
            words == other or (words and len(words & other) / len(words | other) >= SAME)
            for _, other in kept
        )
        if not duplicate:
            kept.append((c, words))
    return [c for c, _ in kept]


def is_heading(c: Candidate) -> bool:
    """A short line mostly in capitals (an item title): it names a topic, it answers nothing."""
    return not c.span.is_row and capitalised(c.quote) > 0.6 and len(c.quote.split()) <= 15


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
        elif started and _REASONS.match(text):
            break  # "Reasons for decision: ..." explains the decisions; it is not one of them
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


def _continues(text: str, span: Span) -> bool:
    """True for a row whose first cell is empty: it carries on the row above it."""
    line_start = text.rfind("\n", 0, span.start) + 1
    return span.is_row and text[line_start : 1 + line_start].isspace()


def _with_continuation(seed: Candidate, item_passages: ItemPassages | None) -> list[Candidate]:
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
        out.append(Candidate(seed.hit, span, seed.rank, 0, 0, 0, seed.dense, seed.score))
    if not _unfinished(out[-1].quote) or item_passages is None or len(out) >= MAX_ROWS:
        return out
    # The row's text stops mid-sentence: the page broke it, and it goes on in the next chunk.
    later = [h for h in item_passages(seed.hit) if h.ordinal > seed.hit.ordinal]
    if later:
        nxt = min(later, key=lambda h: h.ordinal)
        spans = split(nxt.text)
        if spans:
            out.append(Candidate(nxt, spans[0], seed.rank, 0, 0, 0, seed.dense, seed.score))
    return out


def _unfinished(row: str) -> bool:
    """A row with a cell that stops mid-sentence ("convened with the")."""
    cells = [cell.split() for cell in row.split("\t") if cell.strip()]
    return any(words[-1].lower() in _JOINERS for words in cells)


def _neighbours(seed: Candidate, before: int, after: int) -> list[Candidate]:
    """Sentences around the seed in its chunk, in reading order (the seed excluded)."""
    spans = split(seed.hit.text)
    at = next((i for i, sp in enumerate(spans) if sp.start == seed.span.start), None)
    if at is None:
        return []
    around = spans[max(0, at - before) : at] + spans[at + 1 : at + 1 + after]
    return [Candidate(seed.hit, sp, seed.rank, 0, 0, 0, seed.dense, seed.score) for sp in around]


def _complete_lead_ins(
    picked: list[Candidate],
    item_passages: ItemPassages | None = None,
    best: Candidate | None = None,
) -> list[Candidate]:
    """A sentence that ends in a colon introduces a list: bring the list's first items with it,
    or the whole list when that sentence is the best answer (a board's terms of reference)."""
    out: list[Candidate] = []
    for i, c in enumerate(picked):
        out.append(c)
        nxt = picked[i + 1] if i + 1 < len(picked) else None
        if not c.quote.rstrip().endswith(":") or (nxt is not None and nxt.hit is c.hit):
            continue  # not a lead-in, or its list item was picked with it
        is_best = best is not None and (c.hit.chunk_id, c.span) == (best.hit.chunk_id, best.span)
        whole = _whole_list(c, item_passages) if is_best else []
        if whole:
            out += whole
            continue
        following = [n for n in _neighbours(c, 0, LIST_ITEMS) if n.span.start > c.span.start]
        if not following and item_passages is not None:
            # The list goes on in the next chunk (a page break or a chunk boundary).
            later = [h for h in item_passages(c.hit) if h.ordinal > c.hit.ordinal][:1]
            following = [
                Candidate(h, sp, c.rank, 0, 0, 0, c.dense, c.score)
                for h in later
                for sp in split(h.text)[:LIST_ITEMS]
            ]
        out += following
    return distinct(out)


def _whole_list(lead: Candidate, item_passages: ItemPassages | None) -> list[Candidate]:
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
            if starts_item(hit.text, sp) or wrapped:
                out.append(Candidate(hit, sp, lead.rank, 0, 0, 0, lead.dense, lead.score))
                if len(out) >= WHOLE_LIST:
                    return out
            elif n and skipped < 2 and len(sp.text(hit.text).split()) <= 6:
                if any(o.hit is hit for o in out):
                    return out
                skipped += 1
            else:
                return out
    return out


def _with_lead_ins(picked: list[Candidate]) -> list[Candidate]:
    """Put back the short lead-in a sentence follows ("Report contact:"), so the quote reads."""
    out: list[Candidate] = []
    for c in picked:
        before = _neighbours(c, 1, 0)
        if before and before[0].quote.endswith(":") and len(before[0].quote.split()) <= 6:
            out.append(before[0])
        out.append(c)
    return distinct(out)


def _says(text: str) -> bool:
    """A sentence that says something: long enough, and not a title in capitals throughout."""
    words = [w for w in text.split() if w[:1].isalpha() and len(w) > 3]  # not "of", "the"
    lower = sum(w[0].islower() for w in words)
    return len(text.split()) >= MIN_SUMMARY_WORDS and lower >= 0.3 * len(words)


def _names_in_paragraph(question: Question, c: Candidate) -> bool:
    """Whether the candidate's paragraph holds every name the question gives."""
    if not question.names:
        return True
    block = " ".join(sp.text(c.hit.text) for sp in split(c.hit.text) if sp.block == c.span.block)
    found = {stem(t) for t in tokens(block)}
    return all(n in found for n in question.names)


def _paragraph(seed: Candidate) -> list[Candidate]:
    """The sentences of the seed's paragraph or bullet, up to PARAGRAPH of them around it: what
    someone said or a report argued is a paragraph, not its best sentence alone."""
    spans = [sp for sp in split(seed.hit.text) if sp.block == seed.span.block]
    at = next((i for i, sp in enumerate(spans) if sp.start == seed.span.start), 0)
    start = max(0, min(at - 1, len(spans) - PARAGRAPH))
    return [
        Candidate(seed.hit, sp, seed.rank, 0, 0, 0, seed.dense, seed.score)
        for sp in spans[start : start + PARAGRAPH]
    ]


def _typed_neighbour(question: Question, picked: list[Candidate]) -> list[Candidate]:
    """When the best sentence lacks the figure, name or date, take it from a sentence beside it."""
    seed = picked[0]
    if seed.typed >= 0.6:
        return picked
    for n in _neighbours(seed, 2, 2):
        if answer_type(question, n.quote) >= 0.6:
            return _reading_order([seed, n]) + picked[1:]
    return picked


def _answering_list(ranked: list[Candidate], picked: list[Candidate]) -> list[Candidate]:
    """The lead-in of a list two of whose items score near the best sentence ("areas must be
    willing to commit to the following:" over bullets that each answer part of the question):
    the list as a whole is the answer, so its lead-in is quoted and brings its items."""
    top = ranked[0].score
    near = [c for c in ranked if c.score >= LIST_SHARE * top and not c.span.is_row]
    for hit in dict.fromkeys(c.hit for c in near):
        spans = split(hit.text)
        leads = [sp for sp in spans if sp.text(hit.text).rstrip().endswith(":")]
        if not leads:
            continue
        for lead, after in zip(leads, [*leads[1:], None], strict=True):
            items = {
                c.span.block
                for c in near
                if c.hit is hit
                and c.span.block > lead.block
                and (after is None or c.span.start < after.start)
            }
            if len(items) < 2:
                continue
            if any(p.hit is hit and p.span == lead for p in picked):
                return []
            return [Candidate(hit, lead, 0, 0, 0, 0, 0.0, top)]
    return []


def _item_by_votes(ranked: list[Candidate], depth: int = 10) -> Candidate | None:
    """The best sentence of the item most of the top passages come from, when one clearly leads.

    One sentence can score well anywhere; an item whose passages fill the top of the ranking is
    what the question is about, so its decisions are the ones to quote.
    """
    best: dict[int, Candidate] = {}
    for c in ranked:
        if c.hit.item and c.hit.chunk_id not in best:
            best[c.hit.chunk_id] = c
        if len(best) >= depth:
            break
    votes: dict[tuple[str, str], float] = {}
    for c in best.values():
        key = (c.hit.paper_id, c.hit.item)
        votes[key] = votes.get(key, 0.0) + c.score
    if not votes:
        return None
    ordered = sorted(votes.items(), key=lambda kv: -kv[1])
    (leader, lead), runner = ordered[0], (ordered[1][1] if len(ordered) > 1 else 0.0)
    if lead < 2 * runner:
        return None
    return next(c for c in best.values() if (c.hit.paper_id, c.hit.item) == leader)


def select(
    question: Question,
    ranked: list[Candidate],
    *,
    item_passages: ItemPassages | None = None,
    focus: Hit | None = None,
) -> list[Candidate]:
    """The sentences that answer the question, in the order they should be read."""
    ranked = distinct([c for c in ranked if not is_heading(c)] or ranked)
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
        voted = _item_by_votes(ranked)
        if voted is not None:
            block = decision_block(question, voted, item_passages)
            if block and not missing_names(question, block):
                return distinct(block)
        decisive = [c for c in ranked[:8] if c.typed > 0 or is_decision_heading(c.hit.heading)]
        top = ranked[0]
        seed = decisive[0] if decisive and decisive[0].score >= 0.75 * top.score else top
        if seed is not top and top.named > seed.named:
            seed = top  # the item that names what was asked about wins over a decision elsewhere
        for start in dict.fromkeys([seed, top]):
            block = decision_block(question, start, item_passages)
            if block and not missing_names(question, block):
                return distinct(block)
        # No recommendation block: a sentence that says what was decided, and what follows it.
        # An agenda line naming the item, or the discussion around it, is not what was decided.
        if not _says(top.quote) or not _DECIDED.search(top.quote):
            return []
        around = [top, *_neighbours(top, 0, 3)]
        return _complete_lead_ins(distinct(around), item_passages)
    if qt is QType.ACTION:
        out: list[Candidate] = []
        for c in _near_top(ranked, 0.85, 3):
            out += _with_continuation(c, item_passages) if c.span.is_row else [c]
        return _complete_lead_ins(distinct(out)[:5], item_passages)
    if qt is QType.SUMMARY:
        # a title or a fragment ("Social Care Services Board Monday 25 January 2016") says nothing
        said = [c for c in ranked if _says(c.quote)] or ranked
        same_item = [c for c in said if c.hit.item == said[0].hit.item]
        picked = _near_top(same_item, 0.6, 5)
        # "what did the Liberal Democrat leader object to": the paragraphs that name them
        picked = [c for c in picked if _names_in_paragraph(question, c)] or picked
        whole = _paragraph(picked[0]) + picked
        return _complete_lead_ins(
            _reading_order(distinct(whole))[:MAX_SUMMARY], item_passages, best=picked[0]
        )
    if qt in (QType.FIGURE, QType.WHO, QType.WHEN):
        # The answer must hold a figure, a name or a date: close candidates that do go first.
        typed = [c for c in ranked if c.typed >= 0.6 and c.score >= TYPED_RATIO * ranked[0].score]
        ranked = typed + [c for c in ranked if c not in typed]
    multi = bool(_MULTI_PART.search(question.text))
    picked = _near_top(ranked, 0.75 if multi else 0.85, 3 if multi else 2)
    if qt in (QType.FIGURE, QType.WHO, QType.WHEN):
        picked = _typed_neighbour(question, picked)
    else:
        picked += _answering_list(ranked, picked)
    return _complete_lead_ins(_with_lead_ins(picked), item_passages, best=picked[0])
