from django.apps import AppConfig


class SkemaLspConfig(AppConfig):
    name = "skema_lsp"
    verbose_name = "Layanan bersama"

    def ready(self):
        from skema_lsp import checks  # noqa: F401 (registers the deploy checks)
