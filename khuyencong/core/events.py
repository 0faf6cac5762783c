"""Readable names of the named events (`record_event`) shown in timelines and the audit list.

Each module adds its events here when it records a new one; an unknown event shows its code.
"""

from django.utils.translation import gettext_lazy as _

EVENT_LABELS = {
    "establishment.revenues_changed": _("Yearly revenues changed"),
    "establishment.merged": _("Establishments merged"),
    "collaborator.trainings_changed": _("Trainings changed"),
}


def event_label(code: str) -> str:
    return str(EVENT_LABELS.get(code, code))
