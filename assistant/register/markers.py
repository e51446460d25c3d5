"""The lines of a paper's chunks, read the way the register needs: list markers and block headings.

Hand-written because no library reads board-paper conventions ("- 2. That ...", "(27) RESOLVED
that:", "Actions/further information to be provided:"); each rule below names the form it reads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from corpus.types import Chunk

RECOMMENDATION, RESOLUTION, ACTION, NEXT_STEP = (
    "recommendation",
    "resolution",
    "action",
    "next-step",
)

# "- 2. That", "(4) RESOLVED", "26) RESOLVED", "22.1. Support", "a) the", "(iii) Adopts", "• Low"
_MARKER_RE = re.compile(
    r"""^(?P<bullet>[-•*▪●◦·]\s+)?
    (?:
        \((?P<pnum>\d{1,3})\)
      | (?P<dnum>\d{1,3}(?:\.\d{1,2}){0,2})(?P<dsep>[.)])?(?=\s)
      | \((?P<plet>[a-zA-Z]|[ivxIVX]{1,5})\)
      | (?P<let>[a-zA-Z]|[ivx]{2,5})[.)](?=\s)
    )\s+(?=\S)""",
    re.X,
)
# "6.1.A report similar ..." / "3.2However, ...": PDF text that lost the gap after a paragraph
# number; only a dotted number glued to a capitalised word counts
_GLUED_RE = re.compile(r"^(?P<dnum>\d{1,3}(?:\.\d{1,2}){1,2})\.?(?=[A-Z](?:[a-z]|\s))")
_BULLET_CELL_RE = re.compile(r"^\s*[-•*▪●◦·]?\s*$")
_BULLET_ONLY_RE = re.compile(r"^[-•*▪●◦·]\s+(?=\S)")
_ROMAN_RE = re.compile(r"^[ivx]{1,5}$", re.I)

_HEADINGS = [
    (
        RECOMMENDATION,
        re.compile(r"^recommendations?(?:\s*\(s\))?(?:\s+to\s+[\w ,&'’-]{2,60})?\s*:?$", re.I),
    ),
    (
        ACTION,
        re.compile(
            r"^actions?\s*(?:/|and|&)\s*further information(?: to be provided)?\s*:?$", re.I
        ),
    ),
    (
        ACTION,
        re.compile(
            r"^(?:further information to be provided\s*:?"
            r"|actions?(?: agreed| arising)\s*:?|actions?\s*:)$",
            re.I,
        ),
    ),
    (NEXT_STEP, re.compile(r"^(?:board |key )?next steps?\s*:?$", re.I)),
    (RESOLUTION, re.compile(r"^(?:Decision|DECISION)\s*:$|^(?:RESOLVED|It was RESOLVED)\s*:?$")),
]
# A heading with its text on the same line: "Recommendations: The Board agreed ...",
# "Decision: The Board endorsed the winter plan."
_INLINE_HEADING_RE = re.compile(
    r"^(?P<h>Recommendations?(?:\s*\(s\))?|Board next steps|Next steps|Decisions?)\s*:\s+(?=\S)",
    re.I,
)
# Who minutes a decision: "The Health and Wellbeing Board", "Members", "Planning Committee"
_BODY_SUBJECT = (
    r"(?:The\s+(?:(?:[A-Z][\w&'’-]*|and|of|for)\s+){1,7}|Members\s+|"
    r"(?:[A-Z][\w&'’-]*\s+){0,4}(?:Cabinet|Council|Committee|Board|Panel|Executive)\s+)"
)
# "RESOLVED that", "RESOLVED:", "Resolved -", "It was RESOLVED that"; many councils minute the
# same decision as "AGREED: That ..." or "It was AGREED that", always in capitals
_RESOLVED_RE = re.compile(
    r"^(?:It was\s+(?=RESOLVED|Resolved|AGREED|RECOMMENDED)|"
    # "The Board RESOLVED that", "Cabinet RESOLVED to:", "Members NOTED" (capitals only)
    rf"{_BODY_SUBJECT}"
    r"(?=RESOLVED|AGREED|RECOMMENDED|APPROVED|NOTED|ENDORSED|DECIDED|SUPPORTED|RATIFIED))?"
    # a committee's advice to the council it reports to: "RECOMMENDED to Council that ..."
    r"(?:(?P<word>RESOLVED|Resolved|AGREED|RECOMMENDED)\b(?=\s*(?:that|:|-|–|—|to\b|$))"
    # board minutes in capitals: "The Board NOTED the report.", "• APPROVED the Winter Plan."
    r"|(?P<verb>APPROVED|NOTED|ENDORSED|DECIDED|SUPPORTED|AGREED|RATIFIED)\s+(?=[a-z(]))"
)
# Scottish and some English minutes put "Decision" over "The Committee agreed:-" in lower case;
# only under that heading is "The Board agreed ..." a decision rather than a line of discussion.
_DECISION_TITLE_RE = re.compile(r"^Decisions?$")
_AGREED_RE = re.compile(rf"^{_BODY_SUBJECT}(?:agreed|resolved|decided|approved|noted)\b")
# "ACTION: Director of Finance to circulate ...", "Action - Head of Housing" (trust and board
# minutes put each action on a line of its own, after the discussion it comes from)
ACTION_LABEL = r"(?:ACTION|Action)(?:\s+BY|\s+by)?\s*[:–—-]\s*"
_ACTION_LINE_RE = re.compile(rf"^{ACTION_LABEL}(?=\S)")
# Lines that end whatever block is open: item headings and the "(Item 7)" line under a title.
_ITEM_BRACKET_RE = re.compile(r"\[Item\b[^\]]*\]\s*$")
_ITEM_REF_RE = re.compile(r"^\(Item\s*[\w.]*\)\s*$", re.I)
# Print furniture between the lines of a block: page numbers, "Page 169", blank-page notices.
_NOISE_RE = re.compile(
    r"^(?:\d{1,4}|Page\s+\d{1,4}(?:\s+of\s+\d+)?|This page is intentionally left blank)$", re.I
)
_NONE_RE = re.compile(r"^(?:none|nil|n/a|none\s+(?:made|agreed|raised|recorded))\.?$", re.I)
_LEAD_WORDS_RE = re.compile(
    r"\b(?:to|that|is|are|asked|recommends?|recommended|notes?|agreed?|includes?|include|will|resolves?|following)\b",
    re.I,
)
_SMALL_WORDS = {
    "and",
    "of",
    "the",
    "for",
    "to",
    "in",
    "on",
    "a",
    "an",
    "with",
    "by",
    "at",
    "or",
    "&",
}


@dataclass
class Line:
    """One non-blank line of one chunk, with where it sits and what it starts."""

    chunk: int  # index into the chunks given to extract_records
    start: int  # offset of the line's first character in chunk.text
    end: int  # offset just past its last non-blank character
    text: str
    para: bool  # a blank line (or a chunk start) comes before it
    body: int = 0  # offset in chunk.text where the text after the list marker starts
    number: str | None = None  # "2", "22.1", "a", "iii"; None for bullets and plain lines
    style: str | None = None  # "num.", "num)", "(num)", "sub", "letter", "roman", "bullet"


def read_lines(chunks: list[Chunk]) -> list[Line]:
    """Every non-blank line of the chunks in order, with list markers recognised."""
    lines: list[Line] = []
    for n, chunk in enumerate(chunks):
        # a chunk may start mid-paragraph (a page break): only a finished line before it ends one
        pos, para = 0, not lines or lines[-1].text.rstrip().endswith((".", ":", ";", "!", "?"))
        for raw in chunk.text.splitlines(keepends=True):
            content = raw.rstrip("\r\n")
            if content.strip():
                # table rows keep their leading tabs: an empty first cell is still a cell
                kept = content.strip(" ") if content.count("\t") >= 2 else content.strip()
                start = (
                    pos
                    + len(content)
                    - len(content.lstrip(" " if kept != content.strip() else None))
                )
                text = kept
                line = Line(n, start, start + len(text), text, para)
                _mark(line)
                lines.append(line)
                para = False
            else:
                para = True
            pos += len(raw)
    return lines


def _mark(line: Line) -> None:
    m = _MARKER_RE.match(line.text)
    if m and not _looks_like_figure(line.text, m):
        line.body = line.start + m.end()
        if m["pnum"]:
            line.number, line.style = m["pnum"], "(num)"
        elif m["dnum"]:
            if not m["dsep"] and not m["bullet"] and "." not in m["dnum"]:
                # a bare number starts a line only as a list marker after a bullet ("- 15 Members")
                line.body = line.start
                return
            line.number = m["dnum"]
            line.style = "sub" if "." in m["dnum"] else ("num)" if m["dsep"] == ")" else "num.")
        else:
            letter = m["plet"] or m["let"]
            line.number = letter.lower()
            # "(i)" opens a roman list far more often than it follows "(h)"
            roman = _ROMAN_RE.match(letter) and (len(letter) > 1 or letter in "iI")
            line.style = "roman" if roman else "letter"
        return
    g = _GLUED_RE.match(line.text)
    if g:
        line.body = line.start + g.end()
        line.number, line.style = g["dnum"], "sub"
        return
    b = _BULLET_ONLY_RE.match(line.text)
    line.body = line.start + (b.end() if b else 0)
    if b:
        line.style = "bullet"


def _looks_like_figure(text: str, m: re.Match) -> bool:
    """ "2025-35 Capital Programme", "10.4 million" and "1.1% accuracy" are not list markers."""
    rest = text[m.end() :]
    return bool(m["dnum"] and not m["dsep"] and re.match(r"^(?:million|billion|%|per cent)", rest))


def body(line: Line) -> str:
    """The line's text after its list marker."""
    return line.text[line.body - line.start :]


