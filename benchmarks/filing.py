"""How papers are filed (body, meeting date, kind) without storing anything: the figures of
`ingest --dry-run` over folders, and how much of it survives when the folders say nothing.

    python benchmarks/filing.py ../shared/corpus/kent/full_council/2025-03-13 [--plain]

Prints, per path given: papers read, bodies, papers without a body, without an authority
("Kent County Council: ..."), without a date, and for minutes whose file name carries a date the
share filed under that date (the meeting they record). With --plain the same files are also
copied into one plain folder (no dates or bodies in folder names; file names kept, numbered
where two clash) and filed again: the share filed under the same body and the same date as from
their own folders measures what the papers themselves tell.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.ingest import Preview, preview_paths  # noqa: E402
from corpus.committees import council_of  # noqa: E402
from corpus.dates import date_from_name  # noqa: E402
from corpus.metadata import files_to_ingest  # noqa: E402


def _figures(previews: list[Preview]) -> dict:
    read = [p for p in previews if not p.error]
    minutes = [p for p in read if p.kind == "minutes" and date_from_name(p.path.name)]
    same = sum(p.meeting_date == date_from_name(p.path.name) for p in minutes)
    return {
        "papers": len(read),
        "failed": len(previews) - len(read),
        "bodies": len({p.committee for p in read if p.committee}),
        "no_body": sum(not p.committee for p in read),
        "no_authority": sum(not council_of(p.committee) for p in read),
        "no_date": sum(not p.meeting_date for p in read),
        "minutes_named_date": f"{same}/{len(minutes)}",
    }


def _plain_copy(path: Path, into: Path) -> dict[Path, Path]:
    """Every file under `path` copied into one folder: copy -> original."""
    files, _ = files_to_ingest([path])
    taken: Counter = Counter()
    copies = {}
    for original in files:
        taken[original.name] += 1
        n = taken[original.name]
        name = original.name if n == 1 else f"{original.stem} ({n}){original.suffix}"
        copy = into / name
        shutil.copyfile(original, copy)
        copies[copy.resolve()] = original.resolve()
    return copies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--plain", action="store_true", help="file again from one plain folder")
    args = parser.parse_args()
    for path in args.paths:
        start = time.perf_counter()
        filed = preview_paths([path])
        took = time.perf_counter() - start
        shown = " ".join(f"{k}={v}" for k, v in _figures(filed).items())
        print(f"{path}: {shown} ({took:.1f} s)")
        if not args.plain:
            continue
        by_path = {p.path.resolve(): p for p in filed if not p.error}
        with tempfile.TemporaryDirectory() as tmp:
            copies = _plain_copy(path, Path(tmp))
            plain = [p for p in preview_paths([Path(tmp)]) if not p.error]
        pairs = [
            (p, by_path[copies[p.path.resolve()]])
            for p in plain
            if copies.get(p.path.resolve()) in by_path
        ]
        body = sum(a.committee == b.committee for a, b in pairs)
        day = sum(a.meeting_date == b.meeting_date for a, b in pairs)
        shown = " ".join(f"{k}={v}" for k, v in _figures(plain).items())
        print(f"  plain folder: {shown}")
        n = max(len(pairs), 1)
        print(
            f"  same body as from its folders {body}/{len(pairs)} ({body / n:.3f}), "
            f"same date {day}/{len(pairs)} ({day / n:.3f})"
        )


if __name__ == "__main__":
    main()
