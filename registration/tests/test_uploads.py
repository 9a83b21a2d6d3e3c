"""Uploads are judged by content; every refusal has an Indonesian message and stores nothing."""

import struct
import zlib
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from registration.models import Evidence
from registration.samples import sample_jpeg, sample_pdf, sample_png
from registration.tests.factories import draft_application
from skema_lsp.uploads import validate_upload

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims huge dimensions but carries a tiny IDAT: the classic decompression bomb."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    idat = chunk(b"IDAT", zlib.compress(b"\x00" * 64))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + idat + chunk(b"IEND", b"")


class NamedFile(SimpleUploadedFile):
    """An upload whose name keeps its path parts (SimpleUploadedFile strips them, a crafted client may not)."""

    def __init__(self, name, content):
        super().__init__("x", content)
        self._name = name

    @property
    def name(self):
        return self._name

    @name.setter
    def name(self, value):
        pass


def refused(name: str, content: bytes, **kwargs) -> str:
    with pytest.raises(ValidationError) as exc:
        validate_upload(SimpleUploadedFile(name, content), **kwargs)
    return exc.value.code


def test_pdf_png_jpeg_accepted_with_type_from_content():
    png = validate_upload(SimpleUploadedFile("foto.txt", sample_png()))
    assert (png.content_type, png.extension, png.original_name) == ("image/png", ".png", "foto.txt")
    assert validate_upload(SimpleUploadedFile("a.jpg", sample_jpeg())).content_type == "image/jpeg"
    pdf = validate_upload(SimpleUploadedFile("ijazah.pdf", sample_pdf()))
    assert pdf.content_type == "application/pdf" and len(pdf.sha256) == 64 and pdf.size == len(sample_pdf())
    assert pdf.storage_name.endswith(".pdf") and "ijazah" not in pdf.storage_name


def test_renamed_executable_refused():
    assert refused("ktp.pdf", EXE) == "bad_type"


def test_oversized_file_refused(settings):
    settings.UPLOAD_MAX_BYTES = 1000
    assert refused("besar.pdf", sample_pdf() + b"%" * 2000) == "too_large"


def test_corrupt_and_truncated_images_refused():
    assert refused("rusak.png", b"\x89PNG\r\n\x1a\n" + b"sampah" * 50) == "corrupt"
    assert refused("potong.png", sample_png(400, 600)[:300]) == "corrupt"
    assert refused("rusak.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 100) == "corrupt"


def test_decompression_bomb_refused():
    assert refused("bom.png", png_header_only(30000, 30000)) == "decompression_bomb"


def test_image_just_over_pixel_limit_refused(monkeypatch):
    # Between 1x and 2x the limit Pillow only warns; our own check refuses.
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 2000)
    with pytest.warns(Image.DecompressionBombWarning):
        assert refused("foto.png", sample_png(40, 60)) == "decompression_bomb"


def test_unparsable_pdf_refused():
    assert refused("rusak.pdf", b"%PDF-1.7\n" + b"bukan pdf sungguhan\n" * 20) == "bad_pdf"


def test_filename_with_path_refused():
    for name in ["../../etc/passwd.pdf", "..\\ktp.pdf", "folder/ktp.pdf", ".."]:
        with pytest.raises(ValidationError) as exc:
            validate_upload(NamedFile(name, sample_pdf()))
        assert exc.value.code in {"path_in_name", "bad_name"}
        assert "'../'" in exc.value.messages[0] or "tidak valid" in exc.value.messages[0]


def test_photo_must_be_an_image():
    assert refused("pasfoto.pdf", sample_pdf(), images_only=True) == "not_image"


# --- through the upload view: message shown, nothing stored ------------------------------------


def _stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.mark.parametrize("name,content,message", [
    ("program.pdf", EXE, "Jenis berkas tidak diterima"),
    ("besar.pdf", sample_pdf() + b"%" * (5 * 1024 * 1024), "melebihi batas"),
    ("rusak.png", b"\x89PNG\r\n\x1a\n" + b"x" * 100, "Gambar rusak"),
    ("bom.png", png_header_only(30000, 30000), "Dimensi gambar terlalu besar"),
    ("rusak.pdf", b"%PDF-1.4\nxx", "PDF rusak"),
])
def test_refused_upload_through_view_stores_nothing(client, scheme, settings, name, content, message):
    application = draft_application(scheme, complete=False)
    ktp = scheme.documents.get(code="ktp")
    client.force_login(application.applicant)
    response = client.post(reverse("registration:upload", args=[application.pk]),
                           {"dokumen": ktp.pk, "berkas": SimpleUploadedFile(name, content), "kembali": "dokumen"},
                           follow=True)
    assert message in response.content.decode()
    assert Evidence.objects.count() == 0
    assert _stored_files(settings) == []


