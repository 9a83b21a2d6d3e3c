"""9.9.4: the panel is formed by staff from Tim Banding users not involved in the case."""

import pytest

from accounts.models import ConflictOfInterest
from accounts.roles import Role
from accounts.tests.factories import make_user
from appeals import services
from appeals.models import Appeal, PanelMember
from appeals.tests.factories import file_appeal, make_decided_case, make_panel_users
from assessment.models import Assessment
from assessment.tests.factories import make_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return make_user(Role.STAF)


def _refused(appeal, members, staff, match):
    with pytest.raises(services.AppealError, match=match):
        services.form_panel(appeal=appeal, members=members, by=staff)
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.RECEIVED
    assert not PanelMember.objects.filter(appeal=appeal).exists()


def test_uninvolved_members_form_the_panel_and_are_told(staff, django_capture_on_commit_callbacks, mailoutbox):
    appeal = file_appeal(make_decided_case())
    members = make_panel_users(3)
    with django_capture_on_commit_callbacks(execute=True):
        services.form_panel(appeal=appeal, members=members, by=staff)
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.UNDER_REVIEW
    assert set(appeal.panel.values_list("member", flat=True)) == {m.pk for m in members}
    assert appeal.panel_formed_by == staff
    assert {m.email for m in members} <= {to for mail in mailoutbox for to in mail.to}


def test_the_assessor_of_the_case_is_refused_by_name(staff):
    assessor = make_user(Role.ASESOR, Role.TIM_BANDING, met_number="MET.1", full_name="Budi Asesor")
    appeal = file_appeal(make_decided_case(assessor=assessor))
    _refused(appeal, [assessor, *make_panel_users(2)], staff, "Budi Asesor adalah asesor asesi ini")


def test_an_assessor_of_an_earlier_round_is_refused(staff):
    earlier = make_user(Role.ASESOR, Role.TIM_BANDING, met_number="MET.2", full_name="Sri Asesor Lama")
    decision = make_decided_case()
    Assessment.objects.create(application=make_application(applicant=decision.candidate), round=1, assessor=earlier,
                              status=Assessment.Status.SUBMITTED)
    appeal = file_appeal(decision)
    _refused(appeal, [earlier, *make_panel_users(2)], staff, "Sri Asesor Lama adalah asesor asesi ini")


def test_a_member_who_decided_the_case_is_refused(staff):
    decider = make_user(Role.TIM_TEKNIS, Role.TIM_BANDING, full_name="Dewi Teknis")
    appeal = file_appeal(make_decided_case(deciders=[decider, make_user(Role.TIM_TEKNIS)]))
    _refused(appeal, [decider, *make_panel_users(2)], staff, "Dewi Teknis ikut memutuskan")


def test_a_declared_conflict_of_interest_is_refused(staff):
    appeal = file_appeal(make_decided_case())
    trainer, *others = make_panel_users(3)
    trainer.full_name = "Agus Pelatih"
    trainer.save()
    ConflictOfInterest.objects.create(person=trainer, candidate=appeal.appellant, kind=ConflictOfInterest.Kind.PELATIH)
    _refused(appeal, [trainer, *others], staff, r"Agus Pelatih telah menyatakan konflik kepentingan.*pernah melatih")


def test_a_conflict_with_another_candidate_does_not_refuse(staff):
    appeal = file_appeal(make_decided_case())
    members = make_panel_users(3)
    ConflictOfInterest.objects.create(person=members[0], candidate=make_user(Role.PEMOHON),
                                      kind=ConflictOfInterest.Kind.KELUARGA)
    services.form_panel(appeal=appeal, members=members, by=staff)
    assert appeal.status == Appeal.Status.UNDER_REVIEW


def test_someone_without_the_tim_banding_role_is_refused(staff):
    appeal = file_appeal(make_decided_case())
    outsider = make_user(Role.TIM_TEKNIS, full_name="Rudi Luar")
    _refused(appeal, [outsider, *make_panel_users(2)], staff, "Rudi Luar bukan anggota Tim Banding")


def test_panel_smaller_than_the_minimum_is_refused(staff, settings):
    appeal = file_appeal(make_decided_case())
    _refused(appeal, make_panel_users(2), staff, "minimal beranggotakan 3 orang")
    settings.APPEAL_PANEL_MIN_SIZE = 2
    services.form_panel(appeal=appeal, members=make_panel_users(2), by=staff)
    assert appeal.status == Appeal.Status.UNDER_REVIEW


def test_the_same_person_twice_does_not_count_twice(staff):
    appeal = file_appeal(make_decided_case())
    one, two = make_panel_users(2)
    _refused(appeal, [one, two, one], staff, "dipilih 2")


def test_panel_is_formed_once(staff):
    appeal = file_appeal(make_decided_case())
    services.form_panel(appeal=appeal, members=make_panel_users(3), by=staff)
    with pytest.raises(services.AppealError, match="tidak dapat diubah"):
        services.form_panel(appeal=appeal, members=make_panel_users(3), by=staff)
    assert PanelMember.objects.filter(appeal=appeal).count() == 3


def test_staff_page_lists_who_is_excluded_and_refuses_with_the_reason(client, staff):
    assessor = make_user(Role.ASESOR, Role.TIM_BANDING, met_number="MET.3", full_name="Budi Asesor")
    appeal = file_appeal(make_decided_case(assessor=assessor))
    others = make_panel_users(2)
    client.force_login(staff)
    page = client.get(appeal.get_absolute_url()).content.decode()
    assert "Budi Asesor adalah asesor asesi ini" in page
    response = client.post(f"/banding/{appeal.pk}/tim-banding/",
                           {"members": [assessor.pk, *[o.pk for o in others]]}, follow=True)
    assert "Tim banding tidak dapat dibentuk: Budi Asesor adalah asesor" in response.content.decode()
    assert not appeal.panel.exists()
