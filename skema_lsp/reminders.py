"""The reminder sweep: every stage app lists what is due from database state in its `reminders.py`
(`due(today) -> Iterable[Reminder]`, optionally `advance(today, now) -> list[str]` for date-driven state
moves), each with a fixed number of queries. The sweep claims all reminders in one insert that skips
claims already taken, reads back its own claims, and notifies only those."""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives, mailers
from django.db import models, transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone

from skema_lsp.models import Notification, SentReminder
from skema_lsp.stages import stage_modules


@dataclass(frozen=True)
class Reminder:
    kind: str
    obj: models.Model
    due_date: date
    recipient: models.Model
    subject: str
    template: str  # e.g. "appeals/email/reminder_due" (a .txt is required)
    context: dict = field(default_factory=dict, hash=False, compare=False)
    url: str = ""

    @property
    def key(self) -> tuple:
        return (self.kind, type(self.obj)._meta.label_lower, str(self.obj.pk), self.due_date, self.recipient.pk)


@dataclass
class SweepResult:
    sent: list[Reminder]
    moved: list[str]


def collect(today: date) -> list[Reminder]:
    reminders: list[Reminder] = []
    for module in stage_modules("reminders"):
        reminders.extend(module.due(today))
    return reminders


def sweep(today: date | None = None) -> SweepResult:
    today = today or timezone.localdate()
    now = timezone.now()
    moved: list[str] = []
    for module in stage_modules("reminders"):
        advance = getattr(module, "advance", None)
        if advance:
            moved.extend(advance(today, now))
    sent = claim_and_send(collect(today))
    return SweepResult(sent=sent, moved=moved)


def claim_and_send(reminders: Iterable[Reminder]) -> list[Reminder]:
    by_key = {r.key: r for r in reminders}
    if not by_key:
        return []
    token = uuid.uuid4()
    content_types = ContentType.objects.get_for_models(*{type(r.obj) for r in by_key.values()})
    with transaction.atomic():
        SentReminder.objects.bulk_create(
            [
                SentReminder(
                    kind=r.kind,
                    content_type=content_types[type(r.obj)],
                    object_id=str(r.obj.pk),
                    due_date=r.due_date,
                    recipient_id=r.recipient.pk,
                    subject=r.subject[:200],
                    claim_token=token,
                )
                for r in by_key.values()
            ],
            ignore_conflicts=True,  # PostgreSQL has no parameter limit: one INSERT however many are due
        )
        claimed = SentReminder.objects.filter(claim_token=token).select_related("content_type")
        mine = [
            by_key[
                (c.kind, f"{c.content_type.app_label}.{c.content_type.model}", c.object_id, c.due_date, c.recipient_id)
            ]
            for c in claimed
        ]
        rendered = [(r, _render(r)) for r in mine]
        Notification.objects.bulk_create(
            [
                Notification(recipient=r.recipient, subject=r.subject[:200], body=text, url=r.url)
                for r, (text, _) in rendered
            ],
        )
        transaction.on_commit(lambda: _send_all(rendered))
    return mine


def _render(reminder: Reminder) -> tuple[str, str | None]:
    context = {
        "user": reminder.recipient,
        "site_url": settings.SITE_URL,
        "url": reminder.url,
        "obj": reminder.obj,
        **reminder.context,
    }
    text = render_to_string(f"{reminder.template}.txt", context)
    try:
        html = render_to_string(f"{reminder.template}.html", context)
    except TemplateDoesNotExist:  # without its own HTML part, the text goes into the shared layout
        html = render_to_string("skema_lsp/email/reminder.html", {**context, "text": text,
                                                                   "subject": reminder.subject})
    return text, html


def staff_users() -> list:
    """Active LSP staff, the recipients of escalations (one query; callers share nothing else)."""
    from accounts.models import User
    from accounts.roles import Role

    return list(User.objects.filter(groups__name=Role.STAF, is_active=True).order_by("pk"))


def _send_all(rendered: list[tuple[Reminder, tuple[str, str | None]]]) -> None:
    messages = []
    for reminder, (text, html) in rendered:
        if not reminder.recipient.email:
            continue
        message = EmailMultiAlternatives(
            f"[{settings.LSP_NAME}] {reminder.subject}", text, to=[reminder.recipient.email]
        )
        if html:
            message.attach_alternative(html, "text/html")
        messages.append(message)
    if messages:
        mailers.default.send_messages(messages)
