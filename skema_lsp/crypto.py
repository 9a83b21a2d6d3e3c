"""Encryption at rest for identity files (KTP scans, pas photos and their print copies) and the
personal data exports: the bytes on disk or in the bucket are Fernet tokens (AES-128-CBC +
HMAC-SHA256), never the image.

Keys come from MEDIA_ENCRYPTION_KEYS (comma-separated Fernet keys): the first encrypts, every one
decrypts (cryptography's MultiFernet), so a new key is put first, `manage.py rotate_media_key`
re-encrypts every stored file with it, and the old key is removed afterwards (README, "Key rotation").

The fields that hold such files use `encrypted_storage` (a callable, so migrations name it and the
key is read when the storage is first used). Reading a file through the field decrypts it; what
reads the storage directly (the backup) copies the encrypted bytes as they are."""

from functools import cache

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.core.files.base import ContentFile, File
from django.core.files.storage import Storage, storages
from django.utils.deconstruct import deconstructible

# A Fernet token's first bytes: version 0x80, base64url-encoded ("gAAAAA").
TOKEN_PREFIX = b"gAAAAA"


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in keys])


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.MEDIA_ENCRYPTION_KEYS))


def encrypt(data: bytes) -> bytes:
    return fernet().encrypt(data)


def decrypt(token: bytes) -> bytes:
    """The plaintext of a stored file. A file stored before encryption was switched on (no token
    prefix) is returned as it is; `rotate_media_key` encrypts such files."""
    if not is_encrypted(token):
        return token
    return fernet().decrypt(token)


def is_encrypted(data: bytes) -> bool:
    return data.startswith(TOKEN_PREFIX)


def rotate(data: bytes) -> bytes:
    """`data` encrypted with the first (newest) key, whichever key (or none) it was encrypted with."""
    return fernet().rotate(data) if is_encrypted(data) else encrypt(data)


@deconstructible(path="skema_lsp.crypto.EncryptedStorage")
class EncryptedStorage(Storage):
    """The default storage (local disk or the bucket), with every file encrypted on save and
    decrypted on open. Names, existence, size on disk and deletion are the inner storage's."""

    @property
    def inner(self) -> Storage:
        return storages["default"]

    def _open(self, name, mode="rb"):
        with self.inner.open(name, "rb") as handle:
            data = decrypt(handle.read())
        file = ContentFile(data, name=name)
        file.mode = mode
        return file

    def _save(self, name, content):
        content.seek(0)
        return self.inner.save(name, ContentFile(encrypt(content.read()), name=name))

    def read_raw(self, name) -> bytes:
        with self.inner.open(name, "rb") as handle:
            return handle.read()

    def write_raw(self, name, data: bytes) -> None:
        """Replace a stored file's bytes under the same name (key rotation)."""
        self.inner.delete(name)
        saved = self.inner.save(name, File(ContentFile(data), name=name))
        if saved != name:  # a storage that renamed it would orphan the row's name
            raise OSError(f"storage saved {name} as {saved}")

    def delete(self, name):
        return self.inner.delete(name)

    def exists(self, name):
        return self.inner.exists(name)

    def size(self, name):
        return self.inner.size(name)

    def listdir(self, path):
        return self.inner.listdir(path)

    def get_available_name(self, name, max_length=None):
        return self.inner.get_available_name(name, max_length=max_length)

    def generate_filename(self, filename):
        return self.inner.generate_filename(filename)

    def path(self, name):
        return self.inner.path(name)

    def url(self, name):
        raise NotImplementedError("Berkas terenkripsi hanya keluar melalui view yang memeriksa izin.")


def encrypted_storage() -> EncryptedStorage:
    return EncryptedStorage()


def check_keys(raw: str) -> list[str]:
    """The keys of MEDIA_ENCRYPTION_KEYS, each checked to be a Fernet key; raises ValueError."""
    keys = [key.strip() for key in raw.split(",") if key.strip()]
    for key in keys:
        try:
            Fernet(key.encode())
        except (ValueError, TypeError):
            raise ValueError(f"{key[:6]}… bukan kunci Fernet (32 byte, base64url)") from None
    return keys


