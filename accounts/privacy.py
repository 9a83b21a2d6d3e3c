"""What accounts holds about a person, for their own data export."""


def export(user) -> dict:
    return {
        "profil": {
            "username": user.username,
            "nama_lengkap": user.full_name,
            "email": user.email,
            "nik": user.nik,
            "tempat_lahir": user.birth_place,
            "tanggal_lahir": user.birth_date,
            "jenis_kelamin": user.get_sex_display(),
            "kebangsaan": user.nationality,
            "alamat": user.address,
            "nomor_hp": user.phone,
            "pendidikan_terakhir": user.last_education,
            "terdaftar": user.date_joined,
        },
        "persetujuan": [
            {
                "tujuan": c.get_purpose_display(),
                "versi_teks": c.text_version,
                "teks": c.text,
                "diberikan": c.given_at,
                "ditarik": c.withdrawn_at,
            }
            for c in user.consents.all()
        ],
    }


def audited(user) -> list:
    from accounts.models import Consent, CorrectionRequest, DataExportRequest

    return [Consent.objects.filter(user=user), CorrectionRequest.objects.filter(user=user),
            DataExportRequest.objects.filter(user=user)]
