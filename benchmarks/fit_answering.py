"""Fit the question model and the answer ranker on labelled questions, and report how they do on
meetings and bodies they were not fitted on.

    python benchmarks/fit_answering.py \\
        --set ../shared/eval/dev_qa.jsonl=/tmp/idx/sk \\
        --set ../shared/eval/limerick_dev.jsonl=/tmp/idx/lim \\
        --set benchmarks/questions/kent_surrey.jsonl=/tmp/idx/sk ... \\
        --cache /tmp/fitcache [--write]

Each --set is a QA file (JSON Lines: question, type, must_contain, context) and the index its
papers are in. For every question the script retrieves, lets every answerer propose, and keeps
each proposal's features and the key strings its cited text holds (cached per set). Then:

- folds by meeting (GroupKFold) and leave-one-body-out: the question model, the ranker and its
  refusal/addition rules are fitted on the other folds only, and the held-back fold is scored the
  way `boardpapers eval` scores (the answer holds every key string; unanswerable ones refused);
- in-sample: the same fitted on everything, scored on everything;
- --write stores the all-data fit in assistant/fitted/ (question.json, ranker.json).
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import pickle
import re
import statistics
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.answer import context_for, propose, understand, with_part  # noqa: E402
from assistant.answerers import Proposal  # noqa: E402
from assistant.cite import quotes_of  # noqa: E402
from assistant.evaluate import contains_all, load_rows  # noqa: E402
from assistant.question import ANSWER_TYPES, QType, TypeModel, parts  # noqa: E402
from assistant.rank import (  # noqa: E402
    CONFIDENCE,
    Ranker,
    answer_features,
    answers_over_time,
    base_features,
    choose,
    vectorise,
)
from assistant.retrieve import retrieve  # noqa: E402
from assistant.runtime import open_index  # noqa: E402
from assistant.sentences import normalise  # noqa: E402
from assistant.settings import Settings  # noqa: E402

# How the QA files' types map to the answer types the question model predicts; followups and
# unanswerable questions carry no answer type of their own and do not train it.
TYPE_OF = {
    "figure": "figure", "who": "who", "when": "when", "decision": "decision",
    "recommendation": "decision", "vote": "decision", "action": "action",
    "summary": "summary", "timeline": "timeline",
}  # fmt: skip
# A finer grid (add_ratio also 0.9, 0.95, 0.98; max_words also 80, 100, 160) held no more keys on
# meetings it was not fitted on (0.538 against 0.540 held out by meeting; 448 questions, December
# 2026) and took twice as long to fit. Nor did a limit on the words of a proposal that joins the
# answer (20, 30 or 45, so that a vote's count or an outcome may join where a long passage may
# not), with rules that overrun the length limits alike told apart by their key hits: it added
# nothing (0.540 by meeting, 0.510 by body), since on the bodies held back that the rules are
# fitted on, every addition lengthened some set's median answer; with MEDIAN_WORDS at 70 it
# added sentences of up to 30 words and held 0.543 and 0.513, at 75 0.563 and 0.515, with the
# median answers of dev_qa and kent_surrey (Surrey's and Kent's papers) at 81 and 91 words held
# out by meeting, over the target of 80 (448 questions, December 2026). The code is on the
# branch tried/short-additions.
GRID = {
    "refuse_below": [round(0.05 * i, 2) for i in range(15)],
    "add_ratio": [0.5, 0.7, 0.85, 1.01],
    "max_extra": [1, 2, 3],
    "max_words": [120, 200],
    "same_item": [True, False],
    "widen": [True, False],
}
# The answer-length limits the rules must keep on every question set: the targets (median 80,
# 90th percentile 200 words) less a margin, so that questions of meetings the rules were not fitted
# on stay within the targets too (fitted at 80/200, one held-out set's median came out at 98; at
# 70/180, the Surrey and Kent sets' came out at 83 and 91, at 65/180 at 69 and 86, with key hits
# 0.540 held out by meeting against 0.545 and 0.500 by body either way; 448 questions, December
# 2026).
MEDIAN_WORDS, P90_WORDS = 65, 180
MIN_BODIES = 3  # bodies the rules are calibrated across, one held back at a time
MIN_SET_ANSWERS = 20  # answers a question set needs for its lengths to be held to the limits
# The share of answerable questions the refusal rule may refuse where it is calibrated: half the
# 0.10 allowed, because a body it was not calibrated on gets less sure answers. Calibrated at
# 0.10 on three bodies, it refused 0.33 of the fourth's (Limerick's) answerable questions; at
# 0.05, 0.095 (by body: key hits 0.497 against 0.457, false refusals 0.066 against 0.167; by
# meeting 0.538 against 0.533; 448 questions, December 2026).
MAX_FALSE_REFUSALS = 0.05
# the worth of the share of unanswerable questions refused, against the share of key hits, and
# the cost of the share of answerable questions answered without what was asked
REFUSAL_WEIGHT, WRONG_WEIGHT = 1.0, 0.5
# Passages retrieved per question, as `ask` does by default (settings.top_k). Fewer or more held
# fewer keys: with 8, a proposal held every key for 0.803 of answerable questions (0.806 with 10)
# and the answers 0.525 held out by meeting and 0.490 by body, against 0.540 and 0.513; with 15,
# 0.813, and 0.538 and 0.480, the further passages' distractors costing more than they hold
# (448 questions, December 2026).
K = 10
# The ranker's form (--model) and regularisation. The listwise "softmax" form scored about as
# well held out (0.524 against 0.516 of key hits by meeting, 0.538 against 0.511 by body, 408
# questions, December 2026) but lost the fixture cases where a structured record (attendance,
# open actions) should beat a sentence, so the pointwise "lr" form is kept. Gradient-boosted
# trees (scikit-learn's HistGradientBoostingClassifier, weighed as "lr" is) learnt interactions
# the linear form cannot, but only of the bodies they were fitted on: depth 3, leaves of 100,
# 200 rounds: in-sample 0.593, held out by meeting 0.528; depth 4, leaves of 40, 300 rounds:
# in-sample 0.682, by meeting 0.535, by body 0.460 (first choices 0.535 and 0.482), against
# 0.598, 0.540 and 0.513 (448 questions, December 2026). Their probabilities averaged with the
# linear form's (depth 3): 0.609, 0.543 and 0.505, noise for a second model to ship.
MODEL, HIDDEN, ALPHA, C = "lr", 32, 1e-3, 0.3


@dataclass
class Row:
    """One labelled question with its proposals (features, cited text) and where it is from."""

    id: str
    qtype: str
    question: str
    answerable: bool
    keys: tuple[str, ...]
    group: str  # the meeting (or body and date) it is about
    body: str  # the corpus or body it is about
    vector: np.ndarray  # the question's embedding
    features: list[dict] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)  # each proposal's cited text
    quotes: list[list[tuple[int, str]]] = field(default_factory=list)  # (chunk_id, quote)s
    items: list[tuple[str, str | None]] = field(default_factory=list)  # (paper, item) of each
    proposals: list[tuple[str, str]] = field(default_factory=list)  # (answerer, unit)
    source: str = ""  # the QA file it came from
    # for a question of several parts, each part as `ask` ranks it (assistant.answer._by_parts)
    parts: list[Part] = field(default_factory=list)


@dataclass
class Part:
    """One part of a question of several parts: its embedding, and the features against it of
    the whole question's proposals followed by the part's own, whose cited texts are kept."""

    vector: np.ndarray
    features: list[dict]
    texts: list[str]
    quotes: list[list[tuple[int, str]]]
    items: list[tuple[str, str | None]]
    proposals: list[tuple[str, str]]


def _norm(text: str) -> str:
    return normalise(text).lower()


def _group(data: dict, corpus: str) -> str:
    if data.get("meeting_date"):
        return f"{corpus}|{data.get('body', '')}|{data['meeting_date']}"
    sources = data.get("sources") or []
    if sources and sources[0].get("file"):
        return f"{corpus}|{Path(sources[0]['file']).parent}"
    where = data.get("where") or ""
    m = re.search(r"\d{1,2} \w{3,9} \d{4}", where)
    return f"{corpus}|{m.group(0) if m else where.split(',')[0]}"


def collect(qa: Path, index_dir: Path, cache: Path) -> list[Row]:
    """Every question of a QA file with its proposals' features and cited texts."""
    key = f"{qa.resolve()}|{qa.stat().st_mtime}|{index_dir}|{K}"
    key = hashlib.sha1(key.encode()).hexdigest()
    cached = cache / f"{qa.stem}-{key[:12]}.pkl"
    if cached.is_file():
        return pickle.loads(cached.read_bytes())
    index = open_index(Settings(index=index_dir), read_only=True)
    embed = index.embedder.embed
    raw = [json.loads(line) for line in qa.read_text().splitlines() if line.strip()]
    rows = []
    for qa_row, data in zip(load_rows(qa), raw, strict=True):
        q = understand(qa_row.question, index, qa_row.context, None)
        hits = retrieve(q, index, k=K, filters=None)
        focus = None
        if q.followup and qa_row.context:
            turns = [qa_row.context] if isinstance(qa_row.context, str) else qa_row.context
            prev = understand(turns[-1], index, None, None)
            top = retrieve(prev, index, k=1, filters=None)
            focus = top[0] if top else None
            if focus and all(h.chunk_id != focus.chunk_id for h in hits):
                hits = [*hits, focus]
        ctx = context_for(index, hits=hits, filters=None, focus=focus)
        proposals: list[Proposal] = propose(q, ctx, every=True)
        cited = [[(h.chunk_id, t) for h, t in quotes_of([p], ctx.item_passages)] for p in proposals]
        corpus = data.get("corpus", qa.stem)
        row = Row(
            id=qa_row.id,
            qtype=qa_row.qtype,
            question=qa_row.question,
            answerable=qa_row.answerable,
            keys=qa_row.must_contain,
            group=_group(data, corpus),
            body=corpus,
            vector=embed([qa_row.question])[0],
            features=base_features(
                q, proposals, hits, embed=embed, vectors=index.chunk_vectors, focus=focus
            ),
            texts=["\n".join(t for _, t in c) for c in cited],
            quotes=cited,
            items=[(p.seed.paper_id, p.seed.item) for p in proposals],
            proposals=[(p.answerer, p.unit) for p in proposals],
        )
        row.parts = _parts(q, proposals, ctx, hits, index, embed, focus)
        rows.append(row)
    index.close()
    cache.mkdir(parents=True, exist_ok=True)
    cached.write_bytes(pickle.dumps(rows))
    return rows


