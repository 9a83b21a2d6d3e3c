"""Each role's dashboard (issue 19): what needs the user's action now at the top, with counts equal
to the lists under them and each item one click from the page where the action is done; charts
drawn as SVG with their numbers as a table; query counts that do not grow with the rows."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from accounts.roles import Role
from accounts.tests.factories import make_user
from registration.models import Application
from schemes.tests.factories import load_renbang
from skema_lsp.charts import Chart, Series
from skema_lsp.todo import SHOWN

pytestmark = pytest.mark.django_db

ROLES = ["staf", "direktur", "asesor1", "teknis1", "banding1", "pemohon1", "pemohon2", "pemohon3"]


def _dashboard(client, user):
    client.force_login(user)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("username", ROLES)
def test_action_counts_equal_their_lists_and_items_open(client, demo, username):
    response = _dashboard(client, demo.user(username))
    html = response.content.decode()
    assert html.index('id="perlu-tindakan"') < html.index('id="h-menu"')
    total = 0
    for item in response.context["actions"]:
        assert item.count == len(item.items) + max(item.hidden, 0)
        assert len(item.items) == min(item.count, SHOWN)
        total += item.count
        for _, url in item.items:  # one click to the page where the action is done
            assert client.get(url.split("#")[0]).status_code == 200, (item.label, url)
        if item.hidden:
            assert client.get(item.more_url).status_code == 200
    assert response.context["action_total"] == total
    groups = re.findall(r'data-action-count="(\d+)"(.*?)</div>', html, re.S)
    for count, block in groups:
        assert block.count("data-action-item") == min(int(count), SHOWN)


def test_staff_sees_what_waits_for_verification(client, demo):
    response = _dashboard(client, demo.user("staf"))
    verify = {a.label: a for a in response.context["actions"]}["Verifikasi permohonan (9.1.5)"]
    waiting = Application.objects.filter(status="submitted")
    assert verify.count == waiting.count() > 0
    assert verify.items[0][1] == reverse("registration:review", args=[waiting.order_by("submitted_at", "pk")[0].pk])


def test_action_list_shows_the_first_few_and_links_to_the_rest(client, db):
    scheme = load_renbang()
    staff = make_user(Role.STAF)
    for _ in range(SHOWN + 3):
        Application.objects.create(applicant=make_user(Role.PEMOHON), scheme=scheme, status="submitted",
                                   submitted_at=timezone.now(), full_name="Calon Asesi")
    response = _dashboard(client, staff)
    verify = {a.label: a for a in response.context["actions"]}["Verifikasi permohonan (9.1.5)"]
    waiting = Application.objects.filter(status="submitted").count()
    assert verify.count == waiting >= SHOWN + 3 and len(verify.items) == SHOWN
    assert f"dan {waiting - SHOWN} lainnya" in response.content.decode()


CHARTS = {
    "staf": {"corong-bulan-ini", "k-bk-per-skema", "sertifikat-24-bulan", "surveilan", "banding-batas-waktu",
             "pengaduan-batas-waktu"},
    "direktur": {"sk-menunggu", "sertifikat-12-bulan"},
    "asesor1": {"asesi-saya", "asesi-saya-jadwal"},
    "pemohon1": {"perjalanan"},
}


@pytest.mark.parametrize("username", CHARTS)
def test_each_role_gets_its_charts_with_a_table_of_the_numbers(client, demo, username):
    response = _dashboard(client, demo.user(username))
    charts = response.context["charts"]
    assert CHARTS[username] <= {c.slug for c in charts}
    html = response.content.decode()
    for chart in charts:
        assert f'id="grafik-{chart.slug}"' in html
        if isinstance(chart, Chart) and chart.total:
            block = html[html.index(f'id="grafik-{chart.slug}"'):]
            block = block[:block.index("</figure>")]
            assert '<svg class="chart' in block and 'role="img"' in block
            assert block.count("<rect") == len(chart.categories) * len(chart.series)
            for label, values in chart.rows:  # the numbers, readable as a table
                cells = "".join(f'<td class="text-end">{v}</td>' for v in values)
                assert f'<th scope="row" class="fw-normal">{escape(label)}</th>{cells}' in block
    assert "<script>" not in html and " style=" not in html


def test_staff_charts_count_what_is_there(client, demo):
    from decisions.models import Certificate, Decision

    charts = {c.slug: c for c in _dashboard(client, demo.user("staf")).context["charts"]}
    assert charts["k-bk-per-skema"].total == Decision.objects.filter(corrected_by__isnull=True).count()
    today = timezone.localdate()
    recent = Certificate.objects.filter(issued_on__gt=today - timedelta(days=365 * 2 - 31), issued_on__lte=today)
    assert charts["sertifikat-24-bulan"].total >= recent.count()
    funnel = charts["corong-bulan-ini"].series[0].values
    assert funnel == sorted(funnel, reverse=True) and funnel[0] > 0  # a funnel only narrows


def test_applicant_timeline_names_the_next_step(client, demo):
    response = _dashboard(client, demo.user("pemohon1"))
    timeline = {c.slug: c for c in response.context["charts"]}["perjalanan"]
    assert timeline.steps and timeline.next_step is not None
    assert f"Langkah berikutnya: {timeline.next_step.title}" in response.content.decode()


def test_chart_geometry_scales_to_the_largest_value():
    chart = Chart("x", "X", ["a", "b"], [Series("n", [5, 10])])
    widths = [bar.width for bar in chart.bars]
    assert widths[1] == 2 * widths[0] and chart.rows == [("a", [5]), ("b", [10])]
    empty = Chart("y", "Y", ["a"], [Series("n", [0])])
    assert empty.total == 0 and empty.bars[0].width == 0


def grow_everything(scheme, user, n: int) -> None:
    """n more rows of every kind the dashboards count or list, some of them the user's own."""
    from appeals.tests.factories import file_appeal, make_decided_case
    from complaints.tests.factories import make_complaint
    from decisions.tests.factories import make_decision, make_ready_assessment
    from registration.models import Payment
    from surveillance.models import Surveillance
    from surveillance.tests.factories import make_certificate, make_surveillance

    mine = user.has_role(Role.PEMOHON)
    today = timezone.localdate()
    for i in range(n):
        application = Application.objects.create(applicant=user if mine else make_user(Role.PEMOHON), scheme=scheme,
                                                 status="submitted", submitted_at=timezone.now(), full_name="Asesi")
        Payment.objects.create(application=application, invoice_number=f"INV-G-{application.pk}", amount=1,
                               status=Payment.Status.UNPAID if mine else Payment.Status.PROOF_UPLOADED)
        Application.objects.create(applicant=user if mine else make_user(Role.PEMOHON), status="returned",
                                   scheme=scheme)
        make_ready_assessment(scheme=scheme, assessor=user if user.has_role(Role.ASESOR) else None,
                              candidate=user if mine else None)
        make_decision(scheme=scheme, result="BK" if i % 2 else "K")
        certificate = make_certificate(holder=user if mine else None,
                                       issued_on=today - timedelta(days=400 + 30 * i))
        make_surveillance(make_certificate(issued_on=today - timedelta(days=380)),
                          status=Surveillance.Status.DIAJUKAN)
        assert certificate.pk
        file_appeal(make_decided_case(scheme=scheme, applicant=user if mine and i == 0 else None))
        make_complaint(certificate=certificate if i % 2 else None)


