from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "decisions"
    verbose_name = "Keputusan dan sertifikat"

    def ready(self):
        # The applicant's status page follows the case to here (registration never imports us).
        from decisions.progress import steps
        from registration.progress import register

        register(steps)
