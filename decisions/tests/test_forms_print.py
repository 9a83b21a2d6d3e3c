"""Printed forms of the decision and appeal stages: the BA has a signature block for each member
present; the appeal form FR.AK.04 prints as filed, and the appeal decision letter no longer carries
that form's label."""

import pytest
from django.urls import reverse

from decisions import services
from decisions.tests.conftest import pdf_text
from decisions.tests.factories import make_ready_assessment
from decisions.tests.test_meetings import run_meeting

pytestmark = pytest.mark.django_db


def test_ba_has_a_signature_block_for_each_member_present(staff, members, scheme):
    meeting = run_meeting(staff, members, [make_ready_assessment(scheme=scheme)])
    meeting = services.close_meeting(meeting=meeting, by=staff, attendees=members[1:])
    with meeting.ba_pdf.open("rb") as handle:
        text = pdf_text(handle.read())
    signatures = text.split("Tanda tangan anggota tim teknis yang hadir", 1)[1]
    assert signatures.count("Anggota Tim Teknis,") == 2
    for member in members[1:]:
        assert member.display_name in signatures
    assert members[0].display_name not in signatures


def test_fr_ak_04_prints_the_appeal_as_filed(client):
    from appeals.tests.factories import file_appeal, make_decided_case

    appeal = file_appeal(make_decided_case())
    client.force_login(appeal.appellant)
    response = client.get(reverse("appeals:form_pdf", args=[appeal.pk]))
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "FR.AK.04. BANDING ASESMEN" in text and appeal.reference in text
    assert "Apakah Proses Banding telah dijelaskan kepada Anda? ✔" in text
    assert " ".join(appeal.reasons.split()) in text
    assert appeal.decision.application.scheme.document_number in text


def test_appeal_decision_letter_no_longer_says_fr_ak_04():
    from pathlib import Path

    from django.conf import settings

    letter = Path(settings.BASE_DIR, "appeals", "templates", "appeals", "pdf", "letter.html").read_text()
    assert "FR.AK.04" not in letter
