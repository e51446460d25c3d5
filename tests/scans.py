"""Scanned pages made in the test: fictional text drawn with Pillow, wrapped as image-only PDFs.

Nothing here copies a real paper; the text is a made-up parish council's agenda.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

AGENDA = [
    "HARROWFIELD PARISH COUNCIL",
    "AGENDA",
    "Meeting of the Parish Council to be held on 12 March 2024 at 7.00 pm",
    "1. Apologies for absence",
    "2. Minutes of the meeting held on 13 February 2024",
    "3. Village hall roof repairs",
    "To consider three quotes for replacing the slate roof of the village hall.",
    "4. Footpath 14 drainage at Mill Lane",
    "5. Date of next meeting: 9 April 2024",
]
QUOTE = "To consider three quotes for replacing the slate roof of the village hall."
COVER = (
    "Harrowfield Parish Council. Papers for the meeting of the Parish Council on 12 March 2024. "
    "The agenda that follows was scanned from the clerk's signed copy."
)
A4 = (8.27, 11.69)  # inches


def scan_image(lines: list[str], *, dpi: int = 150, size_pt: int = 12) -> Image.Image:
    """An A4 sheet at `dpi` with `lines` printed from the top-left margin, as a scanner gives it."""
    width, height = (round(side * dpi) for side in A4)
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=round(dpi * size_pt / 72))  # Pillow's own font
    top = dpi  # one-inch margins
    for line in lines:
        draw.text((dpi, top), line, fill=0, font=font)
        top += round(dpi * size_pt * 2 / 72)
    return image


def make_scanned_pdf(path: Path, pages: list[list[str]] | None = None, *, dpi: int = 150) -> Path:
    """An image-only PDF (Pillow's PDF writer), one scanned sheet per list of lines."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    images = [scan_image(lines, dpi=dpi) for lines in pages or [AGENDA]]
    images[0].save(path, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return path


def make_pack_with_scan(path: Path) -> Path:
    """A two-sheet pack (fpdf2): a cover with a text layer, then the scanned agenda, which the
    pack's builder stamped "Page 2" in text as packs do."""
    from fpdf import FPDF

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_font("Helvetica", size=12)
    pdf.add_page()
    pdf.multi_cell(0, 6, COVER)
    pdf.add_page()
    pdf.image(scan_image(AGENDA), x=0, y=0, w=210, h=297)
    pdf.set_xy(95, 285)
    pdf.cell(20, 6, "Page 2")
    pdf.output(str(path))
    return path