def _parts(q, proposals, ctx, hits, index, embed, focus) -> list[Part]:
    """Each part of a question of several parts, proposed and featured as `ask` does."""
    if q.followup or len(parts(q.text)) < 2:
        return []
    out = []
    for piece in parts(q.text):
        pq = understand(piece, index, q.text, embed)
        pq = replace(pq, context_terms=(), followup=False, query=q.query)
        own = propose(pq, ctx, every=True)
        feats = base_features(
            pq, [*proposals, *own], hits, embed=embed, vectors=index.chunk_vectors, focus=focus
        )
        cited = [[(h.chunk_id, t) for h, t in quotes_of([p], ctx.item_passages)] for p in own]
        out.append(
            Part(
                vector=embed([piece])[0],
                features=feats,
                texts=["\n".join(t for _, t in c) for c in cited],
                quotes=cited,
                items=[(p.seed.paper_id, p.seed.item) for p in own],
                proposals=[(p.answerer, p.unit) for p in own],
            )
        )
    return out


def _as_asked(rows: list[Row], types: TypeModel) -> list[Row]:
    """Each row with the proposals `ask` would make for it under this question model: the
    subject's timeline only for a question (or part) it reads as over time. Collection lets
    every answerer propose, so that each fold's model can decide; the features that compare a
    proposal with the others (the gaps to the best, the refusal model's best and count) are
    computed again over what is kept. Held-out and in-sample figures score rows so, as `ask`
    answers them. The models are fitted on every proposal: fitted on the rows as asked, they
    held 0.503 of key hits by meeting and 0.452 by body, against 0.515 and 0.477 (448
    questions, December 2026)."""

    def kept(proposals, vector) -> list[int]:
        asked = ANSWER_TYPES[int(np.argmax(types.probabilities(vector)))]
        return [i for i, (_, unit) in enumerate(proposals)
                if asked is QType.TIMELINE or unit != "timeline"]  # fmt: skip

    out = []
    for row in rows:
        keep = kept(row.proposals, row.vector)
        pieces = []
        for part in row.parts:
            own = kept(part.proposals, part.vector)
            n = len(row.proposals)
            pieces.append(
                replace(
                    part,
                    features=[part.features[i] for i in [*keep, *(n + j for j in own)]],
                    texts=[part.texts[j] for j in own],
                    quotes=[part.quotes[j] for j in own],
                    items=[part.items[j] for j in own],
                    proposals=[part.proposals[j] for j in own],
                )
            )
        out.append(
            replace(
                row,
                features=[row.features[i] for i in keep],
                texts=[row.texts[i] for i in keep],
                quotes=[row.quotes[i] for i in keep],
                items=[row.items[i] for i in keep],
                proposals=[row.proposals[i] for i in keep],
                parts=pieces,
            )
        )
    return out


