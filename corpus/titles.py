"""A paper's own title from the top of its first page, and whether its file name is only a code.

Papers are often saved under names that mean something only to whoever filed them ("scan0001",
"2023-09-11_minutes", "GAC TOR Update CC March 2025 Final"), while the first page prints what
the paper is. Both measures here are hand-written: the conventions are the papers' own (how a
letterhead, a cover sheet's labels or a minutes heading are printed), too few labelled titles
exist to fit anything on, and the rules must hold for councils and boards never seen.
"""

from __future__ import annotations

import re

from corpus.dates import MONTHS

OPENING_CHARS = 3000  # the top of the first page: a cover sheet fits, the body mostly not
_TITLE_LINES = 15  # a title sits within the first non-empty lines, under any letterhead
_MAX_CHARS = 100
_MAX_WORDS = 16  # a longer line is running text, not a title
_WRAP_CHARS = 45  # a PDF line this long may have wrapped: a page's lines hold 80 to 100

_SMALL = {"a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to"}
_SMALL |= {"with", "per", "via", "nor", "but", "into", "upon"}
# Words that name a kind of document or its place in a pack: a file name of only these
# ("2023-09-11_minutes", "Appendix 3") says less than the paper's own heading.
_WEAK = {"minutes", "minute", "agenda", "appendix", "annex", "annexe", "report", "item", "pack"}
_WEAK |= {"scan", "document", "doc", "file", "untitled", "attachment", "enclosure", "paper"}
# Words of a heading that name a meeting but not whose or what about: "REGULAR MEETING AGENDA".
_GENERIC = _WEAK | {"meeting", "notice", "regular", "ordinary", "special", "annual", "monthly"}
_GENERIC |= {"extraordinary", "adjourned", "full", "public", "previous", "summons", "general"}
_VERSION = {"v", "ver", "version", "rev", "final", "draft", "copy"}
_WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
_DATE_WORDS = set(MONTHS) | _WEEKDAYS | {"am", "pm", "noon"}
# Words a sentence has and a title rarely does: "You are hereby summoned to attend ..."
_SENTENCE_WORDS = {"is", "are", "was", "were", "will", "would", "shall", "should", "has", "have"}
_SENTENCE_WORDS |= {"had", "can", "could", "we", "you", "our", "your", "i", "it"}

