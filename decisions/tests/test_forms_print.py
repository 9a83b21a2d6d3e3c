"""Printed forms of the decision stage: the BA has a signature block for each member present
(FR.AK.04, the appeal form, is tested in appeals)."""

import pytest

from decisions import services
from decisions.tests.factories import make_ready_assessment
from decisions.tests.test_meetings import run_meeting
from skema_lsp.testing import pdf_text

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
