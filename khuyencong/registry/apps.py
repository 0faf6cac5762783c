from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "khuyencong.registry"
    label = "registry"
    verbose_name = _("Registry")

    def ready(self) -> None:
        from khuyencong.core.importexport.registry import register
        from khuyencong.registry.importexport import SPECS

        for spec in SPECS:
            register(spec())
