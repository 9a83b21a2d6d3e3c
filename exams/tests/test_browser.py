"""Done when (issue 18), in Chromium: a scheduled batch of three candidates. Staff place them in the
schedule; the assessor checks one candidate's identity; that candidate takes the CBT on a 390 px
phone (multiple choice and an FR.IA.06 essay) and reloads mid-test without losing an answer; the
assessor reviews the essay, enters the CBT result and fills an FR.IA.01 observation checklist on a
tablet; the VATM record shows the result per KUK."""

import re
from datetime import time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, expect

from accounts.roles import Role
from accounts.tests.factories import make_user
from assessment import services as assessment_services
from assessment.models import EvidenceItem, Question, TestSession
from assessment.tests.factories import make_application, make_tuk
from exams.models import Attempt, AttemptQuestion, ExamSetting
from exams.tests.factories import KEY_MARKER, add_bank, walk_to
from registration.models import Evidence
from schemes.models import PerformanceCriterion
from schemes.tests.factories import make_scheme
from tests.test_daily_path import fits, open_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_scheduled_batch_cbt_on_a_phone_and_observation_on_a_tablet(browser: Browser, live_server, celery_eager):
    scheme = make_scheme()
    add_bank(scheme)
    ExamSetting.objects.create(scheme=scheme, question_count=6, essay_count=1, duration_minutes=30, pass_mark=50)
    second_unit = scheme.units.order_by("order").last()
    essay_kuk = PerformanceCriterion.objects.filter(element__unit=second_unit).order_by("element__order", "order")[0]
    Question.objects.create(unit=second_unit, criterion=essay_kuk, kind=Question.Kind.TERTULIS,
                            text="Uraikan cara menyusun indikator kinerja.", answer_key=f"{KEY_MARKER} model esai")
    verified = {"email_verified_at": timezone.now()}
    staff = make_user(Role.STAF, username="staf_uji", **verified)
    assessor = make_user(Role.ASESOR, username="asesor_uji", met_number="MET.000.004242 2020", **verified)
    candidates = [make_user(Role.PEMOHON, username=f"asesi_uji{n}", **verified) for n in range(3)]
    batch = [walk_to(make_application(scheme=scheme, applicant=c), assessor=assessor, staff=staff,
                     to="plan_agreed") for c in candidates]
    session = TestSession.objects.create(scheme=scheme, date=timezone.localdate() + timedelta(days=2),
                                         start_time=time(9), tuk=make_tuk(), capacity=5)
    session.assessors.add(assessor)
    base = live_server.url

    # Staff place the three candidates into the schedule.
    desk = open_as(browser, base, "staf_uji", 1366)
    desk.goto(f"{base}/ujian/jadwal/{session.pk}/")
    for assessment in batch:
        desk.get_by_label(re.compile(assessment.reference)).check()
    desk.get_by_role("button", name="Tempatkan pada jadwal").click()
    expect(desk.get_by_role("alert").first).to_contain_text("3 asesi ditempatkan")
    expect(desk.locator("#batch-progress tbody tr")).to_have_count(3)

    for assessment in batch:
        assessment_services.record_pre_assessment(assessment=assessment, by=assessor, can_continue=True,
                                                  reasons="Bukti APL-02 memadai.")
    first = batch[0]

    # The assessor checks the first candidate's identity on a tablet.
    tablet = open_as(browser, base, "asesor_uji", 820)
    tablet.goto(f"{base}/asesmen/{first.pk}/identitas/")
    tablet.get_by_label("Dokumen identitas").select_option("ktp")
    tablet.get_by_label("Nomor dokumen").fill("3273015405900002")
    tablet.get_by_label(re.compile("Nama dan foto pada dokumen sesuai")).check()
    tablet.get_by_role("button", name="Catat pemeriksaan identitas").click()
    expect(tablet.get_by_role("alert").first).to_contain_text("Pemeriksaan identitas asesi dicatat.")

    # The candidate takes the CBT on a phone; every choice is saved as it is made.
    phone = open_as(browser, base, "asesi_uji0", 390)
    phone.goto(f"{base}/ujian/saya/")
    phone.get_by_role("button", name="Mulai ujian tertulis (CBT)").click()
    phone.get_by_role("button", name="Ya, lanjutkan").click()
    expect(phone.locator("#cbt-timer")).to_contain_text("menit")
    attempt = Attempt.objects.get(assessment=first)
    items = list(attempt.items.select_related("question").order_by("order"))
    assert KEY_MARKER not in phone.content()
    for item in items[:3]:
        phone.locator(f"input[data-question='{item.question_id}'][value='0']").check()
        expect(phone.locator("#cbt-save-state")).to_have_text("Jawaban tersimpan")
    expect(phone.locator("#cbt-answered")).to_have_text("3")
    phone.locator("textarea[data-essay]").fill("Menurunkan sasaran RPJMD menjadi indikator yang terukur.")
    expect(phone.locator("#cbt-save-state")).to_have_text("Jawaban tersimpan")
    expect(phone.locator("#cbt-answered")).to_have_text("4")
    assert fits(phone)

    phone.reload()  # a dropped connection or a reload mid-test loses nothing
    for item in items[:3]:
        expect(phone.locator(f"input[data-question='{item.question_id}'][value='0']")).to_be_checked()
    expect(phone.locator("textarea[data-essay]")).to_have_value(
        "Menurunkan sasaran RPJMD menjadi indikator yang terukur.")
    assert AttemptQuestion.objects.filter(attempt=attempt, chosen=0).count() == 3
    phone.locator(f"input[data-question='{items[3].question_id}'][value='2']").check()
    expect(phone.locator("#cbt-answered")).to_have_text("5")
    phone.get_by_role("button", name="Selesai dan serahkan").click()
    phone.get_by_role("button", name="Ya, lanjutkan").click()
    expect(phone.locator("#cbt-finished")).to_contain_text("5 dari 7 soal terjawab")
    assert fits(phone)
    attempt.refresh_from_db()
    assert (attempt.status, attempt.correct, attempt.score) == ("finished", 3, 50)

    # The assessor reviews the essay (the result per KUK is final only then), enters the CBT result
    # per KUK and fills the observation checklist of unit 1.
    tablet.goto(f"{base}/ujian/asesmen/{first.pk}/cbt/")
    expect(tablet.locator("#cbt-score")).to_contain_text("3 dari 6 benar")
    expect(tablet.locator("#cbt-pending")).to_contain_text("1 jawaban esai menunggu penilaian")
    tablet.get_by_role("link", name="Nilai jawaban esai").click()
    expect(tablet.get_by_text("Menurunkan sasaran RPJMD")).to_be_visible()
    tablet.get_by_label("Kompeten", exact=True).check()
    tablet.get_by_label("Catatan penilaian").fill("Runtut dan tepat.")
    assert fits(tablet)
    tablet.get_by_role("button", name="Simpan penilaian esai").click()
    expect(tablet.get_by_role("alert").first).to_contain_text("Penilaian 1 jawaban esai")
    tablet.get_by_role("button", name="Catat hasil per KUK ke rekaman VATM").click()
    expect(tablet.get_by_role("alert").first).to_contain_text("Hasil CBT dicatat")
    unit = scheme.units.order_by("order").first()
    criteria = list(PerformanceCriterion.objects.filter(element__unit=unit).order_by("element__order", "order"))
    tablet.goto(f"{base}/ujian/asesmen/{first.pk}/unit/{unit.pk}/observasi/")
    # The KUK observed as "not yet" is one the candidate also missed in the CBT: no evidence meets it.
    right_in_cbt = {item.question.criterion_id for item in items[:3]}
    not_yet = next(c for c in criteria if c.pk not in right_in_cbt)
    for criterion in criteria:
        tablet.locator(f"#id_met_{criterion.pk}_{1 if criterion == not_yet else 0}").check()
    tablet.get_by_label(f"Catatan KUK {not_yet.number}").fill("Belum menyusun indikator kinerja.")
    tablet.get_by_role("button", name="Simpan FR.IA.01 ke rekaman VATM").click()
    expect(tablet.get_by_role("alert").first).to_contain_text("FR.IA.01")
    assert fits(tablet)

    # The VATM record shows each KUK of the unit met or not.
    tablet.goto(f"{base}/asesmen/{first.pk}/unit/{unit.pk}/")
    badges = [b for b in tablet.locator(".badge").all_inner_texts() if "terpenuhi" in b]
    assert badges == ["belum terpenuhi" if c == not_yet else "terpenuhi" for c in criteria]
    essay = EvidenceItem.objects.get(assessment=first, method="tertulis")
    assert (essay.criterion_id, essay.sufficient, "Runtut dan tepat." in essay.notes) == (essay_kuk.pk, True, True)

    # The schedule page follows the batch.
    desk.goto(f"{base}/ujian/jadwal/{session.pk}/")
    row = desk.locator("#batch-progress tbody tr").filter(has_text=first.reference)
    expect(row).to_contain_text("✓ diperiksa")
    expect(row).to_contain_text("selesai · 50%")
    expect(row).to_contain_text("1 / 2 unit")


