"""Question analysis: what kind of answer is wanted, its content terms, and follow-up resolution."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import lru_cache

from corpus.committees import is_whole_council
from corpus.dates import parse_date


class QType(StrEnum):
    """The kind of answer a question asks for; it steers evidence selection."""

    FIGURE = "figure"  # how many / how much: the sentence with the figure and its unit
    WHO = "who"  # a person and role
    WHEN = "when"  # a date
    DECISION = "decision"  # what was recommended / decided / agreed: all the bullets of the item
    ACTION = "action"  # actions, owners and deadlines: tracker rows and action points
    SUMMARY = "summary"  # what the board heard about X: a few sentences of discussion
    GENERAL = "general"


# Function words and question scaffolding: they say nothing about which passage answers.
_STOPWORDS = """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each either few
    for from further had has have having he her here hers him his how i if in into is it its itself
    just me more most my no nor not now of off on once only or other our ours out over own same she
    should so some such than that the their theirs them then there these they this those through
    to too under until up very was we were what when where which while who whom whose why will
    with would you your yours us let tell show give say said says get got go going went e g eg ie
    etc one ones any many much"""
STOPWORDS = frozenset(_STOPWORDS.split())

_ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "fifth": 5, "5th": 5, "sixth": 6, "6th": 6, "seventh": 7, "7th": 7, "eighth": 8, "8th": 8,
    "last": -1,
}  # fmt: skip
_ORDINAL_REF = re.compile(
    r"\b(" + "|".join(_ORDINALS) + r")\s+(?:one|recommendation|point|item|action|bullet|resolution|"
    r"proposal|decision|amendment|option)\b",
    re.I,
)
_PRONOUN = re.compile(r"\b(it|its|they|them|their|that|this|those|these|he|she|him|her)\b", re.I)
_WORD = re.compile(r"[A-Za-z0-9£$€%][A-Za-z0-9£$€%.,'/-]*[A-Za-z0-9%]|[A-Za-z0-9]")

_FIGURE = re.compile(
    r"\bhow (many|much|big|large|long|often|far)\b|\bwhat (percentage|proportion|share|number|"
    r"amount|figure|total|cost|score|rate|level|size|value)\b|\bhow .* compare\b|\bvote\b|"
    r"\b(per ?cent|percentage|%|£|figures?|population|scores?)\b|"
    r"\bwhat (?:is|was|were|are)\b.*\b(rate|tax|cost|budget|overspend|underspend|price|fee|"
    r"population|total|number of|amount|value|score)\b",
    re.I,
)
_WHO = re.compile(r"\bwho(m|se|'s)?\b|\bwhich (officer|member|councillor|person|people)\b", re.I)
_WHEN = re.compile(
    r"\bwhen\b|\bwhat (date|day|time|month|year)\b|\bdeadline\b|\bhow soon\b|\bby what date\b",
    re.I,
)
_DECISION = re.compile(
    r"\b(recommend\w*|decid\w*|decision|agree[ds]?|resolv\w*|resolution|approv\w*|endors\w*|"
    r"sign(ed)? off|stance|position|set up|establish\w*|amendment|carried|adopt\w*|conclu\w*|"
    r"advise[ds]?|propos\w*|(?:being\s+)?ask(?:ed|ing)\b[\w' ]{0,40}\bto\s+(?:do|agree|decide))\b",
    re.I,
)
_ACTION = re.compile(
    r"\b(actions?|responsib\w*|owns|owned by|owner|who(?:'s| is)? (?:owes?|chasing)|on the hook|"
    r"follow[- ]?ups?|"
    r"next steps?|"
    r"progress|"
    r"taking .* forward|take .* forward|report(ing)? back|by when|promised|planned|tracker|"
    r"being done|lined up|delegat\w*|tweaks?|finalise|where are we)\b",
    re.I,
)
_SUMMARY = re.compile(
    r"\b(hear|heard|discuss\w*|debate|concerns?|worries|worried|objections?|came up|raised|"
    r"why|summar\w*|cover|issues?|problems?|challenges?|changed|views?|comments?|said about)\b",
    re.I,
)


# What people call things that papers spell out: political groups, and the plain words for
# what papers put formally ("signing up to" a programme is committing to it).
_ALIASES = (
    (re.compile(r"\blib(?:eral)?[ -]?dems?\b", re.I), "Liberal Democrat"),
    (re.compile(r"\btor(?:y|ies)\b", re.I), "Conservative"),
    (re.compile(r"\bgreens\b", re.I), "Green"),
    (re.compile(r"\bsign(?:ing|ed|s)? up to\b", re.I), "committing to"),
    (re.compile(r"\bbin lorr(?:y|ies)\b", re.I), "refuse collection vehicles"),
    # a body's remit: "what does the Board (actually) cover?" is what it is responsible for
    (
        re.compile(
            r"\bwhat (?:does|do) (the [\w ,'’&-]{0,80}?(?:board|committee|panel|cabinet|council|"
            r"forum|partnership|executive)) (?:actually |really )?cover\b",
            re.I,
        ),
        r"what is \1 responsible for",
    ),
    (re.compile(r"\bremit\b", re.I), "remit (responsible for)"),
)


def spelled_out(text: str) -> str:
    """The text with colloquial names spelled out as papers write them ("lib dem")."""
    for pattern, name in _ALIASES:
        text = pattern.sub(name, text)
    return text


@dataclass(frozen=True)
class Question:
    """A question as the answerer sees it."""

    text: str  # the question as asked
    qtype: QType
    terms: tuple[str, ...]  # content terms of the question itself (normalised, de-duplicated)
    context_terms: tuple[str, ...]  # content terms of earlier turns, for follow-ups
    query: str  # what is sent to retrieval: earlier turns joined with the question
    names: tuple[str, ...] = ()  # stemmed proper names in the question ("Medway", "Aldershot")
    dates: tuple[tuple[int | None, int, int | None], ...] = ()  # (day, month, year) it names
    numbers: tuple[str, ...] = ()  # figures that qualify the question ("quarter 3", "phase 1")
    ordinal: int | None = None  # "the third one" -> 3, "the last one" -> -1
    followup: bool = False  # refers back to an earlier turn
    years: tuple[str, ...] = ()  # years it names ("2014-15" names 2014 and 2015)
    committees: tuple[str, ...] = ()  # indexed committees it names (set by `ask`, which knows them)
    bound: tuple[str, date] | None = None  # "after 25 January 2016" -> ("after", that day)

    def on_dates(self, day: date | None) -> bool:
        """Whether a meeting on `day` is on a date the question names (any, when it names none)."""
        if not self.dates:
            return True
        return day is not None and any(
            m == day.month and (d is None or d == day.day) and (y is None or y == day.year)
            for d, m, y in self.dates
        )


_SUFFIXES = (
    "isations", "izations", "isation", "ization", "ations", "ation", "ising", "izing", "ised",
    "ized", "ises", "izes", "ings", "ness", "ments", "ment", "ing", "ies", "ied", "ise", "ize",
    "ed", "es", "s", "y", "e",
)  # fmt: skip


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A light suffix-stripping stem: "recommendations", "recommended" and "recommend" agree."""
    # Hand-written: no stemmer ships with the dependencies, and one suffix off is enough here.
    w = word.lower().strip(".'/-")
    if w.endswith("'s"):
        w = w[:-2]
    if not w.isalpha():
        return w
    for suffix in _SUFFIXES:
        if len(w) - len(suffix) >= 3 and w.endswith(suffix):
            return w[: -len(suffix)]
    return w


