"""The signed statement in a certificate's QR code: anyone holding the LSP's public key can check a
printed certificate offline, without reaching the verification page.

The QR text is the verification URL with the statement in its fragment (a phone opens the page; the
fragment never reaches the server):

    https://…/verifikasi/<kode>/#v1.<statement>.<signature>

`statement` is the base64url of the UTF-8 lines `SKEMA-LSP/1`, number, holder name, scheme number,
issue date, valid-until date (ISO); `signature` is the base64url Ed25519 signature of those bytes.
Ed25519 signatures are deterministic: rendering again gives the same QR.

No Django import at module level: scripts/verify_certificate_qr.py uses this file on a machine that
has only `cryptography`."""

import base64
from dataclasses import dataclass
from datetime import date

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

HEADER = "SKEMA-LSP/1"
PREFIX = "v1"


class PayloadError(ValueError):
    """A QR text that is not a well-formed or not a genuinely signed statement (message in Indonesian)."""


@dataclass(frozen=True)
class Statement:
    number: str
    name: str
    scheme: str
    issued_on: date
    valid_until: date

    def to_bytes(self) -> bytes:
        lines = [HEADER, self.number, self.name, self.scheme, self.issued_on.isoformat(),
                 self.valid_until.isoformat()]
        if any("\n" in line for line in lines):
            raise PayloadError("Isi pernyataan tidak boleh memuat baris baru.")
        return "\n".join(lines).encode("utf-8")

    @classmethod
    def from_bytes(cls, raw: bytes) -> "Statement":
        try:
            header, number, name, scheme, issued, valid = raw.decode("utf-8").split("\n")
            if header != HEADER:
                raise ValueError
            return cls(number, name, scheme, date.fromisoformat(issued), date.fromisoformat(valid))
        except ValueError:
            raise PayloadError("Pernyataan dalam kode QR tidak dapat dibaca.") from None


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except ValueError:
        raise PayloadError("Kode QR memuat karakter yang tidak sah.") from None


def private_key(encoded: str) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(_unb64(encoded))


def public_key_text(key: Ed25519PrivateKey) -> str:
    """The public key as printed on the verification page: 32 raw bytes in base64url."""
    return _b64(key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw))


def public_key_pem(key: Ed25519PrivateKey) -> str:
    return key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode("ascii")


def load_public_key(text: str) -> Ed25519PublicKey:
    """A public key given as base64url (as the verification page prints it) or PEM."""
    text = text.strip()
    try:
        if text.startswith("-----BEGIN"):
            key = serialization.load_pem_public_key(text.encode("ascii"))
            if not isinstance(key, Ed25519PublicKey):
                raise ValueError
            return key
        return Ed25519PublicKey.from_public_bytes(_unb64(text))
    except ValueError:
        raise PayloadError("Kunci publik tidak sah (harus Ed25519, base64url 32 bita atau PEM).") from None


def sign(statement: Statement, key: Ed25519PrivateKey) -> str:
    raw = statement.to_bytes()
    return f"{PREFIX}.{_b64(raw)}.{_b64(key.sign(raw))}"


def qr_text(url: str, statement: Statement, key: Ed25519PrivateKey) -> str:
    return f"{url}#{sign(statement, key)}"


def verify(text: str, public_key: Ed25519PublicKey) -> Statement:
    """The statement in a scanned QR text (the whole URL or only the part after '#'), if and only
    if its signature checks with `public_key`; otherwise PayloadError."""
    signed = text.strip().rsplit("#", 1)[-1]
    parts = signed.split(".")
    if len(parts) != 3 or parts[0] != PREFIX:
        raise PayloadError("Kode QR tidak memuat pernyataan bertanda tangan.")
    raw, signature = _unb64(parts[1]), _unb64(parts[2])
    try:
        public_key.verify(signature, raw)
    except InvalidSignature:
        raise PayloadError("Tanda tangan TIDAK SAH: isi kode QR telah diubah atau bukan dari LSP ini.") from None
    return Statement.from_bytes(raw)


def generate_private_key_text() -> str:
    key = Ed25519PrivateKey.generate()
    return _b64(key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                  serialization.NoEncryption()))
