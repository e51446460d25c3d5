"""One fitted model scores every proposal of every answerer; refusal comes from its probability.

The features describe a proposal against the question in the same terms whichever answerer made
it: how much of the question it covers (IDF-weighted terms, meaning), whether it holds the kind of
answer asked (a figure, a date, a person, a decision), what kind of unit and paper it is, and
whether its meeting is the one the question names. Each answer-type feature is also weighed by the
question's predicted probability of asking that type, so one linear model learns, for example,
that a figure matters for "how much" questions and a resolution block for "what was decided".

The weights, the refusal threshold and the rule for adding further quotes are fitted by
`benchmarks/fit_answering.py` (logistic regression; `--model mlp` fits a small network, which
did no better on held-out meetings), checked on folds by meeting and by body, and stored in
`assistant/fitted/ranker.json`.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import numpy as np

from assistant.answerers import Proposal
from assistant.answertypes import answer_type, out_of_bound
from assistant.evidence import capitalised, coverage, idf_over, on_dates
from assistant.question import (
    ANSWER_TYPES,
    Embed,
    QType,
    Question,
    content_terms,
    stem,
    tokens,
)
from assistant.sentences import split
from index.types import Hit

FITTED = Path(__file__).resolve().parent / "fitted" / "ranker.json"
# The stored vectors of passages by id (index.store.Index.chunk_vectors), unit length.
ChunkVectors = Callable[[list[int]], dict[int, np.ndarray]]

# The answer types the question model predicts (assistant.question.ANSWER_TYPES, in order).
TYPES = tuple(str(t) for t in ANSWER_TYPES)
TYPED = (QType.FIGURE, QType.WHEN, QType.WHO, QType.ACTION, QType.DECISION)
KINDS = ("agenda", "minutes", "report", "tracker")
UNITS = (
    "sentence", "pair", "paragraph", "list", "row", "decision", "person", "following",
    "records", "period", "progress", "open", "motion", "attendance", "extreme", "ordinal",
    "timeline",
)  # fmt: skip
# Units read from the papers' structure rather than cut from their text: each answerer fires on
# few questions, so they also share one feature whose weight all of them inform.
STRUCTURED = (
    "records", "period", "progress", "open", "motion", "attendance", "extreme", "ordinal",
    "timeline",
)  # fmt: skip
BASE = (
    "lex", "lex_item", "ctx", "named", "dense", "rrank", "log_words", "n_quotes", "heading",
    "date_match", "dates_named", "year_match", "years_named", "committee_match",
    "committees_named", "out_of_bound", "focus", "prior", "followup", "sibling_share",
    "numbers_held", "years_missing", "fragment", "sentence_lex", "proximity",
)  # fmt: skip
# Tried and not kept: whether a proposal follows, in its item, the proposal that covers most of
# the question's words (the notice of motion a question restates, whose reply comes after it),
# and whether a proposal is that one. Held out by meeting 0.543-0.545 of key hits against 0.540;
# by body 0.503-0.523 against 0.513, in four forms: noise (448 questions, December 2026).
# Tried and not kept: a wording model, per answer type a logistic regression of "this unit holds
# every key" on the unit's own words (stems, figures by kind), fitted on other folds' questions and
# given to the ranker as a score. Alone it ordered a question's proposals almost as well as the
# coverage of the question's words (AUC 0.77 against 0.78, each body scored by a model fitted on
# the others), but the ranker gained from it only on meetings of bodies it was fitted on: held
# out by meeting 0.556 of key hits against 0.540, by body 0.497 against 0.513; with its words
# limited to the 100 or 300 most used by every body, 0.503-0.510 by body (448 questions, December
# 2026). It learns a body's way of writing, not a council's. The code is on the branch
# tried/wording-model.
# Features also given as the gap to the question's best proposal: what matters is how a proposal
# compares with the others for the same question, not its raw value.
GAPPED = (
    "lex", "lex_item", "dense", "rrank", "named", "sentence_lex", "proximity",
    *(f"typed_{t}" for t in TYPED),
)  # fmt: skip
PER_TYPE = (
    *(f"typed_{t}" for t in TYPED),
    *(f"unit_{u}" for u in UNITS),
    *(f"kind_{k}" for k in KINDS),
    "log_words",
    "asked_match",
)


def feature_names() -> list[str]:
    """Every column of the model's input, in order."""
    names = [*BASE, *(f"typed_{t}" for t in TYPED), *(f"unit_{u}" for u in UNITS)]
    names += [f"kind_{k}" for k in KINDS]
    names += ["structured", "structured_prior"]
    names += [f"{g}_gap" for g in GAPPED]
    names += [f"p_{t}*{f}" for t in TYPES for f in PER_TYPE]
    return names


