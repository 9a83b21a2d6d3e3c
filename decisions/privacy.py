"""What decisions holds about a person, as they are shown it (UU PDP export): the decisions on their
competence (result, time and appeal deadline, as their certificate page lists them), their
certificates (with the PDF and photo) and, of a violation recorded against a certificate of theirs,
what they were told: its category, the warning and its deadline, and where it stands. The
technical team's votes and notes are the team's deliberation, and a violation's description and
evidence are the staff's file: neither is shown to them, so neither is exported."""

from decisions.models import Certificate, Decision, Violation
from skema_lsp.privacy import fields


def export(user) -> dict:
    decisions = Decision.objects.filter(assessment__application__applicant=user).select_related(
        "assessment__application__scheme").order_by("pk")
    certificates = Certificate.objects.filter(holder=user).select_related("scheme").order_by("pk")
    violations = Violation.objects.filter(certificate__holder=user).select_related("certificate").order_by("pk")
    return {
        "keputusan": [_decision(row) for row in decisions],
        "sertifikat": [fields(row) for row in certificates],
        "pelanggaran": [_violation(row) for row in violations],
    }


def _decision(decision: Decision) -> dict:
    return {
        "id": decision.pk, "skema": decision.application.scheme.name, "result": decision.get_result_display(),
        "decided_at": decision.decided_at, "batas_banding": decision.appeal_deadline,
        "mengoreksi_keputusan": decision.corrects_id,
    }


def _violation(violation: Violation) -> dict:
    return {
        "id": violation.pk, "sertifikat": violation.certificate.number, "jenis": violation.get_category_display(),
        "status": violation.get_status_display(), "peringatan": violation.warning_text,
        "batas_waktu_peringatan": violation.warning_deadline, "diperingatkan_pada": violation.warned_at,
    }


def files(user) -> list[tuple[str, object]]:
    out = []
    for certificate in Certificate.objects.filter(holder=user).order_by("pk"):
        for field, label in ((certificate.pdf, "sertifikat"), (certificate.photo, "foto")):
            if field:
                out.append((f"{certificate.pk}/{label}{_suffix(field.name)}", field))
        for revision in certificate.revisions.order_by("pk"):
            name = f"{certificate.pk}/sertifikat-revisi-{revision.pk}{_suffix(revision.file.name)}"
            out.append((name, revision.file))
    return out


def _suffix(name: str) -> str:
    return name[name.rfind("."):] if "." in name.rsplit("/", 1)[-1] else ""


def audited(user) -> list:
    return [Decision.objects.filter(assessment__application__applicant=user), Certificate.objects.filter(holder=user),
            Violation.objects.filter(certificate__holder=user)]
