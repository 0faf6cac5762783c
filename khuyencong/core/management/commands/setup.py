"""`manage.py setup`: reference data always; demo data and demo accounts into an empty database."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from khuyencong.core.setup import load_reference

ACCOUNTS_FILE = Path(settings.BASE_DIR) / ".demo-accounts.txt"


class Command(BaseCommand):
    help = "Load administrative units and reference data; into an empty database, demo data too."

    def add_arguments(self, parser):
        parser.add_argument("--no-demo", action="store_true", help="Never load demo data.")

    def handle(self, *args, no_demo: bool = False, **options):
        load_reference(out=self.stdout.write)
        from khuyencong.accounts.models import User

        if no_demo:
            return
        if User.objects.exists():
            self.stdout.write("Database already has users: demo data not loaded (data kept).")
            if ACCOUNTS_FILE.exists():
                self.stdout.write(
                    f"Demo accounts were printed on the first run; see {ACCOUNTS_FILE}."
                )
            return
        from khuyencong.core.demo import load_demo

        with transaction.atomic():
            accounts = load_demo()
        lines = ["Demo accounts (user name / password / role):"]
        lines += [
            f"  {user.username:<22} {secret:<16} {user.get_role_display()}"
            for user, secret in accounts
        ]
        text = "\n".join(lines)
        self.stdout.write(self.style.SUCCESS(text))
        ACCOUNTS_FILE.write_text(text + "\n", encoding="utf-8")
        ACCOUNTS_FILE.chmod(0o600)
