"""Lookups into the contract-2 demo data (seed_demo), so whole-product tests can name real objects:
`demo.application("pemohon1")`, `demo.assessment("asesi_e")`, `demo.certificate("asesi_g")`, ..."""

from django.core.files.base import ContentFile

from accounts.models import User
from registration.samples import sample_pdf


class Demo:
    def user(self, username: str) -> User:
        return User.objects.get(username=username)

    def application(self, username: str, status: str = ""):
        from registration.models import Application

        qs = Application.objects.filter(applicant__username=username)
        return (qs.filter(status=status) if status else qs).order_by("pk").first()

    def evidence(self, username: str):
        """A current 9.1.2 document of the user's first application (the KTP scan in the demo)."""
        from registration.models import Evidence

        return Evidence.objects.filter(application=self.application(username), superseded_at__isnull=True).order_by(
            "pk").first()

    def assessment(self, username: str):
        from assessment.models import Assessment

        return Assessment.objects.filter(application__applicant__username=username).order_by("-round", "-pk").first()

    def unit(self, assessment):
        return assessment.application.scheme.units.order_by("order", "pk").first()

    def mc_question(self):
        from assessment.models import Question

        return Question.objects.filter(kind=Question.Kind.PILIHAN_GANDA).order_by("pk").first()

    def evidence_item(self, username: str):
        return self.assessment(username).evidence.exclude(file="").order_by("pk").first()

    def meeting(self):
        from decisions.models import TechnicalMeeting

        return TechnicalMeeting.objects.order_by("pk").first()

    def entry(self, username: str):
        from decisions.models import MeetingCandidate

        return MeetingCandidate.objects.get(assessment__application__applicant__username=username)

    def letter(self):
        from decisions.models import DecisionLetter

        return DecisionLetter.objects.order_by("pk").first()

    def certificate(self, username: str):
        from decisions.models import Certificate

        return Certificate.objects.filter(holder__username=username).order_by("-pk").first()

    def decision(self, username: str):
        from decisions.models import Decision

        return Decision.objects.filter(assessment__application__applicant__username=username).order_by("-pk").first()

    def violation(self, username: str):
        from decisions.models import Violation

        return Violation.objects.get(certificate__holder__username=username)

    def surveillance(self, username: str):
        from surveillance.models import Surveillance

        return Surveillance.objects.filter(certificate__holder__username=username).order_by("-pk").first()

    def logbook_entry(self, username: str):
        return self.surveillance(username).logbook.exclude(attachment="").order_by("pk").first()

    def recertification(self, username: str):
        from surveillance.models import RecertificationRequest

        return RecertificationRequest.objects.get(certificate__holder__username=username)

    def appeal(self, username: str, status: str = ""):
        from appeals.models import Appeal

        qs = Appeal.objects.filter(appellant__username=username)
        return (qs.filter(status=status) if status else qs).order_by("pk").first()

    def complaint(self, holder: str):
        """The complaint about `holder`'s certificate."""
        from complaints.models import Complaint

        return Complaint.objects.filter(certificate__holder__username=holder).order_by("pk").first()

    def competence_record(self, username: str):
        from decisions.models import CompetenceRecord

        return CompetenceRecord.objects.filter(person__username=username).exclude(document="").order_by("pk").first()

    def notification(self, username: str):
        return self.user(username).notifications.order_by("pk").first()

    def correction_request(self, username: str):
        from accounts.models import CorrectionRequest

        return CorrectionRequest.objects.filter(user__username=username).order_by("pk").first()

    def breach(self):
        from accounts.models import BreachIncident

        return BreachIncident.objects.order_by("pk").first()

    def data_export(self, username: str):
        from accounts.models import DataExportRequest

        return DataExportRequest.objects.filter(user__username=username, status="siap").order_by("pk").first()

    def consent(self, username: str):
        from accounts.models import Consent

        return Consent.objects.filter(user__username=username, withdrawn_at__isnull=True).order_by("pk").first()


def top_up(demo: Demo) -> None:
    """Rows the demo does not make but a URL needs: an assessor's evidence file, an appeal attachment,
    the rendered PDF of asesi_g's certificate (rendering runs after commit, which a rolled-back
    fixture never reaches) and a notification for pemohon1."""
    from appeals.models import AppealAttachment
    from assessment.models import EvidenceItem, Method
    from decisions.services import render_certificate_pdf
    from schemes.models import PerformanceCriterion
    from skema_lsp.models import Notification

    assessment = demo.assessment("asesi_e")
    criterion = PerformanceCriterion.objects.filter(element__unit=demo.unit(assessment)).order_by("pk").first()
    item = EvidenceItem(assessment=assessment, criterion=criterion, method=Method.choices[0][0],
                        notes="Dokumen rencana kegiatan", recorded_by=assessment.assessor)
    item.file.save("bukti.pdf", ContentFile(sample_pdf()), save=True)
    appeal = demo.appeal("asesi_h")
    pdf = sample_pdf()
    attachment = AppealAttachment(appeal=appeal, original_name="lampiran.pdf", content_type="application/pdf",
                                  size=len(pdf), sha256="0" * 64)
    attachment.file.save("lampiran.pdf", ContentFile(pdf), save=True)
    render_certificate_pdf(certificate_id=demo.certificate("asesi_g").pk)
    Notification.objects.create(recipient=demo.user("pemohon1"), subject="Uji", url="/dasbor/")

