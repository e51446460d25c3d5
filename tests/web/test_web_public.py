"""Serving the public: links that always highlight, removed papers that say so, no server path in
any response, HEAD wherever GET, a cheap health check, request logs, safe CSV, rate limits."""

from __future__ import annotations

import csv
import io
import json
import logging
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from tests.web.conftest import TOKEN, settings_for
from web.app import create_app
from web.decisions import csv_text
from web.ratelimit import client_key

AUTH = {"Authorization": f"Bearer {TOKEN}"}
QUESTIONS = [
    "What was the home care vacancy rate?",
    "What did we recommend on home care?",
    "What was resolved about the meals on wheels contract?",
    "When is the next meeting?",
    "Who gave evidence on meals on wheels?",
]


def _soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def _flat(text: str) -> str:
    return " ".join(text.split())


def _marked(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.text[:300])
    marks = _soup(response).select("mark.quote")
    assert len(marks) == 1, f"{url}: one highlighted run expected, got {len(marks)}"
    return marks[0].get_text()


@pytest.mark.parametrize("question", QUESTIONS)
def test_every_citation_url_opens_with_the_whole_quote_marked(client, question, never_refuse):
    body = client.post("/api/ask", json={"question": question}).json()
    assert body["citations"], f"no citations for {question!r}: {body['answer']}"
    for c in body["citations"]:
        assert c["start"] is not None and c["end"] - c["start"] == len(c["quote"]), c
        query = parse_qs(urlsplit(c["url"]).query)
        assert query["start"] == [str(c["start"])] and "q" not in query, c["url"]
        assert _flat(_marked(client, c["url"])) == _flat(c["quote"]), c


def test_the_chat_links_the_same_url_as_the_api(client):
    question = QUESTIONS[1]
    api = client.post("/api/ask", json={"question": question}).json()
    page = _soup(client.post("/ask", data={"question": question}))
    links = [a["href"] for a in page.select("li.source a.open")]
    assert links == [f"{c['url']}#cited" for c in api["citations"]], (links, api["citations"])


def test_a_quote_of_any_length_is_marked_whole_in_the_text_and_on_the_page(client):
    minutes = next(p for p in client.get("/api/papers").json() if p["file_type"] == "pdf")
    chunks = client.app.state.boardpapers.index().chunks(minutes["paper_id"])
    longest = max(chunks, key=lambda h: len(h.text))
    assert len(longest.text) > 400, "a passage longer than the old 400-character cut is needed"
    url = f"/papers/{longest.paper_id}?chunk={longest.chunk_id}&start=0&end={len(longest.text)}"
    assert _flat(_marked(client, url)) == _flat(longest.text)
    image = _soup(client.get(url)).select_one("figure.pageimage img")["src"]
    assert "start=0" in image and "q=" not in image, image
    plain = client.get(f"/papers/{longest.paper_id}/pages/{longest.page}.png").content
    assert client.get(image).content != plain, "the quote is boxed on the page image"


def test_offsets_outside_the_passage_highlight_the_passage_instead(client):
    hit = client.get("/api/search", params={"q": "meals on wheels"}).json()["results"][0]
    url = f"/papers/{hit['paper_id']}?chunk={hit['chunk_id']}&start=5&end=999999"
    response = client.get(url)
    assert response.status_code == 200 and _soup(response).select_one("#cited"), response.text


def test_old_links_to_a_removed_paper_say_it_was_removed(admin_client):
    body = admin_client.post("/api/ask", json={"question": QUESTIONS[0]}).json()
    cited = body["citations"][0]
    response = admin_client.delete(f"/api/papers/{cited['paper_id']}", headers=AUTH)
    assert response.status_code == 200, response.text
    for url in (
        cited["url"],
        f"/papers/{cited['paper_id']}/file",
        f"/papers/{cited['paper_id']}/pages/1.png",
        f"/chunks/{cited['chunk_id']}",
        f"/api/chunks/{cited['chunk_id']}",
        f"/api/papers/{cited['paper_id']}",
    ):
        gone = admin_client.get(url)
        assert gone.status_code == 410, (url, gone.status_code)
        assert "removed" in gone.text, (url, gone.text[:300])
    assert admin_client.get("/api/chunks/999999").status_code == 404, "never handed out: 404"


