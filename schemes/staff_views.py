"""Staff pages of the scheme catalogue (login, staff role): importing elements and KUK from an
.xlsx with a preview before anything is saved."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from schemes import services
from schemes.models import Scheme

SESSION_KEY = "schemes.kuk_import"


class KukUploadForm(forms.Form):
    scheme = forms.ModelChoiceField(label="Skema", queryset=Scheme.objects.order_by("name"))
    berkas = forms.FileField(label="Berkas elemen dan KUK (.xlsx)",
                             help_text="Baris pertama: " + ", ".join(services.KUK_COLUMNS) + ".")


def _require_staff(user) -> None:
    if not (user.is_authenticated and user.is_staf):
        raise PermissionDenied


@login_required
def kuk_import(request):
    """Upload → preview (counts and rows, or an error per bad row) → confirm. The parsed rows wait in
    the session between the two steps; nothing is saved before the confirmation."""
    _require_staff(request.user)
    pending = request.session.get(SESSION_KEY)
    if request.method == "POST" and "confirm" in request.POST and pending:
        scheme = Scheme.objects.filter(pk=pending["scheme"]).first()
        if scheme is None:
            raise PermissionDenied
        try:
            result = services.import_kuk_rows(scheme=scheme, rows=pending["rows"], by=request.user)
        except services.KukImportError as error:
            messages.error(request, str(error))
            return redirect("schemes:kuk_import")
        del request.session[SESSION_KEY]
        messages.success(request, f"Impor selesai: {result.elements_created} elemen dan {result.criteria_created} "
                                  f"KUK baru, {result.elements_updated} elemen dan {result.criteria_updated} KUK "
                                  f"diperbarui.")
        return redirect("schemes:detail", code=scheme.code)
    form = KukUploadForm(request.POST or None, request.FILES or None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        scheme = form.cleaned_data["scheme"]
        try:
            rows = services.read_kuk_xlsx(form.cleaned_data["berkas"], max_bytes=settings.UPLOAD_MAX_BYTES)
        except services.KukImportError as error:
            form.add_error("berkas", str(error))
            return render(request, "schemes/kuk_import.html", context)
        errors = services.row_errors(scheme=scheme, rows=rows)
        context.update(scheme=scheme, rows=rows, errors=errors)
        if not errors:
            context["preview"] = services.preview_kuk_import(scheme=scheme, rows=rows)
            request.session[SESSION_KEY] = {"scheme": scheme.pk, "rows": rows}
    return render(request, "schemes/kuk_import.html", context)
