"""The locked WeasyPrint fetcher: only data: URIs and files inside the static folder reach the PDF."""

import http.server
import io
import shutil
import threading

import pytest
from PIL import Image
from pypdf import PdfReader

from skema_lsp.pdf import render_pdf, static_root
from skema_lsp.testing import pdf_text

TEMPLATE = """{% extends "pdf/base.html" %}
{% block extra_head %}<style>
@font-face { font-family: "Static Only"; src: url("fonts/DejaVuSerif-Bold.ttf"); }
.static-font { font-family: "Static Only"; }
</style>
<link rel="attachment" href="file:///etc/passwd" title="passwd">
<link rel="attachment" href="{{ outside_uri }}" title="outside">
{% endblock %}
{% block content %}
<h1>Uji PDF {{ name }}</h1>
<p class="static-font">Huruf dari folder static</p>
<img src="{{ http_url }}" alt="http">
<img src="http://127.0.0.1:9/x.png" alt="port 9">
<img src="{{ outside_uri }}.png" alt="outside">
<img src="../outside.png" alt="traversal">
{% if inside_image %}<img src="{{ inside_image }}" alt="inside">{% endif %}
{% endblock %}
"""


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802 - http.server's naming
        type(self).hits.append(self.path)
        buffer = io.BytesIO()
        Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()
        self.wfile.write(buffer.getvalue())

    def log_message(self, *args):
        pass


@pytest.fixture
def http_server():
    _Recorder.hits = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/logo.png", _Recorder.hits
    server.shutdown()


@pytest.fixture
def pdf_templates(settings, tmp_path):
    folder = tmp_path / "templates" / "pdftest"
    folder.mkdir(parents=True)
    (folder / "uji.html").write_text(TEMPLATE, encoding="utf-8")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path / "templates"]}]
    return "pdftest/uji.html"


@pytest.fixture
def private_static(settings, tmp_path):
    """A copy of static/ with an image inside, and a secret file and image next to (outside) it."""
    root = tmp_path / "static"
    shutil.copytree(static_root() / "css", root / "css")
    shutil.copytree(static_root() / "fonts", root / "fonts")
    (root / "img").mkdir()
    Image.new("RGB", (8, 8), "blue").save(root / "img" / "logo.png")
    (tmp_path / "outside").write_text("root:x:0:0:rahasia:/root:/bin/bash\n")
    Image.new("RGB", (8, 8), "green").save(tmp_path / "outside.png")
    Image.new("RGB", (8, 8), "green").save(tmp_path / "outside.png.png")
    settings.STATICFILES_DIRS = [root]
    return tmp_path


def _text(pdf: bytes) -> str:
    return pdf_text(pdf, collapse=None)


def _fonts(reader: PdfReader) -> set[str]:
    names = set()
    for page in reader.pages:
        for font in (page.get("/Resources") or {}).get("/Font", {}).values():
            names.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    return names


def _image_count(reader: PdfReader) -> int:
    return sum(len(page.images) for page in reader.pages)


def test_renders_a_template_with_its_context_and_shipped_font(pdf_templates):
    pdf = render_pdf(pdf_templates, {"name": "Ṣiti Ḥasanah", "http_url": "data:,", "outside_uri": "data:,"})
    assert pdf.startswith(b"%PDF")
    text = _text(pdf)
    assert "Uji PDF Ṣiti Ḥasanah" in text
    assert "LSP Perencanaan Pembangunan Indonesia" in text  # the letterhead of pdf/base.html
    # "Static Only" exists only as an @font-face pointing into static/fonts: seeing it embedded
    # proves the locked fetcher still serves files from the static folder.
    fonts = _fonts(PdfReader(io.BytesIO(pdf)))
    assert "Static-Only-Bold" in fonts
    assert "DejaVu-Sans" in fonts  # pdf.css's body font


def test_network_and_foreign_files_are_not_fetched(pdf_templates, private_static, http_server):
    http_url, hits = http_server
    outside_uri = (private_static / "outside").as_uri()
    pdf = render_pdf(pdf_templates, {"name": "A", "http_url": http_url, "outside_uri": outside_uri})
    reader = PdfReader(io.BytesIO(pdf))
    assert hits == []
    assert reader.attachments == {}
    assert "root:" not in _text(pdf)
    assert b"root:x:0:0" not in pdf
    assert _image_count(reader) == 0


def test_an_image_inside_static_is_embedded(pdf_templates, private_static):
    pdf = render_pdf(
        pdf_templates, {"name": "A", "http_url": "data:,", "outside_uri": "data:,", "inside_image": "img/logo.png"}
    )
    assert _image_count(PdfReader(io.BytesIO(pdf))) == 1


def test_data_uri_image_is_allowed(pdf_templates, private_static):
    import base64

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "black").save(buffer, "PNG")
    data_uri = "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()
    pdf = render_pdf(pdf_templates, {"name": "A", "http_url": data_uri, "outside_uri": "data:,"})
    assert _image_count(PdfReader(io.BytesIO(pdf))) == 1


def test_stylesheets_and_fonts_are_prepared_once_per_process(monkeypatch):
    """The certificate gets pdf.css and its own landscape sheet, parsed on first use only."""
    import weasyprint

    from decisions.documents import CERTIFICATE_STYLESHEETS
    from skema_lsp import pdf

    parsed = []

    class CountingCSS(weasyprint.CSS):
        def __init__(self, *args, **kwargs):
            parsed.append(kwargs.get("filename"))
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(weasyprint, "CSS", CountingCSS)
    pdf._stylesheet.cache_clear()
    context = {"lsp_name": "LSP Uji", "certificate": {"number": "NO/1", "holder_name": "Ṣiti", "units": []}}
    first = render_pdf("decisions/pdf/certificate.html", context, stylesheets=CERTIFICATE_STYLESHEETS)
    second = render_pdf("decisions/pdf/certificate.html", context, stylesheets=CERTIFICATE_STYLESHEETS)
    assert [name.rsplit("/", 1)[-1] for name in parsed] == ["pdf.css", "pdf-certificate.css"]
    for document in (first, second):
        page = PdfReader(io.BytesIO(document)).pages[0]
        assert round(float(page.mediabox.width)) > round(float(page.mediabox.height))  # A4 landscape
        assert "DejaVu-Sans" in _fonts(PdfReader(io.BytesIO(document)))
        assert "NO/1" in _text(document)
    pdf._stylesheet.cache_clear()  # later tests get sheets parsed by the real class
