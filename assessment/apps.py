from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "assessment"
    verbose_name = "Asesmen"

    def ready(self):
        # The assigned assessor may see the application's files (registration never imports us).
        from assessment.permissions import assessor_may_view_application
        from registration import permissions as registration_permissions

        if assessor_may_view_application not in registration_permissions.EXTRA_VIEWERS:
            registration_permissions.EXTRA_VIEWERS.append(assessor_may_view_application)
        from assessment.progress import steps
        from registration.progress import register

        register(steps)
