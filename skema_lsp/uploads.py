"""Upload checks every stage reuses: PDF, JPEG or PNG judged by content, never by name.

    upload = validate_upload(request.FILES["berkas"], images_only=False)   # raises ValidationError
    evidence.file.save(upload.storage_name, upload.as_file())

Nothing is written anywhere until the caller saves the returned ValidatedUpload.
"""

import hashlib
import io
import unicodedata
import uuid
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

from skema_lsp.templatetags.formatting import ukuran

# (signature, content type, extension): the first bytes decide what a file is.
SIGNATURES: list[tuple[bytes, str, str]] = [
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
]
IMAGE_TYPES = {"image/png", "image/jpeg"}
# The file inputs' accept attribute: a phone's picker then offers the camera and these kinds only.
ACCEPT = "application/pdf,image/jpeg,image/png"
ACCEPT_IMAGES = "image/jpeg,image/png"
# Suffixes a download may keep for the type its content proved (see download_name).
SAME_TYPE = {".jpg": {".jpg", ".jpeg", ".jpe"}}
PILLOW_FORMATS = {"image/png": "PNG", "image/jpeg": "JPEG"}
MAX_NAME_LENGTH = 150
# Pixel limits by purpose, read from the image header before any pixel is decoded. A 4x6 pas photo
# needs far less than 12 MP; a scanned A4 page at 600 dpi is about 35 MP.
PHOTO_MAX_PIXELS = 12_000_000
IMAGE_MAX_PIXELS = 40_000_000
# The normalised copy PDFs embed (a 4x6 photo at ~340 dpi): upright, RGB, JPEG.
PRINT_COPY_SIZE = (600, 800)


@dataclass(frozen=True)
class ValidatedUpload:
    content: bytes
    original_name: str
    content_type: str
    extension: str
    size: int
    sha256: str
    print_copy: bytes | None = None  # images only: the normalised copy for PDFs (see make_print_copy)

    @property
    def is_image(self) -> bool:
        return self.content_type in IMAGE_TYPES

    @property
    def storage_name(self) -> str:
        """A random name with the extension the content proved (the applicant's name is never used)."""
        return f"{uuid.uuid4().hex}{self.extension}"

    def as_file(self) -> ContentFile:
        return ContentFile(self.content, name=self.storage_name)

    def print_copy_file(self) -> ContentFile | None:
        return ContentFile(self.print_copy, name=f"{uuid.uuid4().hex}.jpg") if self.print_copy else None


def validate_upload(uploaded_file, *, images_only: bool = False, max_pixels: int = IMAGE_MAX_PIXELS,
                    purpose: str = "gambar") -> ValidatedUpload:
    """Check one uploaded file; raise ValidationError with an Indonesian message when it is refused.
    An image above `max_pixels` (a limit for its `purpose`, e.g. PHOTO_MAX_PIXELS for a pas photo)
    is refused from its header, before its pixels are decoded."""
    if uploaded_file is None:
        raise ValidationError("Pilih berkas yang akan diunggah.", code="missing")
    name = clean_filename(getattr(uploaded_file, "name", "") or "")
    _check_size(uploaded_file.size)
    content = _read(uploaded_file)
    _check_size(len(content))  # the declared size may lie
    content_type, extension = _sniff(content)
    if images_only and content_type not in IMAGE_TYPES:
        raise ValidationError(
            "Berkas ini harus berupa foto (JPEG atau PNG), bukan %(kind)s.",
            code="not_image",
            params={"kind": "PDF" if content_type == "application/pdf" else "berkas lain"},
        )
    print_copy = None
    if content_type in IMAGE_TYPES:
        print_copy = _check_image(content, content_type, max_pixels=max_pixels, purpose=purpose)
    else:
        _check_pdf(content)
    return ValidatedUpload(
        content=content,
        original_name=name,
        content_type=content_type,
        extension=extension,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        print_copy=print_copy,
    )


