"""Staff pages: the assessors' MET registration (number and end date). Assignment refuses an
assessor whose registration has lapsed (services.assessor_refusal); staff keep it current here."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from accounts.services import update_met_registration
from skema_lsp import audit
from skema_lsp.actions import attempt


class MetForm(forms.Form):
    met_number = forms.CharField(
        label="Nomor registrasi MET", max_length=40,
        help_text="Seperti tertulis pada sertifikat asesor dari BNSP, mis. MET.000.012345 2019.")
    met_valid_until = forms.DateField(label="Berlaku sampai", widget=forms.DateInput(attrs={"type": "date"}),
                                      help_text="Sesudah tanggal ini asesor tidak dapat ditugaskan.")


def _require_staff(user) -> None:
    if not (user.is_authenticated and user.is_staf):
        raise PermissionDenied


def _assessors():
    return User.objects.filter(groups__name=Role.ASESOR).distinct()


@login_required
def assessor_list(request):
    _require_staff(request.user)
    return render(request, "assessment/assessor_list.html", {
        "assessors": _assessors().order_by("full_name", "username"), "today": timezone.localdate(),
    })


@login_required
def assessor_met(request, pk: int):
    _require_staff(request.user)
    assessor = get_object_or_404(_assessors(), pk=pk)
    form = MetForm(request.POST or None, initial={"met_number": assessor.met_number,
                                                  "met_valid_until": assessor.met_valid_until})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = attempt(request, lambda: update_met_registration(
            assessor=assessor, number=data["met_number"], valid_until=data["met_valid_until"], by=request.user),
            f"Registrasi MET {assessor.display_name} disimpan.", form=form)
        if done:
            return redirect("assessment:assessor_met", pk=assessor.pk)
    history = audit.timeline(assessor).filter(action="accounts.user.met_updated")
    return render(request, "assessment/assessor_met.html", {
        "assessor": assessor, "form": form, "timeline": history, "today": timezone.localdate(),
    })