# The last word of an organisation's or a body's name, as a letterhead prints it.
_ORG_WORDS = {
    "council", "township", "trust", "authority", "borough", "board", "committee", "cabinet",
    "corporation", "county", "district", "panel", "commission", "parish", "assembly",
    "executive", "partnership", "trustees", "governors", "company", "limited", "ltd", "plc",
    "association", "society", "foundation", "ministry", "department", "village", "city", "town",
    "sub-committee", "subcommittee", "forum", "municipality", "government", "agency", "service",
    "shire",
}  # fmt: skip
# A line that is part of an address: a building, a street, a postcode or ZIP code.
_PLACE_WORDS = {
    "house", "hall", "street", "road", "lane", "avenue", "square", "place", "way", "drive",
    "parade", "quay", "chambers", "building", "centre", "center", "offices", "close", "crescent",
}  # fmt: skip
_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b|\b[A-Z]{2}\s+\d{5}(?:-\d{4})?\b")
# Cover-sheet labels whose value is not the title ("Date:", "From:", "Status:", "Venue:").
_LABELS = {
    "date", "time", "date and time", "venue", "place", "location", "from", "to", "by", "cc",
    "present", "also present", "in attendance", "apologies", "attendees", "members", "chair",
    "chairman", "clerk", "email", "e-mail", "tel", "telephone", "phone", "fax", "web", "website",
    "contact", "contact officer", "enquiries", "author", "report author", "lead officer",
    "officer", "responsible officer", "cabinet member", "portfolio holder", "status",
    "classification", "ward", "wards", "wards affected", "electoral division",
    "electoral divisions", "division", "key decision", "decision no", "decision number",
    "previous pathway", "future pathway", "summary", "recommendation", "recommendations",
    "purpose", "purpose of report", "reference", "ref", "our ref", "our reference", "your ref",
    "your reference", "meeting", "meeting date", "date of meeting", "papers issued", "issued",
    "published", "dated", "address", "trustees", "board members", "distribution", "report of",
    "report to", "report from", "report by", "decision maker", "appendices", "background papers",
    "membership",
}  # fmt: skip
# The labels whose value is the title: "Subject: Governance and Audit Committee Terms of ..."
_TITLE_LABELS = {"subject", "title", "re", "report title", "title of report", "subject of report"}
_LABEL = re.compile(r"^([A-Za-z][A-Za-z &/()'-]{0,40}?)\s*:\s*(.*)$")
_BOILERPLATE = re.compile(
    r"^(?:page\s*)?\d+(?:\s*(?:of|/)\s*\d+)?$"  # page numbers
    r"|^(?:agenda\s+)?item\s*(?:no\.?\s*)?[\w().]{1,6}$"  # "Agenda item 7"
    r"|\b(?:registered\s+)?(?:charity|company)\s+(?:no|number)\b"
    r"|^(?:official|official[- ]sensitive|unrestricted|restricted|confidential|"
    r"not protectively marked|exempt|for publication|part\s+(?:1|i|one))$"  # protective marks
    r"|^\[[^\]]*\]\([^)]*\)$|^(?:https?://|www\.)\S+$|^\S+@\S+$"  # link lines
    r"|^[-=_*~]{3,}$"  # rules
    r"|^(?:appendix|annexe?|item|enclosure|schedule)\s+[\w().]{1,6}$",  # "Appendix 3"
    re.I,
)
_PLACING = re.compile(r"\b(?:appendix|annexe?|enclosure|attachment)\b|\b\d{2,4}[-/]\d{3,6}\b", re.I)
_NUMBERED = re.compile(r"^\(?(?:\d{1,3}|[a-z])[.)]\s+\S|^\d{1,3}/\d{1,3}\s")  # the body begins
_SALUTATION = re.compile(r"^(?:dear|annwyl)\b", re.I)
_PERSON = re.compile(r"^(?:(?:mr|mrs|ms|miss|dr|cllr|councillor|sir)\.?\s|(?:[A-Z]\.\s*)+[A-Z])")
_HELD = re.compile(r"\s+(?:to\s+be\s+)?held\b.*$", re.I | re.S)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*|\d+(?:st|nd|rd|th)?", re.I)
_MARKUP = re.compile(r"^[#>\s]+|[*_`]+")
_JOINS = (",", ":", "-", "–", "&", " and", " of", " for", " the", " to", " in", " on")


def cover_title(pages_text: str) -> str | None:
    """The title a paper prints at the top of its first page, or None when nothing reads as one.

    Letterhead and boilerplate are passed over (the organisation's name, addresses, dates,
    labels, page numbers); a minutes heading is cut at "held", an all-capitals title is
    title-cased, and a title that only names a kind of meeting ("Regular Meeting Agenda") is
    completed with the body named above it; alone, such a heading ("MINUTES") is no title."""
    lines = _opening_lines(pages_text)
    known = _abbreviations(lines)
    subject = _labelled_title(lines, known)
    if subject or any(_SALUTATION.match(line) for line in lines):
        return subject  # a letter: what precedes "Dear ..." is addresses, not a title
    orgs: list[str] = []
    prose = False  # whether running text has begun ("NOTICE IS HEREBY GIVEN that ...")
    for i, line in enumerate(lines[:_TITLE_LINES]):
        if _NUMBERED.match(line):
            break
        if _org_name(line) or _twin_of_org(lines, i):
            if not prose:  # below the text, a name is a signatory's post ("Chief Executive")
                orgs.append(_org_name(line) or "")
            continue
        # "KENT COUNTY COUNCIL – PROPOSED RECORD OF DECISION": the letterhead, then the title
        parts = re.split(r"\s[–-]\s|:\s", line, maxsplit=1)
        if len(parts) == 2 and _org_name(parts[0]):
            orgs.append(parts[0])
            line = parts[1]
        if _title_of(line) is None:
            prose = prose or _prose(line)
            continue
        if not _HELD.search(line):  # a heading cut at "held" is complete; others may wrap
            line = _join_wrapped(line, lines[i + 1 : i + 3])
        title = _finish(line, known)
        org = _nearest_org([o for o in orgs if o])
        # "AGENDA" over "Health and Wellbeing Board" is for that body ("Meeting of the Board of
        # Trustees" below names the meeting, and the letterhead the body better)
        below = lines[i + 1] if i + 1 < len(lines) else ""
        if _is_generic(title) and _org_name(below) and not re.search(r"\bmeeting\b", below, re.I):
            org = _org_name(below)
        if _is_generic(title):
            return _cap(f"{title} - {_fix_case(org, known)}") if org else None
        if prose:
            continue  # below a notice's text a short line signs it ("Joanna Pryce" / "Clerk")
        return title
    return None


