"""The real thing: the bundled model behind the app, and a real browser driving `serve`."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from pathlib import Path

import pytest
import uvicorn
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from tests.web.conftest import build_index, make_papers, settings_for
from web.app import create_app

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
QUESTION = "What did we recommend on home care workers' pay?"


@pytest.fixture(scope="module")
def real_index(tmp_path_factory, embedder) -> Path:
    """The fixture papers embedded with the real all-MiniLM-L6-v2."""
    root = tmp_path_factory.mktemp("web-real")
    return build_index(make_papers(root / "papers"), root / "index", embedder)


def test_real_model_answer_cites_and_the_viewer_highlights(real_index, embedder):
    with TestClient(create_app(settings_for(real_index), embedder=embedder)) as client:
        body = client.post("/api/ask", json={"question": QUESTION}).json()
        assert body["answered"], body
        quotes = " ".join(c["quote"] for c in body["citations"])
        assert "Real Living" in quotes, body["citations"]
        page = client.post("/ask", data={"question": QUESTION})
        link = BeautifulSoup(page.text, "html.parser").select_one("li.source a.open")["href"]
        viewer = BeautifulSoup(client.get(link).text, "html.parser")
        assert viewer.select_one("mark#cited"), "the cited quote is highlighted in the viewer"


class _Server:
    """`serve` on a free loopback port in a thread, stopped at the end of the test."""

    def __init__(self, app) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True
        )

    def __enter__(self):
        self.thread.start()
        for _ in range(200):  # bounded wait for startup
            if self.server.started:
                return self
            time.sleep(0.05)
        raise RuntimeError("the test server did not start")

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.sock.close()


@pytest.mark.browser
def test_browser_asks_and_opens_the_highlighted_source(real_index, embedder, tmp_path):
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is missing (apt-get install chromium)")
    from playwright.sync_api import expect, sync_playwright

    out = ROOT / "test-output"
    out.mkdir(exist_ok=True)
    app = create_app(settings_for(real_index), embedder=embedder)
    with _Server(app) as server, sync_playwright() as pw:
        browser = pw.chromium.launch_persistent_context(
            str(tmp_path / "profile"),  # a fresh --user-data-dir
            executable_path=str(CHROMIUM),
            headless=True,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],  # fmt: skip
            viewport={"width": 1100, "height": 900},
        )
        try:
            page = browser.new_page()
            errors: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.goto(server.url + "/")
            page.get_by_label("Your question").fill(QUESTION)
            page.get_by_role("button", name="Ask").click()
            turn = page.locator("article.turn")
            expect(turn).to_have_count(1, timeout=30_000)
            assert "/?c=" in page.url, f"the script updates the address: {page.url}"
            chat_url = page.url
            expect(turn.locator(".answer a.marker").first).to_be_visible()
            expect(turn.locator("li.source").first).to_contain_text("Adult Services")
            box = page.get_by_label("Your question")
            box.fill("And when should the recruitment campaign be reported on?")
            box.press("Enter")  # keyboard: Enter asks
            expect(turn).to_have_count(2, timeout=30_000)
            expect(page.locator("#new-conversation")).to_be_visible()
            expect(box).to_have_value("")
            page.evaluate("window.scrollTo(0, 0)")
            page.screenshot(path=str(out / "chat.png"))
            (ROOT / "docs").mkdir(exist_ok=True)
            shutil.copyfile(out / "chat.png", ROOT / "docs" / "screenshot-chat.png")

            turn.locator("li.source a.open").first.click()
            page.wait_for_url("**/papers/**")
            cited = page.locator("mark#cited")
            expect(cited).to_be_visible()
            expect(cited).to_be_in_viewport()
            expect(page.locator("figure.pageimage img")).to_be_visible()
            page.wait_for_function(  # the highlighted page image loads
                "() => document.querySelector('figure.pageimage img').naturalWidth > 0"
            )
            page.screenshot(path=str(out / "viewer.png"))

            page.set_viewport_size({"width": 390, "height": 844})  # a phone
            for url in (server.url + "/library", chat_url, page.url):
                page.goto(url)
                overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
                assert overflow <= 0, f"{url} scrolls sideways on a phone by {overflow}px"
            assert not errors, f"console errors (CSP?): {errors}"
        finally:
            browser.close()


def test_serve_with_two_workers_answers_and_keeps_conversations(real_index):
    """`boardpapers serve --workers 2`: 40 asks at once without an error, and a conversation
    followed up over new connections (so on either worker) keeps its turns."""
    import os
    import re
    import subprocess
    import sys
    from concurrent.futures import ThreadPoolExecutor

    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-c", "from assistant.cli import main; main()"]
    command += ["--index", str(real_index), "serve"]
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "BOARDPAPERS_RATE_LIMIT": "0"}
    server = subprocess.Popen(
        [*command, "--workers", "2", "--port", str(port), "--log-level", "warning"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 120
        while True:  # bounded wait for both workers
            assert server.poll() is None, server.stderr.read().decode()[-2000:]
            assert time.monotonic() < deadline, "serve did not start in 120 s"
            try:
                if httpx.get(base + "/healthz", timeout=2).json()["ready"]:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        assert httpx.head(base + "/").status_code == 200

        def ask(n: int) -> int:
            question = [QUESTION, "What was the home care vacancy rate?"][n % 2]
            with httpx.Client(base_url=base, timeout=120) as client:  # a new connection each
                return client.post("/api/ask", json={"question": question}).status_code

        with ThreadPoolExecutor(max_workers=8) as pool:
            codes = list(pool.map(ask, range(40)))
        assert codes == [200] * 40, codes

        first = httpx.post(base + "/ask", data={"question": QUESTION}, follow_redirects=True)
        conversation = re.search(r"c=([0-9a-f]{32})", str(first.url))[1]
        for turn in range(2, 6):
            page = httpx.post(
                base + "/ask",
                data={"question": "And who reports back?", "conversation": conversation},
                follow_redirects=True,
                timeout=120,
            )
            soup = BeautifulSoup(page.text, "html.parser")
            assert len(soup.select("article.turn")) == turn, f"turn {turn} lost earlier turns"
    finally:
        server.terminate()
        server.wait(timeout=30)
