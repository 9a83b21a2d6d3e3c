from datetime import date

from django.core.management.base import BaseCommand, CommandError

from skema_lsp.reminders import sweep


class Command(BaseCommand):
    help = "Menjalankan sapuan pengingat sekali secara sinkron dan mencetak yang dikirim."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Tanggal acuan YYYY-MM-DD (bawaan: hari ini, Asia/Jakarta).")

    def handle(self, *args, **options):
        today = None
        if options["date"]:
            try:
                today = date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError("Format --date harus YYYY-MM-DD.") from None
        result = sweep(today)
        for move in result.moved:
            self.stdout.write(f"status: {move}")
        for reminder in result.sent:
            self.stdout.write(
                f"terkirim: {reminder.kind} · {reminder.recipient} · {reminder.subject} ({reminder.due_date})"
            )
        self.stdout.write(
            self.style.SUCCESS(f"{len(result.sent)} pengingat terkirim, {len(result.moved)} perubahan status.")
        )