def _queries(client, user) -> int:
    from django.core.cache import cache

    cache.clear()  # a cold visit: the whole-table figures are counted, not read from the cache
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("dashboard")).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("role", [Role.STAF, Role.DIREKTUR, Role.ASESOR, Role.PEMOHON])
def test_dashboard_query_count_stays_flat(client, db, role):
    """1 row of each kind, then many: the dashboard asks the same number of questions."""
    scheme = load_renbang()
    user = make_user(role)
    grow_everything(scheme, user, 1)
    one = _queries(client, user)
    grow_everything(scheme, user, 6)
    assert _queries(client, user) == one


def test_assessor_sees_their_candidates_by_schedule_and_state(client, db, django_assert_max_num_queries):
    """Each candidate counted once, in the window of their test date (the session's, else the plan's)
    and the series of their state; another assessor's candidates are not counted."""
    from assessment.models import Assessment, AssessmentPlan
    from decisions.tests.factories import make_ready_assessment

    scheme = load_renbang()
    assessor = make_user(Role.ASESOR, met_number="MET.000.9 2026")
    today = timezone.localdate()
    S = Assessment.Status
    rows = [(S.PLAN_AGREED, today + timedelta(days=3)), (S.TESTING, today - timedelta(days=2)),
            (S.SUBMITTED, today - timedelta(days=10)), (S.PLAN_PROPOSED, today + timedelta(days=20)),
            (S.ASSIGNED, None), (S.PLAN_AGREED, today + timedelta(days=60))]
    for status, day in rows:
        assessment = make_ready_assessment(scheme=scheme, assessor=assessor)
        Assessment.objects.filter(pk=assessment.pk).update(status=status)
        if day is None:
            AssessmentPlan.objects.filter(assessment=assessment).delete()
        else:
            AssessmentPlan.objects.filter(assessment=assessment).update(date=day)
    make_ready_assessment(scheme=scheme)  # someone else's candidate
    client.force_login(assessor)
    with django_assert_max_num_queries(40):
        response = client.get(reverse("dashboard"))
    chart = {c.slug: c for c in response.context["charts"]}["asesi-saya-jadwal"]
    assert chart.categories == ["Belum dijadwalkan", "Sudah lewat", "7 hari ke depan", "8–30 hari ke depan",
                                "Lebih dari 30 hari"]
    assert [s.name for s in chart.series] == ["Menunggu rencana", "Siap / sedang diuji", "Selesai"]
    assert chart.rows == [("Belum dijadwalkan", [1, 0, 0]), ("Sudah lewat", [0, 1, 1]),
                          ("7 hari ke depan", [0, 1, 0]), ("8–30 hari ke depan", [1, 0, 0]),
                          ("Lebih dari 30 hari", [0, 1, 0])]
    html = response.content.decode()
    assert 'id="grafik-asesi-saya-jadwal"' in html and '<th scope="row" class="fw-normal">Sudah lewat</th>' in html


