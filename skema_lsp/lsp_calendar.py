"""The LSP's own calendar (CalendarDay): closures and overrides of the national calendar, kept by
staff in the app. skema_lsp.workdays reads the table on every computation, so a deadline computed
after a change already counts it; deadlines stored earlier are not recomputed."""

from datetime import date

from django.db import transaction

from skema_lsp import audit
from skema_lsp.errors import DomainError
from skema_lsp.models import CalendarDay


def _label(is_working_day: bool) -> str:
    return "hari kerja" if is_working_day else "libur LSP"


def set_calendar_day(*, day: date, is_working_day: bool, reason: str, by) -> CalendarDay:
    """Make `day` a working day or an LSP closure, whatever the national calendar says; an entry for
    the same date is replaced (from → to in the audit row)."""
    reason = " ".join(reason.split())
    if not reason:
        raise DomainError("Keterangan wajib diisi (mis. cuti bersama LSP, rapat akhir tahun).")
    with transaction.atomic():
        entry = CalendarDay.objects.select_for_update().filter(date=day).first()
        before = _label(entry.is_working_day) if entry else ""
        if entry is None:
            entry = CalendarDay(date=day)
        entry.is_working_day, entry.reason = is_working_day, reason
        entry.save()
        audit.record(obj=entry, action="skema_lsp.calendar_day.set", by=by, from_state=before,
                     to_state=_label(is_working_day), date=day, reason=reason)
    return entry


def remove_calendar_day(*, entry: CalendarDay, by) -> None:
    """Drop an override: the date follows the national calendar again."""
    with transaction.atomic():
        locked = CalendarDay.objects.select_for_update().filter(pk=entry.pk).first()
        if locked is None:
            raise DomainError("Tanggal ini sudah tidak ada di kalender LSP.")
        audit.record(obj=locked, action="skema_lsp.calendar_day.removed", by=by,
                     from_state=_label(locked.is_working_day), date=locked.date, reason=locked.reason)
        locked.delete()
