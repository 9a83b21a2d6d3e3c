from datetime import date, datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import ConflictOfInterest
from accounts.roles import Role
from accounts.tests.factories import make_user
from decisions import services
from decisions.models import Certificate, Decision, DecisionLetter, TechnicalMeeting, Vote
from decisions.services import DecisionError
from decisions.tests.factories import make_payment, make_ready_assessment
from skema_lsp.models import AuditEntry, Notification
from skema_lsp.testing import decode_qr_from_pdf, pdf_text

pytestmark = pytest.mark.django_db


def open_meeting(staff, members):
    return services.create_meeting(by=staff, date=date(2026, 11, 20), place="Ruang Rapat LSP Renbang",
                                   members=members)


def test_meeting_creation_requires_staff_and_technical_members(staff, members):
    with pytest.raises(DecisionError):
        services.create_meeting(by=members[0], date=date(2026, 11, 20), place="X", members=members)
    outsider = make_user(Role.ASESOR)
    with pytest.raises(DecisionError, match="Tim Teknis"):
        services.create_meeting(by=staff, date=date(2026, 11, 20), place="X", members=[members[0], outsider])
    meeting = open_meeting(staff, members)
    assert set(meeting.members.all()) == set(members)
    assert AuditEntry.objects.filter(action="decisions.meeting.created", object_id=str(meeting.pk)).exists()


def test_only_ready_assessments_can_be_added(staff, members, scheme):
    meeting = open_meeting(staff, members)
    ready = make_ready_assessment(scheme=scheme)
    not_ready = make_ready_assessment(scheme=scheme)
    not_ready.plan.accepted_at = None
    not_ready.plan.save()
    services.add_candidate(meeting=meeting, assessment=ready, by=staff)
    with pytest.raises(DecisionError, match="belum lengkap"):
        services.add_candidate(meeting=meeting, assessment=not_ready, by=staff)
    with pytest.raises(DecisionError, match="sudah dibahas"):
        services.add_candidate(meeting=open_meeting(staff, members), assessment=ready, by=staff)
    assert meeting.candidates.count() == 1


def test_decision_refused_for_own_assessor(staff, members, scheme):
    # The assessor is also a technical-team member: they may not decide for their own candidate.
    assessment = make_ready_assessment(scheme=scheme, assessor=members[0])
    meeting = open_meeting(staff, members)
    entry = services.add_candidate(meeting=meeting, assessment=assessment, by=staff)
    with pytest.raises(DecisionError, match="asesor"):
        services.cast_vote(entry=entry, member=members[0], result="K")
    assert not Vote.objects.exists()


def test_decision_refused_for_member_with_conflict_of_interest(staff, members, scheme):
    assessment = make_ready_assessment(scheme=scheme)
    ConflictOfInterest.objects.create(person=members[1], candidate=assessment.candidate, kind="pelatih")
    entry = services.add_candidate(meeting=open_meeting(staff, members), assessment=assessment, by=staff)
    with pytest.raises(DecisionError, match="konflik kepentingan"):
        services.cast_vote(entry=entry, member=members[1], result="K")
    assert not Vote.objects.exists()


def test_decision_refused_for_member_not_in_meeting(staff, members, scheme):
    entry = services.add_candidate(meeting=open_meeting(staff, members[:2]),
                                   assessment=make_ready_assessment(scheme=scheme), by=staff)
    with pytest.raises(DecisionError, match="anggota Tim Teknis dalam rapat"):
        services.cast_vote(entry=entry, member=members[2], result="K")


def test_candidate_refused_when_too_few_uninvolved_members(staff, members, scheme):
    assessment = make_ready_assessment(scheme=scheme, assessor=members[0])
    with pytest.raises(DecisionError, match="kuorum"):
        services.add_candidate(meeting=open_meeting(staff, members[:2]), assessment=assessment, by=staff)


def test_decision_needs_quorum_of_agreeing_members(staff, members, scheme, settings):
    settings.DECISION_QUORUM = 2
    entry = services.add_candidate(meeting=open_meeting(staff, members),
                                   assessment=make_ready_assessment(scheme=scheme), by=staff)
    assert services.cast_vote(entry=entry, member=members[0], result="K", notes="Bukti lengkap") is None
    assert services.cast_vote(entry=entry, member=members[1], result="BK") is None  # 1–1: no decision
    assert not Decision.objects.exists()
    decision = services.cast_vote(entry=entry, member=members[2], result="K")
    assert decision.result == "K" and decision.meeting_candidate == entry
    assert "Bukti lengkap" in decision.notes
    assert {m.pk for m in decision.deciders()} == {m.pk for m in members}


