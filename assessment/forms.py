from django import forms
from django.core.exceptions import ValidationError

from accounts.models import ConflictOfInterest, User
from accounts.roles import Role
from assessment.models import AssessmentPlan, Feedback, Method, Recommendation, TestSession
from schemes.models import TUK

YES_NO = [("ya", "Ya"), ("tidak", "Tidak")]


def assessor_queryset():
    return User.objects.filter(groups__name=Role.ASESOR, is_active=True).exclude(met_number="").order_by("full_name")


class DateInput(forms.DateInput):
    input_type = "date"


class TimeInput(forms.TimeInput):
    input_type = "time"


class AssignForm(forms.Form):
    assessor = forms.ModelChoiceField(label="Asesor", queryset=User.objects.none())
    session = forms.ModelChoiceField(label="Jadwal uji (opsional)", queryset=TestSession.objects.none(),
                                     required=False)

    def __init__(self, *args, scheme=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessor"].queryset = assessor_queryset()
        self.fields["assessor"].label_from_instance = lambda u: f"{u.display_name} ({u.met_label})"
        sessions = TestSession.objects.filter(tuk__is_verified=True).select_related("tuk")
        if scheme is not None:
            sessions = sessions.filter(scheme=scheme)
        self.fields["session"].queryset = sessions


class TestSessionForm(forms.ModelForm):
    __test__ = False

    class Meta:
        model = TestSession
        fields = ["scheme", "date", "start_time", "end_time", "tuk", "capacity", "assessors", "note"]
        widgets = {"date": DateInput, "start_time": TimeInput, "end_time": TimeInput,
                   "assessors": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only a TUK the LSP verified can host a test (9.3.2).
        self.fields["tuk"].queryset = TUK.objects.filter(is_verified=True)
        self.fields["assessors"].queryset = assessor_queryset()
        self.fields["assessors"].required = False

    def clean(self):
        data = super().clean()
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            raise ValidationError("Jam selesai harus setelah jam mulai.")
        return data


class DeclarationForm(forms.Form):
    has_conflict = forms.ChoiceField(
        label="Apakah Anda memiliki konflik kepentingan dengan asesi ini?",
        choices=[("tidak", "Tidak ada konflik kepentingan"), ("ya", "Ada konflik kepentingan")],
        widget=forms.RadioSelect,
    )
    kind = forms.ChoiceField(label="Jenis konflik (bila ada)", required=False,
                             choices=[("", "—")] + list(ConflictOfInterest.Kind.choices))
    note = forms.CharField(label="Keterangan", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    statement = forms.BooleanField(
        label="Saya menyatakan dengan sebenarnya bahwa pernyataan ini benar dan saya akan bertindak objektif, "
              "adil, dan menjaga kerahasiaan asesi.",
    )

    def clean(self):
        data = super().clean()
        if data.get("has_conflict") == "ya" and not data.get("kind"):
            self.add_error("kind", "Pilih jenis konflik kepentingan.")
        return data


class PlanForm(forms.ModelForm):
    methods = forms.MultipleChoiceField(label="Metode asesmen", choices=Method.choices,
                                        widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = AssessmentPlan
        fields = ["methods", "evidence_to_collect", "date", "time", "tuk"]
        widgets = {"date": DateInput, "time": TimeInput, "evidence_to_collect": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tuk"].queryset = TUK.objects.filter(is_verified=True)


class AcceptPlanForm(forms.Form):
    plan_accepted = forms.BooleanField(
        label="Saya telah mendapatkan penjelasan dan menyetujui rencana asesmen di atas (FR.AK.01).")
    confidentiality_accepted = forms.BooleanField(
        label="Saya memahami dan menyetujui bahwa asesor dan LSP menjaga kerahasiaan hasil asesmen dan hanya "
              "menggunakannya untuk keperluan sertifikasi; saya juga menjaga kerahasiaan materi uji.")


class PlanChangeForm(forms.Form):
    note = forms.CharField(label="Perubahan yang diminta", widget=forms.Textarea(attrs={"rows": 3}))


class PreAssessmentForm(forms.Form):
    can_continue = forms.ChoiceField(
        label="Rekomendasi", widget=forms.RadioSelect,
        choices=[("ya", "Asesmen dapat dilanjutkan"), ("tidak", "Asesmen tidak dapat dilanjutkan")],
    )
    reasons = forms.CharField(label="Alasan / catatan kaji bukti APL-02", widget=forms.Textarea(attrs={"rows": 4}))


class EvidenceRowForm(forms.Form):
    """One new piece of evidence for one KUK on the unit sheet; a row without method is skipped."""

    criterion = forms.IntegerField(widget=forms.HiddenInput)
    method = forms.ChoiceField(label="Metode", choices=[("", "— tidak ada bukti baru —")] + list(Method.choices),
                               required=False)
    notes = forms.CharField(label="Catatan bukti", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    file = forms.FileField(label="Berkas bukti (PDF/JPEG/PNG)", required=False)
    valid = forms.BooleanField(label="Valid", required=False)
    authentic = forms.BooleanField(label="Asli", required=False)
    current = forms.BooleanField(label="Terkini", required=False)
    sufficient = forms.BooleanField(label="Memadai", required=False)

    def clean(self):
        data = super().clean()
        if data.get("method") and not (data.get("notes") or "").strip() and not data.get("file"):
            raise ValidationError("Isi catatan bukti atau unggah berkas.")
        return data


EvidenceFormSet = forms.formset_factory(EvidenceRowForm, extra=0)


class AnswerRowForm(forms.Form):
    question = forms.IntegerField(widget=forms.HiddenInput)
    answer_summary = forms.CharField(label="Ringkasan jawaban asesi", required=False,
                                     widget=forms.Textarea(attrs={"rows": 2}))
    verdict = forms.ChoiceField(label="Penilaian", required=False, widget=forms.RadioSelect,
                                choices=[("ya", "Memuaskan"), ("tidak", "Belum memuaskan")])


AnswerFormSet = forms.formset_factory(AnswerRowForm, extra=0)


class SubmitForm(forms.Form):
    recommendation = forms.ChoiceField(label="Rekomendasi", choices=Recommendation.choices, widget=forms.RadioSelect)
    follow_up = forms.CharField(label="Tindak lanjut (wajib untuk Belum Kompeten)", required=False,
                                widget=forms.Textarea(attrs={"rows": 3}))
    report_notes = forms.CharField(label="Laporan asesmen (FR.AK.05): catatan, aspek positif/negatif, saran",
                                   required=False, widget=forms.Textarea(attrs={"rows": 4}))
    statement = forms.BooleanField(label="Saya menyerahkan rekaman ini ke LSP; setelah diserahkan, rekaman "
                                         "terkunci dan hanya dapat dikoreksi setelah dibuka kembali oleh staf.")


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Alasan", widget=forms.Textarea(attrs={"rows": 3}))


class FeedbackForm(forms.Form):
    comments = forms.CharField(label="Catatan/komentar lainnya", required=False,
                               widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, text in Feedback.QUESTIONS:
            self.fields[f"q_{key}"] = forms.ChoiceField(label=text, choices=YES_NO, widget=forms.RadioSelect)
        self.order_fields([f"q_{key}" for key, _ in Feedback.QUESTIONS] + ["comments"])

    def answers(self) -> dict[str, bool]:
        return {key: self.cleaned_data[f"q_{key}"] == "ya" for key, _ in Feedback.QUESTIONS}
