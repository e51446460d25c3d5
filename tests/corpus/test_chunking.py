"""Chunking: exact substrings, one item and one page per chunk, sizes, breadcrumbs, tables."""

from __future__ import annotations

import hashlib

import pytest

from corpus.chunking import MAX_WORDS, chunk_paper
from corpus.readers import read_file
from corpus.structure import structure
from corpus.types import Kind, Page, SourceFile
from tests import papers
from tests.corpus.test_structure import PACK


def _paper_from_text(text: str, name: str = "/papers/pack.txt"):
    sha = hashlib.sha256(text.encode()).hexdigest()
    return structure(SourceFile(name, sha, "txt", "pack", [Page(None, text)]))


@pytest.fixture(scope="module")
def minutes(tmp_path_factory):
    path = papers.make_minutes_pdf(tmp_path_factory.mktemp("c") / "Minutes.pdf")
    paper = structure(read_file(path))
    return paper, chunk_paper(paper)


@pytest.fixture()
def pack():
    paper = _paper_from_text(PACK)
    return paper, chunk_paper(paper)


def _page_text(paper, chunk) -> str:
    return paper.source.pages[chunk.page - 1 if chunk.page else 0].text


def test_chunk_text_is_an_exact_substring_of_its_page(minutes, pack):
    for paper, chunks in (minutes, pack):
        assert chunks, "some chunks are made"
        for chunk in chunks:
            assert chunk.text in _page_text(paper, chunk), f"not verbatim: {chunk.text[:60]!r}"
            assert chunk.text == chunk.text.strip(), "no stray whitespace at the edges"


def test_ordinals_follow_reading_order(minutes):
    paper, chunks = minutes
    assert [c.ordinal for c in chunks] == list(range(len(chunks)))
    pages = [c.page for c in chunks]
    assert pages == sorted(pages), "chunks come in page order"


def test_chunks_never_straddle_items_or_pages(minutes):
    paper, chunks = minutes
    for chunk in chunks:
        titles = [t for t in ("4/24 MEALS", "5/24 HOME", "6/24 DATE") if t in chunk.text]
        assert len(titles) <= 1, f"chunk spans items {titles}"
        if "5/24 HOME" in chunk.text:
            assert chunk.item_number == "5/24", "the chunk is filed under the item it holds"
    wheels = [c for c in chunks if "contract to 31 March 2026" in c.text]
    assert len(wheels) == 1 and wheels[0].page == 2 and wheels[0].item_number == "4/24"
    assert wheels[0].page_label == "6"


def test_recommendation_block_stays_whole_under_its_heading(minutes):
    paper, chunks = minutes
    block = [c for c in chunks if "endorses the extension of the meals" in c.text]
    assert len(block) == 1
    chunk = block[0]
    assert "report delivery performance to the Committee every six months" in chunk.text, (
        "both recommendations are in one chunk"
    )
    assert chunk.heading == "Recommendations:"
    assert chunk.breadcrumb == (
        "Adult Services Select Committee › 12 March 2024 › Minutes of 12 March 2024 › "
        "4/24 MEALS ON WHEELS CONTRACT › Recommendations:"
    )
    assert chunk.kind is Kind.MINUTES and chunk.committee == "Adult Services Select Committee"


def test_report_is_filed_under_its_agenda_item(pack):
    paper, chunks = pack
    report = [c for c in chunks if "occupied 91% of the time" in c.text]
    assert report and report[0].item == "3 RESPITE CARE REVIEW", "filed under its agenda item"
    assert report[0].document == "Respite Care Review" and report[0].item_number == "3"
    assert report[0].breadcrumb == (
        "Riverside Care Scrutiny Board › 18 March 2024 › Respite Care Review › Conclusions:"
    ), "an item title that repeats the document title is left out of the breadcrumb"
    annex = [c for c in chunks if "North Riverside" in c.text]
    assert annex and annex[0].item_number == "3", "its annex follows it"


def test_breadcrumb_skips_what_is_unknown():
    text = "Some notes without a date or committee.\n\nThe pool reopens in spring."
    chunks = chunk_paper(_paper_from_text(text, "/papers/notes.txt"))
    assert [c.breadcrumb for c in chunks] == ["pack"], "only the document title is known"


