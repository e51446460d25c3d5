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
# "Minutes of the Finance and Resources Committee held on 3 April 2024"
_MINUTES_OF_BODY_RE = re.compile(
    r"(?i:MINUTES?\s+of\s+(?:the\s+)?)\**(?P<name>[A-Z][^\n.;:]{2,80}?)\**\s+(?i:held)\b"
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
# "RIVERSIDE HEALTH AND CARE PARTNERSHIP BOARD", "BOARD OF COMMISSIONERS", "COMMITTEE OF THE
# WHOLE", "ORDINARY COUNCIL MEETING" (a council by its own name is a letterhead: see `_head_line`)
_HEAD_WORDS = {
    "Board", "Committee", "Cabinet", "Panel", "Forum", "Partnership", "Trustees", "Commission",
    "Council", "Directors", "District",
}  # fmt: skip
_HEAD_WORD = "|".join(w for word in sorted(_HEAD_WORDS) for w in (word, word.upper()))
_HEAD_LINE_RE = re.compile(
    rf"^(?P<name>(?:[A-Z][A-Za-z &'’,-]{{2,70}}\b)?(?:{_HEAD_WORD})"
    r"(?:\s+(?:of|OF)\s+(?:(?:the|THE)\s+)?[A-Z][A-Za-z'’-]+(?:\s+[A-Z][A-Za-z'’-]+){0,2})?)"
    # what the line may add after the name: "CITY COUNCIL REGULAR MEETING AGENDA"
    r"(?P<tail>(?:\s+(?i:regular|special|ordinary|extraordinary|annual|meeting|agenda|minutes)"
    r"\b)*)\s*$"
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
    """ "County Council", "Full Council", "Limerick City and County Council", "Shire of
    Wandarra": a council as a whole, which one set of papers may call by several of these
    names, not one of its parts."""
    if name and _OWNER_OF_RE.fullmatch(name):
        return True  # "City of Hollis Bend": a municipality, whose council is its government
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
    # a notice's words before the name: "NOTICE OF ORDINARY COUNCIL MEETING"
    name = re.sub(r"^(?:notice|summons)\s+of\s+(?:the\s+)?", "", name, flags=re.I) or name
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


# Words that say how a meeting is held, not which body holds it: "the Public Board meeting"
# names no board (the letterhead does), though "Full Council" names the whole council.
_MEETING_QUALIFIERS = {"public", "private", "special", "ordinary", "extraordinary", "annual"}
_MEETING_QUALIFIERS |= {"regular", "monthly", "adjourned", "open", "closed", "virtual", "hybrid"}


def _plausible(name: str) -> bool:
    # not a bare "Committee"; "Cabinet" and "Executive" are the names of the bodies themselves
    words = name.lower().split()
    named = len(words) >= 2 or name.lower() in ("cabinet", "executive")
    qualified = len(words) > 1 and words[-1] != "council" and set(words[:-1]) <= _MEETING_QUALIFIERS
    return (
        named
        and not qualified
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
        for pattern in (_MINUTES_OF_RE, _MINUTES_OF_NAMED_RE, _MINUTES_OF_BODY_RE, _NOTICE_RE)
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
    opening = [line.strip(" *#") for line in text.splitlines() if line.strip(" *#")]
    opening = opening[: _HEAD_LINES + 3]
    for n, line in enumerate(opening[:_HEAD_LINES]):
        m = _HEAD_LINE_RE.match(line)
        if not m:
            continue
        name = tidy_committee(m["name"])
        # a table's header row may end in "Cabinet" too: the name heads minutes or an agenda,
        # under its heading ("AGENDA" / "Health and Wellbeing Board") or over it
        around = [m["tail"], *opening[max(n - 1, 0) : n], *opening[n + 1 : n + 4]]
        heads = any(_MEETING_WORD_RE.search(t) for t in around)
        # "KENT COUNTY COUNCIL" atop a page is the letterhead of whichever of its bodies meets;
        # a council named only by its kind ("CITY COUNCIL", "Ordinary Council Meeting") is the
        # whole council meeting, the authority being the letterhead's
        letterhead = (is_whole_council(name) or bool(_OWNER_LINE_RE.match(name))) and (
            _proper_owner(name)
        )
        if heads and _plausible(name) and not letterhead:
            return name
    return None


# Minutes that name no body: "Minutes of the meeting held on ...", "Minutes of the Ordinary
# Meeting held ..."; the letterhead above them names who met.
_UNNAMED_MINUTES_RE = re.compile(
    rf"^\W*minutes\s+of\s+(?:the|a|an)\s+(?:(?:{'|'.join(sorted(_MEETING_QUALIFIERS))})\s+)*"
    r"meeting\s+held\b",
    re.I | re.M,
)


def names_no_body(text: str) -> bool:
    """Whether the opening's minutes heading records "the meeting" without naming its body."""
    return bool(_UNNAMED_MINUTES_RE.search(text.replace("*", "")))


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


# The last word of the name of an authority, which owns committees rather than being one: a
# council, a trust, a US county ("Granger County Board of Commissioners") or one of the US special
# districts that elect their own boards ("Pine Crest Community School District").
_OWNER_END = (
    r"(?:council|township|trust|authority|borough|corporation|county|"
    r"(?:school|library|park|fire(?:\s+protection)?|water|sanitary|hospital|transit|college|"
    r"utility|irrigation)\s+district)"
)
# a US letterhead may add the state: "GRANGER COUNTY, KANSAS"
_OWNER_LINE_RE = re.compile(
    rf"^(?:the\s+)?(?P<name>(?:[A-Za-z][\w'’.-]*\s+){{0,6}}{_OWNER_END})"
    r"(?:,\s+[A-Za-z]+(?:\s+[A-Za-z]+)?)?$",
    re.I,
)
# "City of Crete", "Village of Oak Park", "Shire of Wandarra", "Rural Municipality of Elm Creek"
# on a line of their own; Ontario's letterheads say "The Corporation of the Town of X". A bare
# "District of X" is not one: it is an Irish "Municipal District of X" wrapped after "Municipal".
_OWNER_OF = (
    r"(?:city|town|village|county|(?:(?:london|royal|metropolitan|county)\s+)?borough|township|"
    r"parish|shire|(?:(?:rural|regional)\s+)?municipality|regional\s+district)\s+of\s+(?:the\s+)?"
    # the place's name, not a body of it: "City of Drayton", not "City of Drayton Planning
    # Commission"
    rf"(?!{_BODY}\b)[A-Z][\w'’.-]*(?:\s+(?!{_BODY}\b)[A-Z][\w'’.-]*){{0,3}}(?![\w'’.-])"
)
_OWNER_OF_RE = re.compile(
    rf"^(?:the\s+)?(?:corporation\s+of\s+(?:the\s+)?)?(?P<name>{_OWNER_OF})$", re.I
)
# "Kent County Council Cabinet", never "Kent County" owning a "Council Cabinet"
_OWNED_RE = re.compile(
    rf"^(?P<owner>.+?\b{_OWNER_END})(?!\s+{_OWNER_END}\b)(?:['’]s|,)?\s+(?P<part>.+)$", re.I
)
# "Board of Education of the Pine Crest School District", "Council of the City of Hollis Bend"
_PART_OF_OWNER_RE = re.compile(
    rf"^(?P<part>.+?)\s+of\s+(?:the\s+)?(?P<owner>(?:(?!of\b)[A-Za-z][\w'’.-]*\s+){{0,6}}"
    rf"{_OWNER_END}|{_OWNER_OF})$",
    re.I,
)
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
    words = name.split()
    for n in range(3, len(words) - 1):  # "City of Drayton" + "Planning Commission"
        owner, part = " ".join(words[:n]), " ".join(words[n:])
        if _OWNER_OF_RE.fullmatch(owner) and _plausible(part) and _proper_owner(owner):
            return _title_case(owner), part
    for m in (_OWNED_RE.match(name), _PART_OF_OWNER_RE.match(name)):
        # an owner is no committee itself: "Joint Committee of X Council and Y Council" is whole
        own = m and not _PART_OF_COUNCIL & set(m["owner"].lower().split())
        # "Council of the Municipality of X" is the municipality's whole council
        part = m and (_plausible(m["part"]) or m["part"].lower() == "council")
        if own and part and _proper_owner(m["owner"]):
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
    if part.lower() == council.lower():
        return council  # the authority meeting as itself: a trust's own minutes
    return council if is_whole_council(part) else f"{council}: {part}"


def council_of(body: str | None) -> str | None:
    """The authority a canonical body name (see `body_name`) belongs to, when it names one."""
    if not body:
        return None
    if ": " in body:
        return body.split(": ", 1)[0]
    return body if is_whole_council(body) and _proper_owner(body) else None
