"""Emails to applicants and holders in English when their account says so (issue 19): for each stage
app, every message it sends to an applicant, candidate, holder or complainant is rendered for a person
whose `User.language` is "en" through the path the app sends it by (notify(), the reminder sweep's
renderer, the complaint acknowledgement), and must keep no Indonesian word apart from what the LSP or
a person typed (names, scheme and unit titles, notes). The same message for an Indonesian account
stays Indonesian, so a check that passed without translating anything would fail there."""

import re

import pytest
from django.core import mail

from skema_lsp.notify import notify
from skema_lsp.reminders import Reminder, _render, _subject
from surveillance.models import RecertificationRequest, Surveillance
from tests.test_english import leftovers, lsp_content

pytestmark = pytest.mark.django_db

# What people typed (notes, reasons, addresses) is shown as typed: the test supplies English where it
# chooses the value, and lists the demo's own free texts as content.
NOTE = "Evidence of supervision attached"
URL = re.compile(r"https?://\S+")


def typed(*objects_and_fields) -> list[str]:
    strings = []
    for obj, fields in objects_and_fields:
        for f in fields:
            value = obj
            for part in f.split("."):
                value = getattr(value, part, "") if value is not None else ""
            if value:
                strings.append(str(value))
    return strings


def english(user):
    user.language = "en"
    user.save(update_fields=["language"])
    return user


def sent(capture, *, user, subject, template, context, url="/x/") -> tuple[str, str]:
    """(subject, body) of the email notify() sends to `user`."""
    mail.outbox.clear()
    with capture(execute=True):
        notify(user=user, subject=subject, template=template, context=context, url=url)
    [message] = mail.outbox
    return message.subject, message.body


def reminded(*, user, subject, template, context) -> tuple[str, str]:
    reminder = Reminder(kind="test", obj=user, due_date=None, recipient=user, subject=subject, template=template,
                        context=context, url="/x/")
    text, html = _render(reminder)
    return _subject(reminder), text + "\n" + (html or "")


def check(messages: list[tuple[str, str]], content: list[str]) -> None:
    content = sorted(set(lsp_content()) | {c for c in content if c}, key=len, reverse=True)
    for subject, body in messages:
        text = URL.sub(" ", subject + "\n" + body)  # addresses are the site's, not sentences
        assert leftovers(text, content) == [], subject + "\n" + body


def assessment_messages(capture, assessment):
    from django.utils.text import format_lazy
    from django.utils.translation import gettext_lazy as t

    from assessment.models import PreAssessment

    candidate, plan = assessment.candidate, assessment.plan
    review = PreAssessment(assessment=assessment, can_continue=True, reasons=NOTE)
    return [
        sent(capture, user=candidate, subject=format_lazy(t("Asesor untuk {ref} telah ditugaskan"),
                                                          ref=assessment.application.reference),
             template="assessment/email/assigned", context={"assessment": assessment}),
        sent(capture, user=candidate, subject=format_lazy(t("Rencana asesmen {ref} menunggu persetujuan Anda"),
                                                          ref=assessment.reference),
             template="assessment/email/plan_proposed", context={"assessment": assessment, "plan": plan}),
        sent(capture, user=candidate, subject=format_lazy(t("Hasil kaji APL-02 {ref}: {verdict}"),
                                                          ref=assessment.reference, verdict=t("dapat dilanjutkan")),
             template="assessment/email/pre_assessment", context={"assessment": assessment, "review": review}),
        sent(capture, user=candidate, subject=format_lazy(t("Rekaman asesmen {ref} telah diserahkan ke LSP"),
                                                          ref=assessment.reference),
             template="assessment/email/submitted", context={"assessment": assessment}),
        reminded(user=candidate, subject=format_lazy(t("Pengingat jadwal uji kompetensi {day} ({ref})"),
                                                     day="x", ref=assessment.reference),
                 template="assessment/email/reminder_schedule", context={"assessment": assessment, "plan": plan}),
        reminded(user=candidate, subject=format_lazy(t("Asesor Anda untuk {ref}: {name}"),
                                                     ref=assessment.application.reference,
                                                     name=assessment.assessor.display_name),
                 template="assessment/email/reminder_assigned",
                 context={"assessment": assessment, "declaration": False, "for_assessor": False,
                          "since": plan.date}),
    ]


