from django import forms
from django.core.exceptions import ValidationError

from complaints.models import Complaint
from complaints.services import find_certificate, handler_candidates
from decisions.models import Violation
from skema_lsp.uploads import ACCEPT, validate_upload


class FilingForm(forms.Form):
    subject = forms.ChoiceField(label="Yang Anda adukan", choices=Complaint.Subject.choices, widget=forms.RadioSelect)
    certificate_number = forms.CharField(
        label="Nomor sertifikat yang diadukan", max_length=80, required=False,
        help_text="Wajib bila Anda mengadukan pemegang sertifikat; tertera pada sertifikat atau halaman verifikasi.",
    )
    description = forms.CharField(label="Uraian pengaduan", max_length=5000,
                                  widget=forms.Textarea(attrs={"rows": 6}),
                                  help_text="Apa yang terjadi, kapan, di mana, dan siapa yang terlibat.")
    complainant_name = forms.CharField(label="Nama Anda", max_length=150)
    complainant_email = forms.EmailField(label="Email Anda", max_length=254,
                                         help_text="Tanda terima dan hasil penanganan dikirim ke alamat ini.")
    complainant_phone = forms.CharField(label="Telepon (opsional)", max_length=30, required=False)
    complainant_kind = forms.ChoiceField(label="Anda mengadu sebagai", choices=Complaint.ComplainantKind.choices)
    attachment = forms.FileField(label="Lampiran pendukung (opsional)", required=False,
                                 widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
                                 help_text="Satu berkas PDF, JPEG atau PNG.")

    def clean_description(self):
        text = self.cleaned_data["description"].strip()
        if len(text) < 20:
            raise ValidationError("Uraikan pengaduan Anda (minimal 20 karakter).")
        return text

    def clean_attachment(self):
        uploaded = self.cleaned_data.get("attachment")
        return validate_upload(uploaded) if uploaded else None

    def clean(self):
        data = super().clean()
        data["certificate"] = None
        if data.get("subject") == Complaint.Subject.HOLDER:
            number = data.get("certificate_number", "")
            certificate = find_certificate(number) if number else None
            if not number:
                self.add_error("certificate_number", "Isi nomor sertifikat pemegang yang Anda adukan.")
            elif certificate is None:
                self.add_error("certificate_number", "Nomor sertifikat tidak ditemukan. Periksa kembali penulisannya.")
            data["certificate"] = certificate
        return data


class TrackForm(forms.Form):
    reference = forms.CharField(label="Nomor pengaduan", max_length=40)
    email = forms.EmailField(label="Email yang Anda gunakan saat mengadu", max_length=254)


class HandlerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.display_name


class AssignForm(forms.Form):
    handler = HandlerChoiceField(label="Penangan", queryset=None,
                                 help_text="Personel yang tidak terlibat dalam pokok pengaduan (9.9).")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = handler_candidates()


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label="Hasil penanganan", choices=Complaint.Outcome.choices, widget=forms.RadioSelect)
    text = forms.CharField(label="Uraian hasil dan tindak lanjut (dikirim kepada pengadu)", max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 5}))


class ViolationForm(forms.Form):
    category = forms.ChoiceField(label="Jenis pelanggaran (9.5.1)", choices=Violation.Category.choices)


class SearchForm(forms.Form):
    q = forms.CharField(label="Cari", required=False, max_length=100)
    status = forms.ChoiceField(label="Status", required=False, choices=[("", "Semua"), *Complaint.Status.choices])
    subject = forms.ChoiceField(label="Yang diadukan", required=False,
                                choices=[("", "Semua"), *Complaint.Subject.choices])
    terlambat = forms.BooleanField(label="Melewati batas waktu", required=False)