def test_supporting_questions_and_portfolio_review_on_a_tablet(browser: Browser, live_server):
    scheme = make_scheme()
    add_bank(scheme)
    verified = {"email_verified_at": timezone.now()}
    staff = make_user(Role.STAF, username="staf_ia", **verified)
    assessor = make_user(Role.ASESOR, username="asesor_ia", met_number="MET.000.004243 2020", **verified)
    application = make_application(scheme=scheme, applicant=make_user(Role.PEMOHON, username="asesi_ia", **verified))
    assessment = walk_to(application, assessor=assessor, staff=staff)
    report = Evidence.objects.create(application=application, kind=Evidence.Kind.PORTFOLIO,
                                     description="Laporan evaluasi RKPD", file="laporan.pdf",
                                     original_name="laporan.pdf", content_type="application/pdf", size=1,
                                     sha256="0" * 64)
    unit = scheme.units.order_by("order").first()
    kuk = PerformanceCriterion.objects.filter(element__unit=unit).order_by("element__order", "order")[0]
    base, path = live_server.url, f"/ujian/asesmen/{assessment.pk}/unit/{unit.pk}/"
    tablet = open_as(browser, base, "asesor_ia", 820)

    tablet.goto(f"{base}{path}pertanyaan-pendukung/")
    tablet.get_by_label(f"Pertanyaan untuk KUK {kuk.number}").fill("Bagaimana Anda memverifikasi data capaian?")
    tablet.get_by_label(f"Jawaban asesi KUK {kuk.number}").fill("Membandingkan dengan laporan monev.")
    tablet.locator(f"#id_met_{kuk.pk}_0").check()
    assert fits(tablet)
    tablet.get_by_role("button", name="Simpan FR.IA.03 ke rekaman VATM").click()
    expect(tablet.get_by_role("alert").first).to_contain_text("FR.IA.03")
    expect(tablet.locator("#sheet-result")).to_contain_text("Membandingkan dengan laporan monev.")
    assert fits(tablet)

    tablet.goto(f"{base}{path}portofolio/")
    tablet.get_by_label(f"Bukti portofolio untuk KUK {kuk.number}").select_option(str(report.pk))
    for name in ("valid", "authentic", "current", "sufficient"):
        tablet.locator(f"#id_{name}_{kuk.pk}").check()
    assert fits(tablet)
    tablet.get_by_role("button", name="Simpan FR.IA.11 ke rekaman VATM").click()
    expect(tablet.get_by_role("alert").first).to_contain_text("FR.IA.11")
    assert fits(tablet)
    methods = set(EvidenceItem.objects.filter(assessment=assessment, criterion=kuk, valid=True, authentic=True,
                                              current=True, sufficient=True).values_list("method", flat=True))
    assert methods == {"observasi", "portofolio"}