def fit_types(rows: list[Row]) -> TypeModel:
    """Multinomial logistic regression of answer type on the question embedding.

    Tried and not kept (448 questions, December 2026): the question's words beside its
    embedding (stems, stem pairs, the first three stems by place) raised the share of questions
    whose type was predicted right from 0.57 to 0.61 on bodies held back and from 0.60 to 0.71
    on meetings held back, yet held fewer keys: 0.497 by meeting against 0.540; with the ranker
    trained on type probabilities from question models not fitted on its questions (as those
    it is asked are), 0.525 by meeting and 0.490 by body against 0.540 and 0.513, and with the
    embedding alone so trained, 0.540 and 0.475. The ranker reads the embedding's softer
    probabilities better than sharper, more often right ones. What right types are worth at
    most: with each labelled question's own type in place of the model's (its parts given the
    whole's), 0.578 by meeting and 0.533 by body, against 0.540 and 0.513; the typing bounds the
    key hits by a few points only."""
    from sklearn.linear_model import LogisticRegression

    labelled = [r for r in rows if r.qtype in TYPE_OF]
    names = [str(t) for t in ANSWER_TYPES]
    x = np.stack([r.vector for r in labelled])
    y = np.array([names.index(TYPE_OF[r.qtype]) for r in labelled])
    model = LogisticRegression(C=4.0, max_iter=2000).fit(x, y)
    coef = np.zeros((len(names), x.shape[1]))
    intercept = np.full(len(names), -30.0)  # a type never seen in training is never predicted
    for i, cls in enumerate(model.classes_):
        coef[cls], intercept[cls] = model.coef_[i], model.intercept_[i]
    return TypeModel(coef, intercept)


