from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "khuyencong.monitoring"
    label = "monitoring"
    verbose_name = _("Results and monitoring")

    def ready(self) -> None:
        from khuyencong.core.importexport.registry import register
        from khuyencong.core.workflow import transition_done
        from khuyencong.monitoring.importexport import SPECS
        from khuyencong.monitoring.services import on_project_transition
        from khuyencong.projects.models import Project

        for spec in SPECS:
            register(spec())
        # A project's acceptance schedules the after-support surveys (same transaction).
        transition_done.connect(
            on_project_transition, sender=Project, dispatch_uid="monitoring.surveys_at_acceptance"
        )
        # The project page shows the project's inspections and surveys.
        from khuyencong.core.panels import Panel, register_panel
        from khuyencong.monitoring.selectors import for_project

        register_panel(
            Project,
            Panel(
                template="monitoring/_project_panel.html",
                context=lambda u, p: {"panel": for_project(u, p)},
            ),
        )
