"""Topic timelines: one entry per meeting that dealt with a subject, in date order, each with one
verbatim quote that says what happened there.

The path runs one way, like a question's: the topic's names (as typed, plus the acronyms and
former names the papers themselves give it) → every chunk that names it (FTS5, all of them, not
the best few) → evidence per meeting (item titles, register records and repeated mentions weigh
most; one mention in passing in another item does not make an entry) → one quote per meeting (the
decision when there is one) → entries.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from assistant.question import STOPWORDS, stem
from assistant.sentences import split
from assistant.types import paper_url
from index.types import Filters, Hit

# What a meeting's best item needs to count as dealing with the topic: a title naming it (3), a
# register record naming it (2), or two mentions (1 each, at most 3). One mention in passing
# scores 1 and is left out. Checked on the topics in benchmarks/timeline.py (a mention-only
# cut of 1 added meetings where the subject was a word in a list, and lowered the share of
# entries whose quote names the subject).
TITLE, RECORD, MENTION, MAX_MENTIONS = 3.0, 2.0, 1.0, 3
DEALT_WITH = 2.0
# The register's record kinds, as a timeline names them, in order of what an entry should quote.
RECORD_KINDS = {
    "resolution": "decision",
    "agreement": "decision",
    "motion": "motion",
    "amendment": "motion",
    "recommendation": "recommendation",
    "action": "action",
    "next-step": "action",
}
_PREFERENCE = ("decision", "motion", "recommendation", "action")
# Which papers say what happened at a meeting, best first: minutes record it, the rest propose it.
_PAPER_ORDER = {"minutes": 0, "tracker": 1, "report": 2, "agenda": 3}
# How much wider than the whole topic's passages a shorter run of its words may match and still
# name it alone (see core_names): the value that scores best on all six labelled topics of
# benchmarks/timeline.py (meetings found plus entries naming the subject); held out, each topic
# scored with the value chosen on the other five, 72 of 87 meetings found, 82 of 90 entries.
CORE_WIDEN = 2.0
QUOTE_WORDS = 70  # a quote longer than this is cut to its sentences around the topic
# Characters from a name's first word that its last may reach: the longest name a topic takes
# (eight capitalised words, stopwords between them) is well within it.
NAME_CHARS = 300
# A title is short and ends without a sentence's closing mark; 15 words hold 95% of the item
# titles recovered from the shared papers (the median is 7).
HEADING_WORDS = 15
_CLOSING = tuple('.?!;:"”’)')
MAX_ALIASES = 6

_WORD = re.compile(r"[\w’'&-]+")
# A name the papers give in brackets after the topic: "Limerick Northern Distributor Road (LNDR)".
_BRACKETED = re.compile(
    r"\s*\(\s*(?:the\s+)?([A-Z][\w’'&.-]{1,14}(?:\s+[A-Z][\w’'&.-]*){0,3})\s*\)"
)
# A name: a run of capitalised words with the small words names carry ("Capital of Culture").
CAPITALISED = r"[A-Z][\w’'&.-]*(?:\s+(?:of|and|the|for|&|de|na|an)?\s*[A-Z0-9][\w’'&.-]*){0,7}"
# A former or later name the papers give it: "(formerly the Riverside Link Road)", "now known as
# the Castleford Relief Road", "renamed the X". Phrases of English, not of any one council.
# "formerly" alone introduces a name ("formerly the Riverside Link Road"); "now", "since" and
# "later" only with a verb of naming, or "now Limerick City and County Council" would be one.
_NAMING = r"(?:known\s+as|called|named|renamed(?:\s+as|\s+to)?)"
_RENAMED = re.compile(
    r"\b(?:(?:formerly|previously|originally)\s+(?:" + _NAMING + r"\s+)?"
    r"|(?:now|since|subsequently|later)\s+" + _NAMING + r"\s+"
    r"|renamed\s+(?:as\s+|to\s+)?)(?:the\s+)?(" + CAPITALISED + ")"
)
_QUESTION_ITEM = re.compile(r"\bquestions?\b", re.IGNORECASE)


@dataclass(frozen=True)
class Entry:
    """One meeting's dealing with the topic, and the quote that says what happened there."""

    meeting_date: date
    committee: str | None
    paper_id: str
    chunk_id: int
    document: str
    file: str
    item: str | None
    page: int | None
    kind: str  # decision, recommendation, action, motion, question answered, discussion, report
    quote: str  # an exact slice of the chunk's stored text
    start: int
    end: int
    mentions: int  # times the topic is named in the meeting's papers
    papers: tuple[str, ...] = ()  # every paper of the meeting that names it (agenda, minutes...)
    hit: Hit | None = field(default=None, compare=False, repr=False)  # the quoted chunk

    @property
    def url(self) -> str:
        return paper_url(self.paper_id, self.chunk_id, self.page, (self.start, self.end))

    def to_json(self) -> dict:
        return {
            "meeting_date": self.meeting_date.isoformat(),
            "committee": self.committee,
            "paper_id": self.paper_id,
            "chunk_id": self.chunk_id,
            "document": self.document,
            "file": self.file,
            "item": self.item,
            "page": self.page,
            "kind": self.kind,
            "quote": self.quote,
            "url": self.url,
            "mentions": self.mentions,
        }


