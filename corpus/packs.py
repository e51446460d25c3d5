"""Splitting a file into the documents a reader sees in it: agenda, minutes, reports, annexes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePath

from corpus.dates import find_meeting_date, format_date
from corpus.items import title_like
from corpus.lines import Line
from corpus.types import Kind

# How far down a PDF sheet a document's opening lines may sit (page numbers and running heads
# come first on some sheets).
_PAGE_TOP_LINES = 6

# "MINUTES of the meeting of ...", "Minutes of the Cabinet meeting held on ...", "MINUTES"
_MINUTES_RE = re.compile(
    r"^\W*MINUTES(?:\s+of\s+(?:(?:a|the)\s+)?(?:[\w&'’ -]{0,60}\s)?meeting\b|\W*$"
    # "Minutes of the Finance and Resources Committee held on 3 April 2024"
    r"|\s+of\s+(?:the\s+)?[\w&'’ ,-]{3,80}?\s(?:committee|board|council|cabinet|panel|"
    r"commission|trustees|directors)\s+held\b)",
    re.I,
)
# Scottish councils write "Minute of Meeting of the X Committee held on 12 September 2023."
_MINUTE_OF_RE = re.compile(
    # "Minute of meeting held in the Council Chamber" too; and "Minutes – Regular Meeting"
    r"^\W*MINUTES?(?:\s+of\s+(?:(?:a|the)\s+)?meeting\s+(?:of|held)\b|\s*[–-]\s+[^\[\]()\n]{1,60}$)",
    re.I,
)
# A sentence that ends with the date of the meeting is still a heading: "... held on 12 May 2023.",
# "... on Thursday 3 October 2024 at 10.00am."
_ENDS_WITH_DATE_RE = re.compile(
    r"\bheld\b.*\b(?:19|20)\d\d(?:,?\s+(?:at|commencing\s+at)\s+\d{1,2}(?:[.:]\d\d)?\s*"
    r"(?:[ap]\.?m\.?)?)?\.$",
    re.I,
)
# Lines atop a text file above its first document: the council's or board's name, not a part.
_BANNER_LINES = 3
_DECISION_RE = re.compile(r"\bRECORD\s+OF\s+DECISION\b", re.I)
_DECISION_NO_RE = re.compile(r"\b\d{2}/\d{5}\b")
# A covering report's front matter: who it is from or for, then what it is about.
_FROM_RE = re.compile(
    r"^(?:From|By|To|Report (?:to|of|by|from)|Committee|Meeting|Decision maker)\s*:", re.I
)
_SUBJECT_RE = re.compile(r"^(?:Subject|Title|Report title|Title of report)\s*:\s*(.*)$", re.I)
_LABELLED_RE = re.compile(r"^[A-Z][A-Za-z ()/]{1,30}:")
_REPORT_BANNER_RE = re.compile(
    r"^[A-Z][A-Za-z &'’]+(?:Board|Committee|Cabinet|Council|Panel)\s+"
    r"(?:(?:Mon|Tues|Wednes|Thurs|Fri)day,?\s+)?\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]+\s+\d{4}$"
)
_ANNEX_RE = re.compile(r"^(?:annexe?|appendix)\s*(?:[A-Z]|\d{1,2})\b", re.I)
_TRACKER_RE = re.compile(
    r"\b(?:RECOMMENDATIONS?|ACTIONS?)\s+TRACKER\b|\b(?:Recommendations?|Actions?) Tracker\b"
)
# A board's action log: "Action Log", "ACTIONS LOG", "Board Action Log"
_ACTION_LOG_RE = re.compile(r"^(?:[A-Z][a-z]+\s+)?actions?\s+log\b", re.I)
# "Ashmoor Health and Wellbeing Board - Action Log (updated 3 April 2025)": title case or capitals
_BODY_LOG_RE = re.compile(r"^[A-Z][\w&'’ ]{2,60}\s[-–:]\s+(?:Actions?\s+Log|ACTIONS?\s+LOG)\b")
_FORWARD_RE = re.compile(r"\bforward\s+(?:work\s+)?(?:programme|plan)\b", re.I)
_AGENDA_RE = re.compile(r"^(?:(?i:agenda)$|Notice of Meeting|Summons to and|Dear Member)")
# A heading naming the meeting and the document: "REGULAR MEETING MINUTES", "Special Meeting
# Agenda", "SELECT BOARD MEETING MINUTES"
_MEETING_DOC_RE = re.compile(
    r"^\W*(?:[A-Za-z&'’-]+\s+){0,5}meeting\s+(?P<kind>minutes|agenda)\W*$", re.I
)
_QUESTION_RE = re.compile(r"^Question\s+\d+$", re.I)
_EQIA_RE = re.compile(r"^(?:EQIA|Equality (?:Impact|Analysis) Assessment)\b", re.I)
_FORM_RE = re.compile(r"^[A-Z][A-Za-z ]{2,40} Form$")  # "Budget Amendment Form"
_BLANK_PAGE_RE = re.compile(r"^this page is intentionally left blank", re.I)
_TOC_RE = re.compile(r"(?:\t|\.{3,}|\s{3,})\d{1,3}\s*$")


@dataclass(frozen=True)
class PartStart:
    """Where a document begins in a file's lines, and what it is."""

    line: int  # index into the file's lines
    kind: Kind
    title: str


