"""Every write to a project: the record, its budget, outputs, transactions, documents and its
life-cycle actions. Each is one transaction; a refusal raises with the reason next to the field.

One job per module; import from here:

- `permissions`: who may write what, now (`may_*`, `budget_column`, `output_columns`);
- `records`: the record: its code, create and update (and a historical project's), its checks;
- `budget`: the budget by funding source and the transactions;
- `outputs`: the planned outputs and their actuals;
- `documents`: uploading and removing documents;
- `life_cycle`: the life-cycle actions and the documents they need.
"""

from khuyencong.projects import money, support
from khuyencong.projects.services.budget import budget_save, movement_add
from khuyencong.projects.services.documents import document_add, document_remove
from khuyencong.projects.services.life_cycle import missing_documents, project_transition
from khuyencong.projects.services.outputs import outputs_save
from khuyencong.projects.services.permissions import (
    ACTUAL_STATES,
    budget_column,
    check_allowed,
    may_create,
    may_edit,
    may_record_money,
    may_upload,
    output_columns,
    role_of,
)
from khuyencong.projects.services.records import (
    AMENDABLE_FIELDS,
    DEFAULT_CODE_FORMAT,
    HISTORICAL_FIELDS,
    M2M_FIELDS,
    PROGRAMME_CODES,
    PROJECT_FIELDS,
    historical_project_update,
    new_historical_project,
    next_code,
    next_codes,
    project_create,
    project_update,
)

__all__ = [
    "ACTUAL_STATES",
    "AMENDABLE_FIELDS",
    "DEFAULT_CODE_FORMAT",
    "HISTORICAL_FIELDS",
    "M2M_FIELDS",
    "PROGRAMME_CODES",
    "PROJECT_FIELDS",
    "budget_column",
    "budget_save",
    "check_allowed",
    "document_add",
    "document_remove",
    "historical_project_update",
    "may_create",
    "may_edit",
    "may_record_money",
    "may_upload",
    "missing_documents",
    "money",
    "movement_add",
    "new_historical_project",
    "next_code",
    "next_codes",
    "output_columns",
    "outputs_save",
    "project_create",
    "project_transition",
    "project_update",
    "role_of",
    "support",
]
