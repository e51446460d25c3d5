"""Ingest throughput of each engine, and whether they store the same papers.

    python benchmarks/ingest_engines.py FOLDER                      # one process, all cores, Ray
    python benchmarks/ingest_engines.py FOLDER --runs "local" "local --jobs 1"

Each run is `boardpapers --index FRESH ingest OPTIONS FOLDER` in its own process, timed end to
end (model loads included, as a user waits for them), then `papers --json`. Prints seconds,
chunks and chunks/s per run, and whether each run's papers (title, body, date, kind, pages,
chunks) equal the first run's. Ray runs are skipped when Ray is not installed.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SCRIPT = Path(sys.executable).parent / "boardpapers"  # installed beside this Python by pip
CLI = (
    [str(SCRIPT)]
    if SCRIPT.exists()
    else [sys.executable, "-c", "from assistant.cli import main; main()"]
)
FIELDS = ("title", "committee", "meeting_date", "kind", "pages", "chunks")


def ingest(folder: Path, options: list[str], index: Path) -> tuple[float, list[dict]]:
    """Seconds `ingest` took, and the papers it stored as `papers --json` shows them."""
    started = time.perf_counter()
    done = subprocess.run(
        [*CLI, "--index", str(index), "ingest", *options, str(folder)],
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):  # 1: some files failed, reported, the rest stored
        sys.exit(f"ingest {' '.join(options)} failed:\n{done.stderr[-2000:]}")
    listed = subprocess.run(
        [*CLI, "--index", str(index), "papers", "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    papers = [{k: p[k] for k in FIELDS} for p in json.loads(listed.stdout)]
    return seconds, sorted(papers, key=lambda p: json.dumps(p, sort_keys=True))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="papers to ingest")
    parser.add_argument(
        "--runs",
        nargs="+",
        default=["local", "local --jobs 1", "ray"],
        help='ingest options of each run, after "--engine" (default: local, local --jobs 1, ray)',
    )
    args = parser.parse_args()
    if not args.folder.exists():
        sys.exit(f"No folder {args.folder}")

    first: list[dict] | None = None
    print(f"{'run':<28} {'seconds':>8} {'papers':>7} {'chunks':>7} {'chunks/s':>9}  same papers")
    with tempfile.TemporaryDirectory(prefix="bp-engines-") as scratch:
        for n, run in enumerate(args.runs):
            options = ["--engine", *shlex.split(run)]
            if options[1] == "ray" and importlib.util.find_spec("ray") is None:
                print(f"{run:<28} skipped: Ray is not installed (pip install -e '.[ray]')")
                continue
            seconds, papers = ingest(args.folder, options, Path(scratch) / f"index{n}")
            chunks = sum(p["chunks"] for p in papers)
            first = first if first is not None else papers
            same = "yes" if papers == first else f"NO ({len(papers)} vs {len(first)} papers)"
            print(
                f"{run:<28} {seconds:8.1f} {len(papers):7d} {chunks:7d} "
                f"{chunks / seconds:9.1f}  {same}"
            )


if __name__ == "__main__":
    main()
