"""The decisions page, its CSV and GET /api/decisions, over the fixture minutes."""

from __future__ import annotations

import csv
import io
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from assistant.register import FIELDS
from tests import papers
from tests.web.conftest import build_index, settings_for
from web.app import create_app

# The same recommendation at two meetings of a board: one commitment, linked into a chain.
LAMPS = (
    "That the Board replaces the <script>alert('lamps')</script> quayside lamps with low energy "
    "lanterns along the whole eastern harbour wall before the summer season."
)
JANUARY = f"""MINUTES of the meeting of the HARBOUR TRUST BOARD held on 10 January 2024.
3/24 QUAYSIDE LIGHTING [Item 3]
Recommendations:
1. {LAMPS}
RESOLVED:
That the Board notes the lighting survey.
"""
JUNE = f"""MINUTES of the meeting of the HARBOUR TRUST BOARD held on 11 June 2024.
4/24 MATTERS ARISING [Item 4]
Recommendations:
1. {LAMPS}
"""


def _soup(response) -> BeautifulSoup:
    assert response.status_code == 200, response.text[:500]
    return BeautifulSoup(response.text, "html.parser")


def _records(soup: BeautifulSoup) -> list:
    return soup.select("ol.records > li > article.record")


def _facts(record) -> dict[str, str]:
    """A record's facts list as {"Owner": "...", ...}."""
    return {
        div.dt.get_text(strip=True): div.dd.get_text(" ", strip=True)
        for div in record.select(".record-facts > div")
    }


def _texts(soup: BeautifulSoup) -> list[str]:
    return [r.select_one(".record-text").get_text(strip=True) for r in _records(soup)]


@pytest.fixture(scope="module")
def harbour_index(tmp_path_factory, hash_embedder):
    """Two meetings' minutes repeating one recommendation (with markup in its words)."""
    root = tmp_path_factory.mktemp("harbour")
    papers.make_txt(root / "papers" / "2024-01-10" / "Minutes 10 January 2024.txt", JANUARY)
    papers.make_txt(root / "papers" / "2024-06-11" / "Minutes 11 June 2024.txt", JUNE)
    return build_index(root / "papers", root / "index", hash_embedder)


@pytest.fixture
def harbour(harbour_index, hash_embedder):
    with TestClient(create_app(settings_for(harbour_index), embedder=hash_embedder)) as c:
        yield c


def test_page_lists_the_recommendations_in_order_with_source_links(client):
    soup = _soup(client.get("/decisions"))
    assert soup.select_one("nav a[aria-current=page]")["href"] == "/decisions"
    recs = [r for r in _records(soup) if "Recommendation" in r.select_one(".record-kind").text]
    texts = [r.select_one(".record-text").get_text(strip=True) for r in recs]
    expected = [line.split(". ", 1)[1] for line in papers.MINUTES_PAGES[1].splitlines()[1:3]]
    assert texts[:2] == expected, texts
    assert "recruitment campaign by 30 September 2024" in texts[2], texts
    assert "Real Living Wage of £12.00" in texts[3], texts
    numbers = [r.select_one(".record-kind").get_text(strip=True) for r in recs]
    assert numbers == ["Recommendation 1", "Recommendation 2"] * 2, numbers
    first = recs[0]
    facts = first.select_one(".record-facts").get_text(" ", strip=True)
    assert papers.COMMITTEE in facts and "12 March 2024" in facts, facts
    assert "4/24 MEALS ON WHEELS CONTRACT" in facts, facts
    link = first.select_one(".record-source a")["href"]
    assert link.startswith("/papers/") and "chunk=" in link and link.endswith("#cited"), link
    viewer = client.get(link.split("#")[0])
    assert viewer.status_code == 200 and "meals on wheels" in viewer.text, viewer.status_code


def test_action_shows_owner_due_and_open_badge(client):
    soup = _soup(client.get("/decisions", params={"kind": "action"}))
    records = _records(soup)
    assert len(records) == 2, _texts(soup)
    facts = _facts(records[1])
    assert facts["Owner"] == "Head of Commissioning" and facts["Due"] == "by 30 April 2024", facts
    assert records[1].select_one(".badge").get_text(strip=True) == "Open"


