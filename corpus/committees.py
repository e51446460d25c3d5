"""Which committee a paper belongs to, from the wording papers use to name it."""

from __future__ import annotations

import re
from pathlib import PurePath

_BODY = (
    r"(?:cabinet|council|board|committee|panel|forum|partnership|group|assembly|authority|trust|"
    r"executive|district|trustees|commission)"
)
_BODY_RE = re.compile(rf"\b{_BODY}\b", re.IGNORECASE)
_NOT_A_BODY_RE = re.compile(
    r"\b(?:member|leader|director|officer|chair(?:man)?|head|minutes?|meeting|held|chief|"
    r"summary)\b",
    re.I,
)
# "MINUTES of a meeting of the CABINET held", "Minute of Meeting of the X Committee held",
# "MINUTES OF PROCEEDINGS AT SPECIAL MEETING OF THE MUNICIPAL DISTRICT OF X HELD IN"
_MINUTES_OF_RE = re.compile(
    r"MINUTES?\s+of\s+(?:proceedings\s+at\s+)?(?:(?:a|an|the)\s+)?(?:[A-Za-z]+\s+){0,3}?"
    r"meeting\s+of\s+(?:the\s+)?\**(?P<name>.{3,90}?)\**\s+held",
    re.I | re.S,
)
# A notice: "You are requested to attend a Meeting of the Municipal District of X to be held"
_NOTICE_RE = re.compile(
    r"\b(?i:meeting\s+of\s+(?:the\s+)?)\**(?P<name>[A-Z][^\n.;:]{2,80}?)\**\s+"
    r"(?i:(?:to\s+be\s+|will\s+be\s+|was\s+)?held)",
    re.S,
)
# "Minutes of the Cabinet meeting held on ..."
_MINUTES_OF_NAMED_RE = re.compile(
    r"MINUTES?\s+of\s+(?:a|the)\s+(?P<name>[A-Za-z][A-Za-z &'’-]{2,60}?)\s+meeting\s+held", re.I
)
# A cover sheet's labelled line: "Report to: Cabinet", "Meeting: Cabinet", "Committee: Planning
# Committee" (a "Committee:" line may be followed by its date)
_LABEL_RE = re.compile(
    r"^\s*(?:Report\s+to|Meeting(?:\s+of)?|Committee|Name\s+of\s+(?:meeting|committee)|"
    r"Decision\s+maker)\s*:\s*(?P<name>[A-Za-z][A-Za-z &'’-]+?)\s*(?:[–,:\-]|\d|$)",
    re.M | re.I,
)
# The body named in capitals or title case on a line of its own atop the first page:
# "RIVERSIDE HEALTH AND CARE PARTNERSHIP BOARD" (not the council: that issues, it does not meet)
_HEAD_LINE_RE = re.compile(
    r"^(?P<name>[A-Z][A-Za-z &'’,-]{2,70}\b(?:Board|Committee|Cabinet|Panel|Forum|Partnership|"
    r"Trustees|Commission|BOARD|COMMITTEE|CABINET|PANEL|FORUM|PARTNERSHIP|TRUSTEES|COMMISSION))"
    r"\s*$"
)
# A line that names the meeting alone: "Meeting of the Board of Trustees", "SPECIAL MEETING OF
# THE PLANNING COMMITTEE"
_MEETING_LINE_RE = re.compile(
    r"^(?:[A-Za-z]+\s+)?meeting\s+of\s+(?:the\s+)?(?P<name>[A-Za-z][A-Za-z &'’,-]{2,80})$", re.I
)
_MEETING_WORD_RE = re.compile(r"\b(?:minutes?|meeting|agenda)\b", re.I)
# How many opening lines of a page may carry such a heading line.
_HEAD_LINES = 4
_TAKEN_BY_RE = re.compile(
    r"DECISION TO BE TAKEN BY:\s*(?P<name>[A-Za-z][A-Za-z &']+?)\s*$", re.M | re.I
)
_TO_RE = re.compile(r"^\s*To:\s*(?P<name>[A-Za-z][A-Za-z &']+?)\s*(?:[–,:\-]|\d|$)", re.M)
_BANNER_RE = re.compile(
    r"^\s*(?P<name>[A-Z][A-Z &']+?)\s*[-–]\s*(?:MON|TUES|WEDNES|THURS|FRI|SATUR|SUN)DAY", re.M
)
_DATED_BANNER_RE = re.compile(
    r"^\s*(?P<name>[A-Z][A-Za-z &']+?)\s*[–\-]?\s*"
    r"\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]+\s+\d{4}\s*$",
    re.M,
)
_TITLE_LINE_RE = re.compile(
    r"^\s*(?:AGENDA|Notice of Meeting)\s*\n\s*(?P<name>[^\n]{3,60})\n", re.M
)
_NAME_AFTER_TIME_RE = re.compile(r"\d{1,2}[.:]\d{2}\s+(?P<name>[A-Za-z][A-Za-z &']+)$")
_SMALL = {"and", "of", "the", "for", "on", "in", "to"}


