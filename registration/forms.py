from django import forms

from accounts.models import Consent
from registration.models import Application, DocumentVerdict, Evidence, SelfAssessment
from registration.services import CONSENT_TEXTS, GUARDIAN_STATEMENT, VerdictInput, nik_error
from schemes.models import BasicRequirement, Scheme
from skema_lsp.uploads import ACCEPT, ACCEPT_IMAGES, PHOTO_MAX_PIXELS, ValidatedUpload, validate_upload


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _number(value) -> int | None:
    """A submitted id read before validation: anything but plain digits counts as absent."""
    return int(value) if isinstance(value, str) and value.isascii() and value.isdigit() else None


class StartForm(forms.Form):
    scheme = forms.ModelChoiceField(queryset=Scheme.objects.filter(is_active=True), label="Skema")


class PersonalForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = ["full_name", "nik", "birth_place", "birth_date", "sex", "nationality", "address", "phone",
                  "email", "last_education"]
        widgets = {"birth_date": DateInput(), "address": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"nik": "16 digit sesuai KTP; dicocokkan dengan tanggal lahir dan jenis kelamin."}

    def clean(self):
        data = super().clean()
        nik = (data.get("nik") or "").strip()
        if nik:
            error = nik_error(nik, data.get("birth_date"), data.get("sex"))
            if error:
                self.add_error("nik", error)
        return data


class JobForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = ["institution", "position", "job_address", "job_phone", "job_email"]
        widgets = {"job_address": forms.Textarea(attrs={"rows": 3})}


class RequirementChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.text}"


