"""Turning a paper's chunks into register records, at ingest time (pure: data in, dicts out)."""

from __future__ import annotations

import re
from datetime import date

from assistant.register.agreements import agreement_records
from assistant.register.blocks import Entry, collect, entries, paragraph_before
from assistant.register.fields import find_due, find_owner, leading_date
from assistant.register.markers import (
    ACTION,
    NEXT_STEP,
    RECOMMENDATION,
    RESOLUTION,
    Line,
    action_owner_only,
    heading_kind,
    inline_heading,
    is_action_line,
    is_decision_title,
    is_item_ref,
    is_noise,
    is_none,
    is_resolved,
    is_table_row,
    read_lines,
    resolved_kind,
)
from assistant.register.motion_records import minuted, motion_records
from assistant.register.tracker import fill_damaged_dates, row_fields, tracker_rows
from corpus.types import Chunk, Kind, Paper

# "Subject Matter / Title of Decision: Commissioned Family Hub Contracts" (or on the next line),
# up to the form's next field
_DECISION_TITLE_RE = re.compile(
    r"(?:Subject(?: Matter)?\s*/\s*)?Title of Decision\s*:?\s*\n?(?P<subject>.{3,300}?)"
    r"(?:\s*\n\s*(?:Decision|Reasons?(?:\(s\))? for decision|Key decision)\b|\s*$)",
    re.I | re.S,
)
# "(a) ", "(ii) ", "(2) " inside a line, after a space or at its start
_INLINE_PART_RE = re.compile(r"(?:(?<=\s)|^)\((?P<label>[a-z]|[ivx]{1,4}|\d{1,2})\)\s")
_RECOMMENDS = re.compile(
    r"(?:That\s+)?(?:the\s+[A-Z][\w ]{0,40}?\s+)?recommends?\s+(?:that|to)\b", re.I
)
_SPLIT_KINDS = ("recommendation", "resolution", "action", "next-step")
_LETTERS = list("abcdefghijklmnop")
_DIGITS = [str(n) for n in range(1, 30)]
_ROMANS = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"]
_ITEM_LINE_RE = re.compile(
    r"^(?P<num>\d{1,4}(?:/\d{2})?)\.?\s+(?P<title>.+?)\s*\[Item\b[^\]]*\]\s*$"
)


def extract_records(paper: Paper, chunks: list[Chunk]) -> list[dict]:
    """Every recommendation, resolution, action, next step, motion, amendment and agreement in a
    paper.

    Each dict carries "chunk_ordinal" (the source chunk) and the register fields; "text" is an exact
    substring of that chunk's text.
    """
    chunks = sorted(chunks, key=lambda c: c.ordinal)
    lines = read_lines(chunks)
    records = [_record(paper, chunks, lines, e) for e in _entries(chunks, lines)]
    records += _tracker_records(paper, chunks, lines)
    items = minuted(chunks)
    records += motion_records(paper, items)
    records += _unread(agreement_records(paper, items), records)
    records = [part for r in records if r is not None for part in _inline_parts(r)]
    records.sort(key=lambda r: (r["chunk_ordinal"], r.pop("_offset")))
    return _once(records)


def _unread(agreed: list[dict], records: list[dict | None]) -> list[dict]:
    """The agreements no other record already holds ("The Board agreed to visit ..." under a
    "Board next steps:" heading is that next step)."""
    held: dict[int, list[str]] = {}
    for r in records:
        if r is not None:
            held.setdefault(r["chunk_ordinal"], []).append(_words(r))
    kept = []
    for a in agreed:
        words = _words(a)
        if not any(words in text or text in words for text in held.get(a["chunk_ordinal"], [])):
            kept.append(a)
    return kept


def _words(record: dict) -> str:
    return " ".join(record["text"].split())


def _once(records: list[dict]) -> list[dict]:
    """A report states its recommendations in its summary and again in its body: the same words,
    of the same document and meeting, are one record (the first)."""
    seen: set[tuple] = set()
    out = []
    for r in records:
        words = " ".join(r["text"].lower().split())
        key = (r["document"], r["source_kind"], r["kind"], r["meeting_date"], words)
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