def tokens(text: str) -> list[str]:
    """Word tokens of a text, lower-cased, with figures kept whole ("£6.5", "2015/16", "3-7%")."""
    return [t.lower() for t in _WORD.findall(text)]


def content_terms(text: str) -> list[str]:
    """Stemmed content terms of a text, in order, without stopwords."""
    return [stem(t) for t in tokens(text) if t not in STOPWORDS and len(t) > 1 or t.isdigit()]


def classify(text: str) -> QType:
    """The answer kind a question asks for, from its wording."""
    who, when = bool(_WHO.search(text)), bool(_WHEN.search(text))
    action = bool(_ACTION.search(text))
    if action or (who and when):
        return QType.ACTION
    if who:
        return QType.WHO
    if when:
        return QType.WHEN
    if _FIGURE.search(text):
        return QType.FIGURE
    if _DECISION.search(text):
        return QType.DECISION
    if _SUMMARY.search(text):
        return QType.SUMMARY
    return QType.GENERAL


def proper_names(text: str) -> tuple[str, ...]:
    """Stemmed capitalised words that are not the first word, a month or an acronym."""
    words = _WORD.findall(text)
    names = [
        stem(w)
        for w in words[1:]
        if w[:1].isupper()
        and not w.split("'")[0].isupper()
        and w.lower() not in STOPWORDS
        and w.lower() not in _MONTHS
        and len(w) > 2
    ]
    return _unique(names)


