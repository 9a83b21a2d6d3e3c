from datetime import date

import pytest
from django.urls import reverse

from accounts.roles import Role
from accounts.tests.factories import make_user
from decisions import services
from decisions.models import Certificate, Decision, Vote
from decisions.tests.factories import make_certificate, make_ready_assessment

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(scheme, director, staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        certificate = make_certificate(scheme=scheme, signatory=director, by=staff)
    certificate.refresh_from_db()
    return certificate


@pytest.fixture
def meeting(staff, members):
    return services.create_meeting(by=staff, date=date(2026, 11, 20), place="Ruang rapat", members=members)


def test_certificate_download_for_holder_and_staff_only(client, certificate, staff):
    url = reverse("decisions:certificate_download", args=[certificate.pk])
    client.force_login(certificate.holder)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    client.force_login(staff)
    assert client.get(url).status_code == 200
    client.force_login(make_user(Role.PEMOHON))
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


@pytest.mark.parametrize("role, expected", [
    # Outside what they may see → 404 (scope before role); the signatory sees it but may not act → 403.
    (Role.PEMOHON, 404), (Role.ASESOR, 404), (Role.TIM_TEKNIS, 404), (Role.DIREKTUR, 403), (Role.STAF, 302),
])
def test_only_staff_suspend(client, certificate, role, expected):
    client.force_login(make_user(role))
    response = client.post(reverse("decisions:certificate_suspend", args=[certificate.pk]),
                           {"category": "pelanggaran", "note": "Uji"})
    assert response.status_code == expected
    certificate.refresh_from_db()
    assert certificate.status == ("dibekukan" if expected == 302 else "berlaku")


@pytest.mark.parametrize("name, role, expected", [
    ("decisions:meetings", Role.PEMOHON, 403), ("decisions:meetings", Role.ASESOR, 403),
    ("decisions:meetings", Role.TIM_TEKNIS, 200), ("decisions:meetings", Role.STAF, 200),
    ("decisions:meeting_create", Role.TIM_TEKNIS, 403), ("decisions:meeting_create", Role.STAF, 200),
    ("decisions:sk_list", Role.PEMOHON, 403), ("decisions:sk_list", Role.DIREKTUR, 200),
    ("decisions:certificates", Role.PEMOHON, 403), ("decisions:certificates", Role.STAF, 200),
    ("decisions:my_certificates", Role.PEMOHON, 200),
])
def test_permission_matrix(client, name, role, expected):
    client.force_login(make_user(role))
    assert client.get(reverse(name)).status_code == expected


def test_member_not_in_meeting_gets_404(client, meeting):
    client.force_login(make_user(Role.TIM_TEKNIS))
    assert client.get(meeting.get_absolute_url()).status_code == 404


def test_vote_through_view_and_refusal_message(client, meeting, members, scheme, staff):
    own = make_ready_assessment(scheme=scheme, assessor=members[0])
    other = make_ready_assessment(scheme=scheme)
    services.add_candidate(meeting=meeting, assessment=own, by=staff)
    entry = services.add_candidate(meeting=meeting, assessment=other, by=staff)
    own_entry = meeting.candidates.get(assessment=own)
    client.force_login(members[0])
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Tidak boleh memutuskan" in page
    response = client.post(reverse("decisions:meeting_vote", args=[meeting.pk, own_entry.pk]), {"result": "K"},
                           follow=True)
    assert "asesor asesi tersebut" in response.content.decode() and not Vote.objects.exists()
    client.post(reverse("decisions:meeting_vote", args=[meeting.pk, entry.pk]), {"result": "K", "notes": "ok"})
    client.force_login(members[1])
    response = client.post(reverse("decisions:meeting_vote", args=[meeting.pk, entry.pk]), {"result": "K"},
                           follow=True)
    assert "kuorum tercapai" in response.content.decode()
    assert Decision.objects.get().meeting_candidate == entry


def test_staff_creates_meeting_through_form(client, staff, members):
    client.force_login(staff)
    response = client.post(reverse("decisions:meeting_create"), {
        "date": "2026-11-20", "start_time": "09:00", "place": "Ruang Rapat", "members": [m.pk for m in members],
    })
    assert response.status_code == 302
    meeting = staff.__class__.objects.get(pk=members[0].pk).technical_meetings.get()
    assert meeting.place == "Ruang Rapat" and meeting.members.count() == 3


def test_violation_recorded_through_view_with_checked_upload(client, certificate, staff):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from registration.samples import sample_pdf

    client.force_login(staff)
    url = reverse("decisions:violation_create", args=[certificate.pk])
    bad = SimpleUploadedFile("x.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(url, {"category": "a", "description": "x", "evidence": bad})
    assert response.status_code == 200 and not certificate.violations.exists()
    good = SimpleUploadedFile("bukti.pdf", sample_pdf(), content_type="application/pdf")
    response = client.post(url, {"category": "a", "description": "Melanggar", "evidence": good})
    violation = certificate.violations.get()
    assert response.status_code == 302 and violation.evidence.name.endswith(".pdf")
    assert "bukti" not in violation.evidence.name  # random stored name


def _many_certificates(scheme, director, staff, n):
    for _ in range(n):
        make_certificate(scheme=scheme, signatory=director, by=staff)


@pytest.mark.parametrize("name, role", [("decisions:certificates", Role.STAF), ("decisions:sk_list", Role.STAF),
                                        ("decisions:meetings", Role.STAF)])
def test_list_query_count_does_not_grow(client, scheme, director, staff, django_assert_max_num_queries, name, role,
                                        members):
    client.force_login(staff)
    _many_certificates(scheme, director, staff, 1)
    services.create_meeting(by=staff, date=date(2026, 1, 5), place="A", members=members)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(reverse(name))
    _many_certificates(scheme, director, staff, 5)
    for _ in range(4):
        services.create_meeting(by=staff, date=date(2026, 1, 5), place="B", members=members)
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(reverse(name))


def test_my_certificates_query_count(client, certificate, scheme, director, staff, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(certificate.holder)
    with CaptureQueriesContext(connection) as one:
        page = client.get(reverse("decisions:my_certificates"))
    assert certificate.number in page.content.decode()
    for _ in range(3):
        services.issue_certificate(
            decision=Decision.objects.create(
                assessment=make_ready_assessment(scheme=scheme, candidate=certificate.holder), result="K"),
            signatory=director, by=staff)
    assert Certificate.objects.filter(holder=certificate.holder).count() == 4
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(reverse("decisions:my_certificates"))


def test_meeting_members_read_each_candidates_documents(client, meeting, members, scheme, staff):
    """9.4.1: the members decide on the record; its documents open for them from the meeting page."""
    from assessment.models import EvidenceItem
    from schemes.models import Element, PerformanceCriterion
    from skema_lsp.testing import pdf_text

    assessment = make_ready_assessment(scheme=scheme)
    element = Element.objects.create(unit=scheme.units.first(), order=1, title="Menyusun jadwal")
    criterion = PerformanceCriterion.objects.create(element=element, order=1, text="Jadwal disusun bersama OPD")
    EvidenceItem.objects.create(assessment=assessment, criterion=criterion, method="observasi", valid=True,
                                authentic=True, current=True, sufficient=True, notes="Notulen rapat koordinasi",
                                recorded_by=assessment.assessor)
    entry = services.add_candidate(meeting=meeting, assessment=assessment, by=staff)
    name = assessment.application.full_name
    titles = {"apl-01": "FR.APL.01 Permohonan Sertifikasi", "apl-02": "FR.APL.02 Asesmen Mandiri",
              "fr-ak-02": "REKAMAN ASESMEN KOMPETENSI", "fr-ak-05": "LAPORAN ASESMEN"}
    urls = {doc: reverse("decisions:meeting_document", args=[meeting.pk, entry.pk, doc]) for doc in titles}
    dossier = reverse("decisions:meeting_candidate", args=[meeting.pk, entry.pk])

    client.force_login(members[0])
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert all(url in page for url in urls.values())
    assert f"{dossier}#fr-ak-01" in page and f"{dossier}#rekaman-uji" in page
    for doc, title in titles.items():
        response = client.get(urls[doc])
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        text = pdf_text(response.content)
        assert title in text and name in text, doc
    html = client.get(dossier).content.decode()
    assert "FR.AK.01" in html and "Dokumen" in html and assessment.plan.tuk.name in html
    assert "Jadwal disusun bersama OPD" in html and "Notulen rapat koordinasi" in html
    assert client.get(reverse("decisions:meeting_document", args=[meeting.pk, entry.pk, "ktp"])).status_code == 404

    client.force_login(make_user(Role.TIM_TEKNIS))  # a team member who does not sit in this meeting
    assert [client.get(url).status_code for url in [dossier, *urls.values()]] == [404] * 5
    client.force_login(assessment.application.applicant)
    assert client.get(urls["fr-ak-05"]).status_code == 404


def test_meeting_members_read_the_issued_fr_ak_02_not_a_render_of_todays_data(client, meeting, members, scheme,
                                                                             staff):
    """The documents a decision rests on are the ones issued at submission: renaming the scheme or
    the TUK afterwards does not change what the meeting reads."""
    from skema_lsp.testing import pdf_text

    assessment = make_ready_assessment(scheme=scheme)
    entry = services.add_candidate(meeting=meeting, assessment=assessment, by=staff)
    client.force_login(members[0])
    urls = {doc: reverse("decisions:meeting_document", args=[meeting.pk, entry.pk, doc])
            for doc in ("fr-ak-02", "fr-ak-05")}
    first = {doc: pdf_text(client.get(url).content) for doc, url in urls.items()}
    old_name, old_tuk = scheme.name, assessment.plan.tuk.name
    scheme.name = "Skema Sesudah Diganti"
    scheme.save(update_fields=["name"])
    assessment.plan.tuk.name = "TUK Sesudah Diganti"
    assessment.plan.tuk.save(update_fields=["name"])
    for doc, url in urls.items():
        text = pdf_text(client.get(url).content)
        assert text == first[doc] and old_name in text and old_tuk in text, doc
        assert "Sesudah Diganti" not in text, doc
    assessment.refresh_from_db()
    assert assessment.record_pdf and assessment.report_pdf


def test_staff_see_which_members_still_have_to_vote(client, meeting, members, scheme, staff):
    own = make_ready_assessment(scheme=scheme, assessor=members[2])  # members[2] may not decide on it
    entry = services.add_candidate(meeting=meeting, assessment=own, by=staff)
    services.cast_vote(entry=entry, member=members[0], result="K")
    client.force_login(staff)
    html = client.get(meeting.get_absolute_url()).content.decode()
    banner = html[html.index('id="menunggu-penilaian"'):]
    banner = banner[:banner.index("</div>")]
    assert members[1].display_name in banner
    assert members[0].display_name not in banner  # voted
    assert members[2].display_name not in banner  # involved: not awaited
    services.cast_vote(entry=entry, member=members[1], result="K")
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "Semua asesi sudah diputuskan" in html


def test_meeting_page_query_count_does_not_grow_with_candidates(client, meeting, members, scheme, staff,
                                                                django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    entry = services.add_candidate(meeting=meeting, assessment=make_ready_assessment(scheme=scheme), by=staff)
    services.cast_vote(entry=entry, member=members[1], result="K")
    client.force_login(members[0])
    with CaptureQueriesContext(connection) as one:
        client.get(meeting.get_absolute_url())
    for _ in range(3):
        entry = services.add_candidate(meeting=meeting, assessment=make_ready_assessment(scheme=scheme), by=staff)
        services.cast_vote(entry=entry, member=members[1], result="K")
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(meeting.get_absolute_url())


@pytest.mark.parametrize("note", ["\x00", "x" * 301])
def test_refused_note_leaves_the_certificate_as_it_was(client, certificate, staff, note):
    """A note the form refuses stops the action: the view checks is_valid() before reading it."""
    services.suspend_certificate(certificate=certificate, category="lainnya", note="Uji", by=staff)
    client.force_login(staff)
    response = client.post(reverse("decisions:certificate_reinstate", args=[certificate.pk]), {"note": note},
                           follow=True)
    certificate.refresh_from_db()
    assert certificate.status == "dibekukan"
    assert any("Tindakan tidak dijalankan" in str(m) for m in response.context["messages"])
    response = client.post(reverse("decisions:certificate_returned", args=[certificate.pk]), {"note": note})
    certificate.refresh_from_db()
    assert certificate.returned_at is None


@pytest.mark.parametrize("q", ["RENBANG\x00", "x" * 101])
def test_certificate_search_refuses_malformed_terms_with_a_message(client, certificate, staff, q):
    client.force_login(staff)
    response = client.get(reverse("decisions:certificates"), {"q": q})
    assert response.status_code == 200
    assert any("Kata pencarian tidak valid" in str(m) for m in response.context["messages"])
    assert certificate.number in response.content.decode()  # the unfiltered list
