"""Answer-type matching: does a sentence hold the figure, person, date or decision asked for?"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache

from assistant.question import STOPWORDS, QType, Question, stem
from corpus.dates import MONTHS, parse_date

_TOKEN = re.compile(r"[£$€]?\d[\d,]*(?:\.\d+)?(?:st|nd|rd|th)?%?|[A-Za-z][A-Za-z'-]*")
_ORDINAL = re.compile(r"\d(?:st|nd|rd|th)$")
# The quantity asked about: "how many <responses>", "the <vacancy> rate".
_ASKED = re.compile(
    r"\bhow many ((?:[a-z'-]+ ){0,5}?[a-z'-]+?)(?= (?:did|do|does|were|was|are|is|have|has|had|"
    r"will|would|could|can|in|on|at|for|from|of|a|per|during|go|went|about|with|by|over|under|"
    r"after|before|into|across|among|between|through|than)\b|[?,]|$)"
    r"|(?<!['’])\b([A-Za-z]{3,}) (?:rate|ratio|level)\b",
    re.I,
)
_FIGURE_WORDS = frozenset(
    [
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "fifteen",
        "twenty",
        "thirty",
        "forty",
        "fifty",
        "hundred",
        "thousand",
        "dozen",
    ]
)
_SCALE = frozenset({"m", "bn", "k", "million", "billion", "thousand"})
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_MONTHS = frozenset(MONTHS)
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_DATE = re.compile(
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\b(?:\s+\d{{4}})?|\b{_MONTH}\s+\d{{4}}\b"
    r"|\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b(?:spring|summer|autumn|winter|early|mid|late|end of)\s+"
    r"(?:19|20)\d\d\b",
)
_TITLE = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Dr|Cllr|Councillor|Professor|Prof|Sir|Dame)\.? [A-Z]")
_NAME = r"[A-Z][a-z]+(?:[ -][A-Z][a-z'-]+){1,2}"
_PERSON = re.compile(
    rf"(?:\b(?:by|from|contact|author|chair(?:ed)? by|signed)\s*:?\s+{_NAME})"
    rf"|(?:\b{_NAME}, (?:the )?(?:\w+ )?(?:Director|Manager|Chair|Officer|Leader|Head|Member|"
    r"Executive|Commissioner|Champion|Lead|Secretary|Counsel|Analyst|Worker))"
    r"|(?:\b[A-Z][a-z]+ [A-Z][a-z'-]+,\s*){2,}"
)
_ROLE = re.compile(
    r"\b(?:Director|Manager|Chair(?:man|woman)?|Officer|Leader|Head of|Cabinet Member|"
    r"Chief Executive|Commissioner|Secretary|Minister|Lead|Champion|Services|Counsel)\b"
)
# A decision said anywhere in a unit ("Accordingly, it was recommended by the Members that ...",
# "the motion was carried"), as a feature beside this one, held fewer keys: 0.533 held out by
# meeting and 0.482 by body, against 0.540 and 0.513 (448 questions, December 2026).
_DECISION_OPEN = re.compile(
    r"^(?:that\b|resolved\b|recommend|agreed?\b|the (?:board|committee|cabinet|council) "
    r"(?:recommends|supports|agrees|resolves|notes|endorses|encourages)|note\b|approve|endorse|"
    r"delegate|adopt|expects?\b|agree to)",
    re.I,
)
_MONEY_CUES = re.compile(
    r"\b(much|cost|money|cash|fund|funding|spend|spent|budget|saving|save|overspend|tax|price|"
    r"worth)\b|£",
    re.I,
)
_PERCENT_CUES = re.compile(r"%|\bper ?cent|\bpercentage|\bproportion|\brate\b", re.I)
NEAR_CHARS = 80  # characters between a name and a question word for the name to be about it
NEAR = 8  # tokens between a figure and a question term for the figure to be about that term


def _figures(words: list[str]) -> list[tuple[int, str]]:
    """(position, kind) of each figure token: "money", "percent" or "number"."""
    out = []
    for i, w in enumerate(words):
        low = w.lower()
        nxt = words[i + 1].lower() if i + 1 < len(words) else ""
        prev = words[i - 1].lower() if i else ""
        if low[0] in "£$€":
            out.append((i, "money"))
        elif low[0].isdigit():
            if i == 0 and (len(words) == 1 or words[1][:1].isupper()):
                continue  # a heading's or paragraph's number ("51 CHILDREN'S ...", "4.3 The")
            if (
                low.endswith("%")
                or (nxt == "per" and i + 2 < len(words) and words[i + 2].lower() == "cent")
                or nxt == "percent"
            ):
                out.append((i, "percent"))
            elif nxt in _SCALE:
                out.append((i, "money"))
            elif _YEAR.match(low) or _ORDINAL.search(low) or nxt in _MONTHS or prev in _MONTHS:
                continue  # a year or a day of a date, not a quantity
            else:
                out.append((i, "number"))
        elif low in _FIGURE_WORDS:
            out.append((i, "number"))
    return out


def _asked(text: str) -> set[str]:
    """Stems of the quantity a figure question asks about, empty when it names none."""
    m = _ASKED.search(text)
    if not m:
        return set()
    phrase = m.group(1) or m.group(2)
    return {stem(w) for w in phrase.split() if w.lower() not in STOPWORDS}


# Quotes whose tokens, figures, dates and names are kept: the ranker asks each proposal's text
# for every answer type, a proposal's sentences recur in other proposals, and every part of a
# question is ranked over much the same passages.
TEXT_CACHE = 1024


_stem = lru_cache(maxsize=32768)(stem)  # the same words recur in quote after quote


@lru_cache(maxsize=TEXT_CACHE)
def _words(text: str) -> tuple[str, ...]:
    return tuple(_TOKEN.findall(text))


@lru_cache(maxsize=TEXT_CACHE)
def _stems(text: str) -> tuple[str, ...]:
    """The stem of each of a text's `_words`."""
    return tuple(_stem(w) for w in _words(text))


