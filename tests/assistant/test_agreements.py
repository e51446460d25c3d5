"""What minutes say a meeting agreed outside any motion: register records of kind "agreement"."""

from __future__ import annotations

from dataclasses import replace

from assistant.from_period import period_answer
from assistant.ingest import ingest_paths
from assistant.question import QType, analyse
from assistant.register import query_register
from index.embedder import HashEmbedder
from index.store import Index
from tests.papers import make_txt

# Minutes of a fictional Irish district, decisions minuted in the discussion as such minutes do
MINUTES = """MINUTES of a meeting of the Municipal District of Glenmore held on 9 March 2026.

3. Lease of Lands at Carrowbeg

Members discussed the request of Carrowbeg Anglers Ltd. to renew the lease of lands at the lake.
Following a lengthy discussion, it was agreed by the majority of the Members to refer this item
to the full Council for consideration.

4. Traffic Calming at Main Street

The Senior Engineer outlined the scheme. It was further agreed that a report on the costs of
the ramps be brought to the April meeting. The Chief Superintendent agreed to review the speed
limits with his team.

5. Notice of Motion

It was proposed by Councillor Ryan, seconded by Councillor Daly and unanimously agreed that the
District write to the Minister about rural bus routes.
"""


def _glenmore(tmp_path):
    make_txt(tmp_path / "papers" / "minutes-9-march-2026.md", MINUTES)
    index = Index.open(tmp_path / "index", embedder=HashEmbedder())
    assert not ingest_paths([tmp_path / "papers"], index=index).failed
    return index


def test_each_sentence_saying_what_was_agreed_is_a_record(tmp_path):
    index = _glenmore(tmp_path)
    agreed = [r for r in query_register(index) if r["kind"] == "agreement"]
    texts = [" ".join(r["text"].split()) for r in agreed]
    assert len(texts) == 2, texts
    assert texts[0].startswith("Following a lengthy discussion, it was agreed by the majority")
    assert texts[0].endswith("to the full Council for consideration.")
    assert texts[1] == (
        "It was further agreed that a report on the costs of the ramps be brought to the April "
        "meeting."
    )
    # an officer's undertaking is not the meeting's decision, and the motion keeps its own record
    assert not any("Chief Superintendent" in t or "bus routes" in t for t in texts)
    motions = [r for r in query_register(index) if r["kind"] == "motion"]
    assert len(motions) == 1 and motions[0]["status"] == "carried unanimously"
    index.close()


def test_a_meetings_decisions_list_what_it_agreed(tmp_path):
    index = _glenmore(tmp_path)
    asked = replace(
        analyse("What did Glenmore district decide on 9 March 2026?"), qtype=QType.DECISION
    )
    quotes, _, _ = period_answer(asked, index=index)
    listed = " ".join(" ".join(q.split()) for _, q in quotes)
    assert "refer this item to the full Council" in listed
    assert "report on the costs of the ramps" in listed
    assert "rural bus routes" in listed, "the carried motion as well"
    index.close()


def test_the_register_shows_an_agreement_with_its_outcome(tmp_path, embedder):
    from click.testing import CliRunner

    from assistant.cli import main

    make_txt(tmp_path / "papers" / "minutes-9-march-2026.md", MINUTES)
    with Index.open(tmp_path / "index", embedder=embedder) as index:
        assert not ingest_paths([tmp_path / "papers"], index=index).failed
    args = ["--index", str(tmp_path / "index"), "decisions", "--kind", "agreement"]
    out = CliRunner().invoke(main, args)
    assert out.exit_code == 0, out.output
    assert "refer this item" in out.output and "Outcome: agreed" in out.output
    assert "Response:" not in out.output and "bus routes" not in out.output
