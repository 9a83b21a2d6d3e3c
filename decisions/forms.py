from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from decisions.models import (
    CompetenceRecord,
    Decision,
    DecisionLetter,
    SuspensionCategory,
    TechnicalMeeting,
    Violation,
    competence_summary,
)
from schemes.models import Scheme
from skema_lsp.uploads import ACCEPT


class DateInput(forms.DateInput):
    input_type = "date"


class TimeInput(forms.TimeInput):
    input_type = "time"


class MemberChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class MemberWithCompetenceField(MemberChoiceField):
    """A member as the chooser sees them: name and competence record (9.4.3)."""

    def label_from_instance(self, obj):
        return f"{obj.display_name} — {competence_summary(obj)}"


class MeetingForm(forms.ModelForm):
    members = MemberWithCompetenceField(
        queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple, label="Anggota tim teknis",
        help_text="Dengan rekaman kompetensinya (9.4.3).",
    )

    class Meta:
        model = TechnicalMeeting
        fields = ["date", "start_time", "place", "members", "notes"]
        widgets = {"date": DateInput(), "start_time": TimeInput(), "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = User.objects.filter(
            groups__name=Role.TIM_TEKNIS, is_active=True
        ).order_by("full_name", "username").prefetch_related("competence_records")


class AddCandidateForm(forms.Form):
    assessment = forms.ModelChoiceField(queryset=None, label="Asesi (rekaman asesmen lengkap)")

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessment"].queryset = queryset
        self.fields["assessment"].label_from_instance = lambda a: (
            f"{a.application.full_name or a.candidate.display_name} · {a.application.scheme.name} · "
            f"rekomendasi {a.get_recommendation_display()}"
        )


class CloseMeetingForm(forms.Form):
    attendees = MemberChoiceField(queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple,
                                  label="Anggota yang hadir (dicantumkan dalam Berita Acara)")

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = meeting.members.order_by("full_name", "username")


class VoteForm(forms.Form):
    result = forms.ChoiceField(choices=Decision.Result.choices, widget=forms.RadioSelect, label="Keputusan")
    notes = forms.CharField(label="Catatan", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class SuspensionForm(forms.Form):
    category = forms.ChoiceField(label="Kategori alasan (tampil pada verifikasi publik)",
                                 choices=SuspensionCategory.choices)
    note = forms.CharField(label="Catatan pembekuan (hanya untuk staf dan pemegang, tidak dipublikasikan)",
                           max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    deadline = forms.DateField(label="Batas perbaikan", widget=DateInput(), required=False,
                               help_text="Kosongkan untuk memakai batas bawaan. Bila terlewati tanpa pemulihan, "
                                         "pembekuan diusulkan menjadi pencabutan kepada Direktur.")

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline and deadline <= timezone.localdate():
            raise ValidationError("Batas perbaikan harus setelah hari ini.")
        return deadline


class CompetenceForm(forms.Form):
    person = forms.ModelChoiceField(label="Personel", queryset=User.objects.none())
    kind = forms.ChoiceField(label="Jenis", choices=CompetenceRecord.Kind.choices)
    title = forms.CharField(label="Kualifikasi / pelatihan", max_length=200)
    issuer = forms.CharField(label="Lembaga penerbit / penyelenggara", max_length=200, required=False)
    obtained_on = forms.DateField(label="Tanggal", widget=DateInput())
    document = forms.FileField(label="Dokumen (PDF, JPEG atau PNG, opsional)", required=False,
                               widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}))

    def __init__(self, *args, **kwargs):
        from decisions.services import competence_people

        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = competence_people()
        self.fields["person"].label_from_instance = lambda u: u.display_name

    def clean_obtained_on(self):
        day = self.cleaned_data["obtained_on"]
        if day > timezone.localdate():
            raise ValidationError("Tanggal tidak boleh di masa depan.")
        return day

    def clean_document(self):
        from skema_lsp.uploads import validate_upload

        uploaded = self.cleaned_data.get("document")
        return validate_upload(uploaded) if uploaded else None


