"""Linking the same commitment across papers: minutes, tracker rows, repeats in later packs.

Two records are one commitment when their words overlap and they name the same meeting: the
tracker row for a recommendation made on 30 October says "30 October 2015" and repeats the text.
Records from different meetings link only when nearly all of a long text is repeated, so stock
phrases ("RESOLVED that the report be noted") never join unrelated decisions.
"""

from __future__ import annotations

import re
from collections import defaultdict

from assistant.register.motion_records import MOTION_KINDS
from corpus.committees import is_whole_council
from corpus.dates import MONTH_NAMES

# Shared words below these marks do not make two records one commitment.
CONTAINED = 0.85
SAME_MEETING_OVERLAP = 0.6
SAME_MEETING_JACCARD = 0.4
SAME_ITEM_OVERLAP = 0.4
OTHER_MEETING_OVERLAP = 0.85
OTHER_MEETING_JACCARD = 0.5
OTHER_MEETING_MIN_WORDS = 10
MIN_JACCARD = 0.15
MOTION_COPY_JACCARD = 0.9
# A report's recommendation is decided by a resolution of its meeting under an item this alike.
DECIDED_ITEM_OVERLAP = 0.6

_STOP = frozenset(
    re.findall(
        r"\S+",
        """a an and are as at be been by for from has have in into is it its of on or that the their
        this to was were which will with within board committee council cabinet officers members
        resolved recommends recommended recommendation agree agreed agrees note notes noted report
        receives receive update provided further""",
    )
)
_MONTHS = frozenset(MONTH_NAMES)
_WORD_RE = re.compile(r"[a-z0-9][a-z0-9'’-]*[a-z0-9]|[a-z0-9]")


def words(text: str | None) -> frozenset[str]:
    """The content words of a text, lower-cased: no stop words, dates, numbers or "[Item 6]"."""
    text = re.sub(r"\[item[^\]]*\]|\bitem\s+\d+\w*:?", " ", (text or "").lower())
    return frozenset(
        _stem(w)
        for w in _WORD_RE.findall(text)
        if w not in _STOP and w not in _MONTHS and len(w) > 1 and re.search("[a-z]", w)
    )


def _stem(word: str) -> str:
    """A light suffix strip so "adopts"/"adopt" and "havens"/"haven" meet (hand-written: a full
    stemmer would be a new dependency for four rules)."""
    word = word.replace("’", "'").removesuffix("'s")
    for suffix, keep in (("ing", 5), ("ed", 5), ("es", 5), ("s", 4)):
        if (
            word.endswith(suffix)
            and len(word) - len(suffix) >= keep - 1
            and not word.endswith("ss")
        ):
            return word[: -len(suffix)]
    return word


def overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Share of the shorter text's words found in the other: a row holding four recommendations
    still contains each of them."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def _item_words(record: dict) -> frozenset[str]:
    return words(re.sub(r"^\s*[\d/.]+\s+", "", record.get("item") or ""))


_FIGURE_RE = re.compile(r"\b(?:q|quarter\s+)[1-4]\b|\b(?:19|20)\d\d\b", re.I)


def _other_figures(a: dict, b: dict) -> bool:
    """Both name a quarter or a year, and none the same: a report of another period ("2026-27"
    counts by its first year, however the line breaks it)."""
    fa = {m.group().lower() for m in _FIGURE_RE.finditer(a["text"])}
    fb = {m.group().lower() for m in _FIGURE_RE.finditer(b["text"])}
    return bool(fa and fb and not fa & fb)


def linked(a: dict, b: dict, wa: frozenset[str], wb: frozenset[str]) -> bool:
    """Whether two records are the same commitment seen twice."""
    if a["paper_id"] == b["paper_id"] and a.get("document") == b.get("document"):
        return False  # entries of one document are distinct commitments
    share = overlap(wa, wb)
    jaccard = len(wa & wb) / len(wa | wb) if wa | wb else 0.0
    if a["kind"] in MOTION_KINDS or b["kind"] in MOTION_KINDS:
        # a motion is no recommendation's follow-up: it meets only its copy in the same minutes
        # filed again (which the register then shows once)
        return (
            a["kind"] == b["kind"]
            and a.get("meeting_date") == b.get("meeting_date")
            and jaccard >= MOTION_COPY_JACCARD
        )
    if jaccard < MIN_JACCARD:
        return False  # a few words lost in a long passage are not the same commitment
    if _other_figures(a, b):
        return False  # "the quarter 3 performance report" is not "the quarter 2 performance report"
    if a.get("meeting_date") and a.get("meeting_date") == b.get("meeting_date"):
        if share >= CONTAINED or (
            share >= SAME_MEETING_OVERLAP and jaccard >= SAME_MEETING_JACCARD
        ):
            return True  # repeated whole (a tracker row holding it), or mostly the same words
        return share >= SAME_ITEM_OVERLAP and overlap(_item_words(a), _item_words(b)) >= 0.6
    return (
        share >= OTHER_MEETING_OVERLAP
        and jaccard >= OTHER_MEETING_JACCARD
        and min(len(wa), len(wb)) >= OTHER_MEETING_MIN_WORDS
    )