def _idf(hits: Sequence[Hit]) -> Callable[[str], float]:
    """IDF over the retrieved passages' sentences (see evidence.idf_over)."""
    return idf_over([set(content_terms(sp.text(h.text))) for h in hits for sp in split(h.text)])


def _dense(
    q: Question,
    proposals: Sequence[Proposal],
    embed: Embed | None,
    vectors: ChunkVectors | None,
) -> np.ndarray:
    """Each proposal's best cosine similarity to the question over the stored vectors of the
    passages it quotes. Embedding each quote instead took more than half of a warm `ask` and
    ranked no better on held-out meetings (key hits 0.524 either way, refusal AUC 0.665 and
    0.667; benchmarks/fit_answering.py, 412 questions, December 2026)."""
    if embed is None or vectors is None or not proposals:
        return np.zeros(len(proposals))
    stored = vectors(list(dict.fromkeys(h.chunk_id for p in proposals for h, _ in p.quotes)))
    if not stored:
        return np.zeros(len(proposals))
    # a follow-up means what its conversation means ("who is taking the first one forward?")
    asked = embed([q.query if q.followup else q.text])[0]
    sims = {c: float(v @ asked) for c, v in stored.items()}
    return np.array(
        [max((sims[h.chunk_id] for h, _ in p.quotes if h.chunk_id in sims), default=0.0)
         for p in proposals]
    )  # fmt: skip


def base_features(
    q: Question,
    proposals: Sequence[Proposal],
    hits: Sequence[Hit],
    *,
    embed: Embed | None,
    vectors: ChunkVectors | None = None,
    focus: Hit | None = None,
) -> list[dict[str, float]]:
    """The features of each proposal that do not depend on the predicted answer type."""
    idf = _idf(hits)
    dense = _dense(q, proposals, embed, vectors)
    items = Counter((p.seed.paper_id, p.seed.item) for p in proposals)
    out = []
    for p, sim in zip(proposals, dense, strict=True):
        seed = p.seed
        text = p.text
        terms = set(content_terms(text))
        around = terms | set(content_terms(f"{seed.breadcrumb} {seed.item or ''}"))
        words = len(text.split())
        years = {str(h.meeting_date.year) for h, _ in p.quotes if h.meeting_date}
        held = set(tokens(f"{text} {seed.item or ''}"))
        f = {
            "lex": coverage(q.terms, terms, idf),
            "lex_item": coverage(q.terms, around, idf),
            "ctx": coverage(q.context_terms, around, idf),
            "named": sum(n in around for n in q.names) / len(q.names) if q.names else 1.0,
            "dense": float(sim),
            "rrank": 1.0 / (1 + p.rank),
            "log_words": math.log1p(words),
            "n_quotes": min(len(p.quotes), 10) / 10,
            "heading": capitalised(text),
            "date_match": float(on_dates(q, seed.meeting_date)),
            "dates_named": float(bool(q.dates)),
            "year_match": float(bool(set(q.years) & years)),
            "years_named": float(bool(q.years)),
            "committee_match": float(seed.committee in q.committees),
            "committees_named": float(bool(q.committees)),
            "out_of_bound": float(out_of_bound(q, text)),
            "focus": float(
                focus is not None and (seed.paper_id, seed.item) == (focus.paper_id, focus.item)
            ),
            "prior": p.prior,
            "followup": float(q.followup),
            "sibling_share": items[(seed.paper_id, seed.item)] / len(proposals),
            # "phase 3", "in Ashford", "in 2018-19": what qualifies the question must be there
            "numbers_held": sum(n in held for n in q.numbers) / len(q.numbers)
            if q.numbers
            else 1.0,
            "years_missing": float(
                bool(q.years) and not set(q.years) & years and not set(q.years) & held
            ),
            "fragment": float(fragment(text)),
            # how much of the question its best sentence covers, and how close together its
            # words stand: a unit that answers says it in one place, not across a long passage
            "sentence_lex": max(
                (coverage(q.terms, set(content_terms(sp.text(text))), idf) for sp in split(text)),
                default=0.0,
            ),
            "proximity": proximity(set(q.terms), text),
        }
        for t in TYPED:
            f[f"typed_{t}"] = answer_type(replace(q, qtype=t), text)
        for u in UNITS:
            f[f"unit_{u}"] = float(p.unit == u)
        for k in KINDS:
            f[f"kind_{k}"] = float(seed.kind == k)
        f["_asked_as"] = p.asked_as  # type: ignore[assignment]
        out.append(f)
    return out


