"""Staff page: the LSP's calendar overrides (closures and extra working days) used by every
working-day deadline (skema_lsp.workdays)."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from skema_lsp import lsp_calendar
from skema_lsp.actions import act, attempt
from skema_lsp.models import CalendarDay
from skema_lsp.workdays import is_working_day

KIND_CHOICES = [("libur", "Libur LSP (bukan hari kerja)"), ("kerja", "Hari kerja (mis. hari Sabtu yang dimasukkan)")]


class CalendarDayForm(forms.Form):
    date = forms.DateField(label="Tanggal", widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(label="Jenis", choices=KIND_CHOICES, widget=forms.RadioSelect, initial="libur")
    reason = forms.CharField(label="Keterangan", max_length=200,
                             help_text="Mis. cuti bersama LSP, penutupan kantor, hari kerja pengganti.")


def _require_staff(user) -> None:
    if not (user.is_authenticated and user.is_staf):
        raise PermissionDenied


def _saved(entry: CalendarDay) -> str:
    return f"Kalender LSP: {entry.date:%d-%m-%Y} dicatat sebagai {'hari kerja' if entry.is_working_day else 'libur'}."


@login_required
def calendar_days(request):
    """The list (upcoming first, then the past) and the form that adds or replaces an entry."""
    _require_staff(request.user)
    form = CalendarDayForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        entry = attempt(request, lambda: lsp_calendar.set_calendar_day(
            day=data["date"], is_working_day=data["kind"] == "kerja", reason=data["reason"], by=request.user),
            _saved, form=form)
        if entry:
            return redirect("calendar_days")
    today = timezone.localdate()
    return render(request, "skema_lsp/calendar_days.html", {
        "form": form, "today": today, "today_is_working": is_working_day(today),
        "upcoming": CalendarDay.objects.filter(date__gte=today).order_by("date")[:200],
        "past": CalendarDay.objects.filter(date__lt=today).order_by("-date")[:50],
    })


@login_required
def calendar_day_remove(request, pk: int):
    # The role first: the calendar is the LSP's, so anyone else learns nothing from the method.
    _require_staff(request.user)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    entry = get_object_or_404(CalendarDay, pk=pk)
    return act(request, lambda: lsp_calendar.remove_calendar_day(entry=entry, by=request.user),
               f"{entry.date:%d-%m-%Y} dihapus dari kalender LSP; tanggal ini kembali mengikuti kalender nasional.",
               to="calendar_days")