def heading_kind(line: Line) -> str | None:
    """The register block a heading line opens ("Recommendations:" -> recommendation), if any."""
    text = re.sub(r"[*_#]+", "", body(line) if line.style != "bullet" else line.text).strip()
    if len(text) > 80 or not text[:1].isupper():
        return None  # "... the\nrecommendations" is a wrapped line, not a heading
    for kind, pattern in _HEADINGS:
        if pattern.match(text):
            return kind
    return None


def inline_heading(line: Line) -> tuple[str, int] | None:
    """ "Recommendations: The Board agreed ...": the kind and the offset where the text starts."""
    m = _INLINE_HEADING_RE.match(line.text)
    if not m:
        return None
    heading = m["h"].lower()
    if heading.startswith("decision"):
        # "Decision: Cabinet is asked to: ..." on a proposed record of decision is still advice
        asked = re.match(
            r"[^.:]{0,80}\b(?:is (?:asked|recommended)|proposes?) to\b", line.text[m.end() :]
        )
        return (RECOMMENDATION if asked else RESOLUTION), line.start + m.end()
    kind = RECOMMENDATION if heading.startswith("recommend") else NEXT_STEP
    return kind, line.start + m.end()


def is_decision_title(lines: list[Line], i: int) -> bool:
    """ "Decision" on its own line, over "The Committee agreed:-": it opens the decisions."""
    nxt = lines[i + 1] if i + 1 < len(lines) else None
    return bool(
        _DECISION_TITLE_RE.match(lines[i].text) and nxt is not None and _AGREED_RE.match(nxt.text)
    )