def _heading_like(line: Line, max_words: int = 16) -> bool:
    return (
        "\t" not in line.text
        and line.words <= max_words
        and not line.text.endswith((".", ",", ";"))
        and not _TOC_RE.search(line.text)
        and not line.text[:1].isdigit()
    )


def _next_text(lines: list[Line], i: int, skip_numbers: bool = True) -> str:
    for line in lines[i + 1 : i + 4]:
        if skip_numbers and line.text.isdigit():
            continue
        return line.text
    return ""


def _subject(lines: list[Line], i: int) -> str | None:
    """The "Subject:" of a covering report within a few lines of its "From:"."""
    for j in range(i, min(i + 14, len(lines))):
        m = _SUBJECT_RE.match(lines[j].text)
        if m:
            title, last = m.group(1).strip(), lines[j]
            for nxt in lines[j + 1 : j + 4]:  # a long subject wraps onto a few lines
                wrapped = len(last.text) >= 40 and nxt.page == last.page
                if not wrapped or _LABELLED_RE.match(nxt.text) or nxt.text[:1].isdigit():
                    break
                title, last = f"{title} {nxt.text}", nxt
            return " ".join(title.split()) or None
    return _titled_after_labels(lines, i)


def _titled_after_labels(lines: list[Line], i: int) -> str | None:
    """A cover sheet without "Subject:": "REPORT TO: Cabinet", "DATE: ...", "REPORT OF: ..."
    and then the report's title on a line of its own ("RIVERSIDE LEISURE CENTRE REFURBISHMENT")."""
    labelled = 0
    for line in lines[i : i + 14]:
        if _LABELLED_RE.match(line.text):
            labelled += 1
            continue
        titled = line.text.isupper() or title_like(line.text)
        if labelled >= 3 and line.page == lines[i].page and _heading_like(line, 15) and titled:
            return line.text.strip()
        if labelled:
            return None  # prose after the labels: no title line
    return None


def minutes_heading(text: str) -> bool:
    """ "MINUTES of a meeting of the Cabinet ...", "Minute of Meeting of the ... Committee"."""
    return bool(_MINUTES_RE.match(text) or _MINUTE_OF_RE.match(text))


def _detect(lines: list[Line], i: int) -> PartStart | None:
    """The document that begins at line i, if one visibly does."""
    line = lines[i]
    text = line.text
    titled = text.lstrip("*# ").startswith("MINUTES") or (
        line.words <= 25 and (text[-1:] != "." or bool(_ENDS_WITH_DATE_RE.search(text)))
    )
    minutes = minutes_heading(text)
    if minutes and titled:  # not "Minutes of the meeting ... are attached."
        held = find_meeting_date(" ".join(ln.text for ln in lines[i : i + 4]))
        return PartStart(i, Kind.MINUTES, f"Minutes of {format_date(held)}" if held else "Minutes")
    if _DECISION_RE.search(text) and line.words <= 12:
        window = " ".join(ln.text for ln in lines[i : i + 12] if ln.page == line.page)
        number = _DECISION_NO_RE.search(window)
        # a report's list of appendices names "Proposed Record of Decision (PROD)" too: the
        # record itself is headed in capitals or carries its decision number
        if number or text.upper() == text:
            title = "Record of Decision" + (f" {number.group()}" if number else "")
            return PartStart(i, Kind.DECISION, title)
    if _FROM_RE.match(text):
        subject = _subject(lines, i)
        if subject:
            return PartStart(i, Kind.REPORT, subject)
    if _REPORT_BANNER_RE.match(text) and "\t" not in text:
        return PartStart(i, Kind.REPORT, _next_text(lines, i))
    if _TRACKER_RE.search(text) and _heading_like(line, 24):
        return PartStart(i, Kind.TRACKER, text)
    if (_ACTION_LOG_RE.match(text) and _heading_like(line, 6)) or (
        _BODY_LOG_RE.match(text) and _heading_like(line, 16)
    ):
        return PartStart(i, Kind.TRACKER, text)
    if _FORWARD_RE.search(text) and _heading_like(line, 14):
        return PartStart(i, Kind.FORWARD_PLAN, text)
    annex = _ANNEX_RE.match(text)
    if annex and _annex_title(lines, i, annex.end()):
        title = text
        if len(text.split()) <= 2:
            title = f"{text} – {_next_text(lines, i)}".strip(" –")
        return PartStart(i, Kind.ANNEX, title)
    # Markdown exports print "**AGENDA**" or a heading "# Agenda"
    heading = text.startswith("#") and text.strip("*_# ").lower() == "agenda"
    if _AGENDA_RE.match(text.strip("*_# ")) or heading:
        return PartStart(i, Kind.AGENDA, "Agenda")
    named = _MEETING_DOC_RE.match(text.strip("*_# "))
    if named and line.words <= 8:
        if named["kind"].lower() == "agenda":
            return PartStart(i, Kind.AGENDA, "Agenda")
        held = find_meeting_date(" ".join(ln.text for ln in lines[i : i + 4]))
        return PartStart(i, Kind.MINUTES, f"Minutes of {format_date(held)}" if held else "Minutes")
    if _QUESTION_RE.match(text):
        return PartStart(i, Kind.OTHER, "Questions")
    if _EQIA_RE.match(text) and 2 <= line.words <= 8 and _heading_like(line):
        return PartStart(i, Kind.ANNEX, "Equality Impact Assessment")
    if _FORM_RE.match(text):
        return PartStart(i, Kind.OTHER, text)
    return None


