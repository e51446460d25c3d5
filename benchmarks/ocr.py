"""Seconds per scanned page: OCR of generated image-only pages, as ingest reads them.

    python benchmarks/ocr.py                 # the fictional scanned agenda, and a full page
    python benchmarks/ocr.py --runs 5

Prints the engine's start-up (once per process), then for each generated page (an agenda of nine
lines, and a page of forty lines of minutes) the median seconds `read_file` takes to read it, and
the seconds per page of a text-layer PDF for comparison. The pages are drawn with Pillow in the
run (no real paper is used). The machine's load average is printed too: on a shared machine
other work slows OCR down.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from corpus import ocr  # noqa: E402
from corpus.readers import read_file  # noqa: E402
from tests import papers, scans  # noqa: E402

WORDS = (
    "the council noted the report of the clerk on village hall roof repairs footpath "
    "drainage budget grant precept quotes contractor agreed recommended"
)


def full_page(n: int = 40, seed: int = 0) -> list[str]:
    """Forty lines of fictional minutes, about eighty characters each."""
    rng = random.Random(seed)
    words = WORDS.split(" ")
    return [f"{i}. " + " ".join(rng.choice(words) for _ in range(12)) for i in range(1, n + 1)]


def seconds_per_page(path: Path, runs: int) -> tuple[float, float, int]:
    """Median wall-clock and CPU seconds per page of reading `path`, and its pages OCR read."""
    wall, cpu = [], []
    for _ in range(runs):
        started, used = time.perf_counter(), time.process_time()
        source = read_file(path)
        wall.append((time.perf_counter() - started) / len(source.pages))
        cpu.append((time.process_time() - used) / len(source.pages))
    return statistics.median(wall), statistics.median(cpu), sum(p.ocr for p in source.pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="reads of each page (median kept)")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="bp-ocr-"))
    pages = {
        "scanned agenda (9 lines)": scans.make_scanned_pdf(folder / "agenda.pdf"),
        "scanned full page (40 lines)": scans.make_scanned_pdf(
            folder / "full.pdf", [full_page()], dpi=200
        ),
        "text-layer PDF, for comparison": papers.make_minutes_pdf(folder / "minutes.pdf"),
    }
    started = time.perf_counter()
    ocr.engine()
    print(f"OCR engine start (once per process): {time.perf_counter() - started:.2f} s")
    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    for name, path in pages.items():
        seconds, cpu, scanned = seconds_per_page(path, args.runs)
        print(f"{name}: {seconds:.2f} s per page, {cpu:.2f} s of CPU ({scanned} read by OCR)")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