def _matrix(rows: list[Row], types: TypeModel) -> list[np.ndarray]:
    return [
        vectorise(r.features, tuple(types.probabilities(r.vector))) if r.features else None
        for r in rows
    ]


def _labels(row: Row) -> np.ndarray:
    return np.array([bool(row.keys) and contains_all(t, row.keys) for t in row.texts], float)


def _soft_labels(row: Row) -> np.ndarray:
    """The share of the key strings each proposal's cited text holds."""
    if not row.keys:
        return np.zeros(len(row.texts))
    keys = [_norm(k) for k in row.keys]
    return np.array([sum(k in _norm(t) for k in keys) / len(keys) for t in row.texts])


def fit_ranker_weights(rows: list[Row], xs: list[np.ndarray], model: str | None = None) -> Ranker:
    """A scorer of 'this proposal's cited text holds the key strings': each proposal is weighed
    as a positive by the share of keys it holds (all keys count most) and a negative by the rest.
    Weighed by whether it holds all keys alone, it held 0.551 of key hits by meeting and 0.495
    by body; by the share alone, 0.535 and 0.515; by both, as here, 0.540 and 0.513 (448
    questions, December 2026)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.neural_network import MLPClassifier

    model = model or MODEL
    x = np.vstack([m for m in xs if m is not None])
    soft = np.concatenate([_soft_labels(r) for r, m in zip(rows, xs, strict=True) if m is not None])
    full = (soft >= 1.0).astype(float)
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    z = (x - mean) / scale
    if model == "softmax":
        groups = [len(m) for m in xs if m is not None]
        w = _listwise(z, groups, 0.5 * soft + 0.5 * full)
        # the scores compare proposals within a question; one logistic curve over them makes
        # them probabilities that a proposal holds every key, which the rules and confidence read
        score = (z @ w).reshape(-1, 1)
        curve = LogisticRegression(C=1e4, max_iter=1000).fit(score, full)
        layers = (((w * curve.coef_[0][0]).reshape(-1, 1), curve.intercept_.copy()),)
    elif model == "mlp":
        # MLPClassifier takes no sample weights: full hits are the positives
        net = MLPClassifier(hidden_layer_sizes=(HIDDEN,), alpha=ALPHA, max_iter=400,
                            early_stopping=True, random_state=0).fit(z, full)  # fmt: skip
        layers = tuple((w, b) for w, b in zip(net.coefs_, net.intercepts_, strict=True))
    else:
        xx = np.vstack([z, z])
        yy = np.concatenate([np.ones(len(z)), np.zeros(len(z))])
        weight = np.concatenate([0.5 * soft + 0.5 * full, 1 - (0.5 * soft + 0.5 * full)])
        keep = weight > 0
        lr = LogisticRegression(C=C, max_iter=3000).fit(
            xx[keep], yy[keep], sample_weight=weight[keep]
        )
        layers = ((lr.coef_[0].reshape(-1, 1), lr.intercept_.copy()),)
    return Ranker(mean, scale, layers, np.zeros(len(CONFIDENCE)), 0.0, 0.0, 1.01, 0, 200)


def _listwise(z: np.ndarray, groups: list[int], target: np.ndarray) -> np.ndarray:
    """Weights of a conditional logit: within each question, a softmax over its proposals whose
    mass should sit on the proposals that hold the keys (questions without any are skipped)."""
    from scipy.optimize import minimize

    bounds = np.cumsum([0, *groups])
    spans = [(a, b) for a, b in zip(bounds, bounds[1:], strict=False) if target[a:b].sum() > 0]
    aims = [target[a:b] / target[a:b].sum() for a, b in spans]
    l2 = 1.0 / (C * max(len(spans), 1))

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        total, grad = 0.0, np.zeros_like(w)
        for (a, b), aim in zip(spans, aims, strict=True):
            s = z[a:b] @ w
            s -= s.max()
            p = np.exp(s) / np.exp(s).sum()
            total -= float(aim @ np.log(p + 1e-12))
            grad += z[a:b].T @ (p - aim)
        n = len(spans)
        return total / n + 0.5 * l2 * float(w @ w), grad / n + l2 * w

    w0 = np.zeros(z.shape[1])
    return minimize(loss, w0, jac=True, method="L-BFGS-B", options={"maxiter": 500}).x


@dataclass(frozen=True)
class Ranked:
    """A row as one fitted model sees it: its proposals' probabilities and its type probs."""

    probs: np.ndarray | None
    types: tuple[float, ...]
    parts: tuple[tuple[np.ndarray, tuple[float, ...]], ...] = ()  # each part's (probs, types)


