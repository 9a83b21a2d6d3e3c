"""Demo cases at every assessment step, made through the services so the audit trail looks real.

pemohon1's accepted application (from registration's demo) waits for pemohon1 to accept the plan.
Extra demo candidates (password demo-lsp-2026) stand at the other steps: waiting for an assessor
after a declared conflict, proposed, assigned, plan agreed, testing, not continued, submitted K/BK.
Idempotent: skipped once the first extra candidate exists."""

from datetime import time

from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.models import Consent, User
from accounts.roles import Role
from assessment import services
from assessment.models import Method, Question, TestSession
from registration.models import Application, SelfAssessment
from registration.services import record_consents
from schemes.models import TUK, PerformanceCriterion, Scheme
from skema_lsp import audit
from skema_lsp.workdays import add_working_days

PASSWORD = "demo-lsp-2026"
# username, full name, step, assessor
EXTRA = [
    ("asesi_a", "Dimas Ardiansyah", "conflict", "asesor2"),
    ("asesi_b", "Putri Maharani", "proposed", "asesor1"),
    ("asesi_c", "Yusuf Habibi", "assigned", "asesor2"),
    ("asesi_d", "Lestari Handayani", "plan_agreed", "asesor1"),
    ("asesi_e", "Fajar Nugraha", "testing", "asesor1"),
    ("asesi_f", "Melati Puspitasari", "not_continued", "asesor2"),
    ("asesi_g", "Bayu Saputra", "submitted_k", "asesor1"),
    ("asesi_h", "Wulan Sari", "submitted_bk", "asesor2"),
    ("asesi_i", "Reza Pahlevi", "submitted_k", "asesor2"),
]
QUESTIONS = [
    (Question.Kind.TERTULIS, "Jelaskan langkah-langkah merumuskan sasaran dan indikator kegiatan pembangunan.",
     "Telaah dokumen RPJMD/Renstra, identifikasi sasaran, rumuskan indikator SMART, konsultasikan, tetapkan."),
    (Question.Kind.TERTULIS, "Sebutkan dokumen acuan yang digunakan dalam menyusun rincian kegiatan.",
     "RPJMN/RPJMD, Renstra perangkat daerah, RKPD, hasil musrenbang."),
    (Question.Kind.LISAN, "Bagaimana Anda menentukan prioritas bila anggaran tidak mencukupi seluruh kegiatan?",
     "Gunakan kriteria urgensi, dampak terhadap sasaran, kesiapan pelaksanaan, dan arahan pimpinan."),
]


def seed(users: dict) -> None:
    scheme = Scheme.objects.filter(is_active=True).order_by("pk").first()
    staff = users.get("staf") or users.get("admin")
    if scheme is None or staff is None or "asesor1" not in users or User.objects.filter(username="asesi_a").exists():
        return
    tuk = TUK.objects.filter(is_verified=True).order_by("pk").first()
    if tuk is None:
        return
    _seed_questions(scheme)
    session = _session(scheme, tuk, staff, [users["asesor1"], users["asesor2"]])
    first = Application.objects.filter(applicant=users.get("pemohon1"), status=Application.Status.ACCEPTED).first()
    if first is not None and not first.assessments.exists():
        _walk(first, "plan_proposed", users["asesor1"], staff, tuk, session)
    for username, name, step, assessor in EXTRA:
        application = _accepted_application(_candidate(username, name), scheme, staff)
        _walk(application, step, users[assessor], staff, tuk, session)


def _seed_questions(scheme: Scheme) -> None:
    for unit in scheme.units.all():
        for order, (kind, text, key) in enumerate(QUESTIONS, start=1):
            Question.objects.get_or_create(unit=unit, kind=kind, order=order,
                                           defaults={"text": text, "answer_key": key})


def _session(scheme, tuk, staff, assessors) -> TestSession:
    day = add_working_days(timezone.localdate(), 5)
    session, _ = TestSession.objects.get_or_create(
        scheme=scheme, date=day, start_time=time(9), tuk=tuk,
        defaults={"end_time": time(15), "capacity": 12, "created_by": staff, "note": "Uji kompetensi gelombang demo"},
    )
    session.assessors.add(*assessors)
    return session


def _candidate(username: str, name: str) -> User:
    user, created = User.objects.get_or_create(username=username, defaults={
        "full_name": name, "email": f"{username}@demo.lsp-renbang.id", "email_verified_at": timezone.now(),
    })
    if created:
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    user.groups.add(Group.objects.get(name=Role.PEMOHON))
    # Consents as ticked on APL-01, including being named on public verification.
    record_consents(user=user, purposes=set(Consent.Purpose.values))
    return user


