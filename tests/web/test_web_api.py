"""The JSON API through FastAPI's TestClient: every endpoint, filters and malformed requests."""

from __future__ import annotations

import pytest

from tests.web.conftest import HOSTILE_TEXT

ASK_KEYS = {"question", "answer", "answered", "citations", "passages"}
CITATION_KEYS = {
    "n", "paper_id", "chunk_id", "document", "file", "committee", "meeting_date", "kind", "item",
    "page", "quote", "url",
}  # fmt: skip


def _minutes(client) -> dict:
    rows = client.get("/api/papers").json()
    return next(p for p in rows if p["file_type"] == "pdf")


def test_healthz_reports_ready_and_paper_count(client):
    body = client.get("/healthz").json()
    assert body["status"] == "ok" and body["ready"] is True, body
    assert body["papers"] == 3, f"three fixture papers expected: {body}"


def test_healthz_before_any_ingest_is_not_ready(empty_client):
    response = empty_client.get("/healthz")
    assert response.status_code == 200, response.text
    assert response.json()["ready"] is False, response.json()


def test_papers_lists_every_paper_with_its_meeting(client):
    rows = client.get("/api/papers").json()
    assert len(rows) == 3, rows
    minutes = next(p for p in rows if p["file_type"] == "pdf")
    assert minutes["committee"] == "Adult Services Select Committee", minutes
    assert minutes["meeting_date"] == "2024-03-12", minutes
    assert minutes["pages"] == 3 and minutes["chunks"] > 0, minutes
    assert minutes["url"] == f"/papers/{minutes['paper_id']}", minutes


def test_papers_filter_by_kind(client):
    rows = client.get("/api/papers", params={"kind": "forward_plan"}).json()
    assert rows and all(p["file_type"] == "html" for p in rows), rows


def test_papers_is_empty_before_any_ingest(empty_client):
    assert empty_client.get("/api/papers").json() == [], "no index must list no papers"


def test_paper_by_id_and_unknown_id(client):
    minutes = _minutes(client)
    assert client.get(f"/api/papers/{minutes['paper_id']}").json() == minutes
    missing = client.get("/api/papers/0000000000000000")
    assert missing.status_code == 404, missing.text
    assert "No paper" in missing.json()["error"], missing.json()


def test_chunk_by_id_and_unknown_id(client):
    hit = client.get("/api/search", params={"q": "meals on wheels"}).json()["results"][0]
    chunk = client.get(f"/api/chunks/{hit['chunk_id']}").json()
    assert chunk["text"] == hit["text"], chunk
    assert chunk["url"].startswith(f"/papers/{hit['paper_id']}?chunk={hit['chunk_id']}"), chunk
    assert client.get("/api/chunks/999999").status_code == 404
    assert client.get("/api/chunks/not-a-number").status_code == 422


def test_search_finds_passages(client):
    results = client.get("/api/search", params={"q": "vacancy rate home care", "k": 3}).json()[
        "results"
    ]
    assert 0 < len(results) <= 3, results
    assert any("14%" in r["text"] for r in results), [r["text"][:80] for r in results]


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        ({"q": "budget", "kind": "memo"}, "Unknown document kind"),
        ({"q": "budget", "since": "2024-05-01", "until": "2024-01-01"}, "reversed"),
        ({"q": "   "}, "empty"),
        ({"q": "budget", "since": "yesterday"}, "since"),
        ({"q": "budget", "k": 0}, "k"),
    ],
)
def test_search_rejects_bad_parameters_with_a_message(client, params, fragment):
    response = client.get("/api/search", params=params)
    assert 400 <= response.status_code < 500, response.text
    assert fragment in response.json()["error"], response.json()


def test_search_filters_by_kind_and_committee(client):
    plans = client.get("/api/search", params={"q": "home care", "kind": "forward_plan"}).json()
    assert plans["results"], "the forward plan mentions home care"
    assert all(r["kind"] == "forward_plan" for r in plans["results"]), plans
    other = client.get("/api/search", params={"q": "home care", "committee": "Nobody"}).json()
    assert other["results"] == [], other