def test_assessment_emails_in_english(demo, django_capture_on_commit_callbacks):
    from assessment.models import Assessment

    assessment = Assessment.objects.filter(plan__isnull=False).select_related("plan__tuk").order_by("pk").first()
    english(assessment.candidate)
    content = typed((assessment.plan, ["tuk.name", "tuk.address", "evidence_to_collect"]),
                    (assessment, ["assessor.display_name", "candidate.display_name"]))
    check(assessment_messages(django_capture_on_commit_callbacks, assessment), content)
    # The same messages to an Indonesian account stay Indonesian.
    assessment.candidate.language = "id"
    assessment.candidate.save(update_fields=["language"])
    indonesian = assessment_messages(django_capture_on_commit_callbacks, assessment)
    assert "Rencana asesmen" in indonesian[1][0] and "Asesor Anda mengajukan rencana asesmen" in indonesian[1][1]


def test_exams_emails_in_english(demo, django_capture_on_commit_callbacks):
    from datetime import time

    from assessment.models import Assessment, TestSession
    from schemes.models import TUK

    assessment = Assessment.objects.order_by("pk").first()
    session = TestSession.objects.select_related("tuk").order_by("pk").first()
    if session is None:
        session = TestSession(date=assessment.application.created_at.date(), start_time=time(9),
                              tuk=TUK.objects.order_by("pk").first())
    candidate = english(assessment.candidate)
    from exams.services import _ as t
    from exams.services import format_lazy, tanggal_lazy

    context = {"assessment": assessment, "session": session}
    messages = [
        sent(django_capture_on_commit_callbacks, user=candidate,
             subject=format_lazy(t("Jadwal uji kompetensi Anda: {day} di {tuk}"), day=tanggal_lazy(session.date),
                                 tuk=session.tuk.name),
             template="exams/email/placed", context=context),
        reminded(user=candidate, subject=format_lazy(t("Pengingat uji kompetensi {day} pukul {time} WIB"),
                                                     day=tanggal_lazy(session.date), time="09.00"),
                 template="exams/email/reminder", context=context),
    ]
    check(messages, typed((session, ["tuk.name", "tuk.address"])))
    assert any(month in messages[0][0] for month in ("January", "February", "March", "April", "May", "June", "July",
                                                      "August", "September", "October", "November", "December"))


def test_decisions_emails_in_english(demo, django_capture_on_commit_callbacks):
    from datetime import timedelta

    from decisions import services
    from decisions.models import Certificate, Decision, Violation

    decision = Decision.objects.order_by("pk").first()
    english(decision.candidate)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services._tell_candidate(decision)
    [message] = mail.outbox
    messages = [(message.subject, message.body)]
    certificate = Certificate.objects.exclude(holder=None).order_by("pk").first()
    holder = english(certificate.holder)
    violation = Violation(certificate=certificate, category=Violation._meta.get_field("category").choices[0][0],
                          warning_text=NOTE, warning_deadline=certificate.issued_on)
    deadline = certificate.issued_on + timedelta(days=30)
    for subject, template, extra in [
        (services._("Sertifikat Anda dibekukan"), "decisions/email/certificate_suspended",
         {"reason": NOTE, "note": NOTE, "deadline": deadline}),
        (services._("Sertifikat Anda dipulihkan"), "decisions/email/certificate_reinstated", {"note": NOTE}),
        (services._("Sertifikat Anda dicabut"), "decisions/email/certificate_revoked", {"reason": NOTE}),
        (services._("Batas perbaikan pembekuan diperpanjang"), "decisions/email/remediation_extended",
         {"deadline": deadline, "note": NOTE}),
        (services._("Peringatan atas penggunaan sertifikat"), "decisions/email/warning", {"violation": violation}),
    ]:
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            services._tell_holder(certificate, subject, template, **extra)
        messages.append((mail.outbox[0].subject, mail.outbox[0].body))
    messages.append(sent(django_capture_on_commit_callbacks, user=holder,
                         subject=services.format_lazy(services._("Sertifikat kompetensi {number} diterbitkan"),
                                                      number=certificate.number),
                         template="decisions/email/certificate_issued", context={"certificate": certificate}))
    certificate.remediation_deadline = deadline
    for template, subject in [("decisions/email/reminder_expired", "Sertifikat {number} telah kedaluwarsa"),
                              ("decisions/email/reminder_suspension_near",
                               "Batas perbaikan pembekuan sertifikat {number} semakin dekat")]:
        messages.append(reminded(user=holder, subject=services.format_lazy(services._(subject),
                                                                           number=certificate.number),
                                 template=template, context={"certificate": certificate}))
    check(messages, [])
    assert messages[0][0].startswith("[") and "Certification decision: " in messages[0][0]
    assert "REVOKED" in messages[3][1] and "Under clause 9.8.4" in messages[3][1]


