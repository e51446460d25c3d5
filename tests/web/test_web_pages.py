"""The HTML pages as a user sees them: chat without JavaScript, viewer, library, errors, safety."""

from __future__ import annotations

import io
from urllib.parse import parse_qs, urlsplit

import numpy as np
import pytest
from bs4 import BeautifulSoup
from PIL import Image

QUESTION = "What was the home care vacancy rate?"


def _soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def _ask(client, question: str = QUESTION, **form) -> BeautifulSoup:
    """Post the chat form as a browser without JavaScript does, following the redirect."""
    response = client.post("/ask", data={"question": question, **form})
    assert response.status_code == 200, response.text
    assert urlsplit(str(response.url)).query.startswith("c="), response.url
    return _soup(response)


def _conversation_id(soup: BeautifulSoup) -> str:
    return soup.select_one("input[name=conversation]")["value"]


def test_chat_page_has_a_labelled_question_box_and_filters(client):
    soup = _soup(client.get("/"))
    box = soup.select_one("textarea#question")
    assert box is not None and soup.select_one("label[for=question]"), "question box needs a label"
    form = soup.select_one("form#ask-form")
    assert form["method"] == "post" and form["action"] == "/ask", form.attrs
    committees = [o.text for o in soup.select("#f-committee option")]
    assert "Adult Services Select Committee" in committees, committees
    kinds = [o["value"] for o in soup.select("#f-kind option")]
    assert "minutes" in kinds, kinds
    assert soup.select_one("input#f-since[type=date]") and soup.select_one("label[for=f-until]")


def test_chat_answers_without_javascript_with_linked_sources(client):
    soup = _ask(client)
    turn = soup.select_one("article.turn")
    assert turn.select_one(".question").text.endswith(QUESTION), turn.select_one(".question")
    markers = turn.select(".answer a.marker")
    assert markers, f"answer has no [n] markers: {turn.select_one('.answer')}"
    for marker in markers:
        target = soup.select_one(marker["href"])
        assert target is not None and "source" in target["class"], marker["href"]
    card = turn.select_one("li.source")
    text = card.get_text(" ", strip=True)
    assert "Adult Services Select Committee" in text and "12 March 2024" in text, text
    assert "page" in card.select_one(".doc").text, card.select_one(".doc")
    assert card.select_one("blockquote.quote").text.strip(), "the source card quotes the passage"
    link = card.select_one("a.open")["href"]
    assert link.startswith("/papers/") and link.endswith("#cited"), link


def test_follow_up_keeps_the_conversation(client):
    first = _ask(client)
    second = _ask(client, "How much did the recruitment campaign cost?",
                  conversation=_conversation_id(first))  # fmt: skip
    questions = [q.text for q in second.select("article.turn .question")]
    assert len(questions) == 2, questions
    assert questions[0].endswith(QUESTION), questions
    assert _conversation_id(second) == _conversation_id(first)


def test_script_gets_just_the_new_turn(client):
    response = client.post(
        "/ask", data={"question": QUESTION}, headers={"X-Requested-With": "fetch"}
    )
    assert response.status_code == 200, response.text
    assert "<html" not in response.text and 'class="turn"' in response.text, response.text[:200]
    assert _soup(response).select_one("article.turn")["data-conversation"]


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"question": "  "}, "empty"),
        ({"question": "x" * 1001}, "limit is 1000"),
        ({"question": "budget", "since": "someday"}, "From date"),
        ({"question": "budget", "kind": "memo"}, "Unknown document kind"),
    ],
)
def test_bad_questions_show_a_message_on_the_chat_page(client, form, message):
    response = client.post("/ask", data=form)
    assert response.status_code == 400, response.text
    problem = _soup(response).select_one(".problem")
    assert problem is not None and message in problem.text, response.text[:500]
    fragment = client.post("/ask", data=form, headers={"X-Requested-With": "fetch"})
    assert fragment.status_code == 400 and message in fragment.text, fragment.text