def test_filters_narrow_the_results(client):
    everything = _texts(_soup(client.get("/decisions")))
    resolutions = _soup(client.get("/decisions", params={"kind": "resolution"}))
    kinds = {r.select_one(".record-kind").text.strip() for r in _records(resolutions)}
    assert kinds == {"Resolution"}, kinds
    assert 0 < len(_records(resolutions)) < len(everything), _texts(resolutions)
    assert resolutions.select_one("#d-kind option[selected]")["value"] == "resolution"
    topic = _texts(_soup(client.get("/decisions", params={"topic": "meals on wheels"})))
    assert topic and all("Real Living Wage" not in t for t in topic), topic
    assert any("meals on wheels" in t for t in topic), topic
    committee = _soup(client.get("/decisions", params={"committee": papers.COMMITTEE}))
    assert len(_records(committee)) == 8, _texts(committee)  # not the hostile paper's resolution
    assert committee.select_one("#d-committee option[selected]").text == papers.COMMITTEE
    still_open = _soup(client.get("/decisions", params={"open": "1"}))
    assert _records(still_open) and not still_open.select(".closed-badge"), _texts(still_open)
    assert still_open.select_one("#d-open").has_attr("checked")
    later = _soup(client.get("/decisions", params={"since": "2024-03-13"}))
    assert not _records(later) and "No records match these filters" in later.text


def test_csv_keeps_the_filters_and_has_header_and_rows(client):
    soup = _soup(client.get("/decisions", params={"kind": "action", "since": "2024-01-01"}))
    link = soup.find("a", string="Download CSV")["href"]
    assert urlsplit(link).path == "/decisions.csv", link
    assert parse_qs(urlsplit(link).query) == {"kind": ["action"], "since": ["2024-01-01"]}, link
    response = client.get(link)
    assert response.status_code == 200 and response.headers["content-type"].startswith(
        "text/csv"
    ), response.headers
    assert "attachment" in response.headers["content-disposition"], response.headers
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0] == [*FIELDS, "chain"], rows[0]
    assert [r[FIELDS.index("kind")] for r in rows[1:]] == ["action", "action"], rows
    assert rows[2][FIELDS.index("owner")] == "Head of Commissioning", rows[2]


def test_api_returns_the_stable_json_list(client):
    response = client.get("/api/decisions", params={"kind": "recommendation"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert isinstance(body, list) and len(body) == 4, body
    first = body[0]
    assert list(first)[: len(FIELDS)] == list(FIELDS), list(first)
    assert set(first) == {*FIELDS, "chain", "open", "url"}, set(first)
    assert first["number"] == "1" and first["meeting_date"] == "2024-03-12", first
    assert first["url"].startswith(f"/papers/{first['paper_id']}?chunk={first['chunk_id']}")
    assert first["open"] is True and first["chain"] == [], first


def test_chain_is_a_disclosure_newest_first_with_source_links(harbour):
    soup = _soup(harbour.get("/decisions", params={"kind": "recommendation"}))
    records = _records(soup)
    assert len(records) == 2, _texts(soup)
    january = next(r for r in records if "10 January 2024" in r.select_one(".record-facts").text)
    chain = january.select_one("details.chain")
    assert chain is not None and "1 linked record" in chain.summary.text, january
    entry = chain.select_one("li")
    assert "11 June 2024" in entry.select_one(".chain-head").text, entry
    link = entry.find("a")["href"]
    own = january.select_one(".record-source a")["href"]
    assert link.startswith("/papers/") and link != own, (link, own)
    api = harbour.get("/api/decisions", params={"kind": "recommendation"}).json()
    assert all(len(r["chain"]) == 1 and r["chain"][0]["url"] for r in api), api


def test_record_text_is_escaped(harbour):
    response = harbour.get("/decisions")
    soup = _soup(response)
    assert not soup.select("main script"), "record text must never become a script element"
    assert "&lt;script&gt;alert(&#39;lamps&#39;)" in response.text, response.text[:2000]
    assert any("<script>alert('lamps')</script>" in t for t in _texts(soup)), _texts(soup)
    assert "script-src 'self'" in response.headers["content-security-policy"]


def test_empty_state_before_anything_is_ingested(empty_client):
    soup = _soup(empty_client.get("/decisions"))
    assert not _records(soup)
    empty = soup.select_one("section.empty").get_text(" ", strip=True)
    assert "No decisions recorded yet: run boardpapers ingest PATH" in empty, empty
    assert empty_client.get("/api/decisions").json() == []
    rows = list(csv.reader(io.StringIO(empty_client.get("/decisions.csv").text)))
    assert rows == [[*FIELDS, "chain"]], rows


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"since": "12/03/2024"}, "From date must be a date"),
        ({"until": "soon"}, "To date must be a date"),
        ({"kind": "minute"}, "Unknown record kind 'minute'"),
        ({"since": "2024-05-01", "until": "2024-01-01"}, "The date range is reversed"),
    ],
)
def test_bad_filters_are_a_clear_400(client, params, message):
    page = client.get("/decisions", params=params)
    assert page.status_code == 400, page.status_code
    assert message in _problem(page), page.text[:500]
    api = client.get("/api/decisions", params=params)
    assert api.status_code == 400 and message in api.json()["error"], api.text
    assert client.get("/decisions.csv", params=params).status_code == 400


