import uuid

from django import forms
from django.core.exceptions import ValidationError

from accounts.models import ConflictOfInterest, User
from accounts.roles import Role
from assessment.models import AssessmentPlan, Feedback, Method, Question, Recommendation, TestSession
from assessment.services import AnswerInput, EvidenceRow
from schemes.models import TUK, PerformanceCriterion
from skema_lsp.uploads import validate_upload

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


STALE_PAGE = "Isian tidak cocok dengan halaman ini (mungkin halaman sudah lama dibuka). Muat ulang halaman."


class EvidenceRowForm(forms.Form):
    """One new piece of evidence for one KUK on the unit sheet. A row left untouched adds nothing; a
    row with anything filled in needs its method, and its file is checked here, before anything of
    the sheet is saved."""

    criterion = forms.IntegerField(widget=forms.HiddenInput)
    method = forms.ChoiceField(label="Metode", choices=[("", "— tidak ada bukti baru —")] + list(Method.choices),
                               required=False)
    notes = forms.CharField(label="Catatan bukti", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    file = forms.FileField(label="Berkas bukti (PDF/JPEG/PNG)", required=False)
    valid = forms.BooleanField(label="Valid", required=False)
    authentic = forms.BooleanField(label="Asli", required=False)
    current = forms.BooleanField(label="Terkini", required=False)
    sufficient = forms.BooleanField(label="Memadai", required=False)

    VATM = ("valid", "authentic", "current", "sufficient")

    def __init__(self, *args, kuk: PerformanceCriterion | None = None, **kwargs):
        self.kuk = kuk
        super().__init__(*args, **kwargs)

    def clean_criterion(self):
        if self.kuk is None or self.cleaned_data["criterion"] != self.kuk.pk:
            raise ValidationError(STALE_PAGE)
        return self.kuk

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        return validate_upload(uploaded) if uploaded else None

    def clean(self):
        data = super().clean()
        if "file" in self.errors or self.kuk is None:
            return data
        has_content = (data.get("notes") or "").strip() or data.get("file")
        if not data.get("method"):
            if has_content or any(data.get(name) for name in self.VATM):
                raise ValidationError(f"Pilih metode untuk KUK {self.kuk.number}.")
        elif not has_content:
            raise ValidationError(f"KUK {self.kuk.number}: isi catatan bukti atau unggah berkas.")
        return data

    def evidence_row(self) -> EvidenceRow | None:
        data = self.cleaned_data
        if not data.get("method"):
            return None
        return EvidenceRow(criterion=self.kuk, method=data["method"], notes=data["notes"], upload=data["file"],
                           **{name: data[name] for name in self.VATM})


class RowsFormSet(forms.BaseFormSet):
    """A form set with exactly one form per item of `items` (KUK or question), in order: a forged,
    missing or stale form count is refused whole instead of being matched up row by row."""

    item_kwarg = ""
    default_error_messages = {"missing_management_form": STALE_PAGE, "too_many_forms": STALE_PAGE,
                              "too_few_forms": STALE_PAGE}

    def __init__(self, *args, items: list, **kwargs):
        self.items = items
        super().__init__(*args, **kwargs)
        # Never build more forms than there are items, whatever TOTAL_FORMS claims.
        self.max_num = self.absolute_max = len(items)

    def get_form_kwargs(self, index):
        return {self.item_kwarg: self.items[index] if index < len(self.items) else None}

    def clean(self):
        if self.total_form_count() != len(self.items):
            raise ValidationError(STALE_PAGE)

    @property
    def matches_items(self) -> bool:
        """Whether every item has its form (an unusable submission is shown as a fresh form set)."""
        return len(self.forms) == len(self.items)

    def problems(self) -> list[str]:
        """Every error of the submission, each once, for the page's message list."""
        found = list(self.non_form_errors())
        for form in self.forms:
            found += [error for errors in form.errors.values() for error in errors]
        return list(dict.fromkeys(found))


class UnitSheetFormSet(RowsFormSet):
    item_kwarg = "kuk"

    def evidence_rows(self) -> list[EvidenceRow]:
        return [row for row in (form.evidence_row() for form in self.forms) if row is not None]


EvidenceFormSet = forms.formset_factory(EvidenceRowForm, formset=UnitSheetFormSet, extra=0)


class SubmissionForm(forms.Form):
    """A key minted when the page is shown: the same submission sent twice is recorded once."""

    kiriman = forms.UUIDField(widget=forms.HiddenInput, error_messages={"required": STALE_PAGE, "invalid": STALE_PAGE})

    def __init__(self, data=None, **kwargs):
        super().__init__(data, initial={"kiriman": uuid.uuid4()}, **kwargs)


class AnswerRowForm(forms.Form):
    question = forms.IntegerField(widget=forms.HiddenInput)
    answer_summary = forms.CharField(label="Ringkasan jawaban asesi", required=False,
                                     widget=forms.Textarea(attrs={"rows": 2}))
    verdict = forms.ChoiceField(label="Penilaian", required=False, widget=forms.RadioSelect,
                                choices=[("ya", "Memuaskan"), ("tidak", "Belum memuaskan")])

    def __init__(self, *args, question: Question | None = None, **kwargs):
        self.bank_question = question
        super().__init__(*args, **kwargs)

    def clean_question(self):
        if self.bank_question is None or self.cleaned_data["question"] != self.bank_question.pk:
            raise ValidationError(STALE_PAGE)
        return self.bank_question

    def clean(self):
        data = super().clean()
        if self.bank_question is not None and (data.get("answer_summary") or "").strip() and not data.get("verdict"):
            raise ValidationError(f"Pilih penilaian untuk soal nomor {self.bank_question.order}.")
        return data


class QuestionsFormSet(RowsFormSet):
    item_kwarg = "question"

    def judgements(self) -> list[AnswerInput]:
        return [AnswerInput(question=form.bank_question, is_satisfactory=form.cleaned_data["verdict"] == "ya",
                            answer_summary=form.cleaned_data["answer_summary"])
                for form in self.forms if form.cleaned_data.get("verdict")]


AnswerFormSet = forms.formset_factory(AnswerRowForm, formset=QuestionsFormSet, extra=0)


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
