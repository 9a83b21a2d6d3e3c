"""The applicant's status page follows the case to the end: assessment, decision, certificate (with
its download) and the appeal window; every step's link opens for the applicant."""

import pytest
from django.urls import reverse
from django.utils import timezone

from registration import progress

pytestmark = pytest.mark.django_db


def _status_page(client, demo, username: str) -> tuple[str, list]:
    application = demo.application(username, status="accepted")
    client.force_login(demo.user(username))
    response = client.get(reverse("registration:detail", args=[application.pk]))
    assert response.status_code == 200
    return response.content.decode(), response.context["steps"]


def _links_open(client, steps) -> None:
    for step in steps:
        if step.link:
            assert client.get(step.link).status_code == 200, step


def test_plan_waiting_for_the_candidate(client, demo):
    html, steps = _status_page(client, demo, "pemohon1")
    now = progress.current_step(steps)
    assert now.title == "Asesmen kompetensi" and "menunggu persetujuan Anda" in now.text
    assert now.link == reverse("assessment:detail", args=[demo.assessment("pemohon1").pk])
    assert "Periksa dan setujui rencana" in html and 'id="langkah-berikutnya"' in html
    assert [s.state for s in steps if s.title in ("Keputusan tim teknis", "Sertifikat")] == ["nanti", "nanti"]
    _links_open(client, steps)


def test_certificate_issued_with_its_download(client, demo):
    html, steps = _status_page(client, demo, "asesi_g")
    by_title = {s.title: s for s in steps}
    assert by_title["Asesmen kompetensi"].done
    assert by_title["Keputusan tim teknis"].done and "Kompeten" in by_title["Keputusan tim teknis"].text
    certificate = demo.certificate("asesi_g")
    issued = by_title["Sertifikat terbit"]
    assert certificate.number in issued.text and issued.link == reverse(
        "decisions:certificate_download", args=[certificate.pk])
    assert "Unduh sertifikat (PDF)" in html
    appeal = progress.current_step(steps)  # decided today: the appeal window is open
    assert appeal.title.startswith("Banding") and "Dapat diajukan sampai" in appeal.text
    assert appeal.link == reverse("appeals:file", args=[demo.decision("asesi_g").pk])
    _links_open(client, steps)


def test_appeal_window_closed(client, demo):
    from datetime import timedelta

    from decisions.models import Decision

    decision = demo.decision("asesi_g")
    # The window counts from the formal notice (the approved SK), five days ago here.
    five_days_ago = timezone.now() - timedelta(days=5)
    Decision.objects.filter(pk=decision.pk).update(decided_at=five_days_ago, notified_at=five_days_ago)
    _, steps = _status_page(client, demo, "asesi_g")
    appeal = steps[-1]
    assert appeal.title == "Banding" and appeal.done and "Masa pengajuan banding berakhir" in appeal.text
    assert progress.current_step(steps) is None  # nothing left to do


def test_appeal_filed(client, demo):
    _, steps = _status_page(client, demo, "asesi_h")
    appeal = [s for s in steps if s.title == "Banding"][-1]
    assert demo.appeal("asesi_h").reference in appeal.text and appeal.link == reverse("appeals:my_appeals")
    _links_open(client, steps)


def test_profile_leads_on_to_the_next_step(client, demo):
    from accounts.roles import Role
    from accounts.tests.factories import make_user

    newcomer = make_user(Role.PEMOHON)
    client.force_login(newcomer)
    html = client.get(reverse("profile")).content.decode()
    assert 'id="langkah-berikutnya"' in html and reverse("registration:my_applications") in html
    assert "Ajukan permohonan sertifikasi" in html

    client.force_login(demo.user("pemohon1"))  # a plan waits for their acceptance
    response = client.get(reverse("profile"))
    assert response.context["next_step"].url == reverse("assessment:detail", args=[demo.assessment("pemohon1").pk])
    assert "Periksa dan setujui rencana" in response.content.decode()

    client.force_login(demo.user("pemohon3"))  # a draft: continue filling it in
    step = client.get(reverse("profile")).context["next_step"]
    assert step.label == "Lanjutkan pengisian" and step.url.endswith("/isi/data-pribadi/")

    client.force_login(demo.user("staf"))
    assert 'id="langkah-berikutnya"' not in client.get(reverse("profile")).content.decode()