def test_table_rows_are_never_split(pack):
    paper, chunks = pack
    rows = [line.strip() for line in PACK.splitlines() if line.count("\t") >= 2]
    for row in rows:
        holding = [c for c in chunks if row in c.text]
        assert len(holding) == 1, f"row split or lost: {row[:50]!r}"
    row = [c for c in chunks if "review minibus routes" in c.text]
    assert row and "joint visit to the depot" in row[0].text, "a row's continuation stays with it"
    tracker = [c for c in chunks if c.kind is Kind.TRACKER]
    assert tracker and all("\t" in c.text for c in tracker if "That" in c.text)


def test_continuation_rows_stay_with_their_row():
    rows = "\n".join(
        f"{i} May 2024\tITEM {i}\tThat officers report on topic {i} .\n"
        f"\t\tBoard next steps: a joint session with the health board to review progress on "
        f"the plan, the budget, the staffing and the waiting list, then visit site {i}.\t"
        for i in range(1, 25)
    )
    text = f"ACTIONS AND RECOMMENDATIONS TRACKER\n\nDate\tItem\tAction\tTo\n{rows}\n"
    chunks = chunk_paper(_paper_from_text(text))
    assert len(chunks) > 2, "the tracker spans several chunks"
    for i in range(1, 25):
        holding = [c for c in chunks if f"report on topic {i} " in c.text]
        assert len(holding) == 1 and f"visit site {i}." in holding[0].text, f"row {i} split"


def test_long_paragraphs_are_cut_at_sentences_within_bounds():
    sentences = [
        f"Sentence {i} says that the respite service in ward {i} met its target of {i} visits."
        for i in range(120)
    ]
    text = "MINUTES of the meeting of the Test Board held on 1 March 2024.\n\n" + " ".join(
        sentences
    )
    paper = _paper_from_text(text)
    chunks = chunk_paper(paper)
    sizes = [len(c.text.split()) for c in chunks]
    assert len(chunks) > 3, "a long paragraph is split"
    assert max(sizes) <= MAX_WORDS, sizes
    assert all(size >= 40 for size in sizes[1:]), f"no fragments: {sizes}"
    body = [c for c in chunks if "Sentence" in c.text]
    assert all(c.text.rstrip().endswith(".") for c in body), "cuts fall at sentence ends"


def test_text_without_sentences_is_still_cut():
    figures = " ".join(f"{i},{i * 7}.5" for i in range(900))
    chunks = chunk_paper(_paper_from_text(f"Budget Annex\n\n{figures}\n"))
    assert len(chunks) >= 4 and max(len(c.text.split()) for c in chunks) <= MAX_WORDS


def test_tiny_paragraphs_under_one_heading_are_merged():
    bullets = "\n\n".join(f"- Point {i} about carers." for i in range(12))
    text = (
        f"Riverside Care Scrutiny Board 18 March 2024\n\nCarers Report\n\nSummary:\n\n{bullets}\n"
    )
    chunks = chunk_paper(_paper_from_text(text))
    holding = [c for c in chunks if "Point 0" in c.text]
    assert holding and "Point 11" in holding[0].text, "a dozen short bullets make one chunk"


def test_real_corpus_chunks_are_verbatim(shared_dir):
    surrey = next((shared_dir / "corpus" / "surrey").glob("*.txt"))
    kent = shared_dir / "corpus/kent/cabinet/2025-01-30/originals"
    paths = [surrey, *sorted(kent.glob("Printed minutes*.pdf"))]
    for path in paths:
        paper = structure(read_file(path))
        chunks = chunk_paper(paper)
        assert chunks, path.name
        for chunk in chunks:
            assert chunk.text in _page_text(paper, chunk), f"{path.name}: {chunk.text[:60]!r}"
    cabinet = chunk_paper(structure(read_file(paths[-1])))
    numbers = {c.item_number for c in cabinet}
    assert {"88", "89", "90", "91", "92"} <= numbers, numbers


def test_a_long_recommendations_block_stays_in_one_chunk():
    bullets = "\n\n".join(
        f"{n}. That officers report on action {n} with the costs, the timetable, the risks "
        f"and the people who will carry it out, before the next meeting of the Board."
        for n in range(1, 9)
    )
    text = (
        "MINUTES of the meeting of the Test Board held on 1 March 2024.\n\n"
        "5/24 HOUSING REPAIRS [Item 5]\n\nKey points raised during the discussion:\n\n"
        + "\n\n".join(
            f"{n}. Members discussed repairs backlog point {n} at length." for n in range(9)
        )
        + f"\n\nRecommendations:\n\n{bullets}\n\nBoard next steps:\n\nNone.\n"
    )
    chunks = chunk_paper(_paper_from_text(text))
    holding = [c for c in chunks if "action 1 with" in c.text]
    assert len(holding) == 1 and "action 8 with" in holding[0].text, "all bullets in one chunk"
    assert holding[0].heading == "Recommendations:"
    assert len(holding[0].text.split()) > 160, "bigger than the usual target, within the maximum"


