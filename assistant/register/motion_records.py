"""Register records for the motions and amendments minuted in each item (chunks in, dicts out).

An item's chunks are read as one text (corpus.motions finds a motion that crosses a page), and each
motion's proposal is mapped back to the chunk it starts in, so "text" stays an exact quote.

Status: the outcome of the vote on the motion itself ("lost (For 12, Against 20, Abstain 2)"). A
vote on "the substantive motion" (or "the amended motion") decides the original motion as amended,
so it is the status of that original motion, not of the amendment moved last: "carried as the
substantive motion (For 25, Against 8, Abstain 1)". A motion with both is given both, "; " between.
A vote minuted only as "... put the motion and it was agreed unanimously" is "carried
unanimously"; a motion with no vote read is "resolved" when a RESOLVED follows it, else None.
"""

from __future__ import annotations

import re

from assistant.register.fields import find_owner
from corpus.item_text import ItemText
from corpus.motions import AGREED, Motion, Proceedings, Span, Vote, find_motions
from corpus.types import Chunk, Kind, Paper

MOTION_KINDS = ("motion", "amendment")
# of a motion's wording, kept as the record's continuation: enough for a long motion's every
# part (a budget motion of twenty-two parts, a climate motion's preamble), yet bounded
WORDING_CHARS = 8000
WORDING_GAP = 400  # characters between a proposal and its wording for them to be one quote

# Subjects of a vote that decide the original motion as amended, with how the status says so.
_AS_AMENDED = {"substantive motion": "substantive motion", "amended motion": "amended motion"}
_UNANIMOUS = re.compile(r"\bunanimous(?:ly)?\b", re.I)
# What a motion may be put as: "the recommendations" of the report it moves.
_MOTION_LIKE = ("recommendation", "recommendations", "proposal", "proposals", "original motion")
_SUBJECT = re.compile(r"\b(?:motion|amendment|recommendations?|proposals?)\b", re.I)
_CALL_PARAGRAPH = re.compile(r"\bparagraph\s+(\d{1,3})\b", re.I)
# "On a division, 4 members voted for the amendment and 6 for the motion" (Scottish minutes)
_DIVISION = re.compile(
    r"\b(?P<amendment>\d{1,3})\s+(?:members?\s+|councillors?\s+)?voted\s+for\s+the\s+amendment"
    r"\s+and\s+(?P<motion>\d{1,3})\s+(?:members?\s+|councillors?\s+)?(?:voted\s+)?for\s+the\s+motion",
    re.I,
)
_CLOSING_QUOTE = re.compile(r"[”\"]\.?")
# "RESOLVED", or "And Resolved:" on a line of its own after the mover and seconder (Irish minutes)
_RESOLVED = re.compile(
    r"(?m)^[ \t]*(?:\(?\d{1,3}[.)][ \t]*)?(?:RESOLVED\b|(?i:and\s+)?Resolved[ \t]*:)"
)


def minutes_items(chunks: list[Chunk]) -> list[list[Chunk]]:
    """The minutes' chunks in reading order, one list per run of the same (document, item)."""
    groups: list[list[Chunk]] = []
    key = None
    for chunk in sorted(chunks, key=lambda c: c.ordinal):
        if chunk.kind != Kind.MINUTES:
            key = None
            continue
        this = (chunk.document, chunk.item)
        if groups and this == key:
            groups[-1].append(chunk)
        else:
            groups.append([chunk])
        key = this
    return groups


def minuted(chunks: list[Chunk]) -> list[tuple[ItemText[Chunk], Proceedings]]:
    """Each item of the minutes as one text, with the motions and votes read in it: read once
    for the motions' records and the agreements'."""
    out = []
    for group in minutes_items(chunks):
        item = ItemText.of(group)
        out.append((item, find_motions(item.text)))
    return out