# words that make a named council one of its parts: "Planning Committee of X Council"
_PART_OF_COUNCIL = {"committee", "board", "panel", "sub", "cabinet", "forum", "group"}


def is_whole_council(name: str | None) -> bool:
    """ "County Council", "Full Council", "Limerick City and County Council": a council as a
    whole, which one set of papers may call by several of these names, not one of its parts."""
    words = (name or "").lower().replace(",", " ").replace("-", " ").split()
    return (
        bool(words)
        and words[-1] == "council"
        and not _PART_OF_COUNCIL & set(words[:-1])
        and "district of"
        not in " ".join(words)  # "Municipal District of X" (a district council is whole)
    )


def tidy_committee(name: str) -> str:
    """ "SOCIAL CARE SERVICES BOARD" -> "Social Care Services Board"; trims stray markup."""
    name = re.sub(r"[*_]+", "", " ".join(name.split())).strip(" -–,:")
    name = re.sub(r"\s*&\s*", " and ", name)
    name = re.sub(r"(?<=\w)-\s+(?=\w)", "-", name)  # "Adare-" / "Rathkeale" wrapped at its hyphen
    # what a notice says after the name: "... District of Limerick to Consider the Budget"
    name = re.split(r"\s+(?:to|on|at|will|was|re|regarding)\s+", name, maxsplit=1, flags=re.I)[0]
    name = re.sub(r"^(?:to|the)\s+", "", name, flags=re.I) or name
    name = re.sub(r"\s+(?:date|meeting|on)$", "", name, flags=re.I)
    return _title_case(name)


def _title_case(name: str) -> str:
    """ "LIMERICK CITY and COUNTY COUNCIL" -> "Limerick City and County Council"; a name not
    in capitals is left as written."""
    words = name.split()
    if not all(
        w.isupper() for w in words if w.lower() not in _SMALL and any(c.isalpha() for c in w)
    ):
        return name
    return " ".join(
        w.lower() if (i and w.lower() in _SMALL) else "-".join(p.capitalize() for p in w.split("-"))
        for i, w in enumerate(words)
    )


def _plausible(name: str) -> bool:
    # not a bare "Committee"; "Cabinet" and "Executive" are the names of the bodies themselves
    named = len(name.split()) >= 2 or name.lower() in ("cabinet", "executive")
    return (
        named
        and bool(_BODY_RE.search(name))
        and not _NOT_A_BODY_RE.search(name)
        and len(name) <= 90
    )


