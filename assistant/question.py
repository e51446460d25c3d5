"""Question analysis: what kind of answer is wanted, its content terms, and follow-up resolution."""

from __future__ import annotations

import json
import math
import re
import threading
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

import numpy as np
import snowballstemmer

from corpus.committees import council_of, is_whole_council
from corpus.dates import MONTHS, parse_date


class QType(StrEnum):
    """The kind of answer a question asks for; it steers evidence selection."""

    FIGURE = "figure"  # how many / how much: the sentence with the figure and its unit
    WHO = "who"  # a person and role
    WHEN = "when"  # a date
    DECISION = "decision"  # what was recommended / decided / agreed: all the bullets of the item
    ACTION = "action"  # actions, owners and deadlines: tracker rows and action points
    SUMMARY = "summary"  # what the board heard about X: a few sentences of discussion
    TIMELINE = "timeline"  # what happened to X over several meetings: each meeting's quote
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

# The answer types the fitted question model predicts, in the order of its probabilities.
ANSWER_TYPES = (
    QType.FIGURE, QType.WHO, QType.WHEN, QType.DECISION, QType.ACTION, QType.SUMMARY,
    QType.TIMELINE,
)  # fmt: skip
FITTED = Path(__file__).resolve().parent / "fitted" / "question.json"
Embed = Callable[[list[str]], np.ndarray]  # texts -> L2-normalised rows


@dataclass(frozen=True)
class TypeModel:
    """Multinomial logistic regression over the question's sentence embedding; fitted by
    benchmarks/fit_answering.py on labelled questions (their `type`), never hand-set."""

    coef: np.ndarray  # (len(ANSWER_TYPES), embedding size)
    intercept: np.ndarray  # (len(ANSWER_TYPES),)

    def probabilities(self, vector: np.ndarray) -> np.ndarray:
        z = self.coef @ vector + self.intercept
        z = np.exp(z - z.max())
        return z / z.sum()

    def to_json(self) -> dict:
        return {
            "types": [str(t) for t in ANSWER_TYPES],
            "coef": self.coef.tolist(),
            "intercept": self.intercept.tolist(),
        }

    @classmethod
    def from_json(cls, data: dict) -> TypeModel:
        if data.get("types") != [str(t) for t in ANSWER_TYPES]:
            raise ValueError("the fitted question model's types differ from the code's: refit it")
        return cls(np.asarray(data["coef"]), np.asarray(data["intercept"]))


@lru_cache(maxsize=1)
def fitted_types(path: Path = FITTED) -> TypeModel:
    """The question model fitted by benchmarks/fit_answering.py."""
    return TypeModel.from_json(json.loads(Path(path).read_text(encoding="utf-8")))


def type_probabilities(
    text: str, embed: Embed | None, model: TypeModel | None = None
) -> tuple[float, ...]:
    """The probability that the question asks each of ANSWER_TYPES (uniform with no embedder)."""
    if embed is None:
        return tuple(1.0 / len(ANSWER_TYPES) for _ in ANSWER_TYPES)
    model = model or fitted_types()
    vector = embed([text])[0]
    if vector.shape[0] != model.coef.shape[1]:  # another embedding than the model was fitted on
        return tuple(1.0 / len(ANSWER_TYPES) for _ in ANSWER_TYPES)
    return tuple(float(p) for p in model.probabilities(vector))


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
    # the fitted probability of each of ANSWER_TYPES; qtype is the likeliest
    type_probs: tuple[float, ...] = ()

    def on_dates(self, day: date | None) -> bool:
        """Whether a meeting on `day` is on a date the question names (any, when it names none)."""
        if not self.dates:
            return True
        return day is not None and any(
            m == day.month and (d is None or d == day.day) and (y is None or y == day.year)
            for d, m, y in self.dates
        )


_STEMMER = snowballstemmer.stemmer("english")
# The Snowball stemmer keeps its state between calls: `serve` answers on several threads, and
# two words stemmed at once broke one (an IndexError inside the stemmer).
_STEMMING = threading.Lock()


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """The Snowball (Porter 2) stem: "recommendations", "recommended" and "recommend" agree;
    figures and codes ("2015/16", "£2.4m") are kept whole."""
    w = word.lower().strip(".'/-")
    if w.endswith("'s"):
        w = w[:-2]
    if not w.isalpha():
        return w
    with _STEMMING:
        return _STEMMER.stemWord(w)