def test_a_passage_id_is_never_reused_after_its_paper_is_removed(admin_client):
    papers = admin_client.get("/api/papers").json()
    index = admin_client.app.state.boardpapers.index()
    old = {h.chunk_id for p in papers for h in index.chunks(p["paper_id"])}
    newest = max(old)
    last = next(p for p in papers if newest in {h.chunk_id for h in index.chunks(p["paper_id"])})
    assert admin_client.delete(f"/api/papers/{last['paper_id']}", headers=AUTH).status_code == 200
    text = b"MINUTES OF THE PIER PANEL\n3/24 PIER LIGHTS [Item 3]\nThe lights are replaced.\n"
    added = admin_client.post("/api/papers", files={"file": ("pier.txt", text)}, headers=AUTH)
    assert added.status_code == 201, added.text
    fresh = admin_client.app.state.boardpapers.index().chunks(added.json()["paper"]["paper_id"])
    assert fresh and min(h.chunk_id for h in fresh) > newest, "ids go on from the highest ever"


def _strings(value):
    if isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)
    elif isinstance(value, str):
        yield value


def test_no_public_response_names_a_server_path(client, built_index):
    root = str(built_index.parent)
    hit = client.get("/api/search", params={"q": "home care"}).json()["results"][0]
    responses = {
        "/api/papers": client.get("/api/papers"),
        "/api/search": client.get("/api/search", params={"q": "home care"}),
        "/api/ask": client.post("/api/ask", json={"question": QUESTIONS[0]}),
        "/api/chunks": client.get(f"/api/chunks/{hit['chunk_id']}"),
        "/api/decisions": client.get("/api/decisions"),
        "/healthz": client.get("/healthz"),
    }
    for name, response in responses.items():
        assert response.status_code == 200, (name, response.text[:200])
        leaked = [s for s in _strings(response.json()) if root in s]
        assert not leaked, f"{name} names a server path: {leaked[:2]}"
    files = {p["file"] for p in responses["/api/papers"].json()}
    assert "Minutes 12 March 2024.pdf" in files and all("/" not in f for f in files), files


def test_no_error_names_a_server_path(empty_client, tmp_path):
    for response in (empty_client.get("/api/papers/abc"), empty_client.get("/papers/abc")):
        assert response.status_code == 503, response.text
        assert str(tmp_path) not in response.text, response.text


def test_a_text_file_named_pdf_is_refused_as_ingest_refuses_it(admin_client):
    before = admin_client.get("/api/papers").json()
    response = admin_client.post(
        "/api/papers", files={"file": ("notes.pdf", b"Hello, these are my notes.\n")}, headers=AUTH
    )
    assert response.status_code == 422, response.text
    message = response.json()["error"]
    assert "`notes.pdf` is damaged or mislabelled (not a PDF" in message, message
    assert "b'" not in message and "/" not in message, f"bytes or a path shown: {message}"
    assert admin_client.get("/api/papers").json() == before, "nothing was added"


def test_head_works_wherever_get_does(client):
    minutes = next(p for p in client.get("/api/papers").json() if p["file_type"] == "pdf")
    paper = f"/papers/{minutes['paper_id']}"
    pages = ["/", "/library", "/decisions", "/healthz", "/api/papers", "/static/app.css"]
    for url in [*pages, paper, f"{paper}/file"]:
        got, head = client.get(url), client.head(url)
        assert head.status_code == got.status_code == 200, (url, head.status_code)
        assert head.content == b"", f"HEAD {url} sent a body"
        assert head.headers["content-type"] == got.headers["content-type"], url
    assert client.head("/ask").status_code == 405, "HEAD only where GET works"


