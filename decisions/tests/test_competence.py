"""9.4.3: each technical-team and appeal-panel member's competence record is kept (qualification,
training, date, document) and shown when they are chosen for a meeting or an appeal panel."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from accounts.tests.factories import make_user
from decisions import services
from decisions.models import CompetenceRecord
from decisions.services import DecisionError
from registration.samples import sample_pdf
from skema_lsp.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(db):
    return make_user(Role.TIM_TEKNIS, full_name="Hendra Teknis")


def test_staff_record_a_members_training_with_its_checked_document(client, staff, member):
    client.force_login(staff)
    response = client.post(reverse("decisions:competence"), {
        "person": member.pk, "kind": "pelatihan", "title": "Pelatihan Tim Teknis", "issuer": "BNSP",
        "obtained_on": "2025-04-01", "document": SimpleUploadedFile("s.pdf", sample_pdf(), "application/pdf"),
    })
    assert response.status_code == 302
    record = CompetenceRecord.objects.get()
    assert (record.person, record.kind, record.obtained_on) == (member, "pelatihan", date(2025, 4, 1))
    assert record.document_type == "application/pdf" and record.recorded_by == staff
    assert AuditEntry.objects.filter(action="decisions.competence_record.recorded").exists()
    download = client.get(reverse("decisions:competence_document", args=[record.pk]))
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    client.force_login(member)
    assert client.get(reverse("decisions:competence_document", args=[record.pk])).status_code == 404


def test_document_checked_by_content_and_future_dates_refused(client, staff, member):
    client.force_login(staff)
    for extra in ({"document": SimpleUploadedFile("s.pdf", b"bukan pdf", "application/pdf")},
                  {"obtained_on": (timezone.localdate() + timedelta(days=3)).isoformat()}):
        data = {"person": member.pk, "kind": "pelatihan", "title": "Pelatihan", "obtained_on": "2025-04-01", **extra}
        response = client.post(reverse("decisions:competence"), data)
        assert response.status_code == 200 and "Pelatihan" in response.content.decode()
    assert not CompetenceRecord.objects.exists()


def test_records_only_for_team_and_panel_members_by_staff(staff, member):
    with pytest.raises(DecisionError):
        services.record_competence(person=make_user(Role.ASESOR), kind="pelatihan", title="x",
                                   obtained_on=date(2025, 1, 1), by=staff)
    with pytest.raises(DecisionError):
        services.record_competence(person=member, kind="pelatihan", title="x", obtained_on=date(2025, 1, 1),
                                   by=member)
    assert not CompetenceRecord.objects.exists()


def test_records_shown_when_members_are_chosen_for_a_meeting(client, staff, member):
    services.record_competence(person=member, kind="kualifikasi", title="S-2 Perencanaan Wilayah",
                               obtained_on=date(2012, 9, 1), by=staff)
    client.force_login(staff)
    meeting_form = client.get(reverse("decisions:meeting_create")).content.decode()
    assert "Hendra Teknis — S-2 Perencanaan Wilayah (2012)" in meeting_form


def test_member_without_records_says_so_when_chosen(client, staff, member):
    client.force_login(staff)
    assert "rekaman kompetensi belum dicatat" in client.get(reverse("decisions:meeting_create")).content.decode()