class SchemeForm(forms.ModelForm):
    basic_requirement = RequirementChoiceField(
        queryset=BasicRequirement.objects.none(), required=False, widget=forms.RadioSelect,
        label="Persyaratan dasar yang saya penuhi", empty_label=None,
    )

    class Meta:
        model = Application
        fields = ["scheme", "purpose", "purpose_other", "basic_requirement"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme"].queryset = Scheme.objects.filter(is_active=True)
        self.fields["scheme"].empty_label = None
        scheme_id = _number(self.data.get(self.add_prefix("scheme"))) or self.instance.scheme_id
        self.fields["basic_requirement"].queryset = BasicRequirement.objects.filter(scheme_id=scheme_id or 0)
        purpose = self.fields["purpose"]
        if self.instance.purpose == Application.Purpose.SERTIFIKASI_ULANG:
            # Recertification is opened from the holder's certificate, where its timing rules (9.7.1) apply.
            purpose.disabled = True
            self.fields["scheme"].disabled = True
        else:
            purpose.choices = [c for c in purpose.choices if c[0] != Application.Purpose.SERTIFIKASI_ULANG]
            purpose.help_text = "Sertifikasi ulang diajukan dari halaman Surveilan sertifikat Anda yang masih berlaku."

    def clean(self):
        data = super().clean()
        if data.get("purpose") == Application.Purpose.LAINNYA and not (data.get("purpose_other") or "").strip():
            self.add_error("purpose_other", "Jelaskan tujuan asesmen lainnya.")
        return data


class UploadForm(forms.Form):
    berkas = forms.FileField(label="Berkas (PDF, JPEG atau PNG)")
    keterangan = forms.CharField(label="Keterangan", max_length=200, required=False)

    def __init__(self, *args, images_only: bool = False, **kwargs):
        self.images_only = images_only
        super().__init__(*args, **kwargs)
        # On a phone: the picker offers the camera and the files of the accepted kinds; a pas photo
        # (images only) opens the camera directly.
        attrs = self.fields["berkas"].widget.attrs
        attrs["accept"] = ACCEPT_IMAGES if images_only else ACCEPT
        if images_only:
            attrs["capture"] = "user"

    def clean_berkas(self) -> ValidatedUpload:
        if self.images_only:  # the documents that must be images are the pas photos (9.1.2)
            return validate_upload(self.cleaned_data["berkas"], images_only=True, max_pixels=PHOTO_MAX_PIXELS,
                                   purpose="pas foto")
        return validate_upload(self.cleaned_data["berkas"])


class EvidenceChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.label


class SelfAssessmentForm(forms.Form):
    """APL-02: one K/BK choice and one evidence pick-list per element; nothing is required here
    so a half-filled page saves as a draft (submit checks completeness)."""

    def __init__(self, *args, units, evidence_qs, existing: dict[int, SelfAssessment], **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = []
        for unit in units:
            rows = []
            for element in unit.elements.all():
                answer_name, evidence_name = f"jawaban_{element.pk}", f"bukti_{element.pk}"
                saved = existing.get(element.pk)
                self.fields[answer_name] = forms.ChoiceField(
                    label=element.self_assessment_question, required=False, widget=forms.RadioSelect,
                    choices=SelfAssessment.Answer.choices, initial=saved.answer if saved else "",
                )
                self.fields[evidence_name] = EvidenceChoiceField(
                    label="Bukti pendukung", required=False, queryset=evidence_qs,
                    widget=forms.CheckboxSelectMultiple,
                    initial=[e.pk for e in saved.evidence.all()] if saved else [],
                )
                rows.append((element, self[answer_name], self[evidence_name]))
            self.groups.append((unit, rows))

    def answers(self) -> dict[int, tuple[str, list[Evidence]]]:
        result = {}
        for _, rows in self.groups:
            for element, answer, evidence in rows:
                result[element.pk] = (self.cleaned_data[answer.name], list(self.cleaned_data[evidence.name]))
        return result


class DeclarationForm(forms.Form):
    rights = forms.BooleanField(required=False, label="Saya telah membaca dan memahami hak pemohon dan kewajiban "
                                "pemegang sertifikat (klausul 7).")
    ethics = forms.BooleanField(required=False, label="Saya menyetujui dan akan menaati kode etik (9.10).")
    fee = forms.BooleanField(required=False, label="Saya memahami dan bersedia membayar biaya sertifikasi.")
    consents = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple, label="Persetujuan pemrosesan data pribadi (UU PDP)",
        choices=[(purpose, CONSENT_TEXTS[purpose]) for purpose in Consent.Purpose.values],
    )

    def __init__(self, *args, minor: bool = False, **kwargs):
        """A candidate under 18 (from the NIK) also gives their guardian's consent (UU PDP, Pasal 25)."""
        super().__init__(*args, **kwargs)
        self.minor = minor
        if minor:
            self.fields["guardian_name"] = forms.CharField(label="Nama wali/orang tua", max_length=150,
                                                           required=False)
            self.fields["guardian_relation"] = forms.CharField(
                label="Hubungan dengan pemohon", max_length=60, required=False, help_text="Mis. ayah, ibu, wali.")
            self.fields["guardian_agree"] = forms.BooleanField(required=False, label=GUARDIAN_STATEMENT)

    def clean(self):
        data = super().clean()
        if self.minor and data.get("guardian_agree"):
            if not (data.get("guardian_name") or "").strip():
                self.add_error("guardian_name", "Isi nama wali/orang tua yang memberikan persetujuan.")
            if not (data.get("guardian_relation") or "").strip():
                self.add_error("guardian_relation", "Isi hubungan wali dengan pemohon.")
        return data


VERDICT_CHOICES = [("", "— belum dinilai —")] + DocumentVerdict.Verdict.choices
REQUIREMENT_CHOICES = [("", "— belum dinilai —"), ("ya", "Terpenuhi"), ("tidak", "Tidak terpenuhi")]


class ReviewForm(forms.Form):
    """Staff's verification (9.1.5): a verdict and note per document, the basic-requirement check
    and the outcome."""

    requirement = forms.ChoiceField(label="Persyaratan dasar yang diklaim", choices=REQUIREMENT_CHOICES,
                                    required=False)
    requirement_note = forms.CharField(label="Catatan persyaratan dasar", required=False,
                                       widget=forms.Textarea(attrs={"rows": 2}))
    note = forms.CharField(label="Catatan untuk pemohon / alasan penolakan", required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, documents, verdicts: dict[int, DocumentVerdict], **kwargs):
        super().__init__(*args, **kwargs)
        self.documents = list(documents)
        self.rows = []
        for doc in self.documents:
            saved = verdicts.get(doc.pk)
            self.fields[f"hasil_{doc.pk}"] = forms.ChoiceField(
                label=f"Hasil: {doc.name}", choices=VERDICT_CHOICES, required=False,
                initial=saved.verdict if saved else "",
            )
            self.fields[f"catatan_{doc.pk}"] = forms.CharField(
                label=f"Catatan: {doc.name}", required=False, initial=saved.note if saved else "",
            )
            self.rows.append((doc, self[f"hasil_{doc.pk}"], self[f"catatan_{doc.pk}"]))

    def verdicts(self) -> dict[int, VerdictInput]:
        return {
            doc.pk: VerdictInput(self.cleaned_data[f"hasil_{doc.pk}"], self.cleaned_data[f"catatan_{doc.pk}"])
            for doc in self.documents if self.cleaned_data.get(f"hasil_{doc.pk}")
        }

    def requirement_met(self) -> bool | None:
        return {"ya": True, "tidak": False}.get(self.cleaned_data.get("requirement") or "")


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Alasan", widget=forms.Textarea(attrs={"rows": 2}))


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(label="Status", required=False,
                               choices=[("", "Semua status")] + [c for c in Application.Status.choices
                                                                 if c[0] != Application.Status.DRAFT])
    scheme = forms.ModelChoiceField(label="Skema", required=False, queryset=Scheme.objects.all(),
                                    empty_label="Semua skema")
    q = forms.CharField(label="Cari nama / NIK", required=False, max_length=100)