def test_pdf_as_photo_refused_through_view(client, scheme, settings):
    application = draft_application(scheme, complete=False)
    client.force_login(application.applicant)
    response = client.post(reverse("registration:upload", args=[application.pk]),
                           {"dokumen": scheme.documents.get(code="pasfoto").pk,
                            "berkas": SimpleUploadedFile("pasfoto.pdf", sample_pdf())}, follow=True)
    assert "harus berupa foto" in response.content.decode()
    assert Evidence.objects.count() == 0 and _stored_files(settings) == []


def test_path_in_uploaded_name_never_reaches_disk(client, scheme, settings):
    application = draft_application(scheme, complete=False)
    client.force_login(application.applicant)
    upload = SimpleUploadedFile("ktp.pdf", sample_pdf())
    upload._name = "../../ktp.pdf"  # Django's parser strips it again; the stored name is random anyway
    client.post(reverse("registration:upload", args=[application.pk]),
                {"dokumen": scheme.documents.get(code="ktp").pk, "berkas": upload})
    evidence = Evidence.objects.get()
    assert evidence.original_name == "ktp.pdf"
    stored = Path(evidence.file.path).resolve()
    assert stored.is_relative_to(Path(settings.MEDIA_ROOT).resolve() / "private")
    assert "ktp" not in stored.name and len(stored.stem) == 32


# --- pixel limits by purpose, and the normalised print copy (issue 12, item 1) ---------------------


def png_of_pixels(width: int, height: int) -> bytes:
    """A real, complete grey PNG of width × height: tiny on disk (its rows compress to almost
    nothing), huge once decoded (9400 × 9400 is 88 MP, just under Pillow's own bomb limit)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    packer, row, parts = zlib.compressobj(9), b"\x00" + b"\x80" * width, []
    for _ in range(height):
        parts.append(packer.compress(row))
    parts.append(packer.flush())
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", b"".join(parts)) + chunk(b"IEND", b"")


@pytest.fixture(scope="module")
def huge_png() -> bytes:
    return png_of_pixels(9400, 9400)


@pytest.fixture
def no_decoding(monkeypatch):
    """Fails the test if any image's pixels are decoded."""
    from PIL import ImageFile

    def refuse(self):
        raise AssertionError(f"decoded a {self.size} image")

    monkeypatch.setattr(ImageFile.ImageFile, "load", refuse)


def test_huge_pixel_photo_refused_from_its_header_without_decoding(huge_png, no_decoding):
    assert len(huge_png) < 400_000
    with pytest.raises(ValidationError) as exc:
        validate_upload(SimpleUploadedFile("pasfoto.png", huge_png), images_only=True, max_pixels=12_000_000,
                        purpose="pas foto")
    assert exc.value.code == "too_many_pixels"
    assert "9400 × 9400 piksel (88,4 megapiksel); batas untuk pas foto 12 megapiksel" in exc.value.messages[0]


def test_huge_pixel_image_refused_as_any_evidence_too(huge_png, no_decoding):
    with pytest.raises(ValidationError) as exc:
        validate_upload(SimpleUploadedFile("scan.png", huge_png))
    assert exc.value.code == "too_many_pixels" and "batas untuk gambar 40 megapiksel" in exc.value.messages[0]


def test_huge_pixel_photo_refused_through_the_view_and_nothing_stored(client, scheme, settings, huge_png):
    application = draft_application(scheme, complete=False)
    client.force_login(application.applicant)
    response = client.post(reverse("registration:upload", args=[application.pk]),
                           {"dokumen": scheme.documents.get(code="pasfoto").pk,
                            "berkas": SimpleUploadedFile("pasfoto.png", huge_png)}, follow=True)
    assert "batas untuk pas foto 12 megapiksel" in response.content.decode()
    assert Evidence.objects.count() == 0 and _stored_files(settings) == []


def test_accepted_image_carries_an_upright_downscaled_print_copy():
    import io

    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x0112] = 6  # stored landscape, shown rotated 90°: a portrait photo from a phone
    Image.new("RGB", (4000, 3000), "red").save(buffer, "JPEG", exif=exif)
    upload = validate_upload(SimpleUploadedFile("pasfoto.jpg", buffer.getvalue()), images_only=True,
                             max_pixels=12_000_000)
    with Image.open(io.BytesIO(upload.print_copy)) as copy:
        assert copy.format == "JPEG" and copy.mode == "RGB"
        assert copy.height > copy.width and max(copy.size) <= 800
    assert upload.content == buffer.getvalue()  # the original is kept as uploaded
    rgba = io.BytesIO()
    Image.new("RGBA", (50, 80), (0, 0, 0, 0)).save(rgba, "PNG")
    with Image.open(io.BytesIO(validate_upload(SimpleUploadedFile("a.png", rgba.getvalue())).print_copy)) as copy:
        assert copy.getpixel((10, 10)) == (255, 255, 255)  # transparency on white, not black