def download_name(original_name: str, content_type: str) -> str:
    """The person's file name with the extension of what its content proved to be: a PDF uploaded
    as 'ijazah.exe' downloads as 'ijazah.pdf' (a browser or OS trusts the name, not the content)."""
    extension = next((ext for _, kind, ext in SIGNATURES if kind == content_type), "")
    if not extension:
        return original_name or "berkas"
    stem, dot, suffix = (original_name or "berkas").rpartition(".")
    if dot and stem and suffix.isalnum() and len(suffix) <= 5:
        if f".{suffix.lower()}" in SAME_TYPE.get(extension, {extension}):
            return original_name
        return stem + extension
    return (original_name or "berkas") + extension


def stored_upload_response(stored, *, original_name: str, content_type: str, as_attachment: bool = True):
    """A checked upload sent to a viewer the calling view has already allowed: typed as its content
    proved, named by download_name, never cached; 404 when the file is gone (destroyed at the end of
    its retention period, or never attached)."""
    from django.http import FileResponse, Http404

    if not stored:
        raise Http404
    response = FileResponse(stored.open("rb"), content_type=content_type or "application/octet-stream",
                            as_attachment=as_attachment, filename=download_name(original_name, content_type))
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def clean_filename(name: str) -> str:
    """The name shown back to people. A name carrying a path (../, /, \\) is refused outright:
    browsers never send one, so it is a crafted request."""
    if "/" in name or "\\" in name or name.strip() in {".", ".."}:
        raise ValidationError(
            "Nama berkas tidak boleh memuat folder atau '../'. Ganti nama berkas lalu unggah ulang.",
            code="path_in_name",
        )
    name = "".join(ch for ch in unicodedata.normalize("NFC", name) if ch.isprintable()).strip(" .")
    if not name:
        raise ValidationError("Nama berkas kosong atau tidak valid.", code="bad_name")
    if len(name) > MAX_NAME_LENGTH:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: MAX_NAME_LENGTH - len(ext) - 1] + dot + ext) if dot else name[:MAX_NAME_LENGTH]
    return name


def _check_size(size: int) -> None:
    limit = settings.UPLOAD_MAX_BYTES
    if size > limit:
        raise ValidationError(
            "Ukuran berkas %(size)s melebihi batas %(limit)s per berkas.",
            code="too_large",
            params={"size": ukuran(size), "limit": ukuran(limit)},
        )
    if size == 0:
        raise ValidationError("Berkas kosong (0 byte).", code="empty")


def _read(uploaded_file) -> bytes:
    uploaded_file.seek(0)
    # Read one byte past the limit so an understated size cannot smuggle a large file in.
    return uploaded_file.read(settings.UPLOAD_MAX_BYTES + 1)


def _sniff(content: bytes) -> tuple[str, str]:
    for signature, content_type, extension in SIGNATURES:
        if content.startswith(signature):
            return content_type, extension
    raise ValidationError(
        "Jenis berkas tidak diterima. Unggah PDF, JPEG atau PNG (isi berkas diperiksa, bukan hanya namanya).",
        code="bad_type",
    )


def _check_image(content: bytes, content_type: str, *, max_pixels: int, purpose: str) -> bytes:
    """Refuse a bomb or an oversized image from its header, check the file's structure, then decode it
    once (finding truncated pixel data) into the normalised print copy, which is returned."""
    corrupt = ValidationError("Gambar rusak atau tidak dapat dibaca. Simpan ulang sebagai JPEG/PNG.", code="corrupt")
    try:
        with Image.open(io.BytesIO(content), formats=[PILLOW_FORMATS[content_type]]) as image:
            _check_pixels(image.width, image.height)
            _check_purpose_pixels(image.width, image.height, max_pixels=max_pixels, purpose=purpose)
            image.verify()
        # verify() leaves the image unusable; decoding a fresh copy finds truncated pixel data.
        return make_print_copy(content)
    except Image.DecompressionBombError:
        raise _bomb_error() from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise corrupt from exc


