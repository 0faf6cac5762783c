from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from khuyencong.accounts.models import Organisation, User
from khuyencong.accounts.services import validate_user_scope


class ScopeCheckMixin:
    """The admin refuses a role without the scope it needs, next to the fields concerned."""

    def clean(self):
        cleaned = super().clean()
        if "role" in cleaned:
            try:
                validate_user_scope(
                    role=cleaned["role"],
                    province=cleaned.get("province"),
                    communes=list(cleaned.get("communes") or []),
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    self.add_error(field if field in self.fields else None, errors)
        return cleaned


class ScopedUserChangeForm(ScopeCheckMixin, UserChangeForm):
    pass


class ScopedUserCreationForm(ScopeCheckMixin, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "role", "organisation", "province", "communes")


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "province", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "name_folded", "short_name")
    autocomplete_fields = ("province", "commune")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "get_full_name", "role", "province", "organisation", "is_active")
    list_filter = ("role", "is_active", "province")
    search_fields = ("username", "first_name", "last_name", "email")
    autocomplete_fields = ("organisation", "province", "communes")
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (
            _("Role and scope"),
            {"fields": ("role", "organisation", "province", "communes", "job_title", "phone")},
        ),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("Role and scope"), {"fields": ("role", "organisation", "province", "communes")}),
    )

    form = ScopedUserChangeForm
    add_form = ScopedUserCreationForm
