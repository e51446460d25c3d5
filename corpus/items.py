"""Items, minute numbers and headings inside one document of a paper."""

from __future__ import annotations

import re
from dataclasses import dataclass

from corpus.dates import parse_date
from corpus.lines import Line
from corpus.types import Kind

# "39 CHILDREN'S IMPROVEMENT PLAN 2015 - UPDATE [Item 6]", "43/15 MENTAL HEALTH ... [Item 9]"
_BRACKET_ITEM_RE = re.compile(
    r"^(?P<num>\d{1,4}(?:/\d{2})?)\.?\s+(?P<title>.+?)\s*\[Item\b[^\]]*\]\s*$"
)
# "88. Revenue and Capital Budget Monitoring Report" followed by "(Item 7)" a line or two later
_NUMBERED_RE = re.compile(r"^(?P<num>\d{1,4})\.\s+(?P<title>\S.*)$")
_ITEM_REF_RE = re.compile(r"^\(Item\s*[\w.]*\)\s*$", re.I)
# Agenda lines: "6	SOCIAL CARE IN PRISONS	(Pages 19 - 26)", "5. 24/00108 - Revenue and ..."
_AGENDA_RE = re.compile(r"^(?P<num>\d{1,2}[a-z]?)(?P<dot>\.?)\s+(?P<title>[A-Z0-9][^\t]*)")
_PAGES_RE = re.compile(r"\s*\(Pages?\b.*$")
_QUESTION_RE = re.compile(r"^Question\s+(?P<num>\d{1,3})\s*$")
# Minutes that print no "(Item 4)" or "[Item 4]": "45. DECLARATIONS OF INTEREST",
# "46. Housing Allocations Policy Review", "3 SCHOOL ESTATE STRATEGY"
_PLAIN_MINUTE_RE = re.compile(r"^(?P<num>\d{1,4})(?P<dot>\.?)\s+(?P<title>[A-Z][^\t]*)$")
# Board minutes headed by their agenda item: "Item 6 Winter Plan", "Item 6: Winter Plan"
_ITEM_WORD_RE = re.compile(
    r"^Item\s+(?P<num>\d{1,3}(?:\.\d{1,2})?[a-z]?)(?P<sep>\s*[:.\-–—]\s*|\s+)(?P<title>[A-Z].*)$"
)
# A minute number rarely jumps further than this (items withdrawn or taken in private).
_MAX_MINUTE_GAP = 5

_MINUTE_HEADINGS_RE = re.compile(
    r"^(?P<h>Witnesses|Key points raised during the discussions?|Recommendations?|"
    r"Actions?/further information to be provided|Board next steps|Declarations? of interests?|"
    r"RESOLVED|Resolved|Decision|Agreed|Summary|Reason for decision|Recommendation\(s\))\b\s*:?"
)
# "1. Introduction", "2.1 Background", "A. Scope", "2 Revenue Monitoring" (not "72 Financing")
_NUMBERED_HEADING_RE = re.compile(
    r"^(?:\d{1,2}(?:\.\d{1,2})?\.|\d{1,2}\.\d{1,2}|1?\d|[A-Z]\.)\s+(?P<rest>[A-Z].*)$"
)
_MARKDOWN_HEADING_RE = re.compile(r"^#{1,6}\s+(.+?)\s*#*$")
_RESOLVED_RE = re.compile(r"^(?:\(?\d{1,2}[.)]\s+)?(?P<h>RESOLVED)\b")
_BULLET_RE = re.compile(r"^(?:[-•*·o]|\(?[a-z0-9]{1,3}[.)])\s")
_NOT_HEADING_RE = re.compile(
    r"@|https?:|\bTel\b|^\d+$|^Page \d|^\(|^\[|£|%|^(?:For|Against|Abstain)\s*\(\d+\)"
)
# "Alex Walters Independent Chair, Surrey Board": a name and role signing off a foreword
_SIGNATURE_RE = re.compile(
    r"^[A-Z][a-z'’-]+(?:\s+[A-Z]\.?)*\s+[A-Z][A-Za-z'’-]+,?\s+(?:(?:Independent|Interim|Acting|"
    r"Deputy|Vice|Executive|Corporate|Strategic)\s+)?(?:Chair|Chairman|Chairwoman|Director|"
    r"Chief Executive|Leader|Head of|Cabinet Member|Mayor|Clerk|Secretary|President)\b"
)
_NAME_RE = re.compile(r"^(?:Mr|Mrs|Ms|Miss|Dr|Cllr|Councillor|Sir|Dame|Lord|Lady)\b")
# One-word lines that are headings in reports; any other single word is more likely a wrap.
_ONE_WORDS = (
    "introduction background summary purpose conclusion conclusions context recommendation "
    "recommendations overview appendices consultation options implications risks equalities "
    "governance finance legal proposal proposals evidence outcome outcomes foreword contents "
    "glossary decision"
)
_ONE_WORD_HEADINGS = set(_ONE_WORDS.split())
_SMALL_WORDS = {"and", "of", "the", "for", "to", "in", "on", "a", "an", "with", "by", "at", "or"}


