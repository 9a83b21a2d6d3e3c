from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "decisions"
    verbose_name = "Keputusan dan sertifikat"

    def ready(self):
        # The applicant's status page follows the case to here (registration never imports us).
        from decisions.progress import steps
        from registration.progress import register

        register(steps)

        # Public verification's cache entry goes when what it shows changes (decisions.verification).
        from django.db.models.signals import post_delete, post_save

        from accounts.models import Consent
        from decisions.models import Certificate
        from decisions.verification import certificate_changed, consent_changed

        for signal in (post_save, post_delete):
            signal.connect(certificate_changed, sender=Certificate, dispatch_uid=f"verifikasi-{signal}-certificate")
            signal.connect(consent_changed, sender=Consent, dispatch_uid=f"verifikasi-{signal}-consent")
