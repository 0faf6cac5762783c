from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "khuyencong.plans"
    label = "plans"
    verbose_name = _("Programmes and plans")

    def ready(self) -> None:
        from khuyencong.core.importexport.registry import register
        from khuyencong.plans.importexport import SPECS

        for spec in SPECS:
            register(spec())