def test_filters_narrow_the_answer_and_stay_selected(client):
    planned = "What is on the forward work programme for June 2024?"
    soup = _ask(client, planned, kind="forward_plan")
    cited = {parse_qs(urlsplit(a["href"]).query)["chunk"][0] for a in soup.select("li.source a")}
    assert cited, "the forward plan answers"
    body = client.post(
        "/api/ask", json={"question": planned, "filters": {"kinds": ["forward_plan"]}}
    ).json()
    assert {str(c["chunk_id"]) for c in body["citations"]} == cited, "the page and API agree"
    assert all(c["kind"] == "forward_plan" for c in body["citations"]), body["citations"]
    selected = soup.select_one("#f-kind option[selected]")
    assert selected is not None and selected["value"] == "forward_plan", "filters stay selected"


def _cited_link(client) -> str:
    return _ask(client).select_one("li.source a.open")["href"]


def test_citation_opens_the_page_with_the_quote_highlighted(client):
    link = _cited_link(client)
    params = parse_qs(urlsplit(link).query)
    response = client.get(link)
    assert response.status_code == 200, response.text
    soup = _soup(response)
    cited = soup.select_one("#cited")
    assert cited is not None and cited.name == "mark", "the quote is marked and is the anchor"
    quote = _ask(client).select_one("li.source blockquote.quote").text
    assert " ".join(cited.text.split()) == " ".join(quote.split()), cited.text
    trail = [li.get_text(strip=True) for li in soup.select("nav.trail li")]
    assert trail[0] == "Library" and f"Page {params['page'][0]}" in trail, trail
    assert "Adult Services Select Committee" in trail, trail
    original = soup.select_one("a.original")["href"]
    assert original.endswith(f"/file#page={params['page'][0]}"), original
    assert soup.select_one("a[rel=prev]") and soup.select_one("a[rel=next]"), "middle page"


def test_page_image_is_a_png_with_the_quote_highlighted(client):
    soup = _soup(client.get(_cited_link(client)))
    src = soup.select_one("figure.pageimage img")["src"]
    highlighted = client.get(src)
    assert highlighted.status_code == 200 and highlighted.headers["content-type"] == "image/png"
    plain = client.get(src.split("?")[0])
    assert plain.status_code == 200
    a = np.asarray(Image.open(io.BytesIO(highlighted.content)).convert("RGB")).astype(int)
    b = np.asarray(Image.open(io.BytesIO(plain.content)).convert("RGB")).astype(int)
    assert a.shape == b.shape, (a.shape, b.shape)
    changed = int((a != b).any(axis=2).sum())
    yellowish = int(((a[..., 0] > 200) & (a[..., 1] > 180) & (a[..., 2] < 150)).sum())
    assert changed > 1000 and yellowish > 1000, (changed, yellowish)


def test_viewer_pages_and_bounds(client):
    minutes = next(p for p in client.get("/api/papers").json() if p["file_type"] == "pdf")
    first = _soup(client.get(f"/papers/{minutes['paper_id']}"))
    assert "Page 1 of 3" in first.select_one(".pager").text
    assert first.select_one("a[rel=prev]") is None and first.select_one("a[rel=next]")
    assert "MEALS ON WHEELS" in first.select_one(".pagetext").text
    missing = client.get(f"/papers/{minutes['paper_id']}?page=9")
    assert missing.status_code == 404 and "has 3 pages" in missing.text, missing.text[:300]


def test_original_files_are_served_safely(client):
    rows = {p["file_type"]: p for p in client.get("/api/papers").json()}
    pdf = client.get(f"/papers/{rows['pdf']['paper_id']}/file")
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert pdf.headers["content-disposition"].startswith("inline")
    html = client.get(f"/papers/{rows['html']['paper_id']}/file")
    assert html.headers["content-type"].startswith("text/plain"), "HTML originals never run"


def test_paper_text_is_escaped_and_pages_send_a_csp(client):
    txt = next(p for p in client.get("/api/papers").json() if p["file_type"] == "txt")
    response = client.get(f"/papers/{txt['paper_id']}")
    assert response.status_code == 200, response.text
    assert "<script>alert" not in response.text, "paper text must be escaped"
    assert "&lt;script&gt;alert(" in response.text, response.text
    soup = _soup(response)
    assert [s.get("src") for s in soup.select("script")] == ["/static/app.js"], "no inline JS"
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp, csp


def test_escaping_in_chat_sources(client):
    soup = _ask(client, "What did the security review say about the lighthouse keepers?")
    assert not soup.select(".turn script, .turn b"), "markup from papers must not render"


