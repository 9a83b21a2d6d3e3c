"""End to end in real Chromium: a candidate files an appeal, staff form the panel, the panel upholds
it, and staff open a re-assessment that the original assessor may not take."""

import re

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import Page, expect

from accounts.roles import Role
from accounts.tests.factories import PASSWORD, make_user
from appeals.models import Appeal
from appeals.tests.factories import make_decided_case, make_panel_users
from assessment import services as assessment_services
from assessment.models import Assessment
from assessment.tests.factories import make_assessor


def log_in(page: Page, base_url: str, user) -> None:
    page.context.clear_cookies()
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Nama pengguna").fill(user.username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk", exact=True).click()
    expect(page.get_by_role("heading", name=re.compile("Selamat datang"))).to_be_visible()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_candidate_files_panel_upholds_and_a_different_assessor_reassesses(page: Page, live_server):
    for role in Role:  # a previous transactional test may have flushed the migration's groups
        Group.objects.get_or_create(name=role.value)
    # The case's assessor also sits on Tim Banding: staff must be refused, by name, when they pick him.
    original = make_user(Role.ASESOR, Role.TIM_BANDING, full_name="Bambang Asesor", met_number="MET.000.1 2026")
    decision = make_decided_case(assessor=original)
    candidate = decision.candidate
    staff = make_user(Role.STAF)
    panel = make_panel_users(3)
    base = live_server.url

    # The candidate files FR.AK.04 from the decisions page.
    log_in(page, base, candidate)
    page.get_by_role("navigation", name="Navigasi utama").get_by_role("link", name="Banding", exact=True).click()
    page.get_by_role("link", name="Ajukan banding").click()
    page.locator("input[name=process_explained][value=ya]").check()
    page.locator("input[name=discussed_with_assessor][value=ya]").check()
    page.locator("input[name=involves_other_person][value=tidak]").check()
    page.get_by_label("Banding ini diajukan atas alasan sebagai berikut").fill(
        "Portofolio dokumen rencana kegiatan saya tidak dinilai oleh asesor.")
    page.get_by_role("button", name="Kirim banding").click()
    appeal = Appeal.objects.get(decision=decision)
    expect(page.get_by_text(f"Banding Anda telah diterima dengan nomor {appeal.reference}")).to_be_visible()
    expect(page.locator("#batas-keputusan")).to_contain_text(str(appeal.due_on.year))

    # Staff form the panel; an involved member is refused, then three uninvolved members are appointed.
    log_in(page, base, staff)
    page.goto(f"{base}/banding/staf/")
    page.get_by_role("link", name=appeal.reference).click()
    for member in panel:
        page.get_by_label(member.display_name).check()
    page.get_by_label("Bambang Asesor").check()
    page.get_by_role("button", name="Bentuk tim banding").click()
    expect(page.get_by_role("alert").filter(has_text="Tim banding tidak dapat dibentuk")).to_contain_text(
        "Bambang Asesor adalah asesor asesi ini")
    assert not appeal.panel.exists()
    for member in panel:
        page.get_by_label(member.display_name).check()
    page.get_by_role("button", name="Bentuk tim banding").click()
    expect(page.get_by_text("Tim banding telah dibentuk")).to_be_visible()

    # Two of the three members uphold it: the majority decides.
    for member in panel[:2]:
        log_in(page, base, member)
        page.goto(f"{base}/banding/tim/")
        page.get_by_role("link", name=appeal.reference).click()
        page.get_by_label("Dikabulkan").check()
        page.get_by_label("Alasan").fill("Bukti portofolio tidak tercatat dalam rekaman asesmen.")
        page.get_by_role("button", name="Simpan pendapat").click()
        page.get_by_role("button", name="Ya, lanjutkan").click()  # the confirmation dialog
        expect(page.get_by_text("Pendapat Anda telah dicatat.")).to_be_visible()
    expect(page.get_by_role("heading", name="Keputusan banding: Dikabulkan")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Unduh surat keputusan banding"))).to_be_visible()

    # Staff carry out the binding outcome: a re-assessment without the original assessor.
    log_in(page, base, staff)
    page.goto(f"{base}{appeal.get_absolute_url()}")
    page.get_by_label("Asesmen ulang oleh asesor lain").check()
    page.get_by_role("button", name="Laksanakan tindak lanjut").click()
    page.get_by_role("button", name="Ya, lanjutkan").click()  # the confirmation dialog
    expect(page.get_by_text("Asesmen ulang telah dibuka; asesor semula dikecualikan.")).to_be_visible()

    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.REMEDIED
    reassessment = Assessment.objects.get(application=decision.application, round=2)
    assert appeal.reassessment == reassessment and reassessment.excluded_assessor == original
    with pytest.raises(assessment_services.AssessmentError, match="asesor yang berbeda"):
        assessment_services.assign_assessor(application=decision.application, assessor=original, by=staff)
    other = make_assessor(full_name="Dewi Asesor Baru")
    assigned = assessment_services.assign_assessor(application=decision.application, assessor=other, by=staff)
    assert assigned.pk == reassessment.pk and assigned.assessor == other