def kind_from_name(path: str) -> Kind:
    """A document's kind as its file name suggests, for files whose text does not say."""
    name = PurePath(path).stem.lower()
    for pattern, kind in (
        (r"minutes", Kind.MINUTES),
        (r"\bprod\b|record of decision", Kind.DECISION),
        (r"agenda", Kind.AGENDA),
        (r"tracker", Kind.TRACKER),
        (r"forward (?:work )?(?:plan|programme)", Kind.FORWARD_PLAN),
        (r"appendix|annex|eqia|dpia", Kind.ANNEX),
        (r"report|statement|strategy|update", Kind.REPORT),
    ):
        if re.search(pattern, name):
            return kind
    return Kind.OTHER


def _annex_title(lines: list[Line], i: int, label_end: int) -> bool:
    """Whether an "Appendix B ..." line titles an annex, not cites one or lists several."""
    line = lines[i]
    rest = line.text[label_end:].strip(" :-–—")
    if not _heading_like(line, 16) or (rest and not (rest[:1].isupper() or rest[:1].isdigit())):
        return False
    neighbours = [lines[j].text for j in (i - 1, i + 1) if 0 <= j < len(lines)]
    return not any(_ANNEX_RE.match(text) for text in neighbours)


def _annex_key(title: str) -> str | None:
    m = _ANNEX_RE.match(title)
    return " ".join(m.group().lower().split()) if m else None


def _after_blank_page(lines: list[Line], i: int) -> PartStart | None:
    """An untitled document that starts after a deliberately blank page: its first short lines."""
    if i == 0 or not _BLANK_PAGE_RE.match(lines[i - 1].text):
        return None
    if any(_detect(lines, j) for j in range(i, min(i + 3, len(lines)))):
        return None
    title = []
    for line in lines[i : i + 3]:
        if line.words > 8 or "\t" in line.text or line.text[:1].isdigit():
            break
        title.append(line.text)
    return PartStart(i, Kind.ANNEX, " ".join(title)) if title else None


def find_part_starts(lines: list[Line], *, paged: bool) -> list[PartStart]:
    """Where each document of a file begins; a PDF's documents begin at the top of a sheet."""
    starts: list[PartStart] = []
    head_seen: dict[tuple[Kind, str], int] = {}
    top_of_page = 0
    for i, line in enumerate(lines):
        if i == 0 or line.page != lines[i - 1].page:
            top_of_page = i
        if paged and i - top_of_page >= _PAGE_TOP_LINES:
            continue
        found = _detect(lines, i) or _after_blank_page(lines, i)
        if found is None:
            continue
        current = starts[-1] if starts else None
        key = (found.kind, found.title)
        previous_sheet, head_seen[key] = head_seen.get(key), line.page
        # a head printed on consecutive sheets runs through one document; a form that
        # reappears after sheets without it starts the next copy of the form
        if (
            current
            and (current.kind, current.title) == key
            and (
                not paged
                or previous_sheet in (line.page, line.page - 1)
                or found.title == "Questions"
            )
        ):
            continue
        # annexes are numbered afresh after each report; a repeat within a run is a running head
        run = [s for s in starts if s.kind is Kind.ANNEX]
        last_other = max((n for n, s in enumerate(starts) if s.kind is not Kind.ANNEX), default=-1)
        seen = {_annex_key(s.title) for s in starts[last_other + 1 :]} if run else set()
        if found.kind is Kind.ANNEX and _annex_key(found.title) in seen:
            continue  # "Appendix K" printed atop every sheet of Appendix K
        if current and current.kind is Kind.AGENDA and found.kind is Kind.AGENDA:
            continue
        if (
            current
            and found.kind is Kind.FORWARD_PLAN
            and current.kind is Kind.TRACKER
            and i - current.line < 3
        ):
            continue  # "Recommendations tracker and forward work programme" as one title
        line_no = top_of_page if paged else _below_banner(lines, i) if not starts else i
        if starts and line_no <= starts[-1].line:
            line_no = i
        starts.append(PartStart(line_no, found.kind, found.title))
    return starts


def _below_banner(lines: list[Line], i: int) -> int:
    """Where the first document of a text file begins: with the name lines printed above it.

    "WESTBROOK BOROUGH COUNCIL" over "MINUTES of a meeting ..." heads the minutes; it is not a
    document of its own.
    """
    above = lines[:i]
    banner = len(above) <= _BANNER_LINES and all(
        _heading_like(line, 8) and not _TOC_RE.search(line.text) and line.text.upper() == line.text
        for line in above
    )
    return 0 if banner else i