def test_quorum_is_configurable(staff, members, scheme, settings):
    settings.DECISION_QUORUM = 3
    entry = services.add_candidate(meeting=open_meeting(staff, members),
                                   assessment=make_ready_assessment(scheme=scheme), by=staff)
    services.cast_vote(entry=entry, member=members[0], result="K")
    assert services.cast_vote(entry=entry, member=members[1], result="K") is None
    assert services.cast_vote(entry=entry, member=members[2], result="K").result == "K"


def test_no_second_decision_and_no_vote_after_decision(staff, members, scheme):
    entry = services.add_candidate(meeting=open_meeting(staff, members),
                                   assessment=make_ready_assessment(scheme=scheme), by=staff)
    services.cast_vote(entry=entry, member=members[0], result="K")
    services.cast_vote(entry=entry, member=members[1], result="K")
    with pytest.raises(DecisionError, match="sudah diputuskan"):
        services.cast_vote(entry=entry, member=members[2], result="BK")
    assert Decision.objects.count() == 1


def test_candidate_told_decision_with_appeal_deadline_when_the_sk_is_approved(
        staff, members, scheme, director, django_capture_on_commit_callbacks, time_machine):
    """9.9.2 with 9.4.5: nothing reaches the candidate at the vote; the approved SK is the formal
    notice, and the appeal window counts from it. The decision carries the meeting's date."""
    time_machine.move_to(timezone.make_aware(datetime(2026, 11, 20, 10)))
    assessment = make_ready_assessment(scheme=scheme, recommendation="BK")
    meeting = open_meeting(staff, members)
    entry = services.add_candidate(meeting=meeting, assessment=assessment, by=staff)
    time_machine.move_to(timezone.make_aware(datetime(2026, 11, 23, 15)))  # votes typed in days later
    with django_capture_on_commit_callbacks(execute=True):
        services.cast_vote(entry=entry, member=members[0], result="BK")
        decision = services.cast_vote(entry=entry, member=members[1], result="BK")
    assert timezone.localtime(decision.decided_at).date() == meeting.date == date(2026, 11, 20)
    assert decision.notified_at is None and not Notification.objects.filter(recipient=assessment.candidate).exists()
    services.close_meeting(meeting=meeting, by=staff)
    letter = services.draft_letter(meeting=meeting, by=staff)
    time_machine.move_to(timezone.make_aware(datetime(2026, 11, 25, 9)))
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_letter(letter=letter, by=director)
    decision.refresh_from_db()
    assert timezone.localtime(decision.notified_at).date() == date(2026, 11, 25)
    deadline = timezone.localtime(decision.appeal_deadline)
    assert deadline.date() == date(2026, 11, 26) and (deadline.hour, deadline.minute) == (23, 59)
    assert str(deadline.tzinfo) == "Asia/Jakarta"
    note = Notification.objects.get(recipient=assessment.candidate)
    assert "Belum Kompeten" in note.subject
    [email] = [m for m in mail.outbox if assessment.candidate.email in m.to]
    assert "Belum Kompeten" in email.body and "banding" in email.body
    assert f"{deadline:%H.%M}" in email.body


def test_appeal_deadline_crosses_midnight_in_jakarta(scheme):
    # 23:30 WIB on 1 Dec is 16:30 UTC: the window ends 2 Dec 23:59 WIB, not 3 Dec.
    from decisions.models import appeal_deadline_for

    decided = timezone.make_aware(timezone.datetime(2026, 12, 1, 23, 30), timezone.get_default_timezone())
    end = timezone.localtime(appeal_deadline_for(decided, 1))
    assert (end.day, end.hour, end.minute) == (2, 23, 59)


def run_meeting(staff, members, assessments):
    meeting = open_meeting(staff, members)
    for assessment in assessments:
        entry = services.add_candidate(meeting=meeting, assessment=assessment, by=staff)
        result = assessment.recommendation
        services.cast_vote(entry=entry, member=members[1], result=result)
        services.cast_vote(entry=entry, member=members[2], result=result)
    return meeting


