"""Who sees what: staff every appeal, a panel member only the appeals they sit on, a candidate only
their own (others get 404), and roles that may not act get 403."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from accounts.tests.factories import make_user
from appeals import services
from appeals.tests.factories import file_appeal, make_decided_case, make_panel_users, under_review

pytestmark = pytest.mark.django_db


@pytest.fixture
def case():
    panel = make_panel_users(3)
    appeal = under_review(panel=panel)
    for member in panel[:2]:
        services.cast_vote(appeal=appeal, by=member, result="dikabulkan", reasons="Portofolio tidak dinilai.")
    appeal.refresh_from_db()
    attachment_appeal = appeal  # letter exists now
    return {"appeal": attachment_appeal, "panel": panel}


def _urls(appeal):
    return {
        "detail": reverse("appeals:detail", args=[appeal.pk]),
        "letter": reverse("appeals:letter", args=[appeal.pk]),
    }


@pytest.mark.parametrize("persona, expected", [
    ("staff", 200), ("appellant", 200), ("panel_member", 200),
    ("other_panel_user", 404), ("other_candidate", 404), ("assessor", 404), ("technical", 404),
])
def test_detail_and_letter_matrix(client, case, persona, expected):
    appeal = case["appeal"]
    users = {
        "staff": make_user(Role.STAF), "appellant": appeal.appellant, "panel_member": case["panel"][0],
        "other_panel_user": make_user(Role.TIM_BANDING), "other_candidate": make_user(Role.PEMOHON),
        "assessor": appeal.decision.assessment.assessor, "technical": make_user(Role.TIM_TEKNIS),
    }
    client.force_login(users[persona])
    for name, url in _urls(appeal).items():
        response = client.get(url)
        assert response.status_code == expected, (persona, name)
        if expected == 200 and name == "letter":
            assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_anonymous_is_sent_to_login(client, case):
    for url in [*_urls(case["appeal"]).values(), reverse("appeals:my_appeals"), reverse("appeals:staff_list")]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_panel_member_lists_only_their_appeals(client, case):
    mine = case["appeal"]
    other = under_review()
    client.force_login(case["panel"][0])
    page = client.get(reverse("appeals:panel_list")).content.decode()
    assert mine.reference in page and other.reference not in page
    assert "3 anggota · 2 pendapat" in page
    assert client.get(other.get_absolute_url()).status_code == 404


def test_staff_list_shows_all(client, case):
    other = file_appeal(make_decided_case())
    client.force_login(make_user(Role.STAF))
    page = client.get(reverse("appeals:staff_list")).content.decode()
    assert case["appeal"].reference in page and other.reference in page


@pytest.mark.parametrize("name, role", [
    ("appeals:staff_list", Role.PEMOHON), ("appeals:staff_list", Role.TIM_BANDING),
    ("appeals:panel_list", Role.PEMOHON), ("appeals:panel_list", Role.STAF),
    ("appeals:my_appeals", Role.TIM_BANDING), ("appeals:my_appeals", Role.STAF),
])
def test_lists_are_refused_to_other_roles(client, name, role):
    client.force_login(make_user(role))
    assert client.get(reverse(name)).status_code == 403


def test_another_candidate_cannot_file_on_someone_elses_decision(client):
    decision = make_decided_case()
    client.force_login(make_user(Role.PEMOHON))
    url = reverse("appeals:file", args=[decision.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"reasons": "Saya ingin membanding keputusan orang lain."}).status_code == 404
    assert not decision.__class__.objects.filter(appeal__isnull=False).exists()


def test_another_candidate_cannot_download_an_attachment(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from registration.samples import sample_pdf
    from skema_lsp.uploads import validate_upload

    appeal = file_appeal(make_decided_case(),
                         attachments=[validate_upload(SimpleUploadedFile("bukti.pdf", sample_pdf()))])
    url = reverse("appeals:attachment", args=[appeal.pk, appeal.attachments.get().pk])
    client.force_login(make_user(Role.PEMOHON))
    assert client.get(url).status_code == 404
    client.force_login(appeal.appellant)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")


def test_appellant_cannot_form_the_panel_or_vote(client):
    appeal = file_appeal(make_decided_case())
    members = make_panel_users(3)
    client.force_login(appeal.appellant)
    response = client.post(reverse("appeals:form_panel", args=[appeal.pk]), {"members": [m.pk for m in members]})
    assert response.status_code == 403
    assert not appeal.panel.exists()
    response = client.post(reverse("appeals:vote", args=[appeal.pk]), {"result": "dikabulkan", "reasons": "Saya"})
    assert response.status_code == 403
    assert not appeal.votes.exists()


def test_panel_member_cannot_order_the_remedy(client, case):
    client.force_login(case["panel"][0])
    response = client.post(reverse("appeals:remedy", args=[case["appeal"].pk]), {"remedy": "asesmen_ulang"})
    assert response.status_code == 403
    case["appeal"].refresh_from_db()
    assert case["appeal"].status == "dikabulkan"


def test_appellant_sees_the_outcome_but_not_each_members_opinion(client, case):
    client.force_login(case["appeal"].appellant)
    page = client.get(case["appeal"].get_absolute_url()).content.decode()
    assert "Keputusan banding: Dikabulkan" in page
    assert "Pendapat tim banding" not in page
    client.force_login(case["panel"][2])
    page = client.get(case["appeal"].get_absolute_url()).content.decode()
    assert "Pendapat tim banding" in page


@pytest.mark.parametrize("name, persona", [("appeals:staff_list", "staff"), ("appeals:panel_list", "panel"),
                                           ("appeals:my_appeals", "candidate")])
def test_list_query_count_does_not_grow_with_rows(client, django_assert_max_num_queries, name, persona):
    staff, member, candidate = make_user(Role.STAF), make_user(Role.TIM_BANDING), make_user(Role.PEMOHON)
    viewer = {"staff": staff, "panel": member, "candidate": candidate}[persona]

    def add_one():
        decision = make_decided_case(applicant=candidate)
        under_review(decision, panel=[member, *make_panel_users(2)])
        make_decided_case(applicant=candidate)  # a decision not (yet) appealed

    add_one()
    client.force_login(viewer)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse(name)).status_code == 200
    for _ in range(4):
        add_one()
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(reverse(name)).status_code == 200
