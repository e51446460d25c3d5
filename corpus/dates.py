"""Meeting dates as board papers write them: in running text, in file names and in folder names."""

from __future__ import annotations

import re
from datetime import date
from pathlib import PurePath

_MONTH_SPELLINGS = [
    ("jan", "january"),
    ("feb", "february"),
    ("mar", "march"),
    ("apr", "april"),
    ("may",),
    ("jun", "june"),
    ("jul", "july"),
    ("aug", "august"),
    ("sep", "sept", "september"),
    ("oct", "october"),
    ("nov", "november"),
    ("dec", "december"),
]
# The one month table: every way papers and questions write a month, with its number.
MONTHS = {m: i for i, names in enumerate(_MONTH_SPELLINGS, start=1) for m in names}
MONTH_NAMES = tuple(names[-1] for names in _MONTH_SPELLINGS)  # "january" ... "december"
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b\.?"
# the ordinal as printed ("30th", "15 TH" broken over a line) or as OCR reads it ("13"", "1+t",
# "2”°"): a few marks that are neither a space nor a digit
_DAY = r"(?<![\w.])(?P<day>[0-3]?\d)(?:\s?(?:st|nd|rd|th)\b|[^\s\d]{1,3})?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"


def is_weekday(word: str) -> bool:
    """Whether a word names a day of the week ("Tuesday")."""
    return re.fullmatch(_WEEKDAY, word, re.I) is not None


# "30 October 2015", "30th January, 2025", "30th-Jan-2025"
_DMY_ONLY = rf"{_DAY}[\s\-]+{_MONTH}[\s,\-]+{_YEAR}"
# "October 14, 2024", "MARCH 11, 2024": the month first, as US papers write it
_MDY = (
    _MONTH.replace("?P<month>", "?P<month2>")
    + r"\s+"
    + _DAY.replace("?P<day>", "?P<day2>")
    + r",?\s+"
    + _YEAR.replace("?P<year>", "?P<year2>")
)
_DMY = rf"(?:{_DMY_ONLY}|{_MDY})"
_DMY_RE = re.compile(_DMY, re.IGNORECASE)
_ISO_RE = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)(?!\d)")
_NUMERIC_RE = re.compile(
    r"(?<![\d.])(?P<day>[0-3]?\d)[./](?P<month>[01]?\d)[./](?P<year>(?:20)?\d\d)(?![\d.])"
)

# Phrases that introduce the date of the meeting itself, most specific first; the date of a
# letter ("Date: 27 January 2025") or a deadline must not win over them.
_NO_STOP = r"(?:[^.]|\.(?=\d))"  # within one sentence, though "10.00 am" has a dot
_MEETING_CUES = [
    re.compile(rf"date\s*(?:&|and)\s*time\s*:?\s*(?:{_WEEKDAY},?\s*)?{_DMY}", re.I),
    # a cover sheet's "Date of meeting: 14 March 2023", "Meeting date: Tuesday 14 March 2023"
    re.compile(
        rf"^\s*(?:date\s+of\s+(?:the\s+)?meeting|meeting\s+date)\s*:?\s*(?:{_WEEKDAY},?\s*)?{_DMY}",
        re.I | re.M,
    ),
    # "held on Monday, 27th November", "held on the 22nd June 2020"
    re.compile(
        rf"\bheld\b{_NO_STOP}{{0,160}}?\bon\s+(?:the\s+)?(?:{_WEEKDAY},?\s*)?(?:the\s+)?{_DMY}",
        re.I | re.S,
    ),
    re.compile(
        rf"\bmeeting\b{_NO_STOP}{{0,60}}?\bon\s+(?:the\s+)?(?:{_WEEKDAY},?\s*)?(?:the\s+)?{_DMY}",
        re.I | re.S,
    ),
    re.compile(rf"\b{_WEEKDAY},?\s+{_DMY}", re.I),
    # a heading whose date stands on the line below it, without its weekday: "ORDINARY COUNCIL
    # MEETING" / "MINUTES" / "24 July 2024" (the date a minutes heading cites later is older)
    re.compile(
        rf"\b(?:minutes|agenda|meeting|committee|board|cabinet|panel|commission)"
        rf"[ \t]*\n\s*{_DMY}[ \t]*(?:$|[,–-]|at\b)",
        re.I | re.M,
    ),
    re.compile(rf"^\s*To:\s*[^\n]{{0,60}}?{_DMY}", re.I | re.M),
    # "CORPORATE PARENTING PANEL – 10th December 2024", "Social Care Services Board 25 January 2016"
    re.compile(
        rf"^[^\n]{{0,60}}\b(?:panel|board|committee|cabinet|council)\b"
        rf"[ \t]*[–\-,:]?[ \t]*{_DMY}[ \t]*$",
        re.I | re.M,
    ),
]
# A letter's own date is the last resort: a cover letter is dated days before the meeting.
_WEAK_CUE = re.compile(rf"^\s*(?:meeting\s+)?date:?\s*{_DMY}", re.I | re.M)


