"""Decision and action questions answered from the register, with free text as the fallback."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import replace

from assistant.answer import ask
from assistant.from_register import register_answer
from assistant.question import QType, Question, analyse, named_committees
from assistant.register import query_register


def asked(question: str, qtype: QType) -> Question:
    """The question as the register answerer is asked it, for one answer type."""
    return replace(analyse(question), qtype=qtype)


def flat(text: str) -> str:
    return " ".join(text.split())


def _register_texts(index, item_word: str, kind: str) -> list[str]:
    """The register's records of one kind for the item whose title holds `item_word`, in order."""
    return [
        flat(r["text"])
        for r in sorted(query_register(index, kind=kind), key=lambda r: r["record_id"])
        if item_word in (r.get("item") or "").upper()
    ]


def test_recommend_question_quotes_every_numbered_recommendation_in_order(minutes_index):
    question = "What did we recommend on the home care workforce?"
    expected = _register_texts(minutes_index, "HOME CARE", "recommendation")
    assert len(expected) == 2, f"fixture item 5/24 has two recommendations, got {expected}"
    found = register_answer(asked(question, QType.DECISION), index=minutes_index, hits=[])
    assert found is not None, "the register should answer a recommendation question on item 5/24"
    answer = ask(question, index=minutes_index)
    assert answer.answered, f"{question!r} should be answered"
    quotes = [flat(c.quote) for c in answer.citations]
    assert quotes == expected, f"all recommendations of the item, in order: {quotes}"
    assert "recruitment campaign" in quotes[0] and "Real Living Wage" in quotes[1], quotes
    for c in answer.citations:
        stored = minutes_index.chunk(c.chunk_id)
        assert stored is not None and c.quote in stored.text, f"[{c.n}] not in its chunk"
    assert answer.passages, "retrieved passages are still listed"


def test_meals_on_wheels_recommendations_come_from_their_own_item(minutes_index):
    answer = ask("What was recommended about the meals on wheels contract?", index=minutes_index)
    text = flat(answer.answer)
    assert "31 March 2026" in text and "every six months" in text, text
    assert "Real Living Wage" not in text, f"another item's recommendation crept in: {text}"
    assert text.find("31 March 2026") < text.find("every six months"), "paper order"


def test_action_question_quotes_the_items_actions(minutes_index):
    question = "What actions were promised on home care workforce?"
    found = register_answer(asked(question, QType.ACTION), index=minutes_index, hits=[])
    assert found is not None, "the register should answer an action question on item 5/24"
    quotes = [flat(q.quote) for q in found[0]]
    assert quotes == _register_texts(minutes_index, "HOME CARE", "action"), quotes
    assert any("retention survey" in q for q in quotes), quotes


def test_unrelated_question_falls_back_to_free_text(minutes_index):
    for question in (
        "What did the committee decide about the library opening hours?",
        "How many residents received meals each week?",
    ):
        q = asked(question, QType.DECISION)
        assert register_answer(q, index=minutes_index, hits=[]) is None, f"{question!r} declined"
    answer = ask("How many residents received meals each week?", index=minutes_index)
    assert "1,240" in flat(answer.answer), "the free-text path still answers"


def test_question_naming_another_meeting_date_falls_back(minutes_index):
    question = "What did we recommend on the home care workforce in July 2019?"
    found = register_answer(asked(question, QType.DECISION), index=minutes_index, hits=[])
    assert found is None, "no item of a July 2019 meeting: the register declines"


def test_a_question_naming_a_committee_gets_that_committees_decision(tmp_path, embedder):
    from datetime import date

    from assistant.ingest import ingest_paths
    from corpus.types import Meeting
    from index.store import Index

    papers = {
        "Adult Services Select Committee": (
            "4/24 MEALS ON WHEELS CONTRACT [Item 4]\n"
            "Members discussed the meals on wheels contract, which the Cabinet will consider.\n"
            "RESOLVED:\n"
            "That the meals on wheels contract be extended to 31 March 2026.\n"
        ),
        "Cabinet": (
            "12/24 HOME MEALS SERVICE [Item 4]\n"
            "RESOLVED:\n"
            "That the meals service contract be retendered in 2025.\n"
        ),
    }
    with Index.open(tmp_path / "index", embedder=embedder) as index:
        for n, (committee, text) in enumerate(papers.items()):
            folder = tmp_path / f"papers{n}"
            folder.mkdir()
            (folder / "minutes.txt").write_text(text)
            ingest_paths([folder], index=index, hint=Meeting(committee, date(2024, 3, 20 + n)))
        answer = ask("What did Cabinet resolve on the meals on wheels contract?", index=index)
        assert "retendered in 2025" in flat(answer.answer), answer.answer
        assert {c.committee for c in answer.citations} == {"Cabinet"}
        answer = ask("What did we resolve on the meals on wheels contract?", index=index)
        assert "31 March 2026" in flat(answer.answer), "no committee named: the best match"


def test_named_committees():
    known = ["Cabinet", "County Council", "Full Council", "Social Care Services Board"]
    assert named_committees("What did Cabinet decide?", known) == ["Cabinet"]
    assert named_committees("What did full council resolve?", known) == [
        "Full Council",
        "County Council",
    ]
    assert named_committees("What did the social care services board hear?", known) == [
        "Social Care Services Board"
    ]
    assert named_committees("What did the council decide?", known) == []


