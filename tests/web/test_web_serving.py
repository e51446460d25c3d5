"""Several workers and a real server: conversations that any worker (or a restarted one) continues,
and uploads refused from their headers, before a byte of their body is sent."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

import web.pages
from tests.serving import serving
from tests.web.conftest import TOKEN, settings_for
from web.app import create_app

FIRST = "What did we recommend on home care?"
FOLLOW_UP = "Who is taking the second one forward?"


def _conversation(response) -> str:
    return parse_qs(urlsplit(str(response.url)).query)["c"][0]


def _questions(response) -> list[str]:
    soup = BeautifulSoup(response.text, "html.parser")
    return [q.text.replace("Question: ", "").strip() for q in soup.select("article.turn .question")]


def test_any_worker_and_a_restarted_one_continue_the_conversation(
    built_index, hash_embedder, monkeypatch
):
    seen: list[list[str] | None] = []
    real = web.pages.ask_json

    def spy(question, **kwargs):
        seen.append(kwargs["context"])
        return real(question, **kwargs)

    monkeypatch.setattr(web.pages, "ask_json", spy)
    settings = settings_for(built_index)
    # Two apps over one index folder stand for two worker processes: they share only the disk.
    with (
        TestClient(create_app(settings, embedder=hash_embedder)) as one,
        TestClient(create_app(settings, embedder=hash_embedder)) as two,
    ):
        first = one.post("/ask", data={"question": FIRST})
        conversation = _conversation(first)
        second = two.post("/ask", data={"question": FOLLOW_UP, "conversation": conversation})
        assert _conversation(second) == conversation, "the other worker kept the conversation"
        assert _questions(second) == [FIRST, FOLLOW_UP], _questions(second)
        assert seen == [None, [FIRST]], f"the follow-up was read against the first: {seen}"
    # Both stopped; a new process picks the conversation up where it was.
    with TestClient(create_app(settings, embedder=hash_embedder)) as restarted:
        page = restarted.get(f"/?c={conversation}")
        assert _questions(page) == [FIRST, FOLLOW_UP], "the conversation outlives a restart"
        third = restarted.post(
            "/ask", data={"question": "And the third?", "conversation": conversation}
        )
        assert seen[-1] == [FIRST, FOLLOW_UP], seen
        assert BeautifulSoup(third.text, "html.parser").select_one("#turn-3"), "numbered on"
        assert _questions(restarted.get("/?c=" + "0" * 32)) == [], "an unknown id starts afresh"


def test_conversations_are_bounded(built_index, hash_embedder):
    app = create_app(settings_for(built_index), embedder=hash_embedder)
    conversations = app.state.boardpapers.conversations
    conversations.max_conversations, conversations.max_turns = 2, 2
    ids = []
    for n in range(3):
        conversation = conversations.new()
        for turn in range(3):
            conversations.add(conversation, f"q{n}.{turn}", {"answer": "", "citations": []})
        ids.append(conversation.id)
    assert conversations.get(ids[0]) is None, "the least recently used is forgotten"
    kept = conversations.get(ids[2])
    assert [t.question for t in kept.turns] == ["q2.1", "q2.2"], "each keeps its last turns"


@pytest.fixture
def live_server(fresh_index, hash_embedder) -> Iterator[tuple[int, object]]:
    """The app with uploads on (1 MiB limit) served by uvicorn on a loopback port."""
    settings = settings_for(fresh_index, admin_token=TOKEN, max_upload_mb=1)
    app = create_app(settings, embedder=hash_embedder)
    with serving(app) as port:
        yield port, app


def _declare_upload(port: int, *, token: str | None, length: int) -> tuple[str, float]:
    """Send only the headers of an upload declaring `length` bytes; the status line and how long
    it took to come back (no byte of the body is ever sent)."""
    auth = f"Authorization: Bearer {token}\r\n" if token else ""
    head = (
        "POST /api/papers HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        "Content-Type: multipart/form-data; boundary=x\r\n"
        f"Content-Length: {length}\r\n{auth}\r\n"
    )
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        conn.sendall(head.encode())
        reply = b""
        while b"\r\n" not in reply:
            block = conn.recv(4096)
            if not block:
                break
            reply += block
    return reply.split(b"\r\n", 1)[0].decode(), time.monotonic() - started


@pytest.mark.parametrize(("token", "status"), [(TOKEN, "413"), (None, "401"), ("wrong", "401")])
def test_an_upload_is_refused_from_its_headers_before_its_body_is_sent(live_server, token, status):
    port, app = live_server
    uploads = app.state.boardpapers.uploads_dir
    line, seconds = _declare_upload(port, token=token, length=300 * 1000 * 1000)
    assert line.split()[1] == status, f"expected {status} before any body, got {line!r}"
    assert seconds < 5, f"the refusal waited {seconds:.1f}s (for a body?)"
    assert not uploads.exists() or not any(uploads.iterdir()), "nothing was written"
