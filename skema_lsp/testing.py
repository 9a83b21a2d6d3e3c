"""Helpers the tests of every app share to read what a rendered PDF says (poppler's pdftotext and
pdftoppm, zbar's zbarimg: system packages, see STACK-NOTES). Imported by tests only."""

import shutil
import subprocess
import tempfile
from pathlib import Path


def pdf_text(content: bytes, *, layout: bool = False, collapse: str | None = "pages") -> str:
    """The PDF's text in reading order. `collapse` says what becomes of its whitespace: "pages" (the
    default) collapses it within each page (table cells wrap onto several lines), pages staying
    separated by a form feed; "all" collapses everything into one line; None keeps the text exactly
    as pdftotext prints it. `layout=True` keeps the page's physical layout (columns side by side,
    lines as printed), and with it all the whitespace."""
    args = ["pdftotext", *(["-layout"] if layout else []), "-", "-"]
    text = subprocess.run(args, input=content, capture_output=True, check=True).stdout.decode()
    if layout or not collapse:
        return text
    if collapse == "all":
        return " ".join(text.split())
    return "\f".join(" ".join(page.split()) for page in text.split("\f"))


def decode_qr_from_pdf(content: bytes, page: int = 1) -> list[str]:
    """Rasterise one page (pdftoppm) and read every QR code on it (zbarimg)."""
    workdir = Path(tempfile.mkdtemp())
    try:
        (workdir / "doc.pdf").write_bytes(content)
        subprocess.run(["pdftoppm", "-r", "150", "-f", str(page), "-l", str(page), "-png",
                        str(workdir / "doc.pdf"), str(workdir / "page")], check=True)
        image = next(workdir.glob("page*.png"))
        result = subprocess.run(["zbarimg", "--raw", "-q", str(image)], capture_output=True)
        return [line for line in result.stdout.decode().splitlines() if line]
    finally:
        shutil.rmtree(workdir)
