from django import forms

from assessment.models import Assessment
from exams.models import LETTERS
from schemes.models import PerformanceCriterion, Scheme


class PlaceForm(forms.Form):
    assessments = forms.ModelMultipleChoiceField(
        label="Asesi yang ditempatkan", queryset=Assessment.objects.none(), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Pilih minimal satu asesi."},
    )

    def __init__(self, *args, queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessments"].queryset = queryset if queryset is not None else Assessment.objects.none()
        self.fields["assessments"].label_from_instance = lambda a: (
            f"{a.application.full_name or a.candidate.display_name} · {a.reference} · {a.get_status_display()}"
            + (f" · asesor {a.assessor.display_name}" if a.assessor else ""))


class ObservationForm(forms.Form):
    """FR.IA.01 for one unit: per KUK Ya (met) / Belum (not yet) with a note."""

    notes = forms.CharField(label="Catatan umum / umpan balik untuk asesi", required=False,
                            widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, criteria: list[PerformanceCriterion] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for c in self.criteria:
            self.fields[f"met_{c.pk}"] = forms.ChoiceField(
                label=f"KUK {c.number} {c.text}", choices=[("ya", "Ya (memenuhi)"), ("belum", "Belum")],
                widget=forms.RadioSelect, error_messages={"required": f"Pilih Ya atau Belum untuk KUK {c.number}."},
            )
            self.fields[f"note_{c.pk}"] = forms.CharField(label=f"Catatan KUK {c.number}", required=False,
                                                          widget=forms.Textarea(attrs={"rows": 1}))

    def rows(self):
        return [(c, self[f"met_{c.pk}"], self[f"note_{c.pk}"]) for c in self.criteria]

    def inputs(self):
        from exams.services import ObservationInput

        return [ObservationInput(criterion=c, met=self.cleaned_data[f"met_{c.pk}"] == "ya",
                                 notes=self.cleaned_data[f"note_{c.pk}"]) for c in self.criteria]


class AnswerSheetForm(forms.Form):
    """The CBT as a plain form (works without JavaScript): one radio group per drawn question. The
    choices are the options' positions only; nothing says which one is right."""

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            options = item.question.options
            self.fields[f"q{item.question_id}"] = forms.ChoiceField(
                label=item.question.text, required=False, widget=forms.RadioSelect,
                choices=[(str(i), f"{LETTERS[i]}. {text}") for i, text in enumerate(options)],
                initial=str(item.chosen) if item.chosen is not None else None,
            )

    def answers(self) -> dict[int, int]:
        return {item.question_id: int(self.cleaned_data[f"q{item.question_id}"]) for item in self.items
                if self.cleaned_data.get(f"q{item.question_id}") not in (None, "")}

    def rows(self):
        return [(item, self[f"q{item.question_id}"]) for item in self.items]


class ImportForm(forms.Form):
    scheme = forms.ModelChoiceField(label="Skema", queryset=Scheme.objects.filter(is_active=True))
    file = forms.FileField(label="Berkas soal (.xlsx)")

    def clean_file(self):
        from skema_lsp.uploads import validate_spreadsheet

        return validate_spreadsheet(self.cleaned_data["file"])


class ConfirmImportForm(forms.Form):
    scheme = forms.ModelChoiceField(queryset=Scheme.objects.all(), widget=forms.HiddenInput)
    token = forms.CharField(widget=forms.HiddenInput)


class RetireForm(forms.Form):
    reason = forms.CharField(label="Alasan penarikan (mis. soal bocor)", widget=forms.Textarea(attrs={"rows": 2}))


class OralForm(forms.Form):
    """FR.IA.07 for one unit: per oral question the candidate's answer in brief and the judgement."""

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for q in self.questions:
            self.fields[f"summary_{q.pk}"] = forms.CharField(label="Ringkasan jawaban asesi", required=False,
                                                             widget=forms.Textarea(attrs={"rows": 2}))
            self.fields[f"verdict_{q.pk}"] = forms.ChoiceField(
                label="Penilaian", widget=forms.RadioSelect,
                choices=[("ya", "Memuaskan"), ("tidak", "Belum memuaskan")],
                error_messages={"required": f"Pilih penilaian untuk pertanyaan nomor {q.order}."})

    def rows(self):
        return [(q, self[f"summary_{q.pk}"], self[f"verdict_{q.pk}"]) for q in self.questions]

    def inputs(self):
        from exams.services import OralInput

        return [OralInput(question=q, satisfactory=self.cleaned_data[f"verdict_{q.pk}"] == "ya",
                          summary=self.cleaned_data[f"summary_{q.pk}"]) for q in self.questions]
