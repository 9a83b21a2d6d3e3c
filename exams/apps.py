from django.apps import AppConfig


class ExamsConfig(AppConfig):
    name = "exams"
    verbose_name = "Jadwal uji, instrumen FR.IA, dan CBT"

    def ready(self):
        # The assessment page shows our instruments and the CBT (assessment never imports us).
        from assessment import panels
        from exams.panels import assessment_panels

        panels.register(assessment_panels)
