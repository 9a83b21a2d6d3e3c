from django import forms
from django.core.exceptions import ValidationError

from accounts.models import User
from accounts.roles import Role
from appeals.models import Appeal
from decisions.models import competence_summary
from skema_lsp.uploads import ACCEPT, validate_upload

YES_NO = [("ya", "Ya"), ("tidak", "Tidak")]
MAX_ATTACHMENTS = 5


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by content with registration's validate_upload."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, (list, tuple)) else [data]) if f]
        if len(files) > MAX_ATTACHMENTS:
            raise ValidationError(f"Lampiran paling banyak {MAX_ATTACHMENTS} berkas.")
        uploads, errors = [], []
        for uploaded in files:
            try:
                uploads.append(validate_upload(uploaded))
            except ValidationError as exc:
                errors.extend(f"{uploaded.name}: {message}" for message in exc.messages)
        if errors:
            raise ValidationError(errors)
        return uploads


def _yes_no(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(label=label, choices=YES_NO, widget=forms.RadioSelect,
                                  coerce=lambda value: value == "ya")


class FilingForm(forms.Form):
    """FR.AK.04 Banding Asesmen."""

    process_explained = _yes_no("Apakah proses banding telah dijelaskan kepada Anda?")
    discussed_with_assessor = _yes_no("Apakah Anda telah mendiskusikan banding dengan asesor?")
    involves_other_person = _yes_no("Apakah Anda akan melibatkan orang lain untuk membantu dalam proses banding?")
    reasons = forms.CharField(
        label="Banding ini diajukan atas alasan sebagai berikut", widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Anda berhak mengajukan banding jika menilai proses asesmen tidak sesuai SOP dan tidak "
                  "memenuhi prinsip asesmen.",
    )
    attachments = MultipleFileField(label="Lampiran pendukung (opsional)", required=False,
                                    help_text="PDF, JPEG atau PNG, maksimal 5 berkas.")

    def clean_reasons(self):
        reasons = self.cleaned_data["reasons"].strip()
        if len(reasons) < 10:
            raise ValidationError("Uraikan alasan banding Anda (minimal 10 karakter).")
        return reasons


class MemberChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        # 9.4.3: the chooser sees each member's competence record next to the name.
        return f"{obj.display_name} — {competence_summary(obj)}"


class PanelForm(forms.Form):
    members = MemberChoiceField(
        label="Anggota tim banding", queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple,
        help_text="Hanya personel yang tidak terlibat dalam perkara (9.9.4).",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = (
            User.objects.filter(groups__name=Role.TIM_BANDING, is_active=True).distinct().order_by("username")
            .prefetch_related("competence_records")
        )


class VoteForm(forms.Form):
    result = forms.ChoiceField(label="Pendapat Anda", choices=Appeal.Outcome.choices, widget=forms.RadioSelect)
    reasons = forms.CharField(label="Alasan", widget=forms.Textarea(attrs={"rows": 4}))


class RemedyForm(forms.Form):
    remedy = forms.ChoiceField(label="Tindak lanjut banding yang dikabulkan", choices=Appeal.Remedy.choices,
                               widget=forms.RadioSelect)
    note = forms.CharField(label="Catatan", widget=forms.Textarea(attrs={"rows": 3}), required=False,
                           help_text="Keputusan koreksi ditetapkan rapat tim teknis (9.4.2) dan disampaikan dengan SK "
                                     "(9.4.5); catatan ini dibaca rapat. Wajib untuk keputusan koreksi.")

    def clean(self):
        data = super().clean()
        if data.get("remedy") == Appeal.Remedy.CORRECTED_DECISION and not (data.get("note") or "").strip():
            self.add_error("note", "Tuliskan catatan untuk rapat tim teknis.")
        return data


class StaffListFilterForm(forms.Form):
    q = forms.CharField(label="Cari nomor atau nama", required=False, max_length=100)
    status = forms.ChoiceField(label="Status", required=False, choices=[("", "Semua"), *Appeal.Status.choices])
    terlambat = forms.BooleanField(label="Melewati batas waktu saja", required=False)
