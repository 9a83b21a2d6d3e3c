"""The roles of DESIGN.md, as Django groups (created by a data migration)."""

from django.db import models


class Role(models.TextChoices):
    PEMOHON = "pemohon", "Pemohon / Asesi"
    STAF = "staf", "Admin LSP (staf)"
    ASESOR = "asesor", "Asesor"
    TIM_TEKNIS = "tim_teknis", "Tim Teknis"
    TIM_BANDING = "tim_banding", "Tim Banding"
    DIREKTUR = "direktur", "Direktur / Ketua LSP"