def _prose(line: str) -> bool:
    """A line of running text: a sentence, or a long line of one ("You are summoned to ...")."""
    words = line.split()
    sentence = any(w.lower().strip(",") in _SENTENCE_WORDS for w in words)
    return len(words) >= 8 and (len(words) > _MAX_WORDS or line.endswith(".") or sentence)


def reads_as_title(line: str) -> bool:
    """Whether a heading names the paper, rather than being its letterhead or boilerplate."""
    line = _MARKUP.sub("", line).strip()
    return bool(line) and not _org_name(line) and _title_of(line) is not None


def is_code(stem: str, opening: str = "") -> bool:
    """Whether a file stem says too little for a reader, so the paper's own title should show.

    Dates, numbers, reference codes, version marks and single letters are dropped; document
    words ("minutes", "appendix") are weak. A code leaves fewer than two other words, or mostly
    short capitalised abbreviations that the paper's opening never uses (an abbreviation the
    paper spells out and uses, "JHOSC", is one its reader meets; "GAC" in the file name only
    is the filer's shorthand)."""
    # A count of the words left, not a list of known file names: filers' habits differ by body,
    # and the words that carry nothing (dates, versions, document kinds) are the same everywhere.
    named = [w for w in _WORD.findall(stem) if _names_something(w)]
    if len(named) < 2:
        return True
    exact = stem != stem.upper()  # an all-capitals name cannot tell abbreviations by case
    opaque = [w for w in named if _abbreviation(w) and not _used_in(w, opening, exact)]
    return 2 * len(opaque) > len(named)


def places_in_pack(name: str) -> bool:
    """A name that places a paper in a pack or a register: an appendix ("Appendix 3") or a
    reference number ("24-00109 - PROD"); it stays beside the title the paper gives itself."""
    return bool(_PLACING.search(name))


def _names_something(word: str) -> bool:
    lower = word.lower()
    return not (
        word[0].isdigit()
        or len(word) == 1
        or lower in _DATE_WORDS
        or lower in _VERSION
        or lower in _SMALL
        or lower in _WEAK
    )


def _names(text: str) -> bool:
    return any(_names_something(w) for w in _WORD.findall(text))


def _abbreviation(word: str) -> bool:
    capitals = sum(c.isupper() for c in word)
    return len(word) <= 5 and capitals >= 2 and 2 * capitals >= len(word)


def _used_in(word: str, opening: str, exact: bool) -> bool:
    return re.search(rf"\b{re.escape(word)}\b", opening, 0 if exact else re.I) is not None


def _opening_lines(text: str) -> list[str]:
    """The opening's lines without markup, up to its first table row (tab-joined cells or a
    Markdown table): a title comes before any table, and a page that opens with one has none."""
    lines = []
    for raw in text[:OPENING_CHARS].splitlines():
        if "\t" in raw or raw.lstrip().startswith("|"):
            break
        line = " ".join(_MARKUP.sub("", raw).split())
        if line:
            lines.append(line)
    return lines


def _abbreviations(lines: list[str]) -> set[str]:
    """Words the paper writes in capitals amid lower-case text ("the EQIA Submission"), so
    title-casing a line of capitals keeps them."""
    known = set()
    for line in lines:
        words = [w.strip("()[],.:;") for w in line.split()]
        for i, word in enumerate(words):
            alone = not any(_shouting(w) for w in words[max(i - 1, 0) : i] + words[i + 1 : i + 2])
            if alone and re.fullmatch(r"[A-Z]{2,5}", word) and word.lower() not in _SMALL:
                known.add(word)
    return known


def _labelled_title(lines: list[str], known: set[str]) -> str | None:
    """The value of a cover sheet's "Subject:" or a letter's "Re:", before the body begins."""
    for i, line in enumerate(lines):
        if _NUMBERED.match(line):
            return None
        m = _LABEL.match(line)
        if m and m[1].lower() in _TITLE_LABELS and _title_of(m[2]):
            return _finish(_join_wrapped(m[2], lines[i + 1 : i + 3], len(line)), known)
    return None