def find_committee(text: str) -> str | None:
    """The committee a page of a paper is addressed to or records, when it says so."""
    text = text.replace("*", "")  # Markdown's bold, which exports scatter through headings
    # a heading or notice naming the meeting comes first; later ones cite other meetings
    # ("To adopt Minutes of Meeting of the Municipal District held on ...")
    named = [
        (m.start(), tidy_committee(m["name"]))
        for pattern in (_MINUTES_OF_RE, _MINUTES_OF_NAMED_RE, _NOTICE_RE)
        for m in pattern.finditer(text)
    ]
    for _, name in sorted(named):
        if _plausible(name):
            return name
    patterns = (
        _TITLE_LINE_RE,
        _BANNER_RE,
        _TO_RE,
        _LABEL_RE,
        _TAKEN_BY_RE,
        _DATED_BANNER_RE,
    )
    for pattern in patterns:
        for m in pattern.finditer(text):
            name = tidy_committee(m["name"])
            if _plausible(name):
                return name
    return _head_line(text) or _meeting_line(text)


def _meeting_line(text: str) -> str | None:
    opening = [line.strip(" *#") for line in text.splitlines() if line.strip(" *#")]
    for line in opening[: _HEAD_LINES * 3]:
        m = _MEETING_LINE_RE.match(line)
        if m and _plausible(tidy_committee(m["name"])):
            return tidy_committee(m["name"])
    return None


def _head_line(text: str) -> str | None:
    """The body a page is headed with, on one of its first lines, when nothing else names it."""
    opening = [line.strip() for line in text.splitlines() if line.strip()][: _HEAD_LINES + 3]
    for n, line in enumerate(opening[:_HEAD_LINES]):
        m = _HEAD_LINE_RE.match(line)
        name = tidy_committee(m["name"]) if m else ""
        # a table's header row may end in "Cabinet" too: the name heads minutes or an agenda
        heads = any(_MEETING_WORD_RE.search(after) for after in opening[n + 1 : n + 4])
        if m and heads and _plausible(name) and not is_whole_council(name):
            return name
    return None


# "Agenda - Monthly Meeting of the Municipal District of Newcastle West - 4th March 2020"
_MEETING_OF_NAME_RE = re.compile(
    r"\bmeeting\s+(?:of|for)\s+(?:the\s+)?(?P<name>[A-Za-z][A-Za-z &'’,-]+?)\s*(?:\s[-–(]|\d|$)",
    re.I,
)


def committee_from_name(path: str) -> str | None:
    """The committee named in a published file name: "... 10.00 Cabinet.pdf", "Minutes - Monthly
    Meeting of the Municipal District of Newcastle West - 4th March 2020.md"."""
    stem = PurePath(path).stem.replace("%20", " ").replace("\xa0", " ")
    for m in (_NAME_AFTER_TIME_RE.search(stem), _MEETING_OF_NAME_RE.search(stem)):
        if m and _plausible(tidy_committee(m["name"])):
            return tidy_committee(m["name"])
    return None


def committee_from_folders(path: str) -> str | None:
    """The committee a folder of the file is named for ("04-Monthly Meeting of the Municipal
    District of Newcastle West"): the last evidence, after the papers' own words."""
    for parent in PurePath(path).parents:
        m = _MEETING_OF_NAME_RE.search(parent.name.replace("\xa0", " "))
        if m and _plausible(tidy_committee(m["name"])):
            return tidy_committee(m["name"])
    return None


# The last word of the name of an authority, which owns committees rather than being one.
_OWNER_END = r"(?:council|township|trust|authority|borough|corporation)"
_OWNER_LINE_RE = re.compile(
    rf"^(?:the\s+)?(?P<name>(?:[A-Za-z][\w'’.-]*\s+){{0,6}}{_OWNER_END})$", re.I
)
# "City of Crete", "Village of Oak Park", "Township of Maple Ridge" on a line of their own
_OWNER_OF_RE = re.compile(
    r"^(?P<name>(?:city|town|village|county|borough|township|parish)\s+of\s+"
    r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})$",
    re.I,
)
_OWNED_RE = re.compile(rf"^(?P<owner>.+?\b{_OWNER_END})(?:['’]s|,)?\s+(?P<part>.+)$", re.I)
# The words that say what kind of authority it is, not which one: a name made only of them
# ("County Council", "Full Council", "Municipal District Council") names no particular owner.
# A general vocabulary of local government in English, hand-listed because it is small and closed.
_GENERIC_OWNER_WORDS = {
    "the", "of", "and", "county", "city", "district", "borough", "town", "parish", "community",
    "full", "municipal", "metropolitan", "regional", "unitary", "combined", "joint", "village",
    "council", "township", "trust", "authority", "corporation", "local", "special", "ordinary",
    "annual", "monthly", "meeting",
}  # fmt: skip
# How many opening lines of a page may carry the owner's name as its letterhead.
_OWNER_LINES = 8


