"""Dashboard chart of an assessor's own candidates by state, in one query."""

from django.db.models import Count
from django.urls import reverse

from accounts.roles import Role
from assessment import queries
from assessment.models import Assessment
from skema_lsp.charts import Chart, Series

S = Assessment.Status
# Short labels: the status names are too long for a chart's row.
SHOWN = {S.PROPOSED: "Pernyataan konflik", S.ASSIGNED: "Rencana disusun", S.PLAN_PROPOSED: "Rencana ke asesi",
         S.PLAN_AGREED: "Rencana disetujui", S.TESTING: "Uji kompetensi", S.SUBMITTED: "Diserahkan ke LSP",
         S.NOT_CONTINUED: "Tidak dilanjutkan"}


def charts(user) -> list[Chart]:
    if not user.has_role(Role.ASESOR):
        return []
    counts = dict(
        queries.visible_to(user).filter(assessor=user).values_list("status").annotate(n=Count("pk")).order_by()
    )
    return [Chart(
        "asesi-saya", "Asesi saya menurut tahap", list(SHOWN.values()),
        [Series("Asesi", [counts.get(value, 0) for value in SHOWN])],
        unit="asesi", empty_text="Belum ada asesi yang ditugaskan kepada Anda.",
        links=[("Asesi saya", reverse("assessment:my_candidates"))],
    )]
