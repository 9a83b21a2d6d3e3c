"""Demo cases of the decision stage, made through the services where the clock allows:

- a closed technical-team meeting (teknis2, teknis3) deciding asesi_g (K) and asesi_h (BK) from the
  assessment demo, its Berita Acara, and an SK approved by `direktur`, which issues asesi_g's
  certificate (valid); asesi_i stays ready for a live meeting;
- four historical holders (password demo-lsp-2026): suspended (pemegang1), revoked after an ignored
  warning (pemegang2), expired (pemegang3) and superseded by a corrected reissue (pemegang4).

Every holder here consented to be named on public verification (surveillance's demo has one who did not).

Missing rows from earlier stages are created minimally. Idempotent: each case checks its own marker."""

import hashlib
from datetime import date, time, timedelta

from dateutil.relativedelta import relativedelta
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.models import Consent, User
from accounts.roles import Role
from decisions import services
from decisions.models import (
    Certificate,
    CompetenceRecord,
    Decision,
    SuspensionCategory,
    TechnicalMeeting,
    Violation,
)
from registration.services import record_consents
from schemes.models import TUK, Scheme
from skema_lsp import audit

PASSWORD = "demo-lsp-2026"
MARKER = "[demo]"
NEEDED = ["staf", "direktur", "teknis1", "teknis2", "teknis3", "asesor1"]
# Issue dates in months before today, oldest first: certificate numbers follow issue dates within a
# year, and surveillance's demo (run after this one) issues at 11–14 and 32–36 months back.
HOLDERS = [
    ("pemegang3", "Hendro Saputro", "expired", 40),
    ("pemegang2", "Siti Rahmawati Lubis", "revoked", 19),
    ("pemegang1", "Andi Wijaya Kusuma", "suspended", 17),
    ("pemegang4", "Dewi Lestari Anggraeni", "superseded", 15),
]


def seed(users: dict) -> None:
    scheme = Scheme.objects.filter(is_active=True).order_by("pk").first()
    if scheme is None or any(name not in users for name in NEEDED):
        return
    _competence(users)
    for username, name, case, months_back in HOLDERS:
        if not Certificate.objects.filter(holder__username=username).exists():
            issued_on = timezone.localdate() - relativedelta(months=months_back)
            _historic_case(users, scheme, _holder(username, name), case, issued_on)
    _meeting_case(users, scheme)


def _meeting_case(users: dict, scheme: Scheme) -> None:
    from assessment.models import Assessment

    if TechnicalMeeting.objects.filter(notes__startswith=MARKER).exists():
        return
    ready = {a.candidate.username: a for a in _ready(scheme)}
    chosen = [ready[name] for name in ("asesi_g", "asesi_h") if name in ready]
    if not chosen:
        chosen = [_minimal_assessment(scheme, _holder("asesi_demo", "Bayu Saputra Demo"), users, "K")]
    staff, director = users["staf"], users["direktur"]
    members = [users["teknis1"], users["teknis2"], users["teknis3"]]
    meeting = services.create_meeting(
        by=staff, date=timezone.localdate() - timedelta(days=2), start_time=time(9), members=members,
        place="Ruang Rapat LSP Renbang, Jakarta", notes=f"{MARKER} Rapat tim teknis bulanan.",
    )
    for assessment in chosen:
        assessment = Assessment.objects.get(pk=assessment.pk)
        _settle_fee(assessment.application, staff)
        entry = services.add_candidate(meeting=meeting, assessment=assessment, by=staff)
        for member in (users["teknis2"], users["teknis3"]):
            services.cast_vote(entry=entry, member=member, result=assessment.recommendation,
                               notes="Rekaman asesmen lengkap dan sesuai rekomendasi asesor.")
    services.close_meeting(meeting=meeting, by=staff)
    letter = services.draft_letter(meeting=meeting, by=staff)
    issued = services.approve_letter(letter=letter, by=director)
    # BNSP has answered the blanko request for the first one: its registration number is recorded.
    if issued:
        from decisions.bnsp import record_bnsp_number

        # Printed before the number came back: the issued file stays as a revision of the new one.
        services.render_certificate_pdf(certificate_id=issued[0].pk)
        record_bnsp_number(certificate=issued[0], number=f"62090 2421 3 {issued[0].sequence:07d} "
                                                         f"{issued[0].issued_on.year}", by=staff)


