"""Views for the paperwork exchanged with BNSP (decisions/bnsp.py): the blanko request package of an
approved SK and the registration numbers that come back. Staff only."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from decisions import bnsp, queries
from decisions.permissions import is_staff


class BnspNumberForm(forms.Form):
    bnsp_number = forms.CharField(label="Nomor registrasi BNSP", max_length=80)


class ReturnedListForm(forms.Form):
    berkas = forms.FileField(label="Daftar nomor registrasi dari BNSP (.xlsx)",
                             help_text="Baris pertama: " + ", ".join(bnsp.RETURN_COLUMNS) + ".")


def _require_staff(request) -> None:
    if not is_staff(request.user):
        raise PermissionDenied


@login_required
def blanko_package(request, pk: int):
    letter = get_object_or_404(queries.letters_visible_to(request.user), pk=pk)
    _require_staff(request)
    try:
        content = bnsp.blanko_package(letter=letter, by=request.user)
    except bnsp.BnspError as error:
        messages.error(request, str(error))
        return redirect(letter)
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{bnsp.package_name(letter)}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def certificate_bnsp_number(request, pk: int):
    certificate = get_object_or_404(queries.certificates_visible_to(request.user), pk=pk)
    _require_staff(request)
    form = BnspNumberForm(request.POST)
    if form.is_valid():
        try:
            bnsp.record_bnsp_number(certificate=certificate, number=form.cleaned_data["bnsp_number"], by=request.user)
            messages.success(request, "Nomor registrasi BNSP dicatat; PDF sertifikat dibuat ulang dengan nomor itu.")
        except bnsp.BnspError as error:
            messages.error(request, str(error))
    else:
        messages.error(request, "Nomor registrasi BNSP wajib diisi (maksimal 80 karakter).")
    return redirect(certificate)


@login_required
def returned_list_upload(request):
    _require_staff(request)
    form, result = ReturnedListForm(request.POST or None, request.FILES or None), None
    if request.method == "POST" and form.is_valid():
        try:
            result = bnsp.import_bnsp_numbers(upload=form.cleaned_data["berkas"], by=request.user)
        except bnsp.BnspError as error:
            form.add_error("berkas", str(error))
        if result and result.recorded:
            messages.success(request, f"{len(result.recorded)} nomor registrasi BNSP dicatat.")
            return redirect("decisions:bnsp_numbers")
    return render(request, "decisions/bnsp_numbers.html", {"form": form, "result": result})
