from django import template
from django.utils.translation import gettext as _

from khuyencong.core import formatting
from khuyencong.core.events import event_label as _event_label

register = template.Library()


@register.filter
def number(value, decimals: int = 0):
    return formatting.format_number(value, int(decimals))


@register.filter
def million_vnd(value, decimals: int = 1):
    return formatting.million_vnd(value, int(decimals))


@register.filter
def vnd(value):
    return formatting.vnd(value)


@register.filter
def yes_no(value):
    return _("Yes") if value else _("No")


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (for sort and page links)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter
def event_label(code):
    return _event_label(code)
