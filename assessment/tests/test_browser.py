"""End to end in real Chromium: staff assign an assessor, the assessor declares no conflict and
proposes the plan, the candidate accepts it, the assessor reviews APL-02, records a full test and
submits a Kompeten recommendation."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from accounts.tests.factories import PASSWORD
from assessment.models import Assessment
from assessment.tests.factories import make_application, make_assessor, make_staff, make_tuk
from schemes.models import PerformanceCriterion
from schemes.tests.factories import make_scheme

WAIT = 15_000  # ms: the CI machine can be busy


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "id-ID"}


def session_for(browser: Browser, live_server, user) -> Page:
    page = browser.new_context(locale="id-ID").new_page()
    page.set_default_timeout(WAIT)
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=username]").fill(user.username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", name="Selamat datang")).to_be_visible(timeout=WAIT)
    return page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_assignment_plan_review_test_and_kompeten_submission(browser: Browser, live_server):
    verified = {"email_verified_at": timezone.now()}
    staff = make_staff(username="staf_e2e", **verified)
    assessor = make_assessor(username="asesor_e2e", full_name="Bambang Asesor", **verified)
    scheme = make_scheme()
    application = make_application(scheme=scheme)
    candidate = application.applicant
    candidate.email_verified_at = timezone.now()
    candidate.save(update_fields=["email_verified_at"])
    tuk = make_tuk()

    # Staff propose the assessor.
    staff_page = session_for(browser, live_server, staff)
    staff_page.goto(f"{live_server.url}/asesmen/penugasan/")
    staff_page.get_by_role("link", name="Tugaskan asesor").click()
    staff_page.locator("#id_assessor").select_option(str(assessor.pk))
    staff_page.get_by_role("button", name="Usulkan asesor").click()
    expect(staff_page.get_by_text("diusulkan sebagai asesor")).to_be_visible()

    # The assessor declares no conflict of interest, then proposes the plan.
    page = session_for(browser, live_server, assessor)
    page.goto(f"{live_server.url}/asesmen/asesi-saya/")
    page.get_by_role("link", name="Nyatakan konflik kepentingan").click()
    page.get_by_label("Tidak ada konflik kepentingan").check()
    page.locator("#id_statement").check()
    page.get_by_role("button", name="Kirim pernyataan").click()
    expect(page.get_by_text("Anda ditugaskan")).to_be_visible()
    page.get_by_role("link", name="Susun rencana asesmen").click()
    # Methods per KUK (FR.MAPA.01): the shortcut gives every KUK observation and the essay questions.
    page.locator("#id_default_methods_0").check()
    page.locator("#id_default_methods_3").check()
    page.locator("#id_evidence_to_collect").fill("Dokumen rencana kegiatan dan demonstrasi penyusunan RKA")
    page.locator("#id_date").fill("2026-12-07")
    page.locator("#id_time").fill("09:00")
    page.locator("#id_tuk").select_option(str(tuk.pk))
    page.get_by_role("button", name="Kirim rencana ke asesi").click()
    expect(page.get_by_text("Rencana asesmen dikirim ke asesi")).to_be_visible()

    # The candidate accepts the plan and the confidentiality statement.
    candidate_page = session_for(browser, live_server, candidate)
    candidate_page.get_by_role("link", name="Setujui rencana").first.click()
    candidate_page.locator("#id_plan_accepted").check()
    candidate_page.locator("#id_confidentiality_accepted").check()
    candidate_page.get_by_role("button", name="Setujui rencana asesmen").click()
    expect(candidate_page.locator("#plan-acceptance")).to_contain_text("Rencana disetujui")

    # The assessor reviews APL-02 and recommends continuing.
    assessment = Assessment.objects.get(application=application)
    page.goto(f"{live_server.url}/asesmen/{assessment.pk}/")
    page.get_by_role("link", name="Kaji APL-02").click()
    page.get_by_label("Asesmen dapat dilanjutkan").check()
    page.locator("#id_reasons").fill("Bukti APL-02 relevan dan terkini.")
    page.get_by_role("button", name="Simpan hasil kaji").click()
    expect(page.get_by_text("Hasil kaji APL-02 dicatat")).to_be_visible()

    # At the test the assessor checks the candidate's identity before any result.
    page.get_by_role("link", name="Periksa identitas asesi").click()
    page.get_by_label("Dokumen identitas").select_option("ktp")
    page.get_by_label("Nomor dokumen").fill("3273015405900002")
    page.get_by_label(re.compile("Nama dan foto pada dokumen sesuai")).check()
    page.get_by_role("button", name="Catat pemeriksaan identitas").click()
    expect(page.get_by_text("Pemeriksaan identitas asesi dicatat.")).to_be_visible()

    # Full test: every KUK of every unit gets evidence judged V, A, T and M.
    for unit in scheme.units.order_by("order"):
        page.goto(f"{live_server.url}/asesmen/{assessment.pk}/unit/{unit.pk}/")
        count = PerformanceCriterion.objects.filter(element__unit=unit).count()
        for i in range(count):
            page.locator(f"#id_kuk-{i}-method").select_option("observasi")
            page.locator(f"#id_kuk-{i}-notes").fill("Asesi mendemonstrasikan sesuai KUK.")
            for field in ("valid", "authentic", "current", "sufficient"):
                page.locator(f"#id_kuk-{i}-{field}").check()
        page.get_by_role("button", name="Simpan bukti").click()
        expect(page.locator("#unit-result")).to_have_text("K")

    page.goto(f"{live_server.url}/asesmen/{assessment.pk}/")
    expect(page.locator("#computed-recommendation")).to_have_text("Kompeten")
    page.get_by_role("link", name="Serahkan rekaman ke LSP").click()
    page.get_by_label("Kompeten", exact=True).check()
    page.locator("#id_report_notes").fill("Seluruh KUK terpenuhi.")
    page.locator("#id_statement").check()
    page.get_by_role("button", name="Serahkan ke LSP").click()
    page.get_by_role("button", name="Ya, lanjutkan").click()  # the confirmation dialog
    expect(page.locator("#recommendation")).to_have_text("Kompeten")

    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SUBMITTED and assessment.recommendation == "K"
    assert assessment.plan.accepted_at and assessment.plan.confidentiality_accepted_at
    assert assessment.pre_assessment.can_continue
    assert assessment.evidence.count() == PerformanceCriterion.objects.filter(element__unit__scheme=scheme).count()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_unit_sheet_row_with_ticks_but_no_method_is_refused_and_keeps_the_ticks(browser: Browser, live_server):
    from assessment.tests.factories import walk

    assessor = make_assessor(username="asesor_vatm", email_verified_at=timezone.now())
    application = make_application()
    assessment = walk(application, assessor=assessor, staff=make_staff(), to="testing")
    unit = application.scheme.units.order_by("order").first()

    page = session_for(browser, live_server, assessor)
    page.goto(f"{live_server.url}/asesmen/{assessment.pk}/unit/{unit.pk}/")
    for field in ("valid", "authentic", "current", "sufficient"):
        page.locator(f"#id_kuk-0-{field}").check()
    page.locator("#id_kuk-1-method").select_option("observasi")
    page.locator("#id_kuk-1-notes").fill("Asesi mendemonstrasikan penyusunan jadwal.")
    page.get_by_role("button", name="Simpan bukti").click()

    expect(page.get_by_text("Pilih metode untuk KUK 1.1").first).to_be_visible()
    expect(page.get_by_text("bukti dicatat")).to_have_count(0)
    for field in ("valid", "authentic", "current", "sufficient"):
        expect(page.locator(f"#id_kuk-0-{field}")).to_be_checked()
    expect(page.locator("#id_kuk-1-notes")).to_have_value("Asesi mendemonstrasikan penyusunan jadwal.")
    assert assessment.evidence.count() == 0
