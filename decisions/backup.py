"""What a backup must keep working for the decision stage: every certificate still verifies. The
manifest keeps each certificate's public verification answer and the name of its frozen PDF; after
a restore both must come back the same (read on the backup's date, so a certificate that expired
since is not mistaken for damage)."""

from datetime import date

from django.core.files.storage import default_storage
from django.utils import timezone

from decisions import queries
from decisions.verification import public_payload


def manifest() -> dict:
    today = timezone.localdate()
    certificates = queries.public_certificates().only(
        "public_code", "pdf", "number", "holder_name", "scheme_name", "issued_on", "valid_until", "status",
        "status_reason",
    )
    return {"taken_on": today.isoformat(), "certificates": {
        c.public_code: {"payload": public_payload(c, today), "pdf": c.pdf.name} for c in certificates.iterator()
    }}


def verify(manifest: dict) -> list[str]:
    taken_on = date.fromisoformat(manifest["taken_on"])
    restored = {c.public_code: c for c in queries.public_certificates().only(
        "public_code", "pdf", "number", "holder_name", "scheme_name", "issued_on", "valid_until", "status",
        "status_reason",
    )}
    problems = []
    for code, expected in manifest["certificates"].items():
        certificate = restored.get(code)
        if certificate is None:
            problems.append(f"sertifikat {expected['payload']['nomor']} tidak ditemukan lewat kode verifikasinya")
            continue
        if public_payload(certificate, taken_on) != expected["payload"]:
            problems.append(f"sertifikat {certificate.number}: verifikasi publik berbeda dari saat dicadangkan")
        if expected["pdf"] and not default_storage.exists(expected["pdf"]):
            problems.append(f"sertifikat {certificate.number}: berkas PDF-nya hilang")
    if extra := len(restored) - len(manifest["certificates"]):
        problems.append(f"{extra} sertifikat tidak tercatat dalam cadangan")
    return problems