def test_bad_open_flag_is_a_4xx_not_a_500(client):
    response = client.get("/decisions", params={"open": "perhaps"})
    assert 400 <= response.status_code < 500, response.status_code
    assert "open" in _problem(response), response.text[:500]


def _problem(response) -> str:
    return BeautifulSoup(response.text, "html.parser").select_one(".problem").get_text()


# Sixty numbered recommendations and one resolution at one meeting: two pages of records.
MANY = 60
BERTHS = "\n".join(
    f"{n}. That the Board lets mooring berth {n} on the eastern pontoon to a new licensee."
    for n in range(1, MANY + 1)
)
MOORINGS = f"""MINUTES of the meeting of the HARBOUR TRUST BOARD held on 9 September 2024.
7/24 MOORING LICENCES [Item 7]
Recommendations:
{BERTHS}
RESOLVED:
That the Board notes the mooring licence report.
"""


@pytest.fixture(scope="module")
def moorings_index(tmp_path_factory, hash_embedder):
    root = tmp_path_factory.mktemp("moorings")
    papers.make_txt(root / "papers" / "2024-09-09" / "Minutes 9 September 2024.txt", MOORINGS)
    return build_index(root / "papers", root / "index", hash_embedder)


@pytest.fixture
def moorings(moorings_index, hash_embedder):
    with TestClient(create_app(settings_for(moorings_index), embedder=hash_embedder)) as c:
        yield c


def _numbers(soup: BeautifulSoup) -> list[int]:
    kinds = [r.select_one(".record-kind").get_text(strip=True) for r in _records(soup)]
    return [int(k.rsplit(" ", 1)[1]) for k in kinds if k.startswith("Recommendation ")]


def _query(link: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(link).query)


def test_a_long_register_is_paged_fifty_at_a_time_with_the_total(moorings):
    soup = _soup(moorings.get("/decisions", params={"kind": "recommendation"}))
    assert _numbers(soup) == list(range(1, 51)), _numbers(soup)
    status = soup.select_one(".register-summary [role=status]").get_text(" ", strip=True)
    assert status.startswith(f"{MANY} records") and "Showing 1–50" in status, status
    assert "Page 1 of 2" in soup.select_one("nav.pager").get_text(" ", strip=True)
    assert soup.select_one("nav.pager a[rel=prev]") is None, "page 1 has no previous page"
    assert soup.select_one("ol.records")["start"] == "1"


def test_next_and_previous_links_keep_the_filters(moorings):
    params = {"kind": "recommendation", "since": "2024-01-01", "topic": "mooring berth"}
    first = _soup(moorings.get("/decisions", params=params))
    following = first.select_one("nav.pager a[rel=next]")["href"]
    assert urlsplit(following).path == "/decisions", following
    wanted = {k: [v] for k, v in params.items()}
    assert _query(following) == {**wanted, "page": ["2"]}, following
    second = _soup(moorings.get(following))
    back = second.select_one("nav.pager a[rel=prev]")["href"]
    assert _query(back) == wanted, back  # page 1 is the page without a number
    assert second.select_one("nav.pager a[rel=next]") is None, "page 2 is the last"
    assert second.select_one("#d-kind option[selected]")["value"] == "recommendation"
    csv_link = second.find("a", string="Download CSV")["href"]
    assert "page" not in _query(csv_link), csv_link  # the CSV is every matching record