def motion_records(paper: Paper, items: list[tuple[ItemText[Chunk], Proceedings]]) -> list[dict]:
    """One record per motion or amendment moved in the minutes' items (`minuted`), in reading
    order.

    Each dict has the fields of extract.py's records plus "_offset" (where "text" starts in its
    chunk), which the caller sorts by and drops.
    """
    out: list[dict] = []
    for item, proc in items:
        statuses = _statuses(proc, item.text)
        for n, motion in enumerate(proc.motions):
            record = _record(paper, item, motion, statuses.get(n))
            if record is not None:
                out.append(record)
    return out


def _record(paper: Paper, item: ItemText[Chunk], motion: Motion, status: str | None) -> dict | None:
    moved = _moved(motion, item)
    found = item.pieces(moved)
    if not found:
        return None
    chunk, offset, text = found[0]  # the proposal and as much of its wording as its page holds
    if moved != motion.proposal:  # the wording is quoted; the rest of it, on the pages after
        wording = _cut(" ".join(" ".join(quote.split()) for _, _, quote in found[1:]))
    else:
        wording = _wording(item.text, motion.parts)
    movers = f"proposed by {motion.proposer}"
    if motion.seconder:
        movers += f", seconded by {motion.seconder}"
    return {
        **minuted_at(paper, chunk),
        "_offset": offset,
        "kind": motion.kind,
        "number": motion.paragraph,
        "text": text,
        # who moved it is in lead_in; an owner is whom the motion tasks, when it names one
        "owner": find_owner(f"{text} {wording or ''}"),
        "due": None,
        "status": status,
        "lead_in": movers,
        "continuation": wording,
    }


def minuted_at(paper: Paper, chunk: Chunk) -> dict:
    """The fields of a record read from minutes that say where it stands: its chunk, committee,
    meeting, item, page and paper."""
    day = chunk.meeting_date or paper.meeting.date
    return {
        "chunk_ordinal": chunk.ordinal,
        "committee": chunk.committee or paper.meeting.committee,
        "meeting_date": day.isoformat() if day else None,
        "item": chunk.item,
        "page": chunk.page,
        "page_label": chunk.page_label,
        "document": chunk.document,
        "source_kind": str(chunk.kind),
        "paper_date": paper.meeting.date.isoformat() if paper.meeting.date else None,
    }


def _moved(motion: Motion, item: ItemText[Chunk]) -> Span:
    """The proposal with the wording that follows it ("... seconded the motion that: (i) ...")
    or stands just before it on the same page ("I will move ... The Notice of Motion was proposed
    by ..."), so the record reads as what was moved; a wording minuted elsewhere stays out."""
    proposal = motion.proposal
    ends = [p.end for p in motion.parts if p.start >= proposal.start]
    near = ends and min(p.start for p in motion.parts) - proposal.end <= WORDING_GAP
    end = max(ends) if near else proposal.end
    # with the quotation mark that closes a quoted wording (its part ends before it)
    closed = _CLOSING_QUOTE.match(item.text, end)
    moved = Span(proposal.start, closed.end() if closed else end)
    before = [p for p in motion.parts if p.end <= proposal.start]
    if before and proposal.start - max(p.end for p in before) <= WORDING_GAP:
        whole = Span(min(p.start for p in before), moved.end)
        if len(item.pieces(whole)) == 1:
            return whole
    return moved


def _wording(text: str, parts: list[Span]) -> str | None:
    """The motion's words, whitespace normalised, cut at a word near WORDING_CHARS."""
    return _cut(" ".join(" ".join(text[s.start : s.end].split()) for s in parts))


def _cut(words: str) -> str | None:
    if len(words) <= WORDING_CHARS:
        return words or None
    return words[:WORDING_CHARS].rsplit(" ", 1)[0] + " …"