@dataclass(frozen=True)
class Item:
    """An agenda item or a minute: its number and title as the paper prints them."""

    number: str
    title: str
    lines: int = 1  # how many lines the number and title take
    dotted: bool = False  # printed "88. Title" rather than "43 TITLE"
    ref_style: bool = False  # printed "Title" over "(Item 4)", without a minute number
    printed: str = ""  # the whole label as printed, when it is neither of the forms above
    plain: bool = False  # found by its number and title alone, with no item reference

    @property
    def label(self) -> str:
        if self.printed:
            return self.printed
        if self.ref_style:
            return f"{self.title} (Item {self.number})"
        return f"{self.number}{'.' if self.dotted else ''} {self.title}"


def _clean_title(title: str) -> str:
    title = _PAGES_RE.sub("", title.split("\t")[0])
    return " ".join(title.split()).strip(" :-–")


def _minute_item(lines: list[Line], i: int) -> Item | None:
    text = lines[i].text
    m = _BRACKET_ITEM_RE.match(text)
    if m:
        return Item(m["num"], _clean_title(m["title"]))
    m = _NUMBERED_RE.match(text)
    if m and len(text) < 160:
        for j in range(i + 1, min(i + 4, len(lines))):
            if _NUMBERED_RE.match(lines[j].text):
                return None  # the nearer numbered line is the minute's
            if _ITEM_REF_RE.match(lines[j].text):
                if any(ln.text.endswith(".") for ln in lines[i : j - 1]):
                    return None  # "3. RESOLVED that ... noted." ends a minute; the title follows
                title = " ".join([m["title"]] + [ln.text for ln in lines[i + 1 : j]])
                return Item(m["num"], _clean_title(title), j - i + 1, dotted=True)
        return None
    return _unnumbered_item(lines, i)


def _number(item: Item | None) -> int | None:
    digits = re.match(r"\d+", item.number) if item else None
    return int(digits.group()) if digits else None


def _follows(number: int, previous: Item | None) -> bool:
    """Whether a minute number comes next after the previous minute's, as minutes run."""
    last = _number(previous)
    if previous is not None and (last is None or not previous.plain):
        return False  # minutes titled one way ("[Item 4]", "(Item 4)") are not titled another
    return last is None or last < number <= last + _MAX_MINUTE_GAP


def _minute_title(title: str, *, capitals_only: bool, labelled: bool = False) -> bool:
    """A minute's title, not a numbered paragraph or resolution: short, titled, unpunctuated.

    Hand-written: the guards are what tell "46. Housing Allocations Policy Review" from
    "2. The Leader introduced the report." in minutes that print no item references.
    """
    words = title.split()
    if not words or len(words) > 14 or len(title) > 100 or title.endswith((".", ",", ";", ":")):
        return False
    if _NOT_HEADING_RE.search(title) or re.search(r"[.;!?]\s", title):
        return False
    if title.isupper():
        return len(title) >= 4
    # "Item 1 Welcome and apologies": the word "Item" marks a title, in sentence case too
    return not capitals_only and len(words) >= 2 and (labelled or title_like(title))


