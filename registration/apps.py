from django.apps import AppConfig


class RegistrationConfig(AppConfig):
    name = "registration"
    verbose_name = "Pendaftaran"

    def ready(self):
        from accounts.next_step import register
        from registration.progress import applicant_next_step

        register(applicant_next_step)
