from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from khuyencong.geo.services import load_admin_units

LABELS = {
    "provinces": _("Provinces"),
    "districts": _("Districts"),
    "communes": _("Communes"),
    "province_successions": _("Province successions"),
    "commune_successions": _("Commune successions"),
    "area_classes": _("Area classes"),
}


class Command(BaseCommand):
    help = _(
        "Load the administrative units (63 provinces with districts before 1/7/2025, 34 provinces "
        "with communes since, the old-to-new mapping) and the default area classes. Creates "
        "missing rows only; names and kinds edited by an administrator are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--update-names",
            action="store_true",
            help=_("Also reset the names and kinds of existing units to those in the data files."),
        )

    def handle(self, *args, **options):
        counts = load_admin_units(update_names=options["update_names"])
        for key, label in LABELS.items():
            values = {"label": label, **counts[key]}
            if options["update_names"]:
                line = _g("%(label)s: %(total)d (%(created)d new, %(updated)d renamed)") % values
            else:
                line = _g("%(label)s: %(total)d (%(created)d new)") % values
            self.stdout.write(line)
