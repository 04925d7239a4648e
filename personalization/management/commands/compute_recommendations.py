"""Precompute every site's recommendation table (co-views, popularity, page facts).

    python manage.py compute_recommendations [--site HOSTNAME]

Run it on a schedule (e.g. hourly); until it has run for a site, that site's recommendations
are ranked from its live pages without co-views or popularity.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from wagtail.models import Site

from personalization.delivery.recommendations import compute_site


class Command(BaseCommand):
    help = "Precompute the recommendation table of every site (or one, by hostname)."

    def add_arguments(self, parser):
        parser.add_argument("--site", help="only the site with this hostname")

    def handle(self, *args, site=None, **options):
        sites = Site.objects.select_related("root_page")
        if site:
            sites = sites.filter(hostname=site.lower())
            if not sites.exists():
                raise CommandError(f"No site has the hostname {site!r}.")
        now = timezone.now()
        for each in sites:
            pages, pairs = compute_site(each, now=now)
            self.stdout.write(f"{each.hostname}: {pages} pages, {pairs} co-view pairs")
