"""Text exported from PDFs, read as the paper printed it: pages, and paragraphs rather than lines.

Exports of council PDFs (Limerick's archive among them) often end every printed line with a blank
line, so a paragraph looks like a run of one-line paragraphs ("The total estimated expenditure ...
amounts to €926.6" / "million"), and they mark page breaks with a rule and the printed page number.
Each page's text is kept word for word; only the blank lines that merely wrap a paragraph are
dropped, so later steps (sentences, items, answer units) see the paper's own paragraphs.

Whether a line break ended a paragraph is read the way a typesetter makes one: a line is cut short
of the margin only when its paragraph ends (or before a heading, list item or table row). The
margin is measured on each document, from its sure soft wraps (a line without closing punctuation
followed by one starting in lower case), so no width is assumed. Written by hand: the paragraph
tools on PyPI reflow text to a width but do not recover paragraphs from an export.
"""

from __future__ import annotations

import re
import statistics

# A markdown rule on its own line: exports put one at each page break, the printed page number
# on the next line.
_RULE = re.compile(r"^[ \t]*-{3,}[ \t]*$")
_PAGE_NUMBER = re.compile(r"^\s*(?:page\s+)?\d{1,4}\s*$", re.I)
_LINK_ONLY = re.compile(r"^\s*(?:\[[^\]]*\]\([^)]*\)\s*)*$")
_MARKUP = re.compile(r"[*_`]|</?\w+>")
_CLOSES = re.compile(r"[.!?:;]\W*$")
_STARTS_BLOCK = re.compile(
    r"^\s*(?:#{1,6}\s|[-•▪●◦*+]\s|\(?[0-9]{1,3}[.)]\s|\(?[a-z]{1,2}\)\s|\(?[ivx]{1,5}\)\s|\|)"
)
# A page whose non-blank lines are this often separated by blank lines is double-spaced; a
# paragraph per line (unwrapped Markdown) has blank lines too, but lines far longer than a page.
_SPACED_SHARE = 0.8
_PRINTED_WIDTH = 130  # characters: no printed line of an A4 or Letter page is longer
# The share of a document's sure soft wraps that may come out shorter than its margin.
_MARGIN_QUANTILE = 0.1
_MIN_SOFT_WRAPS = 10
_FALLBACK_MARGIN = 0.85  # of the 90th-percentile line, when too few sure soft wraps to measure


def split_pages(text: str) -> list[str] | None:
    """The pages of a text export that marks page breaks with a rule followed by the printed page
    number; None when it marks none that way (a rule alone is Markdown's thematic break)."""
    lines = text.split("\n")
    rules = [n for n, line in enumerate(lines) if _RULE.match(line)]
    numbered = any(
        _PAGE_NUMBER.match(next((x for x in lines[n + 1 :] if x.strip()), "")) for n in rules
    )
    if len(rules) < 2 or not numbered:
        return None
    pages, start = [], 0
    for n in [*rules, len(lines)]:
        pages.append("\n".join(lines[start:n]))
        start = n + 1
    # the export's own preamble (a link to the original file) belongs to the first page
    merged: list[str] = []
    carry = ""
    for page in pages:
        if _LINK_ONLY.match(page):
            carry += page + "\n"
        else:
            merged.append(carry + page)
            carry = ""
    if carry.strip():
        merged.append(carry)
    return merged or None


def reflow(pages: list[str]) -> list[str]:
    """The pages with the blank lines that only wrap a paragraph removed (double-spaced pages
    only; other pages are returned as they are)."""
    lines = [_plain(x) for page in pages for x in page.split("\n") if x.strip()]
    if not lines:
        return pages
    lengths = sorted(len(x) for x in lines)
    p90 = lengths[int(0.9 * (len(lengths) - 1))]
    if p90 > _PRINTED_WIDTH:
        return pages
    margin = _margin(lines, p90)
    return [_reflow_page(page, margin) if _double_spaced(page) else page for page in pages]


def _plain(line: str) -> str:
    return _MARKUP.sub("", line).strip()


def _double_spaced(page: str) -> bool:
    lines = page.split("\n")
    filled = [n for n, x in enumerate(lines) if x.strip()]
    gaps = [b - a for a, b in zip(filled, filled[1:], strict=False)]
    return len(gaps) >= 3 and sum(g >= 2 for g in gaps) >= _SPACED_SHARE * len(gaps)


def _fit(line: str, nxt: str) -> int:
    """How long `line` would be with the next line's first word on it."""
    return len(line) + 1 + len(nxt.split()[0])


def _soft(line: str, nxt: str) -> bool:
    """A sure soft wrap: the sentence goes on in lower case after a line that does not close."""
    return bool(nxt) and nxt[0].islower() and not _CLOSES.search(line)


def _margin(lines: list[str], p90: int) -> float:
    fits = sorted(_fit(a, b) for a, b in zip(lines, lines[1:], strict=False) if b and _soft(a, b))
    if len(fits) < _MIN_SOFT_WRAPS:
        return _FALLBACK_MARGIN * p90
    return statistics.quantiles(fits, n=int(1 / _MARGIN_QUANTILE))[0]


def _reflow_page(page: str, margin: float) -> str:
    lines = page.split("\n")
    filled = [n for n, x in enumerate(lines) if x.strip()]
    keep = set(range(len(lines)))
    for a, b in zip(filled, filled[1:], strict=False):
        if b - a >= 2 and _wraps(lines[a], lines[b], margin):
            keep -= set(range(a + 1, b))  # the blank lines between two lines of one paragraph
    return "\n".join(lines[n] for n in sorted(keep))


def _wraps(raw: str, raw_next: str, margin: float) -> bool:
    """Whether the break between two printed lines only wraps one paragraph."""
    line, nxt = _plain(raw), _plain(raw_next)
    if not line or not nxt or _STARTS_BLOCK.match(raw_next) or _STARTS_BLOCK.match(raw):
        return False
    if _PAGE_NUMBER.match(line) or _PAGE_NUMBER.match(nxt) or "\t" in raw or "\t" in raw_next:
        return False
    if _bold(raw) != _bold(raw_next):  # a bold heading above or below plain text
        return False
    # a title set in capitals is centred over several short lines: "MINUTES OF ... MEETING OF" /
    # "LIMERICK CITY AND COUNTY COUNCIL HELD IN THE"
    capitals = line.isupper() and nxt.isupper() and not _CLOSES.search(line)
    return _soft(line, nxt) or capitals or _fit(line, nxt) >= margin


def _bold(raw: str) -> bool:
    s = raw.strip()
    return s.startswith("**") and s.endswith("**") and len(s) > 4