@dataclass(frozen=True)
class Timeline:
    topic: str
    names: tuple[str, ...]  # the topic's names searched for: as typed, then the papers' own
    entries: tuple[Entry, ...]
    undated: int = 0  # chunks naming the topic in papers with no meeting date

    def to_json(self) -> dict:
        return {
            "topic": self.topic,
            "names": list(self.names),
            "entries": [e.to_json() for e in self.entries],
            "undated": self.undated,
        }


def _plain(text: str) -> str:
    """Text without accents, for matching ("Éireann" and "Eireann" agree, as FTS5's do)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def _accents() -> dict[int, str]:
    """Each accented Latin letter to its letter alone, one character for one, so that offsets
    in the plain text are offsets in the text (a table read in C: a timeline reads thousands
    of passages, and decomposing each character by character cost most of a broad topic's time)."""
    table = {}
    for code in range(0xC0, 0x250):
        plain = _plain(chr(code))
        if len(plain) == 1 and plain != chr(code):
            table[code] = plain
    return table


def _words(text: str, offset: int = 0) -> list[tuple[str, int, int]]:
    """(stem, start, end) of each content word, stopwords left out (so "Capital of Culture" and
    "Capital Culture" agree); offsets index `text`, plus `offset`."""
    out = []
    for m in _WORD.finditer(text.translate(_accents())):
        w = m.group(0).strip("’'&-").lower()
        if w and w not in STOPWORDS:
            out.append((stem(w), m.start() + offset, m.end() + offset))
    return out


def _stems(name: str) -> tuple[str, ...]:
    return tuple(s for s, _, _ in _words(name))


def occurrences(name_stems: Sequence[tuple[str, ...]], text: str) -> list[tuple[int, int]]:
    """(start, end) in text of every run of content words that spells one of the names."""
    names = tuple(s for s in name_stems if s)
    if not names:
        return []
    # Only the words from where a name's first word may stand are stemmed: a stem is, but for
    # its last letter ("polici" for "policy"), how its word starts, so a search for those
    # letters (in C) finds every place a name can begin.
    plain = text.translate(_accents())
    windows: list[list[int]] = []  # from each place a name may begin, merged where they meet
    for m in _first_words(names).finditer(plain):
        if windows and m.start() <= windows[-1][1]:
            windows[-1][1] = min(len(text), m.start() + NAME_CHARS)
        else:
            windows.append([m.start(), min(len(text), m.start() + NAME_CHARS)])
    found = []
    for start, end in windows:
        words = _words(text[start:end], start)
        for stems in names:
            n = len(stems)
            for i in range(len(words) - n + 1):
                if all(words[i + j][0] == stems[j] for j in range(n)):
                    found.append((words[i][1], words[i + n - 1][2]))
    # one mention named two ways ("Castleford" inside "Castleford Relief Road") counts once,
    # as its longest name
    kept: list[tuple[int, int]] = []
    for start, end in sorted(set(found), key=lambda s: (s[0], -s[1])):
        if kept and start < kept[-1][1]:
            continue
        kept.append((start, end))
    return kept


@lru_cache(maxsize=64)
def _first_words(names: tuple[tuple[str, ...], ...]) -> re.Pattern:
    heads = {n[0][: max(3, len(n[0]) - 1)] for n in names}
    return re.compile(
        r"(?<![\w’'&-])(?:" + "|".join(re.escape(h) for h in sorted(heads)) + ")", re.IGNORECASE
    )


def _fts(name: str) -> str | None:
    """An FTS5 expression for a name: its words near one another, in any form the tokenizer
    stems alike (stopwords between them allowed)."""
    words = [w for w in (m.group(0).strip("’'&-") for m in _WORD.finditer(name)) if w]
    content = [w for w in words if w.lower() not in STOPWORDS] or words
    if not content:
        return None
    quoted = " ".join('"' + w.replace('"', '""') + '"' for w in content)
    return quoted if len(content) == 1 else f"NEAR({quoted}, {len(words) + 2})"


def _expression(names: Iterable[str]) -> str:
    return " OR ".join(e for e in (_fts(n) for n in names) if e)


def _initials(name: str) -> str:
    return "".join(w[0] for w in _WORD.findall(name) if w[0].isupper() or w[0].isdigit())


def _is_acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return 2 <= len(letters) <= 10 and sum(c.isupper() for c in letters) >= 0.7 * len(letters)


def other_names(name: str, hits: Sequence[Hit], *, expand: bool = True) -> list[str]:
    """The names the papers give the same subject where they name it: the acronym bracketed
    after it, a former or later name, and (with `expand`) what an acronym stands for."""
    stems = [_stems(name)]
    found: dict[str, int] = defaultdict(int)
    for hit in hits:
        text = hit.text
        for start, end in occurrences(stems, text):
            after = _BRACKETED.match(text, end)
            if after and _is_acronym(after.group(1)):
                found[after.group(1)] += 1
            sentence = text[max(0, start - 200) : end + 200]
            for m in _RENAMED.finditer(sentence):
                other = m.group(1).strip(" .")
                if other and _stems(other) != stems[0] and len(_stems(other)) >= 2:
                    found[other] += 1
        if expand and _is_acronym(name):
            for m in re.finditer(rf"({CAPITALISED})\s*\(\s*{re.escape(name)}\s*\)", text):
                words = m.group(1).split()
                # the shortest tail of the capitalised run whose initials spell the acronym
                for i in range(len(words)):
                    tail = " ".join(words[i:])
                    if _initials(tail).lower() == name.lower():
                        found[tail] += 1
                        break
    ranked = sorted(found, key=lambda n: -found[n])
    return ranked[:MAX_ALIASES]


def core_names(topic: str, count, widen: float = CORE_WIDEN) -> list[str]:
    """The topic, then the shortest runs of its words that name the same subject: a run whose
    passages (`count(fts expression) -> chunks`) are at most `widen` times those holding all the
    topic's words. So "Gortadroma" stands for "Gortadroma landfill" and "European Capital of
    Culture" for "Limerick 2020 European Capital of Culture bid", while "Local Area Plan", which
    every plan's passages hold, does not stand for "Adare Local Area Plan"."""
    words = [w for w in (m.group(0).strip("’'&-") for m in _WORD.finditer(topic)) if w]
    spans = [
        (m.start(), m.end())
        for m in _WORD.finditer(topic)
        if m.group(0).strip("’'&-") and m.group(0).strip("’'&-").lower() not in STOPWORDS
    ]
    content = [w for w in words if w.lower() not in STOPWORDS]
    if len(spans) < 2:
        return [topic]
    together = count(" ".join('"' + w.replace('"', '""') + '"' for w in content))
    if not together:
        return [topic]
    found: list[tuple[int, int]] = []
    for size in range(1, len(spans)):
        for i in range(len(spans) - size + 1):
            if any(a >= i and b <= i + size for a, b in found):
                continue  # holds a shorter run already taken
            run = topic[spans[i][0] : spans[i + size - 1][1]]
            expression = _fts(run)
            if expression and count(expression) <= widen * together:
                found.append((i, i + size))
    return [topic, *(topic[spans[a][0] : spans[b - 1][1]] for a, b in found)]


def names_of(topic: str, find, count=None, widen: float = CORE_WIDEN) -> list[str]:
    """The topic as typed and its core runs (`core_names`, when `count` is given), then the
    names the papers give them, found by `find(expression) -> hits`: bracketed acronyms and
    former or later names, those names' own acronyms, and what the topic stands for when it is
    an acronym itself (never what a name found on the way stands for: "LAP" is a Local Area Plan
    and other things besides)."""
    topic = topic.strip()
    names = core_names(topic, count, widen) if count else [topic]
    seen = {_stems(n) for n in names}
    frontier = list(names)
    for step in range(2):  # a renamed project's acronym is two steps away from its first name
        new = []
        for name in frontier:
            expression = _expression([name])
            if not expression:
                continue
            found = other_names(name, find(expression), expand=step == 0 and name == topic)
            for other in found:
                key = _stems(other)
                if key and key not in seen and len(names) < 1 + MAX_ALIASES:
                    seen.add(key)
                    names.append(other)
                    new.append(other)
        frontier = new
    return names


@dataclass
class _Item:
    """What one item of one paper says about the topic."""

    hits: list[Hit] = field(default_factory=list)
    spans: dict[int, list[tuple[int, int]]] = field(default_factory=dict)  # chunk -> occurrences
    titled: bool = False
    records: list[tuple[str, dict]] = field(default_factory=list)  # (timeline kind, record)

    @property
    def mentions(self) -> int:
        return sum(len(s) for s in self.spans.values())

    def score(self) -> float:
        return (
            TITLE * self.titled
            + RECORD * bool(self.records)
            + MENTION * min(self.mentions, MAX_MENTIONS)
        )


def _record_span(record: dict, text: str) -> tuple[int, int] | None:
    """Where a register record's text stands in its chunk (its words, whatever the spacing)."""
    words = (record.get("text") or "").split()
    if not words:
        return None
    pattern = r"\s+".join(re.escape(w) for w in words[:60])
    m = re.search(pattern, text)
    return (m.start(), m.end()) if m else None


def _sentence_around(text: str, spans: Sequence[tuple[int, int]]) -> tuple[int, int]:
    """The sentence naming the topic first, run on to the last sentence of its paragraph that
    names it too ("X asked when the road would open. The Director replied that the road ..."),
    within QUOTE_WORDS; a sentence longer than that is cut around the name."""
    sentences = split(text)
    first = spans[0]
    inside = [s for s in sentences if s.start < first[1] and s.end > first[0]]
    if not inside:
        return first
    start, end = inside[0].start, inside[-1].end
    if len(text[start:end].split()) > QUOTE_WORDS:
        start, end = max(start, first[0] - 200), min(end, first[1] + 200)
        start = text.rfind(" ", 0, start) + 1 if start > 0 else 0
        cut = text.find(" ", end)
        return start, cut if cut != -1 else len(text)
    block = inside[-1].block
    if heading(text[start:end]):
        # a title says what the item is, not what happened: the quote runs on into the item's
        # first sentences, so it names the subject and says what was done about it
        for s in sentences:
            if s.start < end:
                continue
            if len(text[start : s.end].split()) > QUOTE_WORDS or (
                s.block != block and heading(s.text(text))
            ):
                break
            end = s.end
        return start, end
    for s in sentences:
        if s.start >= end and s.block == block and any(a < s.end and b > s.start for a, b in spans):
            if len(text[start : s.end].split()) > QUOTE_WORDS:
                break
            end = s.end
    return start, end


def heading(sentence: str) -> bool:
    """Whether a sentence is a title: a few words with no closing punctuation ("**Draft Adare
    Local Area Plan**", "Gortadroma Landfill")."""
    plain = sentence.replace("*", "").strip()
    return len(plain.split()) <= HEADING_WORDS and not plain.endswith(_CLOSING)


def _kind_of(item: _Item, hit: Hit) -> str:
    if hit.kind != "minutes":
        return "report"
    title = f"{hit.item or ''} {hit.heading or ''}"
    return "question answered" if _QUESTION_ITEM.search(title) else "discussion"


def _quote(items: list[_Item]) -> tuple[Hit, tuple[int, int], str] | None:
    """The entry's quote: a register record that names the topic (the decision first), else a
    record of an item titled with it, else the sentence naming it in the paper that best says
    what happened (minutes before reports and agendas, the titled item before others)."""

    def paper_rank(hit: Hit) -> int:
        return _PAPER_ORDER.get(hit.kind, 4)

    options = []
    for item in items:
        for kind, record in item.records:
            hit = next((h for h in item.hits if h.chunk_id == record.get("chunk_id")), None)
            if hit is None:
                continue
            span = _record_span(record, hit.text)
            if span is None:
                continue
            names_it = any(a < span[1] and b > span[0] for a, b in item.spans.get(hit.chunk_id, ()))
            if names_it or item.titled:
                rank = (0 if names_it else 1, paper_rank(hit), _PREFERENCE.index(kind))
                options.append((rank, hit, span, kind))
    for item in items:
        for hit in item.hits:
            spans = item.spans.get(hit.chunk_id)
            if spans:
                rank = (2, paper_rank(hit), 0 if item.titled else 1, -item.mentions)
                options.append((rank, hit, _sentence_around(hit.text, spans), _kind_of(item, hit)))
    if not options:
        # an item titled with the subject whose passages never name it again: its opening
        for item in items:
            for hit in item.hits:
                sentences = split(hit.text)
                if sentences:
                    span = _sentence_around(hit.text, [(sentences[0].start, sentences[0].end)])
                    rank = (3, paper_rank(hit), 0)
                    options.append((rank, hit, span, _kind_of(item, hit)))
    if not options:
        return None
    rank, hit, span, kind = min(options, key=lambda o: o[0])
    return hit, span, kind


def build(
    topic: str,
    index,
    *,
    filters: Filters | None = None,
    names: Sequence[str] | None = None,
    widen: float = CORE_WIDEN,
) -> Timeline:
    """The topic's timeline over the index (an `index.store.Index`)."""
    topic = " ".join(topic.split())
    if names is None:
        names = names_of(
            topic,
            lambda e: index.matching(e, filters=filters, limit=500),
            index.match_count,
            widen,
        )
    stems = [s for s in (_stems(n) for n in names) if s]
    expression = _expression(names)
    hits = index.matching(expression, filters=filters) if expression else []
    meetings: dict[tuple, dict[tuple, _Item]] = defaultdict(lambda: defaultdict(_Item))
    undated = 0
    records_of: dict[str, dict[int, list[dict]]] = {}
    for hit in hits:
        spans = occurrences(stems, hit.text)
        title = f"{hit.item or ''} {hit.heading or ''}"
        titled = bool(occurrences(stems, title))
        if not spans and not titled:
            continue  # FTS5 matched the words apart (NEAR); the name itself is not there
        if hit.meeting_date is None:
            undated += 1
            continue
        key = (hit.meeting_date, (hit.committee or "").lower())
        item = meetings[key][(hit.paper_id, hit.item or hit.heading)]
        item.hits.append(hit)
        item.spans[hit.chunk_id] = spans
        item.titled |= titled
        if hit.paper_id not in records_of:
            by_chunk: dict[int, list[dict]] = defaultdict(list)
            for record in index.records(hit.paper_id):
                by_chunk[record.get("chunk_id")].append(record)
            records_of[hit.paper_id] = by_chunk
        for record in records_of[hit.paper_id].get(hit.chunk_id, ()):
            kind = RECORD_KINDS.get(record.get("kind", ""))
            said = f"{record.get('item') or ''} {record.get('text') or ''}"
            if kind and (occurrences(stems, said) or titled):
                item.records.append((kind, record))
    entries = []
    for (day, _), items in meetings.items():
        dealt = [i for i in items.values() if i.score() >= DEALT_WITH]
        if not dealt:
            continue
        quoted = _quote(dealt)
        if quoted is None:
            continue
        hit, (start, end), kind = quoted
        papers = tuple(dict.fromkeys(h.paper_id for i in items.values() for h in i.hits))
        entries.append(
            Entry(
                meeting_date=day,
                committee=hit.committee,
                paper_id=hit.paper_id,
                chunk_id=hit.chunk_id,
                document=hit.document,
                file=hit.file,
                item=hit.item,
                page=hit.page,
                kind=kind,
                quote=hit.text[start:end],
                start=start,
                end=end,
                mentions=sum(i.mentions for i in items.values()),
                papers=papers,
                hit=hit,
            )
        )
    entries.sort(key=lambda e: (e.meeting_date, e.committee or ""))
    return Timeline(topic, tuple(names), tuple(entries), undated)