def _entries(chunks: list[Chunk], lines: list[Line]) -> list[Entry]:
    def same_doc(a: int, b: int) -> bool:
        return chunks[a].document == chunks[b].document and chunks[a].kind == chunks[b].kind

    found: list[Entry] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if is_table_row(line):
            i += 1
            continue
        if is_decision_title(lines, i):
            # the "The Committee agreed:-" line below opens the decisions like "RESOLVED:"
            units, end = collect(lines, i + 1, same_doc, resolution=True)
            found += entries(RESOLUTION, units, lines)
            i = max(end, i + 2)
            continue
        if is_resolved(line):
            units, end = collect(lines, i, same_doc, resolution=True)
            made = entries(resolved_kind(line), units, lines)
            for entry in made:
                entry.lead_in = entry.lead_in or _bullets_lead(lines, i)
            found += made
            i = max(end, i + 1)
            continue
        if is_action_line(line):
            if action_owner_only(line):
                # "ACTION: Head of Workforce" names who acts on the paragraph above it
                above = paragraph_before(lines, i)
                if above:
                    found.append(Entry(ACTION, [*above, i], None))
                i += 1
                continue
            units, end = collect(lines, i, same_doc, resolution=True)
            found += entries(ACTION, units, lines)
            i = max(end, i + 1)
            continue
        kind = heading_kind(line)
        inline = None if kind else inline_heading(line)
        if inline:
            kind = inline[0]
            line.body = inline[1]  # the block's first entry is the rest of this line
            line.style = line.number = None
            units, end = collect(lines, i, same_doc, resolution=False)
            found += entries(kind, units, lines)
            i = max(end, i + 1)
            continue
        if kind:
            units, i = collect(lines, i + 1, same_doc, resolution=False)
            found += entries(kind, units, lines)
            continue
        i += 1
    return found


def _inline_parts(record: dict) -> list[dict]:
    """ "Resolved: that (a) the strategy be approved; and (b) a report be brought back" is two
    decisions printed on one line: one record per lettered or numbered part, as on separate
    lines. Motions keep their wording whole."""
    text = record["text"]
    found = list(_INLINE_PART_RE.finditer(text))
    labels = [m["label"] for m in found]
    if record["kind"] not in _SPLIT_KINDS or len(found) < 2 or not _in_sequence(labels):
        return [record]
    lead = " ".join(filter(None, [record["lead_in"], text[: found[0].start()].strip()]))
    made = date.fromisoformat(record["meeting_date"]) if record["meeting_date"] else None
    out = []
    for m, nxt in zip(found, [*found[1:], None], strict=True):
        part = text[m.end() : nxt.start() if nxt else len(text)].strip()
        owner = find_owner(part) or find_owner(lead)
        number = f"{record['number'] or ''}({m['label']})"
        out.append(
            record
            | {
                "_offset": record["_offset"] + text.index(part, m.end()),
                "number": number,
                "kind": _kind_of(record["kind"], part),
                "text": part,
                "lead_in": lead or None,
                "owner": owner,
                "due": find_due(part, made) or (record["due"] if nxt is None else None),
                "continuation": record["continuation"] if nxt is None else None,
            }
        )
    return out


def _kind_of(kind: str, text: str) -> str:
    """ "(2) recommends that the Executive ...": a committee resolving to advise another body
    makes a recommendation."""
    return RECOMMENDATION if kind == RESOLUTION and _RECOMMENDS.match(text) else kind


def _in_sequence(labels: list[str]) -> bool:
    """ "a b c", "1 2 3" or "i ii iii", starting at the first."""
    return any(labels == series[: len(labels)] for series in (_LETTERS, _DIGITS, _ROMANS))


def _bullets_lead(lines: list[Line], i: int) -> list[int]:
    """ "The Board:" above "• APPROVED the plan." and the bullets after it: their lead-in."""
    if lines[i].style != "bullet":
        return []
    j = i - 1
    while j >= 0 and lines[j].style == "bullet" and is_resolved(lines[j]):
        j -= 1
    above = lines[j] if j >= 0 else None
    if above is None or above.chunk != lines[i].chunk or not above.text.endswith(":"):
        return []
    return [j] if len(above.text.split()) <= 8 else []


def _span(lines: list[Line], indices: list[int]) -> tuple[int, int, int, list[str]]:
    """The chunk, start and end of an entry's text, and the text of lines in later chunks."""
    first = lines[indices[0]]
    same = [lines[j] for j in indices if lines[j].chunk == first.chunk]
    rest = [lines[j].text for j in indices if lines[j].chunk != first.chunk]
    return first.chunk, first.body, same[-1].end, rest