def tokens(text: str) -> list[str]:
    """Word tokens of a text, lower-cased, with figures kept whole ("£6.5", "2015/16", "3-7%")."""
    return [t.lower() for t in _WORD.findall(text)]


def content_terms(text: str) -> list[str]:
    """Stemmed content terms of a text, in order, without stopwords."""
    return [stem(t) for t in tokens(text) if t not in STOPWORDS and len(t) > 1 or t.isdigit()]


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


_MONTH_NUMBERS = MONTHS
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
    r"(?P<day>\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]{3,9},?\s+\d{4}"
    r"|(?:(?P<month>[A-Za-z]{3,9})\s+)?(?P<year>(?:19|20)\d\d)\b)",
    re.I,
)


def _bound(text: str) -> tuple[tuple[str, date] | None, str]:
    """A date the answer must fall after or before, and the question without it: the date
    bounds the answer, it is not a topic to match ("the meeting after 25 January 2016"). An
    "after" bound is the last day before the answer's dates, a "before" bound the first day
    after them; so a month or year alone bounds at its own start ("since 2018": after 31
    December 2017; "before 2019": before 1 January 2019), or, after "after" or "following", at
    its end ("after March 2019": after 31 March 2019)."""
    m = _BOUND.search(text)
    if m is None:
        return None, text
    side = m["side"].lower()
    if m["year"]:
        month = MONTHS.get(m["month"].lower()) if m["month"] else None
        if m["month"] and month is None:
            return None, text  # "since last 2018" is no month
        year = int(m["year"])
        day = date(year, month or 1, 1)
        if side in ("after", "following"):
            day = date(year + (month or 12) // 12, (month or 12) % 12 + 1, 1)
        if side != "before":
            day -= timedelta(days=1)
    else:
        day = parse_date(m["day"])
    if day is None:
        return None, text
    side = "before" if side in ("before", "prior to") else "after"
    return (side, day), text[: m.start("day")] + text[m.end("day") :]


def _unique(items: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def analyse(
    text: str, context: str | list[str] | None = None, *, embed: Embed | None = None
) -> Question:
    """Analyse a question, with earlier turns (oldest first) when it is a follow-up; its answer
    type comes from the fitted question model over `embed` (GENERAL without an embedder)."""
    turns = [context] if isinstance(context, str) else list(context or [])
    turns = [t.strip() for t in turns if t and t.strip()]
    bound, unbounded = _bound(text)
    terms = _unique(content_terms(unbounded))
    ctx_terms = _unique([t for turn in turns for t in content_terms(turn) if t not in terms])
    ordinal = _ordinal(text)
    followup = bool(turns) and (
        ordinal is not None
        or bool(_PRONOUN.search(text))
        or len(terms) <= 3
        or text.lstrip().lower().startswith(("and ", "what about", "how about", "so "))
    )
    query = " ".join([*turns[-2:], text]) if turns else text
    probs = type_probabilities(text, embed)
    qtype = ANSWER_TYPES[int(np.argmax(probs))] if len(set(probs)) > 1 else QType.GENERAL
    return Question(
        text=text,
        qtype=qtype,
        type_probs=probs,
        terms=terms,
        context_terms=ctx_terms,
        query=query,
        names=proper_names(text),
        dates=mentioned_dates(text),
        numbers=qualifying_numbers(text),
        ordinal=ordinal,
        followup=followup,
        years=named_years(text),
        bound=bound,
    )


def named_committees(
    text: str, known: list[str], sizes: Mapping[str, int] | None = None
) -> list[str]:
    """The committees of `known` that a question names, matched on the words that tell the
    committees apart: "the Adare-Rathkeale councillors", "the Environment SPC" (initials of the
    name's words), "the health and wellbeing board". "Full council" names every whole council.
    `sizes` (papers per committee) names beside a committee one the question's words fit as
    well that has more papers (`_likelier`)."""
    sizes = sizes or {}
    scores = committee_scores(text, known)
    named = _likelier([c for c, s in scores.items() if s >= _NAMED_SHARE], text, sizes)
    if re.search(r"\bfull council\b", text, re.I):
        named += [c for c in known if is_whole_council(c) and c not in named]
    # "scrutiny recommendations", "cabinet decisions": the short name of a kind of body before
    # what it makes names every committee of that kind, whatever fuller name the papers give it
    for m in _MADE_BY.finditer(text):
        word = m["word"].lower()
        named += [c for c in known if word in c.lower().split() and c not in named]
    return _of_named_councils(text, named, sizes)


def _of_named_councils(text: str, named: list[str], sizes: Mapping[str, int]) -> list[str]:
    """Of the bodies named, those of the authority the question names, when it names one of
    several ("Kent's Cabinet" among two councils' Cabinets), by the words that set the
    authorities' names apart."""
    councils = list(dict.fromkeys(c for c in map(council_of, named) if c))
    if len(councils) < 2:
        return named
    asked = committee_scores(text, councils, whole=True)
    papers: Counter[str] = Counter()
    for committee, n in sizes.items():
        papers[council_of(committee) or committee] += n
    chosen = _likelier([c for c, score in asked.items() if score > 0], text, papers, whole=True)
    chosen = [c for c in chosen if c in councils]
    return [c for c in named if council_of(c) in chosen] if chosen else named


def _likelier(
    named: list[str], text: str, sizes: Mapping[str, int], *, whole: bool = False
) -> list[str]:
    """`named` with, for a committee the question names in part, the committee most papers
    name of those the question's words fit exactly as well, when none fits better. A question
    naming a body in part ("Limerick council") cannot tell the body ("Limerick City and County
    Council", 588 papers) from a stray name a few misfiled papers carry ("Limerick County
    Council", 3), and the scores favour the shorter name; the papers' own count says which body
    is meant. A name the question holds whole ("Cabinet") stands alone."""
    asked = set(_split_terms(text))
    held = {c: frozenset(_name_terms(_own(c, whole))) & asked for c in sizes}
    more = []
    for n in named:
        fit = held.get(n)
        if not fit or not set(_name_terms(_own(n, whole))) - asked:
            continue
        if any(h > fit for h in held.values()):
            continue  # another name holds more of the question: this one is no best fit
        best = max((c for c in sizes if held[c] == fit), key=lambda c: sizes[c])
        if best not in named:
            more.append(best)
    return named + list(dict.fromkeys(more))


def _own(committee: str, whole: bool) -> str:
    return committee if whole else committee.split(": ", 1)[-1]


# A committee is named when the question holds most of the weight of its name's words,
# including a word that sets it apart from the other committees.
_NAMED_SHARE = 0.5


def committee_scores(text: str, known: list[str], *, whole: bool = False) -> dict[str, float]:
    """For each known committee, the share of its name's word weight the question holds; a word
    weighs by how few committees' names hold it (IDF), so "Limerick" in every name weighs little
    and "Adare" much. A committee scores 0 unless the question holds one of the words that set
    its name apart (rarer than its name's words on average): "SPC" names no one of several SPCs.
    A body is scored on its own name, not its authority's ("Kent County Council: Cabinet" on
    "Cabinet"), unless `whole`."""
    names = {c: _name_terms(_own(c, whole)) for c in known}
    df = Counter(t for terms in names.values() for t in set(terms))
    idf = {t: math.log(1 + len(names) / n) for t, n in df.items()}
    asked = set(_split_terms(text))
    acronyms = {t.lower() for t in re.findall(r"\b[A-Z]{2,6}\b", text)}
    scores = {}
    for committee, terms in names.items():
        if not terms:
            continue
        words = set(terms)
        held = ({t for t in terms if t in asked} | _initialled(committee, acronyms)) & words
        usual = sum(idf[t] for t in words) / len(words)
        telling = any(idf[t] >= usual for t in held)
        share = sum(idf[t] for t in held) / sum(idf[t] for t in words)
        scores[committee] = share if telling else 0.0
    return scores


def _split_terms(text: str) -> list[str]:
    return content_terms(re.sub(r"[-–/]", " ", text))


def _name_terms(committee: str) -> list[str]:
    return [t for t in _split_terms(committee) if not t.isdigit()]


def _initialled(committee: str, acronyms: set[str]) -> set[str]:
    """The name's words that an acronym of the question spells: "SPC" for Strategic Policy
    Committee."""
    words = [w for w in re.split(r"[\s,&/-]+", committee) if w and w.lower() not in STOPWORDS]
    found: set[str] = set()
    for n in range(len(words)):
        for m in range(n + 2, len(words) + 1):
            if "".join(w[0] for w in words[n:m]).lower() in acronyms:
                found |= {stem(w) for w in words[n:m]}
    return found


_MADE_BY = re.compile(
    r"\b(?P<word>scrutiny|cabinet|executive|audit|licensing|standards|planning)\s+"
    r"(?:recommendations?|actions?|decisions?|resolutions?)\b",
    re.I,
)
