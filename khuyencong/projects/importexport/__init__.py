"""Projects in and out of Excel/CSV: historical project lists (one row per project) and the export
of any filtered list, which re-imports with no change.

A new row becomes a *historical* project: it is created through `services.project_create` (every
rule of a project applies) and its money, status and approval are then written as the list says,
without driving it through the life cycle (`historical.record_historical`). A row naming an
existing project (system ID or code) updates it: a historical project as the list says, a live one
through `services.project_update` / `services.budget_save`, whose status and approval only its life
cycle changes.

The cells that depend on other cells (the activity content on the date, the places in the
province, the beneficiaries of the province) are read once the whole row is known, so the order
of the columns does not matter.

One job per module; import from here:

- `columns`: the columns of the file, and how a project is written into them;
- `lookups`: the province, activity content, places and beneficiaries a cell names;
- `rows`: reading one row against the database (`ProjectRow`, `read_row`);
- `historical`: the statuses of an earlier list and `record_historical`;
- `errors`: problems of a row, keyed by the columns of the file;
- `spec`: `ProjectSpec`, which finds, compares and writes the rows, and `SPECS`.
"""

from khuyencong.projects.importexport.historical import IMPORTED_EVENT
from khuyencong.projects.importexport.spec import SPECS

__all__ = ["IMPORTED_EVENT", "SPECS"]