def test_page_two_shows_the_rest(moorings):
    soup = _soup(moorings.get("/decisions", params={"kind": "recommendation", "page": 2}))
    assert _numbers(soup) == list(range(51, MANY + 1)), _numbers(soup)
    assert soup.select_one("ol.records")["start"] == "51"
    every = _soup(moorings.get("/decisions")).select_one("nav.pager").get_text(" ", strip=True)
    assert "Page 1 of 2" in every, every  # 60 recommendations and the resolution


def test_a_page_past_the_end_says_so_and_links_to_the_last(moorings):
    soup = _soup(moorings.get("/decisions", params={"kind": "recommendation", "page": 99}))
    assert not _records(soup)
    empty = soup.select_one("section.empty").get_text(" ", strip=True)
    assert f"Page 99 is past the end: these filters match {MANY} records on 2 pages" in empty, empty
    last = soup.select_one("section.empty a")["href"]
    assert _query(last) == {"kind": ["recommendation"], "page": ["2"]}, last
    bad = moorings.get("/decisions", params={"page": 0})
    assert bad.status_code == 400 and "page" in _problem(bad), bad.text[:500]


def test_csv_and_api_return_every_record_and_the_api_can_slice(moorings):
    wanted = {"kind": "recommendation"}
    rows = list(csv.reader(io.StringIO(moorings.get("/decisions.csv", params=wanted).text)))
    assert len(rows) == 1 + MANY, len(rows)
    body = moorings.get("/api/decisions", params=wanted).json()
    assert [r["number"] for r in body] == [str(n) for n in range(1, MANY + 1)], body
    part = moorings.get("/api/decisions", params={**wanted, "offset": 50, "limit": 5}).json()
    assert [r["number"] for r in part] == ["51", "52", "53", "54", "55"], part
    rest = moorings.get("/api/decisions", params={**wanted, "offset": 58}).json()
    assert [r["number"] for r in rest] == ["59", "60"], rest
    bad = moorings.get("/api/decisions", params={"offset": -1})
    assert bad.status_code == 422 and "offset" in bad.json()["error"], bad.text


@pytest.fixture(scope="module")
def council_index(tmp_path_factory, hash_embedder):
    root = tmp_path_factory.mktemp("council")
    papers.make_council_minutes_pdf(root / "papers" / "Minutes 20 June 2024.pdf")
    return build_index(root / "papers", root / "index", hash_embedder)


def test_amendments_show_who_moved_them_and_the_outcome(council_index, hash_embedder):
    app = create_app(settings_for(council_index), embedder=hash_embedder)
    with TestClient(app) as council:
        soup = _soup(council.get("/decisions", params={"kind": "amendment"}))
        kinds = soup.select("#d-kind option")
    records = _records(soup)
    assert [r.select_one(".record-kind").get_text(strip=True) for r in records] == [
        "Amendment 3",
        "Amendment 5",
    ], _texts(soup)
    facts = _facts(records[0])
    assert facts["Moved"] == "Proposed by Mr Varga, seconded by Mrs Osei", facts
    assert facts["Outcome"] == "lost (For 12, Against 20, Abstain 2)", facts
    text = records[0].select_one(".record-text").get_text()
    assert "(3) Ask that no branch library closes" in text, "the record reads as what was moved"
    assert "Wording" not in facts, "its wording is on the same page: nothing more to add"
    assert not records[0].select(".badge"), "a motion is neither open nor closed"
    assert {"motion", "amendment"} <= {o["value"] for o in kinds}, kinds


AGREED = """MINUTES of the meeting of the GLENROSS LEARNING COMMITTEE held on 11 September 2024.
3 SCHOOL BUILDINGS PLAN [Item 3]
Decision
The Committee agreed:-
1) to note the condition survey;
2) to approve a capital allocation of £1.2 million.
"""


def test_a_part_is_shown_under_the_lead_in_it_hangs_from(tmp_path, hash_embedder):
    papers.make_txt(tmp_path / "papers" / "Minutes 11 September 2024.txt", AGREED)
    index_dir = build_index(tmp_path / "papers", tmp_path / "index", hash_embedder)
    with TestClient(create_app(settings_for(index_dir), embedder=hash_embedder)) as c:
        soup = _soup(c.get("/decisions"))
    records = _records(soup)
    assert _texts(soup) == [
        "to note the condition survey;",
        "to approve a capital allocation of £1.2 million.",
    ], _texts(soup)
    leads = [r.select_one(".record-lead").get_text(strip=True) for r in records]
    assert leads == ["The Committee agreed:-"] * 2, leads
