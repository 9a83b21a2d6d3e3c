"""The reminder sweep: every stage app lists what is due from database state in its `reminders.py`
(`due(today) -> Iterable[Reminder]`, optionally `advance(today, now) -> list[str]` for date-driven state
moves), each with a fixed number of queries. The sweep claims all reminders in one insert that skips
claims already taken, reads back its own claims, and notifies only those.

When a reminder is sent, the rule every stage follows:
- Each reminder has a day on which it falls due (the day after a surveillance due date for an overdue
  one, the day a draft has lain untouched for a week, ...). The first sweep on or after that day sends
  it, once: the claim on (kind, object, due date, recipient) is never taken twice, so nothing is
  re-sent, however long the object stays overdue.
- A sweep looks back CATCH_UP_DAYS at most. A reminder whose day passed longer ago without a sweep
  claiming it (the sweeps stopped for more than a month, data loaded with old dates, a staff member
  who joined after an escalation went out) is dropped rather than sent late.
- Stage reminders (surveillance 30 and 7 days, recertification 6 and 3 months and the deadline, an
  appeal's 5 and 2 working days) send only the latest stage reached.
So each stage reads only rows whose dates fall in the window that can be due, through range
conditions on indexed dates, and the kinds with many rows (certificates, applications, assessments)
leave out in SQL the rows whose reminder is already claimed (`claimed`): a sweep that finds
everything claimed builds nothing and writes nothing.

Emails go out after commit in batches of EMAIL_BATCH_SIZE, each batch over one connection of the
default mailer (one SMTP session, not one per message)."""

import logging
import smtplib
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives, mailers
from django.db import connection, models, transaction
from django.db.models import CharField, Exists, OuterRef, Q
from django.db.models.functions import Cast
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation

from skema_lsp.models import Notification, SentReminder
from skema_lsp.stages import stage_modules

logger = logging.getLogger(__name__)

CATCH_UP_DAYS = 30
EMAIL_BATCH_SIZE = 100


@dataclass(frozen=True)
class Reminder:
    kind: str
    obj: models.Model
    due_date: date
    recipient: models.Model
    subject: str  # or a lazy text (format_lazy): written in the recipient's language when sent
    template: str  # e.g. "appeals/email/reminder_due" (a .txt is required)
    context: dict = field(default_factory=dict, hash=False, compare=False)
    url: str = ""
    # A nudge or offer rather than the person's own process: emailed only with their `komunikasi`
    # consent (accounts/consents.py); the in-app note is kept either way.
    essential: bool = True

    @property
    def key(self) -> tuple:
        return (self.kind, type(self.obj)._meta.label_lower, str(self.obj.pk), self.due_date, self.recipient.pk)


@dataclass
class SweepResult:
    sent: list[Reminder]
    moved: list[str]


class _Probe(Exists):
    """EXISTS kept as a per-row probe: OFFSET stops PostgreSQL from turning it into a join, which it
    plans from table statistics. Those lag a burst of claims (the sweep that just claimed thousands
    of one kind), and the join it then chose compared every candidate with every claim (0.8 s for
    3,500 drafts instead of 3,500 index probes)."""

    template = "EXISTS(%(subquery)s OFFSET 0)"


def claimed(kind: str, model: type[models.Model], due_date, obj: OuterRef | None = None) -> Exists:
    """True in SQL when the `kind` reminder about the row `obj` (the outer row's pk by default) for
    `due_date` (a date or an expression) is already claimed, for any recipient: every recipient of
    one reminder is claimed in the same transaction. A probe of the claim's unique index."""
    return _Probe(SentReminder.objects.filter(
        kind=kind, content_type=ContentType.objects.get_for_model(model),
        object_id=Cast(obj or OuterRef("pk"), CharField()), due_date=due_date,
    ))


def start_of(day: date) -> datetime:
    """Midnight at the start of `day`, Asia/Jakarta."""
    return datetime.combine(day, time.min, tzinfo=timezone.get_default_timezone())


def on_days(field: str, first: date, last: date) -> Q:
    """The timestamp `field` falls on a local day in [first, last]: a range an index can serve."""
    return Q(**{f"{field}__gte": start_of(first), f"{field}__lt": start_of(last + timedelta(days=1))})


def collect(today: date) -> list[Reminder]:
    reminders: list[Reminder] = []
    with transaction.atomic():  # one snapshot for every stage, and the scope of SET LOCAL
        if connection.vendor == "postgresql":
            # The window queries probe indexes from many subplans, which the planner prices high
            # enough to JIT-compile them: 0.4 s of compiling for a query that runs in 20 ms.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
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
                    subject=_staff_subject(r)[:200],
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
                Notification(recipient=r.recipient, subject=_subject(r)[:200], body=text, url=r.url)
                for r, (text, _) in rendered
            ],
        )
        transaction.on_commit(lambda: _send_all(rendered))
    return mine


def _language(reminder: Reminder) -> str:
    return getattr(reminder.recipient, "language", "") or settings.LANGUAGE_CODE


def _subject(reminder: Reminder) -> str:
    """The subject in the recipient's language (see skema_lsp.notify)."""
    with translation.override(_language(reminder)):
        return str(reminder.subject)


def _staff_subject(reminder: Reminder) -> str:
    # The sent-reminders list is a staff page: it stays Indonesian whoever received the reminder.
    with translation.override(settings.LANGUAGE_CODE):
        return str(reminder.subject)


def _render(reminder: Reminder) -> tuple[str, str | None]:
    """Text and HTML of the email, in the recipient's language."""
    with translation.override(_language(reminder)):
        return _render_now(reminder)


def _render_now(reminder: Reminder) -> tuple[str, str | None]:
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
                                                                   "subject": str(reminder.subject)})
    return text, html


def staff_users() -> list:
    """Active LSP staff, the recipients of escalations. The group's id is looked up first: joined by
    name, the planner cannot tell the few staff from the many applicants and reads every user."""
    from django.contrib.auth.models import Group

    from accounts.models import User
    from accounts.roles import Role

    group = Group.objects.filter(name=Role.STAF).values_list("pk", flat=True).first()
    return list(User.objects.filter(groups=group, is_active=True).order_by("pk")) if group else []


def _send_all(rendered: list[tuple[Reminder, tuple[str, str | None]]]) -> None:
    from accounts.consents import email_allowed

    consenting = email_allowed({r.recipient.pk for r, _ in rendered if not r.essential})
    messages = []
    for reminder, (text, html) in rendered:
        if not reminder.recipient.email:
            continue
        if not reminder.essential and reminder.recipient.pk not in consenting:
            continue
        message = EmailMultiAlternatives(
            f"[{settings.LSP_NAME}] {_subject(reminder)}", text, to=[reminder.recipient.email]
        )
        if html:
            message.attach_alternative(html, "text/html")
        messages.append(message)
    for start in range(0, len(messages), EMAIL_BATCH_SIZE):
        batch = messages[start:start + EMAIL_BATCH_SIZE]
        try:
            with mailers.default as connection:  # one connection (SMTP session) for the whole batch
                connection.send_messages(batch)
        except (smtplib.SMTPException, OSError):
            # The reminders are claimed and in each recipient's notification list; a failed batch is
            # logged, not retried (a retry could send twice what went out before the failure).
            logger.exception("reminder emails: a batch of %d failed", len(batch))
