"""`ask` through a running `serve` of the same index: the same answer as answering locally, a
stale discovery file ignored, and nothing heavy imported on the way (issue 13)."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from click.testing import CliRunner

import assistant.runtime
from assistant.cli import main
from assistant.ingest import ingest_paths
from assistant.served import DISCOVERY, TOKEN_HEADER, Served, announce, running, withdraw
from index.embedder import HashEmbedder
from index.store import Index
from tests.papers import make_minutes_pdf
from tests.serving import free_port, serving
from web.app import create_app

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("numpy", "faiss", "onnxruntime", "torch", "sentence_transformers", "tokenizers")
FIRST = "What did the committee recommend on home care workforce?"


@pytest.fixture(scope="module")
def hash_embedder() -> HashEmbedder:
    return HashEmbedder()


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory, hash_embedder) -> Path:
    """The fictional minutes of 12 March 2024, embedded with hashed vectors (no model loads)."""
    root = tmp_path_factory.mktemp("served")
    make_minutes_pdf(root / "papers" / "minutes.pdf")
    with Index.open(root / "index", embedder=hash_embedder) as index:
        report = ingest_paths([root / "papers"], index=index)
    assert not report.failed, f"fixture ingest failed: {report.failed}"
    return root / "index"


@pytest.fixture(scope="module")
def server(index_dir, hash_embedder) -> Iterator[Served]:
    """The app over the index, served by uvicorn on a loopback port and announced in serve.json
    as `boardpapers serve` announces itself."""
    from assistant.settings import Settings

    app = create_app(Settings(index=index_dir, rate_limit=0), embedder=hash_embedder)
    with serving(app) as port:
        served = announce(index_dir, "127.0.0.1", port)
        assert served is not None, "serve.json was not written"
        try:
            yield served
        finally:
            withdraw(index_dir, served)


@pytest.fixture
def opened(hash_embedder, monkeypatch) -> list[Path]:
    """The indexes `ask` opened itself (an answer from the server opens none)."""
    calls: list[Path] = []

    def open_index(settings, *, read_only: bool = False, embedder=None) -> Index:
        calls.append(Path(settings.index))
        return Index.open(settings.index, embedder=hash_embedder, read_only=read_only)

    monkeypatch.setattr(assistant.runtime, "open_index", open_index)
    return calls


def ask(index_dir: Path, *args: str) -> str:
    result = CliRunner().invoke(main, ["--index", str(index_dir), "ask", *args])
    assert result.exit_code == 0, f"ask {args} failed: {result.output}"
    return result.output


@pytest.mark.parametrize(
    "args",
    [
        [FIRST],
        ["--json", "--explain", "When will the committee next meet?"],
        ["--explain", "How many residents received meals each week?", "--kind", "minutes"],
        ["--json", "How much did the campaign cost?", "--since", "2024-01-01", "-k", "5"],
        ["Who is taking the first one forward?", "--context", FIRST],
        ["--explain", "What is the price of fish in Norway?"],
    ],
    ids=["text", "json-explain", "explain-kind", "json-since-k", "follow-up", "off-subject"],
)
def test_ask_answers_through_the_server_as_it_does_locally(index_dir, server, opened, args):
    served = ask(index_dir, *args)
    assert opened == [], f"the running server should have answered {args}, not this process"
    local = ask(index_dir, "--local", *args)
    assert opened == [index_dir], "--local answers in this process"
    assert served == local, f"served and local answers differ for {args}"


def test_ask_local_can_be_forced_from_the_environment(index_dir, server, opened, monkeypatch):
    monkeypatch.setenv("BOARDPAPERS_ASK_LOCAL", "1")
    ask(index_dir, FIRST)
    assert opened == [index_dir], "BOARDPAPERS_ASK_LOCAL=1 answers in this process"


def _gone_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


@pytest.mark.parametrize(
    "stale",
    [
        {"pid": "gone"},
        {"port": "free"},  # its process lives (this one), but nothing listens there
        {"index": "elsewhere"},
        {"token": "0" * 32},  # the server's own serve.json holds another
        "{not json",
    ],
    ids=["process-gone", "port-closed", "another-index", "another-token", "unreadable"],
)
def test_a_stale_discovery_file_falls_back_to_answering_locally(
    index_dir, server, opened, tmp_path, stale
):
    expected = ask(index_dir, "--local", "--json", FIRST)
    # A copy of the index, with a serve.json naming the copy and the running server, but for
    # one thing stale (the server goes on serving the original and its own serve.json).
    copy = tmp_path / "copy"
    copy.mkdir()
    for name in os.listdir(index_dir):
        if name != DISCOVERY and (index_dir / name).is_file():
            (copy / name).write_bytes((index_dir / name).read_bytes())
    record = {**json.loads((index_dir / DISCOVERY).read_text()), "index": str(copy.resolve())}
    if isinstance(stale, dict):
        made = {"gone": _gone_pid(), "free": free_port(), "elsewhere": str(tmp_path / "other")}
        record.update({k: made.get(v, v) for k, v in stale.items()})
    (copy / DISCOVERY).write_text(json.dumps(record) if isinstance(stale, dict) else stale)
    started = time.monotonic()
    output = ask(copy, "--json", FIRST)
    seconds = time.monotonic() - started
    assert opened == [index_dir, copy], f"{stale} should have been answered locally: {opened}"
    answer, wanted = json.loads(output), json.loads(expected)
    assert answer["answer"] == wanted["answer"], "the local answer, whatever the file said"
    assert seconds < 5, f"falling back took {seconds:.1f}s"


def test_the_server_refuses_a_token_it_did_not_give(index_dir, server):
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    body, as_json = json.dumps({"question": FIRST}), {"Content-Type": "application/json"}
    conn.request("POST", "/api/ask", body, {**as_json, TOKEN_HEADER: "0" * 32})
    response = conn.getresponse()
    refusal = json.loads(response.read())
    assert response.status == 403 and "another index" in refusal["error"], refusal
    conn.request("POST", "/api/ask", body, {**as_json, TOKEN_HEADER: server.token})
    answered = json.loads(conn.getresponse().read())
    conn.request("POST", "/api/ask", body, as_json)
    public = json.loads(conn.getresponse().read())
    conn.close()
    files = {c["file"] for c in answered["citations"]}
    assert all(Path(f).is_absolute() for f in files), f"full paths for the token: {files}"
    assert {c["file"] for c in public["citations"]} == {"minutes.pdf"}, "names only without it"


# Runs `boardpapers ARGS...` in a fresh interpreter and prints what it imported of HEAVY.
RUNNER = """
import json, sys
from assistant.cli import main
try:
    main(json.loads(sys.argv[1]), prog_name="boardpapers")
