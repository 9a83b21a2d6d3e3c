from django.apps import AppConfig


class AppealsConfig(AppConfig):
    name = "appeals"
    verbose_name = "Banding"

    def ready(self):
        # The applicant's status page follows the case to here (registration never imports us).
        from appeals.progress import steps
        from registration.progress import register

        register(steps)
