"""Topic timelines over fictional papers: a subject renamed mid-way, named in passing in another
item, and dealt with in an agenda and the minutes of the same meeting."""

from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner

from assistant.cli import main
from assistant.ingest import ingest_paths
from assistant.timeline import build, occurrences
from index.embedder import HashEmbedder
from index.store import Index
from index.types import Filters
from tests.assistant.timeline_papers import write_papers

ROAD_MEETINGS = [
    date(2019, 3, 12),
    date(2020, 6, 9),
    date(2021, 2, 10),
    date(2022, 9, 14),
    date(2023, 1, 17),
]


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    root = tmp_path_factory.mktemp("timeline")
    idx = Index.open(root / "index", embedder=HashEmbedder())
    report = ingest_paths([write_papers(root / "papers")], index=idx)
    assert not report.failed, report.failed
    yield idx
    idx.close()


def test_one_entry_per_meeting_in_date_order_across_the_rename(index):
    result = build("Riverside Link Road", index)
    assert [e.meeting_date for e in result.entries] == ROAD_MEETINGS
    # the papers' own names for it: the bracketed acronym and the name it was given in 2021
    assert "RLR" in result.names
    assert "Castleford Relief Road" in result.names


def test_a_mention_in_passing_in_another_item_is_no_entry(index):
    result = build("Castleford Relief Road", index)
    assert date(2022, 11, 8) not in [e.meeting_date for e in result.entries]
    # and the later name leads back to the former one
    assert [e.meeting_date for e in result.entries] == ROAD_MEETINGS


def test_agenda_and_minutes_of_one_meeting_make_one_entry_quoting_the_decision(index):
    result = build("Riverside Link Road", index)
    june = [e for e in result.entries if e.meeting_date == date(2020, 6, 9)]
    assert len(june) == 1
    entry = june[0]
    assert len(entry.papers) == 2  # the agenda and the minutes
    assert entry.kind == "decision"
    assert entry.quote.startswith("RESOLVED: That the eastern option be approved")
    assert index.paper(entry.paper_id).kind == "minutes"


def test_every_quote_is_verbatim_and_its_link_highlights_it(index):
    result = build("Riverside Link Road", index)
    for entry in result.entries:
        chunk = index.chunk(entry.chunk_id)
        assert chunk.text[entry.start : entry.end] == entry.quote
        assert f"start={entry.start}&end={entry.end}" in entry.url
    assert len(result.entries) == 5


def test_kinds_say_what_happened(index):
    kinds = {e.meeting_date: e.kind for e in build("Castleford Relief Road", index).entries}
    assert kinds[date(2021, 2, 10)] == "decision"
    assert kinds[date(2023, 1, 17)] == "question answered"


def test_a_question_and_its_reply_are_quoted_together(index):
    entry = build("Castleford Relief Road", index).entries[-1]
    assert "asked when the Castleford Relief Road would open" in entry.quote
    assert "expected to open in April 2024" in entry.quote


def test_an_acronym_leads_to_what_it_stands_for(index):
    result = build("RLR", index)
    assert result.names[:2] == ("RLR", "Riverside Link Road")
    assert [e.meeting_date for e in result.entries] == ROAD_MEETINGS


def test_filters_and_an_unknown_topic(index):
    since = build("Riverside Link Road", index, filters=Filters(since=date(2021, 1, 1)))
    assert [e.meeting_date for e in since.entries] == ROAD_MEETINGS[2:]
    assert build("hedgehog sanctuary", index).entries == ()


def test_names_match_whole_words_without_stopwords_or_accents():
    text = "the European Capital of Culture bid"
    ((start, end),) = occurrences([("capit", "cultur")], text)
    assert text[start:end] == "Capital of Culture"
    assert occurrences([("eireann",)], "Bus Éireann services") == [(4, 11)]
    assert occurrences([("road",)], "the roadside verge") == []


def test_cli_json(tmp_path, monkeypatch):
    write_papers(tmp_path / "papers")
    idx = Index.open(tmp_path / "index", embedder=HashEmbedder())
    ingest_paths([tmp_path / "papers"], index=idx)
    idx.close()
    monkeypatch.setattr("assistant.runtime.embedder_for", lambda settings: HashEmbedder())
    runner = CliRunner()
    result = runner.invoke(main, ["--index", str(tmp_path / "index"), "timeline",
                                  "Castleford Relief Road", "--json"])  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["topic"] == "Castleford Relief Road"
    first = data["entries"][0]
    assert set(first) >= {
        "meeting_date", "committee", "paper_id", "chunk_id", "document", "file", "item",
        "page", "kind", "quote", "url",
    }  # fmt: skip
    assert first["meeting_date"] == "2019-03-12"
    text = runner.invoke(main, ["--index", str(tmp_path / "index"), "timeline", "Riverside"])
    assert "5 meetings." in text.output


