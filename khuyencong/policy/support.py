"""What a support rule allows: the cap in đồng for a given cost, and the rule in words.

Pure functions of a `SupportRule` (no queries): the projects app checks requested support
against `support_cap_vnd` and shows `describe_cap` next to it.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from khuyencong.core.formatting import format_number, vnd
from khuyencong.policy.models import SupportRule


def support_cap_vnd(
    rule: SupportRule, *, eligible_cost_vnd: int | None, units: int = 1
) -> int | None:
    """The most the state may pay under `rule`, in whole đồng (rounded down).

    The smaller of the share of the eligible cost (when the rule has a share and the cost is
    known) and the amount per unit times `units` (when the rule has an amount). None when
    neither can be computed (a share-only rule and an unknown cost).
    """
    if eligible_cost_vnd is not None and eligible_cost_vnd < 0:
        raise ValueError("The eligible cost cannot be negative.")
    if units < 1:
        raise ValueError("The number of units must be at least 1.")
    caps: list[int] = []
    if rule.max_share_percent is not None and eligible_cost_vnd is not None:
        # Exact integer arithmetic: the share has two decimals, so it is a whole number of
        # hundredths of a per cent.
        hundredths = int(Decimal(str(rule.max_share_percent)) * 100)
        caps.append(eligible_cost_vnd * hundredths // 10_000)
    if rule.max_amount_vnd is not None:
        caps.append(rule.max_amount_vnd * units)
    return min(caps) if caps else None


def describe_cap(rule: SupportRule) -> str:
    """The cap in words, e.g. "At most 50 % of the cost and no more than 300.000.000 đ per
    establishment"."""
    values = {"unit": rule.get_unit_display()}
    if rule.max_share_percent is not None:
        values["share"] = format_number(rule.max_share_percent, 2, trim=True)
    if rule.max_amount_vnd is not None:
        values["amount"] = vnd(rule.max_amount_vnd)
    if "share" in values and "amount" in values:
        return _("At most %(share)s %% of the cost and no more than %(amount)s %(unit)s") % values
    if "share" in values:
        return _("At most %(share)s %% of the cost") % values
    if "amount" in values:
        return _("No more than %(amount)s %(unit)s") % values
    return _("No cap is set")