def _statuses(proc: Proceedings, text: str) -> dict[int, str]:
    """motion index -> its status: the votes that decided it, as minuted, in order."""
    lines: dict[int, list[str]] = {}
    for vote in proc.votes:
        target = _decided(proc, vote, text)
        if vote.result is None or target is None:
            continue  # no outcome minuted, or a vote on something not read as a motion
        outcome = text[vote.outcome.start : vote.outcome.end] if vote.outcome else ""
        if target in lines and vote.call is None and not _SUBJECT.search(outcome):
            continue  # a bare "Agreed." after the motion's own vote: some part of it, unsaid
        result = vote.result
        said = outcome or (text[vote.call.start : vote.call.end] if vote.call else "")
        if _UNANIMOUS.search(said):  # "Agreed unanimously." or "... and it was agreed unanimously"
            result += " unanimously"
        if vote.subject in _AS_AMENDED:
            result += f" as the {_AS_AMENDED[vote.subject]}"
        lines.setdefault(target, []).append(result + _counts(vote))
    for n, motion in enumerate(proc.motions):
        unvoted = n not in lines and motion.kind == "motion"
        if unvoted and _resolved_after(text, motion, proc.motions[n + 1 :]):
            lines[n] = ["resolved"]
            continue
        # "It was proposed by X, seconded by Y and unanimously agreed that ..."
        agreed = AGREED.search(text, motion.proposal.start, motion.proposal.end)
        if unvoted and agreed:
            unanimous = agreed["unanimously"] or agreed["after"]
            lines[n] = ["carried unanimously" if unanimous else "carried"]
        if n not in lines and motion.kind == "amendment":
            division = _DIVISION.search(text, motion.proposal.end)
            if division:  # the amendment was put against the motion: the larger vote won
                ours, theirs = int(division["amendment"]), int(division["motion"])
                won = "carried" if ours > theirs else "lost"
                lines[n] = [f"{won} ({ours} for the amendment, {theirs} for the motion)"]
    return {n: "; ".join(found) for n, found in lines.items()}


def _decided(proc: Proceedings, vote: Vote, text: str) -> int | None:
    """The motion a vote decided; None when it is not one of those read.

    corpus.motions ties a vote to the motion last moved; the subject put says better: "the
    substantive motion" is the original motion as amended, and "the motion" put after an
    amendment is the motion that amendment amends.
    """
    n, kind = vote.motion, proc.motions[vote.motion].kind
    if vote.subject in _AS_AMENDED:
        return _amended(proc, n)
    if vote.subject == kind or (kind == "motion" and vote.subject in _MOTION_LIKE):
        return n
    if vote.subject == "motion" and kind == "amendment":
        named = _CALL_PARAGRAPH.search(text[vote.call.start : vote.call.end]) if vote.call else None
        if named and not any(m.paragraph == named[1] for m in proc.motions):
            return None  # a motion moved at a paragraph this reading missed
        return _original(proc, n)
    return None  # "the original motion" and the like: not sure which was decided


def _resolved_after(text: str, motion: Motion, later: list[Motion]) -> bool:
    """Whether a "RESOLVED" follows a motion's movers with no vote minuted, before the next
    motion ("Seconded by: Councillor Galvin\n\nAnd Resolved:" ends the proposal itself)."""
    end = later[0].proposal.start if later else len(text)
    return bool(_RESOLVED.search(text[motion.proposal.start : end]))


def _counts(vote: Vote) -> str:
    if not vote.counts:
        return ""
    return " (" + ", ".join(f"{side[:1].upper()}{side[1:]} {n}" for side, n, _ in vote.counts) + ")"


def _original(proc: Proceedings, n: int) -> int:
    """The motion an amendment amends, through amendments to amendments (the one moved at the
    paragraph it names, else the last motion moved before it); a motion is its own original."""
    seen = {n}
    while proc.motions[n].kind == "amendment":
        motion = proc.motions[n]
        earlier = range(n - 1, -1, -1)
        named = [i for i in earlier if motion.amends and proc.motions[i].paragraph == motion.amends]
        plain = [i for i in earlier if proc.motions[i].kind == "motion"]
        n = (named or plain or [n])[0]
        if n in seen:
            break
        seen.add(n)
    return n


def _amended(proc: Proceedings, n: int) -> int:
    """The motion a vote on "the substantive motion" decides: the original of the amendment
    last moved, or of a motion moved only to put it ("that the substantive motion be put")."""
    if proc.motions[n].kind == "amendment":
        return _original(proc, n)
    amended = [_original(proc, i) for i in range(n) if proc.motions[i].kind == "amendment"]
    return amended[-1] if amended else n