def _found(m: re.Match) -> date | None:
    """The date a match of `_DMY` wrote, in either order."""
    if m["year"]:
        return _make(m["year"], m["month"], m["day"])
    return _make(m["year2"], m["month2"], m["day2"])


def _make(year: str, month: str, day: str) -> date | None:
    y = int(year)
    y = y + 2000 if y < 100 else y
    m = MONTHS.get(month.lower().rstrip(".")) if not month.isdigit() else int(month)
    try:
        return date(y, m, int(day)) if m else None
    except ValueError:
        return None


def parse_date(text: str) -> date | None:
    """The first date written out in `text` ("30th January, 2025", "October 14, 2024")."""
    for m in _DMY_RE.finditer(text):
        found = _found(m)
        if found:
            return found
    return None


_EMPHASIS = re.compile(r"\*+")


def find_meeting_date(text: str) -> date | None:
    """The date of the meeting a page announces or records, from cues such as "held ... on"."""
    # Markdown exports set parts of a heading in bold: "ON MONDAY,** **16TH** **NOVEMBER, 2015"
    text = _EMPHASIS.sub("", text)
    found: list[tuple[int, date]] = []
    for cue in _MEETING_CUES:
        for m in cue.finditer(text):
            day = _found(m)
            if day:
                found.append((m.start(), day))
                break
    if found:
        return min(found)[1]  # the first cue on the page names the meeting itself
    for m in _WEAK_CUE.finditer(text):
        day = _found(m)
        if day:
            return day
    return None


def date_from_name(name: str) -> date | None:
    """A date written in a file or folder name: "30th-Jan-2025", "13.03.25", "2025-01-30"."""
    stem = PurePath(name).stem
    for pattern in (_ISO_RE, _DMY_RE, _NUMERIC_RE):
        for m in pattern.finditer(stem):
            found = _found(m) if pattern is _DMY_RE else _make(m["year"], m["month"], m["day"])
            if found:
                return found
    return None


def date_from_folders(path: str) -> date | None:
    """The date of the nearest parent folder named like an ISO date ("2025-01-30"), or of an
    archive's year/month/day folders ("2023/10/19-Monthly Meeting of ...")."""
    parents = PurePath(path).parents
    for parent in parents:
        m = _ISO_RE.fullmatch(parent.name)
        if m:
            return _make(m["year"], m["month"], m["day"])
    for day, month, year in zip(parents, parents[1:], parents[2:], strict=False):
        d = re.match(r"([0-3]?\d)(?!\d)", day.name)
        if d and re.fullmatch(r"[01]?\d", month.name) and re.fullmatch(r"(?:19|20)\d\d", year.name):
            return _make(year.name, month.name, d[1])
    return None


_DAY_MONTH_RE = re.compile(rf"{_DAY}[\s\-]+{_MONTH}", re.IGNORECASE)


def mentions_day(text: str, day: date) -> bool:
    """Whether `text` writes the day and month of `day`, with or without a year ("19th
    OCTOBER")."""
    return any(
        int(m["day"]) == day.day and MONTHS.get(m["month"].lower().rstrip(".")) == day.month
        for m in _DAY_MONTH_RE.finditer(_EMPHASIS.sub("", text))
    )


def format_date(day: date) -> str:
    """ "30 October 2015", the way the papers write it."""
    return f"{day.day} {day:%B %Y}"