def test_healthz_counts_papers_without_listing_them(client, monkeypatch):
    from index.store import Index

    def listing(*args, **kwargs):
        raise AssertionError("/healthz listed every paper")

    monkeypatch.setattr(Index, "papers", listing)
    body = client.get("/healthz").json()
    assert body == {"status": "ok", "ready": True, "papers": 3}, body


def test_each_request_is_logged_without_its_query(client, caplog):
    with caplog.at_level(logging.INFO, logger="web.requests"):
        client.get("/api/search", params={"q": "a private question"})
        client.get("/nowhere")
    lines = [r.getMessage() for r in caplog.records if r.name == "web.requests"]
    assert any(line.startswith("GET /api/search 200 ") for line in lines), lines
    assert any(line.startswith("GET /nowhere 404 ") for line in lines), lines
    assert not any("private" in line for line in lines), "questions stay out of the log"


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised():
    record = {
        "record_id": 1,
        "kind": "action",
        "number": "-1",
        "text": '=HYPERLINK("http://example.invalid","Click")',
        "committee": "+Harbour Board",
        "item": "@SUM(A1:A9)",
        "owner": "\t=1+1",
        "status": "Open",
        "chain": [],
    }
    rows = list(csv.reader(io.StringIO(csv_text([record]))))
    cells = dict(zip(rows[0], rows[1], strict=True))
    for field in ("number", "text", "committee", "item", "owner"):
        assert cells[field].startswith("'"), f"{field}: {cells[field]!r} would be evaluated"
    assert cells["status"] == "Open", "ordinary cells are unchanged"


def test_the_rate_limit_answers_429_with_retry_after(built_index, hash_embedder):
    app = create_app(settings_for(built_index, rate_limit=2), embedder=hash_embedder)
    with TestClient(app, client=("203.0.113.9", 40000)) as far:
        codes = [far.get("/api/search", params={"q": "home care"}).status_code for _ in range(3)]
        assert codes == [200, 200, 429], codes
        refused = far.post("/api/ask", json={"question": QUESTIONS[0]})
        assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1, refused
        assert "a minute" in refused.json()["error"], refused.json()
        page = far.post("/ask", data={"question": QUESTIONS[0]})
        assert page.status_code == 429 and page.headers["retry-after"], page.status_code
        assert "Too many questions" in _soup(page).select_one(".problem").text
    with TestClient(app, client=("127.0.0.1", 40001)) as local:
        codes = {local.get("/api/search", params={"q": "home"}).status_code for _ in range(4)}
        assert codes == {200}, "the machine itself is not limited by default"


@pytest.mark.parametrize(
    ("host", "key", "loopback"),
    [
        ("127.0.0.1", "127.0.0.1", True),
        ("::1", "::1", True),
        ("::ffff:10.1.2.3", "10.1.2.3", False),
        ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64", False),
        ("2001:db8:1:2:bbbb::9", "2001:db8:1:2::/64", False),
        ("testclient", "testclient", False),
    ],
)
def test_clients_are_counted_by_address_and_ipv6_by_network(host, key, loopback):
    assert client_key(host) == (key, loopback)


def test_request_bodies_over_the_limit_are_refused(client):
    response = client.post(
        "/api/ask",
        content=json.dumps({"question": "x", "context": "y" * (2 << 20)}),
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 413, response.text


def test_an_upload_streamed_without_a_length_is_cut_off_at_the_limit(fresh_index, hash_embedder):
    settings = settings_for(fresh_index, admin_token=TOKEN, max_upload_mb=1)
    app = create_app(settings, embedder=hash_embedder)

    def body():
        yield b'--x\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\n\r\n'
        for _ in range(40):
            yield b"Board minutes. " * 4096  # 60 KiB at a time, 2.4 MiB in all

    headers = {**AUTH, "content-type": "multipart/form-data; boundary=x"}
    with TestClient(app) as client:
        response = client.post("/api/papers", content=body(), headers=headers)
        assert response.status_code == 413, response.text
        assert "1 MiB" in response.json()["error"], response.json()
        uploads = client.app.state.boardpapers.uploads_dir
        assert not uploads.exists() or not any(uploads.iterdir()), "nothing was stored"