_MONTH_NUMBERS = {
    name: number
    for number, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
         ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
         ("october", "oct"), ("november", "nov"), ("december", "dec")],
        start=1,
    )
    for name in names
}  # fmt: skip
_MONTHS = frozenset(_MONTH_NUMBERS)
_DATE_MENTION = re.compile(
    r"(?:\b(\d{1,2})(?:st|nd|rd|th)?\s+)?\b("
    + "|".join(_MONTH_NUMBERS)
    + r")\b(?:\s+((?:19|20)\d\d))?",
    re.I,
)


def mentioned_dates(text: str) -> tuple[tuple[int | None, int, int | None], ...]:
    """(day, month, year) of each date a question names ("9 January", "October 2015")."""
    out = []
    for m in _DATE_MENTION.finditer(text):
        day, month, year = m.group(1), m.group(2).lower(), m.group(3)
        if month == "may" and not (day or year):
            continue  # "may" the verb
        out.append((int(day) if day else None, _MONTH_NUMBERS[month], int(year) if year else None))
    return tuple(out)


_PART = re.compile(
    r",?\s+(?:and|but)\s+(?=(?:how|what|who|whom|when|which|where|why)\b)|\?\s+(?=\w)", re.I
)


def parts(text: str) -> list[str]:
    """The questions inside a question: "Who chaired it, and who sent apologies?" gives two."""
    return [p.strip() for p in _PART.split(text) if p and p.strip()]


_AND = re.compile(r"\s+and\s+(?:for|of|on|in|about|to)?\s*", re.I)


_QUALIFIER = re.compile(r"(?<![\w£$€.,/-])(\d{1,3}(?:\.\d+)?%?)(?![\w,/-]|\.\d)")


# A stemmed term that only dates something: "9", "9th", "jan", "january", "2025"
DATE_WORD = re.compile(
    r"\d{1,2}(?:st|nd|rd|th)?|(?:19|20)\d\d|jan\w*|feb\w*|mar\w*|apr\w*|may|jun\w*|jul\w*|"
    r"aug\w*|sep\w*|oct\w*|nov\w*|dec\w*"
)
_YEARS = re.compile(r"\b((?:19|20)\d\d)(?:\s*[-/–]\s*((?:19|20)?\d\d))?\b")


def named_years(text: str) -> tuple[str, ...]:
    """The years a question names: "in 2025" -> 2025; "2014-15" and "2014/2015" -> 2014, 2015."""
    out: list[str] = []
    for m in _YEARS.finditer(text):
        out.append(m[1])
        if m[2]:
            out.append(m[1][:2] + m[2][-2:])
    return _unique(out)


def qualifying_numbers(text: str) -> tuple[str, ...]:
    """Small figures in a question that are not part of a date ("quarter 3", "18", "2%")."""
    out = []
    for m in _QUALIFIER.finditer(text):
        before = text[max(0, m.start() - 12) : m.start()].lower().split()
        after = text[m.end() : m.end() + 12].lower().split()
        near = (before[-1:] + after[:1]) if before or after else []
        if any(w.strip(".,?") in _MONTHS for w in near):
            continue  # "9 January", "January 9"
        out.append(m.group(1))
    return tuple(out)