def test_closing_freezes_meeting_and_renders_berita_acara(staff, members, scheme):
    pending = open_meeting(staff, members)
    services.add_candidate(meeting=pending, assessment=make_ready_assessment(scheme=scheme), by=staff)
    with pytest.raises(DecisionError, match="belum diputuskan"):
        services.close_meeting(meeting=pending, by=staff)
    belum = make_ready_assessment(scheme=scheme, recommendation="BK")
    closed = services.close_meeting(meeting=run_meeting(staff, members, [belum]), by=staff)
    assert closed.status == TechnicalMeeting.Status.DITUTUP and closed.ba_number.startswith("BA/001/")
    text = pdf_text(closed.ba_pdf.read())
    assert "BERITA ACARA" in text and "Ruang Rapat LSP Renbang" in text
    assert belum.application.full_name in text and "Belum Kompeten" in text
    assert belum.assessor.display_name in text
    for member in members:
        assert member.display_name in text
    with pytest.raises(DecisionError, match="ditutup"):
        services.add_candidate(meeting=closed, assessment=make_ready_assessment(scheme=scheme), by=staff)


def test_closed_meeting_refuses_votes(staff, members, scheme):
    meeting = open_meeting(staff, members)
    entry = services.add_candidate(meeting=meeting, assessment=make_ready_assessment(scheme=scheme), by=staff)
    services.cast_vote(entry=entry, member=members[0], result="K")
    services.cast_vote(entry=entry, member=members[1], result="K")
    services.close_meeting(meeting=meeting, by=staff)
    with pytest.raises(DecisionError, match="ditutup"):
        services.cast_vote(entry=entry, member=members[2], result="BK")


def test_sk_approval_renders_sk_and_issues_certificates_for_paid_kompeten(
    staff, members, scheme, director, settings, django_capture_on_commit_callbacks
):
    settings.SK_NUMBER_FORMAT = "SK-{seq:04d}/{month_roman}/{year}"
    paid = make_ready_assessment(scheme=scheme)
    unpaid = make_ready_assessment(scheme=scheme, paid=False)
    belum = make_ready_assessment(scheme=scheme, recommendation="BK")
    meeting = services.close_meeting(meeting=run_meeting(staff, members, [paid, unpaid, belum]), by=staff)
    letter = services.draft_letter(meeting=meeting, by=staff)
    today = timezone.localdate()
    assert letter.number == f"SK-0001/{services.ROMAN_MONTHS[today.month - 1]}/{today.year}"
    assert Notification.objects.filter(recipient=director, subject__contains=letter.number).exists()
    with pytest.raises(DecisionError, match="Direktur"):
        services.approve_letter(letter=letter, by=staff)
    with django_capture_on_commit_callbacks(execute=True):
        issued = services.approve_letter(letter=letter, by=director)
    letter.refresh_from_db()
    assert letter.status == DecisionLetter.Status.DISETUJUI
    text = pdf_text(letter.pdf.read())
    assert letter.number in text and meeting.ba_number in text and director.display_name in text
    assert paid.application.full_name in text and belum.application.full_name in text
    assert [c.holder_id for c in issued] == [paid.candidate.pk]
    certificate = Certificate.objects.get()
    assert certificate.letter == letter and certificate.signatory == director and certificate.pdf
    # The unpaid candidate gets theirs once the fee is confirmed.
    make_payment(unpaid.application, confirmed=True)
    with django_capture_on_commit_callbacks(execute=True):
        later = services.issue_pending_certificates(letter=letter, by=staff)
    assert [c.holder_id for c in later] == [unpaid.candidate.pk]
    assert sorted(Certificate.objects.values_list("sequence", flat=True)) == [1, 2]


