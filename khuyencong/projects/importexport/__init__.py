"""Projects in and out of Excel/CSV: historical project lists (one row per project) and the export
of any filtered list, which re-imports with no change.

A new row becomes a *historical* project: checked as `services.project_create` checks a project
(`services.new_historical_project`: every rule of a project applies), with its money, status and
approval as the list says, without driving it through the life cycle. The new rows of a file are
saved together once every one passed (`bulk.create_historical`: a few bulk inserts and their change
log), so that a list of thousands of rows imports in seconds. A row naming an
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
- `historical`: the statuses of an earlier list and `record_historical` (an existing one's update);
- `bulk`: the new rows of a file, created together;
- `export`: the rows of an export, read as values (`read_projects`);
- `errors`: problems of a row, keyed by the columns of the file;
- `spec`: `ProjectSpec`, which finds, compares and writes the rows, and `SPECS`.
"""

from khuyencong.projects.importexport.historical import IMPORTED_EVENT
from khuyencong.projects.importexport.spec import SPECS

__all__ = ["IMPORTED_EVENT", "SPECS"]