def joined_parts(text: str) -> list[str]:
    """The sides of an "A and B" question ("a score for reserves and for savings"), when each
    side has at least two content terms; otherwise the question alone."""
    sides = [side.strip() for side in _AND.split(text) if side.strip()]
    if len(sides) < 2 or any(len(content_terms(side)) < 2 for side in sides):
        return [text]
    return sides


def _ordinal(text: str) -> int | None:
    m = _ORDINAL_REF.search(text)
    return _ORDINALS[m.group(1).lower()] if m else None


_BOUND = re.compile(
    r"\b(?P<side>after|since|following|before|prior to)\s+(?:the\s+)?(?:meeting\s+(?:on|of)\s+)?"
    r"(?P<day>\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]{3,9},?\s+\d{4})",
    re.I,
)


def _bound(text: str) -> tuple[tuple[str, date] | None, str]:
    """A date the answer must fall after or before, and the question without it: the date
    bounds the answer, it is not a topic to match ("the meeting after 25 January 2016")."""
    m = _BOUND.search(text)
    day = parse_date(m["day"]) if m else None
    if m is None or day is None:
        return None, text
    side = "before" if m["side"].lower() in ("before", "prior to") else "after"
    return (side, day), text[: m.start("day")] + text[m.end("day") :]


def _unique(items: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def analyse(text: str, context: str | list[str] | None = None) -> Question:
    """Analyse a question, with earlier turns (oldest first) when it is a follow-up."""
    turns = [context] if isinstance(context, str) else list(context or [])
    turns = [t.strip() for t in turns if t and t.strip()]
    bound, unbounded = _bound(text)
    terms = _unique(content_terms(spelled_out(unbounded)))
    ctx_terms = _unique([t for turn in turns for t in content_terms(turn) if t not in terms])
    ordinal = _ordinal(text)
    followup = bool(turns) and (
        ordinal is not None
        or bool(_PRONOUN.search(text))
        or len(terms) <= 3
        or text.lstrip().lower().startswith(("and ", "what about", "how about", "so "))
    )
    query = " ".join([*turns[-2:], spelled_out(text)]) if turns else spelled_out(text)
    qtype = classify(text)
    if qtype is QType.GENERAL and followup:
        qtype = classify(turns[-1])
    return Question(
        text=text,
        qtype=qtype,
        terms=terms,
        context_terms=ctx_terms,
        query=query,
        names=proper_names(spelled_out(text)),
        dates=mentioned_dates(text),
        numbers=qualifying_numbers(text),
        ordinal=ordinal,
        followup=followup,
        years=named_years(text),
        bound=bound,
    )


def named_committees(text: str, known: list[str]) -> list[str]:
    """The committees of `known` that a question names: "Cabinet", "the Social Care Services
    Board"; "full council" names every whole-council meeting ("County Council", "Full Council")."""
    named = [
        c for c in known if any(re.search(rf"\b{re.escape(n)}\b", text, re.I) for n in _names(c))
    ]
    if re.search(r"\bfull council\b", text, re.I):
        named += [c for c in known if is_whole_council(c) and c not in named]
    # "scrutiny recommendations", "cabinet decisions": the short name of a kind of body before
    # what it makes names every committee of that kind, whatever fuller name the papers give it
    for m in _MADE_BY.finditer(text):
        word = m["word"].lower()
        named += [c for c in known if word in c.lower().split() and c not in named]
    return named


def _names(committee: str) -> list[str]:
    """A committee's name, and without the place that opens it ("Ashmoor Health and Wellbeing
    Board" is asked about as "the health and wellbeing board")."""
    words = committee.split()
    return [committee, " ".join(words[1:])] if len(words) >= 4 else [committee]


_MADE_BY = re.compile(
    r"\b(?P<word>scrutiny|cabinet|executive|audit|licensing|standards|planning)\s+"
    r"(?:recommendations?|actions?|decisions?|resolutions?)\b",
    re.I,
)
