"""Linking the same commitment across papers: minutes, tracker rows, repeats in later packs.

Two records are one commitment when their words overlap and they name the same meeting: the
tracker row for a recommendation made on 30 October says "30 October 2015" and repeats the text.
Records from different meetings link only when nearly all of a long text is repeated, so stock
phrases ("RESOLVED that the report be noted") never join unrelated decisions.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Container, Iterable, Mapping, Sequence

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
# A word in more records than this links nothing by itself (nor does it count towards a link).
COMMON_WORD = 300
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


def item_words(record: dict) -> frozenset[str]:
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
        return share >= SAME_ITEM_OVERLAP and overlap(item_words(a), item_words(b)) >= 0.6
    return (
        share >= OTHER_MEETING_OVERLAP
        and jaccard >= OTHER_MEETING_JACCARD
        and min(len(wa), len(wb)) >= OTHER_MEETING_MIN_WORDS
    )


def link_words(record: dict) -> frozenset[str]:
    """The words two records are compared by: their text and what the next page holds of it."""
    return words(f"{record.get('text') or ''} {record.get('continuation') or ''}")


def link_groups(records: list[dict]) -> dict[int, list[int]]:
    """record_id -> record_ids of the same commitment in other documents.

    A record links to its mutual best match in each other document (so "the Capital Strategy as
    set out in appendix O" meets its own resolution, not its neighbour's). Links are not followed
    further: stock wording ("delegate authority to ...") would chain unrelated decisions.

    This relinks everything at once; the register keeps the same links up to date paper by paper
    as it stores them (assistant/register/chains.py), and its tests hold the two equal.
    """
    by_id = {r["record_id"]: r for r in records}
    texts = {rid: link_words(r) for rid, r in by_id.items()}
    postings: dict[str, list[int]] = defaultdict(list)
    for rid, ws in texts.items():
        for w in ws:
            postings[w].append(rid)
    common = {w for w, ids in postings.items() if len(ids) > COMMON_WORD}
    sizes = {rid: len(ws) for rid, ws in texts.items()}
    pairs: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for rid, ws in texts.items():
        for other in candidates(rid, ws, postings, common, sizes):
            if other > rid and linked(by_id[rid], by_id[other], ws, texts[other]):
                score = overlap(ws, texts[other])
                pairs[rid].append((other, score))
                pairs[other].append((rid, score))
    best = {
        rid: best_by_document(found, lambda o: doc_key(by_id[o])) for rid, found in pairs.items()
    }
    chains: dict[int, set[int]] = {rid: set() for rid in by_id}
    for one, per_doc in best.items():
        for others in per_doc.values():
            for other in others:
                if one in best[other].get(doc_key(by_id[one]), ()):  # each is the other's best
                    chains[one].add(other)
    resolutions: dict[str, list[dict]] = defaultdict(list)
    for r in by_id.values():
        if r["kind"] == "resolution" and decide_key(r):
            resolutions[decide_key(r)].append(r)
    for rid, r in by_id.items():
        chain = [by_id[c] for c in chains[rid]]
        found = decided_by(r, chain, resolutions.get(decide_key(r) or "", []), texts)
        if found is not None:
            chains[rid].add(found)
            chains[found].add(rid)
    return {rid: sorted(chain) for rid, chain in chains.items()}


def candidates(
    rid: int,
    ws: frozenset[str],
    postings: Mapping[str, Sequence[int]],
    common: Container[str],
    sizes: Mapping[int, int],
) -> list[int]:
    """The records worth asking `linked` about: those sharing enough of rid's less common words
    (`postings` needs every word of ws that is not `common`; `sizes` counts each record's words)."""
    shared: dict[int, int] = defaultdict(int)
    for w in ws:
        if w not in common:  # a word in hundreds of records links nothing by itself
            for other in postings.get(w, ()):
                if other != rid:
                    shared[other] += 1
    return [other for other, n in shared.items() if worth_asking(n, len(ws), sizes[other])]


def worth_asking(shared: int, size_a: int, size_b: int) -> bool:
    """Whether two records sharing `shared` words that are not common, of `size_a` and `size_b`
    words, could be linked: every rule needs SAME_ITEM_OVERLAP of the shorter text."""
    return shared >= 2 and shared >= SAME_ITEM_OVERLAP * min(size_a, size_b)


def best_by_document(found: Iterable[tuple[int, float]], doc_of) -> dict[tuple, set[int]]:
    """For one record, its best linked record(s) in each other document: (other, overlap) pairs
    grouped by doc_of(other), keeping those within a rounding error of the top score."""
    top: dict[tuple, tuple[float, set[int]]] = {}
    for other, score in found:
        doc = doc_of(other)
        held = top.get(doc)
        if held is None or score > held[0] + 1e-9:
            top[doc] = (score, {other})
        elif abs(score - held[0]) <= 1e-9:
            held[1].add(other)
    return {doc: others for doc, (_, others) in top.items()}


def decided_by(
    record: dict,
    chain: Iterable[dict],
    resolutions: Sequence[dict],
    texts: Mapping[int, frozenset[str]],
) -> int | None:
    """The resolution that decided a report's recommendation no resolution repeats: the meeting
    it went to decided it under the same item, often in other words ("Council is asked to note
    the report" / "RESOLVED that the report be noted"). `resolutions` are those of its meeting
    and body (see `decide_key`); `texts` holds the link words of the record and of each."""
    if record["kind"] != "recommendation" or record.get("source_kind") != "report":
        return None
    if any(c["kind"] == "resolution" for c in chain):
        return None
    title = item_words(record) or words(record.get("document"))
    same = [x for x in resolutions if overlap(title, item_words(x)) >= DECIDED_ITEM_OVERLAP]
    if not same:
        return None
    mine = texts[record["record_id"]]
    best = max(same, key=lambda x: (overlap(mine, texts[x["record_id"]]), -x["record_id"]))
    return best["record_id"]


def decide_key(record: dict) -> str | None:
    """The meeting and body a resolution was passed at, or a recommendation went to: a report's
    recommendation is decided by a resolution with the same key (None without a meeting date)."""
    if not record.get("meeting_date"):
        return None
    return f"{record['meeting_date']}|{body_key(record.get('committee'))}"


def body_key(committee: str | None) -> str:
    """The committee as a key, with one key for the whole council under any of its names, and
    a body known with its authority ("Kent County Council: Cabinet") one with a paper that gives
    only the body ("To: Cabinet"): the key is paired with a meeting date."""
    if is_whole_council(committee):
        return "council"
    return " ".join((committee or "").split(": ", 1)[-1].lower().split())


def doc_key(record: dict) -> tuple:
    """The document a record stands in: records of one document are never linked."""
    return (record["paper_id"], record.get("document"))
