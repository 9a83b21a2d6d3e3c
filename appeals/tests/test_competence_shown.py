"""9.4.3: a panel member's competence record is shown beside their name when staff form a panel."""

from datetime import date

import pytest

from accounts.roles import Role
from accounts.tests.factories import make_user
from appeals.forms import PanelForm
from decisions.services import record_competence

pytestmark = pytest.mark.django_db


def test_panel_choice_shows_each_members_competence_record():
    staff = make_user(Role.STAF)
    trained = make_user(Role.TIM_BANDING, full_name="Sri Banding")
    make_user(Role.TIM_BANDING, full_name="Agus Banding")
    record_competence(person=trained, kind="pelatihan", title="Penanganan Banding 17024",
                      obtained_on=date(2025, 5, 20), by=staff)
    labels = [label for _, label in PanelForm().fields["members"].choices]
    assert "Sri Banding — Penanganan Banding 17024 (2025)" in labels
    assert "Agus Banding — rekaman kompetensi belum dicatat" in labels
