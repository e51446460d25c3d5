"""Load on the web app: concurrent clients against `boardpapers serve` on loopback.

    python benchmarks/load.py --index boardpapers-index                 # 16 clients, 30 s
    python benchmarks/load.py --index DIR --workers 2                   # serve --workers 2
    python benchmarks/load.py --index DIR --clients 32 --seconds 60
    python benchmarks/load.py --url http://127.0.0.1:8000               # a server already running

Starts `serve` on a free 127.0.0.1 port (unless --url is given), waits for /healthz, then runs the
clients for a fixed time, each repeating a mix of requests a reader makes: ask (POST /api/ask),
search, the chat page, and the viewer page and page image of a cited passage. Prints requests/s,
p50/p95 latency overall and per kind, and errors; stops the server it started.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

import httpx

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = [
    "What was decided about the budget?",
    "What did the committee recommend?",
    "Who presented the report?",
    "What overspend was forecast?",
    "When is the next meeting?",
    "What actions were agreed?",
    "What did members ask about staffing?",
    "What was resolved on home care?",
]
# Mix of one client's requests, by weight: what a reader of the chat does most.
MIX = [("ask", 5), ("search", 2), ("chat_page", 1), ("viewer", 1), ("page_image", 1)]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(index: Path, port: int, workers: int = 1) -> subprocess.Popen:
    """`boardpapers serve` on 127.0.0.1:port in a child process (request log lines off)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1"}
    code = "from assistant.cli import main; main()"
    args = ["--index", str(index), "serve", "--host", "127.0.0.1", "--port", str(port)]
    args += ["--workers", str(workers), "--log-level", "warning"]
    return subprocess.Popen([sys.executable, "-c", code, *args], env=env, cwd=ROOT)


def wait_ready(base: str, server: subprocess.Popen | None, timeout: float = 120) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server is not None and server.poll() is not None:
            raise SystemExit(f"serve exited with status {server.returncode}")
        try:
            health = httpx.get(base + "/healthz", timeout=2).json()
            if health.get("ready"):
                return health
            raise SystemExit("the index served is empty: ingest papers first")
        except httpx.HTTPError:
            time.sleep(0.25)
    raise SystemExit(f"{base} did not become ready in {timeout:.0f}s")


def warm_up(base: str, workers: int = 1) -> list[str]:
    """Ask each question once per worker (each loads the model; a new connection may land on
    any of them) and keep the viewer links of the citations."""
    links: list[str] = []
    for q in QUESTIONS * workers:
        with httpx.Client(base_url=base, timeout=120) as client:
            body = client.post("/api/ask", json={"question": q}).json()
            links += [c["url"] for c in body.get("citations", [])]
    return sorted(set(links)) or ["/library"]