def _accepted_application(user: User, scheme: Scheme, staff) -> Application:
    application = Application.objects.create(
        applicant=user, scheme=scheme, status=Application.Status.ACCEPTED, full_name=user.full_name,
        email=user.email or "", institution="Bappeda Provinsi Jawa Tengah", position="Perencana Ahli Pertama",
        submitted_at=timezone.now(), decided_at=timezone.now(), decision_note="Berkas lengkap (data demo).",
    )
    audit.record(obj=application, action="demo.application.accepted", by=staff, to_state=application.status)
    for element_id in PerformanceCriterion.objects.filter(element__unit__scheme=scheme).values_list(
        "element_id", flat=True
    ).distinct():
        SelfAssessment.objects.get_or_create(application=application, element_id=element_id, defaults={"answer": "K"})
    return application


def _walk(application: Application, step: str, assessor, staff, tuk, session) -> None:
    candidate = application.applicant
    if step == "conflict":
        assessment = services.assign_assessor(application=application, assessor=assessor, by=staff)
        services.declare_conflict(assessment=assessment, by=assessor, has_conflict=True, kind="pelatih",
                                  note="Pernah menjadi pelatih asesi pada diklat perencanaan 2025.")
        return
    assessment = services.assign_assessor(application=application, assessor=assessor, by=staff, session=session)
    if step == "proposed":
        return
    services.declare_conflict(assessment=assessment, by=assessor, has_conflict=False)
    if step == "assigned":
        return
    services.propose_plan(
        assessment=assessment, by=assessor, methods=[Method.OBSERVASI, Method.TERTULIS, Method.PORTOFOLIO],
        evidence_to_collect="Dokumen rencana kegiatan dan RKA yang pernah disusun; demonstrasi penyusunan "
                            "rincian kegiatan; jawaban pertanyaan tertulis.",
        day=session.date, at=session.start_time, tuk=tuk,
    )
    if step == "plan_proposed":
        return
    services.accept_plan(assessment=assessment, by=candidate, plan_accepted=True, confidentiality_accepted=True)
    if step == "plan_agreed":
        return
    if step == "not_continued":
        services.record_pre_assessment(assessment=assessment, by=assessor, can_continue=False,
                                       reasons="Bukti portofolio belum menunjukkan pengalaman menyusun anggaran.")
        return
    services.record_pre_assessment(assessment=assessment, by=assessor, can_continue=True,
                                   reasons="Bukti APL-02 relevan, autentik dan terkini; lanjut uji kompetensi.")
    _record(assessment, assessor, partial=step == "testing", weak_last=step == "submitted_bk")
    if step == "testing":
        return
    if step == "submitted_bk":
        services.submit_assessment(assessment=assessment, by=assessor, recommendation="BK",
                                   follow_up="Asesmen ulang unit terkait setelah asesi melengkapi bukti RKA terkini.",
                                   report_notes="Asesi kooperatif; bukti anggaran belum terkini.")
    else:
        services.submit_assessment(assessment=assessment, by=assessor, recommendation="K",
                                   report_notes="Seluruh KUK terpenuhi bukti VATM.")
        services.submit_feedback(assessment=assessment, by=candidate, comments="Proses jelas dan tertib.",
                                 answers={key: True for key, _ in _feedback_keys()})


def _record(assessment, assessor, *, partial: bool, weak_last: bool) -> None:
    criteria = list(PerformanceCriterion.objects.filter(element__unit__scheme=assessment.application.scheme)
                    .order_by("element__unit__order", "element__order", "order"))
    if partial:
        criteria = criteria[: len(criteria) // 2]
    for index, criterion in enumerate(criteria):
        current = not (weak_last and index == len(criteria) - 1)
        services.add_evidence(assessment=assessment, by=assessor, criterion=criterion, method=Method.OBSERVASI,
                              notes="Asesi mendemonstrasikan sesuai KUK." if current else "RKA tahun 2019.",
                              valid=True, authentic=True, current=current, sufficient=True)
    for question in Question.objects.filter(unit__scheme=assessment.application.scheme, is_active=True):
        if not partial:
            services.judge_answer(assessment=assessment, by=assessor, question=question, is_satisfactory=True,
                                  answer_summary="Jawaban sesuai kunci.")


def _feedback_keys():
    from assessment.models import Feedback

    return Feedback.QUESTIONS
