"""Certificate PDF rendering time (budget: median <= 100 ms after warm-up) and what it means for an SK of
500 certificates on one worker (< 60 s), judged by scripts/budget.py;
needs no database: the certificate is an unsaved snapshot with a generated 4x6 photo.

    .venv/bin/python scripts/bench_pdf.py [runs]
"""

import base64
import io
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skema_lsp.settings")
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402

django.setup()

from PIL import Image  # noqa: E402

from decisions.documents import CERTIFICATE_STYLESHEETS, certificate_context  # noqa: E402
from decisions.models import Certificate  # noqa: E402
from scripts.budget import PDF_MEDIAN_MS, SK_CERTIFICATES, SK_SECONDS, info, judge  # noqa: E402
from skema_lsp.pdf import render_pdf  # noqa: E402


def photo_uri() -> str:
    buffer = io.BytesIO()
    Image.new("RGB", (472, 709), (200, 30, 40)).save(buffer, "JPEG", quality=85)
    return "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode()


def main(runs: int) -> None:
    certificate = Certificate(
        number="RENBANG/KLS/01/2026/00042", public_code="Zx8c0mUq2rQpL5tVb7nW1A", issued_on=date(2026, 11, 25),
        valid_until=date(2029, 11, 24), holder_name="Ṣiti Nurḥaliza Āmīn", scheme_name="Mengelola Pelaksanaan Rencana "
        "Pembangunan", scheme_number="SKM/02/KLS/VIII/2020", signatory_name="Abiratno, S.T., M.Sc.",
        units=[{"code": "O.84PPB01.007.1", "title": "Merumuskan rencana kegiatan pembangunan"},
               {"code": "O.84PPB01.008.1", "title": "Menyusun rencana anggaran"}],
    )
    context = {**certificate_context(certificate), "photo": photo_uri()}
    started = time.perf_counter()
    render_pdf("decisions/pdf/certificate.html", context, stylesheets=CERTIFICATE_STYLESHEETS)
    first = (time.perf_counter() - started) * 1000
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        size = len(render_pdf("decisions/pdf/certificate.html", context, stylesheets=CERTIFICATE_STYLESHEETS))
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    median = statistics.median(timings)
    info("certificate PDF, first render in the process", f"{first:.0f} ms, {size / 1024:.0f} KiB")
    judge("certificate PDF, warm", f"median {median:.0f} ms, p95 {p95:.0f} ms over {runs} runs",
          f"median <= {PDF_MEDIAN_MS} ms", median <= PDF_MEDIAN_MS)
    # One worker renders an SK's certificates one after another; the sum of the measured renders,
    # scaled to the SK's size (storing each file adds little beside the render).
    sk_seconds = sum(timings) / len(timings) * SK_CERTIFICATES / 1000
    judge(f"SK of {SK_CERTIFICATES} certificates, one worker", f"{sk_seconds:.0f} s (mean render x {SK_CERTIFICATES})",
          f"< {SK_SECONDS} s", sk_seconds < SK_SECONDS)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)