def _title_of(line: str) -> str | None:
    """The line as a title candidate, or None for letterhead, boilerplate and prose."""
    label = _LABEL.match(line)
    if label and (label[1].lower() in _LABELS or label[1].lower() in _TITLE_LABELS):
        return None
    if _BOILERPLATE.search(line) or _PERSON.match(line) or _address(line) or _bilingual(line):
        return None
    if not _names(line) and not any(w.lower() in _WEAK for w in _WORD.findall(line)):
        return None  # dates and times alone
    line = _HELD.sub("", line).rstrip(" ,;:–-")
    words = line.split()
    if line[:1].islower() or line.endswith(".") or len(words) > _MAX_WORDS:
        return None
    if any(w.lower().strip(",") in _SENTENCE_WORDS for w in words):
        return None
    return line


# An organisation or body named as "<kind> of <name>": "THE CORPORATION OF THE TOWN OF
# ELDERMERE", "Shire of Wandarra", "BOARD OF COMMISSIONERS", "Committee of the Whole"
_ORG_OF = re.compile(
    r"^(?:the\s+)?(?:corporation\s+of\s+(?:the\s+)?)?(?:[A-Za-z'’-]+\s+){0,3}?(?P<kind>[A-Za-z-]+)"
    r"\s+of\s+(?:the\s+)?[A-Za-z'’-]+(?:\s+[A-Za-z'’-]+){0,3}$",
    re.I,
)

# Whom a notice is addressed to, before the body's name: "All Members of the", "The Chair and
# Members of the", "Each Member of the"
_ADDRESSEES = re.compile(
    r"^(?:the\s+)?(?:(?:all|each)\s+)?(?:(?:chair(?:man|person)?|mayor|cathaoirleach)\s+and\s+"
    r"(?:each\s+)?)?members?\s+of\s+(?:the\s+)?",
    re.I,
)
# Words that name a document, which a letterhead never prints in its name
_KIND_OF_DOCUMENT = re.compile(r"\b(?:agenda|minutes?)\b", re.I)


def _org_name(line: str) -> str | None:
    """The line as an organisation's or a body's name ("HARBOURSIDE LIBRARIES TRUST",
    "CORPORATE PARENTING PANEL – 10th December 2024"), else None."""
    named = [p for p in re.split(r"\s[–-]\s|:\s", line) if _names(p)]
    if len(named) != 1 or "," in named[0]:
        return None  # "Cabinet - 12 March 2024 - Millbrook Borough Council" names a meeting
    named = [_ADDRESSEES.sub("", named[0])]  # "To: All Members of the Planning Committee"
    if _KIND_OF_DOCUMENT.search(named[0]):
        return None  # "CITY COUNCIL AGENDA" titles a document; a letterhead names no document
    words = [w for w in _WORD.findall(named[0]) if _names_something(w) or w.lower() in _SMALL]
    # the kind of body ends the name ("... TRUST") or comes first, before "of" ("Shire of ...")
    of_form = _ORG_OF.match(" ".join(words))
    kind_first = bool(of_form) and of_form["kind"].lower() in _ORG_WORDS
    if not words or len(words) > 10 or not (kind_first or words[-1].lower() in _ORG_WORDS):
        return None
    capitalised = all(w[0].isupper() or w.lower() in _SMALL for w in words)
    return " ".join(words) if capitalised and words[0][0].isupper() else None


def _twin_of_org(lines: list[str], i: int) -> bool:
    """A letterhead's other-language twin of the body's name, on the line before or after it
    ("CYNGOR CYMUNED LLANFAIR DYFFRYN" above "LLANFAIR DYFFRYN COMMUNITY COUNCIL")."""
    if not lines[i].isupper():
        return False
    words = set(lines[i].split())
    for j in (i - 1, i + 1):
        twin = 0 <= j < len(lines) and _org_name(lines[j])
        if twin and 2 * len(words & set(lines[j].upper().split())) >= len(words):
            return True
        # the letterhead's other line, the name in the other language, may share no word with
        # it ("COMHAIRLE CONTAE BHAILE GLAS" over "BALLYGLASS COUNTY COUNCIL", or under it)
        named = any(w.lower().strip(".,:") in _GENERIC for w in lines[i].split())
        if twin and max(i, j) == 1 and lines[j].isupper() and not named:  # a letterhead's lines
            return True
    return False