def test_surveillance_emails_in_english(demo, django_capture_on_commit_callbacks):
    from surveillance.services import _ as t
    from surveillance.services import format_lazy

    surveillance = Surveillance.objects.select_related("certificate__holder").order_by("pk").first()
    holder = english(surveillance.certificate.holder)
    surveillance.result = Surveillance._meta.get_field("result").choices[0][0]
    surveillance.follow_up = Surveillance._meta.get_field("follow_up").choices[1][0]
    surveillance.follow_up_note = NOTE
    certificate = surveillance.certificate
    request = RecertificationRequest(certificate=certificate, override_reason=NOTE)
    from registration.models import Application

    application = Application.objects.filter(applicant=holder).order_by("pk").first() or Application.objects.first()
    messages = [
        sent(django_capture_on_commit_callbacks, user=holder,
             subject=format_lazy(t("Surveilan sertifikat {number} dibuka LSP"), number=certificate.number),
             template="surveillance/email/opened_by_staff", context={"surveillance": surveillance, "reason": NOTE}),
        sent(django_capture_on_commit_callbacks, user=holder,
             subject=format_lazy(t("Hasil surveilan {ref}"), ref=surveillance.reference),
             template="surveillance/email/reviewed", context={"surveillance": surveillance}),
        sent(django_capture_on_commit_callbacks, user=holder,
             subject=format_lazy(t("Surveilan {ref} perlu dilengkapi"), ref=surveillance.reference),
             template="surveillance/email/returned", context={"surveillance": surveillance, "note": NOTE}),
        sent(django_capture_on_commit_callbacks, user=holder,
             subject=format_lazy(t("Permohonan sertifikasi ulang {ref} siap dilengkapi"), ref=application.reference),
             template="surveillance/email/recertification_opened",
             context={"request": request, "application": application}),
        sent(django_capture_on_commit_callbacks, user=holder, subject=t("Permohonan sertifikasi ulang ditolak"),
             template="surveillance/email/recertification_refused", context={"request": request}),
    ]
    from surveillance.schedule import recertification_window

    window = recertification_window(certificate)
    for late in (False, True):
        messages.append(reminded(
            user=holder, subject=format_lazy(t("Sertifikat {number} berakhir {day}: ajukan sertifikasi ulang"),
                                             number=certificate.number, day="x"),
            template="surveillance/email/reminder_recertification",
            context={"certificate": certificate, "window": window, "late": late}))
    for overdue in (False, True):
        messages.append(reminded(
            user=holder, subject=format_lazy(t("Surveilan sertifikat {number} terlambat"), number=certificate.number),
            template="surveillance/email/reminder_surveillance",
            context={"certificate": certificate, "next_due": surveillance.due_date, "overdue": overdue}))
    check(messages, [])
    assert "Competence maintained" in messages[1][1]


def test_appeals_emails_in_english(demo, django_capture_on_commit_callbacks):
    from appeals import services
    from appeals.models import Appeal

    appeal = Appeal.objects.select_related("appellant").order_by("pk").first()
    english(appeal.appellant)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services._acknowledge(appeal)
    messages = [(m.subject, m.body) for m in mail.outbox if appeal.appellant.email in m.to]
    assert len(messages) == 1
    appeal.outcome = Appeal._meta.get_field("outcome").choices[0][0]
    appeal.remedy = Appeal._meta.get_field("remedy").choices[0][0]
    appeal.letter_number = f"KEP/{appeal.reference}"
    t, format_lazy = services._, services.format_lazy
    for subject, template in [
        (format_lazy(t("Tim banding untuk {ref} telah dibentuk"), ref=appeal.reference), "appeals/email/panel_formed"),
        (format_lazy(t("Keputusan banding {ref}: {outcome}"), ref=appeal.reference,
                     outcome=t(appeal.get_outcome_display())), "appeals/email/decided"),
        (format_lazy(t("Tindak lanjut banding {ref}"), ref=appeal.reference), "appeals/email/remedied"),
    ]:
        messages.append(sent(django_capture_on_commit_callbacks, user=appeal.appellant, subject=subject,
                             template=template, context={"appeal": appeal}))
    application = appeal.decision.assessment.application
    messages.append(reminded(
        user=appeal.appellant,
        subject=format_lazy(t("Hari terakhir pengajuan banding: {day} pukul 23.59 WIB"), day="x"),
        template="appeals/email/reminder_window_closing",
        context={"application": application, "closes": appeal.due_on}))
    check(messages, [])
    assert "Appeal decision" in messages[2][0] and "Upheld" in messages[2][0]


