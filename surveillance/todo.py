"""What waits for the user in surveillance: a holder submits the surveillance that is due or late
(9.6.2) and returns a surveillance sent back; staff review submitted surveillances and allow or
refuse late recertification requests (9.7.1)."""

from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from skema_lsp.todo import Action, action, collect
from surveillance import queries, schedule
from surveillance.models import RecertificationRequest


def actions(user) -> list[Action]:
    parts = []
    if user.has_role(Role.PEMOHON):
        parts.append(_holder_action(user))
    if user.is_staf:
        parts += [
            action("Tinjau surveilan yang diajukan (9.6)", queries.review_queue(),
                   lambda s: (f"{s} · {s.certificate.holder_name}", reverse("surveillance:detail", args=[s.pk])),
                   reverse("surveillance:review_queue")),
            action("Izinkan atau tolak sertifikasi ulang yang terlambat (9.7.1)",
                   queries.requests_visible_to(user).filter(status=RecertificationRequest.Status.MENUNGGU_IZIN)
                   .order_by("pk"),
                   lambda r: (f"{r.certificate.number} · {r.certificate.holder_name}",
                              reverse("surveillance:recertification_detail", args=[r.pk])),
                   reverse("surveillance:recertification_list") + "?terlambat=1"),
        ]
    return collect(parts)


def _holder_action(user) -> Action | None:
    """Periods the holder can start now (due or late), on certificates in force: a holder has a few
    certificates, each with its surveillances prefetched by certificates_of."""
    today = timezone.localdate()
    items = []
    url = reverse("surveillance:my_surveillance")
    for certificate in queries.certificates_of(user):
        if certificate.effective_status(today) != certificate.Status.BERLAKU:
            continue
        rows = {row.period: row for row in certificate.surveillances.all()}
        for p in schedule.period_states(certificate, rows, today, active=True):
            if p.can_start:
                late = " (terlambat)" if p.state == "terlambat" else ""
                items.append((f"Surveilan {p.period} · {certificate.number}{late}", url))
    return Action("Ajukan surveilan yang jatuh tempo (9.6)", len(items), items) if items else None
