from django.apps import AppConfig


class SurveillanceConfig(AppConfig):
    name = "surveillance"
    verbose_name = "Surveilan dan sertifikasi ulang"