def test_complaints_emails_in_english(demo, django_capture_on_commit_callbacks):
    from complaints import services
    from complaints.models import Complaint

    complaint = Complaint.objects.order_by("pk").first()
    if complaint.complainant is None:
        complaint.complainant = demo.user("pemohon1")
    english(complaint.complainant)
    complaint.outcome = Complaint._meta.get_field("outcome").choices[0][0]
    complaint.outcome_text = NOTE
    messages = []
    for subject, template in [
        (services.format_lazy(services._("Tanda terima pengaduan {ref}"), ref=complaint.reference),
         "complaints/email/received"),
        (services.format_lazy(services._("Hasil penanganan pengaduan {ref}"), ref=complaint.reference),
         "complaints/email/closed"),
    ]:
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            services._tell_complainant(complaint, subject, template)
        [message] = mail.outbox
        messages.append((message.subject, message.body))
    check(messages, typed((complaint, ["complainant_name"])))
    assert "Complaint receipt" in messages[0][0] and "Substantiated" in messages[1][1]
    # Filed without an account: the LSP's own language.
    complaint.complainant = None
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services._tell_complainant(complaint, services.format_lazy(services._("Tanda terima pengaduan {ref}"),
                                                                   ref=complaint.reference),
                                   "complaints/email/received")
    assert "Tanda terima pengaduan" in mail.outbox[0].subject


def test_registration_reminder_in_english(demo):
    from registration.models import Application
    from registration.reminders import _ as t
    from registration.reminders import format_lazy

    application = Application.objects.order_by("pk").first()
    applicant = english(application.applicant)
    messages = [reminded(user=applicant, subject=format_lazy(t("Permohonan {ref} belum diajukan"),
                                                             ref=application.reference),
                         template="registration/email/reminder_incomplete",
                         context={"application": application, "returned": returned,
                                  "touched_on": application.created_at.date(), "days": 7})
                for returned in (False, True)]
    check(messages, [])


def test_services_send_their_own_subjects_in_english(demo, django_capture_on_commit_callbacks):
    """Through the services themselves (not a copy of their subjects): the assessor's no-conflict
    statement, the pre-assessment, a surveillance returned to the holder and a late recertification
    refused each email the English-speaking person in English."""
    from assessment import services as assessment_services
    from assessment.models import Assessment
    from surveillance import services as surveillance_services

    S = Assessment.Status
    assessment = Assessment.objects.exclude(assessor=None).select_related("assessor").order_by("pk").first()
    candidate = english(assessment.candidate)
    staff = demo.user("staf")
    surveillance = Surveillance.objects.select_related("certificate__holder").order_by("pk").first()
    holder = english(surveillance.certificate.holder)
    request = RecertificationRequest.objects.select_related("certificate__holder").order_by("pk").first()
    english(request.certificate.holder)
    Assessment.objects.filter(pk=assessment.pk).update(status=S.PROPOSED)
    Surveillance.objects.filter(pk=surveillance.pk).update(status=Surveillance.Status.DIAJUKAN)
    RecertificationRequest.objects.filter(pk=request.pk).update(
        status=RecertificationRequest.Status.MENUNGGU_IZIN)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assessment_services.declare_conflict(assessment=assessment, by=assessment.assessor, has_conflict=False)
        Assessment.objects.filter(pk=assessment.pk).update(status=S.PLAN_AGREED)
        assessment_services.record_pre_assessment(assessment=assessment, by=assessment.assessor,
                                                  can_continue=True, reasons=NOTE)
        surveillance_services.return_surveillance(surveillance=surveillance, by=staff, note=NOTE)
        surveillance_services.refuse_late_request(request=request, by=staff, reason=NOTE)
    to = {candidate.email, holder.email, request.certificate.holder.email}
    messages = [(m.subject, m.body) for m in mail.outbox if set(m.to) & to]
    subjects = " | ".join(s for s, _ in messages)
    for expected in ("An assessor has been assigned to", "APL-02 review of", "needs completing",
                     "Recertification request refused"):
        assert expected in subjects, subjects
    check(messages, typed((assessment, ["assessor.display_name", "assessor.met_label"])))