def test_the_timeline_answerer_quotes_each_meeting_in_order_and_links_the_timeline(index):
    from assistant.answer import context_for, understand
    from assistant.answerers.timeline import timeline, topics_of

    q = understand("How did the Castleford Relief Road come up at the Environment Committee "
                   "between 2021 and 2023?", index, None, None)  # fmt: skip
    assert topics_of(q, index) == ["Castleford Relief Road"]
    (p,) = timeline(q, context_for(index, hits=[], filters=None))
    assert p.unit == "timeline"
    days = [h.meeting_date for h, _ in p.quotes]
    assert days == [date(2021, 2, 10), date(2022, 9, 14), date(2023, 1, 17)]  # the years asked
    assert all(quote in hit.text for hit, quote in p.quotes)
    assert "(/timeline?topic=Castleford+Relief+Road)" in p.note


def test_a_subject_is_the_most_telling_phrase_the_papers_use(index):
    """Lower-case or capitalised, the subject is the run of the question's words that the
    papers say as it stands and whose words come in bursts; the question's own verbs, the
    body it names and its dates are no part of it."""
    from assistant.answer import understand
    from assistant.answerers.timeline import topics_of

    def topics(text):
        return topics_of(understand(text, index, None, None), index)

    assert topics("Trace the relief road through the Environment Committee's meetings.") == [
        "relief road"
    ]
    assert topics("What were councillors told about Mill Lane since 2020?") == ["Mill Lane"]
    assert topics("What happened at the Environment Committee in March 2019?") == []


def test_since_a_year_bounds_the_timeline(index):
    from assistant.answer import context_for, understand
    from assistant.answerers.timeline import timeline

    q = understand("What has happened to the Castleford Relief Road since 2022?", index, None, None)
    (p,) = timeline(q, context_for(index, hits=[], filters=None))
    assert [h.meeting_date for h, _ in p.quotes] == [date(2022, 9, 14), date(2023, 1, 17)]


def test_no_timeline_for_a_subject_of_one_meeting_or_a_body_name(index):
    from assistant.answer import context_for, understand
    from assistant.answerers.timeline import timeline, topics_of

    ctx = context_for(index, hits=[], filters=None)
    q = understand("What was said about Mill Lane allotments in November?", index, None, None)
    assert timeline(q, ctx) == []
    q = understand("What did Castlebrook District Council decide in March 2019?", index, None, None)
    assert topics_of(q, index) == []


def test_an_item_titled_with_the_subject_that_never_names_it_again_quotes_its_opening():
    from index.types import Hit

    text = "Members noted the update from the Director. No decision was taken."
    hit = Hit(chunk_id=7, paper_id="p1", text=text, score=0.0, document="Minutes", file="m.md",
              committee="Castlebrook District Council: Environment Committee",
              meeting_date=date(2024, 5, 1), kind="minutes", item="4. Riverside Link Road",
              page=1)  # fmt: skip

    class Papers:  # the one passage an index would match, and no register records
        def matching(self, expression, filters=None, limit=0):
            return [hit]

        def match_count(self, expression):
            return 1

        def records(self, paper_id):
            return []

    (entry,) = build("Riverside Link Road", Papers()).entries
    assert entry.quote == "Members noted the update from the Director."
    assert entry.kind == "discussion"


def test_a_former_name_needs_words_that_say_so():
    from assistant.timeline import _RENAMED

    def named(text):
        return [m.group(1) for m in _RENAMED.finditer(text)]

    assert named("the Castleford Relief Road (formerly the Riverside Link Road)") == [
        "Riverside Link Road"
    ]
    assert named("the scheme, now known as the Castleford Relief Road, opened") == [
        "Castleford Relief Road"
    ]
    assert named("the scheme was renamed the Castleford Relief Road") == ["Castleford Relief Road"]
    # a body or a date after "now" or "since" is no name of the subject
    assert named("the road, since Castlebrook District Council took it over") == []
    assert named("the road is now Castlebrook District Council's to maintain") == []


@pytest.fixture(scope="module")
def modelled(tmp_path_factory, embedder):
    """The same papers indexed with the real model, as `ask` reads them."""
    root = tmp_path_factory.mktemp("timeline-ask")
    idx = Index.open(root / "index", embedder=embedder)
    ingest_paths([write_papers(root / "papers")], index=idx)
    yield idx
    idx.close()


def test_ask_answers_a_question_over_time_with_the_timeline(modelled):
    """The question model reads "over the years" as a question about time, and the answer
    quotes each meeting in date order, with the link to the full timeline."""
    from assistant.answer import ask

    answer = ask("How has the Castleford Relief Road come up over the years?", index=modelled)
    assert answer.answered and answer.question_type == "timeline"
    for c in answer.citations:
        assert modelled.chunk(c.chunk_id).text[c.start : c.end] == c.quote
    days = [c.meeting_date for c in answer.citations]
    assert len(set(days)) >= 4 and days[: len(set(days))] == sorted(set(days))
    assert "/timeline?topic=" in answer.answer


def test_ask_answers_a_question_about_one_meeting_without_the_timeline(modelled):
    from assistant.answer import ask

    answer = ask("How many households were on the allotments waiting list?", index=modelled)
    assert answer.question_type != "timeline"
    assert "/timeline?topic=" not in answer.answer
