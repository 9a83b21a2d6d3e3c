"""What waits for the user in appeals: staff form the panel of a received appeal (9.9.4), act on
overdue appeals (9.9.6) and carry out an upheld one; panel members give their opinion."""

from django.urls import reverse
from django.utils import timezone

from appeals import permissions, queries
from appeals.models import Appeal
from skema_lsp.todo import Action, action, collect


def _item(appeal: Appeal) -> tuple[str, str]:
    return f"{appeal.reference} · {appeal.appellant.display_name}", reverse("appeals:detail", args=[appeal.pk])


def actions(user) -> list[Action]:
    parts = []
    if permissions.is_staff(user):
        listing = reverse("appeals:staff_list")
        base = Appeal.objects.select_related("appellant").order_by("due_on", "pk")
        parts += [
            action("Bentuk tim banding (9.9.4)", base.filter(status=Appeal.Status.RECEIVED),
                   _item, listing),
            action("Banding melewati batas waktu (9.9.6)",
                   base.filter(pk__in=queries.overdue(timezone.localdate()).values("pk")), _item,
                   listing + "?terlambat=1"),
            action("Tindak lanjuti banding yang dikabulkan", base.filter(status=Appeal.Status.UPHELD),
                   _item, listing),
        ]
    if permissions.is_panel_user(user):
        parts.append(action("Berikan pendapat banding",
                            Appeal.objects.filter(pk__in=queries.awaiting_vote(user).values("pk"))
                            .select_related("appellant").order_by("due_on", "pk"),
                            _item,
                            reverse("appeals:panel_list")))
    return collect(parts)
