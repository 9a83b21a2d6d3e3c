from django import forms

from assessment.models import Assessment, Question
from exams.bank import QuestionInput, question_problems
from exams.models import ESSAY_MAX_CHARS, LETTERS, Instrument
from schemes.models import CompetencyUnit, PerformanceCriterion, Scheme


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


VERDICTS = {
    Instrument.OBSERVATION: [("ya", "Ya (memenuhi)"), ("belum", "Belum")],
    Instrument.SUPPORTING: [("ya", "Memuaskan"), ("belum", "Belum memuaskan")],
}
SHEET_FIELDS = {
    Instrument.OBSERVATION: ["met", "note"],
    Instrument.SUPPORTING: ["question", "answer", "met", "note"],
    Instrument.PORTFOLIO: ["file", "valid", "authentic", "current", "sufficient", "note"],
}


class SheetForm(forms.Form):
    """A per-KUK instrument for one unit, validated whole. FR.IA.01: every KUK Ya / Belum with a note.
    FR.IA.03: for the KUK asked about, the question, the candidate's answer and the judgement (a KUK
    left empty was not asked about). FR.IA.11: for the KUK a portfolio file shows, the file and the
    four VATM judgements (a KUK without a file was not reviewed)."""

    notes = forms.CharField(label="Catatan umum / umpan balik untuk asesi", required=False,
                            widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, instrument: str, criteria: list[PerformanceCriterion] = (), files=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.instrument, self.criteria, self.files = instrument, list(criteria), {f.pk: f for f in files}
        for c in self.criteria:
            self._add_fields(c)

    def _add_fields(self, c: PerformanceCriterion) -> None:
        if self.instrument == Instrument.SUPPORTING:
            self.fields[f"question_{c.pk}"] = forms.CharField(
                label=f"Pertanyaan untuk KUK {c.number}", required=False, widget=forms.Textarea(attrs={"rows": 2}))
            self.fields[f"answer_{c.pk}"] = forms.CharField(
                label=f"Jawaban asesi KUK {c.number}", required=False, widget=forms.Textarea(attrs={"rows": 2}))
        if self.instrument == Instrument.PORTFOLIO:
            self.fields[f"file_{c.pk}"] = forms.TypedChoiceField(
                label=f"Bukti portofolio untuk KUK {c.number}", required=False, coerce=int, empty_value=None,
                choices=[("", "— tidak ditinjau —")] + [(pk, f.label) for pk, f in self.files.items()])
            for name, label in (("valid", "Valid"), ("authentic", "Asli"), ("current", "Terkini"),
                                ("sufficient", "Memadai")):
                self.fields[f"{name}_{c.pk}"] = forms.BooleanField(label=label, required=False)
        else:
            self.fields[f"met_{c.pk}"] = forms.ChoiceField(
                label=f"KUK {c.number} {c.text}" if self.instrument == Instrument.OBSERVATION
                else f"Penilaian KUK {c.number}",
                choices=VERDICTS[self.instrument], widget=forms.RadioSelect,
                required=self.instrument == Instrument.OBSERVATION,
                error_messages={"required": f"Pilih Ya atau Belum untuk KUK {c.number}."})
        self.fields[f"note_{c.pk}"] = forms.CharField(label=f"Catatan KUK {c.number}", required=False,
                                                      widget=forms.Textarea(attrs={"rows": 1}))

    def rows(self):
        """[(KUK, [bound fields])] in the order the page shows them."""
        return [(c, [self[f"{name}_{c.pk}"] for name in SHEET_FIELDS[self.instrument]]) for c in self.criteria]

    def clean(self):
        data = super().clean()
        if self.instrument == Instrument.SUPPORTING:
            # A KUK is either not asked about (all empty) or recorded whole.
            for c in self.criteria:
                names = [f"{n}_{c.pk}" for n in ("question", "answer", "met")]
                missing = [name for name in names if not data.get(name)]
                if missing and len(missing) < len(names):
                    self.add_error(missing[0], f"KUK {c.number}: isi pertanyaan, jawaban asesi, dan penilaiannya.")
        return data

    def inputs(self):
        from exams.services import KukJudgement

        data, made = self.cleaned_data, []
        for c in self.criteria:
            note = data.get(f"note_{c.pk}", "")
            if self.instrument == Instrument.OBSERVATION:
                made.append(KukJudgement(criterion=c, met=data[f"met_{c.pk}"] == "ya", notes=note))
            elif self.instrument == Instrument.SUPPORTING and data.get(f"met_{c.pk}"):
                made.append(KukJudgement(criterion=c, met=data[f"met_{c.pk}"] == "ya", notes=note,
                                         question=data[f"question_{c.pk}"], answer=data[f"answer_{c.pk}"]))
            elif self.instrument == Instrument.PORTFOLIO and data.get(f"file_{c.pk}"):
                made.append(KukJudgement(criterion=c, notes=note, portfolio_file=self.files[data[f"file_{c.pk}"]],
                                         valid=data[f"valid_{c.pk}"], authentic=data[f"authentic_{c.pk}"],
                                         current=data[f"current_{c.pk}"], met=data[f"sufficient_{c.pk}"]))
        return made


class EssayReviewForm(forms.Form):
    """FR.IA.06: each essay answer of the attempt judged Kompeten / Belum kompeten, with a note."""

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            self.fields[f"verdict_{item.pk}"] = forms.ChoiceField(
                label="Penilaian", widget=forms.RadioSelect,
                choices=[("ya", "Kompeten"), ("belum", "Belum kompeten")],
                initial=None if item.is_correct is None else ("ya" if item.is_correct else "belum"),
                error_messages={"required": f"Pilih penilaian untuk esai nomor {item.order}."})
            self.fields[f"note_{item.pk}"] = forms.CharField(label="Catatan penilaian", required=False,
                                                             initial=item.review_note,
                                                             widget=forms.Textarea(attrs={"rows": 2}))

    def rows(self):
        return [(item, self[f"verdict_{item.pk}"], self[f"note_{item.pk}"]) for item in self.items]

    def reviews(self):
        from exams.services import EssayReview

        return [EssayReview(item=item, competent=self.cleaned_data[f"verdict_{item.pk}"] == "ya",
                            note=self.cleaned_data[f"note_{item.pk}"]) for item in self.items]


class AnswerSheetForm(forms.Form):
    """The CBT as a plain form (works without JavaScript): one radio group per drawn question. The
    choices are the options' positions only; nothing says which one is right."""

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            if item.is_essay:
                self.fields[f"e{item.question_id}"] = forms.CharField(
                    label=item.question.text, required=False, max_length=ESSAY_MAX_CHARS, strip=False,
                    initial=item.essay_answer, widget=forms.Textarea(attrs={"rows": 6}),
                    error_messages={"max_length": f"Jawaban esai nomor {item.order} terlalu panjang "
                                                  f"(maks. {ESSAY_MAX_CHARS} karakter)."})
                continue
            options = item.question.options
            self.fields[f"q{item.question_id}"] = forms.ChoiceField(
                label=item.question.text, required=False, widget=forms.RadioSelect,
                choices=[(str(i), f"{LETTERS[i]}. {text}") for i, text in enumerate(options)],
                initial=str(item.chosen) if item.chosen is not None else None,
            )

    def answers(self) -> dict[int, int]:
        return {item.question_id: int(self.cleaned_data[f"q{item.question_id}"]) for item in self.items
                if not item.is_essay and self.cleaned_data.get(f"q{item.question_id}") not in (None, "")}

    def essays(self) -> dict[int, str]:
        """Only the essays the posted form carried: a form without them leaves saved texts alone."""
        return {item.question_id: self.cleaned_data[f"e{item.question_id}"] for item in self.items
                if item.is_essay and f"e{item.question_id}" in self.data}

    def rows(self):
        return [(item, self[f"{'e' if item.is_essay else 'q'}{item.question_id}"]) for item in self.items]


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


class KeyChoice(forms.RadioSelect):
    """One radio per option; every value sent is kept (a forged second key is refused by the rules,
    not silently reduced to the last one)."""

    def value_from_datadict(self, data, files, name):
        getter = getattr(data, "getlist", None)
        values = getter(name) if getter else ([data[name]] if name in data else [])
        return [value for value in values if value]


class QuestionForm(forms.Form):
    """One question of the CBT bank: multiple choice (FR.IA.05: 2–6 options, exactly one key) or an
    essay (FR.IA.06: a model answer). The rules are bank.question_problems; the form only places
    their messages next to the fields."""

    kind = forms.ChoiceField(label="Jenis soal", widget=forms.RadioSelect, choices=[
        (Question.Kind.PILIHAN_GANDA, "Pilihan ganda (FR.IA.05)"), (Question.Kind.TERTULIS, "Esai (FR.IA.06)")],
        initial=Question.Kind.PILIHAN_GANDA,
        error_messages={"required": "Pilih jenis soal.",
                        "invalid_choice": "Pilih jenis soal: pilihan ganda atau esai."})
    unit = forms.ModelChoiceField(label="Unit kompetensi", queryset=CompetencyUnit.objects.none(),
                                  error_messages={"required": "Pilih unit kompetensi yang diuji.",
                                                  "invalid_choice": "Pilih unit kompetensi dari daftar."})
    criterion = forms.ModelChoiceField(label="KUK yang diuji", required=False,
                                       queryset=PerformanceCriterion.objects.none(), empty_label="— tanpa KUK —",
                                       help_text="Hasil soal masuk ke rekaman KUK ini.",
                                       error_messages={"invalid_choice": "Pilih KUK dari daftar."})
    text = forms.CharField(label="Pertanyaan", max_length=4000, widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": "Tuliskan pertanyaannya."})
    model_answer = forms.CharField(label="Jawaban model (esai)", required=False, max_length=ESSAY_MAX_CHARS,
                                   widget=forms.Textarea(attrs={"rows": 4}),
                                   help_text="Hanya untuk asesor; tidak pernah ditampilkan kepada asesi.")
    key = forms.MultipleChoiceField(label="Kunci jawaban", required=False, widget=KeyChoice,
                                    choices=[(letter, letter) for letter in LETTERS],
                                    error_messages={"invalid_choice": "Kunci jawaban harus salah satu huruf A–F."})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        units = CompetencyUnit.objects.filter(scheme__is_active=True).select_related("scheme").order_by(
            "scheme__name", "order")
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = lambda u: f"{u.scheme.code} · {u.code} {u.title}"
        self.fields["criterion"].queryset = PerformanceCriterion.objects.filter(
            element__unit__scheme__is_active=True).select_related("element__unit").order_by(
            "element__unit__scheme__name", "element__unit__order", "element__order", "order")
        self.fields["criterion"].label_from_instance = lambda c: f"{c.element.unit.code} · KUK {c.number} {c.text}"
        for letter in LETTERS:
            self.fields[f"option_{letter.lower()}"] = forms.CharField(label=f"Pilihan {letter}", required=False,
                                                                      max_length=1000)

    @classmethod
    def initial_from(cls, question: Question) -> dict:
        initial = {"kind": question.kind, "unit": question.unit_id, "criterion": question.criterion_id,
                   "text": question.text}
        if question.kind == Question.Kind.TERTULIS:
            return initial | {"model_answer": question.answer_key}
        initial |= {f"option_{letter.lower()}": option for letter, option in zip(LETTERS, question.options,
                                                                                strict=False)}
        if question.correct_option is not None:
            initial["key"] = [LETTERS[question.correct_option]]
        return initial

    def option_rows(self):
        """(letter, option field, whether it is the key) for the options table."""
        keys = self["key"].value() or []
        return [(letter, self[f"option_{letter.lower()}"], letter in keys) for letter in LETTERS]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        self.question_input = self._input(data)
        for field, message in question_problems(self.question_input):
            self.add_error({"keys": "key", "options": None}.get(field, field), message)
        return data

    def _input(self, data):
        return QuestionInput(
            unit=data["unit"], criterion=data.get("criterion"), kind=data["kind"], text=data["text"],
            options=tuple((data.get(f"option_{letter.lower()}") or "").strip() for letter in LETTERS),
            keys=tuple(data.get("key") or ()), model_answer=data.get("model_answer") or "")