def test_ask_returns_the_ask_json_shape_with_citations(client):
    response = client.post("/api/ask", json={"question": "What was the home care vacancy rate?"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) >= ASK_KEYS, body.keys()
    assert body["answered"] and body["citations"], body
    citation = body["citations"][0]
    assert set(citation) >= CITATION_KEYS, citation.keys()
    assert "[1]" in body["answer"], body["answer"]
    assert citation["url"].startswith(f"/papers/{citation['paper_id']}"), citation


def test_ask_explains_on_request_as_ask_json_explain(client):
    question = {"question": "What was the home care vacancy rate?"}
    plain = client.post("/api/ask", json=question).json()
    assert "explain" not in plain, "the response keeps its shape unless explain is asked for"
    body = client.post("/api/ask", json={**question, "explain": True}).json()
    why = body["explain"]
    assert set(why) == {
        "question_type", "refused_by", "answered_by", "confidence", "candidates", "passages",
    }, why.keys()  # fmt: skip
    assert [p["chunk_id"] for p in why["passages"]] == [p["chunk_id"] for p in body["passages"]]
    assert why["candidates"] and 0 <= why["candidates"][0]["score"] <= 1, why["candidates"][:1]


def test_ask_accepts_context_and_filters(client):
    body = client.post(
        "/api/ask",
        json={
            "question": "And how much did the campaign cost?",
            "context": "What was the home care vacancy rate?",
            "filters": {"kinds": ["minutes"], "since": "2024-01-01"},
        },
    ).json()
    assert body["question"] == "And how much did the campaign cost?", body
    assert all(p["kind"] == "minutes" for p in body["passages"]), body["passages"]


@pytest.mark.parametrize(
    ("body", "status", "fragment"),
    [
        ({"question": ""}, 400, "empty"),
        ({"question": "x" * 1001}, 400, "limit is 1000"),
        ({}, 422, "question"),
        ({"question": "budget", "filters": {"kinds": ["memo"]}}, 400, "Unknown document kind"),
        ({"question": "budget", "k": 500}, 422, "k"),
        ({"question": ["not", "a", "string"]}, 422, "question"),
    ],
)
def test_ask_rejects_bad_requests_with_a_message(client, body, status, fragment):
    response = client.post("/api/ask", json=body)
    assert response.status_code == status, response.text
    assert fragment in response.json()["error"], response.json()


def test_ask_rejects_malformed_json(client):
    response = client.post(
        "/api/ask", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 422, response.text
    assert "error" in response.json(), response.text


def test_ask_before_any_ingest_says_what_to_do(empty_client):
    response = empty_client.post("/api/ask", json={"question": "What did we decide?"})
    assert response.status_code == 503, response.text
    assert "boardpapers ingest" in response.json()["error"], response.json()


def test_api_returns_paper_text_verbatim_in_json(client):
    results = client.get("/api/search", params={"q": "security review lighthouse"}).json()
    texts = [r["text"] for r in results["results"]]
    assert any("<script>alert('boardpapers')</script>" in t for t in texts), texts
    assert "<script>" in HOSTILE_TEXT


def test_openapi_documents_the_endpoints(client):
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/ask", "/api/search", "/api/papers", "/api/papers/{paper_id}",
                 "/api/chunks/{chunk_id}", "/healthz"):  # fmt: skip
        assert path in paths, f"{path} missing from OpenAPI"
    assert "/" not in paths and "/library" not in paths, "pages are not API endpoints"


def test_concurrent_requests_share_the_index_safely(client):
    from concurrent.futures import ThreadPoolExecutor

    minutes = _minutes(client)
    calls = [
        ("POST", "/api/ask", {"json": {"question": "What was the home care vacancy rate?"}}),
        ("GET", "/api/search", {"params": {"q": "meals on wheels contract"}}),
        ("GET", f"/papers/{minutes['paper_id']}/pages/2.png", {}),
        ("GET", f"/papers/{minutes['paper_id']}?page=3", {}),
    ] * 6
    expected = [client.request(m, u, **kw).content for m, u, kw in calls[:4]]
    with ThreadPoolExecutor(max_workers=8) as pool:
        responses = list(pool.map(lambda c: client.request(c[0], c[1], **c[2]), calls))
    assert all(r.status_code == 200 for r in responses), [r.status_code for r in responses]
    for i, response in enumerate(responses):
        assert response.content == expected[i % 4], f"request {i} differs under concurrency"
