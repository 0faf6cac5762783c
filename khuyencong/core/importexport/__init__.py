"""The import/export framework: one way for every module to move rows in and out of Excel/CSV.

An app describes its rows with an `ImportSpec` (columns, key, how to save through its services)
and registers it; the framework gives it a template, a dry run that lists every error by row and
column, an all-or-nothing commit with a summary, and an export that re-imports unchanged.
"""
