from django.apps import AppConfig


class SkemaLspConfig(AppConfig):
    name = "skema_lsp"
    verbose_name = "Layanan bersama"
