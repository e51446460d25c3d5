"""The answering models are fitted by a script anyone can rerun: here on fictional minutes."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest

from assistant.ingest import ingest_paths
from assistant.question import ANSWER_TYPES, QType, TypeModel
from assistant.rank import Ranker
from index.store import Index
from tests.papers import make_minutes_pdf

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
fit = pytest.importorskip("fit_answering")
pytest.importorskip("sklearn")

QUESTIONS = [
    ("figure", "How many residents got meals every week?", ["1,240"]),
    ("figure", "What is the Hearth Foods contract worth?", ["£2.4 million"]),
    ("figure", "How high was the home care vacancy rate?", ["14%"]),
    ("when", "When is the committee meeting next?", ["11 June 2024"]),
    ("when", "By what date are the retention survey results due?", ["30 April 2024"]),
    ("who", "Who sent apologies?", ["Mr David Okafor"]),
    ("who", "Who has to circulate the vacancy figures?", ["Director of Adult Social Care"]),
    ("decision", "What was recommended about the meals on wheels contract?", ["31 March 2026"]),
    ("decision", "What did the committee resolve on the Real Living Wage?", ["Real Living Wage"]),
    ("summary", "What was said about home care recruitment?", ["62"]),
    (
        "figure",
        "How many residents got meals every week, and what is the Hearth Foods contract worth?",
        ["1,240", "£2.4 million"],
    ),
    ("unanswerable", "What is the budget for the new swimming pool?", []),
    ("unanswerable", "How many libraries will close next year?", []),
]


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    return tmp_path_factory.mktemp("fit")


@pytest.fixture(scope="module")
def rows(root, embedder):
    make_minutes_pdf(root / "papers" / "minutes.pdf")
    index = Index.open(root / "index", embedder=embedder)
    assert not ingest_paths([root / "papers"], index=index).failed
    index.close()
    qa = root / "qa.jsonl"
    qa.write_text(
        "\n".join(
            json.dumps(
                {
                    "id": f"t{n}",
                    "type": t,
                    "question": q,
                    "must_contain": keys,
                    "corpus": "fiction",
                    "body": "Committee",
                    "meeting_date": f"2024-0{n % 3 + 1}-01",
                }
            )  # fmt: skip
            for n, (t, q, keys) in enumerate(QUESTIONS)
        )
    )
    return fit.collect(qa, root / "index", root / "cache")


def test_collection_finds_a_proposal_holding_the_keys(rows):
    assert len(rows) == len(QUESTIONS)
    found = [r for r in rows if r.keys and fit._labels(r).any()]
    assert len(found) >= 8, [(r.question, len(r.texts)) for r in rows]


def test_the_fit_gives_models_that_load_and_score(rows):
    types, ranker = fit.fit_all(rows, inner=2)
    again = Ranker.from_json(json.loads(json.dumps(ranker.to_json())))
    probs = [again.probabilities(x) for x in fit._matrix(rows, types) if x is not None]
    assert all(((p >= 0) & (p <= 1)).all() for p in probs)
    figure = next(r for r in rows if r.qtype == "figure")
    predicted = TypeModel.from_json(types.to_json()).probabilities(figure.vector)
    assert ANSWER_TYPES[int(np.argmax(predicted))] is QType.FIGURE, predicted
    figures = fit.score_rows(rows, fit._ranked(rows, types, ranker), ranker)
    assert figures["key_hit_all"] >= 0.5, figures


def test_held_out_folds_are_answered_by_models_not_fitted_on_them(rows):
    splits = fit._folds([r.group for r in rows], 3)
    assert all(not {rows[i].group for i in a} & {rows[i].group for i in b} for a, b in splits)
    _, ranked, rankers, seen = fit.held_out(rows, splits)
    assert all(k is not None for k in ranked) and len({id(r) for r in rankers}) == 3
    assert all(len(s.features) == len(k.probs) for s, k in zip(seen, ranked, strict=True)
               if k.probs is not None), "each ranking is of the row as its fold saw it"  # fmt: skip


def test_a_question_of_several_parts_is_replayed_part_by_part(rows):
    several = next(r for r in rows if ", and what" in r.question)
    assert len(several.parts) == 2 and all(p.features for p in several.parts)
    assert all(len(p.features) == len(several.proposals) + len(p.proposals) for p in several.parts)
    assert not any(r.parts for r in rows if r is not several)


def test_the_replay_answers_as_ask_does(rows, root, embedder):
    """With the shipped models, the fit's replay answers, refuses and holds the keys as `ask`
    itself does, parts included: the figures it reports are those of `ask`."""
    from assistant.answer import ask
    from assistant.evaluate import contains_all
    from assistant.question import fitted_types
    from assistant.rank import fitted_ranker

    ranker = fitted_ranker()
    asked = fit._as_asked(rows, fitted_types())
    ranked = fit._ranked(asked, fitted_types(), ranker)
    index = Index.open(root / "index", embedder=embedder)
    try:
        for row, k in zip(asked, ranked, strict=True):
            answered, hit, _, _ = fit._answer(row, k, ranker)
            got = ask(row.question, index=index)
            quoted = "\n".join([got.answer, *(c.quote for c in got.citations)])
            held = bool(row.keys) and got.answered and contains_all(quoted, row.keys)
            assert (got.answered, held) == (answered, hit), row.question
    finally:
        index.close()


def _row(qid: str, keys: tuple[str, ...], texts: list[str], qtype: str = "figure") -> fit.Row:
    return fit.Row(qid, qtype, "q", bool(keys), keys, "g", "b", np.zeros(3),
                   features=[{} for _ in texts], texts=texts)  # fmt: skip


def test_choice_reports_where_the_first_proposal_holding_every_key_was_ranked():
    rows = [
        _row("first", ("£2.4 million",), ["worth £2.4 million", "a heading"]),
        _row("second", ("1,240", "weekly"), ["1,240 meals", "1,240 meals weekly", "x"]),
        _row("late", ("14%",), ["a", "b", "c", "d", "a rate of 14%"]),
        _row("never", ("Okafor",), ["apologies were received"]),
        _row("refusal", (), ["anything"], qtype="unanswerable"),
    ]
    probs = [[0.9, 0.1], [0.8, 0.7, 0.1], [0.5, 0.4, 0.3, 0.2, 0.1], [0.6], [0.5]]
    ranked = [fit.Ranked(np.array(p), ()) for p in probs]
    got = fit.choice(rows, ranked)
    assert got == {"answerable": 4, "held": 0.75, "first": 0.25, "second_third": 0.25,
                   "later": 0.25}  # fmt: skip
