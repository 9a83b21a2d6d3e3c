"""The appeals stage's dashboard panels: staff see what waits for a panel and what is overdue
(escalation, 9.9.6); panel members what waits for their opinion; candidates their appeals."""

from django.urls import reverse
from django.utils import timezone

from appeals import permissions, queries
from appeals.models import Appeal

PANEL = "_panel.html"


def panels(user) -> list[tuple[str, dict]]:
    result = []
    if permissions.is_staff(user):
        result.append(_staff_panel())
    if permissions.is_panel_user(user):
        result.append(_panel_member_panel(user))
    if permissions.is_candidate(user) and Appeal.objects.filter(appellant=user).exists():
        result.append((PANEL, {
            "title": "Banding saya",
            "text": "Status banding Anda dan batas waktu keputusannya.",
            "links": [("Lihat banding", reverse("appeals:my_appeals"))],
            "stats": [("Sedang diproses", Appeal.objects.filter(appellant=user,
                                                               status__in=Appeal.OPEN_STATUSES).count())],
        }))
    return result


def _staff_panel() -> tuple[str, dict]:
    today = timezone.localdate()
    overdue = list(queries.overdue(today).select_related("appellant").order_by("due_on")[:10])
    overdue_count = queries.overdue(today).count()
    return ("appeals/_dashboard_staff.html", {
        "title": "Banding",
        "overdue": overdue,
        "overdue_count": overdue_count,
        "stats": [
            ("Menunggu tim banding", Appeal.objects.filter(status=Appeal.Status.RECEIVED).count()),
            ("Diperiksa", Appeal.objects.filter(status=Appeal.Status.UNDER_REVIEW).count()),
            ("Melewati batas waktu", overdue_count),
            ("Menunggu tindak lanjut", Appeal.objects.filter(status=Appeal.Status.UPHELD).count()),
        ],
        "links": [("Daftar banding", reverse("appeals:staff_list")),
                  ("Yang terlambat", reverse("appeals:staff_list") + "?terlambat=1")],
    })


def _panel_member_panel(user) -> tuple[str, dict]:
    return (PANEL, {
        "title": "Tim banding",
        "text": "Banding yang menunggu pendapat Anda.",
        "stats": [("Menunggu pendapat saya", queries.awaiting_vote(user).count())],
        "links": [("Banding saya", reverse("appeals:panel_list"))],
    })