def _plain_minute(lines: list[Line], i: int, previous: Item | None) -> Item | None:
    """A minute titled "46. Housing Allocations Policy Review" on a line of its own."""
    text = lines[i].text
    m = _ITEM_WORD_RE.match(text)
    if m:
        number, title = m["num"], _clean_title(m["title"])
        whole = int(re.match(r"\d+", number).group())
        if _minute_title(title, capitals_only=False, labelled=True) and _follows(whole, previous):
            label = f"Item {number}{m['sep'].rstrip()} {title}"
            return Item(number, title, printed=label, plain=True)
        return None
    m = _PLAIN_MINUTE_RE.match(text)
    if not m or lines[i].tabbed:
        return None
    title, used = _clean_title(m["title"]), 1
    nxt = lines[i + 1] if i + 1 < len(lines) else None
    cut = title.split()[-1].lower() in _SMALL_WORDS or title.endswith(("-", "–", "&"))
    if cut and nxt and nxt.page == lines[i].page and title_like(nxt.text):
        title, used = _clean_title(f"{m['title']} {nxt.text}"), 2  # a long title wraps
    # without a dot only capitals: "3 SCHOOL ESTATE STRATEGY", never "3 Members asked ..."
    if not _minute_title(title, capitals_only=not m["dot"]):
        return None
    if not _follows(int(m["num"]), previous) or _wraps(lines, i + used - 1, title):
        return None
    return Item(m["num"], title, used, dotted=bool(m["dot"]), plain=True)


def _wraps(lines: list[Line], i: int, title: str) -> bool:
    """Whether a title-case line runs on into the next, as a numbered paragraph does."""
    nxt = lines[i + 1] if i + 1 < len(lines) else None
    same_page = nxt is not None and nxt.page == lines[i].page
    return not title.isupper() and same_page and nxt.text[:1].islower()


def _unnumbered_item(lines: list[Line], i: int) -> Item | None:
    """ "Participation Team Update" over "(Item 4)": a minute titled without a minute number."""
    for j in range(i + 1, min(i + 3, len(lines))):
        ref = _ITEM_REF_RE.match(lines[j].text)
        if ref:
            title_lines = lines[i:j]
            title = " ".join(ln.text for ln in title_lines)
            plain = all(
                not _NUMBERED_RE.match(ln.text) and not ln.text.endswith((".", ",", ";"))
                for ln in title_lines
            )
            if plain and title[:1].isupper() and len(title.split()) <= 20:
                number = re.sub(r"\D", "", lines[j].text) or "?"
                return Item(number, _clean_title(title), j - i + 1, ref_style=True)
            return None
        if _NUMBERED_RE.match(lines[j].text):
            return None
    return None


def _agenda_item(lines: list[Line], i: int, expected: int | None) -> Item | None:
    """An agenda line "6 SOCIAL CARE IN PRISONS (Pages 19 - 26)", numbered in sequence.

    A supplementary agenda lists only some items, so its first may have any number, but only
    when it shows its pages ("(Pages 1 - 20)"), which a stray numbered line does not.
    """
    m = _AGENDA_RE.match(lines[i].text)
    if not m:
        return None
    raw, used = m["title"], 1
    if "(Page" not in raw and "\t" not in raw:
        for j in range(i + 1, min(i + 3, len(lines))):  # a long title wraps onto the next lines
            if _AGENDA_RE.match(lines[j].text):
                break
            if "(Page" in lines[j].text:
                raw, used = " ".join([raw] + [ln.text for ln in lines[i + 1 : j + 1]]), j - i + 1
                break
    number = int(re.sub(r"\D", "", m["num"]))
    in_sequence = number in (expected, expected + 1) if expected else number == 1 or "(Page" in raw
    title = _clean_title(raw)
    if not in_sequence or not title or title.endswith(".") or len(title.split()) > 30:
        return None
    return Item(m["num"], title, used, dotted=bool(m["dot"]))


def find_item(kind: Kind, lines: list[Line], i: int, previous: Item | None) -> Item | None:
    """The item that starts at line i of a document of this kind, if one does."""
    text = lines[i].text
    if kind is Kind.MINUTES:
        return _minute_item(lines, i) or _plain_minute(lines, i, previous)
    if kind is not Kind.TRACKER and kind is not Kind.AGENDA:
        found = _minute_item(lines, i)  # "7/24 DAY SERVICES REVIEW [Item 7]" in any extract
        if found:
            return found
    if kind is Kind.AGENDA:
        expected = int(re.sub(r"\D", "", previous.number)) + 1 if previous else None
        return _agenda_item(lines, i, expected)
    m = _QUESTION_RE.match(text)
    if m:
        return Item(m["num"], f"Question {m['num']}")
    return None