# --- accounts: the data subject's rights (UU PDP 27/2022) and the account's own mails ------------------


def test_correction_request_emails_in_english(demo, django_capture_on_commit_callbacks):
    """Filed and resolved (granted and refused), through the services, as staff resolve it from
    their Indonesian page: the English account reads both in English; an Indonesian one in Indonesian."""
    from accounts import services
    from accounts.models import CorrectionRequest

    staff = demo.user("staf")
    english_user, indonesian_user = english(demo.user("pemohon2")), demo.user("pemohon3")
    indonesian_user.language = "id"
    indonesian_user.save(update_fields=["language"])
    kinds = CorrectionRequest.Kind.values
    messages = {}
    for user in (english_user, indonesian_user):
        for kind, granted in zip(kinds, (True, False), strict=True):
            mail.outbox.clear()
            with django_capture_on_commit_callbacks(execute=True):
                request = services.file_correction_request(user=user, kind=kind, data_item="Date of birth",
                                                           detail=NOTE)
            filed = [(m.subject, m.body) for m in mail.outbox if m.to == [user.email]]
            mail.outbox.clear()
            with django_capture_on_commit_callbacks(execute=True):
                services.resolve_correction_request(request=request, by=staff, granted=granted, outcome=NOTE)
            resolved = [(m.subject, m.body) for m in mail.outbox if m.to == [user.email]]
            assert len(filed) == len(resolved) == 1
            messages.setdefault(user.pk, []).extend(filed + resolved)
    mine = messages[english_user.pk]
    check(mine, typed((english_user, ["display_name"])))
    assert "Request PDP-" in mine[0][0] and "Correction of inaccurate data" in mine[0][1]
    assert "Outcome of request" in mine[1][0] and "Granted" in mine[1][0] and "Refused" in mine[3][0]
    assert "Restriction of processing" in mine[3][1]
    theirs = messages[indonesian_user.pk]
    assert "Permintaan PDP-" in theirs[0][0] and "telah kami terima" in theirs[0][1]
    assert "Hasil permintaan" in theirs[1][0] and "Dikabulkan" in theirs[1][0]


def test_data_export_ready_in_english(demo, django_capture_on_commit_callbacks):
    from django.utils import timezone

    from accounts.models import PDP_RESPONSE_TIME, DataExportRequest
    from accounts.services import produce_data_export

    messages = {}
    for username, language in (("pemohon2", "en"), ("pemohon3", "id")):
        user = demo.user(username)
        user.language = language
        user.save(update_fields=["language"])
        now = timezone.now()
        export = DataExportRequest.objects.create(user=user, requested_at=now, due_at=now + PDP_RESPONSE_TIME)
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            produce_data_export(export=export)
        [message] = mail.outbox
        messages[language] = (message.subject, message.body)
    check([messages["en"]], ["Data pribadi saya"])  # the page's own (Indonesian) name, quoted
    assert "ready to download" in messages["en"][0]
    assert "siap diunduh" in messages["id"][0] and "Unduh melalui halaman" in messages["id"][1]


def test_breach_notice_in_english(demo, django_capture_on_commit_callbacks):
    from datetime import timedelta

    from django.utils import timezone

    from accounts import services

    staff = demo.user("staf")
    english_user, indonesian_user = english(demo.user("pemohon2")), demo.user("pemohon3")
    indonesian_user.language = "id"
    indonesian_user.save(update_fields=["language"])
    known = timezone.now() - timedelta(hours=2)
    incident = services.record_breach(
        by=staff, title="Misdirected export", discovered_at=known, occurred_at=None,
        data_exposed="Full name and email address", cause="An export was sent to the wrong address",
        remediation="The recipient deleted the file; exports now require a second check",
        affected=[english_user, indonesian_user])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.send_breach_notices(incident=incident, by=staff)
    by_address = {m.to[0]: (m.subject, m.body) for m in mail.outbox}
    mine, theirs = by_address[english_user.email], by_address[indonesian_user.email]
    check([mine], typed((english_user, ["display_name"]), (incident, ["data_exposed", "cause", "remediation"])))
    assert "Notice of a personal data breach" in mine[0] and "Article 46" in mine[1] and "not yet known" in mine[1]
    assert "Pemberitahuan kegagalan pelindungan data pribadi" in theirs[0]
    assert "Pasal 46" in theirs[1] and "belum diketahui" in theirs[1]