def proximity(terms: set[str], text: str) -> float:
    """The question's words a unit holds over the fewest words that hold them all (1.0 when
    they stand together; 0 when it holds fewer than two of them)."""
    if len(terms) < 2:
        return 0.0
    at = [(i, t) for i, t in enumerate(stem(w) for w in tokens(text)) if t in terms]
    need = len({t for _, t in at})
    if need < 2:
        return 0.0
    # the shortest window holding every term found (two pointers over the positions)
    best, held, start = at[-1][0] + 1, Counter(), 0
    for i, term in at:
        held[term] += 1
        while len(held) == need:
            best = min(best, i - at[start][0] + 1)
            first = at[start][1]
            held[first] -= 1
            if not held[first]:
                del held[first]
            start += 1
    return need / best


# A page's printed number left atop the text that runs on from the page before: "13\nwithin ..."
_PAGE_NUMBER_LINE = re.compile(r"^\s*\d{1,4}\s*\n")


def fragment(text: str) -> bool:
    """Whether a unit starts inside a sentence (the rest of one that began on the page before,
    or a clause cut from its sentence): "within the proposed settlement. In monetary terms ..."."""
    start = _PAGE_NUMBER_LINE.sub("", text).lstrip(" \t\n\"“'‘*")
    return bool(start) and (start[0].islower() or start[0] in ",;)")


def _structured(f: dict) -> float:
    return float(any(f.get(f"unit_{u}") for u in STRUCTURED))


def vectorise(base: Sequence[dict], probs: Sequence[float]) -> np.ndarray:
    """The model's input rows: the base features, then each answer-type feature weighed by the
    question's probability of asking that type."""
    rows = []
    head = [*BASE, *(f"typed_{t}" for t in TYPED), *(f"unit_{u}" for u in UNITS)]
    head += [f"kind_{k}" for k in KINDS]
    best = {g: max((float(f[g]) for f in base), default=0.0) for g in GAPPED}
    for f in base:
        row = [float(f.get(name, 0.0)) for name in head]
        structured = _structured(f)
        row += [structured, structured * float(f["prior"])]
        row += [float(f[g]) - best[g] for g in GAPPED]
        for t, pt in zip(TYPES, probs, strict=True):
            for name in PER_TYPE:
                value = (
                    float(f["_asked_as"] == t) if name == "asked_match" else float(f.get(name, 0))
                )
                row.append(pt * value)
        rows.append(row)
    return np.asarray(rows, dtype=np.float64).reshape(len(rows), -1)