def _ranked(rows: list[Row], types: TypeModel, ranker: Ranker) -> list[Ranked]:
    out = []
    for row, x in zip(rows, _matrix(rows, types), strict=True):
        tp = tuple(types.probabilities(row.vector))
        pieces = []
        for part in row.parts if x is not None else ():
            ptp = tuple(types.probabilities(part.vector))
            pieces.append((ranker.probabilities(vectorise(part.features, ptp)), ptp))
        out.append(Ranked(ranker.probabilities(x) if x is not None else None, tp, tuple(pieces)))
    return out


def _chosen_text(row: Row, ranked: Ranked, ranker: Ranker) -> str:
    return "\n".join(c.text for c in _final(row, ranked, ranker))


def _fakes(quotes, items, proposals) -> list[_Fake]:
    return [
        _Fake(tuple(q), item, answerer, unit)
        for q, item, (answerer, unit) in zip(quotes, items, proposals, strict=True)
    ]


def _final(row: Row, ranked: Ranked, ranker: Ranker) -> list[_Fake]:
    """The chosen proposals with what each part adds, as `ask` answers (answer._by_parts)."""
    chosen = _chosen(row, ranked, ranker)
    complete = bool(chosen) and chosen[0].answerer != "text" and not ranker.extend_structured
    if not chosen or complete or not ranked.parts:
        return chosen
    whole = _fakes(row.quotes, row.items, row.proposals)
    for part, (probs, types) in zip(row.parts, ranked.parts, strict=True):
        fakes = [*whole, *_fakes(part.quotes, part.items, part.proposals)]
        sure = ranker.confidence(answer_features(part.features, probs, types))
        answered = max(float(probs[i]) for i, f in enumerate(whole) if f in chosen)
        chosen = with_part(chosen, fakes, probs, answered, sure, ranker)
    return chosen


def _chosen(row: Row, ranked: Ranked, ranker: Ranker) -> list[_Fake]:
    if ranked.probs is None:
        return []
    fakes = _fakes(row.quotes, row.items, row.proposals)
    # as `ask` does, a question of several parts takes no runners-up: its parts add (_final)
    if len(parts(row.question)) > 1:
        ranker = replace(ranker, max_extra=0)
    lex = [f["lex"] for f in row.features]
    asked = str(ANSWER_TYPES[int(np.argmax(ranked.types))])
    return choose(fakes, ranked.probs, ranker, lex, asked)


def _sure(row: Row, ranked: Ranked, ranker: Ranker) -> float:
    if ranked.probs is None:
        return 0.0
    return ranker.confidence(answer_features(row.features, ranked.probs, ranked.types))


def _answer(row: Row, ranked: Ranked, ranker: Ranker) -> tuple[bool, bool, int, bool]:
    """(answered, holds every key, words, answered by a timeline) when the ranker answers it."""
    if ranked.probs is None:
        return False, False, 0, False
    asked = str(ANSWER_TYPES[int(np.argmax(ranked.types))])
    over_time = answers_over_time({unit for _, unit in row.proposals}, asked)
    if not over_time and _sure(row, ranked, ranker) < ranker.refuse_below:
        return False, False, 0, False
    chosen = _final(row, ranked, ranker)
    text = "\n".join(c.text for c in chosen)
    timeline = bool(chosen) and chosen[0].unit == "timeline"
    return True, bool(row.keys) and contains_all(text, row.keys), len(text.split()), timeline


@dataclass(frozen=True)
class _Fake:
    """A proposal reduced to its cited text, for replaying choices on cached rows."""

    cited: tuple[tuple[int, str], ...]
    item: tuple[str, str | None]
    answerer: str
    unit: str = ""

    @property
    def seed(self):
        return _Chunk(self.cited[0][0], *self.item)

    @property
    def text(self) -> str:
        return "\n".join(t for _, t in self.cited)

    @property
    def quotes(self):
        return tuple((_Chunk(c, *self.item), t) for c, t in self.cited)


@dataclass(frozen=True)
class _Chunk:
    chunk_id: int
    paper_id: str = ""
    item: str | None = None