def link_groups(records: list[dict]) -> dict[int, list[int]]:
    """record_id -> record_ids of the same commitment in other documents.

    A record links to its mutual best match in each other document (so "the Capital Strategy as
    set out in appendix O" meets its own resolution, not its neighbour's). Links are not followed
    further: stock wording ("delegate authority to ...") would chain unrelated decisions.
    """
    by_id = {r["record_id"]: r for r in records}
    texts = {rid: words(f"{r['text']} {r.get('continuation') or ''}") for rid, r in by_id.items()}
    best: dict[tuple[int, tuple], tuple[float, list[int]]] = {}
    for a, b, score in _candidate_pairs(by_id, texts):
        for one, other in ((a, b), (b, a)):
            key = (one, _doc(by_id[other]))
            top = best.get(key)
            if top is None or score > top[0] + 1e-9:
                best[key] = (score, [other])
            elif abs(score - top[0]) <= 1e-9:
                top[1].append(other)
    chains: dict[int, set[int]] = {rid: set() for rid in by_id}
    for (one, _), (_, others) in best.items():
        for other in others:
            if one in best.get((other, _doc(by_id[one])), (0, []))[1]:  # each is the other's best
                chains[one].add(other)
    for rec, resolution in _decided_by(by_id, texts, chains):
        chains[rec].add(resolution)
        chains[resolution].add(rec)
    return {rid: sorted(chain) for rid, chain in chains.items()}


def _decided_by(by_id: dict[int, dict], texts: dict[int, frozenset[str]], chains):
    """(recommendation, resolution) for each report recommendation that no resolution repeats:
    the meeting it went to decided it under the same item, often in other words ("Council is
    asked to note the report" / "RESOLVED that the report be noted")."""
    resolutions: dict[tuple, list[dict]] = defaultdict(list)
    for r in by_id.values():
        if r["kind"] == "resolution" and r.get("meeting_date"):
            resolutions[(r["meeting_date"], _body(r.get("committee")))].append(r)
    for rid, r in by_id.items():
        if r["kind"] != "recommendation" or r.get("source_kind") != "report":
            continue
        if any(by_id[c]["kind"] == "resolution" for c in chains[rid]):
            continue
        title = _item_words(r) or words(r.get("document"))
        same = [
            x
            for x in resolutions.get((r.get("meeting_date"), _body(r.get("committee"))), [])
            if overlap(title, _item_words(x)) >= DECIDED_ITEM_OVERLAP
        ]
        if same:
            best = max(
                same, key=lambda x: (overlap(texts[rid], texts[x["record_id"]]), -x["record_id"])
            )
            yield rid, best["record_id"]


def _body(committee: str | None) -> str:
    """The committee as a key, with one key for the whole council under any of its names, and
    a body known with its authority ("Kent County Council: Cabinet") one with a paper that gives
    only the body ("To: Cabinet"): the key is paired with a meeting date."""
    if is_whole_council(committee):
        return "council"
    return " ".join((committee or "").split(": ", 1)[-1].lower().split())


def _doc(record: dict) -> tuple:
    return (record["paper_id"], record.get("document"))


def _candidate_pairs(by_id: dict[int, dict], texts: dict[int, frozenset[str]]):
    """(a, b, overlap) for each pair of records that `linked` accepts, found by shared words."""
    postings: dict[str, list[int]] = defaultdict(list)
    for rid, ws in texts.items():
        for w in ws:
            postings[w].append(rid)
    for rid, ws in texts.items():
        shared: dict[int, int] = defaultdict(int)
        for w in ws:
            if len(postings[w]) <= 300:  # a word in hundreds of records links nothing by itself
                for other in postings[w]:
                    if other > rid:
                        shared[other] += 1
        for other, n in shared.items():
            # every rule needs SAME_ITEM_OVERLAP of the shorter text: skip the rest cheaply
            if n < 2 or n < SAME_ITEM_OVERLAP * min(len(ws), len(texts[other])):
                continue
            if linked(by_id[rid], by_id[other], ws, texts[other]):
                yield rid, other, overlap(ws, texts[other])
