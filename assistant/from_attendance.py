"""Who chaired a meeting, who was there and who sent apologies, from the minutes' own record.

Minutes open with their attendance ("PRESENT: Mr R W Gough (Chairman), Mr N Baker, ...";
"Elected Members: * Mr Keith Witham (Chairman)") and an apologies item ("Apologies were received
from Mrs C Bell."). A question like "who chaired Cabinet on 30 January?" rarely shares a word with
those lines, so retrieval alone does not find them: this looks them up in the minutes of the
meeting the question names.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from assistant.question import DATE_WORD, QType, Question, content_terms
from corpus.types import Kind
from index.types import Filters, Hit

_CHAIR = re.compile(r"\bchair(?:s|ed|ing|man|woman|person)?\b|\bpresided\b", re.I)
_VICE = re.compile(r"\bvice[- ]?chair", re.I)
# "present" alone is mostly the verb ("who will present the report"), so only these senses count;
# "was there" asks who attended, "was there a contest?" whether something happened
_PRESENT = re.compile(
    r"\battend(?:ed|ing|ance|ees)?\b|\b(?:was|were)\s+present\b|\bpresent\s+at\b"
    r"|\b(?:was|were)\s+there\b(?!\s+(?:a|an|any|anything|anyone|no|much|many|some)\b)",
    re.I,
)
_APOLOGIES = re.compile(r"\b(?:apolog\w*|absent|absence)\b", re.I)
_MEETING = re.compile(r"\bmeeting\b", re.I)
# "(Chairman)" after a name in the attendance; "Chairman: Mr X" on a line of its own
_CHAIR_MARK = re.compile(
    r"\((?:the\s+)?(?P<role>(?:Vice[- ]?)?Chair(?:man|woman|person)?|Mayor|Deputy Mayor)\)"
    r"|^\s*(?P<line_role>(?:Vice[- ]?)?Chair(?:man|woman|person)?)\s*:\s*\S",
    re.I | re.M,
)
_PRESENT_START = re.compile(
    r"^\s*(?:PRESENT|Present|Members present|Members in attendance|Elected Members)\b", re.M
)
_PRESENT_END = re.compile(
    r"^\s*(?:IN ATTENDANCE|ALSO PRESENT|Officers|Apologies|Co-opted|Ex officio|UNRESTRICTED|"
    r"\d{1,4}[./]?\s+[A-Z])",
    re.M,
)
_APOLOGY_LINE = re.compile(
    r"^[^\n]*\bapolog\w*\b[^\n]*\b(?:received|from|given|reported|tendered|none)\b", re.I | re.M
)
# "Apologies:" (or "Apologies for absence:") and the names listed under it, up to the next
# label ("In attendance:") or item title ("Item 1 Welcome", "34. APOLOGIES")
_APOLOGIES_LIST = re.compile(
    r"^[ \t]*Apologies(?: for absence)?[ \t]*:[ \t]*\n"
    r"(?:(?![ \t]*(?:[\w ]{1,30}:|Item\s+\d|\d{1,4}[.)]?\s)).*\S.*\n?){1,12}",
    re.M | re.I,
)
# Words of an attendance question that say nothing of which meeting it was
_ROLE_WORD = re.compile(
    r"chair\w*|vice|attend\w*|present|apolog\w*|absen\w*|meeting|sent|gave|give\w*|member\w*|"
    r"presid\w*"
)


def says_who(text: str) -> bool:
    """Whether a question asks who in so many words; "which councillors sent apologies?" asks
    it without them, as only the question model can tell."""
    return bool(_WHO.search(text))


_WHO = re.compile(r"\bwho\b", re.I)
# A full stop that ends a sentence, not the one after an initial ("from Cllr G. Williams")
_FULL_STOP = re.compile(r"(?<!\b[A-Z])\.(?=\s|$)")
HEAD_CHUNKS = 3  # attendance stands in the first chunks of the minutes


def _day(question: Question) -> date | None:
    """The one meeting day the question names in full, if it names one."""
    full = [(d, m, y) for d, m, y in question.dates if d and y]
    if len(full) != 1:
        return None
    d, m, y = full[0]
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _minutes(question: Question, index, filters: Filters | None) -> list[Hit] | None:
    """The chunks of the minutes of the meeting the question is about, in reading order."""
    f = filters or Filters()
    if f.kinds and str(Kind.MINUTES) not in f.kinds:
        return None  # the user asked for other kinds of paper than minutes
    committees = f.committees or question.committees
    day = _day(question)
    if not committees and day is None and not _MEETING.search(question.text):
        return None  # no meeting named: "who chairs the board" is not about one meeting's minutes
    wanted = Filters(
        committees=committees,
        kinds=(str(Kind.MINUTES),),
        since=day or f.since,
        until=day or f.until,
        paper_ids=f.paper_ids,
    )
    hits = index.search(f"{question.query} present chairman apologies", k=10, filters=wanted)
    top = next((h for h in hits if question.on_dates(h.meeting_date)), None)
    if top is None:
        return None
    chunks = [
        c
        for c in index.chunks(top.paper_id)
        if c.document == top.document and c.meeting_date == top.meeting_date
    ]
    # "who chaired the meeting on the swimming pool": the minutes must be about it
    about = {t for t in question.terms if not (_ROLE_WORD.fullmatch(t) or DATE_WORD.fullmatch(t))}
    about -= {t for c in committees for t in content_terms(c)}
    held = {t for c in chunks for t in content_terms(f"{c.breadcrumb} {c.text}")}
    return chunks if len(about & held) >= len(about) / 2 else None


def _line(text: str, at: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    return start, end if end >= 0 else len(text)


def _chair(chunks: list[Hit], vice: bool) -> tuple[Hit, str] | None:
    for chunk in chunks[:HEAD_CHUNKS]:
        for m in _CHAIR_MARK.finditer(chunk.text):
            role = (m["role"] or m["line_role"]).lower()
            if ("vice" in role) != vice or "deputy" in role:
                continue
            start, end = _line(chunk.text, m.start())
            return chunk, chunk.text[start:end].strip(" \t-*•·")  # not the list bullet
    return None


def _present(chunks: list[Hit]) -> list[tuple[Hit, str]]:
    for chunk in chunks[:HEAD_CHUNKS]:
        m = _PRESENT_START.search(chunk.text)
        if m:
            stop = _PRESENT_END.search(chunk.text, m.end())
            return [(chunk, chunk.text[m.start() : stop.start() if stop else None].strip())]
    return []


def _apologies(chunks: list[Hit]) -> tuple[Hit, str] | None:
    for chunk in chunks[:HEAD_CHUNKS]:
        listed = _APOLOGIES_LIST.search(chunk.text)
        if listed:  # "Apologies:" over the names, one a line, as attendance lists set them
            return chunk, listed.group().strip()
    for chunk in chunks:
        m = _APOLOGY_LINE.search(chunk.text)
        if m:
            # the sentence runs on over wrapped lines to its full stop, not an initial's
            stop = _FULL_STOP.search(chunk.text, m.end())
            end = stop.end() if stop else _line(chunk.text, m.start())[1]
            return chunk, chunk.text[m.start() : end].strip()
    return None


def attendance_answer(
    question: Question, *, index, filters: Filters | None = None
) -> tuple[list[tuple[Hit, str]], float] | None:
    """Quotes naming the chair, those present and the apologies of the meeting a question asking
    who names, as asked; None when the question asks none of these or the minutes do not say."""
    text = question.text
    # "which councillors sent apologies?" asks who as well: the question model reads it so
    if question.followup or not (question.qtype is QType.WHO or says_who(text)):
        return None
    asks_chair, asks_present = _CHAIR.search(text), _PRESENT.search(text)
    asks_apologies = _APOLOGIES.search(text)
    if not (asks_chair or asks_present or asks_apologies):
        return None
    chunks = _minutes(question, index, filters)
    if not chunks:
        return None
    quotes: list[tuple[Hit, str]] = []
    found: Sequence[tuple[Hit, str] | None]
    if asks_chair:
        found = [_chair(chunks, vice=bool(_VICE.search(text)))]
        if found[0] is None:
            return None  # no "(Chairman)" in the attendance: an election of chair, say; free text
        quotes += found
    if asks_present and not asks_chair:
        quotes += _present(chunks)
    if asks_apologies:
        apologies = _apologies(chunks)
        quotes += [apologies] if apologies else []
    return (quotes, 0.8) if quotes else None
