"""Every write of the contests module. Each is one transaction attributed to the `by` user; a
refusal raises PermissionDenied, or ValidationError with the reason by field.

- `access`: who organises, who is a juror, assignment and conflicts of interest;
- `rounds`: rounds, their scoring sheet, jury, conflicts and life-cycle actions;
- `entries`: entries with their eligibility checks, photos and dossier;
- `scoring`: the jurors' scores;
- `results`: averages and ranking, certificates, nomination to the next level.
"""

from khuyencong.contests.services.access import (
    has_conflict,
    is_assigned,
    is_juror,
    may_enter,
    may_manage,
    may_organise,
    role_of,
)
from khuyencong.contests.services.entries import (
    eligibility_errors,
    entry_create,
    entry_update,
    files_add,
)
from khuyencong.contests.services.results import (
    Result,
    certify,
    compute_results,
    nominate,
    open_next_rounds,
    store_results,
)
from khuyencong.contests.services.rounds import (
    assign_jurors,
    conflict_add,
    criterion_update,
    default_legal_basis,
    round_create,
    round_transition,
    round_update,
    seed_sheet,
    sheet_update,
)
from khuyencong.contests.services.scoring import scores_save

__all__ = [
    "Result",
    "assign_jurors",
    "certify",
    "compute_results",
    "conflict_add",
    "criterion_update",
    "default_legal_basis",
    "eligibility_errors",
    "entry_create",
    "entry_update",
    "files_add",
    "has_conflict",
    "is_assigned",
    "is_juror",
    "may_enter",
    "may_manage",
    "may_organise",
    "nominate",
    "open_next_rounds",
    "role_of",
    "round_create",
    "round_transition",
    "round_update",
    "scores_save",
    "seed_sheet",
    "sheet_update",
    "store_results",
]