def test_certificate_pdf_holds_snapshot_units_and_qr_to_verification_url(
    staff, members, scheme, director, django_capture_on_commit_callbacks
):
    assessment = make_ready_assessment(scheme=scheme)
    meeting = services.close_meeting(meeting=run_meeting(staff, members, [assessment]), by=staff)
    letter = services.draft_letter(meeting=meeting, by=staff)
    with django_capture_on_commit_callbacks(execute=True):
        [certificate] = services.approve_letter(letter=letter, by=director)
    certificate.refresh_from_db()
    assert certificate.valid_until == scheme.valid_until(certificate.issued_on)
    assert certificate.photo and certificate.units[0]["code"] == "O.84PPB01.007.1"
    content = certificate.pdf.read()
    text = pdf_text(content)
    assert "SERTIFIKAT KOMPETENSI" in text and certificate.number in text
    assert certificate.holder_name in text and scheme.name in text and director.display_name in text
    assert f"{certificate.valid_until:%Y}" in text
    page_two = text.split("\f")[1]
    assert "Daftar Unit Kompetensi" in page_two
    assert "O.84PPB01.007.1" in page_two and "Mengendalikan Pelaksanaan Rencana Pembangunan" in page_two
    [scanned] = decode_qr_from_pdf(content)
    # The URL opens the verification page; the signed statement rides in its fragment.
    assert scanned.split("#")[0] == certificate.verification_url
    assert certificate.verification_url.endswith(f"/verifikasi/{certificate.public_code}/")


def test_berita_acara_lists_only_who_attended_with_a_signature_line_each(staff, members, scheme):
    meeting = run_meeting(staff, members, [make_ready_assessment(scheme=scheme)])  # members[1], [2] vote
    with pytest.raises(DecisionError, match="tentu hadir"):
        services.close_meeting(meeting=meeting, by=staff, attendees=[members[0], members[1]])
    outsider = make_user(Role.TIM_TEKNIS, full_name="Bukan Anggota")
    with pytest.raises(DecisionError, match="anggota rapat"):
        services.close_meeting(meeting=meeting, by=staff, attendees=[members[1], members[2], outsider])
    closed = services.close_meeting(meeting=meeting, by=staff)  # by default: those who voted
    assert set(closed.attendees.all()) == {members[1], members[2]}
    text = pdf_text(closed.ba_pdf.read())
    present = text[text.index("Anggota yang hadir"):text.index("Anggota yang tidak hadir")]
    assert "Tanda tangan" in present
    assert members[1].display_name in present and members[2].display_name in present
    assert members[0].display_name not in present
    assert present.count(". ………") == 2  # one signature line per member present
    assert f"Anggota yang tidak hadir: {members[0].display_name}." in text


def test_staff_record_a_present_member_who_did_not_vote(client, staff, members, scheme):
    meeting = run_meeting(staff, members, [make_ready_assessment(scheme=scheme)])
    client.force_login(staff)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert page.count('name="attendees"') == 3 and page.count("checked") == 2  # the voters, ticked
    client.post(reverse("decisions:meeting_close", args=[meeting.pk]),
                {"attendees": [m.pk for m in members]})
    meeting.refresh_from_db()
    assert meeting.status == TechnicalMeeting.Status.DITUTUP and meeting.attendees.count() == 3
    present = pdf_text(meeting.ba_pdf.read())
    assert members[0].display_name in present and "tidak hadir" not in present


def test_the_person_who_drafted_an_sk_cannot_approve_it(client, staff, members, scheme, director):
    """Separation of duties: a signatory who is also staff drafts an SK; another signatory approves it."""
    both = make_user(Role.STAF, Role.DIREKTUR, full_name="Rangkap Staf Direktur")
    meeting = services.close_meeting(meeting=run_meeting(staff, members, [make_ready_assessment(scheme=scheme)]),
                                     by=staff)
    letter = services.draft_letter(meeting=meeting, by=both)
    with pytest.raises(DecisionError, match="pemisahan tugas"):
        services.approve_letter(letter=letter, by=both)
    client.force_login(both)
    page = client.get(letter.get_absolute_url()).content.decode()
    assert "Setujui SK" not in page and "pemisahan tugas" in page
    client.post(reverse("decisions:sk_approve", args=[letter.pk]))
    letter.refresh_from_db()
    assert letter.status == DecisionLetter.Status.DRAF and letter.approved_by is None
    assert not Certificate.objects.exists()

    services.approve_letter(letter=letter, by=director)
    letter.refresh_from_db()
    assert letter.status == DecisionLetter.Status.DISETUJUI and letter.approved_by == director
