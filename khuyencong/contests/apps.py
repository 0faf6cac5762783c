from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContestsConfig(AppConfig):
    name = "khuyencong.contests"
    label = "contests"
    verbose_name = _("Typical rural industrial products")

    def ready(self) -> None:
        # The establishment page shows the establishment's entries and certificates.
        from khuyencong.contests.importexport import SPECS
        from khuyencong.contests.selectors import for_establishment
        from khuyencong.core.importexport.registry import register
        from khuyencong.core.panels import Panel, register_panel
        from khuyencong.registry.models import Establishment

        for spec in SPECS:
            register(spec())

        register_panel(
            Establishment,
            Panel(
                template="contests/_establishment_panel.html",
                context=lambda u, e: {"panel": for_establishment(u, e)},
            ),
        )