def test_account_mails_follow_the_account_not_the_page(demo, django_capture_on_commit_callbacks):
    """A sign-up attempt with the email of an English account, from the Indonesian page, tells the owner
    in English; a fresh verification link for an English account pending verification is in English."""
    from django.core.cache import cache
    from django.utils import translation

    from accounts import services

    owner = english(demo.user("pemohon2"))
    cache.clear()
    mail.outbox.clear()
    with translation.override("id"), django_capture_on_commit_callbacks(execute=True):
        services.sign_up(username="someone-new", full_name="Someone New", email=owner.email, password="x" * 12,
                         base_url="https://lsp.example")
    [message] = mail.outbox
    check([(message.subject, message.body)], typed((owner, ["display_name", "username"])))
    assert "A sign-up with your email" in message.subject

    pending = services.User.objects.create(username="pending-en", full_name="Pending Person",
                                           email="pending-en@example.com", is_active=False, language="en")
    mail.outbox.clear()
    with translation.override("id"), django_capture_on_commit_callbacks(execute=True):
        assert services.resend_verification(email=pending.email, base_url="https://lsp.example")
    [message] = mail.outbox
    assert message.subject.endswith("Verify the email of your account")
    check([(message.subject, message.body + "\n" + message.alternatives[0][0])],
          typed((pending, ["display_name", "username"])))
    # An Indonesian account asking from the English page still reads Indonesian.
    pending.language = "id"
    pending.save(update_fields=["language"])
    cache.clear()
    mail.outbox.clear()
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        services.resend_verification(email=pending.email, base_url="https://lsp.example")
    assert "Verifikasi email akun Anda" in mail.outbox[0].subject


def test_notifications_follow_the_recipient_language(demo, client, django_capture_on_commit_callbacks):
    """The in-app note (Notifikasi) is written once, when sent: in the recipient's language, not in the
    language of the page the sender acted on, and the list shows it as written."""
    from django.urls import reverse
    from django.utils import translation

    from accounts import services
    from accounts.models import CorrectionRequest
    from skema_lsp.models import Notification

    staff = demo.user("staf")
    english_user, indonesian_user = english(demo.user("pemohon2")), demo.user("pemohon3")
    indonesian_user.language = "id"
    indonesian_user.save(update_fields=["language"])
    notes = {}
    for user, sender_language in ((english_user, "id"), (indonesian_user, "en")):
        request = services.file_correction_request(user=user, kind=CorrectionRequest.Kind.KOREKSI,
                                                   data_item="Address", detail=NOTE)
        with translation.override(sender_language), django_capture_on_commit_callbacks(execute=True):
            services.resolve_correction_request(request=request, by=staff, granted=True, outcome=NOTE)
        notes[user.language] = Notification.objects.filter(recipient=user).order_by("-pk").first()
    assert notes["en"].subject.startswith("Outcome of request") and "Granted" in notes["en"].subject
    check([(notes["en"].subject, notes["en"].body)], typed((english_user, ["display_name"])))
    assert notes["id"].subject.startswith("Hasil permintaan") and "Dikabulkan" in notes["id"].subject
    assert "telah diselesaikan" in notes["id"].body
    client.force_login(english_user)
    page = client.get(reverse("notifications")).content.decode()
    assert notes["en"].subject in page and "Hasil permintaan" not in page


def test_password_reset_email_in_the_account_language(demo, client):
    """Asked from the (Indonesian) reset page: an English account gets the link in English, an
    Indonesian one in Indonesian."""
    from django.urls import reverse

    owner = english(demo.user("pemohon2"))
    mail.outbox.clear()
    client.post(reverse("password_reset"), {"email": owner.email})
    [message] = mail.outbox
    assert message.subject == "Reset the password of your account" and "choose a new password" in message.body
    check([(message.subject, message.body)], typed((owner, ["display_name", "username"])))
    owner.language = "id"
    owner.save(update_fields=["language"])
    mail.outbox.clear()
    client.post(reverse("password_reset"), {"email": owner.email})
    assert mail.outbox[0].subject == "Atur ulang kata sandi akun Anda" and "kata sandi baru" in mail.outbox[0].body
