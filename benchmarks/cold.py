"""Cold-start seconds of the command line: each run is a fresh `boardpapers` process.

    python benchmarks/cold.py --index /tmp/idx4/sk [--runs 5] [--question "..."] [--serve]

Runs `papers`, `search` and `ask` (and any `--command "search budget"` given instead) as new
processes against the index and prints the median, fastest and slowest wall-clock seconds of
each, and which heavy modules the process imported (torch should only be imported when the ONNX
model has to be exported, once per machine; numpy not at all by an `ask` a server answered).
The first run of each command is a warm-up for the disk cache and is not counted. The load
average is printed: on a shared machine other work slows every start.

With `--serve`, `boardpapers serve` is started on the index first (on a free loopback port, in
the background), `ask` is timed while it answers (`ask` sends its question to the server it finds
in the index folder), and the server is stopped at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

HEAVY = ("torch", "numpy", "faiss", "onnxruntime")
# Runs the CLI as `boardpapers` does, then says on stderr which of HEAVY it imported.
RUNNER = (
    "import json, sys; from assistant.cli import main\n"
    "try:\n    main(sys.argv[1:], prog_name='boardpapers')\n"
    "except SystemExit:\n    pass\n"
    f"print(json.dumps([n for n in {HEAVY!r} if n in sys.modules]), file=sys.stderr)\n"
)


def run(index: Path, args: list[str]) -> tuple[float, set[str], int]:
    """Seconds one fresh process takes, which of HEAVY it imported, and its exit status."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", RUNNER, "--index", str(index), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    lines = done.stderr.strip().splitlines()
    try:
        imported = set(json.loads(lines[-1]))
    except (IndexError, ValueError):
        imported = set()
    return seconds, imported, done.returncode


@contextmanager
def serving(index: Path) -> Iterator[str]:
    """`boardpapers serve` on the index, on a free loopback port, until the block ends."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    command = [sys.executable, "-c", "from assistant.cli import main; main()"]
    command += ["--index", str(index), "serve", "--port", str(port), "--log-level", "warning"]
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile("w+") as log:  # what serve printed, shown if it fails to start
        server = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        try:
            started = time.perf_counter()
            while not _ready(url):
                if server.poll() is not None or time.perf_counter() - started > 300:
                    log.seek(0)
                    sys.exit(f"serve did not start:\n{log.read()[-2000:]}")
                time.sleep(0.5)
            print(f"serve answering at {url} after {time.perf_counter() - started:.1f} s")
            yield url
        finally:
            server.send_signal(signal.SIGINT)  # a clean shutdown removes its serve.json
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()


def _ready(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/healthz", timeout=2) as response:
            return bool(json.load(response)["ready"])
    except OSError:
        return False


def time_commands(index: Path, commands: list[list[str]], runs: int) -> None:
    for command in commands:
        run(index, command)
        results = [run(index, command) for _ in range(runs)]
        seconds = [s for s, _, _ in results]
        imported = set().union(*(i for _, i, _ in results))
        status = {code for _, _, code in results}
        print(
            f"{shlex.join(command)[:48]:48}  p50 {statistics.median(seconds):5.2f} s  "
            f"min {min(seconds):5.2f}  max {max(seconds):5.2f}  "
            + "  ".join(f"{n} {'yes' if n in imported else 'no'}" for n in HEAVY)
            + f"  exit {','.join(map(str, sorted(status)))}",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=5, help="timed runs per command")
    parser.add_argument("--question", default="What was agreed about the budget?")
    parser.add_argument(
        "--command",
        action="append",
        help='a command line to time instead of the defaults ("search budget --k 5")',
    )
    parser.add_argument(
        "--serve",
        action="store_true",
        help="time `ask` while `boardpapers serve` runs on the index (started and stopped here)",
    )
    args = parser.parse_args()
    if args.command:
        commands = [shlex.split(c) for c in args.command]
    elif args.serve:
        commands = [["ask", args.question]]
    else:
        commands = [["papers"], ["search", args.question, "--k", "10"], ["ask", args.question]]
    print(f"index {args.index}; {os.cpu_count()} cores; {args.runs} runs after one warm-up")
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if args.serve:
        with serving(args.index):
            time_commands(args.index, commands, args.runs)
    else:
        time_commands(args.index, commands, args.runs)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