def _address(line: str) -> bool:
    if _POSTCODE.search(line) or re.match(r"^\d+[A-Za-z]?\s+[A-Z]", line):
        return True  # a postcode, or a street number: "4120 Orchard Valley Road"
    words = re.findall(r"[A-Za-z]+", line)
    if words and words[-1].lower() in _PLACE_WORDS and len(words) <= 5:
        return True  # "Sessions House", "Maple Ridge Township Hall"
    # "County Hall, Maidstone", "Kettle County, Michigan": capitalised places between commas
    parts = [p.split() for p in line.split(",")]
    return len(parts) > 1 and all(0 < len(p) <= 3 and all(w[0].isupper() for w in p) for p in parts)


def _bilingual(line: str) -> bool:
    """ "COFNODION / MINUTES", "Croeso / Welcome": the same words in two languages."""
    halves = line.split(" / ")
    return len(halves) == 2 and all(0 < len(h.split()) <= 6 for h in halves)


def _join_wrapped(title: str, following: list[str], width: int = 0) -> str:
    """A title wrapped onto the next lines ("... Terms of Reference:" / "Update"): one that
    ends open, runs on in lower case, or fills a long line, while it stays title-sized."""
    width = width or len(title)
    for nxt in following:
        runs_on = title.endswith(_JOINS) or nxt[:1].islower() or width >= _WRAP_CHARS
        apart = _LABEL.match(nxt) or _NUMBERED.match(nxt) or _BOILERPLATE.search(nxt)
        if not runs_on or apart or _address(nxt) or _bilingual(nxt) or _SALUTATION.match(nxt):
            break
        if len(f"{title} {nxt}".split()) > _MAX_WORDS:
            break
        title, width = f"{title} {nxt}", len(nxt)
    return title


def _finish(title: str, known: set[str]) -> str:
    return _cap(_fix_case(_HELD.sub("", title).strip(" ,;:–-"), known))


def _cap(title: str) -> str:
    if len(title) <= _MAX_CHARS:
        return title
    return title[: _MAX_CHARS + 1].rsplit(" ", 1)[0].rstrip(" ,;:–-")


def _is_generic(title: str) -> bool:
    words = [w.lower() for w in re.findall(r"[A-Za-z]+", title)]
    return all(w in _GENERIC or w in _SMALL for w in words)


def _nearest_org(orgs: list[str]) -> str | None:
    """The body named nearest the title, unless an earlier line names it more fully
    ("KENT COUNTY COUNCIL" above "COUNTY COUNCIL")."""
    if not orgs:
        return None
    nearest = orgs[-1]
    for earlier in orgs[:-1]:
        if set(nearest.lower().split()) < set(earlier.lower().split()):
            return earlier
    return nearest


def _fix_case(title: str, known: set[str]) -> str:
    """Capitals set in title case: all of an all-capitals title, else the runs of capitals in
    a mixed one ("MINUTES of the meeting of the ADULT SERVICES SELECT COMMITTEE"); the
    paper's own abbreviations (`known`) keep their capitals."""
    words = title.split(" ")
    shouting = [_shouting(w) and w.strip("()[],:;") not in known for w in words]
    if not re.search(r"[a-z]", title):
        return " ".join(_title_word(w, i == 0) if shouting[i] else w for i, w in enumerate(words))
    fixed = []
    for i, word in enumerate(words):
        in_run = shouting[i] and (
            (i > 0 and shouting[i - 1]) or (i + 1 < len(words) and shouting[i + 1])
        )
        leading = i == 0 and shouting[i] and word.lower() in _GENERIC  # "MINUTES of a meeting"
        fixed.append(_title_word(word, i == 0) if in_run or leading else word)
    return " ".join(fixed)


def _shouting(word: str) -> bool:
    letters = re.sub(r"[^A-Za-z]", "", word)
    return len(letters) >= 2 and letters.isupper()


def _title_word(word: str, first: bool) -> str:
    letters = re.sub(r"[^A-Za-z]", "", word)
    if (not re.search(r"[AEIOUY]", letters.upper()) and len(letters) > 1) or word[:1] == "(":
        return word  # no vowel, or in brackets: an abbreviation ("NHS", "(JHOSC)")
    if not first and word.lower() in _SMALL:
        return word.lower()
    # capitalise each part of "ADARE-RATHKEALE", past any opening quote
    return re.sub(r"(?:^|(?<=-))([^a-z]*)([a-z])", lambda m: m[1] + m[2].upper(), word.lower())