def test_truncated_jpeg_refused():
    assert refused("potong.jpg", sample_jpeg(800, 1200)[:2000]) == "corrupt"


def test_photo_upload_stores_the_print_copy_with_the_row(client, scheme):
    application = draft_application(scheme, complete=False)
    client.force_login(application.applicant)
    client.post(reverse("registration:upload", args=[application.pk]),
                {"dokumen": scheme.documents.get(code="pasfoto").pk,
                 "berkas": SimpleUploadedFile("pasfoto.png", sample_png(1200, 1800))})
    evidence = Evidence.objects.get()
    with evidence.print_copy.open("rb") as handle, Image.open(handle) as copy:
        assert copy.format == "JPEG" and copy.size == (533, 800)


# --- per-application file limit; a refusal leaves nothing on disk (issue 12, item 2) ---------------


def test_files_per_application_are_limited_with_a_message(client, scheme, settings, monkeypatch):
    from registration import services

    monkeypatch.setattr(services, "MAX_FILES_PER_APPLICATION", 3)
    application = draft_application(scheme, complete=False)
    client.force_login(application.applicant)
    url = reverse("registration:upload", args=[application.pk])
    for n in range(3):
        client.post(url, {"berkas": SimpleUploadedFile(f"bukti-{n}.pdf", sample_pdf()), "kembali": "apl-02"})
    before = sorted(_stored_files(settings))
    response = client.post(url, {"berkas": SimpleUploadedFile("bukti-4.pdf", sample_pdf()), "kembali": "apl-02"},
                           follow=True)
    assert "sudah menyimpan 3 berkas, batas per permohonan" in response.content.decode()
    assert Evidence.objects.filter(application=application).count() == 3
    assert sorted(_stored_files(settings)) == before


def test_refused_payment_proof_leaves_no_file(client, scheme, settings):
    """The invoice is already settled: the proof is refused, and its file does not stay behind."""
    from registration.models import Payment
    from registration.tests.factories import submitted_application

    application = submitted_application(scheme)
    Payment.objects.filter(application=application).update(status=Payment.Status.CONFIRMED)
    before = sorted(_stored_files(settings))
    client.force_login(application.applicant)
    response = client.post(reverse("registration:payment_proof", args=[application.pk]),
                           {"berkas": SimpleUploadedFile("bukti-transfer.pdf", sample_pdf())}, follow=True)
    assert "tidak dapat mengunggah bukti pembayaran" in response.content.decode()
    assert not Evidence.objects.filter(application=application, kind=Evidence.Kind.PAYMENT).exists()
    assert sorted(_stored_files(settings)) == before


def test_truncated_images_refused_even_after_weasyprint_loosened_pillow(monkeypatch):
    from PIL import ImageFile

    # WeasyPrint's import sets this for the whole process; set it here as it does, whatever ran before
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    assert refused("potong.jpg", sample_jpeg(800, 1200)[:2000]) == "corrupt"
    assert refused("potong.png", sample_png(400, 600)[:300]) == "corrupt"
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # left as WeasyPrint wants it


# --- downloads are named by the type their content proved (issue 12, item 16) ----------------------


@pytest.mark.parametrize("original, content_type, expected", [
    ("ijazah.exe", "application/pdf", "ijazah.pdf"),
    ("foto.pdf", "image/png", "foto.png"),
    ("scan.JPEG", "image/jpeg", "scan.JPEG"),
    ("scan.jpg", "image/jpeg", "scan.jpg"),
    ("laporan", "application/pdf", "laporan.pdf"),
    ("laporan akhir.final.versi-2", "application/pdf", "laporan akhir.final.versi-2.pdf"),
    ("transkrip.pdf", "application/pdf", "transkrip.pdf"),
])
def test_download_name_carries_the_extension_of_the_sniffed_type(original, content_type, expected):
    from skema_lsp.uploads import download_name

    assert download_name(original, content_type) == expected


def test_evidence_downloads_with_the_extension_of_its_content(client, scheme):
    application = draft_application(scheme, complete=False)
    client.force_login(application.applicant)
    client.post(reverse("registration:upload", args=[application.pk]),
                {"berkas": SimpleUploadedFile("ijazah.exe", sample_pdf()), "kembali": "apl-02"})
    evidence = Evidence.objects.get()
    assert evidence.original_name == "ijazah.exe"
    response = client.get(reverse("registration:evidence_file", args=[evidence.pk]), {"unduh": "1"})
    assert response["Content-Disposition"] == 'attachment; filename="ijazah.pdf"'
    assert response["Content-Type"] == "application/pdf"
