from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

USERNAME, PASSWORD = "editor", "tailor-demo"


class Command(BaseCommand):
    help = "Create (or reset) the demo editor account: editor / tailor-demo. For the demo only."

    def handle(self, **options):
        user, created = get_user_model().objects.get_or_create(
            username=USERNAME,
            defaults={"email": "editor@example.com", "first_name": "Demo", "last_name": "Editor"},
        )
        user.is_staff = user.is_superuser = user.is_active = True
        user.set_password(PASSWORD)
        user.save()
        self.stdout.write(f"  {'Created' if created else 'Reset'} the demo editor {USERNAME!r}")