def test_staff_see_open_complaints_by_deadline(client, db):
    from complaints.models import Complaint
    from complaints.tests.factories import make_complaint
    from skema_lsp.workdays import add_working_days

    client.force_login(make_user(Role.STAF))

    def counts() -> list[int]:
        chart = {c.slug: c for c in client.get(reverse("dashboard")).context["charts"]}["pengaduan-batas-waktu"]
        assert chart.categories == ["Melewati batas", "≤ 2 hari kerja lagi", "3–5 hari kerja lagi",
                                    "> 5 hari kerja lagi"]
        return [values[0] for _, values in chart.rows]

    before = counts()  # the module's demo data may hold complaints of its own
    today = timezone.localdate()
    due = [today - timedelta(days=3), add_working_days(today, 1), add_working_days(today, 4),
           add_working_days(today, 9), add_working_days(today, 9), today - timedelta(days=1)]
    made = []
    for n, day in enumerate(due):
        complaint = make_complaint()
        status = Complaint.Status.CLOSED if n == 5 else Complaint.Status.RECEIVED  # a closed one is not counted
        Complaint.objects.filter(pk=complaint.pk).update(due_on=day, status=status)
        made.append(complaint.reference)
    after = counts()
    assert [a - b for a, b in zip(after, before, strict=True)] == [1, 1, 1, 2]
    late = {c.reference for c in client.get(reverse("complaints:staff_list"), {"terlambat": "on"}).context["page"]}
    assert made[0] in late and made[5] not in late and len(late) == after[0]  # the chart's count is the list's