@dataclass(frozen=True)
class Ranker:
    """A fitted feed-forward scorer over proposals (standardised input, ReLU hidden layers, one
    logistic output; no hidden layer is plain logistic regression), and the rules fitted with it."""

    mean: np.ndarray
    scale: np.ndarray
    layers: tuple[tuple[np.ndarray, np.ndarray], ...]  # (weights, bias) per layer
    # logistic model of "the chosen answer holds what was asked", over CONFIDENCE features
    confidence_weights: np.ndarray
    confidence_bias: float
    refuse_below: float  # answer only when that probability reaches this
    add_ratio: float  # a further proposal joins the answer at this share of the best's probability
    max_extra: int  # further proposals added at most
    max_words: int  # words the answer's quotes may reach with those additions
    same_item: bool = False  # whether a further proposal must come from the best one's item
    widen: bool = False  # whether a proposal holding a chosen one whole may take its place
    # A best proposal read from the papers' structure (a motion with its vote, an attendance
    # list, an item's register records) is complete as it stands: nothing is added to it. Not
    # fitted: on the labelled questions adding to it changed one answer in 408.
    extend_structured: bool = False

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        if not len(x):
            return np.zeros(0)
        h = (x - self.mean) / self.scale
        for n, (w, b) in enumerate(self.layers):
            h = h @ w + b
            if n < len(self.layers) - 1:
                h = np.maximum(h, 0.0)
        return 1.0 / (1.0 + np.exp(-h.reshape(-1)))

    def confidence(self, features: np.ndarray) -> float:
        """The probability that an answer with these CONFIDENCE features holds what was asked."""
        z = float(features @ self.confidence_weights) + self.confidence_bias
        return 1.0 / (1.0 + math.exp(-z))

    def to_json(self) -> dict:
        return {
            "features": feature_names(),
            "confidence_features": list(CONFIDENCE),
            "mean": self.mean.tolist(),
            "scale": self.scale.tolist(),
            "layers": [[w.tolist(), b.tolist()] for w, b in self.layers],
            "confidence_weights": self.confidence_weights.tolist(),
            "confidence_bias": self.confidence_bias,
            "refuse_below": self.refuse_below,
            "add_ratio": self.add_ratio,
            "max_extra": self.max_extra,
            "max_words": self.max_words,
            "same_item": self.same_item,
            "widen": self.widen,
            "extend_structured": self.extend_structured,
        }

    @classmethod
    def from_json(cls, data: dict) -> Ranker:
        if data.get("features") != feature_names() or data.get("confidence_features") != list(
            CONFIDENCE
        ):
            raise ValueError("the fitted ranker's features differ from the code's: refit it")
        return cls(
            mean=np.asarray(data["mean"]),
            scale=np.asarray(data["scale"]),
            layers=tuple((np.asarray(w), np.asarray(b)) for w, b in data["layers"]),
            confidence_weights=np.asarray(data["confidence_weights"]),
            confidence_bias=float(data["confidence_bias"]),
            refuse_below=float(data["refuse_below"]),
            add_ratio=float(data["add_ratio"]),
            max_extra=int(data["max_extra"]),
            max_words=int(data["max_words"]),
            same_item=bool(data["same_item"]),
            widen=bool(data["widen"]),
            extend_structured=bool(data["extend_structured"]),
        )


@lru_cache(maxsize=1)
def fitted_ranker(path: Path = FITTED) -> Ranker:
    """The ranker fitted by benchmarks/fit_answering.py."""
    return Ranker.from_json(json.loads(Path(path).read_text(encoding="utf-8")))


def _item(p: Proposal) -> tuple[str, str | None]:
    return p.seed.paper_id, p.seed.item


def _overlaps(a: Proposal, b: Proposal) -> bool:
    spans = {(h.chunk_id, q) for h, q in a.quotes}
    return any(
        (h.chunk_id, q) in spans or any(h.chunk_id == c and (q in s or s in q) for c, s in spans)
        for h, q in b.quotes
    )


def _within(a: Proposal, b: Proposal) -> bool:
    """Whether every quote of a stands inside b (a sentence inside its paragraph)."""
    return all(any(h.chunk_id == g.chunk_id and q in t for g, t in b.quotes) for h, q in a.quotes)


def choose(
    proposals: Sequence[Proposal],
    probs: np.ndarray,
    ranker: Ranker,
    lex: Sequence[float] | None = None,
    asked: str | None = None,
) -> list[Proposal]:
    """The best proposal, with further ones close to it in probability (within the fitted word
    budget): one that says something else joins it, and one that holds a chosen proposal whole
    (its paragraph, its list) takes its place when the fitted rule allows it. With `lex` (each
    proposal's coverage of the question's words), a further proposal that holds none of them
    never joins: it may sit beside the answer, but it answers nothing asked.

    A question the question model reads as asking what happened over time (`asked` is
    "timeline") is answered by the subject's timeline, meeting by meeting, when there is one,
    followed by the best proposal when the word budget holds both: the timeline says when
    the subject came up, the best proposal what the papers say about the question itself."""
    lines = [i for i in np.argsort(-probs, kind="stable") if proposals[i].unit == "timeline"]
    # the rest are ranked as for any question (a timeline answers only one over time)
    keep = [i for i in range(len(proposals)) if i not in lines]
    chosen = _choose(
        [proposals[i] for i in keep],
        probs[keep],
        ranker,
        [lex[i] for i in keep] if lex is not None else None,
    )
    if asked != str(QType.TIMELINE) or not lines:
        return chosen
    line = proposals[lines[0]]
    best = [c for c in chosen[:1] if not _overlaps(c, line)]
    words = sum(len(c.text.split()) for c in (line, *best))
    return [line, *best] if words <= ranker.max_words else [line]


