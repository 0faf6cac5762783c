"""The problems of a row, keyed by the columns of the file: collected all at once, and the errors
of a service renamed to the column that shows the field."""

from __future__ import annotations

from django.core.exceptions import ValidationError

# Service errors on fields that the file shows in another column.
FIELD_COLUMNS = {
    "communes": "places",
    "districts_then": "places",
    "communes_then": "places",
    "province_then": "province",
    "legal_basis": "activity_content",
}


def add_error(errors: dict[str, list[str]], key: str, message: str) -> None:
    errors.setdefault(key, []).append(message)


def by_column(error: ValidationError) -> ValidationError:
    """A service's field errors, keyed by the columns of the file."""
    if not hasattr(error, "error_dict"):
        return error
    errors: dict[str, list[str]] = {}
    for key, messages in error.message_dict.items():
        errors.setdefault(FIELD_COLUMNS.get(key, key), []).extend(messages)
    return ValidationError(errors)
