"""Staff pages of the scheme catalogue (login, staff role): importing elements and KUK from an
.xlsx with a preview before anything is saved, putting a new scheme version in force, adding and
editing TUKs, and verifying them (or withdrawing a verification) with a reason."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render

from schemes import services
from schemes.models import TUK, Scheme
from skema_lsp import audit

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


# --- scheme versions ------------------------------------------------------------------------------


class SchemeVersionForm(forms.Form):
    note = forms.CharField(label="Uraian perubahan", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
                           help_text="Apa yang berubah dibanding versi sebelumnya (mis. unit, KUK, persyaratan).")
    effective_on = forms.DateField(label="Berlaku sejak", required=False, help_text="Kosongkan untuk hari ini.",
                                   widget=forms.DateInput(attrs={"type": "date"}))


@login_required
def scheme_versions(request, code: str):
    """The scheme's versions and the form that puts a new one in force. Documents already issued keep
    the version they were issued under."""
    _require_staff(request.user)
    scheme = get_object_or_404(Scheme, code=code)
    form = SchemeVersionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.publish_scheme_version(scheme=scheme, note=form.cleaned_data["note"], by=request.user,
                                                      effective_on=form.cleaned_data["effective_on"])
        except services.SchemeVersionError as error:
            form.add_error("note", str(error))
        else:
            messages.success(request, f"Versi {version.number} skema {scheme.name} berlaku. Sertifikat yang sudah "
                                      f"terbit tetap dengan versinya.")
            return redirect("schemes:versions", code=scheme.code)
    return render(request, "schemes/scheme_versions.html", {
        "scheme": scheme, "form": form, "versions": scheme.versions.select_related("created_by"),
    })


# --- TUK verification -----------------------------------------------------------------------------


class TukDecisionForm(forms.Form):
    reason = forms.CharField(label="Alasan", widget=forms.Textarea(attrs={"rows": 3}), max_length=500,
                             help_text="Wajib: dasar verifikasi (hasil pemeriksaan) atau alasan pencabutan.")


class TukForm(forms.ModelForm):
    class Meta:
        model = TUK
        fields = ["name", "kind", "address", "contact"]
        labels = {"name": "Nama TUK", "kind": "Jenis TUK", "address": "Alamat lengkap", "contact": "Kontak"}
        help_texts = {"contact": "Nama penanggung jawab dan nomor telepon atau surel (boleh dikosongkan).",
                      "address": "Alamat tempat uji; mengubah alamat TUK terverifikasi dicatat di riwayat."}
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"name": {"required": "Nama TUK wajib diisi."},
                          "address": {"required": "Alamat TUK wajib diisi."},
                          "kind": {"required": "Pilih jenis TUK.",
                                   "invalid_choice": "Pilih jenis TUK dari daftar."}}


def _save_tuk(form: TukForm, save) -> TUK | None:
    """Run the service on a valid form; a refusal goes back onto the form, with everything typed kept."""
    if not form.is_valid():
        return None
    try:
        return save(form.cleaned_data)
    except services.TUKError as error:
        form.add_error(None, str(error))
        return None


@login_required
def tuk_create(request):
    """A new TUK, unverified until the separate verification with its reason."""
    _require_staff(request.user)
    form = TukForm(request.POST or None)
    if request.method == "POST":
        tuk = _save_tuk(form, lambda data: services.create_tuk(by=request.user, values=data))
        if tuk is not None:
            messages.success(request, f"{tuk.name} ditambahkan. TUK ini belum terverifikasi: verifikasi dengan "
                                      f"dasar pemeriksaannya sebelum dipakai untuk jadwal uji.")
            return redirect("schemes:tuk_detail", pk=tuk.pk)
    return render(request, "schemes/tuk_form.html", {"form": form, "tuk": None})


@login_required
def tuk_edit(request, pk: int):
    """Name, kind, address and contact. The verification is untouched: withdrawing it is its own
    action with a reason on the TUK's page; every change is in the TUK's history."""
    _require_staff(request.user)
    tuk = get_object_or_404(TUK, pk=pk)
    form = TukForm(request.POST or None, instance=TUK.objects.get(pk=tuk.pk))
    if request.method == "POST":
        saved = _save_tuk(form, lambda data: services.update_tuk(tuk=tuk, by=request.user, values=data))
        if saved is not None:
            messages.success(request, f"Data {saved.name} disimpan." + (
                " Status verifikasinya tetap; perubahan tercatat di riwayat." if saved.is_verified else ""))
            return redirect("schemes:tuk_detail", pk=tuk.pk)
    return render(request, "schemes/tuk_form.html", {"form": form, "tuk": tuk})


@login_required
def tuk_list(request):
    _require_staff(request.user)
    return render(request, "schemes/tuk_list.html", {"tuks": TUK.objects.select_related("verified_by")})


@login_required
def tuk_detail(request, pk: int):
    """One TUK with its verification history; POST verifies or withdraws the verification, with a reason."""
    _require_staff(request.user)
    tuk = get_object_or_404(TUK, pk=pk)
    form = TukDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        try:
            if tuk.is_verified:
                services.revoke_tuk_verification(tuk=tuk, by=request.user, reason=reason)
                messages.success(request, f"Verifikasi {tuk.name} dicabut; TUK ini tidak dapat dipakai untuk "
                                          f"jadwal uji.")
            else:
                services.verify_tuk(tuk=tuk, by=request.user, reason=reason)
                messages.success(request, f"{tuk.name} terverifikasi dan dapat dipakai untuk jadwal uji.")
        except services.TUKError as error:
            form.add_error("reason", str(error))
        else:
            return redirect("schemes:tuk_detail", pk=tuk.pk)
    return render(request, "schemes/tuk_detail.html", {"tuk": tuk, "form": form, "timeline": audit.timeline(tuk)})