except SystemExit:
    pass
finally:
    heavy = json.loads(sys.argv[2])
    print(json.dumps(sorted(n for n in heavy if n in sys.modules)), file=sys.stderr)
"""


def test_the_served_path_imports_nothing_heavy(index_dir, server, opened, tmp_path):
    args = ["--index", str(index_dir), "ask", "--json", FIRST]
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "HF_HUB_OFFLINE": "1"}
    done = subprocess.run(
        [sys.executable, "-c", RUNNER, json.dumps(args), json.dumps(HEAVY)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    imported = json.loads(done.stderr.strip().splitlines()[-1])
    assert imported == [], f"`ask` through the server imported {imported}: {done.stderr[-2000:]}"
    local = json.loads(ask(index_dir, "--local", "--json", FIRST))
    assert json.loads(done.stdout) == local, "the fresh process printed the local answer"


def test_serve_announces_itself_and_withdraws_on_shutdown(tmp_path, monkeypatch):
    index_dir = tmp_path / "index"
    seen: list[dict] = []

    def run(*_args, **kwargs):
        path = index_dir / DISCOVERY
        seen.append({**json.loads(path.read_text()), "mode": stat.S_IMODE(path.stat().st_mode)})
        assert running(index_dir).port == kwargs["port"], "ask finds it while it runs"
        raise SystemExit(1)  # as uvicorn does when the port is taken

    monkeypatch.setattr(uvicorn, "run", run)
    result = CliRunner().invoke(main, ["--index", str(index_dir), "serve", "--port", "8765"])
    assert result.exit_code == 1, result.output
    record = seen[0]
    assert record["host"] == "127.0.0.1" and record["port"] == 8765, record
    assert record["pid"] == os.getpid() and record["index"] == str(index_dir.resolve()), record
    assert record["mode"] == 0o600, "only its owner may read the token"
    assert not (index_dir / DISCOVERY).exists(), "removed when the server stops"


def test_withdraw_leaves_another_servers_file(tmp_path):
    first = announce(tmp_path, "127.0.0.1", 8001)
    second = announce(tmp_path, "127.0.0.1", 8002)
    withdraw(tmp_path, first)
    assert running(tmp_path) == second, "the later server's file stays"
