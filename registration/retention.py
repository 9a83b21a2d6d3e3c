"""Retention of identity files: KTP scans and pas photos (and their print copies) are kept while
their purpose lasts and for a retention period after it, then destroyed by a scheduled job with a
row in the destruction log (UU PDP 27/2022, Pasal 43-44: data is destroyed once its retention
period ends; before then it may not be deleted, also not in the admin).

The purpose of an application's identity files ends when the application is decided (accepted or
rejected), or, for a draft or returned application, when it was last touched. The period is the
scheme's certification cycle (its validity, 3 years) plus PERSONAL_ID_RETENTION_EXTRA_MONTHS
(default 12), or PERSONAL_ID_RETENTION_MONTHS in total when that is set (README, Configuration)."""

from datetime import date

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from registration.models import Application, Evidence, PersonalFileDestruction
from skema_lsp import audit
from skema_lsp.errors import DomainError

PERSONAL_ID = (Q(required_document__is_image=True) | Q(required_document__code__icontains="ktp")
               | Q(required_document__code__icontains="foto"))
IN_PROCESS = (Application.Status.SUBMITTED,)


class RetentionError(DomainError):
    pass


def retention_months(scheme) -> int:
    if settings.PERSONAL_ID_RETENTION_MONTHS is not None:
        return settings.PERSONAL_ID_RETENTION_MONTHS
    return scheme.validity_years * 12 + settings.PERSONAL_ID_RETENTION_EXTRA_MONTHS


def purpose_ended_on(application: Application) -> date | None:
    """None while the application is still being processed (submitted, waiting for staff)."""
    if application.status in IN_PROCESS:
        return None
    moment = application.decided_at or application.updated_at
    return timezone.localtime(moment).date()


def retention_until(evidence: Evidence) -> date | None:
    """The last day an identity file must be kept; None while its purpose lasts."""
    ended = purpose_ended_on(evidence.application)
    if ended is None:
        return None
    return ended + relativedelta(months=retention_months(evidence.application.scheme))


def refuse_early_deletion(evidence: Evidence, today: date | None = None) -> None:
    if not evidence.is_personal_id or evidence.destroyed_at is not None or not evidence.file:
        return
    until = retention_until(evidence)
    if until is None or (today or timezone.localdate()) <= until:
        shown = until.strftime("%d-%m-%Y") if until else "tujuan pemrosesan berakhir"
        raise RetentionError(
            f"Berkas identitas «{evidence.original_name}» masih dalam masa retensi (sampai {shown}) dan tidak "
            "boleh dihapus. Berkas dimusnahkan otomatis setelah masa retensinya berakhir."
        )


def destroy_personal_file(*, evidence: Evidence, by=None, today: date | None = None) -> PersonalFileDestruction:
    """Destroy one identity file whose retention period has ended: the file and its print copy leave
    storage, the evidence row stays (without a file) and the destruction log gets a row."""
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = Evidence.objects.select_for_update(of=("self",)).select_related(
            "application__scheme", "required_document").get(pk=evidence.pk)
        if not locked.is_personal_id:
            raise RetentionError("Hanya berkas identitas (KTP, pas foto) yang dimusnahkan menurut masa retensi.")
        if locked.destroyed_at is not None:
            raise RetentionError(f"Berkas «{locked.original_name}» sudah dimusnahkan.")
        until = retention_until(locked)
        if until is None or today <= until:
            refuse_early_deletion(locked, today)
        names = [(field.storage, field.name) for field in (locked.file, locked.print_copy) if field]
        record = PersonalFileDestruction.objects.create(
            evidence=locked, application=locked.application, document=str(locked.required_document),
            sha256=locked.sha256, retention_until=until, destroyed_by=by if getattr(by, "is_authenticated", False)
            else None,
        )
        Evidence.objects.filter(pk=locked.pk).update(file="", print_copy="", destroyed_at=timezone.now())
        audit.record(obj=locked, action="registration.evidence.destroyed", by=by, application=locked.application_id,
                     document=locked.required_document.code, retention_until=until)
        # The bytes go once the log row is committed: a rolled-back destruction leaves the file in place.
        transaction.on_commit(lambda: [storage.delete(name) for storage, name in names])
    return record


def expired_personal_files(today: date):
    """Identity files not yet destroyed whose application's purpose has ended; the caller keeps those
    whose retention period is over (it depends on each scheme's cycle)."""
    candidates = (
        Evidence.objects.filter(PERSONAL_ID, destroyed_at__isnull=True).exclude(file="")
        .exclude(application__status__in=IN_PROCESS).select_related("application__scheme", "required_document")
        .order_by("pk")
    )
    return [e for e in candidates.iterator(chunk_size=500) if (until := retention_until(e)) and until < today]


def destroy_expired(today: date | None = None) -> list[PersonalFileDestruction]:
    """The scheduled job (beat, daily): destroy every identity file whose retention period has ended."""
    today = today or timezone.localdate()
    return [destroy_personal_file(evidence=evidence, today=today) for evidence in expired_personal_files(today)]