def score_rows(rows: list[Row], ranked: list[Ranked], rankers: list[Ranker] | Ranker) -> dict:
    """The figures `boardpapers eval` reports, from replayed answers (each row by its ranker)."""
    if isinstance(rankers, Ranker):
        rankers = [rankers] * len(rows)
    outcomes = [_answer(r, k, m) for r, k, m in zip(rows, ranked, rankers, strict=True)]
    answerable = [o for r, o in zip(rows, outcomes, strict=True) if r.answerable]
    unanswerable = [o for r, o in zip(rows, outcomes, strict=True) if not r.answerable]
    words = sorted(o[2] for o in outcomes if o[0]) or [0]
    # answer lengths by question set (else by body); an answer over time quotes the subject
    # meeting by meeting, a list as long as the meetings, so the targets for answers from one
    # meeting's papers are not its own
    by_set: dict[str, list[int]] = {}
    for r, o in zip(rows, outcomes, strict=True):
        if o[0] and not o[3]:
            by_set.setdefault(r.source or r.body, []).append(o[2])
    # a set's median is its own only over enough answers: the sets of questions over time hold
    # a few unanswerable ones, whose three or five answers would set the limit for all
    by_set = {s: w for s, w in by_set.items() if len(w) >= MIN_SET_ANSWERS}
    return {
        "questions": len(rows),
        "key_hit_all": _share([o[1] for o in answerable]),
        "key_hit_answered": _share([o[1] for o in answerable if o[0]]),
        "refused_unanswerable": _share([not o[0] for o in unanswerable]),
        "false_refusals": _share([not o[0] for o in answerable]),
        # the share the question model sends to the subject's timeline
        "to_timeline": _share(
            [str(ANSWER_TYPES[int(np.argmax(k.types))]) == "timeline" for k in ranked]
        ),
        "median_words": statistics.median(words),
        "p90_words": words[int(0.9 * (len(words) - 1))],
        # the length targets hold for every set of questions, not only on average
        "worst_median_words": max((statistics.median(w) for w in by_set.values()), default=0),
        "worst_p90_words": max(
            (sorted(w)[int(0.9 * (len(w) - 1))] for w in by_set.values()), default=0
        ),
    }


def _share(flags: list[bool]) -> float:
    return round(sum(flags) / len(flags), 3) if flags else float("nan")


def _objective(fig: dict, lengths: bool = True) -> float:
    # Key hits over all answerable questions, plus refusing what the papers do not answer; the
    # answer-length targets are constraints (when no rule keeps within them, the rule that
    # overruns them least is chosen).
    over = max(fig["worst_median_words"] - MEDIAN_WORDS, 0) + max(
        fig["worst_p90_words"] - P90_WORDS, 0
    )
    if lengths and over:
        return -1.0 - over / 1000
    if fig["false_refusals"] > MAX_FALSE_REFUSALS:
        return -1.0 - fig["false_refusals"]
    refused = fig["refused_unanswerable"]
    refused = 0.0 if refused != refused else refused
    # A right answer and a right refusal count alike. A wrong answer, quoted as surely as a
    # right one, misleads: it costs WRONG_WEIGHT of a right one (refusing it instead is honest,
    # within the false-refusal limit above).
    wrong = 1.0 - fig["key_hit_all"] - fig["false_refusals"]
    return fig["key_hit_all"] + REFUSAL_WEIGHT * refused - WRONG_WEIGHT * wrong


# The sign each CONFIDENCE weight may take: more of the question covered, a likelier best
# proposal, the asked kind of answer held can only raise the probability that the answer holds
# what was asked; a heading, or a year the question names missing, can only lower it. Without
# these bounds a model fitted on few questions learns weights no one would defend (a better
# coverage lowering the confidence), and an off-topic question is answered.
SIGNS = {
    "best": 1, "margin": 1, "max_lex": 1, "max_lex_item": 1, "max_dense": 1, "max_named": 1,
    "best_lex": 1, "best_dense": 1, "best_named": 1, "best_typed": 1, "best_numbers": 1,
    "best_heading": -1, "best_years_missing": -1,
}  # fmt: skip
CONFIDENCE_L2 = 1.0  # ridge penalty of the refusal model (bias excepted)


def _decidable(row: Row) -> bool:
    """Whether the ranking decides if the answer holds the keys: the papers do not answer the
    question, or one of its proposals holds every key. When none does, the answer is wrong
    whatever is chosen and however sure, and such questions (decisions of a meeting whose
    register records nothing, a vote split over pages) would teach the refusal model to refuse
    their kind of question everywhere: with them, it refused 0.17 of answerable questions of a
    body it was not fitted on, without them 0.11 (448 questions, December 2026)."""
    return not row.answerable or any(contains_all(t, row.keys) for t in row.texts)