@lru_cache(maxsize=TEXT_CACHE)
def _figures_in(text: str) -> tuple[tuple[int, str], ...]:
    return tuple(_figures(list(_words(text))))


def figure_match(question: Question, text: str) -> float:
    """1.0 for a figure of the wanted kind next to a question term; less when farther or other."""
    words = _words(text)
    asked = {w.lower() for w in _words(question.text)}
    figures = [(i, kind) for i, kind in _figures_in(text) if words[i].lower() not in asked]
    if not figures:
        return 0.0
    wants = (
        "money"
        if _MONEY_CUES.search(question.text)
        else "percent"
        if _PERCENT_CUES.search(question.text)
        else None
    )
    asked = _asked(question.text)
    terms = set(question.terms)
    stems = _stems(text)
    positions = [i for i, st in enumerate(stems) if st in terms]
    on_asked = [i for i, st in enumerate(stems) if st in asked]
    best = 0.0
    for i, kind in figures:
        # A rate may be given as "12 per prison"; a sum of money is not a rate, nor a count money.
        fit = (
            1.0 if wants in (None, kind) else 0.6 if (wants, kind) == ("percent", "number") else 0.3
        )
        if any(abs(i - p) <= NEAR for p in on_asked):
            near = 1.0
        elif any(abs(i - p) <= NEAR for p in positions):
            near = 0.5 if asked else 1.0  # beside the question's words, not its quantity
        else:
            near = 0.4
        best = max(best, fit * near)
    return best


def date_match(question: Question, text: str) -> float:
    """1.0 when the sentence holds a date that the question does not already name (and, for
    "after / before 25 January 2016", one on the right side of it)."""
    asked = {d.lower() for d in _dates(question.text)}
    found = [d for d in _dates(text) if d.lower() not in asked]
    if question.bound:
        found = [d for d in found if _within(question.bound, d)]
    return 1.0 if found else 0.0


def out_of_bound(question: Question, text: str) -> bool:
    """The sentence's dates all fall on the wrong side of the question's "after / before" date:
    "January 2016" does not answer "the meeting after 25 January 2016"."""
    if not question.bound:
        return False
    known = [d for d in _dates(text) if _days(d)]
    return bool(known) and not any(_within(question.bound, d) for d in known)


@lru_cache(maxsize=TEXT_CACHE)
def _dates(text: str) -> tuple[str, ...]:
    """The dates written in a text, as written."""
    return tuple(m.group(0) for m in _DATE.finditer(text))


def _days(written: str) -> tuple[date, date] | None:
    """The first and last day a written date may mean ("March 2016": the 1st to the 31st)."""
    day = parse_date(written)
    if day:
        return day, day
    m = re.fullmatch(rf"({_MONTH})\s+(\d{{4}})", written.strip(), re.I)
    if not m:
        return None
    first = parse_date(f"1 {m[1]} {m[2]}")
    if first is None:
        return None
    last = date(first.year + first.month // 12, first.month % 12 + 1, 1) - timedelta(days=1)
    return first, last


def _within(bound: tuple[str, date], written: str) -> bool:
    span = _days(written)
    if span is None:
        return False
    side, day = bound
    return span[0] > day if side == "after" else span[1] < day


def person_match(text: str, question: Question | None = None) -> float:
    """1.0 for a named person (0.6 when far from every question word), 0.4 for a role alone."""
    found = _names_at(text)
    if not found:
        return 0.4 if _ROLE.search(text) else 0.0
    if question is None or not question.terms:
        return 1.0
    terms = set(question.terms)
    at = [offset for offset, st in zip(_offsets(text), _stems(text), strict=True) if st in terms]
    return 1.0 if any(abs(p - q) <= NEAR_CHARS for p in found for q in at) else 0.6


@lru_cache(maxsize=TEXT_CACHE)
def _offsets(text: str) -> tuple[int, ...]:
    """Where each of a text's `_words` starts."""
    return tuple(m.start() for m in _TOKEN.finditer(text))


@lru_cache(maxsize=TEXT_CACHE)
def _names_at(text: str) -> tuple[int, ...]:
    """Where a text names a person ("Cllr J. Smith", "Jane Smith, Director of ...")."""
    return tuple(m.start() for pattern in (_TITLE, _PERSON) for m in pattern.finditer(text))


def answer_type(question: Question, text: str) -> float:
    """How well a sentence matches the kind of answer asked for (0..1)."""
    qt = question.qtype
    if qt is QType.FIGURE:
        return figure_match(question, text)
    if qt is QType.WHEN:
        return date_match(question, text)
    if qt is QType.WHO:
        return person_match(text, question)
    if qt is QType.ACTION:
        return 0.5 * min(1.0, person_match(text) * 1.25) + 0.5 * date_match(question, text)
    if qt is QType.DECISION:
        return 1.0 if _DECISION_OPEN.match(text.strip()) else 0.0
    return 0.0