def title_like(text: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'’\-]*", text)]
    if not words:
        return False
    if text.isupper():
        return len(words) >= 1 and len(text) >= 4
    content = [w for w in words if w.lower() not in _SMALL_WORDS]
    capitalised = sum(w[0].isupper() for w in content)
    return bool(content) and capitalised / len(content) >= 0.6


def _starts_paragraph(line: Line | None) -> bool:
    return (
        line is None
        or line.text[:1].isupper()
        or line.text[:1].isdigit()
        or bool(_BULLET_RE.match(line.text) or line.text[:1] in "•-–(*")
    )


def _ends_paragraph(line: Line | None) -> bool:
    if line is None or line.text.endswith((".", ":", ";", "?", "!", ")")):
        return True
    return line.words <= 6 and "," not in line.text  # a short heading-like line, not a list


def find_heading(lines: list[Line], i: int, *, paged: bool) -> str | None:
    """The heading line i is, if it is one: "Recommendations:", "13. Costs and Savings"."""
    line = lines[i]
    text = line.text
    m = _MARKDOWN_HEADING_RE.match(text)
    if m:
        return m.group(1)
    m = _RESOLVED_RE.match(text)
    if m:
        return "RESOLVED"
    m = _MINUTE_HEADINGS_RE.match(text)
    if m and line.words <= 8 and (text.endswith(":") or len(text) == m.end()):
        return text
    if "\t" in text or line.words > 12 or len(text) > 90 or _NOT_HEADING_RE.search(text):
        return None
    if text.endswith((".", ",", ";")) or not text[:1].isalnum() or text.count(",") >= 2:
        return None
    if text.count("(") != text.count(")") or text.split()[-1].lower() in _SMALL_WORDS:
        return None  # a line cut mid-phrase by wrapping
    if text.endswith(("-", "–")) or re.search(r"[A-Za-z]\s+\d{1,3}$", text):
        return None  # a wrapped line, or a contents entry with its page number
    figures = re.findall(r"(?<!\S)[£(-]?\d[\d,.%)]*(?!\S)", text.split(" ", 1)[-1])
    if len([f for f in figures if not re.fullmatch(r"(?:19|20)\d\d", f)]) >= 2:
        return None  # a table row of figures
    if paged:
        # a wrapped line of running text is not a heading: headings sit between paragraphs
        prev = lines[i - 1] if i and lines[i - 1].page == line.page else None
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if not _ends_paragraph(prev) or not _starts_paragraph(nxt) or len(text) > 70:
            return None
    m = _NUMBERED_HEADING_RE.match(text)
    if m:
        rest = m["rest"]
        return text if line.words <= 10 and (title_like(rest) or rest.endswith(":")) else None
    if _BULLET_RE.match(text) or re.search(r":\s*\S", text):
        return None  # a bullet, or a "Label: value" line such as "From: Sue Chandler"
    if text.endswith(":") and text[:1].isupper() and (line.words <= 3 or title_like(text)):
        return text
    if _NAME_RE.match(text) or _SIGNATURE_RE.match(text) or parse_date(text):
        return None  # "Mr A Smith", "Committee – 16 January 2025": names and dates, not headings
    if text[:1].isupper() and title_like(text) and line.words <= 10:
        one_word = line.words == 1 and not text.isupper()
        return None if one_word and text.lower() not in _ONE_WORD_HEADINGS else text
    if text[:1].isupper() and 2 <= line.words <= 6 and _leads_paragraph(lines, i, paged):
        return text  # a sentence-case heading: "Future considerations"
    return None


def _leads_paragraph(lines: list[Line], i: int, paged: bool) -> bool:
    """Whether a long paragraph (or a numbered one) follows line i, as under a heading."""
    nxt = lines[i + 1] if i + 1 < len(lines) else None
    if nxt is None or "\t" in nxt.text:
        return False
    numbered = bool(re.match(r"^\(?\d{1,2}(?:\.\d{1,2})?[.)]?\s", nxt.text))
    if paged:
        prev = lines[i - 1] if i else None
        return numbered and prev is not None and prev.text.endswith((".", ":"))
    return numbered or nxt.words >= 15
