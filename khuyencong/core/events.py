"""Readable names of the named events (`record_event`) shown in timelines and the audit list.

Each module adds its events here when it records a new one; an unknown event shows its code.
"""

from django.utils.translation import gettext_lazy as _

EVENT_LABELS = {
    "establishment.revenues_changed": _("Yearly revenues changed"),
    "establishment.merged": _("Establishments merged"),
    "collaborator.trainings_changed": _("Trainings changed"),
    "project.submitted": _("Submitted to the department"),
    "project.returned": _("Returned for revision"),
    "project.appraised": _("Appraised"),
    "project.sent_to_ministry": _("Sent to the ministry"),
    "project.approved": _("Approved"),
    "project.rejected": _("Rejected"),
    "project.started": _("Started"),
    "project.amendment_requested": _("Amendment requested"),
    "project.amendment_approved": _("Amendment approved"),
    "project.amendment_refused": _("Amendment refused"),
    "project.suspended": _("Suspended"),
    "project.resumed": _("Resumed"),
    "project.carried_over": _("Carried over to next year"),
    "project.accepted": _("Accepted (acceptance record)"),
    "project.settled": _("Settled"),
    "project.closed": _("Closed"),
    "project.cancelled": _("Cancelled"),
    "project.imported": _("Imported from a historical list"),
    "plan.consolidated": _("Registration closed, plan consolidated"),
    "plan.registration_reopened": _("Registration reopened"),
    "plan.submitted": _("Submitted for approval"),
    "plan.returned": _("Returned for revision"),
    "plan.approved": _("Plan approved"),
    "plan.amendment_started": _("Amendment in preparation"),
    "plan.amended": _("Plan amended"),
    "plan.amendment_dropped": _("Amendment dropped"),
    "project.surveys_scheduled": _("After-support surveys scheduled"),
    "inspection.recorded": _("Inspection visit recorded"),
    "inspection.corrected": _("Inspection record corrected"),
    "inspection.cancelled": _("Inspection cancelled"),
    "followup.done": _("Follow-up marked as done"),
    "followup.closed": _("Follow-up closed"),
    "followup.reopened": _("Follow-up reopened"),
    "survey.recorded": _("Survey recorded"),
    "survey.not_reachable": _("Establishment not reachable for the survey"),
    "survey.corrected": _("Survey corrected"),
    "contest.scoring_started": _("Registration closed, scoring started"),
    "contest.registration_reopened": _("Registration reopened"),
    "contest.closed": _("Round closed, results published"),
    "contest.certified": _("Certificates issued"),
    "contest.nominated": _("Nominated from the level below"),
    "report.submitted": _("Report submitted to the ministry"),
}

# Labels of the data recorded with an event (see `core.workflow`); internal keys are hidden.
EVENT_DATA_LABELS = {
    "decision_number": _("Decision number"),
    "decision_date": _("Decision date"),
    "actual_start": _("Actual start"),
    "appraisal_result": _("Appraisal result"),
    "appraisal_opinion": _("Appraisal opinion"),
    "cap_justification": _("Legal justification for exceeding the cap"),
    "settled": _("Settled amounts"),
    "amounts": _("Amounts"),
    "approved_on": _("Approved on"),
    "approval_number": _("Approval decision number"),
    "legal_basis": _("Legal basis"),
    "approved_by": _("Approving body"),
    "answers": _("Checklist answers"),
    "surveys": _("Surveys"),
    "certificates": _("Certificates"),
    "period": _("Period"),
    "version": _("Version"),
    "due_on": _("Due date"),
    "on_time": _("On time"),
}
EVENT_HIDDEN_KEYS = ("transition", "document", "action", "report")


def event_label(code: str) -> str:
    return str(EVENT_LABELS.get(code, code))
