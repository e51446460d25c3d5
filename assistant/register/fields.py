"""A record's fields read from its own words: who owns it, when it is due, which meeting made it."""

from __future__ import annotations

import difflib
import re
from datetime import date

from assistant.register.markers import ACTION_LABEL
from corpus.dates import MONTH_NAMES

_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "six": 6, "nine": 9, "twelve": 12}
_MONTHS = list(MONTH_NAMES)
_MONTH_RE = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_YEAR_RE = r"(?:19|20)\d\d"
# a bare year, but not a financial year ("2025-26") or a range ("2025 to 2035")
_WHEN = (
    rf"(?:(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?{_MONTH_RE}\s+{_YEAR_RE}"
    rf"|{_YEAR_RE}(?:/\d\d)?(?![-–/]\d|\s+to\s+\d))"
)
# "by 30 September 2024", "before the end of 2015", "(February 2016)", "in six months"
_DUE_RES = [
    re.compile(
        r"\b(?:by|before|in|during|until|no later than)\s+(?:the\s+)?"
        rf"(?:end of\s+|(?:early|mid|late)[- ])?{_WHEN}",
        re.I,
    ),
    re.compile(rf"\((?:{_WHEN})\)", re.I),
    re.compile(
        r"\bin\s+(?:\d{1,2}|one|two|three|four|six|nine|twelve|eighteen)\s+months?(?:['’]s?\s+time)?",
        re.I,
    ),
    re.compile(r"\bat (?:a|its) (?:future|next) meeting\b", re.I),
]
# Words that make "in June 2024" a time to act or report back by, not a mention of a date.
_REPORT_BACK_RE = re.compile(
    r"\b(?:report\w*|brought|bring|present\w*|update\w*|return\w*|come back|review\w*|"
    r"publish\w*|complet\w*|circulat\w*|provid\w*|deliver\w*|implement\w*)\b",
    re.I,
)
# "[To be taken forward by the Scrutiny Board Chairman ...]", "(Lead: Head of Resources)"
_OWNER_TAGS = [
    re.compile(r"\[\s*to be taken forward by (?:the\s+)?(?P<o>[^\]]{3,120}?)\s*\]", re.I),
    re.compile(r"\(\s*(?:lead|owner|action|responsible)\s*:\s*(?P<o>[^)]{3,80}?)\s*\)", re.I),
    re.compile(
        r"^(?:lead|owner|action by|responsible officer)\s*:\s*(?P<o>[^\n.;]{3,80})", re.I | re.M
    ),
    re.compile(
        r"\b(?i:delegate[sd]?)\s+(?:the\s+|its\s+)?(?:(?:delegated\s+)?authority\s+|responsibility\s+)?"
        r"(?:be\s+given\s+)?(?i:to)\s+(?:the\s+)?(?P<o>[A-Z][\w&'’ ,\s-]{3,90}?)"
        r"(?=,?\s+(?:in\s+consultation|to\s+[a-z]|authority|the\s+[a-z])|\s*[;.(]|\s*$)"
    ),
]
_ASKED_RE = re.compile(
    r"\b(?i:ask|asks|request|requests|instruct|instructs)\s+(?i:the\s+)?"
    r"(?P<o>[A-Z][\w'’&]*(?:\s+(?:[A-Z][\w'’&]*|of|and|for|&))*)\s+to\b"
)
# "That the Head of Parks reports back ...": what a resolution asks someone to do, in the
# subjunctive; only verbs of doing, so "The Leader introduced" or "the report sets out" never match
_MANDATES = (
    "report", "bring", "provide", "circulate", "present", "arrange", "prepare", "update", "write",
    "publish", "consult", "share", "review", "produce", "develop", "lead", "engage",
)  # fmt: skip
# ... and in the bare subjunctive ("That the QA Team provide a report"), where the verb cannot
# be read as a noun ("update", "review" can)
_BARE = ("report", "bring", "provide", "circulate", "present", "prepare", "write", "publish")
# "Democratic Services to organise", "The Director of Adult Social Care to circulate"
_OWNER_LEAD_RE = re.compile(
    r"^(?:That\s+)?(?:[Tt]he\s+)?(?P<o>(?:[A-Z][\w'’&-]*)(?:\s+(?:[A-Z][\w'’&-]*|of|and|for|&|the))*?)"
    r"\s+(?:to\s+(?!be\b|the\b|an?\b)[a-z]{3,}|(?:" + "|".join(_MANDATES) + r")s\b|"
    r"(?:" + "|".join(_BARE) + r")\b)",
)
# "request that the Leader writes to the Prime Minister": whom a motion asks to act
_REQUESTED_RE = re.compile(
    r"\b(?i:request|requests|ask|asks)\s+that\s+(?i:the\s+)?"
    r"(?P<o>[A-Z][\w'’&]*(?:\s+(?:[A-Z][\w'’&]*|of|and|for|&))*)\s+"
    r"(?:(?:" + "|".join(_MANDATES) + r")s|" + "|".join(_BARE) + r")\b"
)
_BODIES = {
    "board",
    "cabinet",
    "council",
    "committee",
    "officers",
    "panel",
    "executive",
    "chairman",
    "chair",
}
_NOT_OWNERS = {
    "that",
    "an",
    "a",
    "it",
    "this",
    "these",
    "there",
    "members",
    "item",
    "report",
    "update",
    # a resolution's own verb opening its part ("Notes the update", "Agree the report")
    "note",
    "notes",
    "agree",
    "agrees",
    "approve",
    "approves",
    "endorse",
    "endorses",
}


