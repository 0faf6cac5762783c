from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "khuyencong.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from khuyencong.accounts.importexport import OrganisationSpec
        from khuyencong.core.importexport.registry import register

        register(OrganisationSpec())