def test_library_groups_papers_by_committee_and_meeting(client):
    soup = _soup(client.get("/library"))
    committees = [h.contents[0].strip() for h in soup.select("section.committee h2")]
    assert "Adult Services Select Committee" in committees, committees
    assert "3 papers" in soup.select_one("main").text
    links = [a["href"] for a in soup.select("ul.papers a")]
    assert len(links) == 3 and all(h.startswith("/papers/") for h in links), links
    assert all(client.get(h).status_code == 200 for h in links), "each paper opens in the viewer"


@pytest.mark.parametrize("path", ["/", "/library"])
def test_empty_states_say_what_to_do(empty_client, path):
    response = empty_client.get(path)
    assert response.status_code == 200, response.text
    empty = _soup(response).select_one(".empty")
    assert empty is not None and "boardpapers ingest" in empty.text, response.text[:500]


def test_asking_with_no_papers_says_what_to_do(empty_client):
    response = empty_client.post("/ask", data={"question": "What did we decide?"})
    assert response.status_code == 404, response.text
    assert "boardpapers ingest" in _soup(response).select_one(".problem").text


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/nowhere", 404),
        ("/papers/0000000000000000", 404),
        ("/papers/0000000000000000/file", 404),
        ("/chunks/999999", 404),
        ("/papers/x?page=abc", 400),
    ],
)
def test_errors_render_the_error_page(client, path, status):
    response = client.get(path)
    assert response.status_code == status, response.text
    soup = _soup(response)
    assert soup.select_one("h1#error-title"), response.text[:300]
    assert soup.select_one(".problem").text.strip(), "the error says what happened"


def test_chunk_link_redirects_to_the_viewer(client):
    hit = client.get("/api/search", params={"q": "meals on wheels"}).json()["results"][0]
    response = client.get(f"/chunks/{hit['chunk_id']}", follow_redirects=False)
    assert response.status_code == 303, response.text
    assert response.headers["location"].startswith(f"/papers/{hit['paper_id']}?chunk=")


def test_text_paper_citation_shows_its_section_highlighted(client):
    hit = client.get("/api/search", params={"q": "security review lighthouse keepers"}).json()[
        "results"
    ][0]
    quote = "the lighthouse keepers are thanked"
    soup = _soup(
        client.get(f"/papers/{hit['paper_id']}", params={"chunk": hit["chunk_id"], "q": quote})
    )
    assert soup.select_one("mark#cited").text == quote, soup.select_one(".pagetext")
    assert "Section 1 of" in soup.select_one(".pager").text, soup.select_one(".pager")
    assert soup.select_one("figure.pageimage") is None, "text papers have no page image"


def test_viewer_falls_back_to_indexed_text_when_the_pdf_has_moved(tmp_path, hash_embedder):
    from fastapi.testclient import TestClient

    from tests.web.conftest import build_index, make_papers, settings_for
    from web.app import create_app

    folder = make_papers(tmp_path / "papers")
    index = build_index(folder, tmp_path / "index", hash_embedder)
    for pdf in folder.rglob("*.pdf"):
        pdf.unlink()
    with TestClient(create_app(settings_for(index), embedder=hash_embedder)) as client:
        minutes = next(p for p in client.get("/api/papers").json() if p["file_type"] == "pdf")
        response = client.get(f"/papers/{minutes['paper_id']}?page=2")
        assert response.status_code == 200, response.text
        soup = _soup(response)
        notice = soup.select_one(".notice").text
        assert "has moved" in notice and str(tmp_path) not in notice, notice
        assert "HOME CARE WORKFORCE" in soup.select_one(".pagetext").text
        assert soup.select_one("figure.pageimage") is None
        assert client.get(f"/papers/{minutes['paper_id']}/file").status_code == 404


def test_an_answers_own_note_links_to_the_decisions_page(
    client, monkeypatch, structured_answers_only
):
    import assistant.from_progress as progress

    # the hashing embedder gives the fitted models no meaning to read: this is about how a
    # note is shown, so the register's answer is the only one proposed
    monkeypatch.setattr(progress, "MAX_OPEN", 1)
    soup = _ask(client, "Which actions are still open?")
    answer = soup.select_one(".turn .answer")
    links = [a["href"] for a in answer.select("a:not(.marker)")]
    assert links == ["/decisions?open=1"], f"the note's page link is clickable: {answer}"
    assert "open in all" in answer.get_text(), answer.get_text()