SCRUTINY_REPORT = """Report to: Harbour Scrutiny Committee
Date of meeting: 18 March 2025
Report of: Head of Housing
Subject: Temporary Accommodation Costs
Recommendations:
1. That the Committee notes the rising cost of temporary accommodation.
2. That the Committee recommends to the Executive one of the options in section 5.
"""
SCRUTINY_MINUTES = """MINUTES of the meeting of the HARBOUR SCRUTINY COMMITTEE held on 18 March
2025.

61 FLY-TIPPING FOLLOW-UP [Item 6]

Members welcomed the fall in fly-tipping incidents to 1,932.

RESOLVED: That the Committee
(1) notes the progress made on fly-tipping enforcement;
(2) recommends that the Executive funds a second enforcement officer; and
(3) closes the original recommendation on the tracker.

62 TEMPORARY ACCOMMODATION COSTS [Item 7]

The Committee considered the report on temporary accommodation costs.

RESOLVED: That the Committee
(1) notes the report;
(2) recommends that the Executive buys 40 homes for temporary accommodation, as in option 2.
"""


@contextmanager
def _papers_index(tmp_path, embedder, papers: dict[str, str]):
    """An index of the given text papers (file name -> text)."""
    from assistant.ingest import ingest_paths
    from index.store import Index

    folder = tmp_path / "papers"
    folder.mkdir()
    for name, text in papers.items():
        (folder / name).write_text(text)
    with Index.open(tmp_path / "index", embedder=embedder) as index:
        ingest_paths([folder], index=index)
        yield index


def test_what_a_committee_recommended_is_in_its_minutes_and_a_follow_up_is_quoted_whole(
    tmp_path, embedder
):
    papers = {
        "Temporary accommodation report.txt": SCRUTINY_REPORT,
        "Minutes 18 March 2025.txt": SCRUTINY_MINUTES,
    }
    with _papers_index(tmp_path, embedder, papers) as index:
        kinds = {r["text"][:20]: r["kind"] for r in index.records()}
        assert kinds["recommends that the "] == "recommendation", "resolving to recommend"
        answer = ask("What did scrutiny recommend on temporary accommodation?", index=index)
        assert "buys 40 homes" in flat(answer.answer), "the committee's own recommendation"
        answer = ask("What happened to our recommendation on fly-tipping?", index=index)
    text = flat(answer.answer)
    parts = ["notes the progress", "funds a second enforcement officer", "closes the original"]
    assert all(p in text for p in parts), f"every part of the resolution: {answer.answer}"
    assert [text.index(p) for p in parts] == sorted(text.index(p) for p in parts), "in order"


PARKING_REPORT = """REPORT TO: Cabinet
DATE: 14 May 2025
REPORT OF: Director of Environment
KEY DECISION: Yes
CAR PARK CHARGES REVIEW 2025/26
1. Purpose
1.1 To review the charges in the Council's car parks and propose changes from 1 July 2025.
2. Recommendations
2.1 That Cabinet approves an increase of 20p per hour in all short stay tariffs from 1 July
2025, as set out in Appendix 1.
2.2 That Cabinet approves the introduction of Sunday charging at Station Road and Market
Square car parks from 1 July 2025.
2.3 That season ticket prices are frozen for 2025/26.
3. Background
3.1 Car park income was £2.46 million in 2024/25 against a budget of £2.70 million.
"""
PARKING_MINUTES = """MINUTES of a meeting of the CABINET held on 14 May 2025.
46. CAR PARK CHARGES REVIEW 2025/26
Cabinet considered report CAB/25/032 of the Director of Environment.
Members discussed the petition against Sunday charging.
RESOLVED:
(1) That the increase of 20p per hour in short stay tariffs from 1 July 2025, as set out in
Appendix 1 to the report, be approved.
(2) That the decision on Sunday charging at Station Road and Market Square car parks be
deferred to 17 September 2025.
(3) That season ticket prices be frozen for 2025/26.
Reasons for decision: To reduce the shortfall in car park income.
"""


def test_a_decision_question_quotes_the_minuted_decisions_without_their_reasons(tmp_path, embedder):
    papers = {
        "Car park charges report.txt": PARKING_REPORT,
        "Cabinet minutes 14 May 2025.txt": PARKING_MINUTES,
    }
    with _papers_index(tmp_path, embedder, papers) as index:
        answer = ask("Is the car park charges decision still open?", index=index)
    text = flat(answer.answer)
    assert "deferred to 17 September 2025" in text, "the minutes' resolutions"
    assert "Reasons for decision" not in text, "the reasons are not a decision"


def test_the_minutes_that_decided_a_reports_recommendations_are_preferred_to_it():
    # the register's own ranking of matched items, before any quote is looked up
    from assistant.from_register import _minutes_first
    from assistant.question import analyse

    def group(rid, kind, source, score, chain=()):
        chained = [{"record_id": c, "kind": "resolution"} for c in chain]
        record = {"record_id": rid, "kind": kind, "source_kind": source, "score": score}
        return [record | {"meeting_date": "2025-05-14", "chain": chained}]

    report = group(1, "recommendation", "report", 0.48, chain=[9])
    minutes = group(9, "resolution", "minutes", 0.30)
    other = group(5, "resolution", "minutes", 0.30)
    asked = analyse("Is the car park charges decision still open?")
    assert _minutes_first(asked, [report, other, minutes])[0] is minutes, "what decided it"
    assert _minutes_first(asked, [report, other])[0] is report, "a weaker, unrelated minute"
    about = analyse("What did the car park charges report recommend?")
    assert _minutes_first(about, [report, minutes])[0] is report, "the report itself asked"