def is_resolved(line: Line) -> bool:
    """A line whose text (after its marker) opens a minuted decision: "4. RESOLVED that ..."."""
    return bool(_RESOLVED_RE.match(body(line)))


def resolved_kind(line: Line) -> str:
    """What a minuted decision line records: a resolution, or a recommendation to another body."""
    m = _RESOLVED_RE.match(body(line))
    return RECOMMENDATION if m and m["word"] == "RECOMMENDED" else RESOLUTION


def is_action_line(line: Line) -> bool:
    """ "ACTION: Director of Finance to circulate ...": one action, minuted on its own line."""
    return bool(_ACTION_LINE_RE.match(body(line)))


def action_owner_only(line: Line) -> bool:
    """ "ACTION: Head of Workforce" after the discussion: the line names only who acts."""
    rest = _ACTION_LINE_RE.sub("", body(line), count=1).strip().rstrip(".")
    return 0 < len(rest.split()) <= 6 and not re.search(r"\bto\s+[a-z]{3,}", rest)


def is_item_start(line: Line) -> bool:
    """ "43 MENTAL HEALTH ... [Item 9]" or "(Item 8)": an item begins here or just above."""
    return bool(_ITEM_BRACKET_RE.search(line.text) or _ITEM_REF_RE.match(line.text))


def is_table_row(line: Line) -> bool:
    """Two or more filled cells: a flattened table row ("•\tGreater focus ..." is a bullet)."""
    cells = re.split(r"\t| \| ", line.text)
    return sum(1 for c in cells if c.strip() and not _BULLET_CELL_RE.match(c)) >= 2


def is_item_ref(line: Line) -> bool:
    return bool(_ITEM_REF_RE.match(line.text))


def is_noise(line: Line) -> bool:
    return bool(_NOISE_RE.match(line.text))


def is_none(text: str) -> bool:
    """ "None." under a heading: the block holds nothing."""
    return bool(_NONE_RE.match(text.strip()))


def is_heading_like(line: Line) -> bool:
    """A short title or label line that ends a block: "Report contact:", "1. Introduction"."""
    if line.style in ("letter", "roman", "bullet") or "\t" in line.text:
        return False
    numbered = line.style is not None
    text = body(line) if numbered else line.text
    words = text.split()
    if not words or len(words) > 8 or text.endswith((".", ",", ";")):
        return False
    if text.endswith(":"):
        # "Report contact:" is a label; "12. Key next steps include:" introduces a list
        return not numbered and len(words) <= 5 and not _LEAD_WORDS_RE.search(text)
    if not (line.para or numbered) or len(words) > 6:
        return False  # a short wrapped line inside a PDF paragraph, not a title
    content = [
        w for w in re.findall(r"[A-Za-z][A-Za-z'’\-]*", text) if w.lower() not in _SMALL_WORDS
    ]
    return bool(content) and (not numbered or all(w[0].isupper() for w in content))
