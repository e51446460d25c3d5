"""Reading a scanned page by OCR, offline: RapidOCR with the models its wheel ships.

`read_lines(page)` renders a pypdfium2 page at a fixed scale and returns the printed lines OCR
reads on it, each with its words' boxes in PDF points from the page's top-left corner (the space
the viewer draws highlights in); `page_text(lines)` makes the page's text from them and the
`TextBox` of every word in that text. The engine is created on first use and kept for the process;
nothing is downloaded: the detection and recognition models are files inside the rapidocr wheel.
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from corpus.types import TextBox

log = logging.getLogger(__name__)

# 108 dpi: on 9-12 pt print as accurate as 144 dpi (recognition sees each line at 48 pixels high
# either way), and detection, whose cost grows with the pixels, is half the price.
SCALE = 1.5
# Lines are found on the image shrunk to this longest side (82 dpi for A4: 8 pt print is still
# found), then read from the full image: detection costs half of what it does at 108 dpi.
DETECT_SIDE = 960
MIN_SCORE = 0.5  # recognition confidence below which a line is noise (smudges, rules, bars)
_WORD = re.compile(r"\S+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufffd\ufffe\uffff]")

Box = tuple[float, float, float, float]  # left, top, right, bottom in PDF points from top-left


class OcrUnavailable(RuntimeError):
    """The OCR engine cannot start here; the message says why in one line."""


@dataclass(frozen=True)
class OcrWord:
    text: str
    box: Box


@dataclass(frozen=True)
class OcrLine:
    """One run of text as the detector boxed it, and its words."""

    text: str  # words joined by single spaces
    box: Box
    words: tuple[OcrWord, ...]

    @property
    def middle(self) -> float:
        return (self.box[1] + self.box[3]) / 2

    @property
    def height(self) -> float:
        return self.box[3] - self.box[1]


_lock = threading.Lock()
_engine: Any = None


def _model_params() -> dict[str, Any]:
    """The wheel's own detection and recognition models, named so nothing is ever fetched."""
    import rapidocr

    folder = Path(rapidocr.__file__).parent / "models"
    params: dict[str, Any] = {}
    for task in ("det", "rec"):
        found = sorted(folder.glob(f"*_{task}_*.onnx"))
        if len(found) != 1:
            raise OcrUnavailable(f"expected one {task} model in {folder}, found {len(found)}")
        params[f"{task.title()}.model_path"] = str(found[0])
    return params


def engine() -> Any:
    """The process's RapidOCR engine, created on first use; OcrUnavailable when it cannot be."""
    global _engine
    if _engine is not None:
        return _engine
    with _lock:
        if _engine is None:
            try:
                from rapidocr import RapidOCR

                params = {
                    "Global.log_level": "error",
                    # typed papers are upright: the line-orientation model only costs time and
                    # now and then turns a good line upside down
                    "Global.use_cls": False,
                    "Global.text_score": MIN_SCORE,
                    "Det.limit_type": "max",
                    "Det.limit_side_len": DETECT_SIDE,
                    **_model_params(),
                }
                _engine = RapidOCR(params=params)
            except OcrUnavailable:
                raise
            except Exception as exc:  # ImportError, a missing system library, a damaged model
                detail = str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__
                raise OcrUnavailable(f"the OCR engine could not start: {detail}") from exc
    return _engine


def read_lines(page) -> list[OcrLine]:
    """The lines OCR reads on a pypdfium2 page, top to bottom (boxes in PDF points)."""
    ocr = engine()
    image = page.render(scale=SCALE, may_draw_forms=True).to_numpy()
    out = ocr(image, return_word_box=True)
    if not out.txts:
        return []
    words = out.word_results if len(out.word_results) == len(out.txts) else [()] * len(out.txts)
    lines = []
    for quad, text, word_results in zip(out.boxes, out.txts, words, strict=True):
        line = _line(text, _box(quad), word_results)
        if line is not None:
            lines.append(line)
    return lines


def _box(points) -> Box:
    """A detector's quadrilateral (bitmap pixels) as an upright box in PDF points."""
    xs = [float(p[0]) / SCALE for p in points]
    ys = [float(p[1]) / SCALE for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def _line(text: str, box: Box, word_results) -> OcrLine | None:
    text = " ".join(_CONTROL.sub("", text).split())
    if not any(ch.isalnum() for ch in text):
        return None  # a rule, a bar or a smudge read as punctuation
    words = _word_boxes(text, word_results)
    if not words:  # no word boxes, or words that do not spell the line: share the box out
        left, top, right, bottom = box
        step = (right - left) / max(len(text), 1)
        words = tuple(
            OcrWord(m.group(), (left + m.start() * step, top, left + m.end() * step, bottom))
            for m in _WORD.finditer(text)
        )
    return OcrLine(text, box, words)


def _word_boxes(text: str, word_results) -> tuple[OcrWord, ...]:
    """RapidOCR's words of a line with their boxes, when they spell the line word for word."""
    try:
        found = [
            OcrWord(_CONTROL.sub("", w[0]).strip(), _box(w[2]))
            for w in word_results or ()
            if w[2] is not None
        ]
    except (TypeError, IndexError, ValueError):  # not the (word, score, box) triples expected
        return ()
    return tuple(found) if " ".join(w.text for w in found) == text else ()


def rows(lines: list[OcrLine]) -> list[list[OcrLine]]:
    """Lines printed side by side (an item's number and title, a table's cells) as one row each,
    rows top to bottom and lines left to right within a row."""
    out: list[list[OcrLine]] = []
    for line in sorted(lines, key=lambda li: (li.middle, li.box[0])):
        row = out[-1] if out else None
        if row is not None and _beside(row, line):
            row.append(line)
        else:
            out.append([line])
    return [sorted(row, key=lambda li: li.box[0]) for row in out]


def _beside(row: list[OcrLine], line: OcrLine) -> bool:
    top = min(li.box[1] for li in row)
    bottom = max(li.box[3] for li in row)
    overlap = min(bottom, line.box[3]) - max(top, line.box[1])
    return overlap >= 0.5 * min(line.height, bottom - top)


def page_text(lines: list[OcrLine]) -> tuple[str, tuple[TextBox, ...]]:
    """A page's text from its OCR lines (a row per text line, words parted by one space) and
    where each word of that text is printed."""
    parts: list[str] = []
    boxes: list[TextBox] = []
    at = 0
    for r, row in enumerate(rows(lines)):
        if r:
            parts.append("\n")
            at += 1
        first = True
        for line in row:
            for word in line.words:
                if not first:
                    parts.append(" ")
                    at += 1
                first = False
                parts.append(word.text)
                boxes.append(TextBox(at, at + len(word.text), _rounded(word.box)))
                at += len(word.text)
    return "".join(parts), tuple(boxes)


def _rounded(box: Box) -> Box:
    left, top, right, bottom = (round(v, 1) for v in box)
    return left, top, right, bottom