class Results:
    """Latencies and failures per kind, shared by the client threads."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.examples: list[str] = []

    def add(self, kind: str, seconds: float, error: str | None) -> None:
        with self.lock:
            if error:
                self.errors[kind] += 1
                if len(self.examples) < 5:
                    self.examples.append(f"{kind}: {error}")
            else:
                self.latency[kind].append(seconds)


def _request(client: httpx.Client, kind: str, rng: random.Random, links: list[str]):
    question = rng.choice(QUESTIONS)
    if kind == "ask":
        return client.post("/api/ask", json={"question": question})
    if kind == "search":
        return client.get("/api/search", params={"q": question, "k": 10})
    if kind == "chat_page":
        return client.get("/")
    link = rng.choice(links)
    if kind == "viewer":
        return client.get(link)
    split = urlsplit(link)
    params = dict(p.split("=", 1) for p in split.query.split("&") if "=" in p)
    if "page" not in params:
        return client.get(link)  # a text paper: no page image, the viewer instead
    page = params.pop("page")
    query = "&".join(f"{k}={v}" for k, v in params.items())  # the quote, boxed
    return client.get(f"{split.path}/pages/{page}.png?{query}")


def client_loop(base: str, stop_at: float, seed: int, links: list[str], results: Results) -> None:
    rng = random.Random(seed)
    kinds = [k for k, w in MIX for _ in range(w)]
    with httpx.Client(base_url=base, timeout=60) as client:
        while time.monotonic() < stop_at:  # bounded: every client stops at the deadline
            kind = rng.choice(kinds)
            started = time.perf_counter()
            try:
                response = _request(client, kind, rng, links)
                error = None if response.status_code < 400 else f"HTTP {response.status_code}"
            except httpx.HTTPError as err:
                error = f"{type(err).__name__}: {err}"
            results.add(kind, time.perf_counter() - started, error)


def _pct(values: list[float], q: float) -> float:
    return (
        statistics.quantiles(values, n=100)[q - 1] * 1000 if len(values) > 1 else values[0] * 1000
    )


def report(results: Results, seconds: float) -> dict:
    every = [x for v in results.latency.values() for x in v]
    errors = sum(results.errors.values())
    summary = {
        "requests": len(every) + errors,
        "requests_per_s": round((len(every) + errors) / seconds, 1),
        "p50_ms": round(_pct(every, 50), 1) if every else None,
        "p95_ms": round(_pct(every, 95), 1) if every else None,
        "errors": errors,
        "by_kind": {
            kind: {
                "n": len(v),
                "p50_ms": round(_pct(v, 50), 1),
                "p95_ms": round(_pct(v, 95), 1),
                "errors": results.errors.get(kind, 0),
            }
            for kind, v in sorted(results.latency.items())
            if v
        },
    }
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, help="Index folder to serve (starts `serve`).")
    parser.add_argument("--url", help="A server already running on loopback, instead of --index.")
    parser.add_argument("--clients", type=int, default=16, help="Concurrent clients (>= 1).")
    parser.add_argument(
        "--workers", type=int, default=1, help="Worker processes of the server started (>= 1)."
    )
    parser.add_argument("--seconds", type=float, default=30.0, help="How long the load runs.")
    parser.add_argument("--json", action="store_true", help="Print the figures as JSON.")
    args = parser.parse_args()
    if not args.index and not args.url:
        parser.error("give --index DIR (or --url of a running server)")
    server = None
    if args.url:
        base = args.url.rstrip("/")
        if urlsplit(base).hostname not in {"127.0.0.1", "localhost", "::1"}:
            parser.error("load is only ever sent to a server on loopback (127.0.0.1)")
    else:
        base = f"http://127.0.0.1:{_free_port()}"
        server = start_server(args.index, int(base.rsplit(":", 1)[1]), max(1, args.workers))
    try:
        health = wait_ready(base, server)
        links = warm_up(base, max(1, args.workers))
        results = Results()
        stop_at = time.monotonic() + args.seconds
        threads = [
            threading.Thread(target=client_loop, args=(base, stop_at, i, links, results))
            for i in range(max(1, args.clients))
        ]
        started = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        figures = report(results, time.monotonic() - started)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
    figures.update(
        clients=args.clients,
        workers=args.workers if server is not None else None,
        seconds=args.seconds,
        papers=health.get("papers"),
    )
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    plural = "worker" if args.workers == 1 else "workers"
    workers = f" ({args.workers} {plural})" if server is not None else ""
    print(
        f"{args.clients} clients for {args.seconds:.0f}s against {base}{workers} "
        f"({health.get('papers')} paper{'' if health.get('papers') == 1 else 's'}): "
        f"{figures['requests']} requests, "
        f"{figures['requests_per_s']} req/s, p50 {figures['p50_ms']} ms, "
        f"p95 {figures['p95_ms']} ms, {figures['errors']} errors"
    )
    for kind, row in figures["by_kind"].items():
        print(
            f"  {kind:<11} n={row['n']:<6} p50 {row['p50_ms']:>8} ms  p95 {row['p95_ms']:>8} ms"
            f"  errors {row['errors']}"
        )
    for example in results.examples:
        print(f"  error: {example}")


if __name__ == "__main__":
    main()