def _proper_owner(name: str) -> bool:
    words = name.lower().replace("-", " ").split()
    return any(w not in _GENERIC_OWNER_WORDS and w not in _SMALL for w in words)


# A line addressed to or sent by a council ("Report to Kent County Council") is not its letterhead.
_ADDRESSED_RE = re.compile(r"\b(?:to|from|by|for|report|with|in|at)\b", re.I)


def _letterhead(name: str) -> bool:
    words = name.split()
    capitalised = name.isupper() or all(w[0].isupper() or w in _SMALL for w in words)
    return (
        capitalised
        and _proper_owner(name)
        and not _NOT_A_BODY_RE.search(name)
        and not _ADDRESSED_RE.search(name)
        and not _PART_OF_COUNCIL & set(name.lower().split())  # "Committee of X Council"
    )


def find_council(text: str) -> str | None:
    """The authority a paper is of, from its letterhead: a line of its own near the top naming
    it ("KENT COUNTY COUNCIL", "Maple Ridge Township", "HARBOURSIDE LIBRARIES TRUST"), not a
    generic "County Council" (the meeting of it) nor one named in passing in a sentence."""
    lines = [line.strip() for line in text.replace("*", "").splitlines()]
    opening = [re.sub(r"^#+\s*", "", line) for line in lines if line][:_OWNER_LINES]
    for line in opening:
        line = re.sub(r"\s*&\s*", " and ", " ".join(line.split())).strip(" .,:")
        m = _OWNER_LINE_RE.match(line) or _OWNER_OF_RE.match(line)
        if m and _letterhead(m["name"]):
            return _title_case(m["name"])
    return None


def split_owner(name: str) -> tuple[str | None, str]:
    """ "Maple Ridge Township Board of Trustees" -> ("Maple Ridge Township", "Board of
    Trustees"); "Kent County Council Cabinet" -> ("Kent County Council", "Cabinet"); a name
    without an owner comes back whole ("Health and Wellbeing Board" -> (None, ...))."""
    m = _OWNED_RE.match(name)
    if m and _proper_owner(m["owner"]) and _plausible(m["part"]):
        return _title_case(m["owner"]), m["part"]
    return None, name


def body_name(committee: str | None, council: str | None) -> str | None:
    """One canonical name for a body, with the authority it belongs to: "Kent County Council:
    Cabinet", "Limerick City and County Council: Municipal District of Newcastle West". The
    meeting of a whole council, whatever the papers call it ("County Council", "Full Council",
    the council's own name), is filed under the council's name alone, so two councils' Cabinets
    stay apart and one council's full meetings stay together."""
    if not committee or ": " in committee:
        return committee
    owner, part = split_owner(committee)
    if is_whole_council(part) and _proper_owner(part):
        return part  # a council naming itself: "Llanfair Dyffryn Community Council"
    council = owner or council
    if not council:
        return part
    return council if is_whole_council(part) else f"{council}: {part}"


def council_of(body: str | None) -> str | None:
    """The authority a canonical body name (see `body_name`) belongs to, when it names one."""
    if not body:
        return None
    if ": " in body:
        return body.split(": ", 1)[0]
    return body if is_whole_council(body) and _proper_owner(body) else None