def make_print_copy(content: bytes) -> bytes:
    """The copy PDFs embed: EXIF orientation applied, transparency on white, RGB, at most
    PRINT_COPY_SIZE, JPEG. A JPEG is decoded at a reduced scale (draft), so even a large photo costs
    little memory; the whole stream is still read, so truncated data is found."""
    with _truncated_data_refused(), Image.open(io.BytesIO(content)) as image:
        image.draft("RGB", PRINT_COPY_SIZE)
        image.thumbnail(PRINT_COPY_SIZE)
        image = ImageOps.exif_transpose(image)
        if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
            image = image.convert("RGBA")
            background = Image.new("RGB", image.size, "white")
            background.paste(image, mask=image.getchannel("A"))
            image = background
        buffer = io.BytesIO()
        image.convert("RGB").save(buffer, "JPEG", quality=85, optimize=True)
    return buffer.getvalue()


@contextmanager
def _truncated_data_refused():
    """Importing WeasyPrint sets Pillow's process-wide LOAD_TRUNCATED_IMAGES, after which a cut-off
    upload would decode silently; our own decoding always refuses it. (Every image a PDF embeds is a
    print copy made here, so WeasyPrint never needs the leniency for ours.)"""
    previous = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = previous


def _check_pixels(width: int, height: int) -> None:
    limit = Image.MAX_IMAGE_PIXELS
    if limit and width * height > limit:
        raise _bomb_error()


def _check_purpose_pixels(width: int, height: int, *, max_pixels: int, purpose: str) -> None:
    if width * height > max_pixels:
        raise ValidationError(
            "Dimensi gambar terlalu besar: %(width)s × %(height)s piksel (%(mp)s megapiksel); batas untuk "
            "%(purpose)s %(limit)s megapiksel. Perkecil resolusi gambar lalu unggah ulang.",
            code="too_many_pixels",
            params={"width": width, "height": height, "mp": f"{width * height / 1_000_000:.1f}".replace(".", ","),
                    "purpose": purpose, "limit": max_pixels // 1_000_000},
        )


def _bomb_error() -> ValidationError:
    return ValidationError(
        "Dimensi gambar terlalu besar (melebihi %(limit)s megapiksel). Perkecil resolusi gambar.",
        code="decompression_bomb",
        params={"limit": (Image.MAX_IMAGE_PIXELS or 0) // 1_000_000},
    )


def _check_pdf(content: bytes) -> None:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(content))
        encrypted = reader.is_encrypted
        pages = 0 if encrypted else len(reader.pages)
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError, RecursionError) as exc:
        raise ValidationError(
            "PDF rusak atau tidak dapat dibaca. Ekspor ulang dokumen ke PDF lalu unggah kembali.", code="bad_pdf"
        ) from exc
    if encrypted:
        raise ValidationError("PDF dikunci dengan kata sandi. Unggah PDF tanpa kata sandi.", code="encrypted_pdf")
    if pages < 1:
        raise ValidationError("PDF tidak memiliki halaman.", code="empty_pdf")


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def validate_spreadsheet(uploaded_file) -> bytes:
    """An .xlsx workbook judged by content (a ZIP holding an Office Open XML workbook that openpyxl
    opens), within the same size limit as every upload. Returns the bytes."""
    from zipfile import BadZipFile, ZipFile

    _check_size(uploaded_file.size)
    content = _read(uploaded_file)
    _check_size(len(content))
    refusal = ValidationError("Berkas bukan lembar kerja Excel (.xlsx) yang sah (isi berkas diperiksa).",
                              code="bad_type")
    if not content.startswith(b"PK\x03\x04"):
        raise refusal
    try:
        with ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
            # A ZIP bomb is refused before anything is inflated: the declared sizes are read first.
            if sum(info.file_size for info in archive.infolist()) > 20 * settings.UPLOAD_MAX_BYTES:
                raise refusal
    except BadZipFile:
        raise refusal from None
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/worksheets/") for n in names):
        raise refusal
    return content
