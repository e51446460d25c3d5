"""Cutting register blocks into entries: one per numbered recommendation, resolution or action.

A block opens at a heading ("Recommendations:", "Actions/further information to be provided:",
"Board next steps:", "Decision:") or at a resolution ("4. RESOLVED that ..."), and ends at the next
heading, item, table row or a list marker that cannot belong to it. Inside it, each top-level list
entry is one record; an entry with sub-items ("RESOLVED that Cabinet agree to: (a) ... (b) ...")
becomes one record per sub-item, keeping the entry's text as its lead-in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.register.markers import (
    Line,
    body,
    heading_kind,
    is_action_line,
    is_heading_like,
    is_item_ref,
    is_item_start,
    is_noise,
    is_resolved,
    is_table_row,
)
from corpus.items import title_like

_TOP_STYLES = ("num.", "num)", "(num)", "sub")
_RANK = {"num.": 0, "num)": 0, "(num)": 0, "sub": 1, "letter": 2, "roman": 3, "bullet": 4}
_MAX_UNITS = 60
# Sentence ends after which a capitalised line starts a new paragraph in wrapped PDF text.
_SENTENCE_END = (".", "!", "?")
_OPTIONS_RE = re.compile(r"\bone of the following\b|\boptions? (?:are|is|available)\b", re.I)
_CONTINUATION_RE = re.compile(r"^(?:Membership|Note|NB|N\.B\.)\b|^[(\[]")


@dataclass
class Unit:
    """A list entry or paragraph: its lines (indices into the paper's lines) and marker."""

    lines: list[int]
    number: str | None
    style: str | None
    subs: list[Unit] = field(default_factory=list)
    heads: int | None = None  # a sub-heading line after it that titles the entries to come


@dataclass
class Entry:
    """What becomes one record: its lines, number and the lead-in it hangs from."""

    kind: str
    lines: list[int]
    number: str | None
    lead_in: list[int] = field(default_factory=list)


def _ends_sentence(text: str) -> bool:
    return text.rstrip(" \"'”’)").endswith(_SENTENCE_END)


def _breaks(lines: list[Line], i: int) -> bool:
    """Whether line i starts a new unit: a marker, a blank line before it, or a new sentence."""
    line = lines[i]
    if line.style or line.para or i == 0:
        return True
    prev = lines[i - 1]
    return prev.chunk == line.chunk and _ends_sentence(prev.text) and line.text[:1].isupper()


def _stops(lines: list[Line], i: int, first: int, resolution: bool, opener: int, same_doc) -> bool:
    """Lines that close any block: headings, items, resolutions, table rows, another document."""
    line = lines[i]
    opens_block = heading_kind(line) or is_resolved(line) or is_action_line(line)
    if opens_block and not (resolution and i == first):
        return True
    if is_item_start(line) or is_table_row(line):
        return True
    return not same_doc(opener, line.chunk)


def paragraph_before(lines: list[Line], i: int) -> list[int]:
    """The lines of the paragraph just above line i in its chunk (empty when a heading, another
    action or a chunk start comes first): what "ACTION: Head of Workforce" below it refers to."""
    j = i - 1
    while j >= 0 and i - j <= 12 and lines[j].chunk == lines[i].chunk:
        if heading_kind(lines[j]) or is_action_line(lines[j]) or is_resolved(lines[j]):
            return []
        if is_item_start(lines[j]) or is_table_row(lines[j]):
            return []
        if _breaks(lines, j):
            return list(range(j, i))
        j -= 1
    return []


def _trim_title(lines: list[Line], unit: Unit) -> None:
    """Drop an item title caught at the end of a unit just before "(Item 9)"."""
    for _ in range(3):
        if len(unit.lines) < 2 or _ends_sentence(lines[unit.lines[-1]].text):
            return
        if lines[unit.lines[-2]].text.rstrip().endswith((".", ";", ":")):
            unit.lines.pop()
            return
        unit.lines.pop()


def _after_h(units: list[Unit]) -> bool:
    last = units[-1].subs[-1] if units and units[-1].subs else units[-1] if units else None
    return last is not None and last.style == "letter" and last.number == "h"


def _label(line: Line) -> bool:
    """A short line ending in a colon that names a new section: "Reason(s) for decision:"."""
    return line.text[:1].isupper() and line.text.endswith(":") and is_heading_like(line)


def _paragraph_end(lines: list[Line], i: int) -> int:
    j = i + 1
    while j < len(lines) and not _breaks(lines, j):
        j += 1
    return j


def _next_real(lines: list[Line], i: int) -> Line | None:
    while i < len(lines) and is_noise(lines[i]):
        i += 1
    return lines[i] if i < len(lines) else None


def _follows(prev: str | None, new: str | None) -> bool:
    """ "3" after "2", "b" after "a", "22.2" after "22.1"."""
    if not prev or not new:
        return False
    a, b = prev.split(".")[-1], new.split(".")[-1]
    if a.isdigit() and b.isdigit():
        return int(b) == int(a) + 1
    return len(a) == len(b) == 1 and ord(b) == ord(a) + 1


def collect(lines: list[Line], first: int, same_doc, resolution: bool) -> tuple[list[Unit], int]:
    """The units of a block whose content starts at line `first`; returns them and the next line.

    For a resolution, `first` is the "RESOLVED" line itself and the block is that one paragraph.
    """
    units: list[Unit] = []
    if first >= len(lines):
        return units, first
    opener = lines[first].chunk if resolution else lines[max(first - 1, 0)].chunk
    top = (
        lines[first].style
        if resolution and lines[first].style in ("num.", "num)", "(num)")
        else None
    )
    i = first
    while i < len(lines) and len(units) < _MAX_UNITS:
        line = lines[i]
        if is_noise(line):
            i += 1
            continue
        if _stops(lines, i, first, resolution, opener, same_doc):
            if units and is_item_ref(line):
                _trim_title(lines, units[-1].subs[-1] if units[-1].subs else units[-1])
            break
        current = (units[-1].subs[-1] if units[-1].subs else units[-1]) if units else None
        if current is not None and not line.style and _label(line):
            nxt = _next_real(lines, i + 1)
            if (
                nxt is None
                or nxt.style != current.style
                or not _follows(current.number, nxt.number)
            ):
                break  # "Reason(s) for decision:" closes the block even inside a paragraph
            current.heads = i  # "In addition:" between (n) and (o) titles what follows
            i += 1
            continue
        if current is not None and _heads_next(lines, i, current):
            current.heads = i  # "2024-25 Council Tax" after "(d) ... 2025." and over "(e)"
            i += 1
            continue
        if current is not None and not _breaks(lines, i):
            current.lines.append(i)
            i += 1
            continue
        if line.style == "roman" and line.number == "i" and _after_h(units):
            line.style = "letter"  # "(i)" after "(h)" is a letter
        unit = Unit([i], line.number, line.style)
        if not units:
            if not resolution and line.style and is_heading_like(line):
                break
            top = top if resolution else line.style
            units.append(unit)
        elif not _place(lines, i, unit, units, top, resolution):
            break
        elif not resolution and top is None and line.style:
            top = line.style  # plain paragraphs so far were a lead-in to this list
        i += 1
    return units, i


def _place(lines: list[Line], i: int, unit: Unit, units: list[Unit], top, resolution: bool) -> bool:
    """Attach a new unit where it belongs in the block; False when it ends the block."""
    line, last = lines[i], units[-1]
    current = last.subs[-1] if last.subs else last
    if line.style is None:
        if _CONTINUATION_RE.match(line.text) or _open_lead(lines, last):
            current.lines.append(i)
            return True
        sibling = last.subs[-1] if resolution and last.subs else last
        nxt = _next_real(lines, _paragraph_end(lines, i))  # past this paragraph's wrapped lines
        if nxt is not None and nxt.style == sibling.style and _follows(sibling.number, nxt.number):
            if _heads_next(lines, i, sibling) and _paragraph_end(lines, i) == i + 1:
                sibling.heads = i  # "2025-26 Revenue Budget" over entries (c) and (d)
            else:
                current.lines.append(i)  # a paragraph between entry 1 and entry 2 belongs to 1
            return True
        if resolution or top is not None:
            return False
        text = " ".join(lines[j].text for j in range(i, _paragraph_end(lines, i)))
        if (
            len(units) >= 3
            or is_heading_like(line)
            or len(text.split()) < 5
            or not _ends_sentence(text)
        ):
            return False
        units.append(unit)  # another paragraph of an unnumbered block
        return True
    if not resolution and (line.style == top or top is None):
        if is_heading_like(line):
            return False
        if top is None and line.style in _TOP_STYLES and not _introduces(lines, last):
            return False  # "4. Contact details" after a finished sentence is the next section
        units.append(unit)
        return True
    if resolution and not last.subs and _follows(_inline_label(lines, last), line.number):
        current.lines.append(i)  # "(2) ..." after "RESOLVED: (1) That ...": one line of parts
        return True
    same_as_subs = bool(last.subs) and line.style == last.subs[0].style
    if same_as_subs and line.style in ("num.", "num)", "(num)"):
        same_as_subs = _follows(last.subs[-1].number, line.number)
    opens = _open_lead(lines, last) and _first_of_list(line)
    if _lower(line.style, top) or same_as_subs or opens:
        last.subs.append(unit)
        return True
    return False


def _lower(style: str | None, top: str | None) -> bool:
    if top is None:
        return style in ("letter", "roman", "bullet", "sub")
    return _RANK.get(style or "", 0) > _RANK.get(top, 0)


def _open_lead(lines: list[Line], unit: Unit) -> bool:
    """An entry with a line ending "... resolves:" and no sub-items yet takes what follows; so
    does a resolution that stops short of a sentence ("RESOLVED: That the Committee")."""
    if unit.subs:
        return False
    if any(_colon(body(lines[j])) for j in unit.lines):
        return True
    first = lines[unit.lines[0]]
    text = " ".join(lines[j].text for j in unit.lines).rstrip()
    return is_resolved(first) and not text.endswith((".", ";", "!", "?", ")", ","))


# "RESOLVED: (1) That ...", "Resolved – 1. That ...": the first part numbered inline
_INLINE_FIRST_RE = re.compile(
    r"^(?:RESOLVED|Resolved|AGREED|Agreed)\b\W*?(?:\((?P<p>1|a|i)\)|(?P<d>1|a|i)[.)])\s"
)


def _inline_label(lines: list[Line], unit: Unit) -> str | None:
    """The number of a resolution's latest part when it numbers its first part inline."""
    first = _INLINE_FIRST_RE.match(body(lines[unit.lines[0]]))
    if not first:
        return None
    numbered = [lines[j].number for j in unit.lines[1:] if lines[j].number]
    return numbered[-1] if numbered else first["p"] or first["d"]


def _colon(text: str) -> bool:
    """Ends in a colon, or in the ":-" of "The Committee agreed:-"."""
    return text.rstrip().rstrip("-–—").rstrip().endswith(":")


def _introduces(lines: list[Line], unit: Unit) -> bool:
    """A paragraph that leads into a list: "Cabinet is asked to:", "... efforts to."."""
    text = " ".join(lines[j].text for j in unit.lines).rstrip(" .")
    return _colon(text) or bool(re.search(r"\b(?:to|that|following|below)$", text, re.I))


def _first_of_list(line: Line) -> bool:
    """ "1.", "(a)", "i)" or a bullet: a marker that can open a list."""
    return line.style == "bullet" or (line.number or "").split(".")[-1] in ("1", "a", "i")


def entries(kind: str, units: list[Unit], lines: list[Line]) -> list[Entry]:
    """One entry per top-level unit, or per sub-item when a unit has them; lead-ins dropped."""
    out: list[Entry] = []
    lead: list[int] = []
    if units and _OPTIONS_RE.search(" ".join(lines[j].text for j in units[0].lines)):
        return out  # "... resolve one of the following:" lists options, not recommendations
    group: list[int] = []  # the sub-heading the entries stand under, after the lead-in
    for n, unit in enumerate(units):
        if unit.style is None and n + 1 < len(units) and units[n + 1].style and not out:
            lead, group = _split_title(lines, unit.lines)  # "Cabinet is asked to:" before a list
            continue
        if unit.subs:
            # "27) RESOLVED that ... agree the following:" "2025-35 Capital Programme" "(a) ..."
            head, titled = _split_title(lines, unit.lines)
            for k, sub in enumerate(unit.subs, 1):
                number = _sub_number(unit.number, sub, k)
                out.append(Entry(kind, sub.lines, number, head + titled))
                if sub.heads is not None:
                    titled = [sub.heads]
        else:
            out.append(Entry(kind, unit.lines, unit.number, lead + group))
        if unit.heads is not None:
            group = [unit.heads]
    return out


def _split_title(lines: list[Line], lead: list[int]) -> tuple[list[int], list[int]]:
    """A lead-in and the sub-heading that ends it: "... agree the following:" then "2025-35
    Capital Programme", which titles only the entries up to the next sub-heading."""
    if len(lead) > 1 and _subheading(lines[lead[-1]]) and _colon(lines[lead[-2]].text):
        return lead[:-1], lead[-1:]
    return lead, []


def _heads_next(lines: list[Line], i: int, current: Unit) -> bool:
    """A sub-heading line after a finished entry and before the next one in sequence."""
    if not i or not _subheading(lines[i]) or not _finished(lines[i - 1].text):
        return False
    nxt = _next_real(lines, i + 1)
    if nxt is None:
        return False
    after_h = (nxt.style, nxt.number, current.number) == ("roman", "i", "h")
    style = "letter" if after_h else nxt.style
    return style == current.style and _follows(current.number, nxt.number)


def _finished(text: str) -> bool:
    """A line that ends its entry: a full stop, or a date or figure ("... 5th February 2025").
    Any other ending ("... on behalf of Kent") may wrap onto a title-like "County Council"."""
    return _ends_sentence(text) or text.rstrip()[-1:].isdigit()


def _subheading(line: Line) -> bool:
    """A short title between the entries of a list ("2025-26 Revenue Budget and Medium Term
    Financial Plan", "Kent Pay Scheme 2025-26"), which titles the entries after it."""
    text = line.text.strip()
    words = text.split()
    if line.style or not 0 < len(words) <= 12 or text.endswith((".", ",", ";", ":")):
        return False
    return (text[:1].isupper() or text[:1].isdigit()) and title_like(text)


def _sub_number(parent: str | None, sub: Unit, k: int) -> str | None:
    if sub.style == "sub":
        return sub.number
    if sub.style == "bullet":
        return parent
    inner = sub.number or str(k)
    return f"{parent}({inner})" if parent else f"({inner})"