def test_markdown_headings_and_pipe_tables(tmp_path):
    text = (
        "# Library Services Report\n\n## Opening hours\n\n"
        + " ".join(f"Branch {n} opens at nine and closes at six on weekdays." for n in range(12))
        + "\n\n## Visits\n\n| Branch | Visits |\n|---|---|\n"
        + "| Central | 41,000 |\n| North | 12,500 |\n"
        + "".join(f"| Mobile library stop {n} | {n * 120} |\n" for n in range(1, 9))
    )
    paper = structure(read_file(papers.make_txt(tmp_path / "report.md", text)))
    chunks = chunk_paper(paper)
    opening = [c for c in chunks if "Branch 3 opens" in c.text]
    assert opening and opening[0].heading == "Opening hours", [c.heading for c in chunks]
    table = [c for c in chunks if "| Central | 41,000 |" in c.text]
    assert table and table[0].heading == "Visits" and "| North | 12,500 |" in table[0].text


def _pdf_paper(text: str, name: str = "/papers/Printed minutes.pdf"):
    sha = hashlib.sha256(text.encode()).hexdigest()
    return structure(SourceFile(name, sha, "pdf", "minutes", [Page(1, text)]))


def _wrapped(words: int, first: str) -> str:
    """One sentence of `words` words wrapped at ten words a line, as a PDF prints it."""
    tokens = [first] + [f"word{n % 7}" for n in range(words - 1)]
    lines = [" ".join(tokens[i : i + 10]) for i in range(0, words, 10)]
    return "\n".join(lines) + "."


def test_wrapped_paragraph_is_never_cut_inside_its_sentence():
    opening = " ".join(["Members noted the report on the budget."] * 5)
    text = f"Minutes\n\n{opening}\n{_wrapped(200, 'Members')}\n"
    paper = _pdf_paper(text)
    chunks = chunk_paper(paper)
    starts = [c.text.split()[0] for c in chunks]
    assert all(not s[:1].islower() for s in starts), f"a chunk starts mid-sentence: {starts}"
    assert any(_wrapped(200, "Members") in c.text for c in chunks), "the sentence stays whole"


def test_vote_list_keeps_the_sentence_introducing_it():
    debate = " ".join(["Mr Hale said the plan would help carers across the area."] * 12)
    names = ", ".join(f"Mr Name{n}" for n in range(30))
    text = (
        f"Minutes\n\n{debate}\n"
        "5) The Chairman put the motion to the vote and the voting was as follows:\n"
        f"For (30)\n{names}\nAgainst (2)\nMr Oak, Mrs Elm\nMotion carried.\n"
    )
    chunks = chunk_paper(_pdf_paper(text))
    with_list = next(c for c in chunks if "For (30)" in c.text)
    assert "voting was as follows" in with_list.text, f"lead-in split off: {with_list.text[:80]}"

    assert all(c.text in text for c in chunks), "chunks stay exact substrings of the page"


def test_list_keeps_the_paragraph_introducing_it():
    context = " ".join(["The Government set out its plans for local councils in the area."] * 5)
    lead = " ".join(["Areas joining the programme gain early support from Ministers."] * 8)
    bullets = "\n".join(
        f"• Pledge {n}: areas on the programme will be committing to deliver reform {n} by May "
        f"2026 and to publish initial plans for it by March 2025 and detailed plans by the "
        f"autumn of 2025 at the latest, working with all councils in the area."
        for n in range(1, 4)
    )
    text = (
        f"Report\n\n1. Background\n{context}\n"
        f"{lead} To be considered, areas must commit to the following:\n{bullets}\n"
    )
    chunks = chunk_paper(_pdf_paper(text))
    with_list = next(c for c in chunks if "Pledge 1:" in c.text)
    assert "commit to the following:" in with_list.text, f"lead-in split off: {with_list.text[:80]}"
    assert all(c.text in text for c in chunks), "chunks stay exact substrings of the page"
