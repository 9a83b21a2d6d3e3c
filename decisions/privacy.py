"""What decisions holds about a person (UU PDP export): the decisions on their competence, their
certificates (with the PDF and photo) and any violation recorded against a certificate of theirs.
The technical team's individual votes are the team's deliberation, not the candidate's data."""

from decisions.models import Certificate, Decision, Violation
from skema_lsp.privacy import fields


def export(user) -> dict:
    decisions = Decision.objects.filter(assessment__application__applicant=user).order_by("pk")
    certificates = Certificate.objects.filter(holder=user).select_related("scheme").order_by("pk")
    violations = Violation.objects.filter(certificate__holder=user).select_related("certificate").order_by("pk")
    return {
        "keputusan": [fields(row) for row in decisions],
        "sertifikat": [fields(row) for row in certificates],
        "pelanggaran": [fields(row) for row in violations],
    }


def files(user) -> list[tuple[str, object]]:
    out = []
    for certificate in Certificate.objects.filter(holder=user).order_by("pk"):
        for field, label in ((certificate.pdf, "sertifikat"), (certificate.photo, "foto")):
            if field:
                out.append((f"{certificate.pk}/{label}{_suffix(field.name)}", field))
    for violation in Violation.objects.filter(certificate__holder=user).exclude(evidence="").order_by("pk"):
        out.append((f"pelanggaran-{violation.pk}{_suffix(violation.evidence.name)}", violation.evidence))
    return out


def _suffix(name: str) -> str:
    return name[name.rfind("."):] if "." in name.rsplit("/", 1)[-1] else ""
