from django.apps import AppConfig


class SurveillanceConfig(AppConfig):
    name = "surveillance"
    verbose_name = "Surveilan dan sertifikasi ulang"

    def ready(self):
        # The certificate's stored next due date follows every change of its surveillance rows and
        # its issue, in the same transaction (surveillance.services.refresh_next_due).
        from django.db.models.signals import post_delete, post_save

        from decisions.models import Certificate
        from surveillance import services
        from surveillance.models import Surveillance

        post_save.connect(services.certificate_saved, sender=Certificate, dispatch_uid="surveilan-jatuh-tempo")
        for signal in (post_save, post_delete):
            signal.connect(services.surveillance_changed, sender=Surveillance,
                           dispatch_uid=f"surveilan-jatuh-tempo-{signal}")
