"""The /timeline page and GET /api/timeline over fictional papers of several years; the page in a
headless browser with JavaScript off."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from tests.assistant.timeline_papers import write_papers
from tests.web.conftest import build_index, settings_for
from tests.web.test_web_real import CHROMIUM, _Server
from web.app import create_app
from web.middleware import CSP

TOPIC = "Riverside Link Road"


@pytest.fixture(scope="module")
def road_index(tmp_path_factory, hash_embedder) -> Path:
    root = tmp_path_factory.mktemp("timeline-web")
    return build_index(write_papers(root / "papers"), root / "index", hash_embedder)


@pytest.fixture
def road(road_index, hash_embedder):
    with TestClient(create_app(settings_for(road_index), embedder=hash_embedder)) as c:
        yield c


def test_page_draws_a_bar_per_meeting_and_lists_the_entries(road):
    response = road.get("/timeline", params={"topic": TOPIC})
    assert response.status_code == 200
    assert response.headers["content-security-policy"] == CSP
    soup = BeautifulSoup(response.text, "html.parser")
    bars = soup.select("figure.timeline-chart svg rect.bar")
    entries = soup.select("ol.timeline-entries > li")
    assert len(bars) == len(entries) == 5
    # each bar links to its entry, and the years are labelled
    assert [b.parent["href"] for b in bars] == [f"#{li['id']}" for li in entries]
    labels = [t.get_text() for t in soup.select("svg text.axis-label")]
    assert {"2019", "2023"} <= set(labels)
    # nothing the page needs runs as script: the chart is markup
    assert not soup.select("svg script") and not soup.select("[onclick]")
    first = entries[0]
    assert "12 March 2019" in first.get_text()
    link = first.select_one("a.open")["href"]
    assert "start=" in link and "end=" in link


def test_the_entry_link_opens_the_viewer_with_the_quote_highlighted(road):
    soup = BeautifulSoup(road.get("/timeline", params={"topic": TOPIC}).text, "html.parser")
    entry = soup.select("ol.timeline-entries > li")[1]
    quote = entry.select_one("blockquote").get_text().strip("“” ")
    viewer = BeautifulSoup(road.get(entry.select_one("a.open")["href"]).text, "html.parser")
    assert " ".join(viewer.select_one("mark#cited").get_text().split()) == " ".join(quote.split())


def test_api_gives_the_cli_json_shape(road):
    data = road.get("/api/timeline", params={"topic": "Castleford Relief Road"}).json()
    assert [e["meeting_date"][:4] for e in data["entries"]] == ["2019", "2020", "2021", "2022",
                                                                "2023"]  # fmt: skip
    assert data["entries"][-1]["kind"] == "question answered"
    assert road.get("/api/timeline", params={"topic": ""}).status_code == 400


def test_bad_dates_and_unknown_topics_say_so(road):
    bad = road.get("/timeline", params={"topic": TOPIC, "since": "March"})
    assert bad.status_code == 400 and "From date" in bad.text
    none = road.get("/timeline", params={"topic": "hedgehog sanctuary"})
    assert "No meeting dealt with" in none.text


def test_timeline_is_in_the_navigation_and_linked_from_a_register_topic(road):
    page = BeautifulSoup(road.get("/").text, "html.parser")
    assert page.select_one('nav a[href="/timeline"]')
    register = road.get("/decisions", params={"topic": "Riverside"}).text
    assert "/timeline?topic=Riverside" in register


def test_empty_index_shows_how_to_start(empty_client):
    assert "No papers yet" in empty_client.get("/timeline", params={"topic": "x"}).text


@pytest.mark.browser
def test_browser_without_javascript_draws_the_chart_and_follows_a_bar(road_index, hash_embedder,
                                                                       tmp_path):  # fmt: skip
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is missing (apt-get install chromium)")
    from playwright.sync_api import expect, sync_playwright

    app = create_app(settings_for(road_index), embedder=hash_embedder)
    with _Server(app) as server, sync_playwright() as pw:
        browser = pw.chromium.launch_persistent_context(
            str(tmp_path / "profile"),
            executable_path=str(CHROMIUM),
            headless=True,
            java_script_enabled=False,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update"],
        )  # fmt: skip
        try:
            page = browser.new_page()
            page.goto(server.url + "/timeline")
            page.get_by_role("searchbox", name="Topic").fill(TOPIC)
            page.get_by_role("button", name="Show timeline").click()
            bars = page.locator("figure.timeline-chart rect.bar")
            expect(bars).to_have_count(5)
            box = bars.first.bounding_box()
            assert box and box["height"] > 0 and box["width"] > 0, "the chart is drawn"
            out = Path(__file__).resolve().parents[2] / "test-output"
            out.mkdir(exist_ok=True)
            page.screenshot(path=str(out / "timeline.png"), full_page=True)
            bars.nth(2).click()
            assert page.url.endswith("#entry-3")
            page.locator("#entry-3 a.open").click()
            expect(page.locator("mark#cited")).to_contain_text("Castleford Relief Road")
        finally:
            browser.close()


def test_an_answer_note_links_to_the_full_timeline():
    from web.app import local_links

    html = str(local_links("5 meetings dealt with X; the full timeline: (/timeline?topic=X+Road)."))
    assert '<a href="/timeline?topic=X+Road">' in html


def test_the_chat_answers_a_question_over_time_and_links_the_full_timeline(tmp_path, embedder):
    """With the real model the question is read as one about time: the chat answer quotes the
    meetings and its note links to the subject's full timeline."""
    index = build_index(write_papers(tmp_path / "papers"), tmp_path / "index", embedder)
    with TestClient(create_app(settings_for(index), embedder=embedder)) as client:
        response = client.post(
            "/ask", data={"question": "How has the Castleford Relief Road come up over the years?"}
        )
        assert response.status_code == 200, response.text
        answer = BeautifulSoup(response.text, "html.parser").select_one(".turn .answer")
        links = [a["href"] for a in answer.select("a:not(.marker)")]
        assert "/timeline?topic=Castleford+Relief+Road" in links, answer
        assert len(answer.select("a.marker")) >= 4, answer
