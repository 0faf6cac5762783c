from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from khuyencong.reports.dashboards import boundaries


class Command(BaseCommand):
    help = _(
        "Replace the province boundaries of the national map with a GeoJSON file (for example "
        "official boundaries): a FeatureCollection in longitude and latitude with one Polygon or "
        "MultiPolygon feature per province in force today, whose property 'code' is the "
        "province's code, Hoàng Sa within Đà Nẵng and Trường Sa within Khánh Hòa. The file is "
        "checked and kept under MEDIA_ROOT; --reset goes back to the shipped file."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help=_("The GeoJSON file."))
        parser.add_argument(
            "--reset",
            action="store_true",
            help=_("Remove the replacement and use the shipped boundary file again."),
        )

    def handle(self, *args, **options):
        if options["reset"]:
            if boundaries.remove_replacement():
                self.stdout.write(_g("The replacement was removed: the map uses the shipped file."))
            else:
                self.stdout.write(_g("There was no replacement: the map uses the shipped file."))
            return
        if not options["file"]:
            raise CommandError(_g("Give the GeoJSON file to load, or --reset."))
        try:
            target = boundaries.install(options["file"])
        except boundaries.BoundaryError as exc:
            raise CommandError(_g("The file was refused: %(reason)s") % {"reason": exc}) from exc
        self.stdout.write(_g("The map now uses %(path)s.") % {"path": target})