# "... by ward.\nACTION: Head of Workforce": a closing action line names only the owner
_ACTION_OWNER_RE = re.compile(
    rf"(?:^|\n)\s*{ACTION_LABEL}(?P<o>[A-Z][\w'’&,/ .-]{{1,60}}?)\s*\.?\s*$"
)
_ACTION_PREFIX_RE = re.compile(rf"^\s*{ACTION_LABEL}")


# A tracker's or action log's status in a word or two: still open, or closed; any other text in
# a status column is a response.
OPEN_STATUS = re.compile(
    r"^\W*(?:open|ongoing|in progress|not (?:yet )?started|outstanding|pending|overdue|"
    r"awaiting|no response|not (?:yet )?(?:done|complete[d]?|received|responded)|tbc)\b",
    re.I,
)
CLOSED_STATUS = re.compile(r"^\W*(?:closed|complete[d]?|done|achieved|delivered)\b", re.I)


def is_status_word(text: str) -> bool:
    """A cell that only says open, closed or nothing ("Complete", "Ongoing", "N/A")."""
    if re.fullmatch(r"\W*(?:n/?a|none)\W*", text, re.I):
        return True
    return len(text.split()) <= 3 and bool(OPEN_STATUS.match(text) or CLOSED_STATUS.match(text))


def find_owner(text: str) -> str | None:
    """Who a record names as responsible, when its wording says so."""
    m = _ACTION_OWNER_RE.search(text)
    if m and len(m["o"].split()) <= 6 and not re.search(r"\bto\s+[a-z]{3,}", m["o"]):
        return _tidy(m["o"])
    text = _ACTION_PREFIX_RE.sub("", text, count=1)
    for pattern in _OWNER_TAGS:
        m = pattern.search(text)
        if m:
            return _tidy(m["o"])
    m = _ASKED_RE.search(text) or _REQUESTED_RE.search(text)
    if m:
        return _tidy(m["o"])
    m = _OWNER_LEAD_RE.match(text.strip())
    if not m:
        return None
    words = m["o"].split()
    if words[0].lower() in _NOT_OWNERS or len(words) > 9:
        return None
    if len(words) == 1 and words[0].lower() not in _BODIES:
        return None  # "Continue to implement ..." is an instruction, not an owner
    return _tidy(m["o"])