def fit_confidence(rows: list[Row], ranked: list[Ranked], ranker: Ranker) -> Ranker:
    """Logistic regression, with the signs of SIGNS, of 'the chosen answer holds every key
    string' (false for questions the papers do not answer) on the answer's CONFIDENCE features,
    over the questions whose ranking decides it (_decidable).

    Tried and not kept: the probability that the papers answer the question (the answerable
    label, over every question) in place of the chosen answer's key hit. The issue counts a
    wrong answer refused as a false refusal, so only unanswerable questions should be learnt as
    the ones to refuse; and the ranker's best probability alone tells them from questions
    answered right better than this model (AUC 0.75 against 0.69, held out by meeting). Yet,
    with the threshold fitted as here, it refused fewer of them: 0.058 held out by meeting and
    0.096 by body, against 0.115 and 0.173, with key hits 0.540 and 0.508 (448 questions, 52 of
    them unanswerable, December 2026); its threshold, fitted on three bodies, did not carry to
    the fourth."""
    from scipy.optimize import minimize

    keep = [i for i, k in enumerate(ranked) if k.probs is not None and _decidable(rows[i])]
    x = np.stack([answer_features(rows[i].features, ranked[i].probs, ranked[i].types)
                  for i in keep])  # fmt: skip
    y = np.array(
        [bool(rows[i].keys) and contains_all(_chosen_text(rows[i], ranked[i], ranker), rows[i].keys)
         for i in keep],
        float,
    )  # fmt: skip
    if len(set(y)) < 2:
        return ranker
    penalty = np.array([0.0 if name == "bias" else CONFIDENCE_L2 for name in CONFIDENCE])

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        z = x @ w
        p = 1.0 / (1.0 + np.exp(-z))
        nll = np.sum(np.logaddexp(0.0, z) - y * z) / len(y)
        grad = x.T @ (p - y) / len(y) + penalty * w / len(y)
        return nll + 0.5 * float(penalty @ (w * w)) / len(y), grad

    bounds = [
        (0.0, None) if SIGNS.get(name) == 1 else (None, 0.0) if SIGNS.get(name) == -1 else
        (None, None)
        for name in CONFIDENCE
    ]  # fmt: skip
    fitted = minimize(loss, np.zeros(len(CONFIDENCE)), jac=True, bounds=bounds, method="L-BFGS-B")
    return replace(ranker, confidence_weights=fitted.x, confidence_bias=0.0)


def fit_rules(rows: list[Row], ranked: list[Ranked], weights: Ranker) -> Ranker:
    """The addition rule that holds most keys within the length targets, then the refusal model
    and threshold that score best, all on probabilities of held-out meetings."""
    best, best_value = weights, -2.0
    rules = ("add_ratio", "max_extra", "max_words", "same_item", "widen")
    for values in itertools.product(*(GRID[r] for r in rules)):
        ranker = replace(weights, refuse_below=0.0, **dict(zip(rules, values, strict=True)))
        value = _objective(score_rows(rows, ranked, ranker))
        if value > best_value:
            best, best_value = ranker, value
    best = fit_confidence(rows, ranked, best)
    chosen, best_value = best, -2.0
    # the threshold decides what is answered, not how long an answer is: the lengths were the
    # addition rule's to keep
    for threshold in GRID["refuse_below"]:
        ranker = replace(best, refuse_below=threshold)
        value = _objective(score_rows(rows, ranked, ranker), lengths=False)
        if value > best_value:
            chosen, best_value = ranker, value
    return chosen


def _folds(groups: list[str], n: int) -> list[tuple[list[int], list[int]]]:
    from sklearn.model_selection import GroupKFold

    idx = np.arange(len(groups))
    splits = GroupKFold(n_splits=min(n, len(set(groups)))).split(idx, groups=groups)
    return [(list(a), list(b)) for a, b in splits]


def fit_all(rows: list[Row], inner: int = 3) -> tuple[TypeModel, Ranker]:
    """Fit on rows: the question model, the ranker's weights, then its rules (the refusal
    model and threshold, what an answer adds) on probabilities the weights give questions of
    bodies they were not fitted on, one body held back at a time; with fewer than three bodies,
    of meetings (`inner` folds). Calibrated on folds by meeting, the refusal threshold held for
    meetings of a body it had seen and refused 0.21 of Limerick's answerable questions when no
    Limerick question was fitted on (0.12 over all bodies held out; 0.09 calibrated by body)."""
    types = fit_types(rows)
    # The ranker and its rules are fitted on questions about one meeting's papers: the key
    # strings of a question over time come from several meetings, more than one answer's
    # quotes hold, and would teach the refusal model that such answers are never right. Those
    # questions train the question model, which sends them to their timeline (`rank.choose`).
    rows = [r for r in rows if r.qtype != "timeline"]
    xs = _matrix(rows, types)
    oof: list[Ranked | None] = [None] * len(rows)
    bodies = len({r.body for r in rows})
    by_body = bodies >= MIN_BODIES
    groups = [r.body if by_body else r.group for r in rows]
    for train, test in _folds(groups, bodies if by_body else inner):
        w = fit_ranker_weights([rows[i] for i in train], [xs[i] for i in train])
        for i, k in zip(test, _ranked([rows[i] for i in test], types, w), strict=True):
            oof[i] = k
    weights = fit_ranker_weights(rows, xs)
    return types, fit_rules(rows, oof, weights)


