"""Which committee a paper belongs to, from the wording papers use to name it."""

from __future__ import annotations

import re
from pathlib import PurePath

_BODY = (
    r"(?:cabinet|council|board|committee|panel|forum|partnership|group|assembly|authority|trust)"
)
_BODY_RE = re.compile(rf"\b{_BODY}\b", re.IGNORECASE)
_NOT_A_BODY_RE = re.compile(r"\b(?:member|leader|director|officer|chair(?:man)?|head)\b", re.I)
_MINUTES_OF_RE = re.compile(
    r"MINUTES\s+of\s+(?:a|the)\s+meeting\s+of\s+(?:the\s+)?\**(?P<name>.+?)\**\s+held", re.I | re.S
)
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


_WHOLE_COUNCIL_RE = re.compile(
    r"^\s*(?:full|county|borough|district|city|town|parish)?\s*council\s*$", re.I
)


def is_whole_council(name: str | None) -> bool:
    """ "County Council", "Full Council", "Council": the whole council, which one set of
    papers may call by several of these names."""
    return bool(name and _WHOLE_COUNCIL_RE.match(name))


def tidy_committee(name: str) -> str:
    """ "SOCIAL CARE SERVICES BOARD" -> "Social Care Services Board"; trims stray markup."""
    name = re.sub(r"[*_]+", "", " ".join(name.split())).strip(" -–,:")
    name = re.sub(r"^(?:to|the|kent county council)\s+", "", name, flags=re.I) or name
    name = re.sub(r"\s+(?:date|meeting|on)$", "", name, flags=re.I)
    if name.isupper():
        words = name.lower().split()
        name = " ".join(w if (i and w in _SMALL) else w.capitalize() for i, w in enumerate(words))
    return name


def _plausible(name: str) -> bool:
    named = len(name.split()) >= 2 or name.lower() == "cabinet"  # not a bare "Committee"
    return (
        named
        and bool(_BODY_RE.search(name))
        and not _NOT_A_BODY_RE.search(name)
        and len(name) <= 60
    )


def find_committee(text: str) -> str | None:
    """The committee a page of a paper is addressed to or records, when it says so."""
    patterns = (_MINUTES_OF_RE, _TITLE_LINE_RE, _BANNER_RE, _TO_RE, _TAKEN_BY_RE, _DATED_BANNER_RE)
    for pattern in patterns:
        for m in pattern.finditer(text):
            name = tidy_committee(m["name"])
            if _plausible(name):
                return name
    return None


def committee_from_name(path: str) -> str | None:
    """The committee named at the end of a published file name: "... 10.00 Cabinet.pdf"."""
    stem = PurePath(path).stem.replace("%20", " ")
    m = _NAME_AFTER_TIME_RE.search(stem)
    if m and _plausible(m["name"]):
        return tidy_committee(m["name"])
    return None
