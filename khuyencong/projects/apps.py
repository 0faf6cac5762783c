from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "khuyencong.projects"
    label = "projects"
    verbose_name = _("Projects")

    def ready(self) -> None:
        from khuyencong.core.importexport.registry import register
        from khuyencong.projects.importexport import SPECS

        for spec in SPECS:
            register(spec())