def answers_over_time(units: Iterable[str], asked: str | None) -> bool:
    """Whether the answer is the subject's timeline: the question asks what happened over
        time, and more than one meeting dealt with its subject (the timeline answerer proposed: one
    of the proposals' `units` is "timeline").
        Then the papers do say, whatever the refusal model, fitted on answers from one meeting's
        papers, makes of it."""
    return asked == str(QType.TIMELINE) and "timeline" in units


def _choose(
    proposals: Sequence[Proposal],
    probs: np.ndarray,
    ranker: Ranker,
    lex: Sequence[float] | None = None,
) -> list[Proposal]:
    if not len(probs):
        return []
    order = np.argsort(-probs, kind="stable")
    best = float(probs[order[0]])
    chosen = [proposals[order[0]]]
    if chosen[0].answerer != "text" and not ranker.extend_structured:
        return chosen
    added = 0
    for i in order[1:]:
        if added >= ranker.max_extra or probs[i] < ranker.add_ratio * best:
            break
        p = proposals[i]
        if lex is not None and lex[i] <= 0:
            continue
        words = sum(len(c.text.split()) for c in chosen)
        if ranker.same_item and _item(p) != _item(chosen[0]):
            continue
        inside = [n for n, c in enumerate(chosen) if _within(c, p)]
        if inside and ranker.widen:
            kept = [c for n, c in enumerate(chosen) if n not in inside]
            if sum(len(c.text.split()) for c in kept) + len(p.text.split()) <= ranker.max_words:
                chosen = [*kept[: inside[0]], p, *kept[inside[0] :]]
                added += 1
            continue
        if any(_overlaps(c, p) or _overlaps(p, c) for c in chosen):
            continue
        if words + len(p.text.split()) > ranker.max_words:
            continue
        chosen.append(p)
        added += 1
    return chosen


# What the refusal model reads: how likely the best proposals are, how much of the question the
# retrieved units cover at best, and whether the best holds the kind of answer asked.
CONFIDENCE = (
    "bias", "best", "second", "margin", "max_lex", "max_lex_item", "max_dense", "max_named",
    "best_lex", "best_dense", "best_named", "best_heading", "best_typed", "log_n",
    "best_numbers", "best_years_missing", "best_structured",
)  # fmt: skip
_TYPED_OF = {str(t): f"typed_{t}" for t in TYPED}


def answer_features(
    features: Sequence[dict], probs: np.ndarray, type_probs: Sequence[float]
) -> np.ndarray:
    """The CONFIDENCE features of the answer a ranking would give."""
    if not len(probs):
        return np.array([1.0] + [0.0] * (len(CONFIDENCE) - 1))
    order = np.argsort(-probs, kind="stable")
    top = features[order[0]]
    second = float(probs[order[1]]) if len(order) > 1 else 0.0
    typed = sum(
        pt * top.get(_TYPED_OF.get(t, ""), 0.0) for t, pt in zip(TYPES, type_probs, strict=True)
    )
    return np.array(
        [
            1.0,
            float(probs[order[0]]),
            second,
            float(probs[order[0]]) - second,
            max(f["lex"] for f in features),
            max(f["lex_item"] for f in features),
            max(f["dense"] for f in features),
            max(f["named"] for f in features),
            top["lex"],
            top["dense"],
            top["named"],
            top["heading"],
            typed,
            math.log1p(len(features)),
            top["numbers_held"],
            top["years_missing"],
            _structured(top),
        ]
    )