def held_out(rows: list[Row], splits) -> tuple[dict, list[Ranked], list[Ranker], list[Row]]:
    """Each held-back fold answered by the models fitted on the other folds; with each row as
    its fold's models saw it (_as_asked), which the rankings are of."""
    ranked: list[Ranked | None] = [None] * len(rows)
    fitted: list[Ranker | None] = [None] * len(rows)
    seen: list[Row | None] = [None] * len(rows)
    by_fold = {}
    for train, test in splits:
        types, ranker = fit_all([rows[i] for i in train])
        sub = _as_asked([rows[i] for i in test], types)
        for i, row, k in zip(test, sub, _ranked(sub, types, ranker), strict=True):
            ranked[i], fitted[i], seen[i] = k, ranker, row
        fig = score_rows(sub, [ranked[i] for i in test], ranker)
        by_fold[",".join(sorted({r.body for r in sub}))[:40] + f" ({len(sub)})"] = fig
    return by_fold, ranked, fitted, seen


def choice(rows: list[Row], ranked: list[Ranked]) -> dict:
    """How the ranker chooses among the proposals of answerable questions about one meeting's
    papers: the share where some proposal holds every key string (the most choosing can reach),
    and where the first that does stands in the ranker's order. What is lost between `held` and
    `first` the ranking loses; what `held` lacks, the answerers never proposed."""
    places = []
    for row, k in zip(rows, ranked, strict=True):
        if not row.answerable or row.qtype == "timeline" or k.probs is None:
            continue
        labels = _labels(row)[np.argsort(-k.probs, kind="stable")]
        places.append(int(np.argmax(labels)) if labels.any() else None)
    return {
        "answerable": len(places),
        "held": _share([p is not None for p in places]),
        "first": _share([p == 0 for p in places]),
        "second_third": _share([p in (1, 2) for p in places]),
        "later": _share([p is not None and p > 2 for p in places]),
    }


def _print(title: str, fig: dict) -> None:
    shown = " ".join(f"{k}={v}" for k, v in fig.items() if not k.startswith("worst_"))
    print(f"{title:42s} {shown}")


def main() -> None:
    global MODEL, K
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", action="append", required=True, help="QA.jsonl=INDEX_DIR")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/boardpapers-fit"))
    parser.add_argument("--folds", type=int, default=5, help="folds by meeting")
    parser.add_argument("--write", action="store_true", help="store the all-data fit")
    parser.add_argument(
        "--model", choices=("lr", "mlp", "softmax"), default=MODEL, help="ranker form"
    )
    parser.add_argument("-k", type=int, default=K, help="passages retrieved per question")
    parser.add_argument(
        "--no-folds", action="store_true", help="fit and print in-sample figures only"
    )
    args = parser.parse_args()
    MODEL, K = args.model, args.k
    rows: list[Row] = []
    for spec in args.set:
        qa, _, index_dir = spec.partition("=")
        part = collect(Path(qa), Path(index_dir), args.cache)
        for r in part:
            r.source = Path(qa).stem
        print(f"{qa}: {len(part)} questions", flush=True)
        rows += part
    types, ranker = fit_all(rows)
    asked = _as_asked(rows, types)
    ranked = _ranked(asked, types, ranker)
    one = [i for i, r in enumerate(asked) if r.qtype != "timeline"]
    _print("in-sample, all", score_rows([asked[i] for i in one], [ranked[i] for i in one], ranker))
    for body in sorted({r.body for r in asked}):
        idx = [i for i, r in enumerate(asked) if r.body == body]
        _print(f"in-sample, {body}",
               score_rows([asked[i] for i in idx], [ranked[i] for i in idx], ranker))  # fmt: skip
    for name, splits in (
        ()
        if args.no_folds
        else (
            ("by meeting", _folds([r.group for r in rows], args.folds)),
            ("by body", _folds([r.body for r in rows], len({r.body for r in rows}))),
        )
    ):
        by_fold, held, fitted, seen = held_out(rows, splits)
        for fold, fig in by_fold.items() if name == "by body" else ():
            _print(f"held out {name}: {fold}", fig)
        # every held-back question answered by the models of its own fold, per QA file
        # (ALL: the questions about one meeting's papers; those over time are scored apart)
        for source in [None, *dict.fromkeys(r.source for r in rows)]:
            idx = [i for i, r in enumerate(rows)
                   if r.source == source or (source is None and r.qtype != "timeline")]  # fmt: skip
            fig = score_rows([seen[i] for i in idx], [held[i] for i in idx],
                             [fitted[i] for i in idx])  # fmt: skip
            _print(f"held out {name}: {source or 'ALL'}", fig)
        _print(f"held out {name}: choice", choice(seen, held))
    shown = ("refuse_below", "add_ratio", "max_extra", "max_words", "same_item", "widen")
    print("rules: " + " ".join(f"{name}={getattr(ranker, name)}" for name in shown))
    if args.write:
        out = ROOT / "assistant" / "fitted"
        out.mkdir(exist_ok=True)
        (out / "question.json").write_text(json.dumps(types.to_json()) + "\n")
        (out / "ranker.json").write_text(json.dumps(ranker.to_json()) + "\n")
        print(f"wrote {out}/question.json and ranker.json")


if __name__ == "__main__":
    main()
