"""Upload checks every stage reuses: PDF, JPEG or PNG judged by content, never by name.

    upload = validate_upload(request.FILES["berkas"], images_only=False)   # raises ValidationError
    evidence.file.save(upload.storage_name, upload.as_file())

Nothing is written anywhere until the caller saves the returned ValidatedUpload.
"""

import hashlib
import io
import unicodedata
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, UnidentifiedImageError

from skema_lsp.templatetags.formatting import ukuran

# (signature, content type, extension): the first bytes decide what a file is.
SIGNATURES: list[tuple[bytes, str, str]] = [
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
]
IMAGE_TYPES = {"image/png", "image/jpeg"}
PILLOW_FORMATS = {"image/png": "PNG", "image/jpeg": "JPEG"}
MAX_NAME_LENGTH = 150


@dataclass(frozen=True)
class ValidatedUpload:
    content: bytes
    original_name: str
    content_type: str
    extension: str
    size: int
    sha256: str

    @property
    def is_image(self) -> bool:
        return self.content_type in IMAGE_TYPES

    @property
    def storage_name(self) -> str:
        """A random name with the extension the content proved (the applicant's name is never used)."""
        return f"{uuid.uuid4().hex}{self.extension}"

    def as_file(self) -> ContentFile:
        return ContentFile(self.content, name=self.storage_name)


def validate_upload(uploaded_file, *, images_only: bool = False) -> ValidatedUpload:
    """Check one uploaded file; raise ValidationError with an Indonesian message when it is refused."""
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
    if content_type in IMAGE_TYPES:
        _check_image(content, content_type)
    else:
        _check_pdf(content)
    return ValidatedUpload(
        content=content,
        original_name=name,
        content_type=content_type,
        extension=extension,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )


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


def _check_image(content: bytes, content_type: str) -> None:
    corrupt = ValidationError("Gambar rusak atau tidak dapat dibaca. Simpan ulang sebagai JPEG/PNG.", code="corrupt")
    try:
        with Image.open(io.BytesIO(content), formats=[PILLOW_FORMATS[content_type]]) as image:
            _check_pixels(image.width, image.height)
            image.verify()
        # verify() leaves the image unusable; decoding a fresh copy finds truncated pixel data.
        with Image.open(io.BytesIO(content)) as image:
            image.load()
    except Image.DecompressionBombError:
        raise _bomb_error() from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise corrupt from exc


def _check_pixels(width: int, height: int) -> None:
    limit = Image.MAX_IMAGE_PIXELS
    if limit and width * height > limit:
        raise _bomb_error()


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
