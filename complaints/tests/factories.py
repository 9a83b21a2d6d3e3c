"""Complaint rows made through the filing service (its numbering and deadline are the point)."""

from complaints import services
from complaints.models import Complaint

DESCRIPTION = "Sertifikat dipakai untuk pekerjaan di luar ruang lingkup unit kompetensinya."


def make_complaint(*, certificate=None, by=None, email: str = "pengadu@contoh.example", **fields) -> Complaint:
    filing = services.Filing(
        subject=Complaint.Subject.HOLDER if certificate else Complaint.Subject.LSP, certificate=certificate,
        description=fields.pop("description", DESCRIPTION), complainant_name=fields.pop("name", "Budi Pengadu"),
        complainant_email=email, complainant_kind=fields.pop("kind", Complaint.ComplainantKind.EMPLOYER),
    )
    return services.file_complaint(filing=filing, by=by, **fields)