def find_due(text: str, made: date | None = None) -> str | None:
    """The deadline or report-back time a record states, as written ("by 30 September 2024").

    A date before the meeting that made the record (`made`) is history, not a deadline, and
    "in May 2026" is only a deadline where something is to be done or reported by then.
    """
    for pattern in _DUE_RES:
        for m in pattern.finditer(text):
            found = " ".join(m.group().strip("()").split())
            before = text[max(0, m.start() - 80) : m.start()]
            if found.lower().startswith(("in ", "during ")) and not _REPORT_BACK_RE.search(before):
                continue
            when = due_date(found)
            if made is None or when is None or when >= date(made.year, made.month, 1):
                return found
    return None


# "February 2016 Feedback to Adults Leadership Team": a scheduled step opens with its date
_LEADING_WHEN_RE = re.compile(
    rf"^\s*(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?{_MONTH_RE}\s+{_YEAR_RE}\b", re.I
)


def leading_date(text: str) -> str | None:
    """The date a timetable line opens with ("February 2016 Feedback to ..."), as written."""
    m = _LEADING_WHEN_RE.match(text)
    return " ".join(m.group().split()) if m else None


def _tidy(value: str) -> str:
    return " ".join(value.split()).strip(" ,;:-")


def mend(text: str) -> str:
    """Undo an OCR split inside a word: "S eptember" -> "September"."""
    return re.sub(r"\b([A-Z]) ([a-z]{3,})", r"\1\2", text)


_NUMERIC_DATE_RE = re.compile(
    r"(?<![\d./])(?P<day>[0-3]?\d)[./](?P<month>[01]?\d)[./](?P<year>(?:19|20)\d\d|\d\d)(?![\d./])"
)


def fuzzy_date(text: str) -> date | None:
    """A day-month-year date in damaged text: "30 Opctober 2015", "7 S eptember 2015"."""
    text = mend(text)
    for m in re.finditer(
        r"(?<!\d)(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,12})\.?,?\s+((?:19|20)\d\d)(?!\d)", text
    ):
        month = _month(m.group(2))
        if month:
            try:
                return date(int(m.group(3)), month, int(m.group(1)))
            except ValueError:
                continue
    m = _NUMERIC_DATE_RE.search(text)
    if m:  # "06/03/2024" in a log's date column: British order, day first
        year = int(m["year"]) + (2000 if len(m["year"]) == 2 else 0)
        try:
            return date(year, int(m["month"]), int(m["day"]))
        except ValueError:
            return None
    return None


def _month(word: str) -> int | None:
    word = word.lower()
    for n, name in enumerate(_MONTHS, 1):
        if word == name or (len(word) >= 3 and name.startswith(word)):
            return n
    close = difflib.get_close_matches(word, _MONTHS, n=1, cutoff=0.75)
    return _MONTHS.index(close[0]) + 1 if close else None


def due_date(due: str | None, made: date | None = None) -> date | None:
    """When a stated due time begins: "May 2016" -> 2016-05-01; "the end of 2015" -> 2015-12-31.

    A progress check "January 2016" is met by a meeting in January 2016, so a month counts from
    its first day; a deadline "by the end of" a year counts from its last. "In six months"
    counts from the meeting that made the record (`made`), when known.
    """
    if not due:
        return None
    m = re.search(r"\bin\s+(\w+)\s+months?", due, re.I)
    if m:
        months = _NUMBERS.get(m.group(1).lower()) or (
            int(m.group(1)) if m.group(1).isdigit() else 0
        )
        if not (made and months):
            return None
        total = made.month - 1 + months
        return date(made.year + total // 12, total % 12 + 1, 1)
    exact = fuzzy_date(due)
    if exact:
        return exact
    m = re.search(rf"({_MONTH_RE})\w*\s+({_YEAR_RE})", due, re.I)
    if m:
        return date(int(m.group(2)), _month(m.group(1)) or 1, 1)
    m = re.search(rf"({_YEAR_RE})", due)
    if m:
        year = int(m.group(1))
        return date(year, 12, 31) if re.search(r"end of", due, re.I) else date(year, 1, 1)
    return None


def as_date(value) -> date | None:
    """A record's ISO date field (or a date) as a date; None when missing or unreadable."""
    if isinstance(value, date):
        return value
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None