def _ready(scheme: Scheme):
    from decisions.queries import candidates_available

    return candidates_available().filter(application__scheme=scheme)


def _holder(username: str, name: str) -> User:
    user, created = User.objects.get_or_create(username=username, defaults={
        "full_name": name, "email": f"{username}@demo.lsp-renbang.id", "email_verified_at": timezone.now(),
    })
    if created:
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    user.groups.add(Group.objects.get(name=Role.PEMOHON))
    record_consents(user=user, purposes=set(Consent.Purpose.values))  # named on public verification
    return user


def _minimal_assessment(scheme: Scheme, candidate: User, users: dict, recommendation: str):
    """Rows an earlier stage would have made: accepted application, agreed plan, submitted record."""
    from assessment.models import Assessment, AssessmentPlan
    from registration.models import Application

    application = Application.objects.create(
        applicant=candidate, scheme=scheme, status=Application.Status.ACCEPTED, full_name=candidate.full_name,
        email=candidate.email or "", submitted_at=timezone.now(), decided_at=timezone.now(),
        decision_note="Data demo keputusan.",
    )
    assessment = Assessment.objects.create(
        application=application, assessor=users["asesor1"], status=Assessment.Status.SUBMITTED,
        recommendation=recommendation, submitted_at=timezone.now(), report_notes="Data demo.",
    )
    tuk = TUK.objects.filter(is_verified=True).order_by("pk").first() or TUK.objects.create(
        name="TUK Sewaktu LSP Renbang", address="Jakarta", is_verified=True)
    now = timezone.now()
    AssessmentPlan.objects.create(assessment=assessment, evidence_to_collect="Portofolio dan observasi",
                                  date=timezone.localdate(), time=time(9), tuk=tuk, accepted_at=now,
                                  confidentiality_accepted_at=now)
    audit.record(obj=assessment, action="demo.assessment.submitted", by=users["asesor1"], to_state=assessment.status)
    _photo(application)
    return assessment


def _settle_fee(application, staff) -> None:
    from registration.models import Payment

    if services.fee_settled(application):
        return
    Payment.objects.update_or_create(application=application, defaults={
        "invoice_number": f"INV-DEMO-{application.pk:05d}", "amount": application.scheme.fee,
        "status": Payment.Status.CONFIRMED, "confirmed_at": timezone.now(), "confirmed_by": staff,
        "note": "Lunas (data demo).",
    })
    _photo(application)


def _photo(application) -> None:
    from registration.models import Evidence
    from registration.samples import sample_jpeg

    document = application.scheme.documents.filter(is_image=True).order_by("order").first()
    if document is None or application.evidence.filter(required_document=document).exists():
        return
    content = sample_jpeg(120, 180, "#b22222")
    evidence = Evidence(application=application, required_document=document, original_name="pasfoto.jpg",
                        content_type="image/jpeg", size=len(content), sha256=hashlib.sha256(content).hexdigest(),
                        uploaded_by=application.applicant)
    evidence.file.save("pasfoto.jpg", ContentFile(content), save=False)
    evidence.save()


