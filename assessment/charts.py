"""Dashboard charts of an assessor's own candidates: by state, and by when they are scheduled (the
test session's date, else the agreed plan's) with their state; one query each."""

from datetime import timedelta

from django.db.models import Count, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from assessment import queries
from assessment.models import Assessment
from skema_lsp.charts import Chart, Series

S = Assessment.Status
# Short labels: the status names are too long for a chart's row.
SHOWN = {S.PROPOSED: "Pernyataan konflik", S.ASSIGNED: "Rencana disusun", S.PLAN_PROPOSED: "Rencana ke asesi",
         S.PLAN_AGREED: "Rencana disetujui", S.TESTING: "Uji kompetensi", S.SUBMITTED: "Diserahkan ke LSP",
         S.NOT_CONTINUED: "Tidak dilanjutkan"}
# The schedule chart's series: what the assessor still has to do for the candidate.
STATES = {
    "rencana": ("Menunggu rencana", (S.PROPOSED, S.ASSIGNED, S.PLAN_PROPOSED), "s3"),
    "uji": ("Siap / sedang diuji", (S.PLAN_AGREED, S.TESTING), "s1"),
    "selesai": ("Selesai", (S.SUBMITTED, S.NOT_CONTINUED), "s2"),
}
WHEN = {"none": "Belum dijadwalkan", "past": "Sudah lewat", "week": "7 hari ke depan",
        "month": "8–30 hari ke depan", "later": "Lebih dari 30 hari"}


def charts(user) -> list[Chart]:
    if not user.has_role(Role.ASESOR):
        return []
    mine = queries.visible_to(user).filter(assessor=user)
    counts = dict(mine.values_list("status").annotate(n=Count("pk")).order_by())
    return [Chart(
        "asesi-saya", "Asesi saya menurut tahap", list(SHOWN.values()),
        [Series("Asesi", [counts.get(value, 0) for value in SHOWN])],
        unit="asesi", empty_text="Belum ada asesi yang ditugaskan kepada Anda.",
        links=[("Asesi saya", reverse("assessment:my_candidates"))],
    ), _by_schedule(mine)]


def _by_schedule(mine) -> Chart:
    today = timezone.localdate()
    week, month = today + timedelta(days=7), today + timedelta(days=30)
    windows = {
        "none": Q(day__isnull=True), "past": Q(day__lt=today), "week": Q(day__gte=today, day__lte=week),
        "month": Q(day__gt=week, day__lte=month), "later": Q(day__gt=month),
    }
    counts = mine.annotate(day=Coalesce("session__date", "plan__date")).aggregate(**{
        f"{when}_{state}": Count("pk", filter=window & Q(status__in=statuses))
        for when, window in windows.items() for state, (_, statuses, _) in STATES.items()
    })
    return Chart(
        "asesi-saya-jadwal", "Asesi saya menurut jadwal uji dan tahap", list(WHEN.values()),
        [Series(label, [counts[f"{when}_{state}"] for when in WHEN], css)
         for state, (label, _, css) in STATES.items()],
        caption="Jadwal: tanggal sesi uji, atau tanggal pada rencana asesmen yang disetujui.",
        unit="asesi", empty_text="Belum ada asesi yang ditugaskan kepada Anda.",
        links=[("Asesi saya", reverse("assessment:my_candidates"))],
    )
