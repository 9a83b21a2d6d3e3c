from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from schemes.models import Scheme
from skema_lsp.uploads import ACCEPT, ValidatedUpload, validate_upload
from surveillance.models import Confirmation, LogbookEntry, RecertificationRequest, Surveillance
from surveillance.queries import STATUS_FILTERS, RegisterFilter
from surveillance.services import ReviewInput


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class UploadCleanMixin:
    """Runs registration's content checks; the checked upload is kept in `self.upload`."""

    upload: ValidatedUpload | None = None

    def _clean_upload(self, field: str, required: bool):
        uploaded = self.cleaned_data.get(field)
        if not uploaded:
            if required:
                raise ValidationError("Pilih berkas yang akan diunggah.")
            return None
        self.upload = validate_upload(uploaded)
        return uploaded


class LogbookForm(UploadCleanMixin, forms.ModelForm):
    attachment = forms.FileField(label="Lampiran (opsional: PDF, JPEG atau PNG)", required=False,
                                 widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}))

    class Meta:
        model = LogbookEntry
        fields = ["date", "activity", "role", "output"]
        widgets = {"date": DateInput()}

    def clean_date(self):
        value = self.cleaned_data["date"]
        if value > timezone.localdate():
            raise ValidationError("Tanggal kegiatan tidak boleh di masa depan.")
        return value

    def clean_attachment(self):
        return self._clean_upload("attachment", required=False)


class ConfirmationForm(UploadCleanMixin, forms.ModelForm):
    letter = forms.FileField(label="Surat konfirmasi bertanda tangan (PDF, JPEG atau PNG)",
                             widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}))

    class Meta:
        model = Confirmation
        fields = ["name", "position", "contact"]

    def __init__(self, *args, kind: str, **kwargs):
        self.kind = kind
        kwargs.setdefault("prefix", kind)
        super().__init__(*args, **kwargs)

    def clean_letter(self):
        return self._clean_upload("letter", required=True)


class SubmitForm(forms.Form):
    note = forms.CharField(
        label="Catatan untuk LSP (opsional)", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReviewForm(forms.Form):
    method_logbook = forms.BooleanField(label="Analisis logbook", required=False)
    method_supervisor = forms.BooleanField(label="Konfirmasi atasan langsung", required=False)
    method_third_party = forms.BooleanField(label="Konfirmasi pihak ketiga", required=False)
    method_visit = forms.BooleanField(label="Kunjungan tempat kerja", required=False)
    visit_date = forms.DateField(label="Tanggal kunjungan", required=False, widget=DateInput())
    visit_notes = forms.CharField(label="Catatan kunjungan", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    result = forms.ChoiceField(label="Hasil surveilan", choices=Surveillance.Result.choices, widget=forms.RadioSelect)
    findings = forms.CharField(label="Temuan", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    follow_up = forms.ChoiceField(label="Tindak lanjut", choices=Surveillance.FollowUp.choices)
    follow_up_note = forms.CharField(
        label="Catatan tindak lanjut", required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Wajib bila sertifikat dibekukan: menjadi alasan pembekuan.",
    )

    def to_input(self) -> ReviewInput:
        data = self.cleaned_data
        return ReviewInput(**{field: data[field] for field in ReviewInput.__dataclass_fields__})


class ReturnForm(forms.Form):
    note = forms.CharField(label="Yang perlu dilengkapi", widget=forms.Textarea(attrs={"rows": 2}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Alasan", widget=forms.Textarea(attrs={"rows": 2}))


class RegisterFilterForm(forms.Form):
    scheme = forms.ModelChoiceField(label="Skema", queryset=Scheme.objects.all(), required=False, empty_label="Semua")
    status = forms.ChoiceField(label="Status", choices=[("", "Semua"), *STATUS_FILTERS.items()], required=False)
    overdue = forms.BooleanField(label="Surveilan terlambat", required=False)
    expiring = forms.IntegerField(label="Berakhir dalam (bulan)", min_value=0, max_value=120, required=False)
    q = forms.CharField(label="Nomor / nama", required=False)

    def to_filter(self) -> RegisterFilter:
        if not self.is_valid():
            return RegisterFilter()
        data = self.cleaned_data
        return RegisterFilter(
            scheme_id=data["scheme"].pk if data["scheme"] else None, status=data["status"],
            overdue=data["overdue"], expiring_months=data["expiring"], search=data["q"],
        )


class OpenForm(forms.Form):
    reason = forms.CharField(label="Alasan", max_length=500)


class ReviewQueueFilterForm(forms.Form):
    """Filters of the review queue (GET: they stay in the URL)."""

    q = forms.CharField(label="Cari nomor, pemegang atau sertifikat", required=False, max_length=100)
    scheme = forms.ModelChoiceField(label="Skema", queryset=Scheme.objects.all(), required=False, empty_label="Semua")


class RecertificationFilterForm(forms.Form):
    q = forms.CharField(label="Cari pemegang atau sertifikat", required=False, max_length=100)
    status = forms.ChoiceField(label="Status", required=False,
                               choices=[("", "Semua"), *RecertificationRequest.Status.choices])
    terlambat = forms.BooleanField(label="Hanya yang terlambat dan menunggu izin", required=False)