COMPETENCE = {
    "teknis1": [("kualifikasi", "S-2 Perencanaan Wilayah dan Kota", "Institut Teknologi Bandung", date(2012, 9, 1)),
                ("pelatihan", "Pelatihan Tim Teknis Pengambilan Keputusan Sertifikasi", "BNSP", date(2024, 3, 12))],
    "teknis2": [("sertifikasi", "Asesor Kompetensi (MET)", "BNSP", date(2021, 6, 4))],
    "teknis3": [("pengalaman", "Anggota tim teknis 24 rapat keputusan sertifikasi", "LSP Renbang", date(2025, 12, 1))],
    "banding1": [("kualifikasi", "Magister Hukum", "Universitas Indonesia", date(2010, 8, 30)),
                 ("pelatihan", "Penanganan Banding dan Keluhan ISO/IEC 17024", "BNSP", date(2025, 5, 20))],
    "banding2": [("pelatihan", "Penanganan Banding dan Keluhan ISO/IEC 17024", "BNSP", date(2025, 5, 20))],
    "banding3": [("sertifikasi", "Asesor Kompetensi (MET)", "BNSP", date(2020, 2, 14))],
}


def _competence(users: dict) -> None:
    """9.4.3: each technical-team and appeal-panel member's records (teknis1's first with its document)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from registration.samples import sample_pdf
    from skema_lsp.uploads import validate_upload

    staff = users["staf"]
    for username, records in COMPETENCE.items():
        person = users.get(username)
        if person is None or CompetenceRecord.objects.filter(person=person).exists():
            continue
        for n, (kind, title, issuer, day) in enumerate(records):
            upload = None
            if username == "teknis1" and n == 0:
                upload = validate_upload(SimpleUploadedFile("ijazah.pdf", sample_pdf(), "application/pdf"))
            services.record_competence(person=person, kind=kind, title=title, issuer=issuer, obtained_on=day,
                                       upload=upload, by=staff)


def _historic_case(users: dict, scheme: Scheme, holder: User, case: str, issued_on: date) -> None:
    staff, director = users["staf"], users["direktur"]
    assessment = _minimal_assessment(scheme, holder, users, "K")
    _settle_fee(assessment.application, staff)
    decided = timezone.make_aware(timezone.datetime.combine(issued_on - timedelta(days=7), time(10)))
    decision = Decision.objects.create(assessment=assessment, result="K", decided_at=decided, recorded_by=staff,
                                       notes=f"{MARKER} Keputusan historis (sebelum sistem digunakan).")
    audit.record(obj=decision, action="demo.decision.imported", by=staff, to_state="K")
    services.finalise_assessment(decision, by=staff)
    certificate = services.issue_certificate(decision=decision, signatory=director, by=staff, issued_on=issued_on)
    if case == "suspended":
        services.suspend_certificate(
            certificate=certificate, by=staff, category=SuspensionCategory.SURVEILLANCE,
            note="Hasil surveilan 2026 belum memenuhi; logbook tidak diserahkan.",
            deadline=timezone.localdate() + timedelta(days=21),
        )
    elif case == "revoked":
        _revoke(certificate, staff, director)
    elif case == "superseded":
        services.reissue_certificate(certificate=certificate, by=staff, holder_name=f"{holder.full_name}, S.E.",
                                     reason="Perbaikan penulisan gelar pada sertifikat.")


def _revoke(certificate: Certificate, staff: User, director: User) -> None:
    from registration.samples import sample_pdf

    violation = services.record_violation(
        certificate=certificate, category=Violation.Category.C, by=staff,
        description="Menggunakan sertifikat untuk menandatangani dokumen di luar ruang lingkup skema.",
        evidence=ContentFile(sample_pdf(), name="laporan-pelanggaran.pdf"),
    )
    # The warning lies in the past (its deadline already passed), which the service would refuse today.
    warned = timezone.now() - timedelta(days=40)
    Violation.objects.filter(pk=violation.pk).update(
        status=Violation.Status.DIPERINGATKAN, warned_at=warned, warning_deadline=warned.date() + timedelta(days=14),
        warning_text="Hentikan penggunaan sertifikat di luar ruang lingkup dalam 14 hari.",
    )
    audit.record(obj=violation, action="demo.violation.warned", by=staff, from_state="dicatat",
                 to_state="diperingatkan")
    violation.refresh_from_db()
    services.propose_revocation(violation=violation, by=staff, note="Peringatan tidak diindahkan (9.5.2).")
    services.decide_revocation(violation=violation, by=director, approve=True, note="Disetujui.")
