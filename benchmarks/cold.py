"""Cold-start seconds of the command line: each run is a fresh `boardpapers` process.

    python benchmarks/cold.py --index /tmp/idx4/sk [--runs 5] [--question "..."]

Runs `papers`, `search` and `ask` (and any `--command "search budget"` given instead) as new
processes against the index and prints the median, fastest and slowest wall-clock seconds of
each, and whether the process imported torch (it should only when the ONNX model has to be
exported, once per machine). The first run of each command is a warm-up for the disk cache and
is not counted. The load average is printed: on a shared machine other work slows every start.
"""

from __future__ import annotations

import argparse
import os
import shlex
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Runs the CLI as `boardpapers` does, then says on stderr whether torch was imported.
RUNNER = (
    "import sys; from assistant.cli import main\n"
    "try:\n    main(sys.argv[1:], prog_name='boardpapers')\n"
    "except SystemExit:\n    pass\n"
    "print('torch' in sys.modules, file=sys.stderr)\n"
)


def run(index: Path, args: list[str]) -> tuple[float, bool, int]:
    """Seconds one fresh process takes, whether it imported torch, and its exit status."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", RUNNER, "--index", str(index), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    lines = done.stderr.strip().splitlines()
    return seconds, bool(lines) and lines[-1] == "True", done.returncode


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
    args = parser.parse_args()
    commands = (
        [shlex.split(c) for c in args.command]
        if args.command
        else [
            ["papers"],
            ["search", args.question, "--k", "10"],
            ["ask", args.question],
        ]
    )
    print(f"index {args.index}; {os.cpu_count()} cores; {args.runs} runs after one warm-up")
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for command in commands:
        run(args.index, command)
        results = [run(args.index, command) for _ in range(args.runs)]
        seconds = [s for s, _, _ in results]
        status = {code for _, _, code in results}
        print(
            f"{shlex.join(command)[:48]:48}  p50 {statistics.median(seconds):5.2f} s  "
            f"min {min(seconds):5.2f}  max {max(seconds):5.2f}  "
            f"torch {'yes' if any(t for _, t, _ in results) else 'no'}  "
            f"exit {','.join(map(str, sorted(status)))}",
            flush=True,
        )
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