def _record(paper: Paper, chunks: list[Chunk], lines: list[Line], entry: Entry) -> dict | None:
    n, start, end, rest = _span(lines, entry.lines)
    chunk = chunks[n]
    text = chunk.text[start:end].strip()
    if not text or is_none(text) or (entry.kind != RESOLUTION and len(text.split()) < 2):
        return None
    start = chunk.text.index(text, start)
    whole = " ".join([text, *rest])
    lead = " ".join(lines[j].text for j in entry.lead_in) or None
    item = (
        _item_above(lines, chunks, entry.lines[0])
        or chunk.item
        or _decision_subject(chunks, chunk)
        or _document_item(chunk)
        or None
    )
    return {
        "chunk_ordinal": chunk.ordinal,
        "_offset": start,
        "kind": _kind_of(entry.kind, text),
        "number": entry.number,
        "text": text,
        "committee": chunk.committee or paper.meeting.committee,
        "meeting_date": _iso(chunk.meeting_date or paper.meeting.date),
        "item": item,
        "owner": find_owner(text) or (find_owner(lead) if lead else None),
        "due": find_due(whole, chunk.meeting_date or paper.meeting.date)
        or (leading_date(text) if entry.kind in (ACTION, NEXT_STEP) else None),
        "status": None,
        "page": chunk.page,
        "page_label": chunk.page_label,
        "lead_in": lead,
        "continuation": " ".join(rest) or None,
        "document": chunk.document,
        "source_kind": str(chunk.kind),
        "paper_date": _iso(paper.meeting.date),
    }


def _tracker_records(paper: Paper, chunks: list[Chunk], lines: list[Line]) -> list[dict]:
    out: list[dict] = []
    rows = tracker_rows(lines, [c.document for c in chunks])
    found: list[dict] = []
    for row in rows:
        found.append(row_fields(row, found[-1] if found else None))
    fill_damaged_dates(found)
    for row, fields in zip(rows, found, strict=True):
        line = lines[row.line]
        chunk = chunks[line.chunk]
        start, end = row.text_span
        text = chunk.text[start:end]
        made = _iso(chunk.meeting_date or paper.meeting.date)
        out.append(
            {
                "chunk_ordinal": chunk.ordinal,
                "_offset": start,
                "kind": row.kind,
                "number": fields["ref"],
                "text": text,
                "committee": chunk.committee or paper.meeting.committee,
                # an action log has no column for the meeting or item: they are the paper's own
                "meeting_date": fields["meeting_date"] or (None if row.keyed else made),
                "item": fields["item"] or (None if row.keyed else chunk.item),
                "owner": fields["owner"] or find_owner(text),
                "due": fields["due"],
                "status": fields["status"],
                "page": chunk.page,
                "page_label": chunk.page_label,
                "lead_in": None,
                "continuation": fields["continuation"],
                "document": chunk.document,
                "source_kind": "tracker",
                "paper_date": _iso(paper.meeting.date),
            }
        )
    return out


def _decision_subject(chunks: list[Chunk], chunk: Chunk) -> str | None:
    """A record of decision's "Subject Matter / Title of Decision", after its number: the item
    a reader knows it by ("Record of Decision 24/00096: Commissioning Plan for ...")."""
    if chunk.kind != Kind.DECISION:
        return None
    for other in chunks:
        if other.document != chunk.document:
            continue
        m = _DECISION_TITLE_RE.search(other.text)
        if m:
            subject = " ".join(m["subject"].split()).strip(" –-:")
            if len(subject) > 120:
                subject = subject[:120].rsplit(" ", 1)[0] + " …"
            return f"{chunk.document}: {subject}" if subject else None
    return None


def _document_item(chunk: Chunk) -> str | None:
    """A report is its own item: its title stands in when no item number is printed."""
    return chunk.document if chunk.kind not in (Kind.MINUTES, Kind.AGENDA) else None


def _item_above(lines: list[Line], chunks: list[Chunk], i: int) -> str | None:
    """The nearest "43 TITLE [Item 9]" or "91. Title / (Item 8)" above, within the same document."""
    document = chunks[lines[i].chunk].document
    for j in range(i, max(-1, i - 400), -1):
        if chunks[lines[j].chunk].document != document:
            return None
        m = _ITEM_LINE_RE.match(lines[j].text)
        if m:
            return f"{m['num']} {m['title']}"
        if is_item_ref(lines[j]):
            return _title_before(lines, j)
    return None


def _title_before(lines: list[Line], ref: int) -> str | None:
    """The title lines above "(Item 8)": back to its number, or to the end of a sentence."""
    title: list[str] = []
    for k in range(ref - 1, max(-1, ref - 5), -1):
        line = lines[k]
        if is_noise(line):
            continue  # a page number between the title and "(Item 9)"
        if line.text.rstrip().endswith((".", ";", ":")):
            break
        title.insert(0, line.text)
        if line.style in ("num.", "num)", "(num)"):
            break
    return " ".join(title) or None


def _iso(day) -> str | None:
    return day.isoformat() if day else None