class LapsedSuspensionForm(forms.Form):
    approve = forms.TypedChoiceField(
        choices=[("1", "Cabut sertifikat"), ("0", "Beri batas perbaikan baru")], coerce=lambda v: v == "1",
        widget=forms.RadioSelect, label="Keputusan",
    )
    new_deadline = forms.DateField(label="Batas perbaikan baru", widget=DateInput(), required=False)
    note = forms.CharField(label="Catatan", required=False, max_length=300)

    def clean(self):
        data = super().clean()
        if data.get("approve") is False and not data.get("new_deadline"):
            self.add_error("new_deadline", "Tentukan batas perbaikan yang baru.")
        return data


class ReturnLetterForm(forms.Form):
    reason = forms.CharField(label="Alasan pengembalian", max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 3}))


class NoteForm(forms.Form):
    note = forms.CharField(label="Catatan", required=False, max_length=300)


class ReissueForm(forms.Form):
    holder_name = forms.CharField(label="Nama pemegang (perbaikan)", max_length=150)
    reason = forms.CharField(label="Alasan penerbitan ulang", max_length=300)


class ViolationForm(forms.Form):
    category = forms.ChoiceField(choices=Violation.Category.choices, label="Jenis pelanggaran (9.5.1)")
    description = forms.CharField(label="Uraian pelanggaran", widget=forms.Textarea(attrs={"rows": 4}))
    evidence = forms.FileField(label="Bukti (PDF, JPEG atau PNG)",
                               widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}))

    def clean_evidence(self):
        from skema_lsp.uploads import validate_upload

        return validate_upload(self.cleaned_data["evidence"]).as_file()


class WarningForm(forms.Form):
    text = forms.CharField(label="Isi peringatan", widget=forms.Textarea(attrs={"rows": 3}))
    deadline = forms.DateField(label="Batas waktu", widget=DateInput())

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline <= timezone.localdate():
            raise ValidationError("Batas waktu harus setelah hari ini.")
        return deadline


class RevocationDecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        choices=[("1", "Setujui pencabutan"), ("0", "Tolak usulan")], coerce=lambda v: v == "1",
        widget=forms.RadioSelect, label="Keputusan",
    )
    note = forms.CharField(label="Catatan", required=False, max_length=300)


class VerificationSearchForm(forms.Form):
    nomor = forms.CharField(label="Nomor sertifikat", max_length=80)
    nama = forms.CharField(label="Nama pemegang", max_length=150)


class CertificateSearchForm(forms.Form):
    q = forms.CharField(label="Cari nomor atau nama", required=False, max_length=100)
    status = forms.ChoiceField(label="Status", required=False, choices=[
        ("", "Semua"), ("berlaku", "Berlaku"), ("kedaluwarsa", "Kedaluwarsa"), ("dibekukan", "Dibekukan"),
        ("dicabut", "Dicabut"), ("digantikan", "Digantikan")])
    scheme = forms.ModelChoiceField(label="Skema", required=False, queryset=Scheme.objects.order_by("name"),
                                    empty_label="Semua")
    year = forms.IntegerField(label="Tahun terbit", required=False, min_value=2000, max_value=2100)


class MeetingListForm(forms.Form):
    """Filters of the meeting list (a GET form: they stay in the URL)."""

    q = forms.CharField(label="Cari tempat atau nomor berita acara", required=False, max_length=100)
    status = forms.ChoiceField(label="Status", required=False,
                               choices=[("", "Semua"), *TechnicalMeeting.Status.choices])
    dari = forms.DateField(label="Tanggal dari", required=False, widget=DateInput)
    sampai = forms.DateField(label="Tanggal sampai", required=False, widget=DateInput)


class LetterListForm(forms.Form):
    q = forms.CharField(label="Cari nomor SK atau berita acara", required=False, max_length=100)
    status = forms.ChoiceField(label="Status", required=False,
                               choices=[("", "Semua"), *DecisionLetter.Status.choices])
